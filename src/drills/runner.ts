import {spawn} from 'node:child_process'

import {watchGroup} from './process-group.js'

/**
 * Runs a learner's (or a reference) command the way `check` promises: `bash -c`, cwd = a fixture copy, stdin
 * closed, `LC_ALL=C`, its own process group (so a timeout or an output flood kills every process it started,
 * pipelines and background jobs included), and capped output. This is NOT a sandbox: the command runs with
 * the user's own rights.
 */

export interface RunOptions {
  cwd: string
  /** Variables added to the clean base environment (live fixture variables). */
  env?: Record<string, string>
  timeoutMs: number
  /** stdout beyond this is an error ("output cap"); the group is killed as soon as it is exceeded. */
  maxStdoutBytes?: number
  maxStderrBytes?: number
}

export interface RunOutcome {
  stdout: string
  stderr: string
  exitCode: number | null
  signal: string | null
  timedOut: boolean
  /** stdout exceeded the cap (the command was killed). */
  overflow: boolean
  ms: number
}

const DEFAULT_MAX_STDOUT = 1024 * 1024
const DEFAULT_MAX_STDERR = 64 * 1024

/** The environment a drill command sees: predictable, C locale, UTC, no colour, nothing interactive. */
function drillEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {
    HOME: process.env.HOME ?? '/',
    LANG: 'C',
    LC_ALL: 'C',
    NO_COLOR: '1',
    PAGER: 'cat',
    GIT_PAGER: 'cat',
    GIT_CONFIG_NOSYSTEM: '1',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    TERM: 'dumb',
    TZ: 'UTC',
  }
  if (process.env.USER) base.USER = process.env.USER
  if (process.env.TMPDIR) base.TMPDIR = process.env.TMPDIR
  return {...base, ...extra}
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

/** Process groups of commands still running, killed if khaos itself is interrupted. */
const running = new Set<number>()
let hooked = false
function hookExit(): void {
  if (hooked) return
  hooked = true
  process.on('exit', () => {
    for (const pid of running) killGroup(pid)
  })
}

export function runCommand(command: string, options: RunOptions): Promise<RunOutcome> {
  hookExit()
  const maxOut = options.maxStdoutBytes ?? DEFAULT_MAX_STDOUT
  const maxErr = options.maxStderrBytes ?? DEFAULT_MAX_STDERR
  const started = process.hrtime.bigint()
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-c', command], {
      cwd: options.cwd,
      detached: true, // its own process group: killGroup(-pid) reaches pipelines and background jobs
      env: drillEnvironment(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const pid = child.pid
    if (pid !== undefined) running.add(pid)
    // Kills the group if khaos itself is SIGKILLed (no exit handler runs then), at the latest a little after
    // the command's own timeout.
    const stopWatchdog = pid === undefined ? () => {} : watchGroup(pid, options.timeoutMs / 1000 + 5)
    const out: Buffer[] = []
    const err: Buffer[] = []
    let outBytes = 0
    let errBytes = 0
    let timedOut = false
    let overflow = false
    let exitCode: number | null = null
    let signal: string | null = null
    let settled = false

    const timer = setTimeout(() => {
      timedOut = true
      killGroup(pid)
    }, options.timeoutMs)

    child.stdout.on('data', (chunk: Buffer) => {
      if (overflow) return
      outBytes += chunk.length
      if (outBytes > maxOut) {
        overflow = true
        out.push(chunk.subarray(0, chunk.length - (outBytes - maxOut)))
        killGroup(pid)
        return
      }

      out.push(chunk)
    })
    child.stderr.on('data', (chunk: Buffer) => {
      if (errBytes >= maxErr) return
      errBytes += chunk.length
      err.push(errBytes > maxErr ? chunk.subarray(0, chunk.length - (errBytes - maxErr)) : chunk)
    })

    const finish = () => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      // bash is done; anything it left behind (`sleep 99 &`) goes with the group.
      killGroup(pid)
      stopWatchdog()
      if (pid !== undefined) running.delete(pid)
      resolve({
        exitCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        overflow,
        signal,
        stderr: Buffer.concat(err).toString('utf8'),
        stdout: Buffer.concat(out).toString('utf8'),
        timedOut,
      })
    }

    child.on('error', (error) => {
      clearTimeout(timer)
      stopWatchdog()
      if (pid !== undefined) running.delete(pid)
      reject(error)
    })
    child.on('exit', (code, sig) => {
      exitCode = code
      signal = sig
      // A background job may still hold the pipes open; give them a moment, then stop waiting.
      setTimeout(finish, 100).unref()
    })
    child.on('close', finish)
  })
}
