import {InputError} from '../shared/errors.js'
import {readTextFile} from '../shared/input.js'
import type {MapAgreement, MapClaim, MapFinding, MapRecord, MapTension} from './fragment.js'

/**
 * Loose readers for the contradiction engine's analysis.json and a DAO record, taking only the fields the
 * map shows. Unknown fields are ignored; a missing or mistyped field that the map needs is an InputError
 * naming the file and the field path.
 */

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`
}

class Fields {
  constructor(private readonly file: string) {}

  fail(path: string, expected: string): never {
    throw new InputError(`${this.file}: ${path}: expected ${expected}`, {code: 'BAD_FIELD'})
  }

  string(obj: Json, key: string, path: string): string {
    const value = obj[key]
    if (typeof value === 'string') return value
    if (typeof value === 'number' && Number.isFinite(value)) return String(value)
    return this.fail(join(path, key), 'a string')
  }

  optionalString(obj: Json, key: string, path: string): string | undefined {
    return obj[key] === undefined || obj[key] === null ? undefined : this.string(obj, key, path)
  }

  /** A string, or a list of terms (the engine writes a finding's subject as its shared terms), joined. */
  optionalTerms(obj: Json, key: string, path: string): string | undefined {
    const value = obj[key]
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ')
    return this.optionalString(obj, key, path)
  }

  optionalNumber(obj: Json, key: string, path: string): number | undefined {
    const value = obj[key]
    if (value === undefined || value === null) return undefined
    if (typeof value === 'number' && Number.isFinite(value)) return value
    return this.fail(join(path, key), 'a number')
  }

  optionalBoolean(obj: Json, key: string, path: string): boolean | undefined {
    const value = obj[key]
    if (value === undefined || value === null) return undefined
    return typeof value === 'boolean' ? value : this.fail(join(path, key), 'true or false')
  }

  optionalDecisionPoint(obj: Json, key: string, path: string): {heading: string; key: string} | undefined {
    const value = obj[key]
    if (value === undefined || value === null) return undefined
    const point = this.object(obj, key, path)
    return {heading: this.string(point, 'heading', join(path, key)), key: this.string(point, 'key', join(path, key))}
  }

  object(obj: Json, key: string, path: string): Json {
    const value = obj[key]
    return isObject(value) ? value : this.fail(join(path, key), 'an object')
  }
}

function claim(f: Fields, obj: Json, path: string): MapClaim {
  const line = f.optionalNumber(obj, 'line', path)
  const sentence = f.optionalString(obj, 'sentence', path)
  return {
    line,
    participant: f.optionalString(obj, 'participant', path),
    ...(sentence === undefined ? {} : {sentence}),
    source: f.optionalString(obj, 'source', path),
    text: f.string(obj, 'text', path),
  }
}

/** The v2 fields of a finding, each only when present (an analysis of version 1 has none). */
function v2Fields(f: Fields, finding: Json, path: string): Partial<MapFinding> {
  const scope = f.optionalString(finding, 'scope', path)
  if (scope !== undefined && scope !== 'between' && scope !== 'internal') f.fail(join(path, 'scope'), '"between" or "internal"')
  const fields: Partial<MapFinding> = {
    confidence: f.optionalNumber(finding, 'confidence', path),
    decisionPoint: f.optionalDecisionPoint(finding, 'decisionPoint', path),
    evidence: f.optionalString(finding, 'evidence', path),
    explanation: f.optionalString(finding, 'explanation', path),
    lowConfidence: f.optionalBoolean(finding, 'lowConfidence', path),
    scope: scope as MapFinding['scope'],
  }
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined))
}

export interface LoadedAnalysis {
  findings: MapFinding[]
  agreements: MapAgreement[]
  participants: string[]
}

/** Parses analysis JSON text: `{findings: [{id, kind, score?, subject?, a, b, tension?}], participants?}`. */
export function parseAnalysis(text: string, file: string): LoadedAnalysis {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message})`, {code: 'BAD_JSON'})
  }

  return analysisFromData(data, file)
}

/** The same for already-parsed data (the pipeline holds the engine's result in memory); `file` names it in errors. */
export function analysisFromData(data: unknown, file: string): LoadedAnalysis {
  const f = new Fields(file)
  if (!isObject(data)) f.fail('(top level)', 'an object with a "findings" list')
  const root = data as Json
  if (!Array.isArray(root.findings)) f.fail('findings', 'a list')
  const findings = (root.findings as unknown[]).map((item, i): MapFinding => {
    const path = `findings[${i}]`
    if (!isObject(item)) f.fail(path, 'an object')
    const finding = item as Json
    let tension: MapTension | undefined
    if (finding.tension !== undefined && finding.tension !== null) {
      const t = f.object(finding, 'tension', path)
      tension = {
        id: f.string(t, 'id', `${path}.tension`),
        name: f.string(t, 'name', `${path}.tension`),
        resolution: f.optionalString(t, 'resolution', `${path}.tension`),
      }
    }

    return {
      a: claim(f, f.object(finding, 'a', path), `${path}.a`),
      b: claim(f, f.object(finding, 'b', path), `${path}.b`),
      id: f.string(finding, 'id', path),
      kind: f.string(finding, 'kind', path),
      score: f.optionalNumber(finding, 'score', path),
      subject: f.optionalTerms(finding, 'subject', path),
      tension,
      ...v2Fields(f, finding, path),
    }
  })

  let agreements: MapAgreement[] = []
  if (root.agreements !== undefined && root.agreements !== null) {
    if (!Array.isArray(root.agreements)) f.fail('agreements', 'a list')
    agreements = (root.agreements as unknown[]).map((item, i): MapAgreement => {
      const path = `agreements[${i}]`
      if (!isObject(item)) f.fail(path, 'an object')
      const agreement = item as Json
      if (!Array.isArray(agreement.claims)) f.fail(`${path}.claims`, 'a list')
      return {
        claims: (agreement.claims as unknown[]).map((c, j) =>
          isObject(c) ? claim(f, c, `${path}.claims[${j}]`) : f.fail(`${path}.claims[${j}]`, 'an object'),
        ),
        decisionPoint: f.optionalDecisionPoint(agreement, 'decisionPoint', path) ?? f.fail(`${path}.decisionPoint`, 'an object'),
        explanation: f.string(agreement, 'explanation', path),
        id: f.string(agreement, 'id', path),
      }
    })
  }

  let participants: string[] = []
  if (root.participants !== undefined) {
    if (!Array.isArray(root.participants) || !root.participants.every((p) => typeof p === 'string')) f.fail('participants', 'a list of strings')
    participants = root.participants as string[]
  }

  return {agreements, findings, participants}
}

export function loadAnalysis(path: string): LoadedAnalysis {
  return parseAnalysis(readTextFile(path, {maxBytes: 256 * 1024 * 1024, what: 'analysis'}), path)
}

/** Reads a DAO record's id (or record_id), title and status from its YAML. */
export async function loadRecord(path: string): Promise<MapRecord> {
  const text = readTextFile(path, {what: 'record'})
  const {parse} = await import('yaml')
  let data: unknown
  try {
    data = parse(text)
  } catch (error) {
    throw new InputError(`record ${path}: not valid YAML (${(error as Error).message.split('\n')[0]})`, {code: 'BAD_YAML'})
  }

  const f = new Fields(`record ${path}`)
  if (!isObject(data)) f.fail('(top level)', 'a mapping')
  const record = data as Json
  const id = record.id === undefined ? f.string(record, 'record_id', '') : f.string(record, 'id', '')
  return {id, path, status: f.string(record, 'status', ''), title: f.string(record, 'title', '')}
}
