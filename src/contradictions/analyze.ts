import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {basename} from 'node:path'

import {writeDirAtomic} from '../shared/atomic.js'
import {InputError} from '../shared/errors.js'
import {readTextFile} from '../shared/input.js'
import {type Catalog, matchTensions, signalIndex, type Tension, type TensionMatch} from './catalog.js'
import {compare, compareChoices, compareModality, compareRoles, compareTension, opposes, plansDisputed, setsSwitch} from './detect.js'
import {
  agree,
  calibrate,
  decisionPointOf,
  explain,
  groupAgreements,
  lineFindings,
  lineKey,
  linePair,
  linesApart,
  loadCalibrationWords,
  structureFor,
} from './judgement.js'
import {normaliseNumbers} from './numbers.js'
import {disjoint, isCalendarWord, type Quantity} from './quantities.js'
import {
  featurize,
  type Features,
  LABELLED,
  labelEnd,
  MAY_BE_BARE_VALUE,
  matchSignal,
  MAY_REFER,
  type SignalIndex,
  withAntecedent,
  withHeading,
  withKinds,
} from './features.js'
import {kindsIn, loadLexicon, optionsIn} from './lexicon.js'
import {extractClaims, sectionTitles, SHORT_ORDER, splitClauses} from './markdown.js'
import {tokenizeMany} from './nlp.js'
import {STOP_WORDS, WORD, wordKeys} from './words.js'
import {signalWords} from './signal-syntax.js'
import {loadTensionModel, tensionOfDispute} from './tension-model.js'
import {type Agreement, ANALYSIS_VERSION, type Claim, type ClaimRef, type DecisionPoint, type Finding, LOW_CONFIDENCE_THRESHOLD} from './types.js'
import {mdText} from '../shared/markdown.js'
import {escapeRegExp} from '../shared/text.js'

/** Per-file limit: far above any real discussion, low enough that a stray dump is refused before it is read. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024
/**
 * A subject term shared by more claims than this identifies no particular subject ("service", "team" in a
 * 5 MB corpus about services and teams): it is not used for blocking. This cap keeps the candidate pairs
 * linear in the input (at most cap × postings) instead of quadratic.
 */
const MAX_TERM_FREQUENCY = 60
/**
 * Candidate pairs (before removing the same pair met through two terms) that analyze compares at most: about 3 s
 * of comparisons on the bench machine, so that the dense worst case stays well under 10 s on a busy 2-core machine
 * (300,000 left it at 7.5-10.3 s; 200,000 at 9.5-10.2 s through the CLI once its generated questions, "Ask Ana
 * about …", were read as tasks and more of its clauses came under the cap). Real notes of 5 MB make an eighth of
 * it; a meeting, a few hundred.
 */
const PAIR_BUDGET = 150_000
/** The most a finding between two sentences of one line may be trusted: below the appendix threshold. */
const SAME_LINE_CONFIDENCE = 0.2
/**
 * The least confidence at which a finding gets the tension the model reads in its lines: below it a finding is real
 * too seldom for a named tension to help (tune half, main list, in sample: of the 14 tensions the model gave findings
 * under 0.4, 7 were right; at 0.4 and over, 55 of 65). No tension is better than a wrong one.
 */
const TENSION_MIN_CONFIDENCE = 0.4

/** The largest term frequency cap (at most `cap`) whose blocking makes no more than `budget` pairs. */
export function capWithinBudget(postings: Map<string, number[]>, cap: number, budget: number): number {
  const perLength = new Array<number>(cap + 1).fill(0)
  for (const list of postings.values()) if (list.length >= 2 && list.length <= cap) perLength[list.length]++
  let pairs = 0
  for (let length = 2; length <= cap; length++) {
    pairs += (perLength[length] * length * (length - 1)) / 2
    if (pairs > budget) return Math.max(2, length - 1)
  }

  return cap
}

export interface AnalyzeInput {
  path: string
  participant?: string
}

export interface AnalyzeOptions {
  inputs: AnalyzeInput[]
  catalog: Catalog
  /** Package root, for the lexicon. */
  root: string
  /** ISO time for `generatedAt` (from resolveTimestamp). */
  generatedAt: string
  /** Topic of the analysis, when the pipeline has one. */
  topic?: string
  maxInputBytes?: number
  maxTermFrequency?: number
  /** Told about inputs that are skipped (empty, no claims). */
  onSkip?: (path: string, reason: string) => void
}

export interface InputReport {
  path: string
  participant: string
  sha256: string
  bytes: number
  claims: number
  skipped?: string
}

export interface Analysis {
  version: number
  generatedAt: string
  topic?: string
  /** Catalog tensions the topic string names or evokes, best first (only with a topic). */
  topicTensions?: TensionMatch[]
  engine: {lexicon: string; catalog: string; tensions: number; nlp: string}
  inputs: InputReport[]
  claims: Claim[]
  findings: Finding[]
  /** Claims from different participants that say the same thing. */
  agreements: Agreement[]
  /** Catalog tensions that matched at least one finding, with their resolution. */
  tensions: Array<{id: string; name: string; findings: number; resolution: string}>
  /**
   * claimsRead: distinct claims that share a word key with another claim and so were read by wink-nlp;
   * frequentTermsSkipped: word keys shared by more than maxTermFrequency claims, not used for blocking.
   */
  stats: {claims: number; distinctClaims: number; claimsRead: number; candidatePairs: number; frequentTermsSkipped: number; maxTermFrequency: number}
}

interface Unit {
  /** Index of the first claim with this clause. */
  first: number
  /** The clause's text (a sentence of one clause is its own clause). */
  clause: string
  /** Index of the last claim seen with this clause (counting occurrences once per sentence). */
  lastClaim?: number
  occurrences: number
  features: Features
  /** The clause's features before withAntecedent, when it took its antecedent's subject terms. */
  ownFeatures?: Features
  /** The unit a referring pronoun in this clause may stand for (at its first occurrence). */
  antecedent?: number
}

/** A claim of at most this many content words is terse: notes' "rotate monthly.", "enforce from 1 jul". */
const TERSE_WORDS = 6

/**
 * A clause that may date a plan: a word that sets a date ("by", "until", "at the earliest") and a calendar word or a
 * week number (a cheap test on raw text; plansDisputed decides).
 */
const PLAN_CUE = /\b(?:by|before|until|till|no later than|no earlier than|at the earliest|earliest)\b/i
const datesPlan = (clause: string) =>
  PLAN_CUE.test(clause) &&
  (/\bw(?:ee)?k ?\d+\b/i.test(clause) ||
    clause
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .some((word) => isCalendarWord(word)))
const ABBREVIATION = /\b([A-Z]{2,4})s?\b/g

/**
 * Blocking keys for abbreviations: "RI", "PDBs" written in capitals in one clause, and the same letters as the
 * initials of consecutive words in another ("reserved instances", "pod disruption budget"). Only abbreviations
 * that some clause writes in capitals are looked for, so prose without them adds no keys.
 */
function abbreviationKeys(clauses: string[]): Array<Set<string> | undefined> {
  const known = new Set<string>()
  const written = clauses.map((clause) => {
    const found = [...clause.matchAll(ABBREVIATION)].map((m) => m[1].toLowerCase())
    for (const abbreviation of found) known.add(abbreviation)
    return found
  })
  if (known.size === 0) return []
  return clauses.map((clause, u) => {
    const keys = new Set(written[u].map((a) => `abbr:${a}`))
    const words = [...clause.toLowerCase().matchAll(WORD)].map((m) => m[0]).filter((w) => !STOP_WORDS.has(w))
    for (let i = 0; i < words.length; i++) {
      let initials = ''
      for (let k = i; k < Math.min(words.length, i + 4); k++) {
        initials += words[k][0]
        if (k > i && known.has(initials)) keys.add(`abbr:${initials}`)
      }
    }

    return keys.size > 0 ? keys : undefined
  })
}

/** A clause that says something: it has a verb, or sets a bound as notes do without one ("RI: 1yr only, nothing longer"). */
function asserts(f: Features): boolean {
  // (A verbless note that gives something to someone asserts it: "schema approvals = order-service team".)
  // (…and so does a short refusal: "no proxy.", "no email fallback", not "no requests = hpa blind".)
  return (
    f.hasVerb ||
    f.roles.length > 0 ||
    // (…and a two-word order: "drop DKMS.")
    SHORT_ORDER.test(f.text) ||
    // (…and a place in an order, as notes give it: "web tier last", "order: web tier first".)
    (f.tokens.length <= 8 &&
      /^(first|last)$/.test(f.tokens.findLast((t) => t.type === 'word')?.norm ?? '') &&
      f.tokens.filter((t) => t.type === 'word').length >= 2) ||
    // (…and a value given to a label in notes: "redis: weekly", "retention: 30 days".)
    (labelEnd(f.tokens) > 0 && f.quantities.length > 0) ||
    // (…and a cadence given to a thing: "full DR drill every quarter", "full drills twice a year".)
    f.quantities.some((q) => q.recurring) ||
    // (…and a case mapped to a denial, "sev2 → no IC", or a thing mapped to where it goes, "metrics svc → timescaledb".)
    f.tokens.some(
      (t, i) =>
        (t.norm === '→' || (t.norm === '>' && f.tokens[i - 1]?.norm === '-')) && f.tokens[i + 1]?.type === 'word' && (i >= 1 || f.tokens[i + 1].norm === 'no'),
    ) ||
    f.quantities.some((q) => !Number.isFinite(q.low) || !Number.isFinite(q.high)) ||
    // (…after a label too, and with a comma: "Payment: No Upfront", "no exceptions for criticals, ever".)
    (f.tokens[labelEnd(f.tokens) + 1]?.norm === 'no' &&
      f.negations > 0 &&
      f.tokens.length <= 8 &&
      f.tokens.every((t) => t.type === 'word' || /^[.!,:-]$/.test(t.norm))) ||
    // (…and a short pick of one option over another: "istio, not linkerd".)
    (f.tokens.length <= 6 && f.tokens.some((t, i) => t.norm === 'not' && f.tokens[i - 1]?.norm === ',' && i >= 2 && f.tokens[i + 1]?.type === 'word'))
  )
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * A claim that ends by siding with someone, or opens its point so: "…, same as ruth", "agree with Dana.", "as Ines
 * suggested", "agree w/ vesna: alpine not worth it".
 */
export const SIDING_WITH =
  /(?:^|[\s,;(-])(?:(?:same as|agree with|agreed with|as)\s+|agreed? w\/\s*)([\p{L}][\p{L}\d._-]*?)(?:'s)?(?:\s+(?:said|suggested|proposed|says))?\s*(?:[.)!]?\s*$|:\s)/iu

/** Verbs by which notes report what someone else wants or said ("nasrin wants …", "tomas proposed …"). */
const REPORTING_VERBS =
  'wants|wanted|says|said|proposes|proposed|suggests|suggested|thinks|prefers|preferred|asks|asked|argues|argued|pushes|pushed|would|favou?rs'

/** Words by which a writer takes up a position they report: "fine", "ok", "agree", "same as", "+1". */
const ENDORSING = /\b(?:fine|ok|okay|agreed?|same as|reuse|happy|makes sense|sure|works for me|good call|keep it)\b|\+1/

/** Finds contradictions and tensions within and across the inputs. Pure apart from reading the inputs. */
export function analyze(options: AnalyzeOptions): Analysis {
  const lexicon = loadLexicon(options.root)
  const signals: SignalIndex = signalIndex(options.catalog)
  let cap = options.maxTermFrequency ?? MAX_TERM_FREQUENCY
  const inputs: InputReport[] = []
  const claims: Claim[] = []
  /** Each claim's nearest heading (withHeading). */
  const headingOf: Array<string | undefined> = []
  const participants = new Set<string>()
  /** Each input's lines as written, for calibration (a finding's two lines). */
  const linesOf = new Map<string, string[]>()
  // "ruth: list jobs that hold db creds longer than 1h", "all: load test before cutover": a task given to someone
  // (a participant, everyone, a to-do) is not the writer's position on anything.
  // ("AI:" and "Team:" stay claims: as often a topic or a labelled value as an action item.)
  const named = defaultParticipants(options.inputs)
  const addressees = new Set(['all', 'everyone', 'todo', 'action', ...named.map((name) => name.toLowerCase())])
  // …and so is a question to put to someone ("ask vendor re: december", "check with finance whether …"): not yet
  // anyone's position. ("ask: ~48k/mo" is a labelled request, "asking for X" a position.)
  const isTask = (text: string) =>
    addressees.has(/^\s*([a-z]+)\s*:/i.exec(text)?.[1].toLowerCase() ?? '') || /^\s*(?:ask|check with|follow up with)\s+(?!for\b)\p{L}/iu.test(text)
  for (const [k, input] of options.inputs.entries()) {
    const text = readTextFile(input.path, {maxBytes: options.maxInputBytes ?? MAX_INPUT_BYTES, what: 'input'})
    const bytes = readFileSync(input.path)
    const participant = named[k]
    participants.add(participant)
    linesOf.set(input.path, text.split(/\r?\n/))
    const report: InputReport = {bytes: bytes.length, claims: 0, participant, path: input.path, sha256: createHash('sha256').update(bytes).digest('hex')}
    if (text.trim() === '') {
      report.skipped = 'empty'
    } else {
      const raw = extractClaims(text).filter((claim) => !isTask(claim.text))
      for (const claim of raw) {
        claims.push({id: '', line: claim.line, participant, source: input.path, text: claim.text})
        headingOf.push(claim.heading)
      }
      report.claims = raw.length
      if (raw.length === 0) report.skipped = 'no claims (only code, tables, headings or front matter)'
    }

    if (report.skipped) options.onSkip?.(input.path, report.skipped)
    inputs.push(report)
  }

  const width = String(claims.length).length
  for (const [i, claim] of claims.entries()) claim.id = `c${String(i + 1).padStart(Math.max(4, width), '0')}`

  // One unit per distinct clause: repeated boilerplate is analysed once, and a trailing clause (", so that …",
  // "; X is …") is judged on its own, as `pairs` does (splitClauses).
  const units: Unit[] = []
  const byText = new Map<string, number>()
  // The clause a pronoun may refer to (withAntecedent): the sentence's first clause, or for a first clause the
  // previous sentence's, when it was written on the same line or the line before in the same file.
  let previousHead: {claim: number; unit: number} | undefined
  for (const [i, claim] of claims.entries()) {
    const previous = previousHead && claims[previousHead.claim]
    let antecedent =
      previous && previous.source === claim.source && previous.participant === claim.participant && claim.line - previous.line <= 1
        ? previousHead!.unit
        : undefined
    for (const [k, clause] of splitClauses(claim.text).entries()) {
      const key = clause.toLowerCase()
      const known = byText.get(key)
      if (known === undefined) {
        byText.set(key, units.length)
        units.push({antecedent, clause, features: undefined as unknown as Features, first: i, occurrences: 1})
      } else if (units[known].lastClaim !== i) {
        units[known].occurrences++
      }

      const u = byText.get(key)!
      units[u].lastClaim = i
      if (k === 0) {
        previousHead = {claim: i, unit: u}
        antecedent = u
      }
    }
  }

  // Blocking, first on cheap word keys (no NLP): only clauses that share a key with 2..cap clauses can be compared,
  // so only they are read by wink-nlp — on real notes a small share of the claims (1,541 of 53,720 in the 5 MB bench).
  const keyPostings = new Map<string, number[]>()
  const abbreviationsOf = abbreviationKeys(units.map((unit) => unit.clause))
  const refersBack = (unit: Unit) => unit.antecedent !== undefined && (MAY_REFER.test(unit.clause) || MAY_BE_BARE_VALUE(unit.clause))
  // A short labelled value ("Target: 99.95%") may be about its heading (withHeading).
  const labelled = (unit: Unit) => headingOf[unit.first] !== undefined && LABELLED.test(unit.clause) && unit.clause.split(/\s+/).length <= 8
  // Two claims naming options of one group of alternatives ("k6" / "Locust") may dispute a choice in no shared word.
  const optionGroups = units.map((unit) => new Set(optionsIn(lexicon.alternatives, unit.clause).map((mention) => `option group ${mention.group}`)))
  // …and a claim naming a member of a kind ("password") meets one naming the kind ("credentials") on its words.
  const kindWords = units.map((unit) => kindsIn(lexicon.kinds, unit.clause).flatMap((k) => lexicon.kinds.words[k]))
  // …and a claim that dates a plan ("live by 1 March", "not before Q2") meets the others that do: a deadline and a
  // later earliest date dispute the plan in few shared words (plansDisputed).
  const planKeys = units.map((unit) => (datesPlan(unit.clause) ? ['plan date'] : []))
  for (const [u, unit] of units.entries()) {
    const inherited = [...(refersBack(unit) ? wordKeys(units[unit.antecedent!].clause) : []), ...(labelled(unit) ? wordKeys(headingOf[unit.first]!) : [])]
    for (const key of new Set([...wordKeys(unit.clause), ...(abbreviationsOf[u] ?? []), ...inherited, ...optionGroups[u], ...kindWords[u], ...planKeys[u]])) {
      const list = keyPostings.get(key)
      if (list) list.push(u)
      else keyPostings.set(key, [u])
    }
  }

  // Where nearly every name recurs (a dense corpus), terms just under the cap still make a quadratic number of
  // pairs: the cap comes down until the pairs fit a budget. A meeting's notes never come near it.
  if (options.maxTermFrequency === undefined) cap = capWithinBudget(keyPostings, cap, PAIR_BUDGET)
  let frequentTermsSkipped = 0
  // Pair keys (x * n + y, x < y) in a growable typed array: sorted and deduplicated once, far cheaper than a Set of a million numbers.
  let pairBuffer = new Float64Array(1024)
  let pairCount = 0
  const n = units.length
  for (const list of keyPostings.values()) {
    if (list.length < 2) continue
    if (list.length > cap) {
      frequentTermsSkipped++
      continue
    }

    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        if (units[list[x]].first === units[list[y]].first) continue
        if (pairCount === pairBuffer.length) {
          const bigger = new Float64Array(pairBuffer.length * 2)
          bigger.set(pairBuffer)
          pairBuffer = bigger
        }

        pairBuffer[pairCount++] = list[x] * n + list[y]
      }
    }
  }

  const inPair = new Uint8Array(n)
  const sorted = pairBuffer.subarray(0, pairCount).sort()
  const cheapPairs: number[] = []
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) cheapPairs.push(sorted[k])
  for (const key of cheapPairs) {
    inPair[Math.floor(key / n)] = 1
    inPair[key % n] = 1
  }

  // Antecedents are read too, so that a pronoun's clause can take their subject terms.
  for (let u = 0; u < n; u++) if (inPair[u] && refersBack(units[u]) && !inPair[units[u].antecedent!]) inPair[units[u].antecedent!] = 2
  const needed: number[] = []
  for (let u = 0; u < n; u++) if (inPair[u]) needed.push(u)
  const headings = [...new Set(needed.filter((u) => inPair[u] === 1 && labelled(units[u])).map((u) => headingOf[units[u].first]!))]
  const tokens = tokenizeMany([...needed.map((u) => normaliseNumbers(units[u].clause)), ...headings.map((h) => normaliseNumbers(h))])
  for (const [k, u] of needed.entries()) units[u].features = withKinds(featurize(units[u].clause, signals, tokens[k]), lexicon.kinds)
  const headingFeatures = new Map(headings.map((h, k) => [h, featurize(h, signals, tokens[needed.length + k])]))
  for (const u of needed) {
    if (inPair[u] !== 1) continue
    const unit = units[u]
    const own = unit.features
    if (labelled(unit)) unit.features = withHeading(unit.features, headingFeatures.get(headingOf[unit.first]!)!)
    if (refersBack(unit)) unit.features = withAntecedent(unit.features, units[unit.antecedent!].features)
    if (unit.features !== own) unit.ownFeatures = own
  }

  // Words the discussion as a whole is about (a subject term of more than a fifth of the clauses read, and of at
  // least eight): they name no particular measure ("v1" in a meeting about retiring v1).
  const subjectCounts = new Map<string, number>()
  for (const u of needed) for (const w of units[u].features.subjects) subjectCounts.set(w, (subjectCounts.get(w) ?? 0) + 1)
  const common = new Set([...subjectCounts].filter(([, count]) => count >= 8 && count > needed.length / 5).map(([w]) => w))

  // A clause that refers back goes on from its antecedent ("No rate limit on login. This is a major finding."): against
  // the antecedent itself it is judged on its own words.
  const featuresAgainst = (unit: Unit, other: number) => (unit.antecedent === other && unit.ownFeatures ? unit.ownFeatures : unit.features)

  // …then on subject terms (noun lemmas): a pair is compared when both claims assert something (a fragment such as
  // "Supported POSIX classes" does not) and they share a subject term that is not a frequent word.
  // Nouns, and adjectives used as nouns ("there is no secondary"): what a claim can be about.
  const terms = (f: Features) => {
    if (f.subjects.size === 0) return f.content
    const result = new Set(f.subjects)
    // …and gerunds ("dependency caching" / "disable caching").
    for (const t of f.tokens) if ((t.pos === 'ADJ' || (t.pos === 'VERB' && t.norm.endsWith('ing'))) && f.content.has(t.lemma)) result.add(t.lemma)
    return result
  }
  const rareTerms = new Map<string, boolean>()
  const rare = (term: string) => {
    let known = rareTerms.get(term)
    if (known === undefined) {
      const [key] = wordKeys(term)
      rareTerms.set(term, (known = (keyPostings.get(key ?? '')?.length ?? 0) <= cap))
    }

    return known
  }

  // Each unit's rare subject terms, once: the pair filter below runs on every cheap pair (millions in a dense corpus).
  const rareOf = new Map<number, {list: string[]; set: Set<string>}>()
  const rareTermsOf = (u: number) => {
    let entry = rareOf.get(u)
    if (!entry) {
      const list = [...terms(units[u].features)].filter((term) => rare(term))
      rareOf.set(u, (entry = {list, set: new Set(list)}))
    }

    return entry
  }

  const pairKeys = cheapPairs.filter((key) => {
    const x = Math.floor(key / n)
    const y = key % n
    // (A label given an option asserts it too: "API instance: allkeys-lru"; so does one given a state: "AOF: off".)
    const assertsHere = (u: number) =>
      asserts(units[u].features) || (optionGroups[u].size > 0 && labelEnd(units[u].features.tokens) > 0) || setsSwitch(units[u].features)
    if (!assertsHere(x) || !assertsHere(y)) return false
    const {list} = rareTermsOf(x)
    const {set} = rareTermsOf(y)
    for (let k = 0; k < list.length; k++) if (set.has(list[k])) return true
    // A terse value ("rotate monthly.", "enforce from 1 jul") is about what it does: any rare word of it that the
    // other claim uses with a value of the same kind.
    const [fx, fy] = [units[x].features, units[y].features]
    const [short, other] = fx.content.size <= fy.content.size ? [fx, fy] : [fy, fx]
    if (short.content.size <= TERSE_WORDS && short.quantities.some((q) => other.quantities.some((r) => r.dimension === q.dimension))) {
      for (const word of short.content) if (other.content.has(word) && !/^\d/.test(word) && rare(word)) return true
    }

    // "RI: 1yr only" / "reserved instances for three years": one names what the other spells out.
    const [ax, ay] = [abbreviationsOf[x], abbreviationsOf[y]]
    if (ax && ay) for (const key of ax) if (ay.has(key)) return true
    for (const group of optionGroups[x]) if (optionGroups[y].has(group)) return true
    if (planKeys[x].length > 0 && planKeys[y].length > 0 && plansDisputed(units[x].features, units[y].features)) return true
    return false
  })

  const tensionsById = new Map<string, Tension>(options.catalog.tensions.map((t) => [t.id, t]))
  const tensionModel = loadTensionModel(options.root)
  const calibrationWords = loadCalibrationWords(options.root)
  const ref = (unit: Unit): ClaimRef => ({
    ...claims[unit.first],
    occurrences: unit.occurrences,
    sentence: claims[unit.first].text,
    structure: structureFor(unit.features),
    text: unit.clause,
  })
  // The best finding per pair of sentences: two clauses of one sentence against another sentence are one dispute.
  const bestByClaims = new Map<string, Finding>()
  const agreementPairs: Array<{a: Unit; b: Unit; explanation: string; point: DecisionPoint}> = []
  // The values each line states, by dimension, from all its clauses the engine read (a clause paired with nothing
  // was never read): a line that weighs two values ("6 months max. Ninety days is not realistic") agrees with
  // neither by one clause.
  let lineValues: Map<string, Quantity[]> | undefined
  const valuesOn = (unit: Unit, dimension: string) => {
    if (!lineValues) {
      lineValues = new Map()
      for (const u of units) {
        const read = u.features as Features | undefined
        if (!read) continue
        const key = lineKey(claims[u.first])
        const known = lineValues.get(key)
        if (known) known.push(...read.quantities)
        else lineValues.set(key, [...read.quantities])
      }
    }

    const values: Quantity[] = []
    for (const q of lineValues.get(lineKey(claims[unit.first])) ?? []) if (q.dimension === dimension && !values.some((v) => !disjoint(v, q))) values.push(q)
    return values.length
  }
  // A line that says it sides with another participant ("tmp/ prefix excluded from the rule, same as ruth", "agree
  // with Dana") states that participant's position, not a rival one. (Read once per claim: pairs are many.)
  const seconded = new Map<number, string | undefined>()
  const sidesWith = (unit: Unit, other: Unit) => {
    if (!seconded.has(unit.first)) {
      const {text} = claims[unit.first]
      const named = /\b(?:but|differ|different|disagree|except)\b/i.test(text) ? undefined : SIDING_WITH.exec(text)?.[1]
      seconded.set(unit.first, named?.toLowerCase())
    }

    const name = seconded.get(unit.first)
    return name !== undefined && name === claims[other.first].participant.toLowerCase() && claims[unit.first].participant !== claims[other.first].participant
  }
  // An agreement about a participant ("ludmila wants EAP-TLS from day one" / "ludmila wants the old network off on day
  // one") is two reports of one person, not a point two people settled: a name names no thing to agree on, and
  // neither does a date beside it ("sep 3 · w/ eli, hana").
  const people = new Set(named.map((name) => name.toLowerCase()))
  // "nasrin wants azure update manager from the march cycle" in mehmet's notes reports nasrin's position: beside
  // nasrin's own line it is one person's view told twice, not two people agreeing.
  const reported = new Map<string, boolean>()
  const reports = (unit: Unit, other: Unit) => {
    const name = claims[other.first].participant.toLowerCase()
    if (name === claims[unit.first].participant.toLowerCase()) return false
    const key = `${unit.first} ${name}`
    let found = reported.get(key)
    if (found === undefined) {
      const pattern = new RegExp(`(?:^|[^\\p{L}])${name.replace(/[^\p{L}\d]/gu, '')}(?:'s)?\\s+(?:${REPORTING_VERBS})\\b`, 'u')
      // (…unless the writer takes it up: "hugo wants 2, fine", "keep the 4h ceiling hana wants, fine by me".)
      const text = claims[unit.first].text.toLowerCase()
      found = pattern.test(text) && !ENDORSING.test(text)
      reported.set(key, found)
    }

    return found
  }
  const namesOnlyPeople = (key: string) => {
    const terms = key.split('+')
    return terms.some((term) => people.has(term)) && terms.every((term) => people.has(term) || isCalendarWord(term) || /^\d/.test(term))
  }
  for (const key of pairKeys) {
    const ua = units[Math.floor(key / n)]
    const ub = units[key % n]
    if (sidesWith(ua, ub) || sidesWith(ub, ua)) continue
    const fa = featuresAgainst(ua, key % n)
    const fb = featuresAgainst(ub, Math.floor(key / n))
    const verdict =
      compare(fa, fb, lexicon, {common}) ??
      compareModality(fa, fb, {lexicon}) ??
      compareRoles(fa, fb) ??
      compareChoices(fa, fb, lexicon) ??
      compareTension(fa, fb)
    // A clause that goes on from its antecedent ("I see no reason to remove X; it is isolated per repository") takes
    // the antecedent's subject, not its polarity: against a claim of the antecedent's polarity it denies nothing.
    const goesOn = (u: Unit, other: Features) =>
      u.ownFeatures !== undefined &&
      u.antecedent !== undefined &&
      /^(it|this|that)\b/i.test(u.clause) &&
      u.ownFeatures.negations === 0 &&
      units[u.antecedent].features.negations % 2 === other.negations % 2
    if (verdict?.kind === 'negation' && (goesOn(ua, fb) || goesOn(ub, fa))) continue
    if (!verdict) {
      if (claims[ua.first].participant !== claims[ub.first].participant) {
        // (Opposite words are looked for only once two claims agree: agreements are rare, pairs many.)
        const agreement = agree(fa, fb)
        if (
          agreement &&
          !namesOnlyPeople(agreement.point.key) &&
          !reports(ua, ub) &&
          !reports(ub, ua) &&
          !opposes(fa, fb, lexicon) &&
          (agreement.dimension === undefined || (valuesOn(ua, agreement.dimension) === 1 && valuesOn(ub, agreement.dimension) === 1))
        )
          agreementPairs.push({a: ua, b: ub, ...agreement})
      }

      continue
    }

    // (A dispute found as a tension names it; the others get theirs, if any, from their lines below.)
    const tension = verdict.tension ? tensionsById.get(verdict.tension) : undefined
    const a = ref(ua)
    const b = ref(ub)
    const id = 'f-' + createHash('sha256').update([verdict.kind, a.source, a.line, a.text, b.source, b.line, b.text].join('\n')).digest('hex').slice(0, 12)
    const scope = a.participant === b.participant ? 'internal' : 'between'
    const confidence = calibrate({...verdict, scope})
    const finding: Finding = {
      a,
      b,
      confidence,
      decisionPoint: decisionPointOf(verdict.subject, fa, fb, verdict),
      evidence: verdict.evidence,
      explanation: explain(verdict, fa, fb),
      ...(verdict.farApart ? {farApart: true} : {}),
      id,
      kind: verdict.kind,
      ...(verdict.measure ? {measure: verdict.measure} : {}),
      lowConfidence: confidence < LOW_CONFIDENCE_THRESHOLD,
      scope,
      score: verdict.score,
      subject: verdict.subject,
      ...(tension ? {tension: {id: tension.id, name: tension.name, resolution: tension.resolution}} : {}),
    }
    const pairKey = `${ua.first}/${ub.first}`
    const known = bestByClaims.get(pairKey)
    if (!known || finding.confidence > known.confidence) bestByClaims.set(pairKey, finding)
  }

  const findings = [...bestByClaims.values()]
  // How many pairs of lines each line is in: a line paired with many others is rarely where a real dispute sits.
  const perLine = lineFindings(findings.map((f) => [lineKey(f.a), lineKey(f.b)] as const))
  const lineWords = new Map<string, Set<string>>()
  const wordsOf = (line: string) => {
    let words = lineWords.get(line)
    if (!words) lineWords.set(line, (words = wordKeys(line)))
    return words
  }
  const sectionsOf = new Map<string, Array<string | undefined>>()
  const titlesOf = (source: string) => {
    let titles = sectionsOf.get(source)
    if (!titles) sectionsOf.set(source, (titles = sectionTitles(linesOf.get(source) ?? [])))
    return titles
  }
  for (const [k, f] of findings.entries()) {
    const lines = [f.a, f.b].map((claim) => linesOf.get(claim.source)?.[claim.line - 1] ?? claim.text) as [string, string]
    f.confidence = calibrate(f, {
      internalDistance: linesApart(lineKey(f.a), lineKey(f.b)),
      lineFindings: perLine[k],
      lines,
      sections: [titlesOf(f.a.source)[f.a.line - 1], titlesOf(f.b.source)[f.b.line - 1]],
      words: calibrationWords,
      wordsOf,
      writers: {a: f.a.participant, all: [...participants], b: f.b.participant},
    })
    // Two sentences of one line (one bullet) are one thought worked out, most often a concession ("breaches should
    // never block merge. Blocking turns a signal into a bottleneck"): on the tune half all 22 such findings were
    // false. Shown in the appendix, never in the main list.
    if (f.a.source === f.b.source && f.a.line === f.b.line) f.confidence = Math.min(f.confidence, SAME_LINE_CONFIDENCE)
    f.lowConfidence = f.confidence < LOW_CONFIDENCE_THRESHOLD
    // The tension people would see at stake in the dispute, if any (tension-model.ts): only on a finding likely
    // enough to be real, since a tension named on a dispute that is not one misleads more than none.
    const learned =
      f.tension || !tensionModel || f.confidence < TENSION_MIN_CONFIDENCE ? undefined : tensionsById.get(tensionOfDispute(tensionModel, lines, signals) ?? '')
    if (learned) f.tension = {id: learned.id, name: learned.name, resolution: learned.resolution}
  }

  const agreements = groupAgreements(agreementPairs, ref, new Set(findings.map((f) => linePair(f.a, f.b))))
  findings.sort(
    (f, g) =>
      g.confidence - f.confidence || g.score - f.score || compareStrings(f.a.id, g.a.id) || compareStrings(f.b.id, g.b.id) || compareStrings(f.kind, g.kind),
  )
  const counts = new Map<string, number>()
  for (const f of findings) if (f.tension) counts.set(f.tension.id, (counts.get(f.tension.id) ?? 0) + 1)
  const tensions = [...counts.entries()]
    .map(([id, count]) => ({findings: count, id, name: tensionsById.get(id)!.name, resolution: tensionsById.get(id)!.resolution}))
    .sort((x, y) => y.findings - x.findings || compareStrings(x.id, y.id))

  return {
    claims,
    engine: {
      catalog: `${options.catalog.source} (${options.catalog.tensions.length} tensions)`,
      lexicon: lexicon.source,
      nlp: 'wink-nlp with wink-eng-lite-web-model (lemmas, POS), loaded from the installed package',
      tensions: options.catalog.tensions.length,
    },
    agreements,
    findings,
    generatedAt: options.generatedAt,
    inputs,
    stats: {
      candidatePairs: pairKeys.length,
      claims: claims.length,
      claimsRead: needed.length,
      distinctClaims: units.length,
      frequentTermsSkipped,
      maxTermFrequency: cap,
    },
    tensions,
    ...(options.topic
      ? {topic: options.topic, topicTensions: backedTensions(matchTensions(options.topic, options.catalog), options.catalog, claims).slice(0, 5)}
      : {}),
    version: ANALYSIS_VERSION,
  }
}

/**
 * Topic tensions the inputs back: a tension the topic evokes is kept only when the inputs use signal words of
 * its poles (a topic alone does not make a dispute), each signal whole within one claim: "collect less" is not
 * backed by "collect" in one sentence and "less" in another.
 */
function backedTensions(matches: TensionMatch[], catalog: Catalog, claims: Claim[]): TensionMatch[] {
  if (matches.length === 0) return matches
  // Words without NLP: a plural's lemma is the word less its "s" (what the signal matcher compares besides the word).
  // Only claims where some signal's first word stands are split (a regex over all of them first: 5 MB of notes
  // hold some 50,000 claims); where each word stands, by its form and its lemma, says where to try a signal.
  const tensionOf = new Map(catalog.tensions.map((t) => [t.id, t]))
  const tensions = matches.flatMap((m) => tensionOf.get(m.id) ?? [])
  const firstWords = new Set(tensions.flatMap((t) => t.poles.flatMap((pole) => pole.signals.map((signal) => signalWords(signal)[0]))))
  const opening = new RegExp(`(?:^|[^a-z0-9'-])(?:${[...firstWords].map((w) => escapeRegExp(w)).join('|')})`, 'i')
  const texts = claims
    .filter((claim) => opening.test(claim.text))
    .map((claim) =>
      (claim.text.toLowerCase().match(/[a-z][a-z0-9'-]*|[^\sa-z0-9]/g) ?? []).map((w) => ({
        lemma: w.length > 3 ? w.replace(/s$/, '') : w,
        norm: w,
        type: /^[a-z]/.test(w) ? 'word' : 'punctuation',
      })),
    )
  const at = new Map<string, Array<[number, number]>>()
  for (const [c, tokens] of texts.entries()) {
    for (const [i, token] of tokens.entries()) {
      for (const form of new Set([token.norm, token.lemma])) {
        const list = at.get(form)
        if (list) list.push([c, i])
        else at.set(form, [[c, i]])
      }
    }
  }
  const present = (signal: string) => {
    const words = signalWords(signal)
    return (at.get(words[0]) ?? []).some(([c, i]) => matchSignal(texts[c], i, words) >= 0)
  }
  return matches.filter((m) => {
    const tension = tensionOf.get(m.id)
    if (tension === undefined) return false
    const signalled = tension.poles.filter((pole) => pole.signals.some((signal) => present(signal))).length
    return signalled === tension.poles.length || (m.score >= STRONG_TOPIC_MATCH && signalled > 0)
  })
}

/**
 * A topic that names most of a tension's words ("security review", "golden path templates") is backed by the notes
 * signalling one pole; one that shares a word of two ("Data contracts") needs both. (Measured on the tune half's
 * tension labels: docs/contradictions.md, "Sixteenth session".)
 */
const STRONG_TOPIC_MATCH = 0.6

const MAX_REPORTED = 500

/** The Markdown report: inputs, summary, tensions at stake with their resolution, then each finding. */
export function renderReport(analysis: Analysis): string {
  const out: string[] = []
  out.push('# Contradiction analysis', '')
  if (analysis.topic) out.push(`Topic: ${mdText(analysis.topic)}`, '')
  if (analysis.topicTensions?.length)
    out.push(`Catalog tensions for this topic: ${analysis.topicTensions.map((t) => `${mdText(t.name)} (${t.score})`).join(', ')}.`, '')
  out.push(
    `Generated ${analysis.generatedAt} from ${analysis.inputs.length} input(s), ${analysis.stats.claims} claims (${analysis.stats.distinctClaims} distinct).`,
    '',
  )
  if (analysis.inputs.length > 0) {
    out.push('## Inputs', '')
    for (const input of analysis.inputs) {
      out.push(
        `- \`${input.path}\` (participant ${mdText(input.participant)}): ${input.claims} claims, sha256 ${input.sha256.slice(0, 16)}…${input.skipped ? `, skipped: ${input.skipped}` : ''}`,
      )
    }

    out.push('')
  }

  const kinds = new Map<string, number>()
  for (const f of analysis.findings) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1)
  out.push('## Summary', '')
  if (analysis.findings.length === 0) {
    out.push(
      analysis.inputs.length === 0 ? 'No inputs were given, so there is nothing to compare.' : 'No contradictions found between claims about the same subject.',
      '',
    )
  } else {
    out.push(
      `${analysis.findings.length} finding(s): ${[...kinds]
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([kind, n]) => `${n} ${kind}`)
        .join(', ')}.`,
      '',
    )
  }

  if (analysis.tensions.length > 0) {
    out.push('## Tensions at stake', '')
    for (const t of analysis.tensions) out.push(`- **${mdText(t.name)}** (\`${t.id}\`, ${t.findings} finding(s)): ${mdText(t.resolution)}`)
    out.push('')
  }

  if (analysis.findings.length > 0) {
    out.push('## Findings', '')
    for (const f of analysis.findings.slice(0, MAX_REPORTED)) {
      out.push(`### ${f.id} · ${f.kind} · score ${f.score}`, '')
      out.push(`Subject: ${mdText(f.subject.join(', '))}. Evidence: ${mdText(f.evidence)}.`, '')
      out.push(`- ${mdText(f.a.participant)} (\`${f.a.source}:${f.a.line}\`): “${mdText(f.a.text)}”`)
      out.push(`- ${mdText(f.b.participant)} (\`${f.b.source}:${f.b.line}\`): “${mdText(f.b.text)}”`)
      if (f.tension) out.push('', `Tension: **${mdText(f.tension.name)}** — ${mdText(f.tension.resolution)}`)
      out.push('')
    }

    if (analysis.findings.length > MAX_REPORTED) out.push(`… and ${analysis.findings.length - MAX_REPORTED} more in analysis.json.`, '')
  }

  return out.join('\n')
}

/** Writes analysis.json and report.md into `outDir`, atomically (all or nothing). */
export function writeAnalysis(outDir: string, analysis: Analysis, options: {overwrite?: boolean} = {}): {files: string[]} {
  const files = {'analysis.json': JSON.stringify(analysis, null, 2) + '\n', 'report.md': renderReport(analysis)}
  writeDirAtomic(outDir, files, {overwrite: options.overwrite})
  return {files: Object.keys(files).sort()}
}

/**
 * Each input's participant: the name given, else its file's name without the extension ("notes/hugo.md" is hugo),
 * else, when two inputs would share that name, the file's name, else the path as given.
 */
export function defaultParticipants(inputs: AnalyzeInput[]): string[] {
  const stem = (path: string) => basename(path).replace(/\.[^.]+$/, '') || basename(path)
  const clashes = (name: (path: string) => string, path: string) => inputs.filter((i) => i.participant === undefined && name(i.path) === name(path)).length > 1
  return inputs.map(
    (input) => input.participant ?? (!clashes(stem, input.path) ? stem(input.path) : !clashes(basename, input.path) ? basename(input.path) : input.path),
  )
}

/** Parses `--participants a,b` against the inputs, in order. */
/** `participants`: the --participants text, or the names already split from it (synthesize checks them first). */
export function mapParticipants(paths: string[], participants?: string | string[]): AnalyzeInput[] {
  if (participants === undefined) return paths.map((path) => ({path}))
  const names = typeof participants === 'string' ? participants.split(',').map((p) => p.trim()) : participants
  if (names.some((p) => p === '')) throw new InputError('--participants: empty name in the list')
  if (names.length !== paths.length)
    throw new InputError(`--participants names ${names.length} participant(s) for ${paths.length} input(s); give one per --input, in order`)
  return paths.map((path, i) => ({participant: names[i], path}))
}
