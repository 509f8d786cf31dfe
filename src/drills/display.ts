import chalk from 'chalk'

/**
 * How drill lists look on a terminal: a progress bar and status colours on an interactive stdout with colour
 * on; plain ASCII under NO_COLOR / --no-color or when piped (chalk's level is set by configureColor).
 */
function fancy(): boolean {
  return chalk.level > 0 && Boolean(process.stdout.isTTY)
}

export function progressBar(done: number, total: number, width = 20): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width)
  const percent = total === 0 ? 0 : Math.round((done / total) * 100)
  const bar = fancy() ? `${chalk.green('█'.repeat(filled))}${chalk.dim('░'.repeat(width - filled))}` : `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`
  return `${bar} ${done}/${total} passed (${percent}%)`
}

const STATUS_COLOR: Record<string, (text: string) => string> = {
  failing: chalk.red,
  new: chalk.dim,
  passed: chalk.green,
  started: chalk.yellow,
}

/** A status padded to `width`, coloured on a terminal (padding first, so colour codes do not break columns). */
export function paintStatus(status: string, width = 8): string {
  const padded = status.padEnd(width)
  return fancy() ? (STATUS_COLOR[status] ?? ((t: string) => t))(padded) : padded
}

export function paintVerdict(ok: boolean, text: string): string {
  return fancy() ? (ok ? chalk.green.bold(text) : chalk.red.bold(text)) : text
}

export function paintMissing(text: string): string {
  return fancy() ? chalk.red(text) : text
}

export const BLOOM_LEGEND = 'L = Bloom level: E evaluating (judge, critique, choose), C creating (build, design a solution)'
