import {Command, Errors, Flags, type Interfaces} from './shared/oclif.js'
import {format} from 'node:util'

import {configureColor} from './shared/output.js'
import {ExitCode, type KhaosError, fromSystemError} from './shared/errors.js'
import {terminalSafe} from './shared/text.js'
import {stateRoot} from './shared/state.js'

/**
 * Commands that change state (keys, records, notaries, sessions, drill progress, maps, notices): each run
 * appends one line to the audit log (src/audit), whatever its outcome. Read-only commands are not logged.
 */
const STATE_CHANGING_COMMANDS = new Set([
  'contradictions:generate',
  'dao:index',
  'dao:record',
  'dao:supersede',
  'drill:check',
  'drill:hint',
  'drill:reset',
  'drill:start',
  'keys:generate',
  'map:init',
  'map:merge',
  'notarize',
  'notify',
  'sign',
  'synthesize',
  'trial:fix',
])

export type KhaosFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof KhaosCommand)['baseFlags'] & T['flags']>
export type KhaosArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

/**
 * Every khaos command extends this: `--json` (oclif's enableJsonFlag), `--no-color`, the state root, and
 * one error path that maps khaos errors to exit codes (0 ok, 1 check failed, 2 usage/input, 70 bug), which
 * oclif would otherwise lose under `--json`.
 */
export abstract class KhaosCommand<T extends typeof Command> extends Command {
  static override baseFlags = {
    'no-color': Flags.boolean({
      description: 'Disable colour (also honoured: NO_COLOR).',
      helpGroup: 'GLOBAL',
    }),
  }

  static override enableJsonFlag = true

  protected flags!: KhaosFlags<T>
  protected args!: KhaosArgs<T>
  /** Every positional argument, for commands that take a variable number (`strict = false`): FILE... */
  protected positionals!: string[]

  /** `$KHAOS_HOME`, else oclif's data dir; created 0700 on first use. */
  protected get stateRoot(): string {
    return stateRoot(this.config.dataDir)
  }

  public override async init(): Promise<void> {
    await super.init()
    // oclif fills a missing positional argument from piped stdin; khaos never does (stdin belongs to
    // --stdin / --passphrase-stdin, and a CI step's open stdin must not become a file name).
    for (const arg of Object.values(this.ctor.args ?? {})) arg.ignoreStdin = true
    const {args, argv, flags} = await this.parse({
      args: this.ctor.args,
      baseFlags: (super.ctor as typeof KhaosCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      flags: this.ctor.flags,
      strict: this.ctor.strict,
    })
    this.flags = flags as KhaosFlags<T>
    this.args = args as KhaosArgs<T>
    this.positionals = argv as string[]
    configureColor({noColor: this.flags['no-color']})
  }

  /**
   * `--json` output as oclif prints it without a theme (two-space JSON), written directly: oclif's colouriser
   * re-slices the whole text per token, which took 1.5 s of CPU and most of the garbage collection on a large
   * analysis. With a JSON theme configured, oclif's own path colours it.
   */
  public override logJson(json: unknown): void {
    if (this.config.theme?.json) super.logJson(json)
    else process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  }

  /**
   * Every line a command prints passes through terminalSafe (lines kept): whatever input text a command
   * puts in a message, no escape sequence but colour (SGR, which cannot move the cursor or set a title) and no bare
   * CR from it reaches the terminal; khaos's own colours pass. Table cells that must stay
   * on one line are made safe (newlines shown) by the command itself.
   */
  public override log(message = '', ...args: unknown[]): void {
    super.log(terminalSafe(format(message, ...args), {keepLines: true, keepStyle: true}))
  }

  public override logToStderr(message = '', ...args: unknown[]): void {
    super.logToStderr(terminalSafe(format(message, ...args), {keepLines: true, keepStyle: true}))
  }

  /** Runs the command; for a state-changing one, then appends its audit line (loaded only then). */
  protected override async _run<R>(): Promise<R> {
    if (!STATE_CHANGING_COMMANDS.has(this.id ?? '')) return super._run<R>()
    const startedAt = Date.now()
    // Loaded while the command runs, so that once it ends the line is written without yielding to the event
    // loop: a Ctrl-C just after a completed command must not find the process still importing.
    const audit = import('./audit/record.js').catch((error: Error) => error)
    let result: R | undefined
    let error: unknown
    try {
      result = await super._run<R>()
      return result
    } catch (thrown) {
      error = thrown
      throw thrown
    } finally {
      const exitCode = Number(process.exitCode ?? (error ? ((error as {oclif?: {exit?: number}}).oclif?.exit ?? 1) : 0))
      const release = holdSignals()
      try {
        const loaded = await audit
        if (loaded instanceof Error) process.stderr.write(`warning: audit log not written: ${loaded.message}\n`)
        else
          await loaded.recordCommand({
            argv: this.argv,
            command: this.id ?? '',
            error,
            exitCode,
            result,
            startedAt,
            stateRoot: this.stateRoot,
            version: this.config.version,
          })
      } finally {
        release()
      }
    }
  }

  protected override async catch(err: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    const known = fromSystemError(err)
    if (known) {
      process.exitCode = known.exitCode
      return super.catch(toCliError(known))
    }

    if (err instanceof Errors.CLIError || err.oclif?.exit !== undefined) {
      process.exitCode = err.oclif?.exit ?? ExitCode.usage
      if ((err as {parse?: unknown}).parse !== undefined) await this.shortenParseError(err as ParseError)
      return super.catch(err)
    }

    // Anything else is a bug in khaos: say so, keep the stack for --debug / DEBUG=*.
    process.exitCode = ExitCode.internal
    if (process.env.DEBUG) process.stderr.write(`${err.stack}\n`)
    return super.catch(new Errors.CLIError(`internal error: ${err.message} (run with DEBUG=* for the stack)`, {exit: ExitCode.internal}))
  }

  /**
   * A usage mistake gets one line and a way on, not oclif's 30 lines of help: "See more help with --help"
   * becomes "See: khaos CMD --help", and an unknown flag gets the closest real one ("--topc" → "--topic").
   */
  private async shortenParseError(err: ParseError): Promise<void> {
    err.showHelp = false
    const command = `${this.config.bin} ${(this.id ?? '').replaceAll(':', ' ')}`.trim()
    err.message = err.message.replace(/\s*See more help with --help$/, '')
    const unknown = (err as ParseError & {flags?: string[]}).flags
    const hints: string[] = []
    if (Array.isArray(unknown) && unknown.length > 0) {
      const {closestMatch} = await import('./shared/suggest.js')
      const known = Object.entries({...this.ctor.flags, ...(this.ctor as typeof KhaosCommand).baseFlags, json: {}}).flatMap(([name, flag]) => [
        name,
        ...((flag as {allowNo?: boolean}).allowNo ? [`no-${name}`] : []),
      ])
      for (const flag of unknown) {
        const guess = closestMatch(flag.replace(/^-+/, '').split('=')[0], known)
        if (guess) hints.push(`Did you mean --${guess} (not ${terminalSafe(flag)})?`)
      }
    }

    err.message = [err.message, ...hints, `See: ${command} --help`].join('\n')
  }

  /** A compact, stable error shape for `--json`: `{"error":{"message","code","exit"}}`, not oclif's whole parse context. */
  protected override toErrorJson(err: unknown): {error: {code?: string; exit: number; message: string}} {
    const e = err as Error & {code?: string; khaosCode?: string; oclif?: {exit?: number}}
    const message = (e.message ?? String(err)).split('\n')[0]
    return {error: {code: e.khaosCode ?? e.code, exit: e.oclif?.exit ?? Number(process.exitCode ?? 1), message}}
  }
}

type ParseError = Error & {flags?: string[]; showHelp?: boolean}

const HELD_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/**
 * While the audit line of a finished command is written, a first Ctrl-C/SIGTERM/SIGHUP is held: the work is
 * done and in place, so the command's own exit code stands (a signal the busy event loop could not deliver
 * during the command would otherwise turn a complete run into 130). A second signal exits at once.
 */
function holdSignals(): () => void {
  const saved = HELD_SIGNALS.map((signal) => [signal, process.rawListeners(signal) as Array<(...args: unknown[]) => void>] as const)
  let held = 0
  const hold = (signal: NodeJS.Signals) => {
    held++
    if (held > 1) process.exit(128 + ({SIGHUP: 1, SIGINT: 2, SIGTERM: 15} as Record<string, number>)[signal])
  }

  for (const [signal] of saved) {
    process.removeAllListeners(signal)
    process.on(signal, hold)
  }

  return () => {
    for (const [signal, listeners] of saved) {
      process.removeListener(signal, hold)
      for (const listener of listeners) process.on(signal, listener)
    }
  }
}

function toCliError(error: KhaosError): Errors.CLIError {
  // Messages quote input (paths, names): no escape sequence from them may reach the terminal.
  // No `code` on the CLIError: oclif would print it as a "Code: INPUT" line, an internal id a person cannot
  // act on. It stays in --json (toErrorJson reads khaosCode).
  const cli = new Errors.CLIError(terminalSafe(error.message, {keepLines: true}), {
    exit: error.exitCode,
    suggestions: error.hint ? [error.hint] : undefined,
  })
  ;(cli as unknown as {exitCode: number; khaosCode?: string}).exitCode = error.exitCode
  ;(cli as unknown as {khaosCode?: string}).khaosCode = error.code
  return cli
}
