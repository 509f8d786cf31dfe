import type {Features} from './features.js'
import type {Token} from './nlp.js'
import {adjectiveForms, antonymReach, areAntonyms, areExclusive, exclusiveBetween, type Lexicon} from './lexicon.js'
import {disjoint, type Quantity} from './quantities.js'

import type {FindingKind} from './types.js'

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
}

/**
 * In `analyze` the engine itself picked the pair (by a shared term), so a negation must also cover a fair part
 * of the longer claim; in `pairs` the user asserts the two statements are about one situation.
 */
const NEGATION_MIN_COVERAGE = 0.4
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
  if (differentTimes(a, b)) return 'different times'
  if (a.condition !== b.condition) return 'different conditions'
  if (a.scopes.size > 0 && b.scopes.size > 0 && !sameSet(a.scopes, b.scopes)) return 'different scopes'
  for (const [noun, mods] of a.modifiers) {
    const other = b.modifiers.get(noun)
    if (!other) continue
    const onlyA = [...mods].filter((m) => !other.has(m) && !ignore.has(m) && !b.content.has(m))
    const onlyB = [...other].filter((m) => !mods.has(m) && !ignore.has(m) && !a.content.has(m))
    if (onlyA.length > 0 && onlyB.length > 0) return 'different subjects'
  }

  return undefined
}

/**
 * Named times decide when both claims name one ("last quarter" and "last quarter" agree whatever the verb's
 * tense: "reached" / "was"). A time named on one side only sets that claim apart from the other. With no named
 * time, a past claim and a present one ("was stateful" / "is stateless now") are about different times; a claim
 * with no tense at all is taken to be about the same time as the other.
 */
function differentTimes(a: Features, b: Features): boolean {
  if (a.times.size > 0 || b.times.size > 0) return !sameSet(a.times, b.times)
  return a.tense !== undefined && b.tense !== undefined && a.tense !== b.tense
}

/** Content size and negation count of the clauses of `f` that mention a shared term. */
function core(f: Features, subject: string[]): [size: number, negations: number] {
  let size = 0
  let negations = 0
  for (const clause of f.clauses) {
    if (!subject.some((s) => clause.content.has(s))) continue
    size += clause.content.size
    negations += clause.negations
  }

  return size === 0 ? [f.content.size, f.negations] : [size, negations]
}

function shared(a: Features, b: Features): string[] {
  const result: string[] = []
  for (const x of a.content) if (b.content.has(x)) result.push(x)
  return result.sort()
}

const candidateCache = new WeakMap<Features, Token[]>()

/** Words that may take part in an opposite: content words, and the pronouns the exclusion groups list. Cached: a claim meets many others. */
function candidates(f: Features, lexicon: Lexicon): Token[] {
  let list = candidateCache.get(f)
  if (!list) candidateCache.set(f, (list = f.tokens.filter((t) => f.content.has(t.lemma) || lexicon.exclusive.has(t.norm))))
  return list
}

const reachCache = new WeakMap<Features, {reach: Set<string>; forms: string[]}>()

function reachOf(f: Features, lexicon: Lexicon): {reach: Set<string>; forms: string[]} {
  let entry = reachCache.get(f)
  if (!entry) {
    const words = [...new Set(candidates(f, lexicon).flatMap((t) => [t.norm, t.lemma]))]
    entry = {forms: [...new Set(words.flatMap((w) => adjectiveForms(w)))], reach: new Set(words.flatMap((w) => antonymReach(lexicon, w)))}
    reachCache.set(f, entry)
  }

  return entry
}

/** False when no word of one claim can be an antonym of a word of the other (exact check: antonymPairs). */
function mayOppose(a: Features, b: Features, lexicon: Lexicon): boolean {
  const [ra, rb] = [reachOf(a, lexicon), reachOf(b, lexicon)]
  return rb.forms.some((w) => ra.reach.has(w)) || ra.forms.some((w) => rb.reach.has(w))
}

/**
 * Opposite pairs (x in a only, y in b only): antonyms, and — when both claims describe one situation — members of
 * one exclusion group. Exclusions ("man" / "woman", "asleep" / "running", two colours) hold within one scene; two
 * sentences of a document that mention a man and a woman are usually about two people, so `analyze` skips them.
 */
function antonymPairs(a: Features, b: Features, lexicon: Lexicon, exclusions: boolean): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  const seen = new Set<string>()
  const [candA, candB] = [candidates(a, lexicon), candidates(b, lexicon)]
  // Most pairs share no opposite at all: a set lookup says so before the exact word-by-word check.
  if (!exclusions && !mayOppose(a, b, lexicon)) return []
  const inA = candA.filter((t) => !b.forms.has(t.lemma) && !b.forms.has(t.norm))
  const inB = candB.filter((t) => !a.forms.has(t.lemma) && !a.forms.has(t.norm))
  if (!exclusions && (inA.length === 0 || inB.length === 0)) return []
  const wordsA = exclusions ? candA.flatMap((t) => [t.norm, t.lemma]) : []
  const wordsB = exclusions ? candB.flatMap((t) => [t.norm, t.lemma]) : []
  for (const ta of inA) {
    for (const tb of inB) {
      const antonym = areAntonyms(lexicon, ta.norm, tb.norm) || areAntonyms(lexicon, ta.lemma, tb.lemma)
      // An exclusion is void when the other claim also names an equivalent ("a woman and children" / "a lady and kids").
      const exclusive = !antonym && exclusions && (exclusiveBetween(lexicon, ta.norm, tb.norm, wordsA, wordsB) || exclusiveBetween(lexicon, ta.lemma, tb.lemma, wordsA, wordsB))
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

/** The first noun or personal pronoun: who or what the claim is about. */
function head(f: Features): string | undefined {
  return f.tokens.find((t) => t.pos === 'NOUN' || t.pos === 'PROPN' || (t.pos === 'PRON' && /^(he|she)$/.test(t.norm)))?.lemma
}

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

function numericConflict(a: Features, b: Features): [Quantity, Quantity] | undefined {
  const comparable = (qa: Quantity, qb: Quantity) => {
    if (qa.dimension !== qb.dimension) return false
    const single = a.quantities.filter((q) => q.dimension === qa.dimension).length === 1 && b.quantities.filter((q) => q.dimension === qb.dimension).length === 1
    // With one quantity of a kind on each side they are about the same thing, unless each is anchored to a
    // noun the other claim never mentions ("CPU at 80%" vs "memory at 40%"); with several, only same-anchor ones are.
    const anchorsDiffer = qa.anchor !== undefined && qb.anchor !== undefined && qa.anchor !== qb.anchor && !b.content.has(qa.anchor) && !a.content.has(qb.anchor)
    return (single && !anchorsDiffer) || (qa.anchor !== undefined && qa.anchor === qb.anchor)
  }

  for (const qa of a.quantities) {
    for (const qb of b.quantities) {
      if (!comparable(qa, qb) || !disjoint(qa, qb)) continue
      // A value that agrees with any quantity of the same kind on the other side is not in conflict: anchors are a guess.
      const agreesA = b.quantities.some((q) => q.dimension === qa.dimension && !disjoint(qa, q))
      const agreesB = a.quantities.some((q) => q.dimension === qb.dimension && !disjoint(q, qb))
      if (!agreesA && !agreesB) return [qa, qb]
    }
  }

  return undefined
}

/**
 * Decides whether two claims contradict. The order of checks matters: numbers first (most specific), then
 * opposites, then plain negation. Polarity is counted so that double negation and negated antonyms
 * ("not insecure" vs "secure") read as agreement, not conflict.
 */
export function compare(a: Features, b: Features, lexicon: Lexicon, options: {sameSituation?: boolean} = {}): Verdict | undefined {
  // Nothing to find, decided cheaply: no negation on either side, no quantity on one side, no possible opposite.
  if (!options.sameSituation && a.negations === 0 && b.negations === 0 && (a.quantities.length === 0 || b.quantities.length === 0) && !mayOppose(a, b, lexicon)) return undefined
  const equivalentHeads = sameHead(a, b, lexicon)
  const subject = equivalentHeads ? [...shared(a, b), equivalentHeads].sort() : shared(a, b)
  const polarityDiffers = (a.negations % 2) !== (b.negations % 2)
  // Outside one scene, opposite subjects ("the man …" / "the woman …") are two referents, not a conflict.
  const opposites = antonymPairs(a, b, lexicon, options.sameSituation === true)
    .filter(([x, y]) => options.sameSituation || (x !== head(a) && y !== head(b)))
  // Two claims whose very subjects are opposites ("the man …" / "the woman …") describe one scene two ways.
  const headsOpposed = opposites.some(([x, y]) => x === head(a) && y === head(b))
  if (subject.length === 0 && !headsOpposed) return undefined

  const numbers = numericConflict(a, b)
  if (numbers) {
    const units = new Set(numbers.flatMap((q) => q.text.split(' ')))
    const topic = subject.filter((s) => !units.has(s) && !/^\d/.test(s))
    if (topic.length > 0 && !polarityDiffers && !differentReferents(a, b, new Set())) {
      return {evidence: `${numbers[0].text} vs ${numbers[1].text}`, kind: 'numeric', score: round(Math.min(1, 0.7 + 0.1 * topic.length)), subject: topic}
    }
  }

  const ignore = new Set(opposites.flat())
  const overlap = subject.length / Math.max(1, Math.min(a.content.size, b.content.size))
  if (opposites.length > 0) {
    // An opposite under a negation agrees ("not closed" = "open"): only same-polarity opposites conflict.
    // "The internal API is unencrypted" / "the external API is encrypted": an opposite pair that only modifies the
    // shared noun, next to another opposite, names two different things.
    const modifierOnly = opposites.filter(([x, y]) => [...a.modifiers].some(([noun, mods]) => mods.has(x) && b.modifiers.get(noun)?.has(y)))
    // …and so do lexical opposites that are only modifiers ("major version" / "minor version", "sync iterator" /
    // "async iterator"); two colours of one noun are the exception: one thing, described two ways.
    const lexicalModifiers = modifierOnly.filter(([x, y]) => !areExclusive(lexicon, x, y, true))
    const distinct = (modifierOnly.length > 0 && modifierOnly.length < opposites.length) || (lexicalModifiers.length > 0 && lexicalModifiers.length === opposites.length)
    // In analyze, the opposites must sit in claims that otherwise say much the same thing.
    const coverage = subject.length / Math.max(a.content.size, b.content.size)
    const close = options.sameSituation || (overlap >= 0.5 && coverage >= 0.3)
    if (!polarityDiffers && !distinct && close && !differentReferents(a, b, ignore)) {
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
  if ((negA % 2) !== (negB % 2) && overlap >= 0.75 && (options.sameSituation || coverage >= NEGATION_MIN_COVERAGE) && !differentReferents(a, b, ignore)) {
    return {evidence: 'one claim negates the other', kind: 'negation', score: round(Math.min(1, 0.5 + 0.45 * overlap + 0.03 * subject.length)), subject}
  }

  return undefined
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
    const subject = shared(a, b).filter((s) => !termsA.lemmas.has(s) && !termsB.lemmas.has(s))
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
      best = {evidence: `${signalsA.join(', ')} vs ${signalsB.join(', ')}`, kind: 'tension', score, subject: [...new Set([...subject, ...objects])].sort(), tension}
    }
  }

  return best
}

/**
 * The plain baseline the engine is measured against: negation cue on one side only, any antonym pair, or
 * two different numbers — with no subject check, no units, no polarity, no time or scope reasoning.
 */
export function baselineCompare(a: Features, b: Features, lexicon: Lexicon): boolean {
  if ((a.negations > 0) !== (b.negations > 0)) return true
  for (const x of a.content) for (const y of b.content) if (areAntonyms(lexicon, x, y)) return true
  const numsA = a.tokens.filter((t) => t.type === 'number').map((t) => t.norm)
  const numsB = b.tokens.filter((t) => t.type === 'number').map((t) => t.norm)
  return numsA.length > 0 && numsB.length > 0 && !numsA.some((n) => numsB.includes(n))
}
