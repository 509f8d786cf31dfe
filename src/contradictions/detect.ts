import {RULE_FOR_ALL} from './markdown.js'
import {CODE_SETTING_NUMBER, type Features, labelEnd, leadLabelEnd, MEASURE_HEADS, NEGATION_CUES, reportsState} from './features.js'
import type {Token} from './nlp.js'
import {adjectiveForms, antonymReach, areAntonyms, areExclusive, exclusiveBetween, type Lexicon, optionsIn, unprefixed} from './lexicon.js'
import {expandShorthand} from './numbers.js'
import {
  BOUND_HEADS,
  CADENCE_WORDS,
  differentLimits,
  disjoint,
  inOneYear,
  isCalendarWord,
  countedNounOf,
  countedUnit,
  isUnitWord,
  MONTHS,
  normalisedWords,
  ratioApart,
  type Quantity,
  TIME_ZONES,
} from './quantities.js'
import {heldAtPlace, type Role, roleConflict, rolesOf} from './roles.js'
import type {Dimension, FindingKind} from './types.js'
import {compareVersions, twoReleases} from './versions.js'

export type {FindingKind} from './types.js'

export interface Verdict {
  kind: FindingKind
  score: number
  /** The shared subject terms, sorted. */
  subject: string[]
  /** Why: the antonym pair, the conflicting quantities, the tension poles. */
  evidence: string
  /** For tensions: the catalog id. */
  tension?: string
  /** For numbers: what the two values measure (a count, a duration, money …). */
  measure?: Dimension
  /** For numbers: the values are ten times or more apart (calibrated apart: most often two different measures). */
  farApart?: true
}

/**
 * In `analyze` the engine itself picked the pair (by a shared term), so a negation must also cover a fair part
 * of the longer claim; in `pairs` the user asserts the two statements are about one situation.
 */
const NEGATION_MIN_COVERAGE = 0.4
/**
 * …or a fifth of it when the denial takes in most of the shorter claim: a long sentence, or a note with an arrow,
 * around a short disputed act ("add required check freeze-gate -> hard-blocks prod deploys" / "freeze-gate should
 * warn only, never block"). On the tune half this found 15 more gold contradictions at the negation class's rate.
 */
const NEGATION_MIN_COVERAGE_CLOSE = 0.2
const NEGATION_CLOSE_OVERLAP = 0.6
/** …and share half the shorter claim's content ("no lag alerting at all" / "every consumer group gets a lag alert"). */
const NEGATION_MIN_OVERLAP = 0.5
/** An exception ("additive migrations can skip the review") is read by the quantifier detector below unless the two say nearly the same. */
const NEGATION_MIN_OVERLAP_EXCEPTION = 0.6

/**
 * Numbers this many times apart ("10 minutes" / "8 hours", "5 m" / "nightly") were, on meetings the engine had not
 * seen, most often two different measures that share a unit: their findings are calibrated apart.
 */
const FAR_APART = 10
const round = (x: number) => Math.round(x * 1000) / 1000

function sameSet(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false
  for (const x of a) if (!b.has(x)) return false
  return true
}

/**
 * Claims qualified by different times ("in 2023" / "now", "used to", past vs present) or different scopes
 * (staging / production) or different modifiers of the same noun ("billing service" / "search service") are
 * about different things: they cannot contradict. `ignore` holds the words already explained as opposites.
 */
function differentReferents(a: Features, b: Features, ignore: Set<string>): string | undefined {
  if (differentTimes(a, b, ignore)) return 'different times'
  // (Two parts of the day or week each claim opens with: "Overnight, …" / "During business hours …".)
  if (a.dayPart !== undefined && b.dayPart !== undefined && a.dayPart !== b.dayPart) return 'different times'
  if (differentOwners(a, b)) return 'different subjects'
  return differentSettings(a, b) ?? (differentModifiers(a, b, ignore) ? 'different subjects' : undefined)
}

/**
 * The name a claim is about: a label that is a name ("Slack: the native legal hold …") or a name opening the claim
 * before its verb ("GitHub has no native legal hold").
 */
function ownerName(f: Features): string | undefined {
  const label = labelEnd(f.tokens)
  if (label === 1) {
    const word = f.tokens[0]
    if (word.pos === 'PROPN' || f.tokens.some((t, i) => i > 1 && t.norm === word.norm && t.pos === 'PROPN')) return word.norm
    return undefined
  }
  if (f.tokens[0]?.pos === 'PROPN' && /^(AUX|VERB)$/.test(f.tokens[1]?.pos ?? '')) return f.tokens[0].norm
  return undefined
}

/** Two claims each about a name the other never mentions ("Slack: … is sufficient" / "GitHub has no …"). */
function differentOwners(a: Features, b: Features): boolean {
  const [na, nb] = [ownerName(a), ownerName(b)]
  if (na === undefined || nb === undefined || na === nb) return false
  return !b.tokens.some((t) => t.norm === na) && !a.tokens.some((t) => t.norm === nb)
}

/** Different conditions or environments: the part of differentReferents that holds for any kind of claim. */
function differentSettings(a: Features, b: Features, unnamedIsProduction = true): string | undefined {
  if (a.condition !== b.condition && !conditionNamedByOther(a, b) && !conditionNamedByOther(b, a)) return 'different conditions'
  // (A claim that names no environment is about production: "prod deploys, canary analysis" and "skip canary" are
  // in one.)
  const inProduction = (f: Features) => (unnamedIsProduction && !preProduction(f) ? new Set([...namedScopes(f), 'production']) : f.scopes)
  if (a.scopes.size > 0 && b.scopes.size > 0 && !sameSet(inProduction(a), inProduction(b))) return 'different scopes'
  // A claim that names no environment is about production: "Staging keeps 3 days of logs" is not "app logs: 14 days".
  if (unnamedIsProduction && preProduction(a) !== preProduction(b) && (a.scopes.size === 0 || b.scopes.size === 0)) return 'different scopes'
  return undefined
}

/**
 * One claim holds under a condition the other names in its own words, without an "if": "dismiss stale approvals
 * when new commits are pushed" / "do not dismiss stale approvals on push". Then both speak of that situation.
 */
function conditionNamedByOther(conditioned: Features, other: Features): boolean {
  if (conditioned.condition === '' || other.condition !== '') return false
  return conditioned.condition.split(' ').some((w) => w.length > 2 && !/^\d/.test(w) && !GENERIC_NOUNS.has(w) && other.content.has(w))
}

/** The environments a claim names, "prod" spelt out. */
const namedScopes = (f: Features) => new Set([...f.scopes].map((s) => (s === 'prod' ? 'production' : s)))

const PRE_PRODUCTION = new Set(['staging', 'dev', 'development', 'sandbox', 'preprod'])
function preProduction(f: Features): boolean {
  for (const scope of f.scopes) if (PRE_PRODUCTION.has(scope)) return true
  return false
}

/**
 * Verbs that open an order in notes and that a tagger may read as nouns ("keep", "set", "use"). (A function: the
 * heading code reads it through a circular import.)
 */
export function isOrderVerb(word: string): boolean {
  return /^(set|keep|use|leave|put|make|apply)$/.test(word)
}

/** One noun modified two different ways ("billing service" / "search service", "4xx responses" / "5xx responses"). */
function differentModifiers(a: Features, b: Features, ignore: Set<string>): boolean {
  for (const [noun, mods] of a.modifiers) {
    const other = b.modifiers.get(noun)
    if (!other) continue
    // ("Region-wide", "company-wide" say how far, not which: "a region-wide outage" is "a regional outage".)
    // (…nor does an order the tagger took for a modifier: "Set timeoutSeconds: 3" / "Keep timeoutSeconds: 10".)
    const names = (m: string) => m !== 'wide' && !isOrderVerb(m)
    const onlyA = [...mods].filter((m) => !other.has(m) && !ignore.has(m) && !b.content.has(m) && names(m))
    const onlyB = [...other].filter((m) => !mods.has(m) && !ignore.has(m) && !a.content.has(m) && names(m))
    // (One name spelt two ways, the tool and its command: "dcgm diag" / "dcgmi diag".)
    const spelt = (x: string, y: string) => Math.min(x.length, y.length) >= 4 && (x.startsWith(y) || y.startsWith(x))
    if (onlyA.length > 0 && onlyB.length > 0 && !(onlyA.length === 1 && onlyB.length === 1 && spelt(onlyA[0], onlyB[0]))) return true
  }

  return false
}

const NAMED_PERIODS: Record<string, [number, number]> = {
  h1: [1, 6],
  h2: [7, 12],
  spring: [3, 5],
  summer: [6, 8],
  autumn: [9, 11],
  q1: [1, 3],
  q2: [4, 6],
  q3: [7, 9],
  q4: [10, 12],
}

/** The months (first, last) a named calendar period covers, whatever the year; undefined for other times. */
function monthsOf(time: string): [number, number] | undefined {
  const month = MONTHS.indexOf(time) + 1
  return month > 0 ? [month, month] : NAMED_PERIODS[time]
}

/**
 * Named times decide when both claims name one ("last quarter" and "last quarter" agree whatever the verb's
 * tense: "reached" / "was"). A time named on one side only sets that claim apart from the other. With no named
 * time, a past claim and a present one ("was stateful" / "is stateless now") are about different times; a claim
 * with no tense at all is taken to be about the same time as the other.
 */
function differentTimes(a: Features, b: Features, ignore?: Set<string>): boolean {
  // A period that is itself the value in dispute ("all teams on Vault by end of Q2" / "… by the end of Q3") is no frame.
  if (ignore && [...a.times, ...b.times].some((t) => ignore.has(t))) {
    const keep = (f: Features) => ({...f, times: new Set([...f.times].filter((t) => !ignore.has(t)))})
    return differentTimes(keep(a), keep(b))
  }

  if (a.times.size > 0 || b.times.size > 0) {
    if (sameSet(a.times, b.times)) return false
    // Calendar periods that overlap are one frame ("by the end of Q2" / "through June", "in H1" / "in March").
    const [ra, rb] = [[...a.times].map(monthsOf), [...b.times].map(monthsOf)]
    const calendar = (r: Array<[number, number] | undefined>): r is Array<[number, number]> => r.length > 0 && r.every(Boolean)
    if (calendar(ra) && calendar(rb) && ra.some(([x0, x1]) => rb.some(([y0, y1]) => x0 <= y1 && y0 <= x1))) return false
    // A date on one side only, in a plan (neither claim in the past tense), bounds the plan ("no extensions after
    // 31 July" / "allow extensions for enterprise customers"): the other claim speaks of the same future.
    const [onlyA, onlyB] = [a.times.size > 0 && b.times.size === 0, b.times.size > 0 && a.times.size === 0]
    if ((onlyA && calendar(ra)) || (onlyB && calendar(rb))) return a.tense === 'past' || b.tense === 'past'
    return true
  }

  return a.tense !== undefined && b.tense !== undefined && a.tense !== b.tense
}

/**
 * The scopes `f` names are all among those `rule` covers ("every image promoted to staging or production" covers
 * "prod images"); a claim that names none is about production.
 */
function coveredScopes(f: Features, rule: Features): boolean {
  const [inner, outer] = [namedScopes(f), namedScopes(rule)]
  if (inner.size === 0) inner.add('production')
  return outer.size > 0 && [...inner].every((s) => outer.has(s))
}

/** The members a claim rules exceptions out for: "no carve-out for renovate / dep bumps" → renovate, dep, bump. */
function ruledOutFor(f: Features): Set<string> {
  const found = new Set<string>()
  const {tokens} = f
  for (let i = 0; i < tokens.length; i++) {
    if (!/^(no|without|zero)$/.test(tokens[i].norm)) continue
    let k = i + 1
    if (/^(carve|opt)$/.test(tokens[k]?.norm ?? '') && tokens[k + 1]?.norm === '-') k += 2
    if (!RULE_FOR_ALL.test(tokens[k]?.norm ?? '') && !/^outs?$/.test(tokens[k]?.norm ?? '')) continue
    // (…or named after it: "no exceptions, internal tooling included", "no exceptions, even plans/countries",
    // "no exceptions, incl. emails".)
    let from = k + 2
    if (tokens[k + 1]?.norm !== 'for') {
      if (tokens[k + 1]?.norm !== ',') continue
      from = k + 2 + (/^(even|incl|including|not)$/.test(tokens[k + 2]?.norm ?? '') ? 1 : 0)
      if (tokens[from]?.norm === 'even') from++
      if (tokens[from]?.norm === 'for') from++
      const end = tokens.findIndex((t, j) => j >= from && /^[,;.:]$/.test(t.norm))
      const named = tokens.slice(from, end < 0 ? tokens.length : end)
      if (!/^(even|incl|including|not)$/.test(tokens[k + 2]?.norm ?? '') && !named.some((t) => /^(included|incl)$/.test(t.norm))) continue
    }
    // (The members run to the next preposition or verb: "for svc accts or break-glass in the review population".)
    for (let j = from; j < tokens.length && !/^[,;.:]$/.test(tokens[j].norm) && !/^(ADP|VERB|AUX)$/.test(tokens[j].pos); j++)
      if (f.content.has(tokens[j].lemma)) found.add(tokens[j].lemma)
  }

  // A rule for every member that names some as included rules their exception out too: "Every support session
  // touching EU data must be logged, read-only sessions included".
  if ((f.quantifier === 'every' || f.quantifier === 'all') && NORMATIVE.has(f.modality))
    for (let i = 0; i < tokens.length; i++) {
      if (!/^(included|incl)$/.test(tokens[i].norm) || tokens[i - 1]?.type === 'punctuation') continue
      for (let j = i - 1; j >= 0 && j >= i - 4 && tokens[j].type !== 'punctuation'; j--) if (f.content.has(tokens[j].lemma)) found.add(tokens[j].lemma)
    }

  return found
}

/** Content size and negation count of the clauses of `f` that mention a shared term. */
function core(f: Features, subject: string[]): [size: number, negations: number] {
  let size = 0
  let negations = 0
  for (const [k, clause] of f.clauses.entries()) {
    if (!subject.some((s) => clause.content.has(s))) continue
    size += clause.content.size
    negations += clause.negations
    // (A bare "no" after a label answers for it: "untrusted PLs + fdw in prod: no".)
    const next = f.clauses[k + 1]
    if (next && next.content.size === 0) negations += next.negations
  }

  return size === 0 ? [f.content.size, f.negations] : [size, negations]
}

function shared(a: Features, b: Features): string[] {
  const result: string[] = []
  for (const x of a.content) if (b.content.has(x)) result.push(x)
  return result.sort()
}

/** Words that may take part in an opposite: content words, and the pronouns the exclusion groups list. Cached: a claim meets many others. */
function candidates(f: Features, lexicon: Lexicon): Token[] {
  let list = (f as Cached).candidateCache
  if (!list) (f as Cached).candidateCache = list = f.tokens.filter((t) => f.content.has(t.lemma) || lexicon.exclusive.has(t.norm))
  return list
}

interface Reach {
  reach: Set<string>
  forms: string[]
  formSet: Set<string>
  /** The claim's words without a negative prefix: "insecure" here and "secure" there are opposites. */
  bases: string[]
  /** A 1,024-bit filter of `reach` and the bit of each form: most pairs are ruled out with integer tests alone. */
  bloom: Uint32Array
  formBits: Uint16Array
}

// Per-claim caches live on the features object itself (a WeakMap lookup per pair costs more than the check).
type Cached = Features & {reachCache?: Reach}

function bitOf(word: string): number {
  let h = 2_166_136_261
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16_777_619)
  return (h >>> 0) & 1023
}

function reachOf(f: Features, lexicon: Lexicon): Reach {
  let entry = (f as Cached).reachCache
  if (!entry) {
    const words = [...new Set(candidates(f, lexicon).flatMap((t) => [t.norm, t.lemma]))]
    const forms = [...new Set(words.flatMap((w) => adjectiveForms(w)))]
    // Listed opposites only; prefixed opposites (secure / insecure) are found through `bases` below.
    const reach = new Set(words.flatMap((w) => antonymReach(lexicon, w, {prefixes: false})))
    const bases = [...new Set(words.flatMap((w) => unprefixed(w)))]
    const bloom = new Uint32Array(32)
    for (const w of reach) {
      const bit = bitOf(w)
      bloom[bit >> 5] |= 1 << (bit & 31)
    }

    entry = {bases, bloom, formBits: Uint16Array.from(forms, (w) => bitOf(w)), formSet: new Set(forms), forms, reach}
    ;(f as Cached).reachCache = entry
  }

  return entry
}

function reachesAny(r: Reach, other: Reach): boolean {
  for (let k = 0; k < other.formBits.length; k++) {
    const bit = other.formBits[k]
    if ((r.bloom[bit >> 5] & (1 << (bit & 31))) !== 0 && r.reach.has(other.forms[k])) return true
  }

  return false
}

/** False when no word of one claim can be an antonym of a word of the other (exact check: antonymPairs). */
function mayOppose(a: Features, b: Features, lexicon: Lexicon): boolean {
  const ra = reachOf(a, lexicon)
  const rb = reachOf(b, lexicon)
  if (reachesAny(ra, rb) || reachesAny(rb, ra)) return true
  for (let k = 0; k < ra.bases.length; k++) if (rb.formSet.has(ra.bases[k])) return true
  for (let k = 0; k < rb.bases.length; k++) if (ra.formSet.has(rb.bases[k])) return true
  return false
}

/** Whether a word of one claim is an opposite of a word of the other ("keep" / "drop"): two such claims never agree. */
export function opposes(a: Features, b: Features, lexicon: Lexicon): boolean {
  return antonymPairs(a, b, lexicon, false).length > 0
}

/**
 * Opposite pairs (x in a only, y in b only): antonyms, and — when both claims describe one situation — members of
 * one exclusion group. Exclusions ("man" / "woman", "asleep" / "running", two colours) hold within one scene; two
 * sentences of a document that mention a man and a woman are usually about two people, so `analyze` skips them.
 */
function antonymPairs(a: Features, b: Features, lexicon: Lexicon, exclusions: boolean, opposable?: boolean): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  const seen = new Set<string>()
  const [candA, candB] = [candidates(a, lexicon), candidates(b, lexicon)]
  // Most pairs share no opposite at all: a set lookup says so before the exact word-by-word check.
  if (!exclusions && !(opposable ?? mayOppose(a, b, lexicon))) return []
  const inA = candA.filter((t) => !b.forms.has(t.lemma) && !b.forms.has(t.norm))
  const inB = candB.filter((t) => !a.forms.has(t.lemma) && !a.forms.has(t.norm))
  if (!exclusions && (inA.length === 0 || inB.length === 0)) return []
  const wordsA = exclusions ? candA.flatMap((t) => [t.norm, t.lemma]) : []
  const wordsB = exclusions ? candB.flatMap((t) => [t.norm, t.lemma]) : []
  for (const ta of inA) {
    for (const tb of inB) {
      const antonym = areAntonyms(lexicon, ta.norm, tb.norm) || areAntonyms(lexicon, ta.lemma, tb.lemma)
      // An exclusion is void when the other claim also names an equivalent ("a woman and children" / "a lady and kids").
      const exclusive =
        !antonym && exclusions && (exclusiveBetween(lexicon, ta.norm, tb.norm, wordsA, wordsB) || exclusiveBetween(lexicon, ta.lemma, tb.lemma, wordsA, wordsB))
      const opposite = antonym || exclusive
      const key = `${ta.lemma}/${tb.lemma}`
      if (opposite && !seen.has(key)) {
        pairs.push([ta.lemma, tb.lemma])
        seen.add(key)
      }
    }
  }

  // Modifier-only exclusions (colours): "blue shirt" / "red shirt", the same noun described two incompatible ways.
  for (const [noun, modsA] of exclusions ? a.modifiers : []) {
    const modsB = b.modifiers.get(noun)
    if (!modsB) continue
    for (const x of modsA) {
      for (const y of modsB) {
        if (areExclusive(lexicon, x, y, true) && !modsA.has(y) && !modsB.has(x) && !seen.has(`${x}/${y}`)) {
          pairs.push([x, y])
          seen.add(`${x}/${y}`)
        }
      }
    }
  }

  return pairs
}

/**
 * The words of the compound a word opens, when at least one more modifier stands before its noun ("low free cl
 * alarm" → free, cl, alarm), as noun keys: the word names which of two things, as "low" and "high" do of two alarms.
 */
function compoundOf(f: Features, word: string): string[] | undefined {
  const at = f.tokens.findIndex((t) => t.lemma === word || t.norm === word)
  if (at < 0 || !/^(ADJ|ADV)$/.test(f.tokens[at].pos)) return undefined
  let end = at
  while (end + 1 < f.tokens.length && end - at < 4 && /^(ADJ|NOUN|PROPN)$/.test(f.tokens[end + 1].pos)) end++
  return end - at >= 2 && f.tokens[end].pos === 'NOUN' ? f.tokens.slice(at + 1, end + 1).map((t) => nounKeyOf(t.lemma)) : undefined
}

/** The first noun or personal pronoun: who or what the claim is about. */
function head(f: Features): string | undefined {
  if (headCache.has(f)) return headCache.get(f)
  // Past a label ("Decommissioning: Jenkins will be …" is about Jenkins).
  const label = labelEnd(f.tokens)
  const found = f.tokens.find((t, i) => i > label && (t.pos === 'NOUN' || t.pos === 'PROPN' || (t.pos === 'PRON' && /^(he|she)$/.test(t.norm))))?.lemma
  headCache.set(f, found)
  return found
}

/** Each claim's head, found once: compare() asks for it on every pair. */
const headCache = new WeakMap<Features, string | undefined>()

/** "lady" and "woman": two heads in the same set of every exclusion group they both belong to name one subject. */
function sameHead(a: Features, b: Features, lexicon: Lexicon): string | undefined {
  const x = head(a)
  const y = head(b)
  if (!x || !y || x === y) return undefined
  const mx = lexicon.exclusive.get(x)
  const my = lexicon.exclusive.get(y)
  if (!mx || !my) return undefined
  const common = mx.filter(([g]) => my.some(([h]) => h === g))
  return common.length > 0 && common.every(([g, k]) => my.some(([h, l]) => h === g && l === k)) ? `${x}~${y}` : undefined
}

/**
 * Nouns that name a unit, a magnitude or nothing in particular: sharing one of them ("days", "cost", "%", "time")
 * does not make two numbers measure the same thing ("Backups are kept for 14 days" / "Certificates are renewed
 * every 60 days").
 */
export const GENERIC_NOUNS = new Set([
  ...MEASURE_HEADS,
  'hz',
  'khz',
  'mhz',
  'ghz',
  'dbm',
  'db',
  'mbps',
  'gbps',
  'ms',
  's',
  'min',
  'h',
  'd',
  '%',
  'cost',
  'price',
  'money',
  'dollar',
  'euro',
  'usd',
  'eur',
  'gb',
  'tb',
  'mb',
  'kb',
  'people',
  'person',
  'team',
  'we',
  'today',
  'now',
  'end',
  'start',
  'case',
  'average',
  'maximum',
  'minimum',
  'max',
  'min',
  'k',
  'm',
  'count',
  'times',
  'x',
  'target',
  'limit',
  'exception',
  'bill',
  'spend',
  'spending',
  'expense',
  'fee',
  'volume',
  'usage',
  'utilization',
  'utilisation',
  'duration',
  'length',
  // A time zone says how a time of day is written, not what it times.
  ...Object.keys(TIME_ZONES),
])

const nounKeyCache = new WeakMap<Features, Map<string, string>>()
const wordKeyCache = new WeakMap<Features, Map<string, string>>()

/** A crude key for matching a noun across forms: singular, and a nominalisation reduced to its verb ("commitment" → commit). */
/** Content words that say something: numbers and units aside. */
function coreSize(f: Features, withoutAsides = false): number {
  let n = 0
  for (const w of f.content) if (!/^\d/.test(w) && !GENERIC_NOUNS.has(w) && !(withoutAsides && f.asides.has(w))) n++
  return n
}

function nounKeyOf(word: string): string {
  return nounKey(word)
}

function nounKey(word: string): string {
  let w = word.length > 4 && /[^su]s$/.test(word) ? word.slice(0, -1) : word
  if (w.length > 7) w = w.replace(/(ments?|ations?)$/, '')
  return w
}

/** Words for how long a thing stays valid: "max lifetime 72h" and "1 week duration" set one value of a cert. */
const LIFETIME_WORDS = new Set(['lifetime', 'duration', 'validity', 'expiry', 'ttl', 'age'])
/** Of those, the ones that only ever measure how long something lives ("age" may be a message's, "duration" a job's). */
const LIFETIME_MEASURES = new Set(['lifetime', 'validity', 'expiry', 'ttl'])
/** Nouns that frame a value as a budget, a plan or a default: the value is of what the claim is about, not of them. */
const FRAME_ANCHORS = new Set(['budget', 'deadline', 'default', 'policy', 'recommendation', 'turnaround', 'estimate', 'plan'])
/**
 * Verbs of keeping, when the tagger makes one the anchor of a value ("untagged keep 30d min"); features.ts
 * KEEPING_VERBS reads their participles for tense. Those that are also nouns ("session store") are left out here.
 */
const KEEPING_ANCHORS = new Set(['keep', 'retain', 'delete', 'purge', 'expire', 'archive'])
/** Where kept things are kept: a value anchored on one in a claim about keeping is the kept things'. */
const STORES = new Set(['bucket', 'storage', 'disk', 'index', 'archive'])
const KEEPING_WORDS = new Set([...KEEPING_ANCHORS, 'retention', 'drop', 'hold', 'kept'])
/** Whether a claim is about keeping or dropping something ("keep 14 days", "purged after seven days"). */
const keeps = (f: Features) => f.tokens.some((t) => KEEPING_WORDS.has(t.lemma))

/**
 * "honestly don't care which", "whichever adds less latency is fine by me", "happy either way": a claim that leaves
 * a choice open takes no side on it.
 */
const INDIFFERENT =
  /\b(do ?n['’]?t|dont|do not) (care|mind)\b|\bwhichever\b[^.]*\b(fine|ok|okay)\b|\b(fine|happy|ok|okay) either way\b|\bno (strong )?preference\b|\bnot strongly opinionated\b/i
const indifferentCache = new WeakMap<Features, boolean>()
/** (Once per claim: a claim meets many others, and the pattern is costly on long ones.) */
function indifferent(f: Features): boolean {
  let known = indifferentCache.get(f)
  if (known === undefined) indifferentCache.set(f, (known = INDIFFERENT.test(f.text)))
  return known
}

/** A figure summed over members: "in total", "across 5 rotations", "overall", "combined". */
const totals = (f: Features) => f.tokens.some((t) => /^(total|across|overall|altogether|combined)$/.test(t.norm))

/** "by 15 March", "before Q2": a date something must happen by. */
const deadline = (q: Quantity) => q.kind === 'ordinal' && !Number.isFinite(q.low) && Number.isFinite(q.high)
/** "not before 7 April", "Q2 at the earliest": a date nothing happens before. */
const earliestDate = (q: Quantity) => q.kind === 'ordinal' && Number.isFinite(q.low) && !Number.isFinite(q.high)
/** A deadline against an earliest date: the one pair of dates a plan is disputed by. */
const planDispute = (x: Quantity, y: Quantity) => (deadline(x) && earliestDate(y)) || (earliestDate(x) && deadline(y))

/** Modifiers that say how a count is taken, not which group it counts ("parallel exports", "active series"). */
const COUNTING_ASPECTS = new Set(['parallel', 'concurrent', 'simultaneous', 'running', 'active', 'live', 'inflight', 'in-flight', 'outstanding'])

/** Nouns that name a property of what modifies them: "info retention", "session ttl", "export timeout". */
const PROPERTY_HEADS = new Set([
  'retention',
  'ttl',
  'expiry',
  'lifetime',
  'size',
  'count',
  'rate',
  'duration',
  'timeout',
  'budget',
  'cost',
  'latency',
  'frequency',
  'interval',
  'window',
  'runtime',
  'soak',
  // ("the raw breadcrumb history" is the breadcrumbs over time: what "raw GPS breadcrumbs" keeps.)
  'history',
])

/**
 * Nouns for one kind of thing a system keeps, under several names: records ("denial logs" / "denial events"),
 * written notes ("handoff notes" / "handoff docs"), stored files ("export artifacts" / "export files").
 */
const KEPT_THINGS = [
  ['log', 'event', 'record', 'entry', 'result', 'data', 'line', 'flow'],
  ['note', 'doc', 'document', 'writeup'],
  ['file', 'artifact', 'blob'],
  ['capacity', 'node', 'instance', 'server', 'machine', 'host'],
].map((names) => new Set(names))
/** The names of the kind of kept thing `noun` names, if it names one. */
const keptKind = (noun: string) => KEPT_THINGS.find((names) => names.has(noun))

/**
 * Specific words both claims use for what they measure: a noun on at least one side ("build" as a noun in one
 * claim, a verb in the other), never a unit or generic word. What two numbers must share to be about one thing.
 */
function measuredThing(a: Features, b: Features): string[] {
  const result = new Set<string>()
  // Read-only per-claim maps (noun key → lemma), built once per claim: this runs on a great many pairs.
  const keysOf = (f: Features, nouns: boolean) => {
    const cached = (nouns ? nounKeyCache : wordKeyCache).get(f)
    if (cached) return cached
    const map = new Map<string, string>()
    for (const t of f.tokens) {
      if (!f.content.has(t.lemma) || GENERIC_NOUNS.has(t.lemma) || /^\d/.test(t.lemma) || t.lemma.length < 2 || isUnitWord(t.lemma)) continue
      if (nouns && t.pos !== 'NOUN' && t.pos !== 'PROPN') continue
      map.set(nounKey(t.lemma), t.lemma)
    }

    ;(nouns ? nounKeyCache : wordKeyCache).set(f, map)
    return map
  }

  const [nounsA, nounsB, allA, allB] = [keysOf(a, true), keysOf(b, true), keysOf(a, false), keysOf(b, false)]
  // "build logs" / "builds": a word that only modifies another noun the other claim never names is another thing.
  // …but a bound of it is still it ("the autoscaler ceiling" / "Autoscaler: max of 60 nodes").
  // …nor does "info retention: 7d" name another thing than "INFO logs are retained for 30 days": the other claim's
  // noun for the word is a property of it.
  const propertyOf = (f: Features, word: string) =>
    [...f.modifiers].some(([noun, mods]) => mods.has(word) && (PROPERTY_HEADS.has(noun) || BOUND_HEADS.has(noun)))
  // (…nor does one kind of record named two ways: "denial logs" / "denial events", "probe results" / "availability data".)
  const namesRecord = (other: Features, noun: string) => {
    for (const w of keptKind(noun) ?? []) if (other.content.has(w)) return true
    return false
  }
  // (…unless the claim also names it on its own: "Slurm shutdown: Slurm is switched off at the end of February".)
  const standsAlone = (f: Features, word: string) =>
    f.tokens.some(
      (t, i) => t.lemma === word && /^(NOUN|PROPN)$/.test(t.pos) && !/^(NOUN|PROPN)$/.test(f.tokens[i + 1]?.pos ?? '') && f.tokens[i + 1]?.norm !== '-',
    )
  const modifierOnly = (f: Features, other: Features, word: string) => {
    if (propertyOf(other, word) || standsAlone(f, word)) return false
    for (const [noun, mods] of f.modifiers)
      if (
        mods.has(word) &&
        !mentionsForm(other, noun) &&
        !namesRecord(other, noun) &&
        !GENERIC_NOUNS.has(noun) &&
        !BOUND_HEADS.has(noun) &&
        !PROPERTY_HEADS.has(noun)
      )
        return true
    return false
  }

  for (const [key, word] of nounsA) {
    if (!allB.has(key) || /^p\d+$/.test(word) || modifierOnly(a, b, word) || modifierOnly(b, a, allB.get(key)!)) continue
    result.add(word)
  }

  for (const [key, word] of nounsB) {
    if (!allA.has(key) || /^p\d+$/.test(word) || modifierOnly(b, a, word) || modifierOnly(a, b, allA.get(key)!)) continue
    result.add(allA.get(key)!)
  }

  for (const word of initialisms(a, b)) result.add(word)
  return result.size === 0 ? [] : [...result].sort()
}

/**
 * "RI" / "reserved instances", "PDB" / "pod disruption budget": a short noun one claim uses whose letters are the
 * initials of consecutive words the other claim spells out. Notes abbreviate what a prose answer writes in full.
 */
function initialisms(a: Features, b: Features): string[] {
  const found = new Set<string>()
  const scan = (short: Features, long: Features) => {
    const words = long.tokens.filter((t) => t.type === 'word' && !t.stop)
    for (const t of short.tokens) {
      if (t.stop || t.type !== 'word' || !/^[a-z]{2,4}$/.test(t.norm) || (t.pos !== 'NOUN' && t.pos !== 'PROPN') || long.content.has(t.lemma)) continue
      for (let i = 0; i + t.norm.length <= words.length; i++) {
        if (words.slice(i, i + t.norm.length).every((w, k) => w.norm[0] === t.norm[k])) {
          found.add(t.lemma)
          break
        }
      }
    }
  }

  scan(a, b)
  scan(b, a)
  return [...found]
}

/** The noun both claims' subject phrases end in ("exceptions" / "Exceptions"), unless it is a unit or a measure word. */
function sameSubjectHead(a: Features, b: Features): string | undefined {
  const headOf = (f: Features) => nounKeyOf(f.subjectPhrase.split(/\s+/).at(-1) ?? '')
  const [ha, hb] = [headOf(a), headOf(b)]
  return ha.length > 2 && ha === hb && !MEASURE_HEADS.has(ha) && !/^\d/.test(ha) && !isUnitWord(ha) ? ha : undefined
}

/**
 * A word that places a date rather than names what is dated: a calendar word (isCalendarWord: "march", "q2"), a
 * part or unit of the calendar ("mid-april", "end", "week") or a number.
 */
function isScheduleWord(word: string): boolean {
  return isCalendarWord(word) || /^\d|^(mid-\w+|early|late|end|start|week|wk|month|year|quarter|day|earliest|latest)$/.test(word)
}

/**
 * Each claim names an act by a verb of substance, and neither names the other's act, as a verb or as its noun
 * ("updates" / "reviewed"; not "must be rotated" / "automatic rotation").
 */
function actsDiffer(a: Features, b: Features): boolean {
  const acts = (f: Features) => f.tokens.filter((t) => t.pos === 'VERB' && f.content.has(t.lemma) && !GENERIC_VERBS.has(t.lemma)).map((t) => t.lemma)
  const stem = (w: string) => w.slice(0, Math.min(w.length, 5))
  const names = (f: Features, act: string) => [...f.content].some((w) => stem(w) === stem(act))
  const [x, y] = [acts(a), acts(b)]
  return x.length > 0 && y.length > 0 && !x.some((v) => names(b, v)) && !y.some((v) => names(a, v))
}

/** Non-generic verbs both claims use ("finish", "acknowledge"): enough for two dates of one plan to be about one thing. */
function sharedVerbs(a: Features, b: Features): string[] {
  const verbs = (f: Features) => new Set(f.tokens.filter((t) => t.pos === 'VERB' && f.content.has(t.lemma) && !GENERIC_VERBS.has(t.lemma)).map((t) => t.lemma))
  const vb = verbs(b)
  return [...verbs(a)].filter((v) => vb.has(v))
}

const GENERIC_VERBS = new Set([
  'be',
  'have',
  'do',
  'take',
  'get',
  'make',
  'go',
  'use',
  'need',
  'keep',
  'run',
  'say',
  'see',
  'come',
  'give',
  'put',
  'set',
  'think',
  'expect',
  'want',
  'cost',
  'spend',
  'pay',
  'stay',
  'remain',
])

const TRIGGER_WORDS = new Set(['alert', 'page', 'notify', 'escalate', 'trigger', 'throttle', 'shed', 'reject', 'block'])
const NORMATIVE = new Set(['must', 'must-not', 'should', 'should-not', 'may', 'may-not'])

const RECURRENCE = /^(interval|cadence|frequency|period|cycle|rotation|rotate|recur|schedule|run|refresh|poll|scrape)$/

/** The claim names a recurrence ("rotation", "interval", "cadence"): its duration can be a gap between events. */
const namesRecurrence = (f: Features) => [...f.content].some((w) => RECURRENCE.test(w))

/**
 * How many different values of `q`'s kind the claim states. A restatement is one value ("by 31 March (end of Q1)",
 * "quarterly (every 90 days)").
 */
function distinctValues(f: Features, q: Quantity): number {
  const values: Quantity[] = []
  for (const x of f.quantities) {
    // (How often and how long are two measures: "rotated every 90 days, the old key kept for one week" sets one period.)
    if (x.dimension !== q.dimension || (x !== q && eventDate(f, x)) || Boolean(q.recurring) !== Boolean(x.recurring)) continue
    if (!values.some((v) => !disjoint(...inOneYear(v, x)))) values.push(x)
  }
  return values.length
}

/**
 * The date of another event the claim is placed against ("by the end of Q1, before the billing migration in April"):
 * not a value the claim sets.
 */
function eventDate(f: Features, q: Quantity): boolean {
  if (q.kind !== 'ordinal') return false
  const [start] = q.span
  if (!/^(in|on)$/.test(f.tokens[start - 1]?.norm ?? '') && !/^(in|on)$/.test(q.text.split(' ')[0])) return false
  const before = f.tokens.slice(Math.max(0, start - 6), start)
  return before.some((t, i) => /^(before|after|until|during)$/.test(t.norm) && /^(the|our|a)$/.test(before[i + 1]?.norm ?? ''))
}

/**
 * The nouns beside a date within its stretch of a list ("dc1-prod cutover in week 8" → cutover; "Week 4: dc1-prod
 * cutover" → cutover): what the date dates, when a claim dates several things.
 */
function datedEvent(f: Features, q: Quantity): string[] {
  const edge = (t: Token) => /^([,;()→>—–-]|->|then|and|but|\.)$/.test(t.norm)
  const words: string[] = []
  const take = (t: Token) => {
    if (/^(NOUN|PROPN)$/.test(t.pos) && !GENERIC_NOUNS.has(t.lemma) && !isScheduleWord(t.lemma) && t.lemma.length > 2) words.push(nounKeyOf(t.lemma))
  }
  for (let k = q.span[0] - 1; k >= 0 && !edge(f.tokens[k]); k--) take(f.tokens[k])
  for (let k = q.span[1] + 1; k < f.tokens.length && !edge(f.tokens[k]); k++) take(f.tokens[k])
  return words
}

/** "burst: 50 for keys" / "a burst of around 200 requests": a setting's bare value and a count of what it limits. */
function settingAndCount(x: Quantity, y: Quantity): boolean {
  if (x.kind !== 'count' || y.kind !== 'count' || y.anchor === undefined) return false
  // …and "5,000 rows per batch" / "batches of 20,000 rows": a count per thing and one of that thing's.
  return x.unit === `setting ${y.anchor}` || x.unit === `${y.unit}/${countedUnit(y.anchor)}`
}

/** The date is the one a state began ("since oct 2025", "since the January recalibration"). */
const sinceDate = (f: Features, q: Quantity) =>
  f.tokens[q.span[0] - 1]?.norm === 'since' || (f.tokens[q.span[0] - 1]?.norm === 'the' && f.tokens[q.span[0] - 2]?.norm === 'since')

/**
 * Two counts of one thing per two different things both claims name ("each member can bring up to 3 guests per
 * round" / "max 2 guests per member per round"): the same count, each claim naming one of its "per" nouns.
 */
function perEachOfBoth(a: Features, qa: Quantity, b: Features, qb: Quantity): boolean {
  if (qa.kind !== 'count' || qb.kind !== 'count') return false
  const [ua, pa] = qa.unit.split('/')
  const [ub, pb] = qb.unit.split('/')
  if (ua !== ub || pa === undefined || pb === undefined || pa === pb) return false
  const names = (f: Features, unit: string) => f.tokens.some((t) => countedUnit(t.lemma) === unit || (unit === 'person' && t.lemma === 'head'))
  return names(a, pb) && names(b, pa)
}

/**
 * The act one claim's value is anchored on as a noun, which the other names as its verb ("Escalation to the secondary
 * happens after 30 minutes" / "PagerDuty escalates to the secondary after 15 minutes"): the two values time one act.
 */
function actAsNoun(f: Features, q: Quantity, other: Features): string[] | undefined {
  const verb = q.anchor === undefined ? undefined : verbOfAct(q.anchor)
  return verb !== undefined && other.tokens.some((t) => t.lemma === verb && t.pos === 'VERB') ? [q.anchor!] : undefined
}

/** The verb an act's noun is made from: "escalation" → "escalate", "rotation" → "rotate". */
const verbOfAct = (noun: string): string | undefined => (noun.length > 6 && noun.endsWith('ation') ? `${noun.slice(0, -5)}ate` : undefined)

function numericConflict(a: Features, b: Features): [Quantity, Quantity, 'disjoint' | 'limits'] | undefined {
  // An anchor one claim abbreviates ("RI: 1yr" / "a 3-year term for reserved instances") is the other's anchor.
  let known: Set<string> | undefined
  const abbreviations = () => (known ??= new Set(initialisms(a, b)))
  const comparable = (qa: Quantity, qb: Quantity) => {
    if (settingAndCount(qa, qb) || settingAndCount(qb, qa)) return true
    if (qa.dimension !== qb.dimension && !perEachOfBoth(a, qa, b, qb)) return false
    // A date after "since" is when a state began ("out of support since oct 2025"): not the date of a plan.
    if (qa.kind === 'ordinal' && sinceDate(a, qa) !== sinceDate(b, qb)) return false
    // A deadline against an earliest date is the one pair of dates a plan is disputed by ("complete by 15 March" /
    // "prod not before 7 apr, change freeze runs till 4 apr"), whatever other dates either claim names.
    if (planDispute(qa, qb)) return true
    const single = distinctValues(a, qa) === 1 && distinctValues(b, qb) === 1
    // Among several dates, two that date one event ("Week 4: dc1-prod cutover" / "Staging in week 2, dc1-prod cutover
    // in week 8"): the event named beside each date, within its stretch of the list.
    if (!single && qa.kind === 'ordinal' && /^(month|week)$/.test(qa.unit) && qa.anchor === undefined && qb.anchor === undefined) {
      const [ea, eb] = [datedEvent(a, qa), datedEvent(b, qb)]
      if (ea.some((w) => eb.includes(w))) return true
    }
    // With one quantity of a kind on each side they are about the same thing, unless each is anchored to a
    // noun the other claim never mentions ("CPU at 80%" vs "memory at 40%"); with several, only same-anchor ones are.
    // (An anchor is the word as written: "PRs" is the "pr" the other claim's content holds.)
    // (…or as its verb: "retention: 7d" is what "logs are retained for 30 days" sets.)
    // (…or as the verb of its act: "Escalation to the secondary after 30 minutes" is what "escalates … after 15
    // minutes" times.)
    const mentions = (f: Features, w: string) =>
      f.content.has(w) ||
      (w.length > 2 && w.endsWith('s') && f.content.has(w.slice(0, -1))) ||
      (w === 'retention' && f.content.has('retain')) ||
      f.content.has(verbOfAct(w) ?? '')
    // (What a count counts is what it measures: "dead-letter after at most 5 attempts" / "consumers should make at
    // least ten attempts" count one thing, whatever noun either claim's anchor lands on.)
    // (…any one counted unit, a rate per thing included: "1 sample per case" / "3 samples per case".)
    const anchorsDiffer =
      !(qa.kind === 'count' && qa.unit === qb.unit) &&
      qa.anchor !== undefined &&
      qb.anchor !== undefined &&
      qa.anchor !== qb.anchor &&
      // (A lifetime names the measure, not the thing: "X509-SVID TTL: 72 hours" is the certificates' lifetime.)
      !(LIFETIME_WORDS.has(qa.anchor) && LIFETIME_WORDS.has(qb.anchor)) &&
      !LIFETIME_MEASURES.has(qa.anchor) &&
      !LIFETIME_MEASURES.has(qb.anchor) &&
      // (…and a rule's frame names no thing either: "Budget: $30k a month for surge capacity" is the capacity's.)
      !FRAME_ANCHORS.has(qa.anchor) &&
      !FRAME_ANCHORS.has(qb.anchor) &&
      // (A verb of keeping names no thing: "untagged keep 30d min" is about what is kept.)
      !KEEPING_ANCHORS.has(qa.anchor) &&
      !KEEPING_ANCHORS.has(qb.anchor) &&
      // (…nor does where it is kept: "raw bucket: keep 14 days" is about what the bucket keeps.)
      !(STORES.has(qa.anchor) && keeps(a)) &&
      !(STORES.has(qb.anchor) && keeps(b)) &&
      (keptKind(qa.anchor) === undefined || keptKind(qa.anchor) !== keptKind(qb.anchor)) &&
      // (Who acts names no measured thing: "players can appeal up to 90 days after a ban" is the appeal window.)
      !actorBefore(a, qa) &&
      !actorBefore(b, qb) &&
      // (A bound word names no thing: "cap $6k/yr per sandbox acct" is about the account.)
      !BOUND_HEADS.has(qa.anchor) &&
      !BOUND_HEADS.has(qb.anchor) &&
      !mentions(b, qa.anchor) &&
      !mentions(a, qb.anchor) &&
      !abbreviations().has(qa.anchor) &&
      !abbreviations().has(qb.anchor)
    // "Nightly export: activeDeadlineSeconds: 3600" / "Cap the nightly export at 45 minutes": what a label names is
    // what every value after it belongs to.
    const labelled = (f: Features, q: Quantity, anchor: string | undefined) => {
      const label = leadLabelEnd(f.tokens)
      // (…when it is the claim's one value of its kind: "Latency: p99 above 800 ms for 5 minutes" sets two.)
      const alone = f.quantities.every(
        (x) => x.dimension !== q.dimension || Boolean(x.recurring) !== Boolean(q.recurring) || (x.low === q.low && x.high === q.high),
      )
      // (A label of time names no thing: "today: … for ~20 min" / "each rollout today takes about 90 min".)
      const thing =
        anchor !== undefined && !GENERIC_NOUNS.has(anchor) && !isScheduleWord(anchor) && !/^(today|now|currently|tomorrow|yesterday|tonight)$/.test(anchor)
      return thing && label > 0 && q.span[0] > label && alone && f.tokens.slice(0, label).some((t) => t.lemma === anchor)
    }
    return (
      (single && !anchorsDiffer) ||
      labelled(a, qa, qb.anchor) ||
      labelled(b, qb, qa.anchor) ||
      (qa.anchor !== undefined &&
        (qa.anchor === qb.anchor || coordinated(a, qa.anchor, qb.anchor) || (qb.anchor !== undefined && coordinated(b, qb.anchor, qa.anchor))))
    )
  }

  // Two limits set on one thing ("may take up to 20 minutes" / "must finish within 10") disagree even though the
  // intervals overlap; only between rules, not between two reports of a measurement.
  // …and so are two thresholds of an alert or another automatic act ("alert when hard bounces > 5%" / "hard bounce
  // > 2% -> alert"): a trigger is a rule, modal verb or not.
  const trigger = (f: Features) => !f.actual && f.tense !== 'past' && [...f.content].some((w) => TRIGGER_WORDS.has(w))
  // (…and so is a level one claim calls enough: "an update every hour is plenty" takes a position as a rule does.)
  const sufficient = (f: Features) => f.tokens.some((t, i) => /^(is|are|'s)$/.test(t.norm) && /^(plenty|enough|sufficient)$/.test(f.tokens[i + 1]?.norm ?? ''))
  const rules = NORMATIVE.has(a.modality) || NORMATIVE.has(b.modality) || (trigger(a) && trigger(b)) || sufficient(a) || sufficient(b)
  let first: [Quantity, Quantity, 'disjoint' | 'limits'] | undefined
  for (const rawA of a.quantities) {
    for (const rawB of b.quantities) {
      const [qa, qb] = inOneYear(rawA, rawB)
      // (The size of a change and a level are two measures: "cut by 20%" / "hit rate about 40%".)
      if (Boolean(qa.change) !== Boolean(qb.change) || !comparable(qa, qb)) continue
      // "140 pipelines" / "30 legacy pipelines": a count of a narrower group is a part, not a rival figure…
      // unless the part cannot fit in the whole ("we need 40 worker nodes" / "at most 36 nodes").
      if (qa.kind === 'count') {
        // (How a count is taken narrows nothing: "max 2 exports running at once" / "5 parallel exports".)
        // (A compound's own modifiers narrow the count too: "40 fake access keys" are fake keys.)
        const narrowing = (f: Features, unit: string) => {
          const words = new Set<string>()
          const add = (noun: string) => {
            for (const m of f.modifiers.get(noun) ?? []) {
              // (A bound narrows nothing either: "maxExecutors capped at 40" counts executors.)
              if (words.has(m) || m === unit || COUNTING_ASPECTS.has(m) || BOUND_HEADS.has(m)) continue
              words.add(m)
              add(m)
            }
          }
          add(unit)
          return words
        }
        const [ma, mb] = [narrowing(a, qa.unit), narrowing(b, qb.unit)]
        if (!sameSet(ma, mb)) {
          const aNarrower = [...mb].every((m) => ma.has(m))
          const bNarrower = [...ma].every((m) => mb.has(m))
          const [part, whole] = aNarrower ? [qa, qb] : bNarrower ? [qb, qa] : [undefined, undefined]
          if (!part || !whole || !(part.low > whole.high || (part.low === whole.high && (part.lowOpen || whole.highOpen)))) continue
        }
        // …and so is one that leaves some out ("9 pg dbs in v1, small internal ones excluded" / "12 pg dbs in prod total"),
        // when it is the smaller.
        const leavesOut = (f: Features) => f.tokens.some((t) => /^(excluded|excluding|excl|except|besides|minus)$/.test(t.norm))
        const [smaller, larger] = qa.high < qb.low ? [a, b] : qb.high < qa.low ? [b, a] : [undefined, undefined]
        if (smaller && larger && leavesOut(smaller) && !leavesOut(larger)) continue
      }

      // A total ("18 ppl across 5 rotations", "the bill is ~$1.1k/mo total") holds the smaller figure of a part
      // ("sre rotation = 4 ppl", "storage overage ~$380/mo"): part and whole, not two figures for one thing.
      if (qa.kind === 'count' || qa.kind === 'money' || qa.kind === 'money-per-period') {
        const [smaller, larger] = qa.high < qb.low ? [a, b] : qb.high < qa.low ? [b, a] : [undefined, undefined]
        if (smaller && larger && totals(larger) && !totals(smaller)) continue
      }

      // "gpu nodes are 8 vCPU" / "each node has 16 vCPU": a value per member of a narrower group (the thing measured,
      // named with a qualifier the other claim never uses) describes that group, not every member. Between rules an
      // exception for a narrower group is the dispute ("every namespace must have a quota" / "batch stays without").
      if (
        !rules &&
        qa.anchor !== undefined &&
        qa.anchor === qb.anchor &&
        qa.anchor !== qa.unit &&
        narrowerOnOneSide(a, b, qa.anchor, new Set([...qa.text.split(' '), ...qb.text.split(' ')]))
      )
        continue
      // Two times three orders of magnitude apart ("under 15 minutes" / "90 days") are never rival values of one
      // thing: people who disagree about a duration disagree within a factor of a few hundred.
      const ratio = ratioApart(qa, qb)
      if (qa.kind === 'duration' && Number.isFinite(ratio) && ratio > 1000) continue
      // How often something happens ("nightly", "every 90 days") and how long something lasts ("a token of 30m", "an
      // RPO of 15 minutes") are different measures, unless the lasting one is named as a period ("rotation period: 90 days").
      if (qa.kind === 'duration' && Boolean(qa.recurring) !== Boolean(qb.recurring) && !namesRecurrence(qa.recurring ? b : a)) continue
      // Two cadences of two different acts are not rival values ("the dashboard updates daily" / "coverage is reviewed
      // monthly"): each claim names its act by a verb, and they share none.
      if (qa.recurring && qb.recurring && actsDiffer(a, b)) continue
      // Two deadlines ("by end of Q2" / "by the end of Q3") are limits a plan sets, modal verb or not.
      // A level someone accepts ("1h is fine", "monthly is enough") allows more than a value the other sets
      // ("rto 15 min", "restored weekly, no exceptions"): the two disagree on what is required.
      // One threshold written two ways ("alert when hard bounces > 5%" / "5% hard bounce alert"): the point a trigger
      // fires at and the open bound it fires above are one setting.
      const point = (q: Quantity) => q.low === q.high
      const touching = (x: Quantity, y: Quantity) => point(x) && ((y.lowOpen && y.low === x.low) || (y.highOpen && y.high === x.high))
      if (trigger(a) && trigger(b) && (touching(qa, qb) || touching(qb, qa))) continue
      // "7 days after cutover" / "two weeks before the cutover": two periods on either side of one event.
      if (qa.kind === 'duration' && sideOfEvent(a, qa) && sideOfEvent(b, qb) && sideOfEvent(a, qa) !== sideOfEvent(b, qb)) continue
      if (Boolean(qa.countWindow) !== Boolean(qb.countWindow)) continue
      // "< 2 weeks from expiry" is how long before an event; "valid for 90 days" is how long something lasts.
      if (qa.kind === 'duration' && untilEvent(a, qa) !== untilEvent(b, qb)) continue
      // "should finish in under 90 seconds" / "if it takes longer than a minute and a half, treat it as a bug": an
      // open bound and its complement at one value draw one line, seen from either side.
      // (Not between dates: "done by the end of Q3" / "nothing before 1 October" is a deadline against an earliest date.)
      const complement = (x: Quantity, y: Quantity) =>
        x.kind !== 'ordinal' &&
        !Number.isFinite(x.low) &&
        !Number.isFinite(y.high) &&
        Number.isFinite(x.high) &&
        (x.highOpen || y.lowOpen) &&
        Math.abs(x.high - y.low) <= 1e-9 * Math.abs(x.high)
      if (complement(qa, qb) || complement(qb, qa)) continue
      // A bound written as one ("max 1 auto-retry", "spend cap $500/month", "up to $18k/yr") is a limit someone sets,
      // modal verb or not, unless it reports how things stand ("currently sits at around 6 GB of its 10 GB allowance").
      const setsLimits = rules || qa.unit === 'month' || (!reportsState(a) && !reportsState(b))
      const how = disjoint(qa, qb)
        ? 'disjoint'
        : (setsLimits && differentLimits(qa, qb)) || acceptsMore(qa, qb, a) || acceptsMore(qb, qa, b)
          ? 'limits'
          : undefined
      if (!how) continue
      // A value that agrees with any quantity of the same kind on the other side is not in conflict: anchors are a guess.
      // (Against a deadline, a date in another clause than the earliest date dates another event: "first drill in Q2
      // at the earliest - Q1 is the pg upgrade".)
      const disputedPlan = planDispute(qa, qb)
      const alongside = (f: Features, q: Quantity, raw: Quantity) => !disputedPlan || f.clauseOf[q.span[0]] === f.clauseOf[raw.span[0]]
      // (…one it could be a value of: "the warning 2 minutes before the 15-minute idle timeout" does not agree with "a
      // warning at least 5 minutes before" by its timeout.)
      // (…unless the two values share their anchor and the other has none: "Idle timeout: 30 minutes" / "8-hour
      // maximum, 15-minute idle timeout" dispute the timeout, the maximum is another value.)
      const pinned = qa.anchor !== undefined && qa.anchor === qb.anchor
      const candidate = (q: Quantity) => !pinned || q.anchor !== undefined
      const agreesA = b.quantities.some(
        (q) => q !== rawB && q.dimension === qa.dimension && candidate(q) && alongside(b, q, rawB) && !disjoint(...inOneYear(qa, q)) && comparable(qa, q),
      )
      const agreesB = a.quantities.some(
        (q) => q !== rawA && q.dimension === qb.dimension && candidate(q) && alongside(a, q, rawA) && !disjoint(...inOneYear(q, qb)) && comparable(q, qb),
      )
      // Two settings that differ in two values each ("6x over six hours" / "14.4x over one hour") are two rules, not one disputed value.
      // Only a premise sets two rules apart: a different multiplier or percentage ("99.9% over 28 days leaves 40 minutes" /
      // "at 99.95%, 22 minutes"); two counts that differ too ("every 30 s from three regions" / "every minute from two") are one dispute.
      const premise = (q: Quantity) => q.kind === 'percentage' || q.unit === 'x'
      const otherDiffers = a.quantities.some(
        (x) => x.dimension !== qa.dimension && (premise(x) || premise(qa)) && b.quantities.some((y) => y.dimension === x.dimension && disjoint(x, y)),
      )
      // (Asked last, once a pair of values disagrees: it holds for every pair alike, and most pairs never get here.)
      if (agreesA || agreesB || otherDiffers) continue
      // (Two values with one anchor are the pair in dispute, before any other: "redis: daily restore" / "pg weekly,
      // redis weekly" is about redis.)
      if (qa.anchor !== undefined && qa.anchor === qb.anchor) return claimsOfTwoThings(a, b) ? undefined : [qa, qb, how]
      first ??= [qa, qb, how]
    }
  }

  return first && !claimsOfTwoThings(a, b) ? first : undefined
}

/** "< 2 weeks from expiry", "30 days before expiry": a time left until something ends. */
function untilEvent(f: Features, q: Quantity): boolean {
  const [next, after] = [f.tokens[q.span[1] + 1]?.norm, f.tokens[q.span[1] + 2]?.lemma]
  return (next === 'from' || next === 'before' || next === 'to' || next === 'until') && /^(expiry|expiration|renewal|deadline)$/.test(after ?? '')
}

/** "7 days after cutover", "two weeks before the cutover": which side of an event a period lies on. */
function sideOfEvent(f: Features, q: Quantity): 'before' | 'after' | undefined {
  const next = f.tokens[q.span[1] + 1]
  if (!next || !/^(before|after|following|prior)$/.test(next.norm)) return undefined
  return next.norm === 'before' || next.norm === 'prior' ? 'before' : 'after'
}

/** A setting's name as configuration spells it: "imageMinimumGCAge", "scrape_timeout" ("max-surge" is a word). */
const SETTING_NAME = /\b(?:[a-z]+(?:[A-Z][a-z0-9]*)+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b/g

/**
 * "imageMinimumGCAge stays default 2m" / "evictionPressureTransitionPeriod (5m default ok)": each claim names a
 * setting the other never names; their values are values of two settings.
 */
function twoSettingNames(a: Features, b: Features): boolean {
  const names = (f: Features) => new Set([...f.text.matchAll(SETTING_NAME)].map((m) => m[0].toLowerCase()))
  const [na, nb] = [names(a), names(b)]
  if (na.size === 0 || nb.size === 0) return false
  const [ta, tb] = [a.text.toLowerCase(), b.text.toLowerCase()]
  return [...na].every((n) => !tb.includes(n)) && [...nb].every((n) => !ta.includes(n))
}

/**
 * "timeout-minutes: 30 as default on every job" / "The e2e job overrides it to 45 minutes", "Default TTL for API
 * responses: 5 minutes" / "leaderboard ttl 90s": a default and a value for one named thing it does not name; the
 * one overrides the other, as defaults are there to be overridden.
 */
function defaultAndOverride(general: Features, value: Quantity, specific: Features): boolean {
  // (The default must be the value's own: "api 1gb cap, ttl 15 min default" sets a default TTL, not a default cap.)
  const near = general.tokens.some(
    (t, i) =>
      t.lemma === 'default' &&
      i >= value.span[0] - 6 &&
      i <= value.span[1] + 3 &&
      (general.clauseOf[i] === general.clauseOf[value.span[0]] || i < leadLabelEnd(general.tokens)),
  )
  if (value.kind === 'ordinal' || !near || specific.content.has('default')) return false
  const named = specific.subjectPhrase
    .toLowerCase()
    .split(/[\s-]+/)
    .filter((w) => w.length > 1 && !GENERIC_NOUNS.has(w) && !isUnitWord(w) && !/^\d/.test(w))
  return named.some((w) => !mentionsForm(general, w) && !mentionsForm(general, nounKeyOf(w)))
}

/** Kinds of one setting that are two settings: a hard and a soft limit, a hot and a warm tier, reads and writes. */
const KIND_PAIRS: Array<[string, string]> = [
  ['hard', 'soft'],
  ['hot', 'warm'],
  ['hot', 'cold'],
  ['warm', 'cold'],
  ['read', 'write'],
  ['ingress', 'egress'],
  ['inbound', 'outbound'],
  ['upload', 'download'],
  // (An overall timeout and a per-try one; two percentiles of one latency are two measures.)
  ['overall', 'try'],
  ['p50', 'p90'],
  ['p50', 'p95'],
  ['p50', 'p99'],
  ['p90', 'p95'],
  ['p90', 'p99'],
  ['p95', 'p99'],
]

/** "hard evict at 10% free nodefs" / "soft evict at 12% free nodefs", "logs hot: 1 replica" / "logs warm: 0 replicas". */
function differentKinds(a: Features, b: Features): boolean {
  const has = (f: Features, w: string) => f.tokens.some((t) => t.norm === w || t.lemma === w)
  return KIND_PAIRS.some(([x, y]) => (has(a, x) && has(b, y) && !has(a, y) && !has(b, x)) || (has(a, y) && has(b, x) && !has(a, x) && !has(b, y)))
}

/** One claim sums many ("together", "in total", "combined"), the other speaks of one of them ("the largest"). */
function oneAgainstAll(all: Features, one: Features): boolean {
  const sums = (f: Features) => f.tokens.some((t) => /^(together|combined|altogether|overall|total)$/.test(t.norm))
  const single = (f: Features) => f.tokens.some((t) => /^(largest|biggest|smallest|single|individual)$/.test(t.norm))
  return sums(all) && !sums(one) && single(one) && !single(all)
}

/** Severity levels as findings, incidents and alerts are graded ("Critical", "high", "sev1", "P2"). */
const SEVERITIES: Record<string, string> = {
  critical: 'critical',
  crit: 'critical',
  criticals: 'critical',
  high: 'high',
  highs: 'high',
  medium: 'medium',
  moderate: 'medium',
  low: 'low',
  lows: 'low',
}
const GRADED = /^(finding|vuln|vulnerability|cve|issue|bug|incident|alert|severity|fix|patch|ticket|risk)$/

/** Each claim names a severity ("Critical fixes", "High findings", "sev1") and none is named by both. */
function differentSeverities(a: Features, b: Features): boolean {
  const severities = (f: Features) =>
    new Set(
      f.tokens.flatMap((t, i) => {
        const level = /^(sev|p)[0-4]$/.test(t.norm) ? t.norm.replace(/^sev/, 'p') : SEVERITIES[t.norm]
        if (!level) return []
        // ("high" grades only a finding or an incident, not "high latency"; "Criticals" is one on its own.)
        const graded =
          /^(sev|p)[0-4]$/.test(t.norm) || /s$/.test(t.norm) || GRADED.test(f.tokens[i + 1]?.lemma ?? '') || GRADED.test(f.tokens[i + 2]?.lemma ?? '')
        return graded ? [level] : []
      }),
    )
  const [sa, sb] = [severities(a), severities(b)]
  return sa.size > 0 && sb.size > 0 && ![...sa].some((s) => sb.has(s))
}

/** What a threshold sets off, by severity: a page, a ticket, a warning, a block. */
const RESPONSES: Record<string, string> = {
  page: 'page',
  pager: 'page',
  paging: 'page',
  wake: 'page',
  ticket: 'ticket',
  jira: 'ticket',
  warning: 'warning',
  warn: 'warning',
  block: 'block',
  reject: 'block',
}

/** Each claim names a response and none is named by both ("page …" / "ticket …"); a denied one is none ("no page"). */
function differentResponses(a: Features, b: Features): boolean {
  const responses = (f: Features) => new Set(f.tokens.flatMap((t, i) => (RESPONSES[t.lemma] && !f.negationAt.includes(i - 1) ? [RESPONSES[t.lemma]] : [])))
  const [ra, rb] = [responses(a), responses(b)]
  return ra.size > 0 && rb.size > 0 && ![...ra].some((r) => rb.has(r))
}

/**
 * Two claims whose values, whatever they share, belong to two things: two labelled things or table rows, two actors,
 * two named settings, two kinds of one setting, two responses, two severities, or one of many against all of them.
 */
function claimsOfTwoThings(a: Features, b: Features): boolean {
  return (
    labelledTwoThings(a, b) ||
    twoActors(a, b) ||
    twoSettingNames(a, b) ||
    differentKinds(a, b) ||
    // "page once a DLQ exceeds 100 messages" / "ticket @ 50 msgs": two thresholds of two responses are two rules.
    differentResponses(a, b) ||
    // "Critical fixes within 72 hours" / "High findings within 30 days": values for two severities.
    differentSeverities(a, b) ||
    // "largest pg backup = orders-db, ~400GB" / "all pg backups together ~1.5TB": one of many against all of them.
    oneAgainstAll(a, b) ||
    oneAgainstAll(b, a) ||
    // "Node 18 reached end-of-life on 30 April" / "node 20, cutover mid-aug": two versions of one thing.
    twoNumberedNames(a, b)
  )
}

/**
 * A name with a number after it that measures nothing ("Node 18", "Postgres 15", "EKS 1.29"): each claim names the
 * thing with another number and none with the other's.
 */
function twoNumberedNames(a: Features, b: Features): boolean {
  const [na, nb] = [numberedNames(a), numberedNames(b)]
  if (na.size === 0 || nb.size === 0) return false
  return [...na].some(([name, numbers]) => nb.has(name) && ![...numbers].some((n) => nb.get(name)!.has(n)))
}

/** Each claim's numbered names, read once (pairs are many). */
const NUMBERED_NAMES = new WeakMap<Features, Map<string, Set<string>>>()
function numberedNames(f: Features): Map<string, Set<string>> {
  let names = NUMBERED_NAMES.get(f)
  if (names) return names
  names = new Map()
  for (const [i, t] of f.tokens.entries()) {
    const next = f.tokens[i + 1]
    if (!/^(NOUN|PROPN)$/.test(t.pos) || next?.type !== 'number' || f.quantities.some((q) => q.span[0] <= i + 1 && i + 1 <= q.span[1])) continue
    names.set(t.lemma, (names.get(t.lemma) ?? new Set()).add(next.norm))
  }
  NUMBERED_NAMES.set(f, names)
  return names
}

/** Two nouns of one coordinated subject ("audit logs and recordings must be kept …"): a value set for both is set for each. */
function coordinated(f: Features, x: string, y: string | undefined): boolean {
  if (y === undefined || x === y) return false
  const at = (w: string) => f.tokens.findIndex((t) => t.lemma === w && (t.pos === 'NOUN' || t.pos === 'PROPN'))
  const [i, j] = [at(x), at(y)]
  if (i < 0 || j < 0) return false
  const between = f.tokens.slice(Math.min(i, j) + 1, Math.max(i, j))
  return (
    between.length <= 3 &&
    between.some((t) => t.norm === 'and' || t.norm === 'or') &&
    between.every((t) => t.norm === ',' || /^(NOUN|ADJ|PROPN|DET|CCONJ)$/.test(t.pos))
  )
}

/** A permitted ceiling (`accepted`) above a value set by a claim that does not report what is (`set`, in `setter`). */
function acceptsMore(accepted: Quantity, set: Quantity, setter: Features): boolean {
  if (!accepted.accepted || set.permission || reportsState(setter)) return false
  return Number.isFinite(set.low) && set.low === set.high && accepted.high > set.high * 1.05
}

/** Two forms of one word ("measurement" / "measure", "blocker" / "block"): the first five letters agree. */
function sameStem(x: string, y: string): boolean {
  return x.length >= 5 && y.length >= 5 && x.slice(0, 5) === y.slice(0, 5)
}

/** The word or another form of it ("measurement" / "measure", "rotation" / "rotate"). */
function mentionsForm(f: Features, word: string): boolean {
  // (…or its plural as notes write a short word: "fn" / "fns".)
  if (f.content.has(word) || f.content.has(`${word}s`) || (word.endsWith('s') && f.content.has(word.slice(0, -1)))) return true
  for (const w of f.content) if (sameStem(w, word)) return true
  return false
}

/** Words for members added to a group, not a narrower group: "3 extra brokers" are "three more brokers". */
const ADDED_WORDS = new Set(['extra', 'additional', 'more', 'spare'])
/** Words that judge a value rather than pick out a group: "realistic target: 95%" is the target. */
const JUDGING_WORDS = new Set(
  'realistic reasonable sensible achievable ambitious aggressive conservative proposed suggested recommended fair safe practical acceptable honest'.split(' '),
)

function narrowerOnOneSide(a: Features, b: Features, noun: string, values: Set<string> = new Set()): boolean {
  // (A bound narrows nothing: "max credit in any month" is every credit; nor does the value compared: "hourly snaps" /
  // "snaps every 4h".)
  const only = (f: Features, other: Features) =>
    [...(f.modifiers.get(noun) ?? [])].some(
      (m) => !mentionsForm(other, m) && !BOUND_HEADS.has(m) && !values.has(m) && !ADDED_WORDS.has(m) && !JUDGING_WORDS.has(m),
    )
  // ("the EC migration" / "the migration saves about $90k": the noun with "the" or "this" and nothing else before it
  // is the one already named, not a wider group.)
  const named = (f: Features) =>
    (f.modifiers.get(noun)?.size ?? 0) === 0 && f.tokens.some((t, i) => t.lemma === noun && /^(the|this|that)$/.test(f.tokens[i - 1]?.norm ?? ''))
  const [onlyA, onlyB] = [only(a, b), only(b, a)]
  return onlyA !== onlyB && !(onlyA ? named(b) : named(a))
}

/** Words that open a label without naming a thing ("Target: 80%", "Recommendation: …", "Phase 1: …"). */
const FRAMING_LABEL_WORDS = new Set([
  ...'target goal objective requirement limit max maximum min minimum cap ceiling floor budget threshold default'.split(' '),
  ...'recommendation proposal decision summary plan timeline phase step option status rule policy note context'.split(' '),
  ...'background history recap tldr tl dr verdict answer scope rollout owner ask'.split(' '),
])

/** The words of the label a claim's text opens with ("Retention: …", "pricing Route timeout: …"), as written. */
function textLabel(f: Features, maxLength: 40 | 80): string[] {
  const label = LEADING_LABEL[maxLength].exec(f.text.trim())?.[1] ?? ''
  return label.split(/\s+/).filter(Boolean)
}

const LEADING_LABEL = {40: /^([^:]{1,40}):/, 80: /^([^:]{1,80}):/}

/**
 * "inventory reads Route timeout: 1 s" / "pricing Route timeout: 5000 ms": two rows of one column, as a table is
 * read (row, then column header, then the cell): the same setting of two things.
 */
function twoRows(a: Features, b: Features): boolean {
  const [la, lb] = [textLabel(a, 80), textLabel(b, 80)]
  let common = 0
  while (common < Math.min(la.length, lb.length) && la.at(-1 - common)!.toLowerCase() === lb.at(-1 - common)!.toLowerCase()) common++
  const [ra, rb] = [la.slice(0, la.length - common), lb.slice(0, lb.length - common)]
  // (The column header is capitalised after the row's name, as a table gives it: "pricing Route timeout".)
  const header = (l: string[], row: string[]) => /^[A-Z]/.test(l[row.length] ?? '') && row.some((w) => /^[a-z(]/.test(w))
  const lower = (row: string[]) => row.map((w) => w.toLowerCase())
  return common > 0 && ra.length > 0 && rb.length > 0 && header(la, ra) && header(lb, rb) && !lower(ra).some((w) => lower(rb).includes(w))
}

/**
 * "payments-api: INFO sampled at 25%" / "health checks: drop 100% of 200s": two claims that each open with a label
 * naming a thing the other claim never mentions ("PR artifacts" / "failed runs" share the artifacts) set values of two
 * things, whatever else they share.
 */
function labelledTwoThings(a: Features, b: Features): boolean {
  if (twoRows(a, b)) return true
  const labelNouns = (f: Features) => {
    const end = labelEnd(f.tokens)
    // (A label with a pronoun is a remark, not a thing's name: "keep it small: no more than 15 fake keys".)
    return end < 1 || f.tokens.slice(0, end).some((t) => t.pos === 'PRON')
      ? []
      : f.tokens
          .slice(0, end)
          // (An order opening the label is no thing, whatever the tagger reads: "Set timeoutSeconds: 3" / "Keep timeoutSeconds: 10".)
          .filter((t, i) => i > 0 || !isOrderVerb(t.norm))
          .filter((t) => (t.pos === 'NOUN' || t.pos === 'PROPN') && t.lemma.length > 1 && !GENERIC_NOUNS.has(t.lemma) && !FRAMING_LABEL_WORDS.has(t.lemma))
  }
  const [na, nb] = [labelNouns(a), labelNouns(b)]
  return na.length > 0 && nb.length > 0 && na.some((t) => !mentionsForm(b, t.lemma)) && nb.some((t) => !mentionsForm(a, t.lemma))
}

/**
 * "Batch eval jobs already run on spot nodes" / "Inference must never run on spot nodes": what each claim says the
 * act of is named before its verb, and neither claim names the other's: one act, two things doing it.
 */
function twoActors(a: Features, b: Features): boolean {
  const actor = (f: Features) => {
    const label = labelEnd(f.tokens)
    const verb = f.tokens.findIndex((t, i) => i > label && (t.pos === 'VERB' || t.pos === 'AUX'))
    // (A short noun phrase only: a list of items before a late verb names no actor.)
    if (verb <= label + 1 || verb > label + 5 || f.tokens.slice(label + 1, verb).some((t) => t.type === 'punctuation')) return []
    // (Nobody in particular: "no human may hold …" is a rule for everyone.)
    if (f.tokens[label + 1]?.norm === 'no' && PERSON_WORDS.has(f.tokens[verb - 1].lemma)) return []
    return f.tokens.slice(label + 1, verb).filter((t) => (t.pos === 'NOUN' || t.pos === 'PROPN') && f.content.has(t.lemma) && !GENERIC_NOUNS.has(t.lemma))
  }
  const [xa, xb] = [actor(a), actor(b)]
  return xa.length > 0 && xb.length > 0 && xa.every((t) => !mentionsForm(b, t.lemma)) && xb.every((t) => !mentionsForm(a, t.lemma))
}

/** "7 days vs 2 weeks = 14 days": each value as written, and normalised when that differs. */
export function quantityWords(q: Quantity): string {
  const normalised = normalisedWords(q)
  // A setting's value reads as the setting and its value ("failed jobs history limit 5"), not "5 = …".
  if (q.unit.startsWith('setting ')) return normalised
  // Compared by numbers and the first letter of each word: "under 2 s" says what "under 2 seconds" says.
  const plain = (x: string) =>
    x
      .toLowerCase()
      .replace(/,/g, '')
      .replace(/([a-z])[a-z]*/g, '$1')
      .replace(/\s/g, '')
  // (The tokenizer splits ">=" and "<=": shown as written.)
  const text = q.text.replace(/([<>=]) (?=[<>=])/g, '$1')
  return plain(normalised) === plain(text) ? text : `${text} = ${normalised}`
}

/** Dates of a plan: a calendar date, month, quarter or week, not a time of day or a weekday. */
const PLAN_UNITS = new Set(['ordinal:month', 'ordinal:week', 'ordinal:year'])

/** A deadline in `a` and a later earliest date in `b`, both in plans (neither says how things stand or went). */
function planDates(a: Features, b: Features): [Quantity, Quantity] | undefined {
  const plan = (f: Features) => !f.actual && f.tense !== 'past'
  if (!plan(a) || !plan(b)) return undefined
  const due = a.quantities.find((q) => deadline(q) && PLAN_UNITS.has(q.dimension))
  const earliest = due && b.quantities.find((q) => earliestDate(q) && q.dimension === due.dimension && q.low > due.high)
  return due && earliest ? [due, earliest] : undefined
}

/** Whether two claims set a plan's deadline and a later earliest date, either way round (analyze pairs them). */
export function plansDisputed(a: Features, b: Features): boolean {
  return planDates(a, b) !== undefined || planDates(b, a) !== undefined
}

/** A claim that names no thing of its own: it opens on a pronoun or "nothing", or names only dates. */
const VAGUE_START = /^(?:\w+ly,?\s+)?(?:nothing|this|that|it|everything|so|we|they|i)\b/i
function namesNoThing(f: Features): boolean {
  const label = labelEnd(f.tokens)
  const text = label >= 0 ? f.text.slice(f.text.indexOf(':') + 1).trim() : f.text
  return VAGUE_START.test(text) || ![...f.subjects].some((w) => !GENERIC_NOUNS.has(w) && !isScheduleWord(w))
}

/**
 * A deadline against a later earliest date that share no word, when one of the two names no thing of its own:
 * "new policy must be live by 1 March" / "nothing changes before Q2", "I'd like this standard adopted by 15
 * January" / "this won't be ready before 1 March". Two plans that each name their thing ("Login checks not before
 * June" / "HTTP probes by end of April") are two plans. Only in one scope; headed by what the deadline dates.
 */
function planAgainstEarliest(a: Features, b: Features): Verdict | undefined {
  const scopes = (f: Features) => [...namedScopes(f)].sort().join(' ')
  if (scopes(a) !== scopes(b) || (!namesNoThing(a) && !namesNoThing(b))) return undefined
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    const dates = planDates(x, y)
    if (!dates) continue
    const subject = [...x.subjects].filter((w) => !GENERIC_NOUNS.has(w) && !isScheduleWord(w)).slice(0, 3)
    if (subject.length === 0) continue
    const [qa, qb] = x === a ? dates : [dates[1], dates[0]]
    return {evidence: `${quantityWords(qa)} vs ${quantityWords(qb)}`, kind: 'numeric', measure: 'ordinal', score: 0.6, subject}
  }

  return undefined
}

/** Who a rule for everyone names after "no" ("no human may …", "no one should …", "no engineer gets …"). */
const PERSON_WORDS = new Set([
  'one',
  'human',
  'person',
  'people',
  'engineer',
  'user',
  'developer',
  'individual',
  'employee',
  'contractor',
  'operator',
  'admin',
  'team',
])

/**
 * People who act, as a claim's subject: what a number after their verb measures is the act, not them. (Not a team:
 * what "the data team spends $22k a month" on is the team's.)
 */
const ACTOR_WORDS = new Set([
  ...[...PERSON_WORDS].filter((w) => w !== 'team'),
  'player',
  'customer',
  'member',
  'client',
  'patient',
  'driver',
  'caller',
  'visitor',
  'guest',
  'student',
  'staff',
  'analyst',
  'agent',
  'clerk',
  'nurse',
  'doctor',
  'technician',
  'tech',
])
/** Whether a quantity's anchor is the person acting, with a verb between them ("players can appeal up to 90 days"). */
const actorBefore = (f: Features, q: Quantity) => {
  if (q.anchor === undefined || !ACTOR_WORDS.has(q.anchor)) return false
  const at = f.tokens.findIndex((t) => t.lemma === q.anchor)
  return at >= 0 && at < q.span[0] && f.tokens.slice(at + 1, q.span[0]).some((t) => t.pos === 'VERB')
}

/**
 * A price named and nothing asked of it ("Opal quote from their sales rep: $30k/yr", "RTC surcharge, 8 TB at
 * $0.015/GB: ~$120"): what it costs is no case for having it, so "no Opal" denies nothing it asserts.
 */
const pricesOnly = (f: Features) =>
  f.quantities.some((q) => q.kind.startsWith('money')) && !NORMATIVE.has(f.modality) && !f.stances.some((st) => st.for) && f.choices.length === 0

/** A claim that says how things stand now, in words: "today the cache keeps 30 days", "currently at 6 GB". */
const saysToday = (f: Features) =>
  // ("…doubles the memory bill compared to today" sets a plan against today.)
  f.actual && f.tokens.some((t, i) => /^(today|currently)$/.test(t.norm) && !/^(to|than|vs|from|over)$/.test(f.tokens[i - 1]?.norm ?? ''))

/** Words before a thing a claim turns down ("X over Y", "X, not Y", "X instead of Y", "X rather than Y"). */
const TURNING_DOWN = /^(over|not|instead|than|versus|vs\.?)$/

/** Whether the negation cue at `i` refuses the label before it: "timescaledb: no.", "self-hosted runners? nope". */
function labelRefused(f: Features, i: number): boolean {
  const before = f.tokens[i - 1]?.norm ?? ''
  return /^(no|nope)$/.test(f.tokens[i]?.norm ?? '') && /^(:|\?|=|→)$/.test(before) && f.tokens.slice(i + 1).every((t) => t.type === 'punctuation')
}

/**
 * Decides whether two claims contradict. The order of checks matters: numbers first (most specific), then
 * opposites, then plain negation. Polarity is counted so that double negation and negated antonyms
 * ("not insecure" vs "secure") read as agreement, not conflict.
 */
export function compare(a: Features, b: Features, lexicon: Lexicon, options: {sameSituation?: boolean; common?: Set<string>} = {}): Verdict | undefined {
  // Nothing to find, decided cheaply: no polarity that can differ (same parity and one clause each), no quantity
  // of one dimension on both sides, no possible opposite.
  let opposable: boolean | undefined
  if (!options.sameSituation) {
    // (No negation on either side: no clause of either can differ in polarity, however many clauses there are.)
    const polarityMayDiffer = a.negations + b.negations > 0 && (a.negations % 2 !== b.negations % 2 || a.clauses.length > 1 || b.clauses.length > 1)
    const numbersMayConflict = a.quantities.some((q) =>
      b.quantities.some((r) => r.dimension === q.dimension || settingAndCount(q, r) || settingAndCount(r, q) || perEachOfBoth(a, q, b, r)),
    )
    opposable = mayOppose(a, b, lexicon)
    if (!polarityMayDiffer && !numbersMayConflict && !opposable) return undefined
  }

  const equivalentHeads = sameHead(a, b, lexicon)
  const words = shared(a, b)
  // Moving, deploying or running something somewhere all put it there: one act under several verbs
  // ("move the inference replicas to spot" / "inference must never run on spot nodes"); the word names the act.
  if (!words.includes('run') && placing(a) && placing(b)) words.push('placement')
  const subject = equivalentHeads ? [...words, equivalentHeads].sort() : words.length > 0 ? words : initialisms(a, b).sort()
  // Outside one scene, opposite subjects ("the man …" / "the woman …") are two referents, not a conflict.
  const opposites = antonymPairs(a, b, lexicon, options.sameSituation === true, opposable).filter(
    ([x, y]) => options.sameSituation || (x !== head(a) && y !== head(b)),
  )
  // Two claims whose very subjects are opposites ("the man …" / "the woman …") describe one scene two ways.
  const headsOpposed = opposites.some(([x, y]) => x === head(a) && y === head(b))
  if (subject.length === 0 && !headsOpposed) return planAgainstEarliest(a, b)

  const numbers = numericConflict(a, b)
  if (numbers) {
    // The numbers must measure one thing: a specific noun both claims name, not a unit or a generic word, nor the
    // word the whole discussion is about ("v1" in a meeting about retiring v1 names no particular measure).
    const [qa, qb, how] = numbers
    // …unless it is what both claims are about, or what both numbers count ("40 worker nodes" / "36 nodes").
    // (…or what its label names: "workload (mTLS) certs: max lifetime 72h" is about certs.)
    const isSubject = (f: Features, w: string) => {
      const label = labelEnd(f.tokens)
      const head = f.tokens.find((t, i) => i > label && (t.pos === 'NOUN' || t.pos === 'PROPN'))
      const labelled = f.tokens.slice(0, Math.max(0, leadLabelEnd(f.tokens))).some((t) => nounKeyOf(t.lemma) === nounKeyOf(w))
      return (
        labelled || f.subjectPhrase.split(/\s+/).some((x) => nounKeyOf(x) === nounKeyOf(w)) || (head !== undefined && nounKeyOf(head.lemma) === nounKeyOf(w))
      )
    }
    // The shared word must name what each number measures: it stands in the number's own clause, in the label
    // before a colon, or as the claim's subject ("canary: 10% traffic for 15 min, watch the err rate" does not set a
    // rate). Dates and settings are exempt: a plan names what it dates anywhere in the sentence ("cut the catalogue
    // over first, then the session store, in Q2"), a setting names itself. So is a word only abbreviated ("RI: 1yr").
    const measures = (f: Features, q: Quantity, w: string) => {
      if (q.kind === 'ordinal' || q.unit.startsWith('setting ')) return true
      const label = leadLabelEnd(f.tokens)
      const key = nounKeyOf(w)
      const at = f.tokens.flatMap((t, i) => (nounKeyOf(t.lemma) === key ? [i] : []))
      // (A clause that is only the value, "…: 90 days", measures what the clause before it names.)
      const own = f.clauseOf[q.span[0]]
      const value = new Set(q.text.toLowerCase().split(' '))
      const bare = f.tokens.every((t, i) => f.clauseOf[i] !== own || value.has(t.norm) || t.type === 'punctuation')
      return at.length === 0 || isSubject(f, w) || at.some((i) => i < label || f.clauseOf[i] === own || (bare && f.clauseOf[i] === own - 1))
    }
    const counted = (w: string) => qa.kind === 'count' && qa.unit === w && qb.unit === w
    // (Between two dates, the month both name is the value, not what is dated: "after 1 Mar" / "from 1 Mar".)
    const topic = measuredThing(a, b).filter(
      (w) =>
        !(qa.kind === 'ordinal' && isScheduleWord(w)) &&
        (counted(w) || ((!options.common?.has(w) || (isSubject(a, w) && isSubject(b, w))) && measures(a, qa, w) && measures(b, qb, w))),
    )
    // A measurement of today against a target is a gap to close, not a disagreement ("sits around 850 ms today" /
    // "should be under 800 ms").
    // …and so is a past figure ("was 99.87% over the last 90 days") against one.
    const bound = (q: Quantity) => Number.isFinite(q.low) !== Number.isFinite(q.high)
    const measuredVsTarget =
      (reportsState(a) && NORMATIVE.has(b.modality) && !NORMATIVE.has(a.modality)) ||
      (reportsState(b) && NORMATIVE.has(a.modality) && !NORMATIVE.has(b.modality)) ||
      // (…and against a threshold, rule word or not: "hit ratio was 35%" / "ready only when hit ratio >= 80%".)
      (reportsState(a) && !reportsState(b) && !NORMATIVE.has(a.modality) && bound(qb) && !bound(qa)) ||
      (reportsState(b) && !reportsState(a) && !NORMATIVE.has(b.modality) && bound(qa) && !bound(qb)) ||
      // (…and against a value given to a setting in code: "usually finishes in 20-40 minutes" / "activeDeadlineSeconds: 3600".)
      (reportsState(a) && !reportsState(b) && CODE_SETTING_NUMBER.test(b.text)) ||
      (reportsState(b) && !reportsState(a) && CODE_SETTING_NUMBER.test(a.text)) ||
      // (…and how things stand today against what a claim sets, modal verb or not: "today the npm cache keeps 30 days
      // of tarballs" / "npm-only cache, 90-day retention".)
      (saysToday(a) && !reportsState(b)) ||
      (saysToday(b) && !reportsState(a)) ||
      // Two things that happened, each in its month ("the queue got bad in Jan" / "23 PRs merged unreviewed in Feb"),
      // or one of them against a plan ("context: 2 bad nights in Jan" / "nothing changes before Q2"), set no rival dates.
      (qa.kind === 'ordinal' && (reportsState(a) || reportsState(b)))
    // The polarity that matters is the quantity's own clause's ("3.5 days so no one carries the pager …" is not negated).
    // …and within it, the negations before the quantity ("a 10 percent cut is the most we can do without touching
    // production" is not negated by the "without" that follows).
    // (…but not one in a relative clause the main verb follows: "Applications that did not close must be kept for 25
    // months" keeps them.)
    const relative = (f: Features, i: number, end: number) => {
      const pronoun = [i - 1, i - 2, i - 3].find((j) => j > 0 && /^(that|which|who)$/.test(f.tokens[j].norm))
      return (
        pronoun !== undefined &&
        /^(NOUN|PROPN)$/.test(f.tokens[pronoun - 1].pos) &&
        f.tokens.slice(i + 2, end).some((t) => /^(must|should|shall|will|can|may|need|needs)$/.test(t.norm))
      )
    }
    const negatedBefore = (f: Features, q: Quantity) =>
      f.negationAt.filter((i) => i < q.span[0] && f.clauseOf[i] === f.clauseOf[q.span[0]] && !relative(f, i, q.span[0])).length % 2
    const negatedA = negatedBefore(a, qa)
    const negatedB = negatedBefore(b, qb)
    // Two dates of one plan ("finishes in week 12" / "cannot finish before week 20") need only share the verb.
    // …and so do two rules on one action ("must be acknowledged within 5 minutes" / "must acknowledge within 15").
    // …and two claims whose subject is one noun, even a general one ("Exceptions expire after 30 days" /
    // "Exceptions should run for three months"), set two values of it.
    const subjectHead = sameSubjectHead(a, b)
    // "Q2 at the earliest", "not before 1 May" answer a date someone set: a date before it, in a claim that shares
    // any word of substance with it ("enforcement", "legacy"), is the date in dispute.
    const schedule = earliestDate(qa) !== earliestDate(qb) ? subject.filter((w) => !isScheduleWord(w) && !GENERIC_NOUNS.has(w)) : []
    // (Two rungs of one retention ladder, "daily 14d" / "daily, kept 30 days", are about the copies of that cadence.)
    const rung = qa.anchor !== undefined && qa.anchor === qb.anchor && CADENCE_WORDS.test(qa.anchor) ? qa.anchor : undefined
    // (Two counts of one noun count that noun, whatever else the claims share: "retried up to 5 times before it is
    // moved to the DLQ" / "max 3 attempts then → dlq" count attempts in a meeting all about the DLQ.)
    // (A unit is never the thing measured: "20 MHz wide" / "40 MHz channels" share only the unit.)
    const countedNoun = countedNounOf(qa, qb)
    // (Two times to keep the kind of thing, or what one store keeps, are told apart by the word both put on it:
    // "Raw, unredacted logs are kept at most 72 hours" / "raw bucket: keep 14 days".)
    const keptAlike = (x: string | undefined, y: string | undefined) =>
      x !== undefined && y !== undefined && (STORES.has(x) || keptKind(x) !== undefined) && (STORES.has(y) || keptKind(y) !== undefined)
    const keptWords =
      qa.kind === 'duration' && keeps(a) && keeps(b) && keptAlike(qa.anchor, qb.anchor)
        ? subject.filter((w) => !KEEPING_WORDS.has(w) && !GENERIC_NOUNS.has(w) && !isUnitWord(w) && !/^\d/.test(w) && w !== qa.anchor && w !== qb.anchor)
        : []
    // (…headed by what is kept, not the store: "raw logs", not "the raw".)
    const kept = [qa.anchor, qb.anchor].find((w) => w !== undefined && keptKind(w) !== undefined)
    const keptBy = keptWords.length > 0 && kept !== undefined ? [...keptWords, kept] : keptWords
    const about =
      topic.length > 0
        ? topic
        : countedNoun
          ? [countedNoun]
          : rung
            ? [rung]
            : subjectHead
              ? [subjectHead]
              : keptBy.length > 0
                ? keptBy
                : schedule.length > 0
                  ? schedule
                  : qa.kind === 'ordinal' || (NORMATIVE.has(a.modality) && NORMATIVE.has(b.modality))
                    ? sharedVerbs(a, b)
                    : (actAsNoun(a, qa, b) ?? actAsNoun(b, qb, a) ?? [])
    // The compared values are not what sets two referents apart ("hourly updates" / "next update every 30 min").
    // …and between dates, neither is the event a date is set by ("before the release freeze ends mid-March").
    const compared = new Set([qa.text, qb.text, ...qa.text.split(' '), ...qb.text.split(' ')])
    if (qa.kind === 'ordinal') for (const t of [...a.times, ...b.times]) if (/^(before|after|until) /.test(t)) compared.add(t)
    // …and between two durations, the event both count from is no frame either ("after cutover the NAS stays
    // read-only for 90 days" / "powered off within two weeks of cutover").
    if (qa.kind === 'duration')
      for (const t of [...a.times, ...b.times]) {
        const event = /^(?:before|after|until) (.+)$/.exec(t)?.[1].split(' ')
        if (event?.every((w) => a.content.has(w) && b.content.has(w))) compared.add(t)
      }
    // …nor is the event a duration right before it counts from ("deleted 30 days after the incident is closed" /
    // "tracks are kept for 2 years"): it says where the 30 days start, not when the rule holds.
    if (qa.kind === 'duration')
      for (const [f, q] of [
        [a, qa],
        [b, qb],
      ] as const) {
        const next = f.tokens[q.span[1] + 1]?.norm
        if (next === 'after' || next === 'before') for (const t of f.times) if (t.startsWith(`${next} `)) compared.add(t)
      }
    // A value set for all but a carve-out ("delete after 24 months, except the LTS line") still meets a value set
    // for all: it is the rest that the two dispute.
    const whole = (f: Features) => (f.carveOut ? {...f, condition: ''} : f)
    if (
      about.length > 0 &&
      negatedA === negatedB &&
      !measuredVsTarget &&
      // (Values for two releases are two settings; dates are not: "upgrade to 1.29 by March" / "stay on 1.28 until
      // June" dispute when to move.)
      !(qa.kind !== 'ordinal' && twoReleases(a, b)) &&
      !defaultAndOverride(a, qa, b) &&
      !defaultAndOverride(b, qb, a) &&
      !differentReferents(whole(a), whole(b), compared)
    ) {
      return {
        evidence: `${quantityWords(qa)} vs ${quantityWords(qb)}${how === 'limits' ? ' (two different limits)' : ''}`,
        ...(ratioApart(qa, qb) >= FAR_APART ? {farApart: true as const} : {}),
        kind: 'numeric',
        measure: qa.kind,
        score: round(Math.min(1, 0.7 + 0.1 * topic.length)),
        subject: about,
      }
    }
  }

  // Past the numbers, a claim that leaves the choice to others takes no side to deny or oppose.
  if (indifferent(a) || indifferent(b)) return undefined
  const ignore = new Set(opposites.flat())
  // In analyze, numbers and units do not count as content to cover ("deleted after 7 days" says "deleted").
  const [sizeA, sizeB] = [coreSize(a), coreSize(b)]
  const sharedCore = subject.filter((w) => !/^\d/.test(w) && !GENERIC_NOUNS.has(w)).length
  const overlap = sharedCore / Math.max(1, Math.min(sizeA, sizeB))
  if (opposites.length > 0) {
    // An opposite under a negation agrees ("not closed" = "open"): only same-polarity opposites conflict.
    // "The internal API is unencrypted" / "the external API is encrypted": an opposite pair that only modifies the
    // shared noun, next to another opposite, names two different things.
    // (…or opposites that open one compound on both sides: "low free cl alarm" / "high free cl alarm".)
    const modifierOnly = opposites.filter(
      ([x, y]) =>
        [...a.modifiers].some(([noun, mods]) => mods.has(x) && b.modifiers.get(noun)?.has(y)) ||
        (compoundOf(a, x) !== undefined && compoundOf(a, x)?.at(-1) === compoundOf(b, y)?.at(-1)),
    )
    // …and so do lexical opposites that are only modifiers ("major version" / "minor version", "sync iterator" /
    // "async iterator"); two colours of one noun are the exception: one thing, described two ways.
    const lexicalModifiers = modifierOnly.filter(([x, y]) => !areExclusive(lexicon, x, y, true))
    // …unless both claims are about one subject that is not the modified noun ("CI runners … spot instances" /
    // "CI runners … on-demand instances"): then the modifiers are that subject's disputed property.
    const subjectWords = (f: Features) =>
      new Set(
        f.subjectPhrase
          .toLowerCase()
          .split(/\s+/)
          .map((w) => nounKeyOf(w)),
      )
    const [swA, swB] = [subjectWords(a), subjectWords(b)]
    const sameSubject = [...swA].some(
      (w) =>
        w.length > 2 &&
        swB.has(w) &&
        !GENERIC_NOUNS.has(w) &&
        !modifierOnly.some(([x]) => [...a.modifiers].some(([noun, mods]) => mods.has(x) && nounKeyOf(noun) === w) || compoundOf(a, x)?.includes(w)),
    )
    // …and opposites that only modify one noun on two sides that each set a value name two settings of one thing
    // ("imageGCHighThresholdPercent: 85" / "imageGCLowThresholdPercent: 80", "minimum age 2m" / "maximum age 7d").
    const twoSettings = modifierOnly.length === opposites.length && a.quantities.length > 0 && b.quantities.length > 0
    const distinct =
      twoSettings ||
      (!sameSubject &&
        ((modifierOnly.length > 0 && modifierOnly.length < opposites.length) || (lexicalModifiers.length > 0 && lexicalModifiers.length === opposites.length)))
    // The opposites are the two claims' predicates ("logging costs are rising" / "… falling"), or one modifies the
    // noun the other is about ("an unprivileged container" / "the container needs to run privileged").
    const predicates = opposites.some(([x, y]) => x === a.predicate && y === b.predicate)
    // (An adjective, not a participle: "the dropped backup" presupposes, it does not say the backup is dropped.)
    const adjective = (f: Features, word: string) => f.tokens.some((t) => t.lemma === word && (t.pos === 'ADJ' || t.lemma === t.norm))
    const anchored = opposites.some(
      ([x, y]) =>
        [...a.modifiers].some(([noun, mods]) => mods.has(x) && adjective(a, x) && swB.has(nounKeyOf(noun))) ||
        [...b.modifiers].some(([noun, mods]) => mods.has(y) && adjective(b, y) && swA.has(nounKeyOf(noun))),
    )
    // …or both are what the claims do to their one subject ("we keep it enabled" / "disable TLS 1.2"): verbs and
    // participles on both sides, not modifiers of a noun.
    // (…or a state said of it: "NRI must stay disabled", "it is enabled".)
    const verbal = (f: Features, word: string) =>
      f.tokens.some(
        (t, i) => t.lemma === word && (t.pos === 'VERB' || (t.pos === 'ADJ' && /^(be|stay|remain|keep|get)$/.test(f.tokens[i - 1]?.lemma ?? ''))),
      ) && ![...f.modifiers.values()].some((mods) => mods.has(word))
    const acted = opposites.some(([x, y]) => verbal(a, x) && verbal(b, y))
    const aboutOne = measuredThing(a, b).length > 0 && (predicates || anchored || acted)
    // In analyze, the opposites must sit in claims that otherwise say much the same thing; what either says only in
    // brackets is said in passing ("adopt pre-commit scanning everywhere (gitleaks hook via the shared config repo)").
    const [coreA, coreB] = [coreSize(a, true), coreSize(b, true)]
    const coverage = sharedCore / Math.max(coreA, coreB)
    const close = options.sameSituation || (sharedCore / Math.max(1, Math.min(coreA, coreB)) >= 0.5 && coverage >= 0.3) || aboutOne
    // Leave to keep and leave to drop are both open: a permission only meets its opposite when that is required
    // ("ok to keep the backup" / "the copy can be dropped" agree that either is fine).
    const required = (f: Features) => f.modality === 'must' || f.modality === 'should'
    // (Unless the opposites are the permission itself: "access is allowed" / "access is denied".)
    const aboutPermission = opposites.some(([x, y]) => PERMISSION_WORDS.has(x) || PERMISSION_WORDS.has(y))
    const bothOpen = !aboutPermission && ((a.modality === 'may' && !required(b)) || (b.modality === 'may' && !required(a)))
    // What stays and what moves must be one thing ("payments stays on AWS" / "Payments moves to Vault"), not one place
    // ("the legacy pipelines stay on Jenkins" / "moving our CI/CD from Jenkins").
    const placeOnly = opposites.some(([x, y]) => x === 'stay' || y === 'stay' || x === 'remain' || y === 'remain') && !sameSubject
    // The polarity that matters is the opposite's own: the negations before it ("I'd keep the Lambda running … rather
    // than replace it" keeps it; "not closed" = "open", "no laptop … leaves unenrolled" = enrolled).
    const negatedAt = (f: Features, word: string) => {
      const at = f.tokens.findIndex((t) => t.lemma === word || t.norm === word)
      return at < 0 ? f.negations % 2 : f.negationAt.filter((i) => i < at).length % 2
    }
    const oppositesDiffer = opposites.some(([x, y]) => negatedAt(a, x) !== negatedAt(b, y))
    if (!oppositesDiffer && !distinct && close && !bothOpen && !placeOnly && !differentReferents(a, b, ignore)) {
      return {
        evidence: opposites.map(([x, y]) => `${x} / ${y}`).join(', '),
        kind: 'antonym',
        score: round(Math.min(1, 0.55 + 0.35 * overlap + 0.05 * subject.length)),
        subject: subject.length > 0 ? subject : opposites.filter(([x]) => x === head(a)).flat(),
      }
    }

    return undefined
  }

  // The negation must sit where the shared subject is: only the clauses that mention a shared term count, for the
  // polarity and for the coverage ("is not automated; two steps still need a manual approval" is about automation).
  const [coreA, negA] = core(a, subject)
  const [coreB, negB] = core(b, subject)
  // The negated claim must say nearly what the other says: most of the shorter claim, a fair part of the longer.
  const coverage = subject.length / Math.max(coreA, coreB)
  // In analyze, what is negated must be what the other claim asserts: the word a negation governs ("don't dread",
  // "never deleted", "no secondary") must appear on the other side.
  // "no new static secrets" denies secrets: after "no", the noun the phrase ends on is what is denied.
  const deniedNoun = (f: Features, i: number): Token | undefined => {
    if (f.tokens[i].norm !== 'no' || everyone(f, i)) return undefined
    let noun: Token | undefined
    for (let k = i + 1; k < f.tokens.length && /^(ADJ|ADV|NOUN|PROPN|NUM)$/.test(f.tokens[k].pos); k++)
      if (/^(NOUN|PROPN)$/.test(f.tokens[k].pos)) noun = f.tokens[k]
    return noun
  }
  // What the other claim names only to turn it down asserts nothing to deny: "SSH signing, not gitsign" / "+1 SSH
  // signing over gitsign" both turn gitsign down.
  const turnedDownIn = (f: Features, word: Token) => {
    const at = f.tokens.flatMap((t, i) => (t.lemma === word.lemma || t.norm === word.norm ? [i] : []))
    return at.length > 0 && at.every((i) => f.tokens.slice(Math.max(0, i - 3), i).some((t) => TURNING_DOWN.test(t.norm)))
  }
  // "No human may hold …", "no one should keep …": a rule for everyone, denying the act that follows, as "nobody" does.
  const everyone = (f: Features, i: number) =>
    f.tokens[i].norm === 'no' && PERSON_WORDS.has(f.tokens[i + 1]?.lemma ?? '') && /^(AUX|VERB)$/.test(f.tokens[i + 2]?.pos ?? '')
  // "any shard without a replica", "orgs w/ no open appeal": a noun's modifier picks out which, it denies nothing
  // ("merged without review" is a denial: a verb before it).
  const restricts = (f: Features, i: number) => {
    const cue =
      f.tokens[i].norm === 'without' || f.tokens[i].norm === 'w/o'
        ? i
        : f.tokens[i].norm === 'no' && /^(with|w\/)$/.test(f.tokens[i - 1]?.norm ?? '')
          ? i - 1
          : -1
    if (cue <= 0 || !/^(NOUN|PROPN)$/.test(f.tokens[cue - 1].pos) || /^(VERB|AUX)$/.test(f.tokens[i + 1]?.pos ?? '')) return false
    // (…a noun phrase opened by a determiner, or opening the clause: "any shard", "manual snaps without …"; not "up to
    // 300 px without estate clearance", which says how the act is done.)
    let k = cue - 1
    while (k > 0 && /^(NOUN|PROPN|ADJ)$/.test(f.tokens[k - 1].pos)) k--
    return k === 0 || f.tokens[k - 1].type === 'punctuation' || /^(any|every|all|each|a|an|the)$/.test(f.tokens[k - 1].norm)
  }
  const negatesShared = (f: Features, other: Features) =>
    [...f.negationAt, ...f.listedDenials].some((i) => {
      if (restricts(f, i)) return false
      const noun = deniedNoun(f, i)
      if (noun) {
        // "no cpu limits" denies CPU limits, not the "mem limit" the other claim sets: a noun before the denied one
        // names which, and the other claim must name it too.
        const at = f.tokens.indexOf(noun)
        // ("no plain keys" denies plain keys, not the ed25519-sk keys the other claim moves to.)
        const kinds = f.tokens
          .slice(i + 1, at)
          .filter((t) => (/^(NOUN|PROPN)$/.test(t.pos) || (t.pos === 'ADJ' && !VAGUE_ADJECTIVES.has(t.lemma))) && f.content.has(t.lemma))
        const sameKind = kinds.every((t) => other.content.has(t.lemma) || other.forms.has(t.norm))
        return sameKind && (other.content.has(noun.lemma) || other.forms.has(noun.norm))
      }
      // "timescaledb: no.", "self-hosted runners? no": a refusal after its label denies what the label names.
      if (labelRefused(f, i)) {
        for (let k = i - 2; k >= Math.max(0, i - 6); k--) {
          const t = f.tokens[k]
          if (f.content.has(t.lemma) && (other.content.has(t.lemma) || other.forms.has(t.norm) || other.forms.has(t.lemma))) return !turnedDownIn(other, t)
        }
        return false
      }

      for (let k = i + (everyone(f, i) ? 2 : 1); k <= i + 5 && k < f.tokens.length; k++) {
        const t = f.tokens[k]
        // ("must not contain personal data", "never live in source code": what is held, or where, is what is denied.)
        if (HOLDING_VERBS.has(t.lemma)) continue
        if (PLACING_VERBS.has(t.lemma) && placing(f) && placing(other)) return true
        if (f.content.has(t.lemma) || f.content.has(t.norm)) {
          // (A dotted name is denied whole: "not from registry.k8s.io" says nothing of "registry.internal".)
          const dotted = dottedName(f, k)
          if (dotted !== undefined && !other.text.toLowerCase().includes(dotted)) return false
          if (other.content.has(t.lemma) || other.forms.has(t.norm) || other.forms.has(t.lemma)) return !turnedDownIn(other, t)
          // "must not push branches or open PRs": the denial reaches each act of a list of acts.
          const or = f.tokens.findIndex((x, j) => j > k && j <= k + 3 && /^(or|nor)$/.test(x.norm))
          const next = or > 0 ? f.tokens[or + 1] : undefined
          return next !== undefined && (next.pos === 'VERB' || next.pos === 'ADJ') && (other.content.has(next.lemma) || other.forms.has(next.norm))
        }
      }

      return false
    })
  const negatedSide = negA % 2 === 1 ? a : b
  // "…rather than in MinIO" turns down only what follows: even in one situation it must be what the other claim says.
  const turnedDownOnly = negatedSide.negationAt.every((i) => /^(instead|rather|against|opposed)$/.test(negatedSide.tokens[i].norm))
  const assertedSide = negatedSide === a ? b : a
  const negationOnShared =
    ((options.sameSituation && !turnedDownOnly) || negatesShared(negatedSide, assertedSide)) &&
    !onlyTheAlternative(negatedSide, subject) &&
    !deniesInOtherWords(assertedSide, negatedSide) &&
    !exempts(assertedSide, negatedSide) &&
    !pricesOnly(assertedSide)
  // How things stand today against a rule is a gap to close, not a disagreement ("47 alerts currently have no runbook
  // link" / "every production alert links a runbook"), as with numbers (measuredVsTarget).
  // (A rule may be stated for every member without a modal: "every production alert links a runbook".)
  const rule = (f: Features) => NORMATIVE.has(f.modality) || f.noExceptions || f.quantifier === 'every' || f.quantifier === 'all'
  // (Today as the claim says it, not a verb of measuring: "latency is measured at the load balancer" is a practice.)
  const today = (f: Features) => f.actual && f.tokens.some((t) => /^(today|currently|now|yet)$/.test(t.norm))
  const reportAgainstRule = (x: Features, y: Features) => today(x) && !NORMATIVE.has(x.modality) && rule(y)
  if (
    negA % 2 !== negB % 2 &&
    negationOnShared &&
    !reportAgainstRule(a, b) &&
    !reportAgainstRule(b, a) &&
    overlap >= (options.sameSituation ? 0.75 : a.exception || b.exception ? NEGATION_MIN_OVERLAP_EXCEPTION : NEGATION_MIN_OVERLAP) &&
    (options.sameSituation || coverage >= NEGATION_MIN_COVERAGE || (overlap >= NEGATION_CLOSE_OVERLAP && coverage >= NEGATION_MIN_COVERAGE_CLOSE)) &&
    !differentReferents(a, b, ignore) &&
    (options.sameSituation || !twoActors(a, b))
  ) {
    return {evidence: 'one claim negates the other', kind: 'negation', score: round(Math.min(1, 0.5 + 0.45 * overlap + 0.03 * subject.length)), subject}
  }

  return undefined
}

/**
 * The rule excepts what the negated claim is about: "any change to a contract needs sign-off, except additive optional
 * fields" / "adding an optional field doesn't need sign-off" say one thing. Every noun and adjective of the negated
 * claim's subject is named after the rule's "except" (in that clause).
 */
/** Words that open the members a rule leaves out: "except …", "excluding …". */
const EXCEPT_WORDS = /^(except|excluding|excl|barring)$/

function exempts(rule: Features, negated: Features): boolean {
  const at = rule.tokens.findIndex(
    (t, i) =>
      EXCEPT_WORDS.test(t.norm) || (t.norm === 'other' && rule.tokens[i + 1]?.norm === 'than') || (t.norm === 'apart' && rule.tokens[i + 1]?.norm === 'from'),
  )
  if (at < 0) return false
  const end = rule.tokens.findIndex((t, i) => i > at && /^[;.:()]$/.test(t.norm))
  const excepted = new Set(rule.tokens.slice(at + 1, end < 0 ? undefined : end).flatMap((t) => [t.lemma, t.norm]))
  const phrase = new Set(negated.subjectPhrase.split(' '))
  const inPhrase = negated.tokens.filter((t) => /^(NOUN|PROPN|ADJ)$/.test(t.pos) && phrase.has(t.norm))
  // (…or the claim's opening noun phrase, hyphenated words whole: "cron-runner stays pinned", "spend-based lines
  // aren't flagged one by one".)
  const named = inPhrase.length >= 2 ? inPhrase : openingPhrase(negated)
  // The thing with a modifier ("optional field", not any "field"), and what is done to it named there too: "adding"
  // is the "additive" change, "renaming" is not.
  const act = negated.tokens.find((t, i) => t.pos === 'VERB' && i < negated.tokens.findIndex((x) => x === named[0]))
  return (
    named.length >= 2 &&
    named.every((t) => excepted.has(t.lemma) || excepted.has(t.norm)) &&
    (act === undefined || [...excepted].some((w) => w.slice(0, 3) === act.lemma.slice(0, 3)))
  )
}

/** The content words of the noun phrase a claim opens with, the parts of a hyphenated word included. */
function openingPhrase(f: Features): Token[] {
  const words: Token[] = []
  for (let k = 0; k < f.tokens.length; k++) {
    const t = f.tokens[k]
    const joined = t.norm === '-' || f.tokens[k - 1]?.norm === '-' || f.tokens[k + 1]?.norm === '-'
    if (!joined && !/^(NOUN|PROPN|ADJ|NUM|DET)$/.test(t.pos)) break
    if (f.content.has(t.lemma)) words.push(t)
  }
  return words
}

/** The dotted name a word opens ("registry.k8s.io"), lower-cased, or undefined when no dot follows it. */
function dottedName(f: Features, k: number): string | undefined {
  if (f.tokens[k + 1]?.norm !== '.' || f.tokens[k + 2]?.type !== 'word') return undefined
  let name = f.tokens[k].norm
  for (let j = k + 1; f.tokens[j]?.norm === '.' && f.tokens[j + 1]?.type === 'word'; j += 2) name += `.${f.tokens[j + 1].norm}`
  return name
}

/** Verbs that deny what they govern without a negation: "stays blocked", "must be disabled", "lacks requests". */
const DENYING_VERBS = /^(block|disabl|lack|den[yi]|reject|prevent|refus|remov|retir|elimin|forbid|avoid)/

/**
 * The claim without a negation denies too, in a verb of its own the negated claim does not use: "force-push to main
 * stays blocked" / "main must never be force-pushed", "network access must be disabled" / "no network after the
 * fetch step" say one thing. ("freeze-gate blocks" / "should never block" share the verb: that is the dispute; "auto
 * rollback on FAIL" names a condition, not a denial.)
 */
export function deniesInOtherWords(asserted: Features, negated: Features): boolean {
  // ("#alerts is for non-paging warnings" / "warnings never page anyone": the prefix denies what the negation does.)
  const prefixed = asserted.tokens.some((t) => {
    const denied = /^non-?(\w+?)(?:ing)?$/.exec(t.norm)?.[1]
    return (
      denied !== undefined &&
      denied.length > 2 &&
      negated.tokens.some((x, i) => negated.negationAt.some((n) => n < i && i <= n + 3) && x.norm.startsWith(denied))
    )
  })
  if (prefixed) return true
  // ("Persistence: off everywhere" / "no persistence needed": a switch set off denies what the negation does.)
  if (switchState(asserted)?.on === false) return true
  // What must go, or is out, is denied: "per-shard sequences must go" / "no per-shard sequences", "GPG is out" / "GPG: no".
  const goneAtEnd = asserted.tokens.some((t, i) => {
    if (asserted.tokens[i + 1] !== undefined && asserted.tokens[i + 1].type !== 'punctuation') return false
    const before = asserted.tokens[i - 1]?.norm ?? ''
    const modal = before === 'to' ? (asserted.tokens[i - 2]?.norm ?? '') : before
    return (/^(go|goes)$/.test(t.norm) && /^(must|should|has|have|needs|need)$/.test(modal)) || (t.norm === 'out' && /^(is|are|'s)$/.test(before))
  })
  if (goneAtEnd) return true
  return asserted.tokens.some(
    (t, i) =>
      DENYING_VERBS.test(t.norm) &&
      t.pos !== 'NOUN' &&
      !/^(on|if|when|upon|after|once)$/.test(asserted.tokens[i - 1]?.norm ?? '') &&
      !negated.tokens.some((x) => x.norm.slice(0, 5) === t.norm.slice(0, 5)),
  )
}

/** Adjectives that name no kind of a thing: "no new keys", "no other tools", "no more pages". */
const VAGUE_ADJECTIVES = new Set([
  'new',
  'other',
  'more',
  'further',
  'additional',
  'extra',
  'single',
  'such',
  'same',
  'real',
  'big',
  'separate',
  'own',
  'long',
  'many',
  'much',
])

/** Verbs that put something somewhere: "run on", "move to", "deploy to", "host on" say where a thing is. */
const PLACING_VERBS = new Set(['run', 'move', 'deploy', 'put', 'host', 'place', 'migrate', 'land', 'shift', 'store', 'go'])
// ("put a size cap on exports", "put a hold on it" impose something; they place nothing.)
const IMPOSED = /^(cap|limit|ceiling|quota|ban|hold|freeze|stop|end|pause|restriction|block)$/
const placing = (f: Features) =>
  f.tokens.some(
    (t, i) => t.pos === 'VERB' && PLACING_VERBS.has(t.lemma) && !(t.lemma === 'put' && f.tokens.slice(i + 1, i + 5).some((x) => IMPOSED.test(x.lemma))),
  )
/** Verbs of holding or being somewhere: a negation before one denies what is held or where. */
const HOLDING_VERBS = new Set(['contain', 'include', 'hold', 'live', 'sit', 'appear', 'carry'])

/**
 * "The limit applies per account, not per key" / "burst: 50 for keys": every negation of the claim turns down an
 * alternative (", not …", "instead of …", "rather than …") and the claims share nothing but words of that
 * alternative. The claim says nothing of what the other one does with it.
 */
function onlyTheAlternative(f: Features, subject: string[]): boolean {
  const alternative = new Set<string>()
  for (const i of f.negationAt) {
    const t = f.tokens[i]
    const contrast = (t.norm === 'not' && f.tokens[i - 1]?.norm === ',') || /^(instead|rather)$/.test(t.norm)
    if (!contrast) return false
    for (let k = i + 1; k < f.tokens.length && f.tokens[k].type !== 'punctuation'; k++) alternative.add(f.tokens[k].lemma)
  }

  return alternative.size > 0 && subject.every((w) => alternative.has(w))
}

/**
 * Claims pulling toward opposite poles of one catalog tension ("collect every click to personalize" vs
 * "collect nothing we do not need"), about a shared subject. Returns the strongest such tension.
 */
export function compareTension(a: Features, b: Features, options: {sameSituation?: boolean} = {}): Verdict | undefined {
  let best: Verdict | undefined
  for (const [key, signalsA] of a.poles) {
    const [tension, pole] = [key.slice(0, key.lastIndexOf(':')), key.slice(key.lastIndexOf(':') + 1)]
    const opposite = `${tension}:${1 - Number(pole)}`
    const signalsB = b.poles.get(opposite)
    // A claim that itself pulls both ways states the tension; it does not take a side.
    if (!signalsB || a.poles.has(opposite) || b.poles.has(key)) continue
    const termsA = a.poleTerms.get(key)!
    const termsB = b.poleTerms.get(opposite)!
    // (A signal word one side pulls with and the other only names, "ship hotfixes … faster" / "every change, hotfixes
    // included, must pass review", is what both speak of.)
    const pullsWith = (f: Features, w: string) => [...f.poleTerms.values()].some((t) => t.lemmas.has(w))
    const subject = shared(a, b).filter((s) => !(termsA.lemmas.has(s) && pullsWith(b, s)) && !(termsB.lemmas.has(s) && pullsWith(a, s)))
    // What both signals are about ("collect more behavioural data" / "control which data we keep": data): two
    // claims taking opposite sides on one object are about one subject even when nothing else is shared.
    // Only when the two sides use different signals: one signal and its negation ("no control" / "control") is a
    // negation, which needs the negation detector's overlap.
    const sameSignal = signalsA.some((x) => signalsB.includes(x))
    const objects = sameSignal ? [] : [...termsA.objects].filter((o) => termsB.objects.has(o)).sort()
    // Two claims the engine paired itself need two shared terms (or one shared object) to be about one subject;
    // a given pair needs one.
    const enough = options.sameSituation ? subject.length + objects.length >= 1 : subject.length >= 2 || objects.length >= 1
    if (!enough || differentReferents(a, b, new Set())) continue
    const score = round(Math.min(1, 0.45 + 0.1 * (signalsA.length + signalsB.length) + 0.05 * (subject.length + objects.length)))
    if (!best || score > best.score || (score === best.score && tension < best.tension!)) {
      best = {
        evidence: `${signalsA.join(', ')} vs ${signalsB.join(', ')}`,
        kind: 'tension',
        score,
        subject: [...new Set([...subject, ...objects])].sort(),
        tension,
      }
    }
  }

  return best
}

/**
 * The plain baseline the engine is measured against: negation cue on one side only, any antonym pair, or
 * two different numbers — with no subject check, no units, no polarity, no time or scope reasoning.
 */
export function baselineCompare(a: Features, b: Features, lexicon: Lexicon): boolean {
  if (a.negations > 0 !== b.negations > 0) return true
  for (const x of a.content) for (const y of b.content) if (areAntonyms(lexicon, x, y)) return true
  const numsA = a.tokens.filter((t) => t.type === 'number').map((t) => t.norm)
  const numsB = b.tokens.filter((t) => t.type === 'number').map((t) => t.norm)
  return numsA.length > 0 && numsB.length > 0 && !numsA.some((n) => numsB.includes(n))
}

const REQUIRES = new Set(['must', 'should'])
/** Verbs that say the same of an object: "count as errors" = "treated as errors". */
const PREDICATE_CLASSES = new Map([
  ['treat', 'count'],
  ['consider', 'count'],
  ['classify', 'count'],
  ['regard', 'count'],
  ['need', 'require'],
  ['demand', 'require'],
])
const PERMISSION_WORDS = new Set(['allow', 'allowed', 'permit', 'permitted', 'acceptable', 'fine', 'ok', 'okay', 'optional', 'forbidden', 'deny', 'denied'])
/** Verbs that take something elsewhere: what "stays on" or "remains in" its place is left out of them. */
const MOVE_VERBS = new Set(['migrate', 'move', 'port', 'switch', 'transition', 'shift', 'transfer', 'upgrade', 'convert', 'relocate'])
const predicateClass = (verb: string) => PREDICATE_CLASSES.get(verb) ?? verb
const WAIVES = new Set(['may-not', 'should-not', 'must-not'])
/** What a rule may require before something happens: an approval, a review, a sign-off, a ticket. */
const SIGN_OFF = /^(approv|review|sign-?off|countersign|ticket)/

/**
 * Nouns after the claim's first verb: what a requirement is about ("needs a DBA review": review). The phrase right
 * after the verb is taken whole, whatever the tagger made of its words ("gets a full restore drill": "restore" and
 * "drill" come tagged as verbs).
 */
function objects(f: Features): Set<string> {
  const verb = f.tokens.findIndex((t) => t.pos === 'VERB' || t.pos === 'AUX')
  const result = new Set<string>()
  const phraseEnd = f.tokens.findIndex((t, i) => i > verb + 1 && /^(PUNCT|ADP|CCONJ|SCONJ|AUX|PART)$/.test(t.pos))
  for (const [i, t] of f.tokens.entries()) {
    if (i <= verb || !f.content.has(t.lemma) || GENERIC_NOUNS.has(t.lemma) || /^exceptions?$/.test(t.norm)) continue
    if (/^(NOUN|PROPN|ADJ)$/.test(t.pos) || (t.pos === 'VERB' && i > verb + 1 && (phraseEnd < 0 || i < phraseEnd))) result.add(t.lemma)
  }

  return result
}

/**
 * Modality and quantifier scope. (1) One claim requires what the other waives or forbids ("must be reviewed" /
 * "review is optional", "may read" / "must not read") about the same content. (2) A rule for every member ("every
 * schema change needs a DBA review", "all endpoints require authentication") against an exception for some
 * ("additive migrations can skip the review", "/metrics is open without authentication").
 */
/** Waives a requirement: "not required", "skip …", or leave to do "without approval" ("on-call may add nodes w/o approval"). */
function waives(f: Features): boolean {
  return (
    WAIVES.has(f.modality) ||
    (f.modality === 'may' && f.tokens.some((t, i) => t.norm === 'without' && f.tokens.slice(i + 1, i + 4).some((x) => SIGN_OFF.test(x.lemma))))
  )
}

export function compareModality(a: Features, b: Features, options: {sameSituation?: boolean; lexicon?: Lexicon} = {}): Verdict | undefined {
  const areAntonymsOf = (v: string, w: string) => options.lexicon !== undefined && areAntonyms(options.lexicon, v, w)
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    // Decided cheaply first: most pairs carry no rule at all.
    const xRequires = REQUIRES.has(x.modality) && x.negations % 2 === 0
    // A rule, or a plan stated for every member ("we will migrate all 140 pipelines").
    const rule = () => REQUIRES.has(x.modality) || x.noExceptions || x.tokens.some((t) => t.pos === 'AUX' && (t.norm === 'will' || t.norm === "'ll"))
    const universal = (x.quantifier === 'every' || x.quantifier === 'all') && x.negations % 2 === 0 && !x.exception && rule()
    const onlyVsEvery = x.quantifier === 'only' && (y.quantifier === 'every' || y.quantifier === 'all')
    // (…a permission for a member the exception is ruled out for is that exception: "no exceptions, not even for
    // hotfixes" / "hotfix: ok to re-push the same tag".)
    const ruledOut =
      (x.noExceptions && (y.exception || y.modality === 'may-not' || (y.modality === 'may' && [...ruledOutFor(x)].some((w) => y.content.has(w))))) ||
      ((y.exception || y.modality === 'may' || y.modality === 'may-not') &&
        (x.quantifier === 'every' || x.quantifier === 'all') &&
        x.tokens.some((t) => t.norm === 'included') &&
        [...ruledOutFor(x)].some((w) => y.content.has(w)))
    if (!(xRequires && waives(y)) && !(x.modality === 'may' && y.modality === 'must-not') && !universal && !onlyVsEvery && !ruledOut) continue
    const subject = shared(x, y).filter((s) => !GENERIC_NOUNS.has(s))
    if (subject.length === 0) continue
    const specific = measuredThing(x, y)
    // (On the first clauses alone when that is more: "no need to rotate after each use, too much churn for the 2am
    // case" waives in its first clause and gives a reason in the second.)
    const firstClause = (f: Features) => new Set(f.tokens.filter((t, i) => f.clauseOf[i] === 0 && f.content.has(t.lemma)).map((t) => t.lemma))
    const [fx, fy] = [firstClause(x), firstClause(y)]
    const firstOverlap = subject.filter((w) => fx.has(w) && fy.has(w)).length / Math.max(1, Math.min(fx.size, fy.size))
    const overlap = Math.max(firstOverlap, subject.length / Math.max(1, Math.min(x.content.size, y.content.size)))
    // (0) "applies only to checkout" vs "should apply to every service …": one predicate, one subject, "only" against
    // "every"/"all".
    if (
      x.quantifier === 'only' &&
      (y.quantifier === 'every' || y.quantifier === 'all') &&
      x.predicate !== '' &&
      x.predicate === y.predicate &&
      x.negations % 2 === y.negations % 2
    ) {
      const about = [...x.subjects].filter((w) => y.subjects.has(w) && !GENERIC_NOUNS.has(w))
      if (about.length > 0 && !differentReferents(x, y, new Set())) {
        return {evidence: `only vs ${y.quantifier}`, kind: 'quantifier', score: 0.6, subject: about.sort()}
      }
    }

    // (1) requires vs waives, on nearly the same content…
    // …and the same act: "must be rotated after every use" is not waived by "skips the approval step".
    const act = x.predicate
    // (…and so for a prohibition: "must start with SET lock_timeout" is not forbidden by "must not be retried".)
    const sameAct =
      (y.modality !== 'may-not' && y.modality !== 'must-not') ||
      act === '' ||
      GENERIC_VERBS.has(act) ||
      y.content.has(act) ||
      y.forms.has(act) ||
      mentionsForm(y, act)
    if (
      xRequires &&
      WAIVES.has(y.modality) &&
      sameAct &&
      overlap >= (options.sameSituation ? 0.4 : 0.6) &&
      specific.length > 0 &&
      x.condition === y.condition &&
      !differentTimes(x, y)
    ) {
      return {
        evidence: `${x.modality} vs ${y.modality.replace('may-not', 'not required')}`,
        kind: 'modality',
        score: round(Math.min(1, 0.5 + 0.4 * overlap)),
        subject,
      }
    }

    // (1b) A sign-off one requires and the other waives ("Any TTL change requires approval from the platform lead" /
    // "no platform approval needed"): the same kind of sign-off on both sides, and one more word of substance.
    if (xRequires && waives(y) && x.condition === y.condition && !differentTimes(x, y)) {
      // (Approval, sign-off and review are one kind of sign-off to a reader: "needs sec approval" / "no sec sign-off needed".)
      const signOff = (f: Features) =>
        new Set(
          f.tokens
            .filter((t, i) => SIGN_OFF.test(t.lemma) || (t.lemma === 'sign' && f.tokens[i + 1]?.norm === '-' && f.tokens[i + 2]?.norm === 'off'))
            .map((t) => (/^(approv|sign)/.test(t.lemma) ? 'approve' : t.lemma.slice(0, 5))),
        )
      const [sx, sy] = [signOff(x), signOff(y)]
      const kind = [...sx].find((k) => sy.has(k))
      const more = subject.filter((w) => !SIGN_OFF.test(w) && !/^\d/.test(w))
      if (kind && more.length > 0 && !differentReferents(x, y, new Set())) {
        return {evidence: `${x.modality} vs not required`, kind: 'modality', score: round(Math.min(1, 0.5 + 0.4 * overlap)), subject}
      }
    }

    // (One act allowed and forbidden, to one actor: "Fork PRs may restore from the cache" does not allow what "must
    // never save to the cache" forbids, nor "Only protected-branch builds may write" what "PR builds must not write".)
    const forbidsAct = y.predicate === '' || x.predicate === '' || predicateClass(x.predicate) === predicateClass(y.predicate)
    if (
      x.modality === 'may' &&
      y.modality === 'must-not' &&
      overlap >= 0.6 &&
      specific.length > 0 &&
      x.condition === y.condition &&
      forbidsAct &&
      !twoActors(x, y) &&
      !differentModifiers(x, y, new Set())
    ) {
      return {evidence: 'allowed vs must not', kind: 'modality', score: round(Math.min(1, 0.5 + 0.4 * overlap)), subject}
    }

    // (1b) "no carve-out for renovate / dep bumps" / "renovate / lockfile-only PRs can skip the size check": an
    // exception ruled out for some members, and taken for them.
    if (ruledOut) {
      const members = [...ruledOutFor(x)].filter((w) => y.content.has(w) && !GENERIC_NOUNS.has(w))
      // (…or for everything under the rule's label, which an exception named as such waives: "MFA: no exemptions,
      // not even probe users" / "synthetic acct must be MFA-exempt".)
      if (members.length === 0 && y.exception) members.push(...labelWords(x).filter((w) => y.content.has(w) && !GENERIC_NOUNS.has(w)))
      if (members.length > 0 && !differentTimes(x, y) && !twoActors(x, y)) {
        return {evidence: 'no exception vs an exception', kind: 'quantifier', score: round(Math.min(1, 0.5 + 0.1 * members.length)), subject: members.sort()}
      }
    }

    // (2) every vs an exception, about the object of the rule.
    // A rule: "every … needs", "all … must", "…, no exceptions" — not a report ("we spend $1.5M across all accounts").
    // The exception waives, negates or reverses the rule's predicate ("skip the review", "no secondary", "disable caching").
    // …or leaves members where they are ("will migrate all pipelines" / "these pipelines stay on Jenkins").
    const staysBehind = () =>
      MOVE_VERBS.has(x.predicate) &&
      y.tokens.some((t, i) => (t.lemma === 'stay' || t.lemma === 'remain') && /^(on|in|with|behind|where|as|at)$/.test(y.tokens[i + 1]?.norm ?? ''))
    const reverses = () => staysBehind() || [...y.content].some((w) => [...x.content].some((v) => v !== w && areAntonymsOf(v, w)))
    // (A rule for every member on both sides is two rules, not a rule and its exception; "always" quantifies over
    // times, not members: "release builds must always run with no cache" excepts them from "every workflow uses it".)
    const overMembers =
      (y.quantifier === 'every' || y.quantifier === 'all') && y.tokens.some((t, i) => /^(every|all|each|any)$/.test(t.norm) && y.tokens[i - 1]?.norm !== 'at')
    const excepted = (y.exception || y.negations % 2 === 1 || y.modality === 'may-not' || reverses()) && !overMembers
    if (universal && excepted) {
      const onObject = [...objects(x)].filter((o) => y.content.has(o))
      if (onObject.length === 0 && reverses()) onObject.push(...(specific.length > 0 ? specific : subject))
      // ("every tier-1 vendor must have a warm secondary, no exceptions" / "The payment processor (tier-1) is the
      // exception": an exception named as such may name the members, not the object.)
      if (onObject.length === 0 && y.exception && x.noExceptions) onObject.push(...[...x.subjects].filter((w) => y.content.has(w) && !GENERIC_NOUNS.has(w)))
      // A plain negation must deny the rule's object or its predicate ("there is no secondary", "does not need a
      // review"), not something else in the sentence ("nobody outside the platform team may launch GPU instances").
      const deniesObject = y.tokens.some(
        (t, i) => onObject.includes(t.lemma) && [1, 2, 3].some((k) => NEGATION_CUES.has(y.tokens[i - k]?.norm ?? '') || y.tokens[i - k]?.norm === 'without'),
      )
      const samePredicate = x.predicate !== '' && predicateClass(x.predicate) === predicateClass(y.predicate)
      if (!(y.exception || y.modality === 'may-not' || reverses() || deniesObject || samePredicate)) continue
      // What the exception waives must be something the rule asks for: "renovate PRs can skip the size check" waives
      // no part of "go all in on stacked PRs".
      // (…in any of its forms: "skip the signature check" waives part of "must be cosign-signed".)
      const waived = waivedNouns(y).map((w) => w.slice(0, 4))
      const asked = [...x.content, ...x.forms, x.predicate].filter((w) => w !== '')
      if (waived.length > 0 && !waived.some((w) => asked.some((v) => v.includes(w)))) continue
      // The same act denied for some members ("every 5xx must page" / "502s do not page"): the members are the object.
      if (onObject.length === 0 && samePredicate && y.negations % 2 === 1) onObject.push(...specific)
      // The exception may carry its own condition ("on weekends", "except …"), but not another subject.
      const apart = differentReferents(x, y, new Set())
      // Between two claims the engine paired itself, the exception must say much of what the rule says: one shared
      // noun ("cache", "freeze") leaves most rule-and-denial pairs about two different things (on the tune half,
      // 13 of 250 such findings were real, against 20 of 67 with more in common).
      // (A short exception, "Break-glass accounts should skip MFA", has little else to share.)
      const enough =
        options.sameSituation ||
        overlap >= QUANTIFIER_MIN_OVERLAP ||
        Math.min(x.content.size, y.content.size) <= QUANTIFIER_SHORT_CLAIM ||
        (x.noExceptions && y.exception)
      if (
        enough &&
        onObject.length > 0 &&
        !differentTimes(x, y) &&
        !sameCarveOut(x, y) &&
        // (A rule that rules out every exception reaches the narrower members the other names: "Every production
        // export must be envelope-encrypted …, without exception" / "For small CSV exports we can skip …".)
        (!differentModifiers(x, y, new Set()) || (x.noExceptions && differentSettings(x, y) === undefined)) &&
        (apart === undefined ||
          apart === 'different conditions' ||
          (apart === 'different scopes' && coveredScopes(y, x)) ||
          (apart === 'different subjects' && x.noExceptions))
      ) {
        return {
          evidence: `${x.quantifier} vs an exception`,
          kind: 'quantifier',
          score: round(Math.min(1, 0.45 + 0.1 * onObject.length + 0.2 * overlap)),
          subject: [...new Set([...onObject, ...specific])].sort(),
        }
      }
    }
  }

  return undefined
}

/** The content words of the label a claim opens with ("MFA: no exemptions" → mfa); none without one. */
function labelWords(f: Features): string[] {
  const end = labelEnd(f.tokens)
  return end < 0 ? [] : f.tokens.slice(0, end).flatMap((t) => (f.content.has(t.lemma) ? [t.lemma] : []))
}

/**
 * The rule already leaves out what the exception names: "Every dashboard outside personal folders must live in git" /
 * "Jsonnet in git, except personal folders" say one thing.
 */
function sameCarveOut(rule: Features, exception: Features): boolean {
  const at = exception.tokens.findIndex((t) => EXCEPT_WORDS.test(t.norm))
  if (at < 0) return false
  const named = exception.tokens.slice(at + 1, at + 5).filter((t) => /^(NOUN|PROPN|ADJ)$/.test(t.pos))
  if (named.length === 0) return false
  const out = rule.tokens.findIndex(
    (t, i) => EXCEPT_WORDS.test(t.norm) || /^(outside|besides)$/.test(t.norm) || (t.norm === 'other' && rule.tokens[i + 1]?.norm === 'than'),
  )
  if (out < 0) return false
  const left = new Set(rule.tokens.slice(out + 1, out + 6).map((t) => t.lemma))
  return named.every((t) => left.has(t.lemma))
}

/** The nouns a claim says are skipped or waived ("can skip the size check": size, check); none for "skip it". */
function waivedNouns(f: Features): string[] {
  const at = f.tokens.findIndex((t) => WAIVING_VERBS.test(t.norm))
  if (at < 0) return []
  const nouns: string[] = []
  for (let k = at + 1; k < f.tokens.length && k <= at + 5 && /^(DET|ADJ|NOUN|PROPN|NUM)$/.test(f.tokens[k].pos); k++)
    if (/^(NOUN|PROPN)$/.test(f.tokens[k].pos)) nouns.push(f.tokens[k].lemma)
  return nouns
}

const WAIVING_VERBS = /^(skip|skips|skipped|skipping|bypass|bypasses|bypassed|waive|waives|waived)$/

/** How much of the shorter claim an exception must share with the rule it excepts (analyze only). */
const QUANTIFIER_MIN_OVERLAP = 0.4
/** …unless one of the two is this short (content words): "Break-glass accounts should skip MFA". */
const QUANTIFIER_SHORT_CLAIM = 5

/** The options a claim names, by group of alternatives, and those it holds: picked by a stance or given as a labelled value. */
interface OptionsOf {
  named: Map<number, Set<number>>
  held: Map<number, Map<number, string>>
  /** Options held only as the place a thing is kept ("lives in Vault", "-> org secret"): about that thing alone. */
  placed: Set<number>
  /** Options turned down as a place: "must never be copied into CI secrets", "not stored in Vault". */
  rejected: Map<number, Map<number, string>>
}

/**
 * Where a thing is kept is the option held for it: "lives only in Vault", "issued from Vault per job", "pick up
 * MINIO_ACCESS_KEY from the org-level Actions secret", "moved to ElastiCache" (a few words may stand between).
 */
const KEPT_IN =
  /\b(?:lives?|living|stays?|stored|kept|keep|held|sits?|issued|pulled|read|fetched|comes?|moved?|migrated?|goes|picks?\s+up|picked\s+up)(?:\s+[\w'-]+,?){0,7}?\s+(?:in|on|into|from|to|under)\s+(?:the\s+|a\s+|an\s+|our\s+)?(?:[\w-]+\s+){0,2}$/i
/** What may follow an option given as a labelled value: nothing, punctuation, or a phrase that qualifies it. */
const LABEL_VALUE_END = /^\s*(?:$|[,;(+.–—-]|\/|(?:with|for|on|in|as|at|plus|and|via|behind|only|everywhere|across)\b)/

/** An option assigned in notes: "cosign key -> GH Actions secret", "CDN_PURGE_TOKEN = GH Actions org secret". */
const ASSIGNED = /(?:->|→|=>|\s=)\s*(?:the\s+)?(?:[\w-]+\s+){0,2}$/
/** An option denied as a place: "must never be copied into CI secrets", "not stored in Vault" (not "no Vault tokens"). */
const DENIED_PLACE =
  /\b(?:never|not|no|without)\b(?!\s+only\b)(?:\s+[\w'-]+){0,2}?\s+(?:be\s+)?(?:lives?|stays?|stored|kept|held|sits?|copied|synced|put|pushed|committed|exposed|written|saved|moved|go|goes|lands?|ends?\s+up)\s+(?:in|into|on|to|under)\s+(?:the\s+|a\s+|an\s+|our\s+)?(?:[\w-]+\s+){0,2}$/i

/**
 * Two labels that name one kind of thing, each a different one ("API instance: allkeys-lru" / "Bot instance:
 * volatile-ttl"): one head noun with a different word before it on each side.
 */
function labelsOfTwoThings(a: Features, b: Features): boolean {
  const [la, lb] = [textLabel(a, 40).map((w) => w.toLowerCase()), textLabel(b, 40).map((w) => w.toLowerCase())]
  if (la.length < 2 || lb.length < 2 || la.at(-1) !== lb.at(-1)) return false
  return !la.slice(0, -1).some((w) => lb.includes(w))
}

/** The two claims share a subject word that names no option: "the purge token" / "CDN_PURGE_TOKEN". */
function aboutOneThing(a: Features, b: Features, lexicon: Lexicon): boolean {
  // (Options as the claims' words read them: "k8s" is "Kubernetes" there.)
  const optionWords = new Set(
    [a.text, b.text].flatMap((text) =>
      optionsIn(lexicon.alternatives, text).flatMap((m) => `${m.name} ${expandShorthand(m.name)}`.toLowerCase().split(/[\s.-]+/)),
    ),
  )
  // (…and lemmatised: "Kubernetes" is "kubernete".)
  return shared(a, b).some((w) => !optionWords.has(w) && !optionWords.has(`${w}s`))
}

const optionsCache = new WeakMap<Features, OptionsOf>()
function optionsOf(f: Features, lexicon: Lexicon): OptionsOf {
  let known = optionsCache.get(f)
  if (known) return known
  known = {held: new Map(), named: new Map(), placed: new Set(), rejected: new Map()}
  // What some people do today ("a dozen engineers already use TOTP") is a report, not a choice (said before the
  // option: "keep it in PagerDuty, which we already pay for" keeps it).
  for (const mention of optionsIn(lexicon.alternatives, f.text)) {
    const report = /\b(already|today|currently)\b/i.test(f.text.slice(0, mention.index))
    const named = known.named.get(mention.group) ?? new Set<number>()
    named.add(mention.option)
    known.named.set(mention.group, named)
    const words = mention.name.toLowerCase().split(/[\s.-]+/)
    // "standardise on k6", "stay on Sentinel", "go with Locust": a stance for it, not for a thing of it ("use
    // Snowflake object tags" picks tags)…
    const picked = f.stances.some((s) => s.for && words.includes(s.head))
    // …or a labelled value: "Tool: k6", "Failover: ElastiCache, sessions moved in Q2".
    // (The value is the option, not a sentence about it: "Slurm shutdown: Slurm is switched off", "Vault dependency:
    // Vault's SLO is 99.9%" hold nothing.)
    const value = /^[^:]{1,40}:\s*(?:the\s+)?(.*)$/.exec(f.text.trim())?.[1].toLowerCase() ?? ''
    const label = value.startsWith(mention.name.toLowerCase()) && LABEL_VALUE_END.test(value.slice(mention.name.length))
    // …or where a thing is kept, or an assignment in notes.
    const before = f.text.slice(Math.max(0, mention.index - 80), mention.index)
    const denied = DENIED_PLACE.test(before)
    const kept = KEPT_IN.test(before) || ASSIGNED.test(before)
    if (report || (!picked && !label && !kept && !denied)) continue
    const table = denied ? known.rejected : known.held
    const options = table.get(mention.group) ?? new Map<number, string>()
    options.set(mention.option, mention.name)
    table.set(mention.group, options)
    if (!denied && !picked && !label) known.placed.add(mention.group)
  }

  optionsCache.set(f, known)
  return known
}

/**
 * Two claims that each hold a different option of one group of alternatives ("standardise on k6" / "we go with
 * Locust", "stay on Sentinel" / "Failover: ElastiCache"), neither naming the other's: a choice in dispute that
 * shares no word. Only a held option counts; a mention ("Locust scripts exist already") chooses nothing.
 */
function compareAlternatives(a: Features, b: Features, lexicon: Lexicon): Verdict | undefined {
  const [oa, ob] = [optionsOf(a, lexicon), optionsOf(b, lexicon)]
  if (oa.held.size === 0 && ob.held.size === 0) return undefined
  // One keeps a thing where the other says it must never be ("lives only in Vault" / "= GH Actions org secret"
  // against "never copied into CI secrets").
  for (const [x, y] of [
    [oa, ob],
    [ob, oa],
  ]) {
    for (const [group, held] of x.held) {
      const rejected = y.rejected.get(group)
      const option = [...held.keys()].find((o) => rejected?.has(o) && !y.held.get(group)?.has(o))
      if (option === undefined || differentSettings(a, b, false) || !aboutOneThing(a, b, lexicon)) continue
      const name = lexicon.alternatives.groups[group]
      return {evidence: `${held.get(option)} vs not ${rejected!.get(option)} (${name})`, kind: 'choice', score: 0.7, subject: name.split(' ')}
    }
  }

  if (oa.held.size === 0 || ob.held.size === 0) return undefined
  for (const [group, heldA] of oa.held) {
    const heldB = ob.held.get(group)
    if (!heldB) continue
    const [namedA, namedB] = [oa.named.get(group)!, ob.named.get(group)!]
    if ([...heldA.keys()].some((o) => namedB.has(o)) || [...heldB.keys()].some((o) => namedA.has(o))) continue
    if (differentSettings(a, b, false) || labelsOfTwoThings(a, b)) continue
    // (Where one thing is kept says nothing of where another is: "pg dumps -> MinIO" / "offsite copy -> S3".)
    if ((oa.placed.has(group) || ob.placed.has(group)) && !aboutOneThing(a, b, lexicon)) continue
    const name = lexicon.alternatives.groups[group]
    return {
      evidence: `${[...heldA.values()].join(', ')} vs ${[...heldB.values()].join(', ')} (${name})`,
      kind: 'choice',
      score: 0.7,
      // The role in dispute, in words ("load testing tool"), as other findings name what they share.
      subject: name.split(' '),
    }
  }

  return undefined
}

const plainRolesCache = new WeakMap<Features, Role[]>()
function plainRoles(f: Features): Role[] {
  let roles = plainRolesCache.get(f)
  if (!roles) plainRolesCache.set(f, (roles = rolesOf(f.tokens, true)))
  return roles
}

/** The two states of a switch as notes and configs write them ("AOF is on", "Delete marker replication: Disabled"). */
const SWITCHED_ON = /^(on|enabled|active|true)$/
const SWITCHED_OFF = /^(off|disabled|inactive|false)$/
const STATE_WORD = `(?:not )?(?:${SWITCHED_ON.source.slice(2, -2)}|${SWITCHED_OFF.source.slice(2, -2)})`
/** A finding's evidence when one switch is set on by one claim and off by the other: '"on" vs "disabled"' (oppositeStates). */
export const SWITCH_EVIDENCE = new RegExp(`^"${STATE_WORD}" vs "${STATE_WORD}"$`, 'i')
/** Words between a switch's name and its state that change nothing ("is already enabled", "also OFF", "stays on"). */
const STATE_FILLERS = /^(is|are|was|were|stays?|remains?|already|still|currently|also|now|today|left|kept|keep|leave|it|set|turned|switched|to)$/
const ARTICLE_OR_NOUN = /^(the|a|an|our|their|its|this|that|every|all|each)$/
const stateCache = new WeakMap<Features, {on: boolean; word: string; name: string[]} | null>()

/**
 * The switch a claim sets or reports, read from "<name>: <state>" or "<name> is <state>", with the state ending the
 * claim or followed only by a time or place ("AOF is on today", "dismiss stale approvals: also OFF").
 */
function switchState(f: Features): {on: boolean; word: string; name: string[]} | undefined {
  const known = stateCache.get(f)
  if (known !== undefined) return known ?? undefined
  let found: {on: boolean; word: string; name: string[]} | null = null
  // (The last one: "dismiss stale approvals on new commits: keep it on".)
  let at = f.tokens.length - 1
  // (An "on" that opens a place is no state: "is not enabled on the media distribution".)
  const placeOn = (i: number) =>
    f.tokens[i].norm === 'on' &&
    (ARTICLE_OR_NOUN.test(f.tokens[i + 1]?.norm ?? '') || (/^(NOUN|PROPN)$/.test(f.tokens[i + 1]?.pos ?? '') && !/^(today|now)$/.test(f.tokens[i + 1].norm)))
  while (at > 0 && ((!SWITCHED_ON.test(f.tokens[at].norm) && !SWITCHED_OFF.test(f.tokens[at].norm)) || placeOn(at))) at--
  if (at > 0) {
    const label = labelEnd(f.tokens)
    let k = at - 1
    let negated = false
    while (k > label && (STATE_FILLERS.test(f.tokens[k].norm) || f.tokens[k].norm === 'not')) {
      if (f.tokens[k].norm === 'not') negated = !negated
      k--
    }
    // (Any colon just before the state ends its name, however long: "dismiss stale approvals on new commits: keep it on".)
    const colon = k > label && f.tokens[k].norm === ':' ? k : k === label ? label : -1
    // (…and so does a note's bare "<name> <state>" opening the claim: "plaintext off, TLS only".)
    const bare = k === at - 1 && k >= 0 && f.tokens.slice(0, at).every((t) => /^(NOUN|PROPN|ADJ)$/.test(t.pos))
    const linked = colon >= 0 || bare || f.tokens.slice(k + 1, at).some((t) => /^(is|are|was|were|stays?|remains?)$/.test(t.norm))
    // (What follows a comma or a bracket is an aside: "AOF is on today (appendonly yes), plus nightly snapshots".)
    // (…and so is a clause of its own: "is already on in our vLLM config which matters because …".)
    const aside = f.tokens.findIndex((t, i) => i > at && /^([,(;]|which|because|since|while)$/.test(t.norm))
    const rest = f.tokens.slice(at + 1, aside > at ? aside : undefined)
    // (…a place may take its article: "already on in our vLLM config", "disabled in the deployment"; right after the
    // state an article makes it a preposition: "on the roadmap".)
    const ends = rest.every(
      (t, i) =>
        t.type === 'punctuation' ||
        /^(today|now|in|on|for|across|everywhere|prod|production|main|again)$/.test(t.norm) ||
        t.pos === 'PROPN' ||
        t.pos === 'NOUN' ||
        (i > 0 && /^(the|our|their|its|this|that|every|all|each)$/.test(t.norm) && /^(in|on|for|across)$/.test(rest[i - 1].norm)),
    )
    const named = f.tokens
      .slice(0, colon >= 0 ? colon : k + 1)
      .filter((t) => /^(NOUN|PROPN|VERB|ADJ)$/.test(t.pos) && !GENERIC_NOUNS.has(t.lemma) && t.lemma.length > 1 && t.norm !== 'it')
    // (A name written as one identifier is its words: "DeleteMarkerReplication" is "delete marker replication".)
    const camel = named.length === 1 ? /\b([A-Z]?[a-z]+(?:[A-Z][a-z]+)+)\b/.exec(f.text)?.[1] : undefined
    const name = camel && camel.toLowerCase() === named[0].norm ? camel.split(/(?=[A-Z])/).map((w) => w.toLowerCase()) : named.map((t) => t.lemma)
    // (A state before a noun is a modifier, not the switch's value: "an active node", "on-call".)
    const modifier = /^(NOUN|PROPN)$/.test(f.tokens[at + 1]?.pos ?? '') && rest.length > 0 && f.tokens[at + 1].norm !== 'today'
    if (linked && ends && !modifier && name.length > 0 && f.negations === (negated ? 1 : 0)) {
      const word = f.tokens[at].norm
      found = {name, on: SWITCHED_ON.test(word) !== negated, word: negated ? `not ${word}` : word}
    }
  }

  found ??= switchedBy(f)
  stateCache.set(f, found)
  return found ?? undefined
}

/** A switch set by its verb: "enable NRI fleet-wide", "turn off the legacy exporter", "don't disable AOF". */
function switchedBy(f: Features): {on: boolean; word: string; name: string[]} | null {
  for (const [i, t] of f.tokens.entries()) {
    let on: boolean | undefined
    let from = i + 1
    if (/^(enable|activate)$/.test(t.lemma) && t.pos === 'VERB') on = true
    else if (/^(disable|deactivate)$/.test(t.lemma) && t.pos === 'VERB') on = false
    else if (/^(turn|switch)$/.test(t.lemma) && /^(on|off)$/.test(f.tokens[i + 1]?.norm ?? '')) {
      on = f.tokens[i + 1].norm === 'on'
      from = i + 2
    }
    if (on === undefined) continue
    const name: string[] = []
    for (let k = from; k < f.tokens.length; k++) {
      const x = f.tokens[k]
      if (/^(the|our|their|its|this|that)$/.test(x.norm) && name.length === 0) continue
      if (!/^(NOUN|PROPN|ADJ)$/.test(x.pos)) break
      if (!GENERIC_NOUNS.has(x.lemma) && x.lemma.length > 1) name.push(x.lemma)
    }
    // (Denied once, the act is the opposite: "don't enable NRI" keeps it off.)
    const negated = f.negationAt.filter((k) => k < i).length % 2 === 1
    if (name.length === 0 || f.negations !== (negated ? 1 : 0)) return null
    return {name, on: on !== negated, word: negated ? `not ${t.norm}` : t.norm}
  }
  return null
}

/** Whether a claim gives a switch a state ("dismiss stale approvals: also OFF"): a verbless note asserts that much. */
export const setsSwitch = (f: Features): boolean => switchState(f) !== undefined

/** How a claim says a thing fails: "fail open", "fails closed", "fail-closed" (to letting through, to refusing). */
function failMode(f: Features): 'open' | 'closed' | undefined {
  // (Decided once per claim, and most claims never say "fail": this runs on every pair.)
  if (failModeCache.has(f)) return failModeCache.get(f)
  const mode = !/fail/i.test(f.text) ? undefined : readFailMode(f)
  failModeCache.set(f, mode)
  return mode
}

const failModeCache = new WeakMap<Features, 'open' | 'closed' | undefined>()

function readFailMode(f: Features): 'open' | 'closed' | undefined {
  const modes = new Set<'open' | 'closed'>()
  for (const [i, t] of f.tokens.entries()) {
    const joined = /^fail-(open|closed)$/.exec(t.norm)?.[1]
    const next = t.lemma === 'fail' ? /^(open|closed)$/.exec(f.tokens[i + 1]?.norm ?? '')?.[1] : undefined
    const mode = (joined ?? next) as 'open' | 'closed' | undefined
    if (mode) modes.add(f.negationAt.some((k) => k < i && k >= i - 3) ? (mode === 'open' ? 'closed' : 'open') : mode)
  }
  // (Both, for two cases: "fail closed on signup, fail open on login" sets no one mode.)
  return modes.size === 1 ? [...modes][0] : undefined
}

/**
 * One thing said to fail open by one claim and closed by the other ("If Redis is unreachable, the middleware should
 * fail open" / "if Redis goes down we reject requests with 503 (fail closed)"): the failure is the condition both
 * name, however they word it, so conditions are not compared; the setting (production, staging) still is.
 */
function oppositeFailModes(a: Features, b: Features): Verdict | undefined {
  const [ma, mb] = [failMode(a), failMode(b)]
  if (!ma || !mb || ma === mb) return undefined
  const things = (f: Features) => new Set([...f.subjects].filter((w) => !GENERIC_NOUNS.has(w) && !/^(fail|failure|open|close|closed)$/.test(w)).map(nounKeyOf))
  const [ta, tb] = [things(a), things(b)]
  const shared = [...ta].filter((w) => tb.has(w))
  if (shared.length === 0 || differentSettings({...a, condition: ''}, {...b, condition: ''}, false) || differentModifiers(a, b, new Set())) return undefined
  return {evidence: `"fail ${ma}" vs "fail ${mb}"`, kind: 'choice', score: 0.7, subject: shared.sort()}
}

/** One switch set or reported on by one claim and off by the other: "AOF is on today" / "AOF is disabled". */
function oppositeStates(a: Features, b: Features): Verdict | undefined {
  const [sa, sb] = [switchState(a), switchState(b)]
  if (!sa || !sb || sa.on === sb.on) return undefined
  const [shorter, longer] = sa.name.length <= sb.name.length ? [sa.name, sb.name] : [sb.name, sa.name]
  const keys = new Set(longer.map((w) => nounKeyOf(w)))
  if (!shorter.every((w) => keys.has(nounKeyOf(w))) || differentSettings(a, b, false)) return undefined
  return {evidence: `"${sa.word}" vs "${sb.word}"`, kind: 'choice', score: 0.7, subject: [...shorter].sort()}
}

/**
 * What a claim picks as the value of its label ("tool: gitsign (Sigstore keyless) for humans", "approver = dba
 * on-call"): the nouns of the phrase right after the label's colon or equals sign.
 */
function labelledPick(f: Features): Token[] {
  const label = leadLabelEnd(f.tokens)
  const equals = f.tokens.findIndex((t, i) => i > 0 && i < 8 && t.norm === '=')
  const end = label > 0 ? label : equals
  if (end <= 0) return []
  // (…a value, not a subject with its verb: "Bandwidth: Guest SSID capped at 100 Mbps" picks nothing.)
  const comma = f.tokens.findIndex((t, i) => i > end && t.norm === ',')
  if (f.tokens.slice(end + 1, comma > end ? comma : undefined).some((t) => t.pos === 'VERB' || t.pos === 'AUX')) return []
  const value: Token[] = []
  for (let k = end + 1; k < f.tokens.length && /^(ADJ|NOUN|PROPN|NUM|DET)$/.test(f.tokens[k].pos); k++) value.push(f.tokens[k])
  return value.filter((t) => /^(NOUN|PROPN)$/.test(t.pos))
}

/**
 * One claim turns down the option the other picks: "SSH signing, not gitsign" / "tool: gitsign for humans". The option
 * is the turned-down phrase's head, or a name on either side, and a name or a phrase of two words where it is turned
 * down; the other claim picks it as a label's value or by a verb of picking.
 */
function pickTurnedDown(x: Features, y: Features): Verdict | undefined {
  if (x.choices.length === 0) return undefined
  const picked = new Set([...labelledPick(y).map((t) => t.lemma), ...y.stances.filter((st) => st.for).flatMap((st) => st.things)])
  if (picked.size === 0) return undefined
  // (A common noun turned down is rarely an option: "feature work, not debt", "a change window, not staging".)
  const named = (w: string) => [...x.tokens, ...y.tokens].some((t) => t.lemma === w && (t.pos === 'PROPN' || /\d/.test(t.norm)))
  for (const c of x.choices) {
    // (…and what is turned down is the phrase's head, or a name: "not the platform team" is no "owner: platform".)
    const head = [...c.rejected].filter((w) => w !== 'one').at(-1)
    const option = [...c.rejected].filter((w) => picked.has(w) && !c.chosen.has(w) && (c.specific || named(w)) && (w === head || named(w)))
    if (option.length === 0 || y.choices.some((d) => option.some((w) => d.rejected.has(w))) || differentSettings(x, y, false)) continue
    return {evidence: `${[...c.chosen].join(' ')}, not ${option.join(' ')} vs ${option.join(' ')}`, kind: 'choice', score: 0.7, subject: option}
  }
  return undefined
}

/**
 * Two claims that each pick what the other turns down ("the limit is per key, not per account" / "it must apply per
 * customer account, not per key", "Postgres instead of MySQL" / "MySQL, not Postgres").
 */
export function compareChoices(a: Features, b: Features, lexicon?: Lexicon): Verdict | undefined {
  if (indifferent(a) || indifferent(b)) return undefined
  // (…in one setting: "prod pgvector stays pinned at 0.5.1" / "on staging (pgvector 0.7.4)" are two.)
  const versions = compareVersions(a, b, () => shared(a, b))
  if (versions && !differentSettings(a, b, false)) return versions
  const alternative = lexicon ? compareAlternatives(a, b, lexicon) : undefined
  if (alternative) return alternative
  // One is for a named option the other turns down ("adopt Kueue" / "moving us to Kueue is a non-starter").
  for (const sa of a.stances) {
    for (const sb of b.stances) {
      // Two options each picked as the only one for one role ("gitleaks as the only scanner" / "TruffleHog as the
      // one scanner across the org").
      if (sa.for && sb.for && sa.role !== undefined && sa.role === sb.role && !sa.things.some((w) => sb.things.includes(w))) {
        if (differentSettings(a, b, false)) continue
        return {evidence: `"${sa.said}" vs "${sb.said}"`, kind: 'choice', score: 0.7, subject: [sa.role]}
      }

      // Two named options of one kind, each picked ("I'd go with Everi loyalty kiosks" / "I'd recommend the SYNKROS
      // kiosks"): the kind is the phrases' common head, the options their names, which differ.
      if (
        sa.for &&
        sb.for &&
        sa.act === 'pick' &&
        sb.act === 'pick' &&
        sa.head === sb.head &&
        !GENERIC_NOUNS.has(sa.head) &&
        !sa.names.includes(sa.head) &&
        !sb.names.includes(sb.head) &&
        sa.names.length > 0 &&
        sb.names.length > 0 &&
        !sa.names.some((w) => sb.things.includes(w)) &&
        !sb.names.some((w) => sa.things.includes(w)) &&
        !differentSettings(a, b, false)
      )
        return {evidence: `"${sa.said}" vs "${sb.said}"`, kind: 'choice', score: 0.7, subject: [sa.head]}

      // Two names, each picked on its own ("I'd recommend ResourceSpace 10.x" / "I'd recommend Orange Logic Cortex"):
      // two answers to the one question a meeting asks of a recommendation.
      if (
        sa.for &&
        sb.for &&
        sa.act === 'pick' &&
        sb.act === 'pick' &&
        sa.names.length > 0 &&
        sb.names.length > 0 &&
        sa.names.includes(sa.head) &&
        sb.names.includes(sb.head) &&
        !sa.things.some((w) => sb.things.includes(w)) &&
        // (…not one claim weighing both, "go with k6, though Locust would also do"; nor picks for two roles,
        // "Gitleaks as the only scanner" / "Grafana as the one dashboard tool".)
        !b.content.has(sa.names[0]) &&
        !a.content.has(sb.names[0]) &&
        !(sa.role !== undefined && sb.role !== undefined && sa.role !== sb.role) &&
        !differentSettings(a, b, false)
      )
        return {evidence: `"${sa.said}" vs "${sb.said}"`, kind: 'choice', score: 0.7, subject: [sa.head, sb.head].sort()}

      // (A negated pick meets only its own kind of act: "use Snowflake tags" is not what "don't renew Snowflake" turns down.)
      if (sa.for === sb.for || (sa.act && sb.act && sa.act !== sb.act)) continue
      // The option both name, as a name on at least one side ("GitHub Codespaces" / "codespaces is off the table"),
      // and what one of them is about, not a modifier of it on both ("Snowflake object tags").
      const option = sa.things.filter((w) => sb.things.includes(w) && (sa.names.includes(w) || sb.names.includes(w)) && (sa.head === w || sb.head === w))
      // (A year on one side frames the plan, it does not set the option apart: "a non-starter in 2027"; nor does
      // "development" in "the default development environment".)
      if (option.length === 0 || differentSettings(a, b, false)) continue
      const [pro, con] = sa.for ? [sa, sb] : [sb, sa]
      return {evidence: `"${pro.said}" vs "${con.said}"`, kind: 'choice', score: 0.7, subject: option}
    }
  }

  const states = oppositeStates(a, b) ?? oppositeFailModes(a, b)
  if (states) return states
  const turnedDown = pickTurnedDown(a, b) ?? pickTurnedDown(b, a)
  if (turnedDown) return turnedDown
  // Most clauses choose nothing and set no constant: decided before anything is allocated (this runs on every pair).
  if (a.choices.length === 0 && b.choices.length === 0 && (a.settingValues.length === 0 || b.settingValues.length === 0)) return undefined
  const meets = (x: Set<string>, y: Set<string>) => [...x].filter((w) => y.has(w))
  const words = (x: Set<string>) => `"${[...x].join(' ')}"`
  for (const ca of a.choices) {
    for (const cb of b.choices) {
      // Each picks what the other turns down: "per key, not per account" / "per customer account, not per key".
      const [picked, dropped] = [meets(ca.chosen, cb.rejected), meets(ca.rejected, cb.chosen)]
      if (picked.length > 0 && dropped.length > 0) {
        const evidence = `${words(ca.chosen)} over ${words(ca.rejected)} vs ${words(cb.chosen)} over ${words(cb.rejected)}`
        return {evidence, kind: 'choice', score: 0.75, subject: [...new Set([...picked, ...dropped])].sort()}
      }
    }
  }

  // One setting given two constant values ("compatibility to BACKWARD" / "compat mode must be FULL_TRANSITIVE"),
  // neither of which the other claim mentions.
  for (const va of a.settingValues) {
    for (const vb of b.settingValues) {
      if (va === vb || b.text.includes(va) || a.text.includes(vb)) continue
      // A value given to a setting written as code meets only another value of that setting.
      const key = (v: string) => (/[:=] /.test(v) ? v.split(/[:=] /)[0] : undefined)
      if (key(va) !== key(vb)) continue
      const values = new Set([va, vb].flatMap((v) => v.toLowerCase().split('_')).concat([va.toLowerCase(), vb.toLowerCase()]))
      const about = shared(a, b).filter((w) => !values.has(w))
      // (A value set for every member meets one that some members keep: "every prod CronJob must set timeZone:
      // Etc/UTC, no exceptions" / "the EU invoice run keeps timeZone: Europe/Amsterdam".)
      // (…a rule, not a report of what happened everywhere; and a narrower scope, not staging against production.)
      const forAll = (f: Features) => f.noExceptions || ((f.quantifier === 'every' || f.quantifier === 'all') && NORMATIVE.has(f.modality))
      const apart = differentReferents(a, b, values)
      const member = apart === 'different subjects' || (apart === 'different scopes' && preProduction(a) === preProduction(b))
      if (about.length === 0 || (apart && !(member && (forAll(a) || forAll(b))))) continue
      return {evidence: `"${va}" vs "${vb}"`, kind: 'choice', score: 0.7, subject: about}
    }
  }

  // One turns down what the other plainly picks, about the same thing: "keep the backups in S3, not on the MinIO
  // cluster" / "use the MinIO cluster as the primary target for the backups". Only a named thing or a phrase: one
  // common noun turned down ("handled by the archive schema, not by backups") is met everywhere.
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    if (y.negations > 0 || y.choices.length > 0) continue
    // …or what one turns down is the other's act as a noun ("a warning, not a blocker" / "must block the release").
    for (const c of x.choices) {
      const [noun] = c.rejected
      // (An order in notes opens on its verb, whatever the tagger reads: "build it ourselves: …".)
      const opener = y.tokens.findIndex((t) => t.type === 'word')
      const act = c.rejected.size === 1 ? y.tokens.find((t, i) => (t.pos === 'VERB' || i === opener) && t.lemma !== noun && sameStem(t.lemma, noun)) : undefined
      // (The option picked, named whole on the other side, is taken up there too: then it is no rival act.)
      if (act && ![...c.chosen].every((w) => y.content.has(w)) && shared(x, y).length > 0 && !differentReferents(x, y, new Set())) {
        return {evidence: `${words(c.chosen)} over ${words(c.rejected)} vs "${act.norm}"`, kind: 'choice', score: 0.65, subject: shared(x, y)}
      }

      if (!c.specific || ![...c.rejected].every((w) => y.content.has(w)) || [...c.chosen].some((w) => y.content.has(w))) continue
      const about = shared(x, y).filter((w) => !c.rejected.has(w))
      // (A named option turned down needs nothing more in common when the other side picks it: "use Envoy's built-in
      // V8 engine" / "prefer Wasmtime over V8".)
      if (about.length === 0 && !y.stances.some((stance) => stance.for && stance.act !== undefined)) continue
      return {evidence: `${words(c.chosen)} over ${words(c.rejected)} vs ${words(c.rejected)}`, kind: 'choice', score: 0.65, subject: [...c.rejected].sort()}
    }
  }

  return undefined
}

/**
 * Who holds what: one thing given to two owners ("Product engineering owns the error budget decisions" / "Error
 * budget decisions should rest with the SRE team"), or an act one claim reserves done by someone else ("Nobody
 * outside the platform team may launch GPU instances" / "The ML team launches its own GPU instances").
 */
export function compareRoles(a: Features, b: Features): Verdict | undefined {
  if (a.roles.length === 0 && b.roles.length === 0) return undefined
  // A reserved act on one side is checked against whatever the other side does (read on demand: most clauses have none).
  const reserved = (f: Features) => f.roles.some((r) => r.exclusive)
  const rolesA = reserved(b) ? plainRoles(a) : a.roles
  const rolesB = reserved(a) ? plainRoles(b) : b.roles
  const found = roleConflict(rolesA, rolesB) ?? roleConflict(rolesB, rolesA)?.reverse()
  if (!found || differentReferents(a, b, new Set()) === 'different times') return undefined
  const [x, y] = found as [Role, Role]
  // (Held or done "by the service owner" against a reservation names the reservation too: "reserved to security".)
  const held = x.act === 'own' ? 'held by' : 'done by'
  const [reservation, other] = x.exclusive ? [x, y] : y.exclusive ? [y, x] : [undefined, undefined]
  const evidence = reservation ? `reserved to ${reservation.actorText}, ${held} ${other!.actorText}` : `${held} ${x.actorText} vs ${y.actorText}`
  const common = [...new Set(x.object.filter((w) => y.object.includes(w)))].sort()
  // ("status page" / "statuspage": the same words written apart on one side.)
  // (An act without object on one side ("team lead approves") is about what the other side names.)
  // (…or, done at a place on one side, that place: "posts to statuspage".)
  const named = [x.object, y.object].filter((o) => o.length > 0).sort((p, q) => p.length - q.length)
  const place = [x, y].find((r) => heldAtPlace(r) && r.object.length > 0)
  const subject = common.length > 0 ? common : place ? place.object : (named[0] ?? [])
  return {evidence, kind: 'role', score: 0.7, subject}
}

/** True when nothing (time, condition, scope, modifier) sets the two claims apart: they may be about one thing. */
export function sameReferents(a: Features, b: Features): boolean {
  return differentReferents(a, b, new Set()) === undefined
}
