import chalk from 'chalk'

import {terminalSafe as safe, truncate} from '../../shared/text.js'
import {SEVERITIES} from '../types.js'
import type {ReportContext} from './model.js'

const paint = {critical: chalk.red.bold, high: chalk.red, low: chalk.dim, medium: chalk.yellow}

/**
 * Every name and evidence string comes from the scanned tree, so each goes through terminalSafe: an escape
 * sequence or a newline in a file name shows as `\e`/`\n` and stays on its row.
 * The terminal table: one row per finding, sorted as the runner sorted them; then, when several trials fired,
 * one line per trial (worst first) so a long table can be read from its end; then the summary and verdict.
 */
export function renderText({report, specs}: ReportContext, options: {width?: number} = {}): string {
  const width = options.width ?? 160
  const lines: string[] = []
  const s = report.summary
  if (report.findings.length === 0) {
    lines.push(`No findings: ${s.trials.length} trial(s) over ${s.filesScanned} file(s) in ${safe(s.target)}.`)
  } else {
    const rows = report.findings.map((f) => [f.severity, f.trial, `${safe(f.file)}:${f.line}`, safe(f.evidence)])
    const w = [8, 5, Math.min(48, Math.max(9, ...rows.map((r) => r[2].length)))]
    const head = ['SEVERITY', 'TRIAL', 'FILE:LINE'.padEnd(w[2]), 'EVIDENCE']
    lines.push(chalk.bold(`${head[0].padEnd(w[0])}  ${head[1].padEnd(w[1])}  ${head[2]}  ${head[3]}`))
    for (const [sev, trial, where, evidence] of rows) {
      const room = Math.max(20, width - w[0] - w[1] - w[2] - 6)
      const ev = truncate(evidence, room)
      lines.push(`${paint[sev as keyof typeof paint](sev.padEnd(w[0]))}  ${trial.padEnd(w[1])}  ${where.padEnd(w[2])}  ${ev}`)
    }
  }

  const perTrial = trialCounts(report.findings)
  if (perTrial.length > 1) {
    const titles = new Map(specs.map((t) => [t.id, t.title]))
    lines.push('', chalk.bold('TRIAL  SEVERITY  COUNT  TITLE'))
    for (const t of perTrial) lines.push(`${t.trial.padEnd(5)}  ${paint[t.severity](t.severity.padEnd(8))}  ${String(t.count).padStart(5)}  ${titles.get(t.trial) ?? ''}`)
  }

  lines.push('')
  const by = s.bySeverity
  const counts = (['critical', 'high', 'medium', 'low'] as const).filter((k) => by[k] > 0).map((k) => `${by[k]} ${k}`)
  let summary = `${s.findings} finding(s)${counts.length > 0 ? ` (${counts.join(', ')})` : ''} from ${s.trials.length} trial(s) over ${s.filesScanned} file(s)`
  if (s.suppressed.length > 0) summary += `; ${s.suppressed.length} suppressed`
  if (s.baselined > 0) summary += `; ${s.baselined} in baseline`
  lines.push(summary)
  if (s.skipped.length > 0) lines.push(`${s.skipped.length} file(s) skipped: ${s.skipped.slice(0, 3).map((k) => `${safe(k.path)} (${safe(k.reason)})`).join('; ')}${s.skipped.length > 3 ? '; …' : ''}`)
  for (const u of s.unjustifiedSuppressions) lines.push(`khaos-ignore without a reason at ${safe(u.file)}:${u.line} (${u.trial}) was not honoured: add ": why"`)
  for (const e of s.errors) lines.push(chalk.red(`detector ${e.trial} failed: ${safe(e.message)}`))
  for (const n of s.notes) lines.push(`note: ${safe(n)}`)
  const failing = SEVERITIES.slice(SEVERITIES.indexOf(s.failOn)).reduce((n, k) => n + by[k], 0)
  lines.push(s.failed ? chalk.red(`FAIL: ${failing} finding(s) at or above ${s.failOn} (--fail-on)`) : `PASS: nothing at or above ${s.failOn} (--fail-on)`)
  return `${lines.join('\n')}\n`
}

/** Findings per trial, worst severity first, then most findings, then trial number. */
function trialCounts(findings: ReportContext['report']['findings']): Array<{count: number; severity: keyof typeof paint; trial: string}> {
  const by = new Map<string, {count: number; severity: keyof typeof paint; trial: string}>()
  for (const f of findings) {
    const entry = by.get(f.trial) ?? {count: 0, severity: f.severity, trial: f.trial}
    entry.count++
    if (SEVERITIES.indexOf(f.severity) > SEVERITIES.indexOf(entry.severity)) entry.severity = f.severity
    by.set(f.trial, entry)
  }

  const num = (id: string) => Number(id.slice(1))
  return [...by.values()].sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || b.count - a.count || num(a.trial) - num(b.trial))
}
