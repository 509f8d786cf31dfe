import {stripControls} from '../shared/text.js'
import type {DaoRecord, DecisionRecord} from './schema.js'
import {schemaVersionOf} from './schema.js'
import {shownPath} from './paths.js'

/**
 * `khaos dao show`: a record as a person reads it in a terminal, in MADR's order. Every string from the file
 * goes through stripControls, so a record cannot move the cursor, recolour the terminal or set its title.
 */

const terminalText = stripControls

function indent(text: string, prefix = '  '): string[] {
  return terminalText(text)
    .split('\n')
    .map((line) => `${prefix}${line}`.trimEnd())
}

function where(source?: string, line?: number): string {
  if (!source) return ''
  return ` (${terminalText(source)}${line === undefined ? '' : `:${line}`})`
}

function decisionLines(r: DecisionRecord, file: string): string[] {
  const out: string[] = []
  const t = terminalText
  const links = [r.supersedes === null ? '' : `supersedes ${r.supersedes}`, r.superseded_by === null ? '' : `superseded by ${r.superseded_by}`].filter(Boolean)
  const related = (r.links ?? []).map((l) => `${l.relation} ${l.id}`)
  out.push(
    `Record ${r.id}: ${t(r.title)}`,
    `Status:    ${r.status}${links.length > 0 ? ` (${links.join(', ')})` : ''}`,
    ...(related.length > 0 ? [`Links:     ${related.join(', ')}`] : []),
    `Date:      ${r.date}`,
    `Session:   ${t(r.session_id)}`,
    `Topic:     ${t(r.topic)}`,
    `File:      ${t(shownPath(file))} (schema ${schemaVersionOf(r)}${schemaVersionOf(r) < 2 ? '; khaos dao migrate upgrades it' : ''})`,
  )
  const roles = [
    ['Decision makers', r.participants.decision_makers],
    ['Consulted', r.participants.consulted],
    ['Informed', r.participants.informed],
  ] as const
  for (const [name, people] of roles) if (people.length > 0) out.push(`${`${name}:`.padEnd(16)} ${people.map(t).join(', ')}`)
  if (r.context) out.push('', 'Context and problem statement', ...indent(r.context))
  if ((r.decision_drivers ?? []).length > 0) out.push('', 'Decision drivers', ...r.decision_drivers!.flatMap((d) => indent(d, '  - ')))
  if ((r.considered_options ?? []).length > 0) {
    out.push('', 'Considered options')
    for (const [i, option] of r.considered_options!.entries()) {
      out.push(`  ${i + 1}. ${t(option.decision_point)}`)
      for (const position of option.options)
        out.push(...indent(`${position.participant}${where(position.source, position.line)}: “${position.position}”`, '     - '))
      if (option.question) out.push(...indent(`To decide: ${option.question}`, '     '))
    }
  }

  out.push('', 'Decision outcome', ...(r.decision === null ? ['  to be decided'] : indent(r.decision)))
  if (r.consequences) out.push('', 'Consequences', ...indent(r.consequences))
  if ((r.open_contradictions ?? []).length > 0) {
    out.push('', `Open contradictions (${r.open_contradictions!.length})`)
    for (const c of r.open_contradictions!) {
      const scope = c.scope === 'internal' ? ', internal: one participant against themselves' : ''
      const confidence = c.confidence === undefined ? '' : `, confidence ${c.confidence.toFixed(2)}`
      out.push(`  ${t(c.id)}${c.decision_point ? `: ${t(c.decision_point)}` : ''}${scope}${confidence}`)
      out.push(...indent(c.explanation, '    '))
      for (const q of c.claims) out.push(...indent(`${q.participant}${where(q.source, q.line)}: “${q.quote}”`, '    - '))
      if (c.tension) out.push(`    tension ${t(c.tension.id)}: ${t(c.tension.name)}`)
    }
  }

  if (r.contradictions_resolved.length > 0) {
    out.push('', `Contradictions resolved (${r.contradictions_resolved.length})`)
    for (const c of r.contradictions_resolved) out.push(...indent(`${c.id}${c.resolution ? `: ${c.resolution}` : ''}`, '  - '))
  }

  out.push('', 'Status history', `  ${r.date.padEnd(20)}  created as ${r.status_history?.[0]?.from ?? r.status}`)
  for (const change of r.status_history ?? []) {
    out.push(`  ${change.at}  ${change.from} → ${change.to} by ${t(change.by)}${change.note ? `: ${t(change.note)}` : ''}`)
  }

  if (r.artifacts.length > 0) out.push('', 'Artifacts', ...r.artifacts.map((a) => `  ${a.sha256.slice(0, 12)}  ${t(a.path)}`))
  return out
}

/** The lines `khaos dao show` prints for a record. */
export function showRecord(record: DaoRecord, file: string): string[] {
  if (record.record_type === 'decision') return decisionLines(record, file)
  const t = terminalText
  const out = [`Organization profile (record ${record.id}): ${t(record.name)}`, `File: ${t(shownPath(file))}`]
  for (const key of ['legal_name', 'kind', 'jurisdiction', 'registration', 'founded', 'website', 'contact'] as const) {
    if (record[key]) out.push(`${key}: ${t(String(record[key]))}`)
  }

  for (const key of ['description', 'governance'] as const) if (record[key]) out.push('', key, ...indent(record[key]!))
  if (record.members && record.members.length > 0) out.push('', 'members', ...record.members.map((m) => `  - ${t(m.name)}${m.role ? ` (${t(m.role)})` : ''}`))
  return out
}
