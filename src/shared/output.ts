import chalk from 'chalk'

import {terminalSafe} from './text.js'

/**
 * Terminal output rules shared by every command:
 * - results go to stdout, progress and diagnostics to stderr;
 * - colour only when wanted: `--no-color`, a non-empty NO_COLOR, or a non-TTY stream turn it off
 *   (chalk 5 on Node 20 does not read NO_COLOR itself, so its level is set here);
 * - spinners only on an interactive stderr outside CI; plain lines otherwise;
 * - prompts only when stdin and stdout are TTYs and CI is unset (a prompt on a pipe would hang).
 */

export function configureColor(options: {noColor?: boolean} = {}, env: NodeJS.ProcessEnv = process.env): void {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false'
  if (options.noColor || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) chalk.level = 0
  else if (!forced && !process.stdout.isTTY && !process.stderr.isTTY) chalk.level = 0
}

export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI !== 'false'
}

/** True only where a person can answer a prompt. */
export function canPrompt(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !isCI(env)
}

/** True where a spinner may animate: an interactive stderr, not CI. */
export function canAnimate(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(process.stderr.isTTY) && !isCI(env) && env.TERM !== 'dumb'
}

/** Diagnostics often quote input (a file name, a record title): shown through terminalSafe, lines kept. */
export function warn(message: string): void {
  process.stderr.write(`${chalk.yellow('warning')} ${terminalSafe(message, {keepLines: true})}\n`)
}

export function note(message: string): void {
  process.stderr.write(`${terminalSafe(message, {keepLines: true})}\n`)
}

export interface StageHandle {
  succeed(detail?: string): void
  fail(detail?: string): void
}

/**
 * Reports one stage of work on stderr: an ora spinner on a TTY (imported lazily, so commands that never
 * show one never load it), or a single plain line when the stage ends elsewhere (CI logs stay readable).
 */
export async function startStage(label: string, options: {silent?: boolean} = {}): Promise<StageHandle> {
  const started = process.hrtime.bigint()
  const elapsed = () => `${Number((process.hrtime.bigint() - started) / 1_000_000n)} ms`
  if (options.silent) return {fail() {}, succeed() {}}
  if (canAnimate()) {
    const {default: ora} = await import('ora')
    const spinner = ora({stream: process.stderr, text: label}).start()
    return {
      fail: (detail) => spinner.fail(`${label}${detail ? `: ${detail}` : ''}`),
      succeed: (detail) => spinner.succeed(`${label} ${chalk.dim(`(${detail ? `${detail}, ` : ''}${elapsed()})`)}`),
    }
  }

  return {
    fail: (detail) => process.stderr.write(`${chalk.red('✖')} ${label}${detail ? `: ${detail}` : ''}\n`),
    succeed: (detail) => process.stderr.write(`${chalk.green('✔')} ${label} (${detail ? `${detail}, ` : ''}${elapsed()})\n`),
  }
}
