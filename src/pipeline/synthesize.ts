import {createHash, randomBytes} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {isAbsolute, join, relative, resolve, sep} from 'node:path'

import {analyze, loadCatalog, mapParticipants, matchTensions, writeAnalysis} from '../contradictions/index.js'
import {groupDecisionPoints} from '../map/decision-points.js'
import {buildFragment, type MapRecord} from '../map/fragment.js'
import {analysisFromData} from '../map/load.js'
import {mergeFragments, mergeIntoFile, starterMap} from '../map/merge.js'
import type {SigningKey} from '../notary/keys.js'
import {MANIFEST, MANIFEST_SIG, PUBLIC_KEY, minisigPath} from '../notary/layout.js'
import {notarize} from '../notary/notarize.js'
import {createDecisionRecord, type ArtifactRef, type DecisionRecord} from '../records/index.js'
import {beginCommit, ensureFolder, interruptionPoint, trackTemp, writeFileAtomic} from '../shared/atomic.js'
import {InputError, KhaosError} from '../shared/errors.js'
import {assertSafeName} from '../shared/names.js'
import {isStaleTemp, sweepStaleTemps} from '../shared/owner.js'
import type {ResolvedTime} from '../shared/time.js'
import {recordContent} from './record-content.js'
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

/** A session id from the topic and the time: readable, safe, and the same for the same --timestamp. */
export function defaultSessionId(topic: string, iso: string): string {
  const slug = topic
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '')
  const stamp = iso.replace(/[-:]/g, '').replace(/\.\d+/, '')
  return `${slug === '' ? 'session' : slug}-${stamp}`
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

function topicRelation(t: TensionAtStake): string {
  return t.score >= 1 ? 'The topic names catalog tension' : `The topic matches (${Math.round(t.score * 100)}% of its words) catalog tension`
}

/** In a staging folder: the name of the record written in place, and the version it replaced (--force). */
const IN_PLACE = '.in-place.json'
const PREVIOUS_RECORD = '.previous-record'
/** Written into the staging folder when the commit begins: from then on the session is kept, not undone. */
const COMMITTING = '.committing'

/**
 * Undoes what runs killed with kill -9 left in the output folder: their staging folders, and the record each
 * wrote in place before it died. A record is removed (or its replaced version restored) only when it is byte
 * for byte the staged copy of that run and the run had not begun its commit; a
 * live run's staging folder is never touched. Each dead folder is first renamed to this process's own
 * staging name, so two runs recovering at once never both act on it.
 */
export function recoverKilledRuns(outDir: string): string[] {
  const recovered: string[] = []
  let names: string[]
  try {
    names = readdirSync(outDir)
  } catch {
    return recovered
  }

  for (const name of names) {
    if (!/^\.khaos-staging-\d+-[0-9a-f]{8}$/.test(name) || !isStaleTemp(join(outDir, name))) continue
    const claimed = join(outDir, `.khaos-staging-${process.pid}-${randomBytes(4).toString('hex')}`)
    try {
      renameSync(join(outDir, name), claimed)
    } catch {
      continue // another run claimed it first
    }

    const untrack = trackTemp(claimed)
    try {
      const intent = JSON.parse(readFileSync(join(claimed, IN_PLACE), 'utf8')) as {record?: unknown}
      const record = typeof intent.record === 'string' && isSafeRecordName(intent.record) ? intent.record : undefined
      const staged = record === undefined ? undefined : join(claimed, record)
      if (record && staged && existsSync(staged) && !existsSync(join(claimed, COMMITTING))) {
        const inPlace = join(outDir, record)
        if (existsSync(inPlace) && readFileSync(inPlace).equals(readFileSync(staged))) {
          const previous = join(claimed, PREVIOUS_RECORD)
          if (existsSync(previous)) writeFileAtomic(inPlace, readFileSync(previous), {overwrite: true})
          else rmSync(inPlace, {force: true})
          recovered.push(record)
        }
      }
    } catch {
      // No intent written (killed before the record stage) or unreadable: only the folder goes.
    } finally {
      rmSync(claimed, {force: true, recursive: true})
      untrack()
    }
  }

  return recovered
}

function isSafeRecordName(name: string): boolean {
  return /^dao_record_[A-Za-z0-9._-]{1,64}\.yaml$/.test(name)
}

/** Files staged so far, with their final names; moved into the output folder in one step at the end. */
class Staging {
  readonly dir: string
  private readonly moved: Array<{backup?: string; target: string}> = []

  private readonly untrack: () => void

  constructor(readonly outDir: string) {
    this.dir = join(outDir, `.khaos-staging-${process.pid}-${randomBytes(4).toString('hex')}`)
    // Removed on Ctrl-C too: the staging folder is registered like any atomic temp file.
    this.untrack = trackTemp(this.dir)
    mkdirSync(this.dir, {recursive: true})
  }

  path(name: string): string {
    return join(this.dir, name)
  }

  /**
   * Moves each staged name into the output folder; on a failure, undoes the moves already made. The moves
   * stay undoable (rollback()) until finish() drops the replaced versions.
   */
  commit(names: string[], overwrite: boolean): void {
    try {
      for (const name of names) {
        const target = join(this.outDir, name)
        let backup: string | undefined
        if (existsSync(target)) {
          if (!overwrite) throw new InputError(`${target} already exists; pass --force to overwrite it`, {code: 'EXISTS'})
          backup = `${this.dir}.old-${name}`
          renameSync(target, backup)
        }

        this.moved.push({backup, target})
        renameSync(this.path(name), target)
      }
    } catch (error) {
      this.rollback()
      throw error
    }
  }

  finish(): void {
    for (const {backup} of this.moved) if (backup) rmSync(backup, {force: true, recursive: true})
    this.moved.length = 0
  }

  rollback(): void {
    for (const {backup, target} of this.moved.reverse()) {
      rmSync(target, {force: true, recursive: true})
      if (backup) renameSync(backup, target)
    }

    this.moved.length = 0
  }

  discard(): void {
    rmSync(this.dir, {force: true, recursive: true})
    this.untrack()
  }
}

/** Runs the whole chain. Throws a KhaosError naming the failed stage; nothing of the session is left behind then. */
export async function synthesize(options: SynthesizeOptions): Promise<SynthesisResult> {
  const {topic, changed} = normalizeTopic(options.topic)
  if (changed) options.onNote?.('the topic had line breaks or control characters; they were folded into spaces')
  const session = assertSafeName(options.session ?? defaultSessionId(topic, options.timestamp.iso), 'session id')
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR)
  const fromCwd = posix(relative(process.cwd(), outDir)) || '.'
  const inputs = options.inputs ?? []
  const participants = splitParticipants(options.participants)
  // With inputs, participants name them in order (validated here, before any work).
  const analyzeInputs = inputs.length > 0 ? mapParticipants(inputs, options.participants) : []
  const names = sessionPaths(session)
  const signed = options.key !== undefined

  // Refuse an existing session before doing any work.
  const existing = Object.values(names).filter((name) => existsSync(join(outDir, name)))
  if (existing.length > 0 && !options.force) {
    throw new InputError(`session ${session} already exists in ${outDir} (${existing.join(', ')}); pass --force to replace it, or choose another --session`, {
      code: 'EXISTS',
    })
  }

  const stages: SummaryStage[] = []
  const run = async <T>(stage: StageName, work: () => Promise<T> | T, detail?: (value: T) => string): Promise<T> => {
    // Ctrl-C/SIGTERM received during the previous stage stops the run here (the exit handlers roll back).
    await interruptionPoint()
    await options.onStage?.({stage, status: 'start'})
    const started = performance.now()
    try {
      const value = await work()
      const durationMs = performance.now() - started
      const said = detail?.(value)
      stages.push({detail: said, durationMs, name: stage, status: 'ok'})
      await options.onStage?.({detail: said, durationMs, stage, status: 'ok'})
      return value
    } catch (error) {
      const durationMs = performance.now() - started
      const message = error instanceof Error ? error.message : String(error)
      await options.onStage?.({detail: message, durationMs, stage, status: 'failed'})
      const exitCode = error instanceof KhaosError ? error.exitCode : 2
      throw new KhaosError(`stage "${stage}" failed: ${message}`, {
        cause: error,
        code: 'STAGE_FAILED',
        exitCode,
        hint: error instanceof KhaosError ? error.hint : undefined,
      })
    }
  }

  // --out is named by the user: created if missing, but its parent must exist.
  ensureFolder(outDir, {shown: options.outDir, userPath: true})
  // Staging folders, in-place records and temp files of runs that were killed (kill -9 runs no handler); a
  // live run's stay.
  for (const record of recoverKilledRuns(outDir)) options.onNote?.(`removed ${record}, left by a synthesize run that was killed before it finished`)
  sweepStaleTemps(outDir)
  const mainMapPath = join(outDir, MAIN_MAP)
  const staging = new Staging(outDir)
  let recordPath: string | undefined
  let previousRecord: Buffer | undefined
  // A failed stage, or Ctrl-C, after the record was written in place: remove it (or restore what --force replaced).
  const rollbackRecord = () => {
    if (recordPath === undefined) return
    if (previousRecord === undefined) rmSync(recordPath, {force: true})
    else writeFileAtomic(recordPath, previousRecord, {overwrite: true})
    recordPath = undefined
  }

  process.once('exit', rollbackRecord)
  try {
    // 1. Contradiction analysis.
    const catalog = loadCatalog(options.root)
    // Weak word overlaps (one shared word) are noise, not context: keep the clear matches only.
    const atStake = matchTensions(topic, catalog)
      .filter((m) => m.score >= MIN_TOPIC_MATCH)
      .slice(0, 2)
      .map((m) => ({...catalog.tensions.find((x) => x.id === m.id)!, score: m.score}))
      .map((t) => ({id: t.id, name: t.name, proof: `${t.proof.promql} (target ${t.proof.target})`, resolution: t.resolution, score: t.score}))
    const analysis = await run(
      'contradictions',
      () => {
        const result = analyze({
          catalog,
          generatedAt: options.timestamp.iso,
          inputs: analyzeInputs,
          onSkip: (path, why) => options.onNote?.(`skipped ${path}: ${why}`),
          root: options.root,
          topic,
        })
        writeAnalysis(staging.path(names.contradictions), result)
        return result
      },
      (a) => `${a.findings.length} finding(s) in ${a.claims.length} claim(s) from ${a.inputs.length} input(s)`,
    )
    const analysisFiles = ['analysis.json', 'report.md'].map((file) => `${names.contradictions}/${file}`)
    // The main list first (best confidence first), then the low-confidence findings for the appendix.
    const rank = (f: (typeof analysis.findings)[number]) => (f.lowConfidence ? 1 : 0)
    const carried = [...analysis.findings]
      .sort((a, b) => rank(a) - rank(b) || b.confidence - a.confidence || b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, MAX_CARRIED_FINDINGS)
    const notCarried = analysis.findings.length - carried.length
    const moreNote = notCarried > 0 ? `${notCarried} more contradiction(s), of lower confidence, are listed only in ${analysisFiles[0]}.` : undefined
    if (moreNote) await options.onNote?.(moreNote)
    // The same reading of the engine's findings as `khaos map fragment --analysis` does.
    const loaded = analysisFromData({agreements: analysis.agreements, findings: carried}, 'analysis')
    const decisionPoints = groupDecisionPoints(loaded.findings)
    // A topic's catalog tension is context only when the inputs back it (the engine lists those), or when the
    // topic alone was given: then the catalog is all there is, labelled as such.
    const backed = new Set([...(analysis.topicTensions ?? []).map((t) => t.id), ...carried.flatMap((f) => (f.tension ? [f.tension.id] : []))])
    const tensionsAtStake = inputs.length === 0 ? atStake : atStake.filter((t) => backed.has(t.id))

    // 2. DAO decision record, in place (its id comes from the output folder's counter).
    const record = await run(
      'record',
      async () => {
        const artifacts: ArtifactRef[] = [
          ...analysis.inputs.map((input) => ({path: refFrom(outDir, input.path), sha256: input.sha256})),
          ...analysisFiles.map((name) => ({path: name, sha256: sha256(readFileSync(staging.path(name)))})),
        ]
        recordPath = join(outDir, names.record)
        if (existsSync(recordPath)) previousRecord = readFileSync(recordPath)
        // What a later run needs to undo this one's in-place record if this process is killed (kill -9 runs
        // no handler): the record's name, and the version --force replaces.
        if (previousRecord !== undefined) writeFileSync(staging.path(PREVIOUS_RECORD), previousRecord)
        writeFileSync(staging.path(IN_PLACE), `${JSON.stringify({record: names.record})}\n`)
        const title = truncate(topic, MAX_RECORD_TITLE)
        if (title !== topic)
          await options.onNote?.(`the topic is over ${MAX_RECORD_TITLE} characters: the record's title and topic are shortened, its context keeps it whole`)
        const everyone = participants.length > 0 ? participants : [...new Set(analysis.inputs.map((i) => i.participant))]
        const content = recordContent({
          agreements: loaded.agreements,
          claims: analysis.claims.length,
          decisionPoints,
          inputs: analysis.inputs.length,
          moreNote,
          participants: everyone,
          title,
          topic,
          topicTensions: tensionsAtStake,
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
            participants: everyone,
            sessionId: session,
            status: 'proposed',
            timestamp: options.timestamp.iso,
            title,
            topic: title,
          },
          {generator: {tool: 'khaos', version: options.toolVersion}, out: recordPath, overwrite: options.force},
        )
        // The notary signs a staged copy, byte for byte the record in place.
        writeFileSync(staging.path(names.record), created.yaml)
        return created
      },
      (r) => `record ${r.record.id}`,
    )

    // 3. Map fragment for this session.
    const mapRecord: MapRecord = {id: String(record.record.id), path: names.record, status: record.record.status, title: record.record.title}
    const mapFindings = loaded.findings
    const fragment = await run(
      'map fragment',
      () => {
        const built = buildFragment({
          findings: mapFindings,
          participants: (record.record as DecisionRecord).participants.decision_makers,
          record: mapRecord,
          session,
          topic,
        })
        writeFileSync(staging.path(names.fragment), built.dot)
        return built
      },
      (f) => `${f.counts.nodes} nodes, ${f.counts.edges} edges`,
    )

    // 4. Notary over the analysis, the record and the fragment (names relative to the output folder).
    const notarized = [...analysisFiles, names.record, names.fragment]
    if (signed) {
      await run(
        'notary',
        () =>
          notarize({
            baseDir: staging.dir,
            files: notarized.map((name) => staging.path(name)),
            key: options.key!,
            outDir: staging.path(names.notary),
            timestamp: options.timestamp,
            toolVersion: options.toolVersion,
          }),
        (n) => `${n.subjects.length} artifacts signed with key ${n.keyId}`,
      )
    } else {
      stages.push({detail: 'unsigned run (--no-sign)', durationMs: 0, name: 'notary', status: 'skipped'})
      await options.onStage?.({detail: 'unsigned run (--no-sign)', stage: 'notary', status: 'skipped'})
    }

    // 5. The main map: this session's cluster replaces any earlier one; everything else stays as it was.
    await run(
      'main map',
      () => {
        const current = existsSync(mainMapPath) ? readFileSync(mainMapPath, 'utf8') : starterMap()
        return mergeFragments(current, MAIN_MAP, [{name: names.fragment, text: fragment.dot}])
      },
      (m) => (m.replaced.length > 0 ? 'session cluster replaced' : m.unchanged.length > 0 ? 'session cluster unchanged' : 'session cluster added'),
    )

    // 6. The summary a person reads.
    const artifacts: SummaryArtifact[] = [
      ...analysisFiles.map((path) => ({path, role: path.endsWith('.json') ? 'contradiction analysis' : 'contradiction report'})),
      {path: names.record, role: 'DAO decision record'},
      {path: names.fragment, role: 'cognitive map fragment'},
    ].map((a) => {
      const bytes = readFileSync(staging.path(a.path))
      return {...a, bytes: bytes.length, sha256: sha256(bytes)}
    })
    const summaryStages = [...stages, {detail: 'this document', durationMs: 0, name: 'summary', status: 'ok' as const}]
    await run('summary', () => {
      const text = renderSummary({
        artifacts,
        agreements: loaded.agreements,
        findings: mapFindings,
        inputs: analysis.inputs.map((i) => ({bytes: i.bytes, path: i.path, sha256: i.sha256})),
        khaosVersion: options.toolVersion,
        notes: [
          ...(moreNote ? [moreNote] : []),
          ...(analysis.findings.length === 0 ? [`No contradiction was found${inputs.length === 0 ? ' (no input was given: the topic alone)' : ''}.`] : []),
          // Context from the catalog, labelled as such (and only when the inputs back it, or there are none).
          ...tensionsAtStake.map((t) => `${topicRelation(t)} ${t.id}, ${t.name}. The catalog's resolution: ${t.resolution} How to tell it holds: ${t.proof}.`),
        ],
        participants: record.record.participants.decision_makers,
        record: mapRecord,
        recordsDir: fromCwd,
        session,
        signing: signed ? {key: options.key!.name, keyCreated: options.keyCreated, signed: true} : {reason: '--no-sign', signed: false},
        stages: summaryStages,
        timestamp: options.timestamp,
        topic,
        // Commands are written for the directory khaos ran in, the way the user named --out. They pin the
        // signer's own public key (the key store's), not the copy inside the notary, which proves nothing
        // about who signed: whoever rewrites the folder rewrites that copy too.
        verification: signed
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
      writeFileSync(staging.path(names.summary), text)
      return text
    })

    // Everything built: the last chance for Ctrl-C, then move the session into place, then merge it into the
    // main map. The merge is redone here, under the map's lock, on the map as it is now: a concurrent run may
    // have added its own session since stage 5 read it.
    await interruptionPoint()
    beginCommit()
    writeFileSync(staging.path(COMMITTING), '')
    const staged = [names.contradictions, names.fragment, names.summary, ...(signed ? [names.notary] : [])]
    staging.commit(staged, Boolean(options.force))
    try {
      mergeIntoFile(mainMapPath, [{name: names.fragment, text: fragment.dot}])
    } catch (error) {
      staging.rollback()
      throw new KhaosError(`stage "main map" failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
        code: 'STAGE_FAILED',
        exitCode: error instanceof KhaosError ? error.exitCode : 2,
      })
    }

    staging.finish()
    recordPath = undefined // committed: nothing to roll back

    return {
      artifacts: {
        contradictions: join(outDir, names.contradictions),
        fragment: join(outDir, names.fragment),
        map: mainMapPath,
        notary: signed ? join(outDir, names.notary) : undefined,
        record: join(outDir, names.record),
        summary: join(outDir, names.summary),
      },
      agreements: loaded.agreements.length,
      decisionPoints: decisionPoints.points.length,
      findings: analysis.findings.length,
      keyId: options.key?.keyId,
      lowConfidence: decisionPoints.lowConfidence.length,
      outDir,
      recordId: record.record.id,
      session,
      signed,
      stages: summaryStages,
      tensionsAtStake,
      timestamp: options.timestamp.iso,
      timestampSource: options.timestamp.source,
      topic,
    }
  } finally {
    staging.discard()
    rollbackRecord()
    process.removeListener('exit', rollbackRecord)
  }
}
