import chalk from 'chalk'

import {terminalSafe, truncate} from '../../shared/text.js'
import {SEVERITIES} from '../types.js'
import {renderExcerpt} from './excerpt.js'
import {servicesOf, type ReportContext} from './model.js'

const paint = {critical: chalk.red.bold, high: chalk.red, low: chalk.dim, medium: chalk.yellow}

export interface TextOptions {
  width?: number
  /** Print a source excerpt under each finding (on a terminal): `read` gives a scanned file's text. */
  excerpts?: {color: boolean; read(file: string): string | undefined}
}

/**
 * The terminal table: one row per finding, worst first then by place (the report's order), each followed by a
 * source excerpt when asked; then, when several trials fired, one line per trial (worst first) so a long table
 * can be read from its end; then the summary and verdict. Text from the scanned files is made terminal-safe.
 */
export function renderText({report, specs}: ReportContext, options: TextOptions = {}): string {
  const width = options.width ?? 160
  const lines: string[] = []
  const s = report.summary
  if (report.findings.length === 0) {
    lines.push(`No findings: ${s.trials.length} trial(s) over ${s.filesScanned} file(s) in ${terminalSafe(s.target)}.`)
  } else {
    const rows = report.findings.map((f) => ({
      evidence: terminalSafe(f.evidence),
      finding: f,
      service: terminalSafe(servicesOf(f).join(',')),
      severity: f.severity,
      trial: f.trial,
      where: terminalSafe(`${f.file}:${f.line}`),
    }))
    const w = [8, 5, Math.min(48, Math.max(9, ...rows.map((r) => r.where.length))), Math.min(20, Math.max(7, ...rows.map((r) => r.service.length)))]
    const clip = (s: string, n: number) => truncate(s, n)
    lines.push(chalk.bold(`${'SEVERITY'.padEnd(w[0])}  ${'TRIAL'.padEnd(w[1])}  ${'FILE:LINE'.padEnd(w[2])}  ${'SERVICE'.padEnd(w[3])}  EVIDENCE`))
    for (const r of rows) {
      const room = Math.max(20, width - w[0] - w[1] - w[2] - w[3] - 8)
      lines.push(
        `${paint[r.severity](r.severity.padEnd(w[0]))}  ${r.trial.padEnd(w[1])}  ${r.where.padEnd(w[2])}  ${clip(r.service, w[3]).padEnd(w[3])}  ${clip(r.evidence, room)}`,
      )
      const source = options.excerpts?.read(r.finding.file)
      if (options.excerpts && source !== undefined) {
        const excerpt = renderExcerpt(source, r.finding.line, r.finding.evidence, {color: options.excerpts.color})
        if (excerpt.length > 0) lines.push(...excerpt.map((l) => `    ${l}`), '')
      }
    }

    if (lines.at(-1) === '') lines.pop()
  }

  const perTrial = trialCounts(report.findings)
  if (perTrial.length > 1) {
    const titles = new Map(specs.map((t) => [t.id, t.title]))
    lines.push('', chalk.bold('TRIAL  SEVERITY  COUNT  TITLE'))
    for (const t of perTrial)
      lines.push(`${t.trial.padEnd(5)}  ${paint[t.severity](t.severity.padEnd(8))}  ${String(t.count).padStart(5)}  ${titles.get(t.trial) ?? ''}`)
  }

  lines.push('')
  const by = s.bySeverity
  const counts = (['critical', 'high', 'medium', 'low'] as const).filter((k) => by[k] > 0).map((k) => `${by[k]} ${k}`)
  let summary = `${s.findings} finding(s)${counts.length > 0 ? ` (${counts.join(', ')})` : ''} from ${s.trials.length} trial(s) over ${s.filesScanned} file(s)`
  if (s.suppressed.length > 0) summary += `; ${s.suppressed.length} suppressed`
  if (s.baselined > 0) summary += `; ${s.baselined} in baseline`
  lines.push(summary)
  if (s.skipped.length > 0)
    lines.push(
      terminalSafe(
        `${s.skipped.length} file(s) skipped: ${s.skipped
          .slice(0, 3)
          .map((k) => `${k.path} (${k.reason})`)
          .join('; ')}${s.skipped.length > 3 ? '; …' : ''}`,
      ),
    )
  for (const u of s.unjustifiedSuppressions)
    lines.push(terminalSafe(`khaos-ignore without a reason at ${u.file}:${u.line} (${u.trial}) was not honoured: add ": why"`))
  for (const e of s.errors) lines.push(chalk.red(terminalSafe(`detector ${e.trial} failed: ${e.message}`)))
  for (const n of s.notes) lines.push(terminalSafe(`note: ${n}`))
  if (report.findings.length > 0)
    lines.push(`Why and how to fix: khaos trial explain ${perTrial[0]?.trial ?? report.findings[0].trial}; mechanical fixes: khaos trial fix --dry-run`)
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
