import {type Hook} from '../shared/oclif.js'

import {closestMatch} from '../shared/suggest.js'
import {terminalSafe} from '../shared/text.js'

/**
 * `khaos dao lst`, `khaos synthesise`: one line naming the mistake in the words the user typed (not oclif's
 * internal `dao:lst`), the closest command, and where the list is; exit 2 (a usage error). Never runs the
 * guess: a typo in CI must fail, and the suggestion must show there too (no prompt).
 */
const hook: Hook.CommandNotFound = async function (options) {
  const {config} = options
  const visible = config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...c.aliases])
  const words = options.id.split(':')
  // The typed words up to the first one that is neither a topic nor a command: `drill chek 2` → `drill chek`.
  let depth = 1
  while (depth < words.length && config.findTopic(words.slice(0, depth).join(':'))) depth++
  const topic = depth > 1 ? words.slice(0, depth - 1).join(':') : undefined
  const typed = words.slice(0, depth).join(' ')
  const rest = words.slice(depth)
  // Within a known topic, only its commands: `drill chek` means a drill command.
  const pool = topic ? visible.filter((id) => id.startsWith(`${topic}:`)) : visible
  const guess = closestMatch(words.slice(0, depth).join(':'), pool)
  const shown = (id: string) => id.replaceAll(':', ' ')
  const listHint = `${config.bin} ${topic ? `${shown(topic)} --help` : '--help'}`
  const message = `"${terminalSafe(typed)}" is not a ${config.bin} command.${guess ? ` Did you mean "${config.bin} ${terminalSafe([shown(guess), ...rest].join(' '))}"?` : ''} See: ${listHint}`
  if (options.argv?.includes('--json') || process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({error: {code: 'COMMAND_NOT_FOUND', exit: 2, message, suggestion: guess ? shown(guess) : undefined}}, null, 2)}\n`)
    this.exit(2)
  }

  this.error(message, {exit: 2})
}

export default hook
