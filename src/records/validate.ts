import {Ajv2020, type ErrorObject, type ValidateFunction} from 'ajv/dist/2020.js'
import {type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument} from 'yaml'

import {InputError} from '../shared/errors.js'
import {readTextFile} from '../shared/input.js'
import {
  type DaoRecord,
  DAO_RECORD_SCHEMA,
  DECISION_DRAFT_SCHEMA,
  DECISION_RECORD_SCHEMA,
  DECISION_RECORD_SCHEMA_V1,
  ORGANIZATION_PROFILE_SCHEMA,
  ORGANIZATION_RECORD_SCHEMA,
} from './schema.js'

/** Records are small text files; anything larger is not one (and would only slow a folder scan). */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024

/** One problem in one file, positioned so an editor can jump to it: `file:line:col field: message`. */
export interface RecordIssue {
  col: number
  field: string
  file: string
  line: number
  message: string
}

export interface ParsedYaml {
  doc: Document.Parsed
  lineCounter: LineCounter
  value: unknown
}

type Validator = 'decision' | 'decision-draft' | 'decision-v1' | 'organization' | 'organization-profile' | 'record'

let ajv: Ajv2020 | undefined
const validators = new Map<Validator, ValidateFunction>()

function validatorFor(kind: Validator): ValidateFunction {
  let validate = validators.get(kind)
  if (!validate) {
    // The schemas are constants checked against the 2020-12 meta-schema by a test, so the meta-schema need not be
    // compiled on every run; with the code optimiser off too, compiling fell from ~250 ms to ~80 ms here.
    ajv ??= new Ajv2020({
      allErrors: true,
      allowUnionTypes: true,
      code: {optimize: false},
      discriminator: true,
      strict: true,
      strictRequired: false,
      validateSchema: false,
    })
    const schema = {
      decision: DECISION_RECORD_SCHEMA,
      'decision-draft': DECISION_DRAFT_SCHEMA,
      'decision-v1': DECISION_RECORD_SCHEMA_V1,
      organization: ORGANIZATION_RECORD_SCHEMA,
      'organization-profile': ORGANIZATION_PROFILE_SCHEMA,
      record: DAO_RECORD_SCHEMA,
    }[kind]
    validate = ajv.compile(schema)
    validators.set(kind, validate)
  }

  return validate
}

/** Formats an issue the way compilers do, so terminals and editors link it. */
export function formatIssue(issue: RecordIssue): string {
  return `${issue.file}:${issue.line}:${issue.col} ${issue.field}: ${issue.message}`
}

/**
 * Parses YAML text keeping positions. Returns the syntax problems as issues (never throws on bad YAML).
 * Aliases are capped, so a "billion laughs" file cannot blow up memory.
 */
export function parseYamlText(text: string, file: string): {issues: RecordIssue[]; parsed?: ParsedYaml} {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter, prettyErrors: true, uniqueKeys: true})
  const issues: RecordIssue[] = doc.errors.map((error) => {
    const pos = error.linePos?.[0] ?? {col: 1, line: 1}
    return {col: pos.col, field: '(yaml)', file, line: pos.line, message: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}
  })
  if (issues.length > 0) return {issues}
  let value: unknown
  try {
    value = doc.toJS({maxAliasCount: 100})
  } catch (error) {
    return {issues: [{col: 1, field: '(yaml)', file, line: 1, message: (error as Error).message.split('\n')[0]}]}
  }

  return {issues: [], parsed: {doc, lineCounter, value}}
}

/** Path segments of an ajv instancePath (`/participants/consulted/0` → ['participants', 'consulted', 0]). */
function pathSegments(instancePath: string): Array<number | string> {
  if (instancePath === '') return []
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
}

/** `participants.consulted[0]`: how a person names a field. */
function fieldName(segments: Array<number | string>): string {
  let out = ''
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`
    else out += /^[A-Za-z0-9_-]+$/.test(segment) ? `${out === '' ? '' : '.'}${segment}` : `[${JSON.stringify(segment)}]`
  }

  return out === '' ? '(record)' : out
}

/**
 * Finds where a field is written: the key of a mapping entry or the start of a sequence item, so the
 * reported line is the one holding the field's name. Falls back to the nearest ancestor that exists.
 */
function positionOf(parsed: ParsedYaml, segments: Array<number | string>): {col: number; line: number} {
  let node: Node | null | undefined = parsed.doc.contents as Node | null
  let offset = node?.range?.[0] ?? 0
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment))
      if (!pair) break
      offset = (pair.key as Node).range?.[0] ?? offset
      node = pair.value as Node | null
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined
      if (!item) break
      offset = item.range?.[0] ?? offset
      node = item
    } else {
      break
    }
  }

  const {col, line} = parsed.lineCounter.linePos(offset)
  return {col, line}
}

function describeError(error: ErrorObject): {extra?: string; message: string} {
  const p = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required': {
      return {extra: String(p.missingProperty), message: 'is required'}
    }

    case 'additionalProperties': {
      return {extra: String(p.additionalProperty), message: 'is not a known field (extensions must start with "x-")'}
    }

    case 'enum': {
      return {message: `must be one of: ${(p.allowedValues as unknown[]).map(String).join(', ')}`}
    }

    case 'const': {
      return {message: `must be ${JSON.stringify(p.allowedValue)}`}
    }

    case 'type': {
      return {message: `must be ${String(p.type).replace(',', ' or ')}`}
    }

    case 'pattern': {
      return {message: patternMessage(String(p.pattern))}
    }

    case 'uniqueItems': {
      return {message: `has a duplicate (items ${p.j} and ${p.i} are equal)`}
    }

    case 'discriminator': {
      return {message: 'must be "decision" or "organization"'}
    }

    default: {
      return {message: error.message ?? error.keyword}
    }
  }
}

function patternMessage(pattern: string): string {
  if (pattern.startsWith('^[^\\s]')) return 'must be one trimmed, non-empty line of text'
  if (pattern === '\\S') return 'must not be empty or blank'
  if (pattern.includes('T\\d{2}')) return 'must be a UTC timestamp like 2026-01-31T12:00:00Z'
  if (pattern === '^\\d{4}-\\d{2}-\\d{2}$') return 'must be a date like 2026-01-31'
  if (pattern.includes('[0-9a-f]{64}')) return 'must be 64 lowercase hex digits (a SHA-256)'
  if (pattern.includes('A-Za-z0-9._-')) return 'must use only A-Z a-z 0-9 . _ -'
  return `must match ${pattern}`
}

/** Checks a parsed value against a schema and maps every ajv error to file:line:col and field. */
export function schemaIssues(parsed: ParsedYaml, file: string, kind: Validator): RecordIssue[] {
  const validate = validatorFor(kind)
  const errors = validate(parsed.value) ? [] : (validate.errors ?? [])
  const seen = new Set<string>()
  const issues: RecordIssue[] = []
  for (const error of errors) {
    // if/then and oneOf wrappers only repeat what their inner errors already say; a missing tag is a `required`.
    if (error.keyword === 'if' || error.keyword === 'oneOf') continue
    if (error.keyword === 'discriminator' && (error.params as {error?: string}).error !== 'mapping') continue
    const segments = error.keyword === 'discriminator' ? ['record_type'] : pathSegments(error.instancePath)
    const {extra, message} = describeError(error)
    const fieldSegments = extra === undefined ? segments : [...segments, extra]
    // For an unknown key, point at the key itself; for a missing one, at its parent.
    const at = error.keyword === 'additionalProperties' ? fieldSegments : segments
    const issue = {...positionOf(parsed, at), field: fieldName(fieldSegments), file, message}
    const key = formatIssue(issue)
    if (!seen.has(key)) {
      seen.add(key)
      issues.push(issue)
    }
  }

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
