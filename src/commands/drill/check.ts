import {Args, Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {cacheDirOf} from '../../shared/memo.js'
import {loadDrill} from '../../drills/catalog.js'
import {type CheckResult} from '../../drills/check.js'
import {MAX_COMMAND_BYTES, assertCommand, checkAndRecord, formatCheck, readSolutionFile, referenceSolution} from '../../drills/loop.js'
import {paintVerdict} from '../../drills/display.js'
import {InputError} from '../../shared/errors.js'
import {canPrompt} from '../../shared/output.js'
import {terminalSafe} from '../../shared/text.js'
import {resolveTimestamp} from '../../shared/time.js'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length
    if (size > MAX_COMMAND_BYTES) throw new InputError(`command on stdin is over ${MAX_COMMAND_BYTES / 1024} KiB`)
    chunks.push(chunk as Buffer)
  }

  return Buffer.concat(chunks).toString('utf8')
}

export default class DrillCheck extends KhaosCommand<typeof DrillCheck> {
  static override args = {
    drill: Args.string({description: 'Drill id (e.g. 2) or slug.', ignoreStdin: true, required: true}),
    command: Args.string({description: 'Your command (better after --, quoted as one word).', ignoreStdin: true}),
  }

  static override summary = 'Check your answer: run your command on the fixture and compare its output.'

  static override description = [
    'Check your answer: runs YOUR command with bash -c in a fresh copy of the fixture (stdin closed, LC_ALL=C,',
    'killed with its whole process group at the timeout), compares its OUTPUT with the expected one, then runs',
    'it again on a fresh seed so a hard-coded answer fails. Not a sandbox: the command runs with your rights.',
  ].join(' ')

  static override examples = [
    `<%= config.bin %> drill check 2 -- 'grep Failed auth.log | sort'`,
    '<%= config.bin %> drill check 2 --file solution.sh   # the command in a file: no quoting or escaping',
    '<%= config.bin %> drill check 2 --file solution.sh --show-solution   # after a pass, compare with the reference',
    `echo 'awk -f mine.awk auth.log' | <%= config.bin %> drill check 2 --stdin`,
    '<%= config.bin %> drill check 2          # asks for the command (TTY only)',
  ]

  static override flags = {
    file: Flags.string({char: 'f', description: 'Read the command from this file (bash; $1, quotes and pipes need no escaping).', exclusive: ['stdin']}),
    'show-solution': Flags.boolean({description: 'After a pass, show the reference solution to compare with yours.'}),
    stdin: Flags.boolean({description: 'Read the command from stdin.'}),
  }

  static override strict = false

  private async command(): Promise<string> {
    const dashdash = this.argv.indexOf('--')
    const afterDash = dashdash === -1 ? [] : this.argv.slice(dashdash + 1)
    const fromArgs = afterDash.length > 0 ? afterDash.join(' ') : this.args.command
    if (this.flags.file !== undefined) {
      if (fromArgs) throw new InputError('give the command after -- or with --file, not both')
      return readSolutionFile(this.flags.file)
    }

    if (this.flags.stdin) {
      if (fromArgs) throw new InputError('give the command after -- or with --stdin, not both')
      return readStdin()
    }

    if (fromArgs !== undefined) return fromArgs
    if (!canPrompt())
      throw new InputError("no command: `khaos drill check N --file solution.sh`, `khaos drill check N -- 'your command'`, or pipe it with --stdin")
    const {input} = await import('@inquirer/prompts')
    return input({message: 'your command:', validate: (v) => v.trim() !== '' || 'type a command'})
  }

  async run(): Promise<CheckResult & {solution?: string}> {
    const drill = await loadDrill(this.config.root, this.args.drill, cacheDirOf(this.stateRoot))
    const command = await this.command()
    assertCommand(command, this.flags.file ? `the command in ${this.flags.file}` : 'the command')
    const recorded = await checkAndRecord(this.stateRoot, drill, command, resolveTimestamp().iso)
    const {entry, result} = recorded
    if (recorded.created && !this.jsonEnabled())
      this.logToStderr(`(drill ${drill.nn} not started: using seed ${entry.seed}; \`khaos drill start ${drill.id}\` lays out the files)`)
    // The reference is earned: shown only after a pass, and only when asked for.
    const solution = this.flags['show-solution'] && result.passed ? referenceSolution(drill) : undefined
    if (!this.jsonEnabled()) {
      for (const line of formatCheck(drill, recorded, {color: paintVerdict})) this.log(line)
      if (solution) this.log(`reference solution (${solution.userland}):\n${terminalSafe(solution.text, {keepLines: true}).replace(/^/gm, '  ')}`)
      else if (this.flags['show-solution']) this.log('(the reference solution is shown after a pass)')
    }

    if (!result.passed) process.exitCode = 1
    return solution ? {...result, solution: solution.text} : result
  }
}
