import {Errors, type Hook} from '@oclif/core'

import {ExitCode} from '../shared/errors.js'
import {terminalSafe} from '../shared/text.js'

/**
 * An unknown command is a usage error (exit 2) like any other, and with --json it prints the same
 * `{"error":{...}}` every other error path prints, so a CI step parsing stdout gets JSON, not nothing.
 */
const hook: Hook<'command_not_found'> = async function ({argv, id}) {
  const message = `command ${terminalSafe(id.replaceAll(':', ' '))} not found`
  if (argv?.includes('--json')) {
    process.stdout.write(`${JSON.stringify({error: {code: 'COMMAND_NOT_FOUND', exit: ExitCode.usage, message}}, null, 2)}\n`)
    Errors.exit(ExitCode.usage)
  }

  throw new Errors.CLIError(message, {exit: ExitCode.usage, suggestions: [`${this.config.bin} --help lists the commands`]})
}

export default hook
