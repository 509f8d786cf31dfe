import {mdCell, mdCode} from '../../shared/markdown.js'
import {terminalSafe} from '../../shared/text.js'
import {FAMILIES} from '../types.js'
import {servicesOf, trialDocsUri, type ReportContext} from './model.js'

export const MARKDOWN_MARKER = '<!-- khaos trial report -->'

/** Text from the scanned tree: terminal escapes shown as text (\e, \n), then written as Markdown text or code. */
const cell = (s: string) => mdCell(terminalSafe(s))
const code = (s: string) => mdCode(terminalSafe(s))
const codeCell = (s: string) => mdCode(terminalSafe(s), {inTable: true})

/** The readable report (`khaos_trial_results/trial_report.md`): per family, per trial, per finding, with remediation. */
export function renderMarkdown({report, specs}: ReportContext): string {
  const s = report.summary
  const out: string[] = [MARKDOWN_MARKER, '# khaos trial report', '']
  out.push(
    `- Target: ${code(s.target)}`,
    `- Generated: ${s.generatedAt} by khaos ${s.tool.version}`,
    `- Trials: ${s.trials.length}, files scanned: ${s.filesScanned}`,
  )
  out.push(
    `- Result: **${s.failed ? 'FAIL' : 'PASS'}** (fail-on ${s.failOn}); ${s.findings} finding(s): ${(['critical', 'high', 'medium', 'low'] as const).map((k) => `${s.bySeverity[k]} ${k}`).join(', ')}`,
  )
  if (s.suppressed.length > 0 || s.baselined > 0) out.push(`- Suppressed inline: ${s.suppressed.length}; in baseline: ${s.baselined}`)
  out.push('')
  const families = [...new Set([...Object.values(FAMILIES)])]
  for (const family of families) {
    const inFamily = specs.filter(
      (sp) => (FAMILIES as Record<string, string>)[sp.family] === family && (sp.id !== 'F0' || report.findings.some((f) => f.trial === 'F0')),
    )
    if (inFamily.length === 0) continue
    out.push(`## ${family}`, '')
    const clean: string[] = []
    for (const spec of inFamily) {
      const findings = report.findings.filter((f) => f.trial === spec.id)
      if (findings.length === 0) {
        clean.push(`${spec.id} ${spec.title}`)
        continue
      }

      out.push(`### ${spec.id} ${spec.title} (${findings.length})`, '')
      out.push('| Severity | Location | Service | Evidence | Finding |', '| --- | --- | --- | --- | --- |')
      for (const f of findings)
        out.push(`| ${f.severity} | ${codeCell(`${f.file}:${f.line}`)} | ${cell(servicesOf(f).join(', '))} | ${codeCell(f.evidence)} | ${cell(f.message)} |`)
      out.push(
        '',
        `**Remediation.** ${spec.remediation.trim()}${spec.id === 'F0' ? '' : ` More: [${spec.id}](${trialDocsUri(spec.id)}), \`khaos trial explain ${spec.id}\`.`}`,
        '',
      )
    }

    if (clean.length > 0) out.push(`No findings: ${clean.join(' · ')}`, '')
  }

  if (s.suppressed.length > 0) {
    out.push('## Suppressed', '', '| Trial | Location | Reason |', '| --- | --- | --- |')
    for (const x of s.suppressed) out.push(`| ${x.trial} | ${codeCell(`${x.file}:${x.line}`)} | ${cell(x.reason)} |`)
    out.push('')
  }

  if (s.skipped.length > 0) {
    out.push('## Files not scanned', '')
    for (const k of s.skipped) out.push(`- ${code(k.path)}: ${cell(k.reason)}`)
    out.push('')
  }

  if (s.errors.length > 0 || s.notes.length > 0) {
    out.push('## Notes', '')
    for (const e of s.errors) out.push(`- detector ${e.trial} failed: ${cell(e.message)}`)
    for (const n of s.notes) out.push(`- ${cell(n)}`)
    out.push('')
  }

  return out.join('\n')
}
