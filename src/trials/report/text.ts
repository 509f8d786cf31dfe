import chalk from 'chalk'

import type {ReportContext} from './model.js'

const paint = {critical: chalk.red.bold, high: chalk.red, low: chalk.dim, medium: chalk.yellow}

/** The terminal table: one row per finding, sorted as the runner sorted them, then a summary line. */
export function renderText({report}: ReportContext, options: {width?: number} = {}): string {
  const width = options.width ?? 160
  const lines: string[] = []
  const s = report.summary
  if (report.findings.length === 0) {
    lines.push(`No findings: ${s.trials.length} trial(s) over ${s.filesScanned} file(s) in ${s.target}.`)
  } else {
    const rows = report.findings.map((f) => [f.severity, f.trial, `${f.file}:${f.line}`, f.evidence])
    const w = [8, 5, Math.min(48, Math.max(9, ...rows.map((r) => r[2].length)))]
    const head = ['SEVERITY', 'TRIAL', 'FILE:LINE'.padEnd(w[2]), 'EVIDENCE']
    lines.push(chalk.bold(`${head[0].padEnd(w[0])}  ${head[1].padEnd(w[1])}  ${head[2]}  ${head[3]}`))
    for (const [sev, trial, where, evidence] of rows) {
      const room = Math.max(20, width - w[0] - w[1] - w[2] - 6)
      const ev = evidence.length > room ? `${evidence.slice(0, room - 1)}…` : evidence
      lines.push(`${paint[sev as keyof typeof paint](sev.padEnd(w[0]))}  ${trial.padEnd(w[1])}  ${where.padEnd(w[2])}  ${ev}`)
    }
  }

  lines.push('')
  const by = s.bySeverity
  const counts = (['critical', 'high', 'medium', 'low'] as const).filter((k) => by[k] > 0).map((k) => `${by[k]} ${k}`)
  let summary = `${s.findings} finding(s)${counts.length > 0 ? ` (${counts.join(', ')})` : ''} from ${s.trials.length} trial(s) over ${s.filesScanned} file(s)`
  if (s.suppressed.length > 0) summary += `; ${s.suppressed.length} suppressed`
  if (s.baselined > 0) summary += `; ${s.baselined} in baseline`
  lines.push(summary)
  if (s.skipped.length > 0) lines.push(`${s.skipped.length} file(s) skipped: ${s.skipped.slice(0, 3).map((k) => `${k.path} (${k.reason})`).join('; ')}${s.skipped.length > 3 ? '; …' : ''}`)
  for (const u of s.unjustifiedSuppressions) lines.push(`khaos-ignore without a reason at ${u.file}:${u.line} (${u.trial}) was not honoured: add ": why"`)
  for (const e of s.errors) lines.push(chalk.red(`detector ${e.trial} failed: ${e.message}`))
  for (const n of s.notes) lines.push(`note: ${n}`)
  lines.push(s.failed ? chalk.red(`FAIL: findings at or above ${s.failOn}`) : `PASS: nothing at or above ${s.failOn}`)
  return `${lines.join('\n')}\n`
}
