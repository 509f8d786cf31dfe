import {Args, Flags} from '@oclif/core'

import {KhaosCommand} from '../../base-command.js'
import {loadDrill, loadModule} from '../../drills/catalog.js'
import {checkCommand, type CheckResult} from '../../drills/check.js'
import {sweepStaleScratch} from '../../drills/fixture.js'
import {loadProgress, recordAttempt, updateProgress} from '../../drills/progress.js'
import {drillsState, ensureEntry} from '../../drills/workspace.js'
import {InputError} from '../../shared/errors.js'
import {canPrompt} from '../../shared/output.js'
import {terminalSafe} from '../../shared/text.js'
import {resolveTimestamp} from '../../shared/time.js'

const MAX_COMMAND_BYTES = 64 * 1024

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
    `echo 'awk -f mine.awk auth.log' | <%= config.bin %> drill check 2 --stdin`,
    '<%= config.bin %> drill check 2          # asks for the command (TTY only)',
  ]

  static override flags = {
    stdin: Flags.boolean({description: 'Read the command from stdin.'}),
  }

  static override strict = false

  private async command(): Promise<string> {
    const dashdash = this.argv.indexOf('--')
    const afterDash = dashdash === -1 ? [] : this.argv.slice(dashdash + 1)
    const fromArgs = afterDash.length > 0 ? afterDash.join(' ') : this.args.command
    if (this.flags.stdin) {
      if (fromArgs) throw new InputError('give the command after -- or with --stdin, not both')
      return readStdin()
    }

    if (fromArgs !== undefined) return fromArgs
    if (!canPrompt()) throw new InputError("no command: `khaos drill check N -- 'your command'` or pipe it with --stdin")
    const {input} = await import('@inquirer/prompts')
    return input({message: 'your command:', validate: (v) => v.trim() !== '' || 'type a command'})
  }

  async run(): Promise<CheckResult> {
    const drill = await loadDrill(this.config.root, this.args.drill, drillsState(this.stateRoot).cache)
    const command = await this.command()
    if (command.trim() === '') throw new InputError('the command is empty')
    if (Buffer.byteLength(command) > MAX_COMMAND_BYTES) throw new InputError(`the command is over ${MAX_COMMAND_BYTES / 1024} KiB`)
    if (command.includes('\0')) throw new InputError('the command contains a NUL byte')
    const module = await loadModule(drill)
    const {iso} = resolveTimestamp()
    const progress = loadProgress(this.stateRoot)
    const {created, entry} = ensureEntry(progress, drill, iso)
    if (created && !this.jsonEnabled()) this.logToStderr(`(drill ${drill.nn} not started: using seed ${entry.seed}; \`khaos drill start ${drill.id}\` lays out the files)`)
    sweepStaleScratch(drillsState(this.stateRoot).runs)
    const result = await checkCommand(drill, module, command, entry.seed, drillsState(this.stateRoot).runs, drillsState(this.stateRoot).cache)
    updateProgress(this.stateRoot, (latest) => {
      // The entry as it is now (another check may have counted an attempt meanwhile), if still on this seed.
      const current = latest.drills[drill.nn]?.seed === entry.seed ? latest.drills[drill.nn] : entry
      latest.drills[drill.nn] = recordAttempt(current, result.passed, iso)
    })

    if (!this.jsonEnabled()) {
      this.log(`${result.passed ? 'PASS' : 'FAIL'}  drill ${drill.nn} · ${drill.title}: ${result.message} (${result.ms} ms)`)
      // The learner's command output is shown, not replayed: escapes and CRs appear as \e, \r.
      if (result.diff) this.log(terminalSafe(result.diff, {keepLines: true}))
      if (result.output && result.verdict === 'wrong') this.log(`your output:\n${terminalSafe(result.output, {keepLines: true}).replace(/^/gm, '  | ')}`)
      if (!result.passed && result.stderr) this.log(`your command's stderr:\n${terminalSafe(result.stderr, {keepLines: true}).replace(/^/gm, '  ')}`)
      if (!result.passed && entry.hintsUsed < drill.hints.length) this.log(`stuck? khaos drill hint ${drill.id}`)
    }

    if (!result.passed) process.exitCode = 1
    return result
  }
}
