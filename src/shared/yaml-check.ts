import {Ajv2020, type ErrorObject, type ValidateFunction} from 'ajv/dist/2020.js'
import {type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument} from 'yaml'

/**
 * YAML checked against a JSON Schema with every problem positioned (`file:line:col field: message`), the way
 * compilers report, so terminals and editors link it. Used by the records and by every catalog (shared/catalog.ts).
 */

/** One problem in one file, positioned so an editor can jump to it: `file:line:col field: message`. */
export interface YamlIssue {
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

/** Formats an issue the way compilers do, so terminals and editors link it. */
export function formatIssue(issue: YamlIssue): string {
  return `${issue.file}:${issue.line}:${issue.col} ${issue.field}: ${issue.message}`
}

/**
 * Parses YAML text keeping positions. Returns the syntax problems as issues (never throws on bad YAML).
 * Aliases are capped, so a "billion laughs" file cannot blow up memory.
 */
export function parseYamlText(text: string, file: string): {issues: YamlIssue[]; parsed?: ParsedYaml} {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter, prettyErrors: true, uniqueKeys: true})
  const issues: YamlIssue[] = doc.errors.map((error) => {
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
export function pathSegments(instancePath: string): Array<number | string> {
  if (instancePath === '') return []
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
}

/** `participants.consulted[0]`: how a person names a field. */
export function fieldName(segments: Array<number | string>, rootName = '(record)'): string {
  let out = ''
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`
    else out += /^[A-Za-z0-9_-]+$/.test(segment) ? `${out === '' ? '' : '.'}${segment}` : `[${JSON.stringify(segment)}]`
  }

  return out === '' ? rootName : out
}

/**
 * Finds where a field is written: the key of a mapping entry or the start of a sequence item, so the
 * reported line is the one holding the field's name. Falls back to the nearest ancestor that exists.
 */
export function positionOf(parsed: ParsedYaml, segments: Array<number | string>): {col: number; line: number} {
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
      // A schema that takes x- extensions says so: the user's way to add a field of their own.
      const extensions = Object.keys((error.parentSchema as {patternProperties?: object} | undefined)?.patternProperties ?? {}).includes('^x-')
      return {extra: String(p.additionalProperty), message: `is not a known field${extensions ? ' (extensions must start with "x-")' : ''}`}
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

let ajv: Ajv2020 | undefined

/**
 * Compiles a schema with the one ajv (JSON Schema 2020-12) every area uses. The schemas are constants checked
 * against the meta-schema by tests, so it is not compiled on every run; with the code optimiser off too,
 * compiling fell from ~250 ms to ~80 ms here.
 */
export function compileSchema(schema: object): ValidateFunction {
  ajv ??= new Ajv2020({
    allErrors: true,
    allowUnionTypes: true,
    code: {optimize: false},
    discriminator: true,
    strict: true,
    strictRequired: false,
    validateSchema: false,
    // parentSchema in errors: an unknown field's message says whether the schema takes x- extensions.
    verbose: true,
  })
  return ajv.compile(schema)
}

/** Checks a parsed value with `validate` and maps every ajv error to file:line:col and field, sorted, once each. */
export function schemaErrors(parsed: ParsedYaml, file: string, validate: ValidateFunction, rootName = '(record)'): YamlIssue[] {
  const errors = validate(parsed.value) ? [] : (validate.errors ?? [])
  const seen = new Set<string>()
  const issues: YamlIssue[] = []
  for (const error of errors) {
    // if/then and oneOf wrappers only repeat what their inner errors already say; a missing tag is a `required`.
    if (error.keyword === 'if' || error.keyword === 'oneOf') continue
    if (error.keyword === 'discriminator' && (error.params as {error?: string}).error !== 'mapping') continue
    const segments = error.keyword === 'discriminator' ? ['record_type'] : pathSegments(error.instancePath)
    const {extra, message} = describeError(error)
    const fieldSegments = extra === undefined ? segments : [...segments, extra]
    // For an unknown key, point at the key itself; for a missing one, at its parent.
    const at = error.keyword === 'additionalProperties' ? fieldSegments : segments
    const issue = {...positionOf(parsed, at), field: fieldName(fieldSegments, rootName), file, message}
    const key = formatIssue(issue)
    if (!seen.has(key)) {
      seen.add(key)
      issues.push(issue)
    }
  }

  return issues
}
