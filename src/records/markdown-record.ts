import {mdCode, mdParagraph, mdQuote, mdText} from '../shared/markdown.js'
import type {DecisionRecord} from './schema.js'

/**
 * A decision record as a MADR Markdown file, named like adr-tools' (`0007-move-the-queue-to-nats.md`): what
 * `khaos dao export` writes for people who keep their decisions in the repository as Markdown. Derived files:
 * the YAML record stays the source; every string from it is escaped (shared/markdown.ts).
 */

export const EXPORT_MARKER = '<!-- exported by khaos dao export: edit the YAML record, then export again -->'

export function recordFileName(record: Pick<DecisionRecord, 'id' | 'title'>): string {
  const slug =
    record.title
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'decision'
  return `${String(record.id).padStart(4, '0')}-${slug}.md`
}

export function recordMarkdown(record: DecisionRecord, names: Map<number, string>): string {
  const link = (id: number) => (names.has(id) ? `[${id}](${names.get(id)})` : String(id))
  const out = [EXPORT_MARKER, '', `# ${record.id}. ${mdText(record.title)}`, '']
  const status = [
    `Status: ${record.status}`,
    ...(record.supersedes === null ? [] : [`supersedes ${link(record.supersedes)}`]),
    ...(record.superseded_by === null ? [] : [`superseded by ${link(record.superseded_by)}`]),
    ...(record.links ?? []).map((l) => `${l.relation} ${link(l.id)}`),
  ]
  out.push(`- ${status.join('; ')}`, `- Date: ${record.date}`, `- Session: ${mdCode(record.session_id)}`)
  const people = record.participants
  if (people.decision_makers.length > 0) out.push(`- Decision makers: ${people.decision_makers.map(mdText).join(', ')}`)
  if (people.consulted.length > 0) out.push(`- Consulted: ${people.consulted.map(mdText).join(', ')}`)
  if (people.informed.length > 0) out.push(`- Informed: ${people.informed.map(mdText).join(', ')}`)
  out.push('', '## Context and problem statement', '', record.context ? mdParagraph(record.context) : '_Not written yet._', '')
  if ((record.decision_drivers ?? []).length > 0) out.push('## Decision drivers', '', ...record.decision_drivers!.map((d) => `- ${mdText(d)}`), '')
  if ((record.considered_options ?? []).length > 0) {
    out.push('## Considered options', '')
    for (const option of record.considered_options!) {
      out.push(`### ${mdText(option.decision_point)}`, '')
      for (const position of option.options) out.push(`- ${mdText(position.participant)}:`, '', mdQuote(position.position), '')
      if (option.question) out.push(`To decide: ${mdText(option.question)}`, '')
    }
  }

  out.push('## Decision outcome', '', record.decision === null ? '_To be decided._' : mdParagraph(record.decision), '')
  if (record.consequences) out.push('## Consequences', '', mdParagraph(record.consequences), '')
  if ((record.open_contradictions ?? []).length > 0) {
    out.push(
      '## Open contradictions',
      '',
      ...record.open_contradictions!.map((c) => `- ${c.decision_point ? `${mdText(c.decision_point)}: ` : ''}${mdText(c.explanation)}`),
      '',
    )
  }

  if ((record.status_history ?? []).length > 0) {
    out.push(
      '## Status history',
      '',
      ...record.status_history!.map((h) => `- ${h.at}: ${h.from} → ${h.to} by ${mdText(h.by)}${h.note ? ` (${mdText(h.note)})` : ''}`),
      '',
    )
  }

  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`
}
