import {SEVERITIES, type Severity} from '../types.js'
import type {ReportContext} from './model.js'
import {servicesOf} from './model.js'
import {terminalSafe} from '../../shared/text.js'

/**
 * GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…,title=…::message` line per finding,
 * which the runner turns into annotations on the pull request's diff. Escaping follows the runner's own
 * (actions/toolkit `command.ts`): in the message `%`, CR and LF; in properties also `:` and `,`. Anything else a
 * hostile file could smuggle in (another `::command::` on a new line) is neutralised by escaping the line breaks.
 */

const COMMAND: Record<Severity, 'error' | 'notice' | 'warning'> = {critical: 'error', high: 'error', low: 'notice', medium: 'warning'}

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** `uriPrefix`: where the scanned directory sits below the repository root (annotations resolve from there). */
export function renderGithub({report, specs}: ReportContext, options: {uriPrefix?: string} = {}): string {
  const titles = new Map(specs.map((s) => [s.id, s.title]))
  const lines: string[] = []
  for (const f of report.findings) {
    const services = servicesOf(f)
    const title = `${f.trial} ${titles.get(f.trial) ?? ''}`.trim() + ` (${f.severity})`
    const message = `${services.length > 0 ? `[${services.join(', ')}] ` : ''}${f.message} [${f.evidence}] (khaos trial explain ${f.trial})`
    lines.push(
      `::${COMMAND[f.severity]} file=${escapeProperty(terminalSafe(`${options.uriPrefix ?? ''}${f.file}`))},line=${f.line},title=${escapeProperty(terminalSafe(title))}::${escapeData(terminalSafe(message))}`,
    )
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
