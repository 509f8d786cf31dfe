import {createHash} from 'node:crypto'
import {createReadStream, existsSync, readFileSync, statSync} from 'node:fs'
import {dirname, join, relative, resolve, sep} from 'node:path'

import {InputError} from '../shared/errors.js'
import {readTextFile} from '../shared/input.js'
import {assertSafeName} from '../shared/names.js'
import {writeFilesAtomic, type PlannedWrite} from '../shared/atomic.js'
import {
  type ArtifactRef,
  type ConsideredOption,
  type ContradictionResolved,
  type DecisionRecord,
  type Generated,
  type OpenContradiction,
  type OrganizationRecord,
  type Participants,
  RECORD_STATUSES,
  type RecordStatus,
  SCHEMA_VERSION,
  schemaVersionOf,
} from './schema.js'
import {shownPath} from './paths.js'
import {serializeRecord} from './serialize.js'
import {allocateId, DEFAULT_RECORDS_DIR, findRecordById, withFolderLock} from './store.js'
import {invalidRecordError, MAX_RECORD_BYTES, parseYamlText, schemaIssues, validateRecordText} from './validate.js'

export interface DecisionInput {
  artifacts?: ArtifactRef[]
  /** Who supersedes an older record (its status_history names them); default "khaos". */
  changedBy?: string
  consequences?: null | string
  /** MADR's considered options: each participant's position per decision point. */
  consideredOptions?: ConsideredOption[]
  context?: null | string
  contradictionsResolved?: ContradictionResolved[]
  /** The outcome; null or absent while it is to be decided. */
  decision?: null | string
  decisionDrivers?: string[]
  /** Contradictions left open for the decision makers, with their quotes and explanation. */
  openContradictions?: OpenContradiction[]
  /** `x-…` keys, written as they are after the standard fields. */
  extensions?: Record<string, unknown>
  /** An array means: all of them are decision makers. */
  participants?: Partial<Participants> | string[]
  sessionId: string
  status?: RecordStatus
  /** The id of a record in the same folder that this one replaces; that record is rewritten as superseded. */
  supersedes?: number
  /** ISO 8601 UTC, from resolveTimestamp(): the record's date and its generated.timestamp. */
  timestamp: string
  title?: string
  topic: string
}

export interface WriteTarget {
  /** The records folder (default ./dao_records); the file is dao_record_<session>.yaml in it. */
  dir?: string
  /** Who wrote the record: defaults to khaos and this package's version. */
  generator?: {tool: string; version: string}
  /** An explicit file path; its folder is the records folder (ids and supersession are per folder). */
  out?: string
  /** Replace an existing file (the --force flag). */
  overwrite?: boolean
}

export interface CreatedRecord<R> {
  path: string
  record: R
  /** The superseded record, rewritten with status superseded and superseded_by. */
  superseded?: {path: string; record: DecisionRecord; yaml: string}
  yaml: string
}

let packageVersion: string | undefined
function defaultGenerator(): {tool: string; version: string} {
  // src/records and dist/records are both two levels below the package root.
  packageVersion ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string}).version
  return {tool: 'khaos', version: packageVersion}
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/

function generatedBlock(timestamp: string, target: WriteTarget): Generated {
  if (!ISO_UTC.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
    throw new InputError(`invalid timestamp ${JSON.stringify(timestamp)}: expected ISO 8601 UTC like 2026-01-31T12:00:00Z (use resolveTimestamp)`)
  }

  const {tool, version} = target.generator ?? defaultGenerator()
  return {timestamp, tool, version}
}

function cleanLine(value: string, what: string): string {
  const trimmed = value.trim()
  if (trimmed === '') throw new InputError(`${what} is empty`)
  if (/[\r\n]/.test(trimmed)) throw new InputError(`${what} must be one line (it contains a line break)`)
  return trimmed
}

/** Splits participants into roles, trimming names and refusing a name given twice or in two roles. */
export function normalizeParticipants(input: DecisionInput['participants']): Participants {
  const roles = Array.isArray(input) ? {decision_makers: input} : (input ?? {})
  const out: Participants = {consulted: [], decision_makers: [], informed: []}
  const seen = new Map<string, string>()
  for (const role of ['decision_makers', 'consulted', 'informed'] as const) {
    for (const raw of roles[role] ?? []) {
      const name = cleanLine(raw, `participant name in ${role}`)
      const earlier = seen.get(name)
      if (earlier === role) continue // the same name twice in one role: once is enough
      if (earlier) throw new InputError(`participant ${JSON.stringify(name)} is listed as both ${earlier} and ${role}`)
      seen.set(name, role)
      out[role].push(name)
    }
  }

  return out
}

function resolveTarget(target: WriteTarget, defaultName: string): {dir: string; path: string} {
  let dir: string
  let path: string
  if (target.out === undefined) {
    dir = resolve(target.dir ?? DEFAULT_RECORDS_DIR)
    path = join(dir, defaultName)
  } else {
    if (target.out.trim() === '') throw new InputError('--out is empty')
    path = resolve(target.out)
    dir = dirname(path)
  }

  // Checked before anything is written, so a wrong path never burns an id.
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError(`records folder ${shownPath(dir)} is not a directory`)
  if (existsSync(path) && !statSync(path).isFile()) throw new InputError(`${shownPath(path)} is not a regular file; choose another --out`)
  return {dir, path}
}

/**
 * Refuses to replace a record that is part of a supersession chain: the other record would be left pointing
 * at an id that no longer exists. Superseding it with a new record is the way to change it.
 */
function assertReplaceable(path: string, overwrite: boolean | undefined): void {
  if (!existsSync(path)) return
  if (!overwrite) throw new InputError(`${shownPath(path)} already exists; pass --force to overwrite it`, {code: 'EXISTS'})
  let text: string
  try {
    text = readTextFile(path, {maxBytes: MAX_RECORD_BYTES, what: 'existing record'})
  } catch {
    return // not a readable record: replacing it loses no links
  }

  const existing = validateRecordText(text, path).record
  if (existing?.record_type === 'decision' && (existing.supersedes !== null || existing.superseded_by !== null)) {
    const link = existing.superseded_by === null ? `supersedes ${existing.supersedes}` : `is superseded by ${existing.superseded_by}`
    throw new InputError(`refusing to overwrite ${shownPath(path)}: record ${existing.id} ${link}`, {
      code: 'LINKED',
      hint: 'write a new record with --supersedes instead',
    })
  }
}

/** Refuses text that would not survive the trip to UTF-8 and back. */
function assertText(value: unknown, what: string): void {
  if (typeof value === 'string' && /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)) {
    throw new InputError(`${what} contains a lone UTF-16 surrogate (not valid Unicode text)`)
  }
}

/** Checks a record khaos is about to write against the schema, so no invalid record is ever written. */
export function assertValidOutput(yaml: string, path: string): void {
  const result = validateRecordText(yaml, path)
  if (!result.valid) {
    const first = result.issues[0]
    throw new InputError(`refusing to write an invalid record: ${first.field}: ${first.message}`, {code: 'INVALID_INPUT'})
  }
}

/**
 * Writes a new decision record: allocates the folder's next id, and with `supersedes` rewrites the old record
 * (status superseded, superseded_by) in the same atomic step. Returns the record, its path and its YAML.
 */
export function createDecisionRecord(input: DecisionInput, target: WriteTarget = {}): CreatedRecord<DecisionRecord> {
  const sessionId = assertSafeName(input.sessionId, 'session id')
  const topic = cleanLine(input.topic ?? '', 'topic')
  const title = input.title === undefined ? topic : cleanLine(input.title, 'title')
  const status = input.status ?? 'proposed'
  if (!RECORD_STATUSES.includes(status)) throw new InputError(`invalid status ${JSON.stringify(status)}: use one of ${RECORD_STATUSES.join(', ')}`)
  if (status === 'superseded') {
    throw new InputError('a new record cannot start as superseded; it becomes superseded when a later record passes --supersedes')
  }

  if (status === 'accepted' && (input.decision === undefined || input.decision === null || input.decision.trim() === '')) {
    throw new InputError('an accepted record says what was decided: pass --decision (or write decision: in the draft), or leave it proposed', {
      code: 'NO_DECISION',
    })
  }

  if (input.supersedes !== undefined && (!Number.isSafeInteger(input.supersedes) || input.supersedes < 1)) {
    throw new InputError(`invalid --supersedes ${JSON.stringify(input.supersedes)}: expected a record id (a positive integer)`)
  }

  for (const [what, value] of Object.entries({consequences: input.consequences, context: input.context, decision: input.decision, title, topic})) {
    assertText(value, what)
  }

  const generated = generatedBlock(input.timestamp, target)
  const participants = normalizeParticipants(input.participants)
  const artifacts = [...(input.artifacts ?? [])].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const contradictions = (input.contradictionsResolved ?? []).map((c) => ({...c}))
  const {dir, path} = resolveTarget(target, `dao_record_${sessionId}.yaml`)
  assertReplaceable(path, target.overwrite)

  const extensions = Object.entries(input.extensions ?? {})
  const badKey = extensions.find(([key]) => !/^x-./.test(key))
  if (badKey) throw new InputError(`extension key ${JSON.stringify(badKey[0])} must start with "x-"`)
  const build = (id: number, supersedes: null | number): DecisionRecord => ({
    ...Object.fromEntries(extensions),
    artifacts,
    consequences: input.consequences ?? null,
    considered_options: (input.consideredOptions ?? []).map((o) => ({...o, options: o.options.map((p) => ({...p}))})),
    context: input.context ?? null,
    contradictions_resolved: contradictions,
    date: generated.timestamp.slice(0, 10),
    decision: input.decision ?? null,
    decision_drivers: [...(input.decisionDrivers ?? [])],
    generated,
    id,
    open_contradictions: (input.openContradictions ?? []).map((c) => ({...c, claims: c.claims.map((q) => ({...q}))})),
    participants,
    record_type: 'decision',
    schema_version: SCHEMA_VERSION,
    session_id: sessionId,
    status,
    status_history: [],
    superseded_by: null,
    supersedes,
    title,
    topic,
  })
  // Check the input before taking an id, so bad input never burns one (the placeholder id is never written).
  assertValidOutput(serializeRecord(build(Number.MAX_SAFE_INTEGER, input.supersedes ?? null)), path)

  // Without the folder there is nothing to supersede: say so before creating anything.
  if (input.supersedes !== undefined && !existsSync(dir)) {
    throw new InputError(`no record with id ${input.supersedes} in ${shownPath(dir)} (the folder does not exist)`, {code: 'NO_SUCH_RECORD'})
  }

  return withFolderLock(dir, () => {
    let old: {file: string; record: DecisionRecord} | undefined
    if (input.supersedes !== undefined) {
      const found = findRecordById(dir, input.supersedes)
      if (found.record.record_type !== 'decision') throw new InputError(`record ${input.supersedes} is an organization profile, not a decision`)
      if (found.record.superseded_by !== null) {
        throw new InputError(`record ${input.supersedes} is already superseded by record ${found.record.superseded_by}`, {
          hint: `supersede the current one instead; see: khaos dao list --dir ${shownPath(dir)}`,
        })
      }

      if (resolve(found.file) === path) throw new InputError(`record ${input.supersedes} is ${path} itself; write the new record to another file`)
      old = {file: found.file, record: found.record}
    }

    const id = allocateId(dir)
    const record = build(id, old ? old.record.id : null)
    const yaml = serializeRecord(record)
    assertValidOutput(yaml, path)
    const writes: PlannedWrite[] = [{data: yaml, overwrite: Boolean(target.overwrite), path}]
    let superseded: CreatedRecord<DecisionRecord>['superseded']
    if (old) {
      const updated: DecisionRecord = {...old.record, status: 'superseded', superseded_by: id}
      // A schema-2 record keeps its history; a schema-1 record has none and stays as it was written.
      if (schemaVersionOf(old.record) >= 2) {
        const change = {
          at: generated.timestamp,
          by: input.changedBy ?? 'khaos',
          from: old.record.status,
          note: `superseded by record ${id}`,
          to: 'superseded' as const,
        }
        updated.status_history = [...(old.record.status_history ?? []), change]
      }

      const oldYaml = serializeRecord(updated)
      assertValidOutput(oldYaml, old.file)
      writes.push({data: oldYaml, overwrite: true, path: old.file})
      superseded = {path: old.file, record: updated, yaml: oldYaml}
    }

    writeFilesAtomic(writes)
    return {path, record, superseded, yaml}
  })
}

/** Reads and checks a user YAML file against one of the input schemas, naming file, line and field on a problem. */
function readUserYaml(file: string, kind: 'decision-draft' | 'organization-profile', what: string): Record<string, unknown> {
  const text = readTextFile(file, {maxBytes: MAX_RECORD_BYTES, what})
  const {issues, parsed} = parseYamlText(text, file)
  if (!parsed) throw invalidRecordError({file, issues, valid: false}, what)
  const value = parsed.value
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`invalid ${what} ${file}: expected a YAML mapping (key: value)`)
  }

  const found = schemaIssues(parsed, file, kind)
  if (found.length > 0) throw invalidRecordError({file, issues: found, valid: false}, what)
  return value as Record<string, unknown>
}

/**
 * Reads a decision draft (`khaos dao record --from FILE`) into createDecisionRecord's input. Fields missing
 * from the draft (typically the session id) come from the flags.
 */
export function readDecisionDraft(file: string): Partial<DecisionInput> {
  const draft = readUserYaml(file, 'decision-draft', 'draft')
  const extensions = Object.fromEntries(Object.entries(draft).filter(([key]) => key.startsWith('x-')))
  const has = (key: string) => Object.hasOwn(draft, key)
  const out: Partial<DecisionInput> = {}
  if (has('topic')) out.topic = draft.topic as string
  if (has('title')) out.title = draft.title as string
  if (has('session_id')) out.sessionId = draft.session_id as string
  if (has('status')) out.status = draft.status as DecisionInput['status']
  if (has('participants')) out.participants = draft.participants as Partial<Participants>
  for (const key of ['context', 'decision', 'consequences'] as const) if (has(key)) out[key] = draft[key] as null | string
  if (has('contradictions_resolved')) out.contradictionsResolved = draft.contradictions_resolved as ContradictionResolved[]
  if (has('decision_drivers')) out.decisionDrivers = draft.decision_drivers as string[]
  if (has('considered_options')) out.consideredOptions = draft.considered_options as ConsideredOption[]
  if (has('open_contradictions')) out.openContradictions = draft.open_contradictions as OpenContradiction[]
  if (has('supersedes') && draft.supersedes !== null) out.supersedes = draft.supersedes as number
  if (Object.keys(extensions).length > 0) out.extensions = extensions
  return out
}

/**
 * Reads the user's own organization profile (YAML) and checks it, naming file, line and field on a problem.
 * khaos ships no organization data of its own: everything in the record comes from this file.
 */
export function readOrganizationProfile(file: string): Record<string, unknown> {
  return readUserYaml(file, 'organization-profile', 'profile')
}

/** Writes the organization profile record (default ./dao_records/organization.yaml). */
export function createOrganizationRecord(
  profile: Record<string, unknown>,
  options: {timestamp: string},
  target: WriteTarget = {},
): CreatedRecord<OrganizationRecord> {
  const generated = generatedBlock(options.timestamp, target)
  const {dir, path} = resolveTarget(target, 'organization.yaml')
  assertReplaceable(path, target.overwrite)
  const build = (id: number) => ({...profile, generated, id, record_type: 'organization'}) as OrganizationRecord
  assertValidOutput(serializeRecord(build(Number.MAX_SAFE_INTEGER)), path)
  return withFolderLock(dir, () => {
    const record = build(allocateId(dir))
    const yaml = serializeRecord(record)
    assertValidOutput(yaml, path)
    writeFilesAtomic([{data: yaml, overwrite: Boolean(target.overwrite), path}])
    return {path, record, yaml}
  })
}

/** Hashes files for a record's `artifacts`, each path written relative to the records folder. */
export async function artifactRefs(files: string[], recordsDir: string): Promise<ArtifactRef[]> {
  const refs: ArtifactRef[] = []
  for (const file of files) {
    let stats
    try {
      stats = statSync(file)
    } catch {
      throw new InputError(`artifact ${file}: no such file`, {code: 'ENOENT'})
    }

    if (!stats.isFile()) throw new InputError(`artifact ${file}: not a regular file`)
    const hash = createHash('sha256')
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
    refs.push({path: relative(recordsDir, resolve(file)).split(sep).join('/'), sha256: hash.digest('hex')})
  }

  return refs
}

/** The folder a record will be written to, given --out or --dir (for artifact paths and messages). */
export function recordsDirFor(target: WriteTarget): string {
  return target.out === undefined ? resolve(target.dir ?? DEFAULT_RECORDS_DIR) : dirname(resolve(target.out))
}
