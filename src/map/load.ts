import {InputError} from '../shared/errors.js'
import {readTextFile} from '../shared/input.js'
import type {MapClaim, MapFinding, MapRecord, MapTension} from './fragment.js'

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

  object(obj: Json, key: string, path: string): Json {
    const value = obj[key]
    return isObject(value) ? value : this.fail(join(path, key), 'an object')
  }
}

function claim(f: Fields, obj: Json, path: string): MapClaim {
  const line = f.optionalNumber(obj, 'line', path)
  return {
    line,
    participant: f.optionalString(obj, 'participant', path),
    source: f.optionalString(obj, 'source', path),
    text: f.string(obj, 'text', path),
  }
}

export interface LoadedAnalysis {
  findings: MapFinding[]
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
      tension = {id: f.string(t, 'id', `${path}.tension`), name: f.string(t, 'name', `${path}.tension`), resolution: f.optionalString(t, 'resolution', `${path}.tension`)}
    }

    return {
      a: claim(f, f.object(finding, 'a', path), `${path}.a`),
      b: claim(f, f.object(finding, 'b', path), `${path}.b`),
      id: f.string(finding, 'id', path),
      kind: f.string(finding, 'kind', path),
      score: f.optionalNumber(finding, 'score', path),
      subject: f.optionalTerms(finding, 'subject', path),
      tension,
    }
  })

  let participants: string[] = []
  if (root.participants !== undefined) {
    if (!Array.isArray(root.participants) || !root.participants.every((p) => typeof p === 'string')) f.fail('participants', 'a list of strings')
    participants = root.participants as string[]
  }

  return {findings, participants}
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
