import {stringify} from 'yaml'

import type {DaoRecord, DecisionRecord, OrganizationRecord} from './schema.js'

// The order a reader expects: what and who first, the reasoning next, links and provenance last.
// Schema 2 follows MADR's order: context and problem, drivers, options, outcome, consequences; then what is
// still open, the links, and the history of the record itself.
const DECISION_KEYS = [
  'record_type',
  'schema_version',
  'id',
  'session_id',
  'title',
  'topic',
  'status',
  'date',
  'participants',
  'context',
  'decision_drivers',
  'considered_options',
  'decision',
  'consequences',
  'open_contradictions',
  'contradictions_resolved',
  'artifacts',
  'supersedes',
  'superseded_by',
  'links',
  'status_history',
  'generated',
] as const
const ORGANIZATION_KEYS = [
  'record_type',
  'id',
  'name',
  'legal_name',
  'kind',
  'jurisdiction',
  'registration',
  'founded',
  'website',
  'contact',
  'description',
  'governance',
  'members',
  'generated',
] as const
const NESTED_ORDER: Record<string, readonly string[]> = {
  artifacts: ['path', 'sha256'],
  considered_options: ['decision_point', 'key', 'question', 'options'],
  contradictions_resolved: ['id', 'kind', 'tension', 'resolution'],
  generated: ['tool', 'version', 'timestamp'],
  members: ['name', 'role'],
  participants: ['decision_makers', 'consulted', 'informed'],
  status_history: ['from', 'to', 'at', 'by', 'note'],
}
// Nested lists inside the lists above.
const DEEP_ORDER: Record<string, Record<string, readonly string[]>> = {
  considered_options: {options: ['participant', 'position', 'source', 'line']},
  open_contradictions: {claims: ['participant', 'quote', 'source', 'line'], tension: ['id', 'name']},
}
NESTED_ORDER.open_contradictions = ['id', 'decision_point', 'kind', 'scope', 'confidence', 'explanation', 'claims', 'tension']

function ordered(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of keys) {
    if (value[key] === undefined) continue
    const order = NESTED_ORDER[key]
    const item = value[key]
    // Schema 2 leaves contradictions_resolved out unless a person filled it (open_contradictions replaced it).
    if (key === 'contradictions_resolved' && value.schema_version !== undefined && Array.isArray(item) && item.length === 0) continue
    if (order && Array.isArray(item)) out[key] = item.map((entry) => orderedLoose(entry as Record<string, unknown>, order, DEEP_ORDER[key]))
    else if (order && item && typeof item === 'object') out[key] = orderedLoose(item as Record<string, unknown>, order)
    else out[key] = item
  }

  // Extension keys (x-…) go last, sorted, so a rewrite never reorders them.
  for (const key of Object.keys(value)
    .filter((k) => k.startsWith('x-'))
    .sort())
    out[key] = value[key]
  return out
}

function orderedLoose(value: Record<string, unknown>, keys: readonly string[], deep: Record<string, readonly string[]> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of keys) {
    const item = value[key]
    if (item === undefined) continue
    const order = deep[key]
    if (order && Array.isArray(item)) out[key] = item.map((entry) => orderedLoose(entry as Record<string, unknown>, order))
    else if (order && item && typeof item === 'object') out[key] = orderedLoose(item as Record<string, unknown>, order)
    else out[key] = item
  }

  return out
}

/**
 * Serialises a record as YAML with a fixed key order, so the same record always gives the same bytes.
 * Lines are never folded (lineWidth 0), and the yaml library picks a quoting that reads back exactly:
 * block literals for multi-line text, double quotes (with escapes) for anything a plain scalar would change.
 */
export function serializeRecord(record: DaoRecord): string {
  const keys = record.record_type === 'organization' ? ORGANIZATION_KEYS : DECISION_KEYS
  const body = ordered(record as unknown as Record<string, unknown>, keys)
  // Quoting follows YAML 1.1's wider rules (yes/no/on/off, dates, 0777, 1:20 are quoted), so 1.1 readers such as
  // PyYAML see the same strings a 1.2 reader does. The text is plain YAML either way; khaos reads it as 1.2.
  return stringify(body, {aliasDuplicateObjects: false, lineWidth: 0, minContentWidth: 0, version: '1.1'})
}

export type {DecisionRecord, OrganizationRecord}
