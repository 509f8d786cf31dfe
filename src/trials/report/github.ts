import {SEVERITIES, type Severity} from '../types.js'
import type {ReportContext} from './model.js'
import {servicesOf} from './model.js'
import {workflowCommand} from '../../shared/github.js'

/** One annotation per finding (see shared/github.ts), then a summary line. */

const COMMAND: Record<Severity, 'error' | 'notice' | 'warning'> = {critical: 'error', high: 'error', low: 'notice', medium: 'warning'}

/** `uriPrefix`: where the scanned directory sits below the repository root (annotations resolve from there). */
export function renderGithub({report, specs}: ReportContext, options: {uriPrefix?: string} = {}): string {
  const titles = new Map(specs.map((s) => [s.id, s.title]))
  const lines: string[] = []
  for (const f of report.findings) {
    const services = servicesOf(f)
    const title = `${f.trial} ${titles.get(f.trial) ?? ''}`.trim() + ` (${f.severity})`
    const message = `${services.length > 0 ? `[${services.join(', ')}] ` : ''}${f.message} [${f.evidence}] (khaos trial explain ${f.trial})`
    lines.push(workflowCommand(COMMAND[f.severity], {file: `${options.uriPrefix ?? ''}${f.file}`, line: f.line, title}, message))
  }

  const s = report.summary
  const counts = [...SEVERITIES]
    .reverse()
    .filter((k) => s.bySeverity[k] > 0)
    .map((k) => `${s.bySeverity[k]} ${k}`)
  lines.push(
    `khaos trial: ${s.findings} finding(s)${counts.length > 0 ? ` (${counts.join(', ')})` : ''}; ${s.failed ? 'FAIL' : 'PASS'} at --fail-on ${s.failOn}`,
  )
  return `${lines.join('\n')}\n`
}
