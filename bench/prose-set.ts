/**
 * The prose evaluation set (test/fixtures/prose/): realistic meetings with a gold file written before khaos ran.
 * Loading and integrity checks shared by bench/prose.ts and test/contradictions/prose-eval.test.ts.
 *
 * Integrity problems name the meeting, entry id and field, never the quoted text: the hold-out half must stay
 * unread by whoever tunes the engine, and a failing test would otherwise print it.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {parse} from 'yaml'

import type {Dimension, FindingKind} from '../src/contradictions/types.js'
import {wordCount} from '../src/shared/text.js'

export const PROSE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'prose')
export const HALVES = ['tune', 'holdout'] as const
export type Half = (typeof HALVES)[number]
export const STYLES = ['llm', 'notes', 'mixed'] as const
export const MIN_WORDS = 300
export const MAX_WORDS = 600

export interface Claim {
  participant: string
  file: string
  line: number
  quote: string
}

export interface GoldEntry {
  id: string
  kind?: 'between' | 'internal'
  subject: string
  a: Claim
  b: Claim
  why?: string
  needs_inference?: boolean
  trap?: string
  /** Contradictions only: the same disagreement restated on other lines; a finding on any of them matches the entry. */
  also?: Array<{a: Claim; b: Claim}>
}

export interface MeetingInfo {
  topic: string
  domain: string
  participants: string[]
  style: (typeof STYLES)[number]
  scenario: string
}

export interface Meeting {
  half: Half
  slug: string
  dir: string
  info: MeetingInfo
  contradictions: GoldEntry[]
  traps: GoldEntry[]
  agreements: GoldEntry[]
  /** File name -> its lines (1-based line n is lines[n - 1]). */
  lines: Map<string, string[]>
  /** What the engine found when the meeting arrived, before any change for it (tune half; arrival.json). */
  arrival?: ArrivalRecord
  /** Which catalog tensions are really at stake (tensions.yaml), labelled by people who never saw the engine's. */
  tensions?: TensionLabels
}

/**
 * The catalog tensions a careful reader finds at stake: in the meeting as a whole (0 to 2) and in each gold
 * contradiction (one id or none). Labelled from the gold and notes, before the engine's tensions were scored.
 */
export interface TensionLabels {
  topic: string[]
  /** Gold contradiction id -> tension id, or undefined for none. */
  contradictions: Map<string, string | undefined>
}

/**
 * The engine's findings on a meeting the day it arrived, before anything was changed for it: the only unbiased
 * sample of how each class of finding does on prose the engine was not tuned on. Calibration counts come from
 * these (scripts/calibrate.ts); a record is written once and never regenerated.
 */
export interface ArrivalRecord {
  /** The engine commit that ran. */
  engine: string
  /** How and when it was recorded. */
  recorded: string
  /**
   * One per pair of lines (the most confident): "file:line" each side and what calibrationClass reads. The subjects
   * of the records written before 2026-12-04 were filled in that day by rerunning each record's own engine commit
   * on its meeting (every recorded finding came back identical, so its subject is the one it had on arrival).
   */
  findings: Array<{
    a: string
    b: string
    kind: FindingKind
    scope: 'between' | 'internal'
    evidence: string
    subject: string[]
    measure?: Dimension
    farApart?: true
  }>
}

const readYaml = (path: string): unknown => parse(readFileSync(path, 'utf8'))
const asList = (value: unknown): GoldEntry[] => (Array.isArray(value) ? (value as GoldEntry[]) : [])

/** The list of hold-out meetings kept unscored for the next session's frozen run (one slug a line, # comments). */
export const UNSCORED_FILE = 'holdout-unscored.txt'

/**
 * Hold-out meetings whose gold (and tension labels) are committed but that no engine has been scored on yet: the
 * bench leaves them out unless asked, so that the next frozen run measures an engine on meetings it never saw; that
 * run scores them and takes them off the list.
 */
export function unscoredSlugs(root = PROSE_ROOT): string[] {
  const file = join(root, UNSCORED_FILE)
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
}

export function meetingSlugs(half: Half, root = PROSE_ROOT): string[] {
  const dir = join(root, half)
  if (!existsSync(dir)) return []
  return readdirSync(dir, {withFileTypes: true})
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
}

/** A participant's name as the set writes them: letters, digits, "-" and "_", so that `<name>.md` stays in its folder. */
const plainName = (name: unknown): name is string => typeof name === 'string' && /^[\p{L}\d][\p{L}\d_-]*$/u.test(name)

export function loadMeeting(half: Half, slug: string, root = PROSE_ROOT): Meeting {
  const dir = join(root, half, slug)
  const info = readYaml(join(dir, 'meeting.yaml')) as MeetingInfo
  const gold = (readYaml(join(dir, 'gold.yaml')) ?? {}) as Record<string, unknown>
  const lines = new Map<string, string[]>()
  for (const participant of Array.isArray(info?.participants) ? info.participants : []) {
    const file = `${participant}.md`
    // (A name is a file in the meeting's folder, never a path out of it: "../x" is read as no file.)
    if (plainName(participant) && existsSync(join(dir, file))) lines.set(file, readFileSync(join(dir, file), 'utf8').split(/\r?\n/))
  }
  const arrival = existsSync(join(dir, 'arrival.json')) ? (JSON.parse(readFileSync(join(dir, 'arrival.json'), 'utf8')) as ArrivalRecord) : undefined
  const tensions = existsSync(join(dir, 'tensions.yaml')) ? readTensionLabels(readYaml(join(dir, 'tensions.yaml'))) : undefined
  return {
    ...(arrival ? {arrival} : {}),
    ...(tensions ? {tensions} : {}),
    agreements: asList(gold.agreements),
    contradictions: asList(gold.contradictions),
    dir,
    half,
    info,
    lines,
    slug,
    traps: asList(gold.traps),
  }
}

export function readTensionLabels(value: unknown): TensionLabels {
  const raw = (value ?? {}) as {topic_tensions?: unknown; contradictions?: unknown}
  const ids = Array.isArray(raw.topic_tensions) ? raw.topic_tensions.map(String) : []
  const byId = raw.contradictions && typeof raw.contradictions === 'object' ? Object.entries(raw.contradictions as Record<string, unknown>) : []
  return {contradictions: new Map(byId.map(([id, t]) => [id, t === 'none' || t === null ? undefined : String(t)])), topic: ids}
}

export const loadHalf = (half: Half, root = PROSE_ROOT): Meeting[] => meetingSlugs(half, root).map((slug) => loadMeeting(half, slug, root))

/**
 * The meetings of a half to score: only those named in `only` (when given), less those named in `except`, so that
 * a subset's figures come from one command and meetings kept for a later frozen run are never scored meanwhile.
 * A slug that is not in the half is an error: a typo must not silently measure something else.
 */
export function selectMeetings(half: Half, slugs: string[], {except = [], only}: {except?: string[]; only?: string[]}): string[] {
  const unknown = [...(only ?? []), ...except].filter((slug) => !slugs.includes(slug))
  if (unknown.length > 0) throw new Error(`not ${half} meetings: ${unknown.join(', ')}`)
  return slugs.filter((slug) => (only === undefined || only.includes(slug)) && !except.includes(slug))
}

export const pairKey = (a: Partial<Claim>, b: Partial<Claim>): string => [`${a.file}:${a.line}`, `${b.file}:${b.line}`].sort().join(' | ')

/** The line pairs a finding may sit on to match a gold contradiction: its own and any restatement (`also`). */
export const goldPairs = (entry: GoldEntry): Array<{a: Claim; b: Claim}> => [{a: entry.a, b: entry.b}, ...(Array.isArray(entry.also) ? entry.also : [])]

/**
 * The line pairs a finding may sit on to match each gold contradiction. Its listed pairs (goldPairs), and unless
 * `restatements` is false, any line of one side's position against any line of the other's: `also` lists the
 * same disagreement restated, so a restatement of one position against a restatement of the other is that
 * disagreement too (by participant between two people; by position within one). A pair the gold lists as a trap
 * stays a trap.
 */
export function contradictionKeys(meeting: Meeting, options: {restatements?: boolean} = {}): Map<string, GoldEntry> {
  const keys = new Map<string, GoldEntry>()
  const traps = new Set(meeting.traps.flatMap((entry) => goldPairs(entry).map((pair) => pairKey(pair.a, pair.b))))
  for (const entry of meeting.contradictions) {
    const pairs = goldPairs(entry)
    for (const pair of pairs) keys.set(pairKey(pair.a, pair.b), entry)
    if (options.restatements === false) continue
    const sides: [Map<string, Claim>, Map<string, Claim>] = [new Map(), new Map()]
    // Between participants a claim is on its participant's side; a third participant who restates one side (in a
    // three-person meeting) is on the side opposite the claim it is paired with. Within one participant's notes,
    // a claim is on the side of its slot.
    const sideOf = (claim: Claim, other: Claim, k: number): number => {
      if (entry.kind !== 'between') return k
      if (claim.participant === entry.a.participant) return 0
      if (claim.participant === entry.b.participant) return 1
      return other.participant === entry.a.participant ? 1 : 0
    }
    for (const pair of pairs) {
      sides[sideOf(pair.a, pair.b, 0)].set(`${pair.a.file}:${pair.a.line}`, pair.a)
      sides[sideOf(pair.b, pair.a, 1)].set(`${pair.b.file}:${pair.b.line}`, pair.b)
    }

    for (const x of sides[0].values()) {
      for (const y of sides[1].values()) {
        const key = pairKey(x, y)
        if ((x.file !== y.file || x.line !== y.line) && !traps.has(key) && !keys.has(key)) keys.set(key, entry)
      }
    }
  }

  return keys
}

/** A claim written "file:line" in an arrival record. */
export function claimAt(at: string): Claim {
  const colon = at.lastIndexOf(':')
  return {file: at.slice(0, colon), line: Number(at.slice(colon + 1))} as Claim
}

// (One word count for the set's 300-600 words and the engine's calibration.)
export {wordCount}

export const lineText = (meeting: Meeting, claim: Claim): string | undefined => meeting.lines.get(claim.file)?.[claim.line - 1]

/** Everything wrong with one meeting's files and gold, as "slug id field: problem" lines without quoted text. */
/** (`tensionIds`: the catalog's tension ids, to check the labels of tensions.yaml against.) */
export function integrityProblems(meeting: Meeting, tensionIds?: Set<string>): string[] {
  const problems: string[] = []
  const at = (id: string, what: string) => problems.push(`${meeting.half}/${meeting.slug} ${id}: ${what}`)
  const {info} = meeting
  for (const field of ['topic', 'domain', 'scenario'] as const) {
    if (typeof info?.[field] !== 'string' || info[field].trim() === '') at('meeting.yaml', `${field} missing`)
  }
  if (!STYLES.includes(info?.style)) at('meeting.yaml', `style must be one of ${STYLES.join('|')}`)
  const participants = Array.isArray(info?.participants) ? info.participants : []
  if (participants.length < 2 || participants.length > 3) at('meeting.yaml', 'needs 2-3 participants')
  for (const [k, participant] of participants.entries()) {
    if (!plainName(participant)) {
      at('meeting.yaml', `participant ${k + 1} is not a plain name (letters, digits, "-", "_")`)
      continue
    }

    const lines = meeting.lines.get(`${participant}.md`)
    if (!lines) {
      at('meeting.yaml', `${participant}.md does not exist`)
      continue
    }
    const words = wordCount(lines.join('\n'))
    if (words < MIN_WORDS || words > MAX_WORDS) at(`${participant}.md`, `${words} words, expected ${MIN_WORDS}-${MAX_WORDS}`)
  }

  const ids = new Set<string>()
  const checkClaim = (id: string, side: string, claim: Claim | undefined) => {
    if (!claim || typeof claim !== 'object') return at(id, `${side} missing`)
    if (!participants.includes(claim.participant)) at(id, `${side}.participant is not a participant of the meeting`)
    if (claim.file !== `${claim.participant}.md`) at(id, `${side}.file is not the participant's file`)
    if (!meeting.lines.has(claim.file)) return at(id, `${side}.file does not exist`)
    if (!Number.isInteger(claim.line) || claim.line < 1) return at(id, `${side}.line is not a 1-based line number`)
    const text = lineText(meeting, claim)
    if (text === undefined) return at(id, `${side}.line is past the end of the file`)
    if (typeof claim.quote !== 'string' || claim.quote.trim().length < 8) return at(id, `${side}.quote missing or too short`)
    if (!text.includes(claim.quote)) at(id, `${side}.quote is not a substring of line ${claim.line}`)
  }
  const checkEntry = (entry: GoldEntry, section: 'contradictions' | 'traps' | 'agreements') => {
    const id = typeof entry?.id === 'string' ? entry.id : '(no id)'
    if (ids.has(id)) at(id, 'duplicate id')
    ids.add(id)
    if (typeof entry?.subject !== 'string' || entry.subject.trim() === '') at(id, 'subject missing')
    checkClaim(id, 'a', entry?.a)
    checkClaim(id, 'b', entry?.b)
    if (entry?.a && entry?.b && entry.a.file === entry.b.file && entry.a.line === entry.b.line) at(id, 'a and b are the same line')
    if (section === 'agreements') {
      if (entry?.a?.participant === entry?.b?.participant) at(id, 'an agreement needs two participants')
      return
    }
    if (entry?.kind !== 'between' && entry?.kind !== 'internal') at(id, 'kind must be between|internal')
    const same = entry?.a?.participant === entry?.b?.participant
    if (entry?.kind === 'between' && same) at(id, 'kind between but one participant')
    if (entry?.kind === 'internal' && !same) at(id, 'kind internal but two participants')
    if (typeof entry?.why !== 'string' || entry.why.trim() === '') at(id, 'why missing')
    if (typeof entry?.needs_inference !== 'boolean') at(id, 'needs_inference must be true or false')
    if (section === 'traps' && (typeof entry?.trap !== 'string' || entry.trap.trim() === '')) at(id, 'trap pattern missing')
    if (entry?.also !== undefined) {
      if (section !== 'contradictions' || !Array.isArray(entry.also)) return at(id, 'also is a list, on contradictions only')
      for (const [i, pair] of entry.also.entries()) {
        checkClaim(id, `also[${i}].a` as 'a', pair?.a)
        checkClaim(id, `also[${i}].b` as 'b', pair?.b)
        // A restatement keeps the entry's kind: one participant's for an internal one; for one between participants,
        // two participants, one of them in the main pair (a third may restate a side in a three-person meeting).
        const [x, y] = [pair?.a?.participant, pair?.b?.participant]
        const kept =
          entry.kind === 'internal'
            ? x === entry.a?.participant && y === entry.a?.participant
            : x !== y && [x, y].some((p) => p === entry.a?.participant || p === entry.b?.participant)
        if (!kept) at(id, `also[${i}] does not keep the entry's kind (${String(entry.kind)})`)
      }
    }
  }
  for (const entry of meeting.contradictions) checkEntry(entry, 'contradictions')
  for (const entry of meeting.traps) checkEntry(entry, 'traps')
  for (const entry of meeting.agreements) checkEntry(entry, 'agreements')
  if (meeting.contradictions.length === 0) at('gold.yaml', 'no contradictions')
  if (meeting.traps.length < meeting.contradictions.length) {
    at('gold.yaml', `${meeting.traps.length} traps for ${meeting.contradictions.length} contradictions`)
  }
  // A pair cannot be both a real contradiction and a trap.
  const key = (entry: {a: Claim; b: Claim}) => pairKey(entry.a ?? {}, entry.b ?? {})
  const real = new Set(meeting.contradictions.flatMap((entry) => goldPairs(entry).map(key)))
  for (const trap of meeting.traps) if (real.has(key(trap))) at(trap.id, 'same pair of lines as a contradiction')
  if (meeting.tensions) {
    const known = (id: string) => tensionIds === undefined || tensionIds.has(id)
    if (meeting.tensions.topic.length > 2) at('tensions.yaml', 'more than 2 topic tensions')
    for (const id of meeting.tensions.topic) if (!known(id)) at('tensions.yaml', `topic tension ${id} is not in the catalog`)
    const gold = new Set(meeting.contradictions.map((entry) => entry.id))
    for (const [id, tension] of meeting.tensions.contradictions) {
      if (!gold.has(id)) at('tensions.yaml', `${id} is not a gold contradiction`)
      if (tension !== undefined && !known(tension)) at('tensions.yaml', `${id}: tension ${tension} is not in the catalog`)
    }
    for (const id of gold) if (!meeting.tensions.contradictions.has(id)) at('tensions.yaml', `${id} is not labelled`)
  }
  return problems
}
