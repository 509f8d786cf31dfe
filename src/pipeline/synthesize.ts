import {createHash} from 'node:crypto'
import {existsSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {isAbsolute, join, relative, resolve, sep} from 'node:path'

import {analyze, type Analysis, type AnalyzeInput, loadCatalog, mapParticipants, matchTensions, writeAnalysis} from '../contradictions/index.js'
import {groupDecisionPoints} from '../map/decision-points.js'
import {buildFragment, type MapRecord} from '../map/fragment.js'
import {analysisFromData, type LoadedAnalysis} from '../map/load.js'
import {mergeFragments, mergeIntoFile, starterMap} from '../map/merge.js'
import type {SigningKey} from '../notary/keys.js'
import {MANIFEST, MANIFEST_SIG, PUBLIC_KEY, minisigPath} from '../notary/layout.js'
import {notarize} from '../notary/notarize.js'
import {createDecisionRecord, type ArtifactRef, type DecisionRecord} from '../records/index.js'
import {beginCommit, ensureFolder, interruptionPoint, writeFileAtomic} from '../shared/atomic.js'
import {InputError, KhaosError} from '../shared/errors.js'
import {assertSafeName, defaultSessionId} from '../shared/names.js'

export {defaultSessionId} from '../shared/names.js'
import {sweepStaleTemps} from '../shared/owner.js'
import {claimStaleStaging, Staging} from '../shared/staging.js'
import type {ResolvedTime} from '../shared/time.js'
import {recordContent, topicRelation} from './record-content.js'
import {renderSummary, type SummaryArtifact, type SummaryStage} from './summary.js'
import {truncate} from '../shared/text.js'

/**
 * `khaos synthesize`: input → contradiction engine → DAO record → notary → cognitive map → summary.
 *
 * All of a session's artifacts are built in a staging folder inside the output folder and moved into place
 * only when every stage has succeeded, so a failing stage (or Ctrl-C) leaves no half-written session. The one
 * write that must happen in place is the DAO record, whose id is allocated from the output folder's counter;
 * it is rolled back (removed, or its previous version restored under --force) if a later stage fails.
 */

export const DEFAULT_OUT_DIR = 'synthesis_output'
export const MAIN_MAP = 'cognitive_map.dot'
export const MAX_TOPIC_LENGTH = 16_384
/**
 * How many findings the record, the map and the summary carry (best score first). A person resolves tens of
 * contradictions, not thousands; analysis.json always keeps every finding, and the others say how many more.
 */
export const MAX_CARRIED_FINDINGS = 100
/** How closely a topic must match a catalog tension for the summary to bring that tension up. */
export const MIN_TOPIC_MATCH = 0.45

export type StageName = 'contradictions' | 'record' | 'map fragment' | 'notary' | 'main map' | 'summary'

export interface StageEvent {
  stage: StageName
  status: 'start' | 'ok' | 'failed' | 'skipped'
  durationMs?: number
  detail?: string
}

export interface SynthesizeOptions {
  /** The package root (for catalog/ and trials/). */
  root: string
  topic: string
  /** Default: derived from the topic and the timestamp (deterministic under --timestamp). */
  session?: string
  /** Comma-separated; with inputs, one per input in order; without, just the people present. */
  participants?: string
  inputs?: string[]
  outDir?: string
  /** The signing key, or undefined for an unsigned run (`--no-sign`). */
  key?: SigningKey
  /** Whether the key was created by this run (the summary says so). */
  keyCreated?: boolean
  timestamp: ResolvedTime
  force?: boolean
  toolVersion: string
  onStage?: (event: StageEvent) => Promise<void> | void
  onNote?: (message: string) => Promise<void> | void
}

export interface SynthesisArtifacts {
  contradictions: string
  record: string
  notary?: string
  fragment: string
  map: string
  summary: string
}

/** A catalog tension the topic itself names: context for the session, not a finding. */
export interface TensionAtStake {
  id: string
  name: string
  /** 1 when the topic names the tension; below, the share of the topic's words that match it. */
  score: number
  resolution: string
  proof: string
}

export interface SynthesisResult {
  session: string
  topic: string
  outDir: string
  signed: boolean
  keyId?: string
  timestamp: string
  timestampSource: ResolvedTime['source']
  recordId: number
  findings: number
  /** Decision points the main-list findings raise; agreements; findings in the low-confidence appendix. */
  decisionPoints: number
  agreements: number
  lowConfidence: number
  tensionsAtStake: TensionAtStake[]
  artifacts: SynthesisArtifacts
  stages: SummaryStage[]
}

/** The session's artifact names inside the output folder (the names the old script promised). */
export function sessionPaths(session: string): Record<'contradictions' | 'fragment' | 'notary' | 'record' | 'summary', string> {
  return {
    contradictions: `contradictions_${session}`,
    fragment: `cognitive_update_${session}.dot`,
    notary: `notary_${session}`,
    record: `dao_record_${session}.yaml`,
    summary: `SYNTHESIS_SUMMARY_${session}.md`,
  }
}

/** Topics become titles and labels: one line, no control characters, bounded. Line breaks fold into spaces. */
export function normalizeTopic(raw: string): {changed: boolean; topic: string} {
  const topic = raw
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
  if (topic === '') throw new InputError('--topic is empty')
  if (topic.length > MAX_TOPIC_LENGTH) throw new InputError(`--topic is ${topic.length} characters; the limit is ${MAX_TOPIC_LENGTH}`)
  return {changed: topic !== raw, topic}
}

/** The record holds titles of at most this many characters; a longer topic is shortened there (kept whole in its context). */
export const MAX_RECORD_TITLE = 500
export const MAX_PARTICIPANT_NAME = 200

function splitParticipants(list: string | undefined): string[] {
  if (list === undefined) return []
  const names = list.split(',').map((p) => p.replace(/\s+/g, ' ').trim())
  if (names.some((p) => p === '')) throw new InputError('--participants: empty name in the list')
  const long = names.find((p) => [...p].length > MAX_PARTICIPANT_NAME)
  if (long) throw new InputError(`--participants: a name of ${[...long].length} characters; the limit is ${MAX_PARTICIPANT_NAME}`)
  return names
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

function posix(path: string): string {
  return path.split(sep).join('/')
}

/** How an input is named in the record: relative to the output folder (the records folder), POSIX separators. */
function refFrom(outDir: string, file: string): string {
  const rel = relative(outDir, resolve(file))
  return posix(isAbsolute(rel) ? resolve(file) : rel)
}

/** In a staging folder: the name of the record written in place, and the version it replaced (--force). */
const IN_PLACE = '.in-place.json'
const PREVIOUS_RECORD = '.previous-record'
/** Written into the staging folder when the commit begins: from then on the session is kept, not undone. */
const COMMITTING = '.committing'

/**
 * Undoes what runs killed with kill -9 left in the output folder: their staging folders (shared/staging.ts), and
 * the record each wrote in place before it died. A record is removed (or its replaced version restored) only
 * when it is byte for byte the staged copy of that run and the run had not begun its commit.
 */
export function recoverKilledRuns(outDir: string): string[] {
  const recovered: string[] = []
  claimStaleStaging(outDir, (claimed) => {
    const intent = JSON.parse(readFileSync(join(claimed, IN_PLACE), 'utf8')) as {record?: unknown}
    const record = typeof intent.record === 'string' && isSafeRecordName(intent.record) ? intent.record : undefined
    const staged = record === undefined ? undefined : join(claimed, record)
    if (!record || !staged || !existsSync(staged) || existsSync(join(claimed, COMMITTING))) return
    const inPlace = join(outDir, record)
    if (!existsSync(inPlace) || !readFileSync(inPlace).equals(readFileSync(staged))) return
    const previous = join(claimed, PREVIOUS_RECORD)
    if (existsSync(previous)) writeFileAtomic(inPlace, readFileSync(previous), {overwrite: true})
    else rmSync(inPlace, {force: true})
    recovered.push(record)
  })
  return recovered
}

function isSafeRecordName(name: string): boolean {
  return /^dao_record_[A-Za-z0-9._-]{1,64}\.yaml$/.test(name)
}

/**
 * One run of the chain: what the options say, once parsed, and what each stage leaves for the next. Each stage
 * is a function of the session; each conversion happens once, here or in the stage that owns it.
 */
interface Session {
  options: SynthesizeOptions
  topic: string
  session: string
  outDir: string
  /** --out as the user should type it from the current directory (for the commands the summary prints). */
  fromCwd: string
  names: ReturnType<typeof sessionPaths>
  inputs: AnalyzeInput[]
  /** Everyone present: the inputs' participants, or --participants alone when there are no inputs. */
  participants: string[]
  signed: boolean
  staging: Staging
  stages: SummaryStage[]
  /** Bytes and SHA-256 of each staged artifact, computed once. */
  digests: Map<string, {bytes: number; sha256: string}>
  /** The record written in place, and what it replaced, until the commit (see rollbackRecord). */
  recordPath?: string
  previousRecord?: Buffer
  // Filled by the stages, in order.
  analysis?: Analysis
  carried?: LoadedAnalysis
  moreNote?: string
  decisionPoints?: ReturnType<typeof groupDecisionPoints>
  tensionsAtStake?: TensionAtStake[]
  record?: ReturnType<typeof createDecisionRecord>
  mapRecord?: MapRecord
  fragment?: ReturnType<typeof buildFragment>
}

function digest(s: Session, name: string): {bytes: number; sha256: string} {
  let known = s.digests.get(name)
  if (!known) {
    const bytes = readFileSync(s.staging.path(name))
    s.digests.set(name, (known = {bytes: bytes.length, sha256: sha256(bytes)}))
  }

  return known
}

const analysisFiles = (s: Session) => ['analysis.json', 'report.md'].map((file) => `${s.names.contradictions}/${file}`)

/** Parses and checks the options before any work: a bad flag or an existing session costs nothing. */
function openSession(options: SynthesizeOptions): Omit<Session, 'staging'> {
  const {topic, changed} = normalizeTopic(options.topic)
  if (changed) options.onNote?.('the topic had line breaks or control characters; they were folded into spaces')
  const session = assertSafeName(options.session ?? defaultSessionId(topic, options.timestamp.iso), 'session id')
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR)
  const paths = options.inputs ?? []
  // Parsed once. With inputs, participants name them in order (by default, the inputs' file names: filled in by
  // the analysis); without, they are just the people present.
  const participants = splitParticipants(options.participants)
  const inputs = paths.length > 0 ? mapParticipants(paths, options.participants === undefined ? undefined : participants) : []
  const names = sessionPaths(session)
  const existing = Object.values(names).filter((name) => existsSync(join(outDir, name)))
  if (existing.length > 0 && !options.force) {
    throw new InputError(`session ${session} already exists in ${outDir} (${existing.join(', ')}); pass --force to replace it, or choose another --session`, {
      code: 'EXISTS',
    })
  }

  return {
    digests: new Map(),
    fromCwd: posix(relative(process.cwd(), outDir)) || '.',
    inputs,
    names,
    options,
    outDir,
    participants,
    session,
    signed: options.key !== undefined,
    stages: [],
    topic,
  }
}

/** 1. Contradiction analysis, and what the later stages carry of it. */
async function contradictionsStage(s: Session): Promise<string> {
  const {options} = s
  const catalog = loadCatalog(options.root)
  const analysis = analyze({
    catalog,
    generatedAt: options.timestamp.iso,
    inputs: s.inputs,
    onSkip: (path, why) => options.onNote?.(`skipped ${path}: ${why}`),
    root: options.root,
    topic: s.topic,
  })
  writeAnalysis(s.staging.path(s.names.contradictions), analysis)
  s.analysis = analysis
  if (s.participants.length === 0) s.participants = [...new Set(analysis.inputs.map((i) => i.participant))]
  // The main list first (best confidence first), then the low-confidence findings for the appendix.
  const rank = (f: (typeof analysis.findings)[number]) => (f.lowConfidence ? 1 : 0)
  const carried = [...analysis.findings]
    .sort((a, b) => rank(a) - rank(b) || b.confidence - a.confidence || b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, MAX_CARRIED_FINDINGS)
  const notCarried = analysis.findings.length - carried.length
  s.moreNote = notCarried > 0 ? `${notCarried} more contradiction(s), of lower confidence, are listed only in ${analysisFiles(s)[0]}.` : undefined
  if (s.moreNote) await options.onNote?.(s.moreNote)
  // The same reading of the engine's findings as `khaos map fragment --analysis` does.
  s.carried = analysisFromData({agreements: analysis.agreements, findings: carried}, 'analysis')
  s.decisionPoints = groupDecisionPoints(s.carried.findings)
  s.tensionsAtStake = tensionsAtStake(s, catalog, new Set(carried.flatMap((f) => (f.tension ? [f.tension.id] : []))))
  return `${analysis.findings.length} finding(s) in ${analysis.claims.length} claim(s) from ${analysis.inputs.length} input(s)`
}

/**
 * A topic's catalog tension is context only when the inputs back it (the engine lists those, and the findings
 * name theirs), or when the topic alone was given: then the catalog is all there is, labelled as such.
 */
function tensionsAtStake(s: Session, catalog: ReturnType<typeof loadCatalog>, inFindings: Set<string>): TensionAtStake[] {
  const backed = new Set([...(s.analysis!.topicTensions ?? []).map((t) => t.id), ...inFindings])
  return (
    matchTensions(s.topic, catalog)
      // Weak word overlaps (one shared word) are noise, not context: keep the clear matches only.
      .filter((m) => m.score >= MIN_TOPIC_MATCH && (s.inputs.length === 0 || backed.has(m.id)))
      .slice(0, 2)
      .map((m) => {
        const t = catalog.tensions.find((x) => x.id === m.id)!
        return {id: t.id, name: t.name, proof: `${t.proof.promql} (target ${t.proof.target})`, resolution: t.resolution, score: m.score}
      })
  )
}

/** 2. The DAO decision record, in place (its id comes from the output folder's counter). */
async function recordStage(s: Session): Promise<string> {
  const {options, names, staging} = s
  const analysis = s.analysis!
  const artifacts: ArtifactRef[] = [
    ...analysis.inputs.map((input) => ({path: refFrom(s.outDir, input.path), sha256: input.sha256})),
    ...analysisFiles(s).map((name) => ({path: name, sha256: digest(s, name).sha256})),
  ]
  s.recordPath = join(s.outDir, names.record)
  if (existsSync(s.recordPath)) s.previousRecord = readFileSync(s.recordPath)
  // What a later run needs to undo this one's in-place record if this process is killed (kill -9 runs
  // no handler): the record's name, and the version --force replaces.
  if (s.previousRecord !== undefined) writeFileSync(staging.path(PREVIOUS_RECORD), s.previousRecord)
  writeFileSync(staging.path(IN_PLACE), `${JSON.stringify({record: names.record})}\n`)
  const title = truncate(s.topic, MAX_RECORD_TITLE)
  if (title !== s.topic)
    await options.onNote?.(`the topic is over ${MAX_RECORD_TITLE} characters: the record's title and topic are shortened, its context keeps it whole`)
  const content = recordContent({
    agreements: s.carried!.agreements,
    claims: analysis.claims.length,
    decisionPoints: s.decisionPoints!,
    inputs: analysis.inputs.length,
    moreNote: s.moreNote,
    participants: s.participants,
    title,
    topic: s.topic,
    topicTensions: s.tensionsAtStake!,
  })
  const created = createDecisionRecord(
    {
      artifacts,
      consequences: content.consequences,
      consideredOptions: content.consideredOptions,
      context: content.context,
      // The outcome is the decision makers' to set (khaos dao accept ID --decision …): to be decided.
      decision: null,
      decisionDrivers: content.decisionDrivers,
      openContradictions: content.openContradictions,
      participants: s.participants,
      sessionId: s.session,
      status: 'proposed',
      timestamp: options.timestamp.iso,
      title,
      topic: title,
    },
    {generator: {tool: 'khaos', version: options.toolVersion}, out: s.recordPath, overwrite: options.force},
  )
  // The notary signs a staged copy, byte for byte the record in place.
  writeFileSync(staging.path(names.record), created.yaml)
  s.record = created
  s.mapRecord = {id: String(created.record.id), path: names.record, status: created.record.status, title: created.record.title}
  return `record ${created.record.id}`
}

/** 3. The map fragment of this session. */
function fragmentStage(s: Session): string {
  const built = buildFragment({
    findings: s.carried!.findings,
    participants: (s.record!.record as DecisionRecord).participants.decision_makers,
    record: s.mapRecord!,
    session: s.session,
    timestamp: s.options.timestamp.iso,
    topic: s.topic,
  })
  writeFileSync(s.staging.path(s.names.fragment), built.dot)
  s.fragment = built
  return `${built.counts.nodes} nodes, ${built.counts.edges} edges`
}

/** 4. The notary over the analysis, the record and the fragment (names relative to the output folder). */
async function notaryStage(s: Session): Promise<string> {
  const {options, names, staging} = s
  const notarized = [...analysisFiles(s), names.record, names.fragment]
  const n = await notarize({
    baseDir: staging.dir,
    files: notarized.map((name) => staging.path(name)),
    key: options.key!,
    outDir: staging.path(names.notary),
    timestamp: options.timestamp,
    toolVersion: options.toolVersion,
  })
  return `${n.subjects.length} artifacts signed with key ${n.keyId}`
}

/**
 * 5. The main map, as it would be: this session's cluster replaces any earlier one; everything else stays. The
 * merge is redone at commit, under the map's lock, on the map as it is then.
 */
function mainMapStage(s: Session): string {
  const mainMapPath = join(s.outDir, MAIN_MAP)
  const current = existsSync(mainMapPath) ? readFileSync(mainMapPath, 'utf8') : starterMap()
  const m = mergeFragments(current, MAIN_MAP, [{name: s.names.fragment, text: s.fragment!.dot}])
  return m.replaced.length > 0 ? 'session cluster replaced' : m.unchanged.length > 0 ? 'session cluster unchanged' : 'session cluster added'
}

/** 6. The summary a person reads. */
function summaryStage(s: Session, summaryStages: SummaryStage[]): void {
  const {options, names, fromCwd} = s
  const analysis = s.analysis!
  const artifacts: SummaryArtifact[] = [
    ...analysisFiles(s).map((path) => ({path, role: path.endsWith('.json') ? 'contradiction analysis' : 'contradiction report'})),
    {path: names.record, role: 'DAO decision record'},
    {path: names.fragment, role: 'cognitive map fragment'},
  ].map((a) => ({...a, ...digest(s, a.path)}))
  const text = renderSummary({
    artifacts,
    agreements: s.carried!.agreements,
    findings: s.carried!.findings,
    inputs: analysis.inputs.map((i) => ({bytes: i.bytes, path: i.path, sha256: i.sha256})),
    khaosVersion: options.toolVersion,
    notes: [
      ...(s.moreNote ? [s.moreNote] : []),
      ...(analysis.findings.length === 0 ? [`No contradiction was found${s.inputs.length === 0 ? ' (no input was given: the topic alone)' : ''}.`] : []),
      // Context from the catalog, labelled as such (and only when the inputs back it, or there are none).
      ...s.tensionsAtStake!.map((t) => `${topicRelation(t)} ${t.id}, ${t.name}. The catalog's resolution: ${t.resolution} How to tell it holds: ${t.proof}.`),
    ],
    participants: s.record!.record.participants.decision_makers,
    record: s.mapRecord!,
    recordsDir: fromCwd,
    session: s.session,
    signing: s.signed ? {key: options.key!.name, keyCreated: options.keyCreated, signed: true} : {reason: '--no-sign', signed: false},
    stages: summaryStages,
    timestamp: options.timestamp,
    topic: s.topic,
    // Commands are written for the directory khaos ran in, the way the user named --out. They pin the
    // signer's own public key (the key store's), not the copy inside the notary, which proves nothing
    // about who signed: whoever rewrites the folder rewrites that copy too.
    verification: s.signed
      ? {
          checksumDir: fromCwd,
          checksumFile: `${names.notary}/${MANIFEST}`,
          minisign: {
            file: `${fromCwd}/${names.record}`,
            publicKey: options.key!.publicKeyPath ?? `${fromCwd}/${names.notary}/${PUBLIC_KEY}`,
            signature: `${fromCwd}/${names.notary}/${minisigPath(names.record)}`,
          },
          notaryDir: `${fromCwd}/${names.notary}`,
          notaryKey: options.key!.publicKeyPath,
          signify: {dir: fromCwd, publicKey: options.key!.publicKeyPath ?? `${names.notary}/${PUBLIC_KEY}`, signature: `${names.notary}/${MANIFEST_SIG}`},
        }
      : {},
  })
  writeFileSync(s.staging.path(names.summary), text)
}

/**
 * Runs one stage: Ctrl-C received during the previous one stops the run here (the exit handlers roll back);
 * a failure becomes a KhaosError naming the stage.
 */
async function runStage(s: Session, stage: StageName, work: () => Promise<string | undefined> | string | undefined): Promise<void> {
  await interruptionPoint()
  await s.options.onStage?.({stage, status: 'start'})
  const started = performance.now()
  try {
    const detail = await work()
    const durationMs = performance.now() - started
    s.stages.push({detail, durationMs, name: stage, status: 'ok'})
    await s.options.onStage?.({detail, durationMs, stage, status: 'ok'})
  } catch (error) {
    const durationMs = performance.now() - started
    const message = error instanceof Error ? error.message : String(error)
    await s.options.onStage?.({detail: message, durationMs, stage, status: 'failed'})
    throw stageError(stage, error)
  }
}

function stageError(stage: StageName, error: unknown): KhaosError {
  return new KhaosError(`stage "${stage}" failed: ${error instanceof Error ? error.message : String(error)}`, {
    cause: error,
    code: 'STAGE_FAILED',
    exitCode: error instanceof KhaosError ? error.exitCode : 2,
    hint: error instanceof KhaosError ? error.hint : undefined,
  })
}

/**
 * Everything built: the last chance for Ctrl-C, then the session moves into place, then it is merged into the
 * main map under the map's lock, on the map as it is now (a concurrent run may have added its own session).
 */
async function commitSession(s: Session): Promise<void> {
  await interruptionPoint()
  beginCommit()
  writeFileSync(s.staging.path(COMMITTING), '')
  const {names} = s
  s.staging.commit([names.contradictions, names.fragment, names.summary, ...(s.signed ? [names.notary] : [])], Boolean(s.options.force))
  try {
    mergeIntoFile(join(s.outDir, MAIN_MAP), [{name: names.fragment, text: s.fragment!.dot}])
  } catch (error) {
    s.staging.rollback()
    throw stageError('main map', error)
  }

  s.staging.finish()
  // Committed: the intent to undo the record goes first, so that a kill -9 while the staging folder is being removed
  // (its .committing marker already gone, its intent not yet) never has a later run undo a finished session.
  rmSync(s.staging.path(IN_PLACE), {force: true})
  s.recordPath = undefined // committed: nothing to roll back
}

/** A failed stage, or Ctrl-C, after the record was written in place: remove it (or restore what --force replaced). */
function rollbackRecord(s: Session): void {
  if (s.recordPath === undefined) return
  if (s.previousRecord === undefined) rmSync(s.recordPath, {force: true})
  else writeFileAtomic(s.recordPath, s.previousRecord, {overwrite: true})
  s.recordPath = undefined
}

/** Runs the whole chain. Throws a KhaosError naming the failed stage; nothing of the session is left behind then. */
export async function synthesize(options: SynthesizeOptions): Promise<SynthesisResult> {
  const opened = openSession(options)
  // --out is named by the user: created if missing, but its parent must exist.
  ensureFolder(opened.outDir, {shown: options.outDir, userPath: true})
  // Staging folders, in-place records and temp files of runs that were killed (kill -9 runs no handler); a
  // live run's stay.
  for (const record of recoverKilledRuns(opened.outDir)) options.onNote?.(`removed ${record}, left by a synthesize run that was killed before it finished`)
  sweepStaleTemps(opened.outDir)
  const s: Session = {...opened, staging: new Staging(opened.outDir)}
  const onExit = () => rollbackRecord(s)
  process.once('exit', onExit)
  try {
    await runStage(s, 'contradictions', () => contradictionsStage(s))
    await runStage(s, 'record', () => recordStage(s))
    await runStage(s, 'map fragment', () => fragmentStage(s))
    if (s.signed) {
      await runStage(s, 'notary', () => notaryStage(s))
    } else {
      s.stages.push({detail: 'unsigned run (--no-sign)', durationMs: 0, name: 'notary', status: 'skipped'})
      await options.onStage?.({detail: 'unsigned run (--no-sign)', stage: 'notary', status: 'skipped'})
    }

    await runStage(s, 'main map', () => mainMapStage(s))
    const summaryStages = [...s.stages, {detail: 'this document', durationMs: 0, name: 'summary', status: 'ok' as const}]
    await runStage(s, 'summary', () => {
      summaryStage(s, summaryStages)
      return undefined
    })
    await commitSession(s)
    return resultOf(s, summaryStages)
  } finally {
    s.staging.discard()
    rollbackRecord(s)
    process.removeListener('exit', onExit)
  }
}

function resultOf(s: Session, stages: SummaryStage[]): SynthesisResult {
  const {names, outDir, options} = s
  return {
    artifacts: {
      contradictions: join(outDir, names.contradictions),
      fragment: join(outDir, names.fragment),
      map: join(outDir, MAIN_MAP),
      notary: s.signed ? join(outDir, names.notary) : undefined,
      record: join(outDir, names.record),
      summary: join(outDir, names.summary),
    },
    agreements: s.carried!.agreements.length,
    decisionPoints: s.decisionPoints!.points.length,
    findings: s.analysis!.findings.length,
    keyId: options.key?.keyId,
    lowConfidence: s.decisionPoints!.lowConfidence.length,
    outDir,
    recordId: s.record!.record.id,
    session: s.session,
    signed: s.signed,
    stages,
    tensionsAtStake: s.tensionsAtStake!,
    timestamp: options.timestamp.iso,
    timestampSource: options.timestamp.source,
    topic: s.topic,
  }
}
