import type {ValidateFunction} from 'ajv/dist/2020.js'

import {InputError} from '../shared/errors.js'
import {readTextFile} from '../shared/input.js'
import {compileSchema, fieldName, formatIssue, type ParsedYaml, parseYamlText, positionOf, schemaErrors, type YamlIssue} from '../shared/yaml-check.js'

import {
  type DaoRecord,
  DAO_RECORD_SCHEMA,
  DECISION_DRAFT_SCHEMA,
  DECISION_RECORD_SCHEMA,
  DECISION_RECORD_SCHEMA_V1,
  ORGANIZATION_PROFILE_SCHEMA,
  ORGANIZATION_RECORD_SCHEMA,
} from './schema.js'

export {formatIssue, parseYamlText} from '../shared/yaml-check.js'
/** One problem in one record file: file, line, column, field, message. */
export type RecordIssue = YamlIssue

/** Records are small text files; anything larger is not one (and would only slow a folder scan). */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024

type Validator = 'decision' | 'decision-draft' | 'decision-v1' | 'organization' | 'organization-profile' | 'record'

const validators = new Map<Validator, ValidateFunction>()

function validatorFor(kind: Validator): ValidateFunction {
  let validate = validators.get(kind)
  if (!validate) {
    const schema = {
      decision: DECISION_RECORD_SCHEMA,
      'decision-draft': DECISION_DRAFT_SCHEMA,
      'decision-v1': DECISION_RECORD_SCHEMA_V1,
      organization: ORGANIZATION_RECORD_SCHEMA,
      'organization-profile': ORGANIZATION_PROFILE_SCHEMA,
      record: DAO_RECORD_SCHEMA,
    }[kind]
    validate = compileSchema(schema)
    validators.set(kind, validate)
  }

  return validate
}

/** Checks a parsed value against a schema and maps every ajv error to file:line:col and field. */
/** Checks a parsed record against its schema, then what a schema cannot say; every problem positioned. */
export function schemaIssues(parsed: ParsedYaml, file: string, kind: Validator): RecordIssue[] {
  const issues = schemaErrors(parsed, file, validatorFor(kind))
  const seen = new Set(issues.map(formatIssue))
  for (const issue of semanticIssues(parsed, file)) {
    const key = formatIssue(issue)
    if (!seen.has(key)) {
      seen.add(key)
      issues.push(issue)
    }
  }

  return issues.sort((a, b) => a.line - b.line || a.col - b.col || a.field.localeCompare(b.field))
}

/** What a schema cannot say: real calendar dates, no self-links, text that is valid Unicode. */
function semanticIssues(parsed: ParsedYaml, file: string): RecordIssue[] {
  const issues: RecordIssue[] = []
  const at = (segments: Array<number | string>, message: string) => issues.push({...positionOf(parsed, segments), field: fieldName(segments), file, message})
  const value = parsed.value as Record<string, unknown>
  for (const key of ['date', 'founded'] as const) {
    if (typeof value[key] === 'string' && !isRealDate(value[key] as string)) at([key], 'is not a real calendar date')
  }

  const generated = value.generated as Record<string, unknown> | undefined
  if (typeof generated?.timestamp === 'string' && Number.isNaN(Date.parse(generated.timestamp))) {
    at(['generated', 'timestamp'], 'is not a real date and time')
  }

  for (const key of ['supersedes', 'superseded_by'] as const) {
    if (value[key] !== null && value[key] !== undefined && value[key] === value.id) at([key], 'cannot point at the record itself')
  }

  if (value.supersedes !== null && value.supersedes !== undefined && value.supersedes === value.superseded_by) {
    at(['superseded_by'], 'cannot equal supersedes')
  }

  for (const key of ['contradictions_resolved', 'open_contradictions'] as const) {
    const list = value[key]
    if (!Array.isArray(list)) continue
    const ids = new Map<unknown, number>()
    for (const [index, item] of list.entries()) {
      const id = (item as {id?: unknown}).id
      if (ids.has(id)) at([key, index, 'id'], `repeats ${key}[${ids.get(id)}]`)
      else ids.set(id, index)
    }
  }

  // The history is a chain: each change starts where the previous one ended, in time order.
  const history = value.status_history
  if (Array.isArray(history)) {
    for (const [index, item] of history.entries()) {
      const change = item as {at?: unknown; from?: unknown; to?: unknown}
      if (change.from === change.to) at(['status_history', index, 'to'], 'is the same status as from')
      if (index === 0) continue
      const previous = history[index - 1] as {at?: unknown; to?: unknown}
      if (change.from !== previous.to) at(['status_history', index, 'from'], `must be ${JSON.stringify(previous.to)}, where status_history[${index - 1}] ended`)
      if (typeof change.at === 'string' && typeof previous.at === 'string' && Date.parse(change.at) < Date.parse(previous.at)) {
        at(['status_history', index, 'at'], `is earlier than status_history[${index - 1}]`)
      }
    }
  }

  walkStrings(value, [], (segments, text) => {
    if (LONE_SURROGATE.test(text)) at(segments, 'contains a lone UTF-16 surrogate (not valid Unicode text)')
  })
  return issues
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function walkStrings(value: unknown, segments: Array<number | string>, visit: (segments: Array<number | string>, text: string) => void): void {
  if (typeof value === 'string') visit(segments, value)
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) walkStrings(item, [...segments, i], visit)
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walkStrings(v, [...segments, k], visit)
}

function isRealDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) return false
  const [y, m, d] = match.slice(1).map(Number)
  const probe = new Date(Date.UTC(y, m - 1, d))
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d
}

export interface RecordFileResult {
  file: string
  issues: RecordIssue[]
  record?: DaoRecord
  valid: boolean
}

/**
 * Validates one record file. Content problems (YAML syntax, schema, semantics) come back as issues;
 * a file that cannot be read as text at all (missing, directory, binary, huge) throws an InputError.
 */
export function validateRecordFile(file: string): RecordFileResult {
  const text = readTextFile(file, {maxBytes: MAX_RECORD_BYTES, what: 'record'})
  return validateRecordText(text, file)
}

export function validateRecordText(text: string, file: string): RecordFileResult {
  const {issues, parsed} = parseYamlText(text, file)
  if (!parsed) return {file, issues, valid: false}
  const value = parsed.value
  if (value === null || value === undefined) {
    return {file, issues: [{col: 1, field: '(record)', file, line: 1, message: 'is empty; expected a YAML mapping'}], valid: false}
  }

  if (typeof value !== 'object' || Array.isArray(value)) {
    return {file, issues: [{...positionOf(parsed, []), field: '(record)', file, message: 'must be a YAML mapping (key: value)'}], valid: false}
  }

  const type = (value as {record_type?: unknown}).record_type
  if (type !== 'decision' && type !== 'organization') {
    // Which schema applies depends on record_type: without a known one, that is the only thing to say.
    const message = type === undefined ? 'is required' : 'must be "decision" or "organization"'
    const at = type === undefined ? positionOf(parsed, []) : positionOf(parsed, ['record_type'])
    return {file, issues: [{...at, field: 'record_type', file, message}], valid: false}
  }

  // A decision record without schema_version was written under schema 1: read it by that schema.
  const kind = type === 'organization' ? type : Object.hasOwn(value, 'schema_version') ? 'decision' : 'decision-v1'
  const found = schemaIssues(parsed, file, kind)
  if (found.length > 0) return {file, issues: found, valid: false}
  return {file, issues: [], record: withDefaults(value as DaoRecord), valid: true}
}

/** Optional lists and links of a hand-written record, filled in so code can rely on them. */
function withDefaults(record: DaoRecord): DaoRecord {
  if (record.record_type !== 'decision') return record
  return {
    ...record,
    artifacts: record.artifacts ?? [],
    consequences: record.consequences ?? null,
    context: record.context ?? null,
    contradictions_resolved: record.contradictions_resolved ?? [],
    superseded_by: record.superseded_by ?? null,
    supersedes: record.supersedes ?? null,
    ...(record.schema_version === undefined
      ? {}
      : {
          considered_options: record.considered_options ?? [],
          decision_drivers: record.decision_drivers ?? [],
          open_contradictions: record.open_contradictions ?? [],
          status_history: record.status_history ?? [],
        }),
  }
}

/** Loads a valid record or throws one InputError naming the first problem (and how many more). */
export function loadRecord(file: string): DaoRecord {
  const result = validateRecordFile(file)
  if (!result.valid || !result.record) throw invalidRecordError(result)
  return result.record
}

export function invalidRecordError(result: RecordFileResult, what = 'record'): InputError {
  const [first, ...rest] = result.issues
  const how = what === 'record' ? `; run: khaos dao validate ${result.file}` : ''
  const more = rest.length > 0 ? ` (and ${rest.length} more${how})` : ''
  return new InputError(`invalid ${what} ${formatIssue(first)}${more}`, {code: 'INVALID_RECORD'})
}
