import {createHash} from 'node:crypto'

import {type Verdict, GENERIC_NOUNS, isOrderVerb, quantityWords, sameReferents, SWITCH_EVIDENCE} from './detect.js'
import {pickedOver, PICKING_VERBS} from './evidence.js'
import {type Features, labelEnd, leadLabelEnd} from './features.js'
import {loadFitted, toHundredths} from './fitted.js'
import {
  BOUND_HEADS,
  CADENCE_WORDS,
  ESTIMATE_WORDS,
  differentLimits,
  disjoint,
  isCalendarWord,
  isPhysicalUnit,
  isUnitWord,
  normalisedWords,
  pluralUnit,
  type Quantity,
} from './quantities.js'
import {heldAtPlace, type Role, roleConflict, rolesOf} from './roles.js'
import {VERSION_EVIDENCE} from './versions.js'
import {wordKeys} from './words.js'
import type {Agreement, ClaimRef, ClaimStructure, DecisionPoint, Finding, Interval} from './types.js'
import {escapeRegExp, lowerFirst, truncate, wordCount} from '../shared/text.js'

/**
 * What turns a detector's verdict into something a decision-maker can act on: the claim's structure, an
 * explanation in words, the decision point (subject) a finding belongs to, a calibrated confidence, and the
 * agreements between participants.
 */

function interval(q: Quantity): Interval {
  return {
    dimension: q.kind,
    high: Number.isFinite(q.high) ? q.high : null,
    highOpen: q.highOpen,
    low: Number.isFinite(q.low) ? q.low : null,
    lowOpen: q.lowOpen,
    normalised: normalisedWords(q),
    text: q.text,
    unit: q.unit,
    ...(q.permission ? {permission: true} : {}),
  }
}

/** The structure of a clause, as stored with a finding's claims (JSON-safe: open bounds are null). */
export function structureFor(f: Features | undefined): ClaimStructure | undefined {
  if (!f) return undefined
  const frame = f.times.size > 0 ? [...f.times].sort().join(', ') : f.tense === 'past' ? 'past' : undefined
  return {
    modality: f.modality,
    polarity: f.negations % 2 === 1 ? 'negative' : 'positive',
    predicate: f.predicate,
    quantities: f.quantities.map((q) => interval(q)),
    subject: f.subjectPhrase,
    ...(f.quantifier ? {quantifier: f.quantifier} : {}),
    ...(frame ? {frame} : {}),
    ...(f.condition ? {condition: f.condition} : {}),
  }
}

/** Predicates whose duration has a name: "kept for 30 days" is a retention period. */
const DURATION_NAMES: Record<string, string> = {
  archive: 'Retention period',
  respond: 'Response time',
  answer: 'Response time',
  load: 'Load time',
  recover: 'Recovery time',
  restore: 'Restore time',
  complete: 'Duration',
  expire: 'Expiry',
  finish: 'Duration',
  keep: 'Retention period',
  last: 'Duration',
  renew: 'Renewal period',
  retain: 'Retention period',
  retire: 'Retirement date',
  review: 'Review cadence',
  rotate: 'Rotation period',
  store: 'Retention period',
  take: 'Duration',
  measure: 'Measurement window',
  ship: 'Date',
  deliver: 'Date',
  release: 'Date',
}
const KIND_NAMES: Record<string, string> = {
  count: 'Number',
  'data-size': 'Size',
  money: 'Cost',
  'money-per-period': 'Cost',
  ordinal: 'Date',
  percentage: 'Target',
  rate: 'Rate',
}
/** Words in a phrase that already say which measure it is. */
const MEASURE_WORDS =
  /\b(timeout|retention|latency|budget|cost|slo|sla|target|window|interval|ttl|cadence|frequency|limit|rate|uptime|availability|price|spend|bill|duration|deadline)\b/i

const DATE_WORDS = /\b(deadline|date|window|cadence|frequency|interval|ttl|timeout|retention|duration)\b/i

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** Verbs of measure a tagger reads as a plural noun ending the phrase ("the plan costs $780", "the job takes 4 h"). */
const MEASURE_VERB_AT_END = /\s+(costs|takes|needs|uses|runs|lasts|holds|requires|spends|keeps|gets|has)$/i

/** A claim's subject phrase as a heading can use it: no article, order verb, verb read as a noun, unit or arrow. */
function cleanPhrase(f: Features): string {
  // A tagger may read the verb as the phrase's last noun ("the monitoring plan costs $780"): it is not the thing.
  return (
    f.subjectPhrase
      .replace(/^(the|a|an|our|their|its)\s+/i, '')
      // (…nor an order a tagger read into it: "Set timeoutSeconds: 3" is about timeoutSeconds.)
      .replace(/^(\S+)\s+/, (opener, word: string) => (isOrderVerb(word.toLowerCase()) ? '' : opener))
      .replace(f.predicate ? new RegExp(`\\s+${f.predicate.replace(/[^\w-]/g, '')}s?$`, 'i') : /$^/, '')
      .replace(MEASURE_VERB_AT_END, '')
      // (…nor the unit left of a value written as a compound: "One-hour access tokens" are access tokens.)
      .replace(/^(seconds?|minutes?|hours?|days?|weeks?|months?|years?)[\s-]+(?=\S)/i, '')
      // (…nor the start of an arrow in notes: "api redis maxmemory -> 1gb".)
      .replace(/[\s\-–—=>:]+$/, '')
  )
}

/**
 * A word as one of the texts writes it, when only hyphens or capitals differ ("TTL" for "ttl", "self-reps" for
 * "selfreps", and for the key "selfrep" too: a hyphenated word's plural); the word itself when no text does.
 */
function spelled(word: string, texts: string[]): string {
  for (const text of texts)
    for (const written of text.split(/\s+/)) {
      const bare = written.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
      const letters = bare.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')
      if (letters === word || (letters === `${word}s` && bare.includes('-'))) return /^.+[A-Z]/.test(bare) ? bare : lowerFirst(bare)
    }

  return word
}

/** A phrase as the claim writes it ("checkout API", not "checkout api"), without a sentence's opening capital. */
function asWritten(phrase: string, f: Features): string {
  const at = f.text.toLowerCase().indexOf(phrase.toLowerCase())
  const written =
    at >= 0
      ? f.text.slice(at, at + phrase.length)
      : phrase
          .split(' ')
          .map((word) => spelled(word, [f.text]))
          .join(' ')
  // …but not the capital a sentence starts with ("Raw request logs must …"), unless the word is an acronym.
  return at === 0 ? lowerFirst(written) : written
}

/** The noun phrase the two claims dispute: the first subject phrase that holds a shared term, else the terms. */
function phraseOf(subject: string[], a: Features, b: Features): string {
  const terms = subject.filter((s) => !GENERIC_NOUNS.has(s))
  for (const f of [a, b]) {
    const phrase = cleanPhrase(f)
    const words = phrase.toLowerCase().split(/[\s-]+/)
    if (!phrase || !terms.some((t) => words.some((w) => w === t || w.startsWith(t)))) continue
    return asWritten(phrase, f)
  }

  return (terms.length > 0 ? terms : subject)
    .slice(0, 3)
    .map((term) => spelled(term, [a.text, b.text]))
    .join(' ')
}

/**
 * Words that name where or when a value holds, or who set it, never the thing it measures: a heading of them alone
 * ("Duration of the production", "Date of the utc", "Cost of the finance") names nothing to decide.
 */
const SETTING_WORDS = new Set(['production', 'prod', 'staging', 'environment', 'env', 'utc', 'gmt', 'cet', 'finance'])

/** Words a claim may open on that name no thing of its own: a goal, a plan, a proposal. */
const NAMES_NO_THING = new Set(['goal', 'target', 'plan', 'proposal', 'recommendation', 'idea', 'option', 'note', 'summary'])

/** A phrase that names no thing: empty, or only setting words, calendar words and units ("apr", "ms"). */
function namesNothing(phrase: string): boolean {
  return phrase
    .toLowerCase()
    .split(/[\s-]+/)
    .filter(Boolean)
    .every((word) => SETTING_WORDS.has(word) || isCalendarWord(word) || isUnitWord(word))
}

/**
 * The phrase a numeric dispute is headed by, when the shared words name nothing: the label either claim opens with
 * ("Rollout: prod cutover on 3 March" / "prod on 17 March at the earliest" → "Date of the rollout"), if any.
 */
function namedPhrase(phrase: string, a: Features, b: Features, verdict?: Verdict): string {
  // (…or only a bound: "auto-pay cap $5k per claim" / "$2,500 STP cap" are about the auto-pay cap, not "the cap".)
  if (verdict?.kind !== 'numeric' || !(namesNothing(phrase) || BOUND_HEADS.has(phrase.toLowerCase()))) return phrase
  for (const f of [a, b]) {
    const end = leadLabelEnd(f.tokens)
    if (end <= 0) continue
    const label = f.text.slice(0, f.text.indexOf(':')).trim()
    if (label.split(/\s+/).length <= 5 && !/\d/.test(label) && !LEAD_WORDS.test(label) && !namesNothing(label)) return lowerFirst(label)
  }

  // …else what either claim is about, when it names a thing: "cursors must remain valid for at least 24 hours in
  // production" / "cursors live for an hour in prod" are about the cursors ("Duration of the cursors in production").
  const setting = phrase
    .toLowerCase()
    .split(/[\s-]+/)
    .find((word) => SETTING_WORDS.has(word) && word !== 'finance')
  for (const f of [a, b]) {
    const about = cleanPhrase(f)
    const words = about.toLowerCase().split(/\s+/)
    if (
      words.length > 4 ||
      about.length < 3 ||
      /\d/.test(about) ||
      namesNothing(about) ||
      GENERIC_NOUNS.has(about.toLowerCase()) ||
      NAMES_NO_THING.has(about.toLowerCase())
    )
      continue
    const where = setting && !words.some((word) => SETTING_WORDS.has(word)) ? ` in ${setting === 'prod' ? 'production' : setting}` : ''
    return `${asWritten(about, f)}${where}`
  }

  // (Two dates that share only their month leave no phrase at all: "install in oct" / "everything done before oct
  // 1" are headed by the act, "Date to install by".)
  return phrase.trim() === '' ? a.predicate || b.predicate || 'plan' : phrase
}

/** The decision point of a finding: a key shared by every finding about this subject, and a plain heading. */
/**
 * The switch's name as the claim writes it before its state ("Prefix caching is currently disabled": "prefix caching";
 * "AOF: off": "AOF"), when it names the disputed words and runs six words at most.
 */
function switchName(f: Features, subject: string[]): string | undefined {
  const name = /^(?:[-*]\s*)?(.+?)\s*(?::|\s(?:is|are|was|were|stays?|remains?)\b)/i.exec(f.text)?.[1]?.replace(/^(the|a|an|our)\s+/i, '')
  if (!name || name.split(/\s+/).length > 6) return undefined
  const words = name.toLowerCase().split(/\s+/)
  const covers = subject.every((s) => words.some((w) => w.startsWith(s.slice(0, 4))))
  // (The sentence's opening capital goes, an acronym's stays: "prefix caching", "AOF".)
  return covers ? lowerFirst(name) : undefined
}

export function decisionPointOf(given: string[], a: Features, b: Features, verdict?: Verdict): DecisionPoint {
  // Two dates that both name March are not about "the march": the month is the value, the thing is what is dated
  // ("Tail sampling should be live by 15 March" / "lands at the end of March": the tail sampling).
  const dated = verdict?.kind === 'numeric' && verdict.measure === 'ordinal'
  const undated = dated ? given.filter((word) => !isCalendarWord(word)) : given
  const subject =
    undated.length > 0
      ? undated
      : dated && a.subjectPhrase
        ? a.subjectPhrase
            .toLowerCase()
            .split(/\s+/)
            .filter((w) => !isCalendarWord(w))
        : given
  const phrase = namedPhrase(phraseOf(subject, a, b), a, b, verdict)
  const terms = subject.filter((s) => !GENERIC_NOUNS.has(s) && !/^\d/.test(s))
  const key = (terms.length > 0 ? terms : subject).slice().sort().slice(0, 3).join('+') || phrase.toLowerCase()
  let heading = capitalise(phrase)
  // (A measure word names the measure, except of two dates: "hard limits from mar 1" / "from apr 1" date the limits.)
  const measured = MEASURE_WORDS.test(phrase) && !(verdict?.measure === 'ordinal' && !DATE_WORDS.test(phrase))
  if (verdict?.kind === 'numeric' && !measured) {
    // (The measure in dispute, when the two claims share several: "3 extra brokers ~ $120k/yr" is about the cost.)
    const shared = (x: Quantity) => b.quantities.some((y) => y.dimension === x.dimension)
    const q = a.quantities.find((x) => shared(x) && x.kind === verdict.measure) ?? a.quantities.find(shared) ?? a.quantities[0]
    // The phrase is a verb when the two claims share only their action ("finishes in week 12" / "cannot finish
    // before week 20"): name the measure after the action.
    const verbOnly = phrase === a.predicate || phrase === b.predicate
    // (Two gaps between recurrences say how often: "changes on the first Monday of each month" / "every quarter".)
    const recurs = q?.recurring === true && b.quantities.some((y) => y.dimension === q.dimension && y.recurring)
    if (verbOnly && q?.kind === 'ordinal') heading = `Date to ${phrase} by`
    else if (verbOnly && q?.kind === 'duration') heading = recurs ? `How often to ${phrase}` : `Time to ${phrase}`
    else if (q?.kind === 'count' && q.unit === 'x') heading = `Multiplier of the ${phrase}`
    // (A value in a physical unit is headed by the thing and the unit as written: "Office line (Mbps)".)
    else if (q?.kind === 'count' && isPhysicalUnit(q.unit)) {
      const unit = new RegExp(`\\b${q.unit}\\b`, 'i').exec(`${a.text} ${b.text}`)?.[0] ?? q.unit
      // (When the unit is all the claims share, the thing is what the first claim is about, if it names one.)
      const thing = [phrase, a.subjectPhrase.replace(/^(the|a|an|our|their|its)\s+/i, '')].find(
        (p) => p && !p.split(/\s+/).some((w) => isPhysicalUnit(w.toLowerCase()) || /^\d/.test(w)),
      )
      heading = thing ? `${capitalise(thing)} (${unit})` : `Value in ${unit}`
    } else if (q?.unit.startsWith('setting ')) {
      // A setting's value is headed by the setting ("Value of the image gc threshold percent").
      const name = q.unit.slice('setting '.length)
      // (A name in code stands alone: "autovacuum_freeze_max_age", not "the autovacuum autovacuum_freeze_max_age".)
      heading = /[_.]/.test(name) ? `Value of ${name}` : `Value of the ${phrase.toLowerCase().includes(name) ? phrase : `${phrase} ${name}`}`
    } else if (q?.kind === 'count') {
      // (A count for each of something reads as such: "jobs per org", not "job/orgs".)
      const [unit, each] = q.unit.split('/')
      // (An acronym's plural as the notes write it: "ICs", not "ics".)
      const plural = pluralUnit(unit)
      const written = new RegExp(`\\b${plural.replaceAll(/[^\w-]/g, '')}\\b`, 'i').exec(`${a.text} ${b.text}`)?.[0]
      const counted = written && /^[A-Z0-9]{2,}s$/.test(written) ? written : plural
      const about = phrase
        .toLowerCase()
        .split(/\s+/)
        .some((w) => w === unit || w === plural || w.startsWith(unit))
        ? ''
        : ` for the ${phrase}`
      heading = `Number of ${counted}${each ? ` per ${each}` : ''}${about}`
    } else {
      // (Two intervals between occurrences are how often, whatever the verb: "monthly restore drill" / "quarterly
      // drills"; a verb of a cadence names it better: "rotation period".)
      // (A measurement window is the span a value is measured over: "measured over 28 days", not the 150 ms of "p95
      // of 150 ms, measured at the API".)
      const durationName = (f: Features) => {
        if (f.predicate !== 'measure') return DURATION_NAMES[f.predicate]
        const own = f.quantities.find((x) => x.kind === 'duration')
        const window = (word = '') => /^(over|across|during|in|rolling)$/.test(word)
        return own && (window(own.text.split(' ')[0].toLowerCase()) || window(f.tokens[own.span[0] - 1]?.norm)) ? DURATION_NAMES.measure : undefined
      }
      const named = q?.kind === 'duration' ? (durationName(a) ?? durationName(b)) : KIND_NAMES[q?.kind ?? '']
      const name =
        q?.kind === 'duration' && recurs && !/cadence|rotation|renewal/i.test(named ?? '')
          ? 'Frequency'
          : (named ?? (q?.kind === 'duration' ? 'Duration' : undefined))
      // (A percentile of a duration is a latency: "p95 latency", not "duration of the p95".)
      if (q?.kind === 'duration' && /^p\d{2,3}$/i.test(phrase) && !named) heading = `${capitalise(phrase)} latency`
      // (…once: "Canary Dates: with patch v4.1 on 3 March" is headed "Date of the canary", not "of the canary Dates".)
      else if (name) {
        const said = new RegExp(`\\s+${escapeRegExp(name.split(' ')[0])}s?$`, 'i')
        heading = `${name} of the ${said.test(phrase) ? phrase.replace(said, '') : phrase}`
      }
    }
  }

  // A rung of a retention ladder ("daily 14d" / "daily, kept 30 days"): how long the copies of that cadence are kept.
  if (verdict?.kind === 'numeric' && verdict.subject.length === 1 && CADENCE_WORDS.test(verdict.subject[0]))
    heading = `Retention period of the ${verdict.subject[0]} copies`

  // An option picked over another is headed by the two options: "Wasmtime or V8", not "V8".
  // (Two versions of one product are headed by the product: "Helm version", or "Target version" when unnamed.)
  if (verdict?.kind === 'choice' && VERSION_EVIDENCE.test(verdict.evidence)) {
    const product = verdict.subject[0] ?? 'target'
    const pattern = new RegExp(`\\b${escapeRegExp(product)}\\b`, 'i')
    heading = `${capitalise(pattern.exec(a.text)?.[0] ?? pattern.exec(b.text)?.[0] ?? product)} version`
  } else if (verdict?.kind === 'choice' && SWITCH_EVIDENCE.test(verdict.evidence)) {
    // A switch set on and off is a yes-or-no question: "Whether prefix caching is on", named as a claim writes it.
    const name = [a, b]
      .map((f) => switchName(f, verdict.subject))
      .filter((n) => n !== undefined)
      .sort((x, y) => x.length - y.length)[0]
    if (name) heading = `Whether ${name} is on`
  } else if (verdict?.kind === 'choice') {
    const options = optionsOf(verdict.subject, a, b)
    if (options) heading = `${capitalise(options[0])} or ${options[1]}`
  }

  // A place in an order, "first" or "last" ending a phrase on both sides ("web tier first" / "web tier last"; not
  // "the first matching line wins"): "Order of the web tier: first or last".
  const placed = (f: Features) => /\b(first|last)\b(?!\s+[a-z])/i.test(f.text)
  if (verdict?.kind === 'antonym' && /^(first \/ last|last \/ first)$/.test(verdict.evidence) && phrase.trim() !== '' && placed(a) && placed(b))
    heading = `Order of the ${phrase.toLowerCase()}: first or last`

  // Who holds something: "Who owns the error budget decisions", "Who may launch gpu instances".
  if (verdict?.kind === 'role') {
    const dispute = roleDispute(a, b)
    // (The object without an aside, or the other side's when this one runs past 40 characters and that one does
    // not; "each consumer group's alert", written whole.)
    const named = (r: Role) =>
      r.objectText
        .split(', including')[0]
        .replace(/ '(s)\b/g, "'$1")
        .replace(/^(against|in|on|for) /, '')
    const [x, y] = dispute ?? []
    const long = (r: Role) => named(r).length > 40
    // (…or when only the other side's names what both hold.)
    const common = x && y ? x.object.filter((w) => y.object.includes(w)) : []
    const names = (r: Role) => common.some((w) => named(r).toLowerCase().includes(w))
    const better = (r: Role, other: Role) => (long(r) && !long(other)) || (!names(r) && names(other))
    const first = x && y && better(x, y) && !heldAtPlace(y) && named(y).trim() !== '' ? y : x
    if (x && first) heading = x.act === 'own' ? `Who owns ${named(first)}` : `Who may ${x.act} ${named(first)}`
  }

  // A yes-or-no dispute ("can deploy on Fridays" / "cannot"; "every release needs …" / "not on weekends") is
  // headed by the question itself, in the words of the claim that affirms it.
  if (verdict && (verdict.kind === 'negation' || verdict.kind === 'modality' || verdict.kind === 'quantifier')) {
    const affirming = [a, b].find((f) => f.negations === 0 && !f.exception) ?? a
    const question = questionOf(affirming)
    const label = affirming.text.includes(': ') ? affirming.text.split(': ')[0].trim() : ''
    const note = truncate(
      affirming.text
        .replace(/[.!;:]+$/, '')
        .trim()
        .replace(OPENERS, ''),
      MAX_QUESTION,
      {atWord: true},
    )
    if (question) heading = `Whether ${question}`
    // (A note that is no sentence is headed by its label, when the label says what it is about: "Default TTL for
    // API responses: 5 minutes"; else by the note as written.)
    else if (label.split(/\s+/).length >= 2 && label.length <= 60 && !LEAD_WORDS.test(label)) heading = capitalise(label)
    // (A note without a verb is no clause to ask "whether" of: "always a secondary IC on the schedule" heads itself;
    // nor is one set down in shorthand, "engine: I lean toward Citus", "break glass = vault temp creds, 60 min".)
    else if (note.split(/\s+/).length >= 3 && !/\b(it|them)\b/i.test(note)) {
      const clause = !/[:=+→]|->/.test(note) && !NO_SUBJECT.test(note) && affirming.tokens.some((t) => t.pos === 'VERB' || t.pos === 'AUX')
      heading = clause ? `Whether ${lowerFirst(note)}` : capitalise(note)
    }
  }

  return {heading, key}
}

const MAX_QUESTION = 90

/**
 * The two options of a choice one claim makes over the other's ("Prefer Wasmtime over V8"), as written in that
 * claim, when the disputed subject is one of them; the chosen first.
 */
function optionsOf(subject: string[], a: Features, b: Features): [string, string] | undefined {
  for (const f of [a, b]) {
    for (const c of f.choices) {
      if (!subject.every((w) => c.chosen.has(w) || c.rejected.has(w))) continue
      // (Each option as the claim writes it: its words' span, "size-limit" whole.)
      const written = (all: Set<string>) => {
        // (Not the verb the tagger may read as a noun: "use bundlewatch".)
        const words = [...all].filter((w) => !PICKING_VERBS.has(w))
        if (words.length === 0) return [...all].join(' ')
        const pattern = words.map((w) => escapeRegExp(w)).join('[\\s-]+(?:\\S+[\\s-]+)?')
        return new RegExp(`\\b${pattern}\\w*`, 'i').exec(f.text)?.[0] ?? words.join(' ')
      }
      return [written(c.chosen), written(c.rejected)]
    }
  }

  return undefined
}

/** Words that open a note without being part of what it says. */
const OPENERS = /^(?:(?:so|and|but|also|yes|yeah|ok|okay|well|imo|fwiw|then|plus|honestly|frankly)\b[,:]?\s+)+/i
/** A lead-in before a colon that names nothing ("To restate the core of it:", "In short:"). */
const LEAD_WORDS = /^(?:to|in|on|for|if|as|so|and|but|also|which|note|summary|recommendation|tl;?dr)\b/i
/** Verbs an order opens with that a tagger may read as nouns at the start of a note ("Use the existing cluster …"). */
const ORDER_VERBS = new Set([
  'use',
  'adopt',
  'keep',
  'move',
  'shift',
  'add',
  'drop',
  'switch',
  'turn',
  'enable',
  'disable',
  'start',
  'stop',
  'buy',
  'renew',
  'migrate',
  'pin',
  'ship',
  'retire',
])
/** Openings that leave a question without its subject: a pronoun or relative word stands for something said before. */
const NO_SUBJECT = /^(?:which|who|whom|whose|that|this|it|they|them|these|those|there|here|i|me|mine|that's|it's|they're)\b/i

/**
 * What a yes-or-no dispute is about, as a clause a heading can ask "whether" of, in the words of the claim that
 * affirms it: "Logging: all audit logs must be forwarded to Splunk" asks whether all audit logs must be forwarded; an
 * order asks whether to do it ("Move 20% of prod traffic to GKE"). Undefined for a note that is no sentence (a
 * value after an arrow or "=", a fragment without a verb, a clause that opens on a pronoun).
 */
export function questionOf(f: Features): string | undefined {
  if (/->|→|=>|=/.test(f.text)) return undefined
  const label = labelEnd(f.tokens)
  let start = label + 1
  while (start < f.tokens.length && OPENERS.test(`${f.tokens[start].norm} `)) start++
  const rest = f.tokens.slice(start).filter((t) => t.type === 'word')
  if (rest.length < 3 || start >= f.tokens.length) return undefined
  // An order ("Move 20% …", "prefer squash merges …"): whether to do it. (Not a clause with a modal of its own,
  // "backfilled events should be emitted …", nor a noun a verb follows: "fix lands on main first".)
  const [first, next] = [f.tokens[start], f.tokens[start + 1]]
  const order =
    ((first.pos === 'VERB' && first.norm === first.lemma && !/ing$/.test(first.norm)) || ORDER_VERBS.has(first.norm)) &&
    !rest.some((t) => t.pos === 'AUX') &&
    // (…an -ing form after the verb is its object: "keep routing logic in alertmanager.yml".)
    !(next && (next.pos === 'VERB' || next.pos === 'AUX') && next.norm !== next.lemma && !/ing$/.test(next.norm))
  if (!order && !rest.some((t) => t.pos === 'VERB' || t.pos === 'AUX')) return undefined
  // The text from the first word kept, as written.
  let text = f.text.replace(/[.!;:,]+$/, '').trim()
  if (label >= 0) text = text.slice(text.indexOf(':') + 1).trim()
  text = text.replace(OPENERS, '')
  // (Nor one whose pronoun stands for its label: "coverage html: keep uploading it on every push"; nor a label
  // longer than labelEnd reads, before a value: "default TTL for API responses: 5 minutes".)
  // (…nor one with a pronoun whose referent went before: "we're already piloting it for declaring incidents".)
  if (NO_SUBJECT.test(text) || /\b(it|them)\b/i.test(text) || text.includes(': ')) return undefined
  // After a label, what is left must be a sentence of its own (an order, or a clause with a modal or "is"), not the
  // label's list of values ("open incidents: sev, link to the incident channel, named owner").
  if (label >= 0 && !order && !rest.some((t) => t.pos === 'AUX')) return undefined
  return truncate(`${order ? 'to ' : ''}${lowerFirst(text)}`, MAX_QUESTION, {atWord: true})
}

/** The two roles a role finding disputes, the claims' own first (a held pronoun there already stands for its antecedent). */
function roleDispute(a: Features, b: Features): [Role, Role] | undefined {
  const [ra, rb] = [
    [...a.roles, ...rolesOf(a.tokens, true)],
    [...b.roles, ...rolesOf(b.tokens, true)],
  ]
  return roleConflict(ra, rb) ?? (roleConflict(rb, ra)?.reverse() as [Role, Role] | undefined)
}

/** Why two claims conflict, in words: "retention of the request logs: 30 days vs at most 14 days". */
export function explain(verdict: Verdict, a: Features, b: Features): string {
  const phrase = phraseOf(verdict.subject, a, b).toLowerCase()
  switch (verdict.kind) {
    case 'numeric': {
      const point = decisionPointOf(verdict.subject, a, b, verdict).heading
      return `${lowerFirst(point)}: ${verdict.evidence}`
    }

    case 'antonym':
      return `${phrase}: "${verdict.evidence.replace(/ \/ /g, '" vs "')}"`
    case 'negation': {
      // (The denial as written, so a reader sees at once what is denied: "no Envoy-specific host functions".)
      const denial = [a, b].filter((f) => f.negations % 2 === 1).map(denialOf)[0]
      return denial ? `${phrase}: "${denial}" in one claim, asserted in the other` : `${phrase}: one claim asserts what the other denies`
    }
    case 'modality':
      return `${phrase}: ${verdict.evidence}`
    case 'quantifier':
      return verdict.evidence.startsWith('only')
        ? `${phrase}: "only" vs "${verdict.evidence.slice('only vs '.length)}"`
        : `${phrase}: a rule for every case vs an exception to it`
    case 'tension':
      return `${phrase}: opposite sides of a catalog tension (${verdict.evidence})`
    case 'choice': {
      // ('"wasmtime" over "v8" vs "v8"': one side picks an option over the one the other side picks.)
      const picked = pickedOver(verdict.evidence)
      return picked ? `${phrase}: one claim picks "${picked.chosen}" over "${picked.rejected}", which the other picks` : `${phrase}: ${verdict.evidence}`
    }
    case 'role': {
      const names = (text: string) =>
        verdict.subject.some((w) =>
          text
            .toLowerCase()
            .split(/\s+/)
            .some((x) => x.startsWith(w)),
        )
      // (What is held, as one side writes it, when no subject phrase names it: "production logs", not "log production".)
      const held = roleDispute(a, b)
        ?.map((role) => role.objectText.replace(/^(?:(?:the|a|an|its|their|this|that|these|those|our|every|all|each|any|own|against|to|on|for|of)\s+)+/i, ''))
        .filter((text) => text !== '')
        // (The one that names the finding's subject, else the shorter.)
        .sort((p, q) => Number(names(q)) - Number(names(p)) || p.length - q.length)[0]
      const named = verdict.subject.some((w) => phrase.split(' ').includes(w)) && phrase.split(' ').length > verdict.subject.length
      return `${named || !held ? phrase : held.toLowerCase()}: ${verdict.evidence}`
    }
    default:
      return `${phrase}: ${verdict.evidence}`
  }
}

const AUXILIARY = '(?:do|does|did|is|are|was|were|must|should|shall|can|could|will|would|may|might|has|have|had|need)'

/** Words a quoted phrase does not end on: "No margin boost in the" says less than "No margin boost". */
const DANGLING = /\s+(?:the|a|an|of|in|on|at|to|for|with|by|from|and|or|our|its|their|any|this|that|these|those|into|onto|than|as)$/i

/**
 * A claim's first negation cue and up to six words after it, as written ("never live in source code"), up to a dash
 * or punctuation and ended on a word of substance rather than mid-phrase.
 */
function denialOf(f: Features): string | undefined {
  const cue = f.tokens[f.negationAt[0]]?.norm
  // ("not" may be written on its verb: "don't need a second approver".)
  const written = cue === 'not' || cue === "n't" ? "(?:not|[a-z]+n['’]t)" : cue
  if (!written || !/^[a-z]+$|^n't$/.test(cue)) return undefined
  // (With its auxiliary: "does not get production data", "must never live in source code".)
  let denial = new RegExp(`(?:\\b${AUXILIARY}\\s+)?\\b${written}\\b(?:\\s+(?![-–—>→]+(?:\\s|$))[^\\s,;:.!?()]+){1,6}`, 'i').exec(f.text)?.[0]
  while (denial && DANGLING.test(denial)) denial = denial.replace(DANGLING, '')
  return denial
}

/**
 * The class a finding is calibrated in: its detector and its scope; numbers split into two different limits, two
 * counts (of drives, nodes, accounts: most often counts of different groups), values ten times or more apart (most
 * often two measures that share a unit) and other disjoint values. (Splitting disputed values further, into those
 * anchored on one word and the rest, scored better on the arrival records held out one meeting at a time but cost
 * recall without any gain in precision on the hold-out half: tried and reverted on 2026-12-04.)
 */
export function calibrationClass(finding: Pick<Finding, 'evidence' | 'farApart' | 'kind' | 'measure' | 'scope'>): string {
  const how =
    finding.kind === 'numeric'
      ? finding.evidence.includes('two different limits')
        ? '/limits'
        : finding.measure === 'count'
          ? '/counts'
          : finding.farApart
            ? '/far-apart'
            : '/values'
      : ''
  return `${finding.kind}${how} ${finding.scope}`
}

/**
 * [real, seen] per calibration class: of the engine's findings on each tune meeting the day it arrived, before any
 * change was made for it (its arrival.json; main list and appendix together, one per pair of lines), how many the
 * gold lists as contradictions. Counts taken after tuning on a meeting overstate: the same classes scored about
 * twice as well there. Regenerate with `node --import tsx scripts/calibrate.ts --write` after recording an
 * arrival or changing calibrationClass; the table in docs/contradictions.md follows it.
 */
export const CALIBRATION: Record<string, [number, number]> = {
  'antonym between': [46, 201],
  'antonym internal': [3, 113],
  'choice between': [18, 42],
  'choice internal': [3, 30],
  'modality between': [11, 43],
  'modality internal': [1, 27],
  'negation between': [245, 512],
  'negation internal': [20, 250],
  'numeric/counts between': [95, 409],
  'numeric/counts internal': [8, 197],
  'numeric/far-apart between': [24, 177],
  'numeric/far-apart internal': [3, 133],
  'numeric/limits between': [50, 105],
  'numeric/limits internal': [7, 37],
  'numeric/values between': [415, 778],
  'numeric/values internal': [48, 369],
  'quantifier between': [55, 325],
  'quantifier internal': [6, 202],
  'role between': [10, 17],
  'role internal': [0, 3],
  'tension between': [3, 19],
  'tension internal': [1, 24],
}

/** The share of real findings over all classes: where a class seen a handful of times stays near. */
const PRIOR = (() => {
  const counts = Object.values(CALIBRATION)
  return (
    counts.reduce((sum, [real]) => sum + real, 0) /
    Math.max(
      1,
      counts.reduce((sum, [, seen]) => sum + seen, 0),
    )
  )
})()
/** Weight of the prior against a class's own counts, in findings. */
const PRIOR_WEIGHT = 4

/**
 * What the class leaves out that told real findings from the rest on the arrival records, as weights on the log-odds
 * of the class's share (fitted by scripts/calibrate.ts --write, checked by a test), in the order of
 * calibrationFeatures:
 * - `lineFindings`, per doubling of the findings either claim's line has in the analysis: a line paired with many
 *   others (a recap, a list of settings) is rarely the one a real dispute sits on;
 * - `sharedSubject`, when the finding's subject is two words or more ("redis rto", not "cache" alone);
 * - `estimate`, when either value is given as an estimate ("~25 min", "roughly 4.1 TB"): most often a report of how
 *   things are, set against a target or another report, rather than a position someone takes;
 * - `duration`, when the values are durations (retention, timeouts, windows), the commonest real numeric dispute;
 *   other measures more often set two different things that share a unit side by side;
 * - `sharedWords`, per doubling of the content words the two claims' lines share (plus one): two lines about one
 *   thing name it alike, two that only share a unit or a generic word do not;
 * - `tentative`, when either line floats an idea rather than taking a position ("maybe", "tbd", "not sure");
 * - `shorterLine`, per doubling of the words of the shorter of the two lines: with `sharedWords`, how much of it
 *   the two share (two long lines share words by chance);
 * - `today`, when one line says how things stand today ("currently", "right now", "yet") and the other does not:
 *   a report set against a position, most often a gap to close rather than a dispute;
 * - `exemption`, when a quantifier or modality finding sets an exemption against a rule stated for all;
 * - `nearbyInternal`, when both claims are one participant's and at most ten lines apart: one thought worked out (a
 *   rule and its caveat, a plan and its fallback) far more often than a person contradicting themselves, which
 *   happens between a section and the summary or recommendation far below it (arrival records: 8 real of 346 internal
 *   findings within ten lines, 46 of 453 further apart);
 * - `namesOther`, when either line names a participant other than its writer ("I agree with Olga that …", "Arjun's
 *   60% plan"): most often a report of someone else's view, not the writer's position (arrival records: 11 real of 102);
 * - `summarySides`, per claim (0-2) under a summary, recommendation or proposal (sectionTitles): where people state
 *   the positions they hold (both claims there: 112 real of 172; neither: 370 of 1859);
 * - `reportSection`, when either claim sits under a section on how things stand or came to be ("Current state",
 *   "Background", "Incident"): a report set against a position (21 real of 256);
 * - `sameSection`, when two participants' claims sit under sections whose titles share a word: both answer one
 *   question ("Retention" / "Log retention").
 * Each record scored by a calibration fitted on the others (scripts/calibrate.ts --cross-validate), the last four
 * took the main list from 641 real findings of 1171 to 651 of 1126 (186 records).
 */
export const CALIBRATION_WEIGHTS = {
  lineFindings: -0.43,
  sharedSubject: 0.24,
  estimate: -0.78,
  duration: 0.05,
  sharedWords: 0.89,
  tentative: -0.82,
  shorterLine: -0.37,
  today: -1.08,
  exemption: 0.96,
  nearbyInternal: -0.96,
  namesOther: -1.36,
  summarySides: 0.88,
  reportSection: -0.96,
  sameSection: 0.63,
  leadingActs: 1.06,
  labels: 0.68,
  clock: -0.73,
}

/** The features of calibrationFeatures, in order: the keys of CALIBRATION_WEIGHTS. */
export const CALIBRATION_FEATURES = Object.keys(CALIBRATION_WEIGHTS) as Array<keyof typeof CALIBRATION_WEIGHTS>

/**
 * For each finding, given as the keys of its two claims' lines, the most findings either line is in (each pair of
 * lines counted once): the `lineFindings` of calibrate. One count for analyze and for the arrival records.
 */
export function lineFindings(pairs: ReadonlyArray<readonly [string, string]>): number[] {
  const counted = new Set<string>()
  const perLine = new Map<string, number>()
  for (const [a, b] of pairs) {
    const pair = JSON.stringify([a, b].sort())
    if (counted.has(pair)) continue
    counted.add(pair)
    // A finding within one line counts its line twice for itself, and not at all for the line's other findings:
    // one sentence read against itself says nothing of how many other lines a line is paired with.
    if (a === b) continue
    for (const line of [a, b]) perLine.set(line, (perLine.get(line) ?? 0) + 1)
  }

  return pairs.map(([a, b]) => (a === b ? (perLine.get(a) ?? 0) + 2 : Math.max(perLine.get(a)!, perLine.get(b)!)))
}

/** Where a finding sits, for calibrationFeatures: read alike from an analysis and from an arrival record. */
export interface CalibrationContext {
  /** The most findings either claim's line is in (lineFindings); 1 when unknown. */
  lineFindings?: number
  /** The two claims' lines as written in their files; unknown lines share no words and float nothing. */
  lines?: readonly [string, string]
  /** wordKeys of a line, when the caller keeps them (a line is in many findings). */
  wordsOf?: (line: string) => Set<string>
  /** The learned weights of the lines' and evidence's words (catalog/calibration-words.json), when loaded. */
  words?: CalibrationWords
  /** For a finding within one participant's notes, how many lines apart its two claims are. */
  internalDistance?: number
  /** The participants of the meeting and the writers of the finding's two claims, to see a line name someone else. */
  writers?: {all: readonly string[]; a: string; b: string}
  /** The titles of the sections the two lines sit under (sectionTitles), when known. */
  sections?: readonly [string | undefined, string | undefined]
}

/** Lines apart within which one participant's two claims are read as one thought worked out (nearbyInternal). */
const NEARBY_LINES = 10

/** How many lines apart a finding's two claims are when both are one participant's ("file:line" each); undefined otherwise. */
export function linesApart(a: string, b: string): number | undefined {
  const [fileA, lineA] = [a.slice(0, a.lastIndexOf(':')), Number(a.slice(a.lastIndexOf(':') + 1))]
  const [fileB, lineB] = [b.slice(0, b.lastIndexOf(':')), Number(b.slice(b.lastIndexOf(':') + 1))]
  return fileA === fileB ? Math.abs(lineA - lineB) : undefined
}

/**
 * Weights of words, fitted on the arrival records after the classes and features above (scripts/calibrate.ts
 * --write): what a finding's lines and evidence say that they leave out ("W:" a content word of either line, "E:" a
 * word of the evidence's opening). Each record scored by a calibration fitted on the others (scripts/calibrate.ts
 * --cross-validate), the main list went from 524 real findings of 991 to 539 of 982 with them.
 */
export interface CalibrationWords {
  lambda: number
  iterations: number
  /** Token -> weight on the log-odds, to two places. */
  weights: Record<string, number>
}

export const CALIBRATION_WORDS_FILE = 'calibration-words.json'

/** The committed word weights under `root`; undefined when absent (confidence then rests on classes and features). */
export const loadCalibrationWords = (root: string): CalibrationWords | undefined => loadFitted<CalibrationWords>(root, CALIBRATION_WORDS_FILE)

/** The tokens the word weights are for: content words of either line and the evidence's first six words. */
export function calibrationTokens(evidence: string, lines: readonly [string, string], wordsOf: (line: string) => Set<string> = wordKeys): string[] {
  const tokens = new Set([...wordsOf(lines[0]), ...wordsOf(lines[1])].map((word) => `W:${word}`))
  for (const word of evidence.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 6)) tokens.add(`E:${word}`)
  return [...tokens].sort()
}

/** What the word weights add to a finding's log-odds. */
export function wordsLogit(words: CalibrationWords | undefined, tokens: () => string[]): number {
  if (!words) return 0
  return tokens().reduce((sum, token) => sum + (words.weights[token] ?? 0), 0)
}

/** Words of a writer who floats an idea rather than taking a position. */
const TENTATIVE = /\b(maybe|probably|tbd|might|perhaps|not sure|i think|unclear|unsure)\b/i
/** Words of a writer who says how things stand today. */
const TODAY = /\b(today|currently|right now|at the moment|yet)\b/i
/** A time of day in a finding's evidence ("07:00-11:00 vs after 14:00", "7am vs 4am"): many events of a day have one. */
const CLOCK_EVIDENCE = /\b\d{1,2}:\d\d\b|\b\d{1,2} ?(am|pm)\b/i
/** Words that exempt some members from a rule, and words that state a rule for all of them. */
const EXEMPTS =
  /\b(skip|skips|skipping|exempt|exempted|opt out|opt-out|(?:do|does|don.?t|doesn.?t|dont|doesnt)\s+need|not needed|no need|not required|carve-?out|exceptions? (?:is |are )?allowed|excluded|left out)\b/i
const RULES_ALL = /\b(no exceptions?|without exception|no carve-?outs|including|incl|included|every|all|always|mandatory|must)\b/i

/** Titles of the sections where a writer states their position: a summary, a recommendation, a proposal. */
const SUMMARY_SECTION = /\b(summary|recommend\w*|tl;?dr|bottom line|propos\w*|conclusions?|decisions?|positions?|in short|wrap[- ]?up|verdict|my take)\b/
/** Titles of the sections that report how things stand or came to be. */
const REPORT_SECTION = /\b(today|current\w*|status|background|context|where we are|what we have|as-is|baseline|history|incidents?|what happened)\b/

/**
 * Whether a line names a participant other than its writer ("I agree with Olga that …", "Arjun's 60% plan"): any
 * word of three letters or more of their name, as a whole word in any case.
 */
export function namesAnother(line: string, writer: string, participants: readonly string[]): boolean {
  const words = new Set(line.toLowerCase().split(/[^\p{L}\p{N}]+/u))
  return participants.some(
    (name) =>
      name.toLowerCase() !== writer.toLowerCase() &&
      name
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .some((word) => word.length >= 3 && words.has(word)),
  )
}

/** What opens a Markdown line before its words: indentation, a bullet, a quote mark, a heading's hashes, a list number. */
const LINE_LEAD = /^[\s\-*•>#\d.)]+/

/** Two lines opening with labels (bold or not, the colon inside the bold or after it): +1 when the labels share a word ("Door logs: 90 days" / "door logs: 13 months"), −1 when they share none, 0 otherwise. */
function labelsMeet(lineA: string, lineB: string, wordsOf: (line: string) => Set<string>): number {
  const label = (line: string) => /^(?:\*\*)?([^:*]{2,40}?)(?:\*\*)?:(?:\*\*)?\s/.exec(line.replace(LINE_LEAD, ''))?.[1]
  const [la, lb] = [label(lineA), label(lineB)]
  if (la === undefined || lb === undefined) return 0
  const wb = wordsOf(lb)
  return [...wordsOf(la)].some((w) => wb.has(w)) ? 1 : -1
}

/** The act a line opens with, after a bullet and a speaker's "I'd", "we should", "let's": "Retire the …" → retire. */
function leadingAct(line: string): string {
  const rest = line
    .toLowerCase()
    .replace(LINE_LEAD, '')
    .replace(/^(?:i'd|i would|we'd|we should|we must|let's|we will|we'll|i'll|i will|just|please|recommendation:)\s+/, '')
  return /^[a-z-]+/.exec(rest)?.[0] ?? ''
}

/** An antonym on the acts two lines open with ("Retire the quota-checker Lambda" / "I'd keep the quota-checker Lambda running"). */
function leadingActs(evidence: string, lineA: string, lineB: string): boolean {
  const words = evidence.split(', ')[0].split(' / ')
  if (words.length !== 2) return false
  const [x, y] = [leadingAct(lineA), leadingAct(lineB)]
  const stem = (w: string) => w.slice(0, 4)
  return x !== '' && y !== '' && words.some((w) => stem(w) === stem(x)) && words.some((w) => stem(w) === stem(y)) && stem(x) !== stem(y)
}

/**
 * What the weights of CALIBRATION_WEIGHTS multiply, in their order. Read from what an arrival record keeps of a
 * finding (its evidence, measure, subject and lines), so that analyze and the records compute them alike.
 */
export function calibrationFeatures(finding: Pick<Finding, 'evidence' | 'kind' | 'measure' | 'subject'>, context: CalibrationContext = {}): number[] {
  // The evidence of a numeric finding is "<value as written>[ = <normalised>] vs <value as written>…".
  const estimate =
    finding.kind === 'numeric' &&
    finding.evidence.split(' vs ').some((side) =>
      side
        .split(' = ')[0]
        .split(/\s+/)
        .some((word) => ESTIMATE_WORDS.has(word)),
    )
  const [lineA, lineB] = context.lines ?? ['', '']
  const sections = context.sections ?? [undefined, undefined]
  const wordsOf = context.wordsOf ?? wordKeys
  const wordsB = wordsOf(lineB)
  const sharedWords = [...wordsOf(lineA)].filter((word) => wordsB.has(word)).length
  const features: Record<keyof typeof CALIBRATION_WEIGHTS, number> = {
    duration: finding.kind === 'numeric' && finding.measure === 'duration' ? 1 : 0,
    estimate: estimate ? 1 : 0,
    lineFindings: Math.log2(Math.max(1, context.lineFindings ?? 1)),
    sharedSubject: finding.subject.length >= 2 ? 1 : 0,
    sharedWords: Math.log2(1 + sharedWords),
    tentative: TENTATIVE.test(lineA) || TENTATIVE.test(lineB) ? 1 : 0,
    shorterLine: Math.log2(Math.max(1, Math.min(wordCount(lineA), wordCount(lineB)))),
    today: TODAY.test(lineA) === TODAY.test(lineB) ? 0 : 1,
    nearbyInternal: context.internalDistance !== undefined && context.internalDistance <= NEARBY_LINES ? 1 : 0,
    summarySides: sections.filter((title) => title !== undefined && SUMMARY_SECTION.test(title)).length,
    reportSection: sections.some((title) => title !== undefined && REPORT_SECTION.test(title)) ? 1 : 0,
    sameSection:
      context.internalDistance === undefined &&
      sections[0] !== undefined &&
      sections[1] !== undefined &&
      sharedCount(wordKeys(sections[0]), wordKeys(sections[1])) > 0
        ? 1
        : 0,
    namesOther:
      context.writers && (namesAnother(lineA, context.writers.a, context.writers.all) || namesAnother(lineB, context.writers.b, context.writers.all)) ? 1 : 0,
    leadingActs: finding.kind === 'antonym' && leadingActs(finding.evidence, lineA, lineB) ? 1 : 0,
    labels: labelsMeet(lineA, lineB, wordsOf),
    clock: finding.kind === 'numeric' && finding.measure === 'ordinal' && CLOCK_EVIDENCE.test(finding.evidence) ? 1 : 0,
    exemption:
      (finding.kind === 'quantifier' || finding.kind === 'modality') &&
      [
        [lineA, lineB],
        [lineB, lineA],
      ].some(([x, y]) => EXEMPTS.test(x) && !EXEMPTS.test(y) && RULES_ALL.test(y))
        ? 1
        : 0,
  }
  return CALIBRATION_FEATURES.map((name) => features[name])
}

/**
 * Confidence that a finding is a real contradiction: the share of real ones among findings of the same class on
 * meetings the engine had not seen, shrunk toward the share over all classes where the counts are small, moved by
 * the weights above. So "0.6" means about 6 in 10 such findings were real on unseen prose. Findings below
 * LOW_CONFIDENCE_THRESHOLD go to the appendix.
 */
export function calibrate(
  finding: Pick<Finding, 'evidence' | 'farApart' | 'kind' | 'measure' | 'scope' | 'subject'>,
  context: CalibrationContext = {},
): number {
  const [real, seen] = CALIBRATION[calibrationClass(finding)] ?? [0, 0]
  const lines = context.lines ?? ['', '']
  return weighted(
    shrunkShare(real, seen, PRIOR),
    calibrationFeatures(finding, context),
    CALIBRATION_FEATURES.map((name) => CALIBRATION_WEIGHTS[name]),
    wordsLogit(context.words, () => calibrationTokens(finding.evidence, lines, context.wordsOf)),
  )
}

/** A share moved by weighted features (and any other log-odds) on its log-odds, kept in 0.05..0.95, to two places. */
export function weighted(share: number, features: number[], weights: number[], extra = 0): number {
  const z = Math.log(share / (1 - share)) + features.reduce((sum, x, k) => sum + x * weights[k], 0) + extra
  return toHundredths(Math.max(0.05, Math.min(0.95, 1 / (1 + Math.exp(-z)))))
}

/** A class's share of real findings shrunk toward `prior` where it was seen a handful of times, kept in 0.05..0.95. */
export function shrunkShare(real: number, seen: number, prior: number): number {
  const c = (real + prior * PRIOR_WEIGHT) / (seen + PRIOR_WEIGHT)
  return toHundredths(Math.max(0.05, Math.min(0.95, c)))
}

/**
 * Two claims from different participants that say the same thing: compatible numbers about one measured thing
 * ("kept for a year" / "retain for 12 months"), or a paraphrase (most content words shared, same polarity and
 * modality). Returns the explanation and the decision point, or undefined.
 */
export function agree(a: Features, b: Features): {dimension?: string; explanation: string; point: DecisionPoint} | undefined {
  if (!a.hasVerb || !b.hasVerb || a.negations % 2 !== b.negations % 2) return undefined
  // A measurement of today and a target are not an agreement even when the numbers overlap.
  const normative = (f: Features) => f.modality !== 'none'
  if ((a.actual && !normative(a) && normative(b)) || (b.actual && !normative(b) && normative(a))) return undefined
  // Cheap gates before anything is allocated: this runs on every pair that is not a finding.
  if (a.quantities.length > 0 !== b.quantities.length > 0) return undefined
  if (a.quantities.length > 0 ? !a.quantities.some((q) => b.quantities.some((r) => r.dimension === q.dimension)) : sharedCount(a.content, b.content) < 3)
    return undefined
  if (!sameReferents(a, b)) return undefined
  // A setting switched one way and the other ("retries off" / "retries stay on") is the opposite of an agreement.
  const state = (f: Features) => f.tokens.find((t) => t.norm === 'on' || t.norm === 'off')?.norm
  if (state(a) !== undefined && state(b) !== undefined && state(a) !== state(b)) return undefined
  // (A word of a value is no subject: "at 3 a.m." on both sides says when, not what.)
  // (Only of a time of day: "3 replicas" / "three replicas" are about the replicas they count, "in March" / "March
  // cutover" may be about the month's plan.)
  const valueWords = new Set([...a.quantities, ...b.quantities].filter((q) => q.unit === 'clock').flatMap((q) => q.text.toLowerCase().split(' ')))
  const subject = [...a.subjects].filter((s) => b.subjects.has(s) && !GENERIC_NOUNS.has(s) && !/^\d/.test(s) && !valueWords.has(s)).sort()
  if (subject.length === 0) return undefined
  for (const qa of a.quantities) {
    for (const qb of b.quantities) {
      if (qa.dimension !== qb.dimension || disjoint(qa, qb) || differentLimits(qa, qb) || !sameFigure(qa, qb)) continue
      if (a.quantities.filter((q) => q.dimension === qa.dimension).length > 1 || b.quantities.filter((q) => q.dimension === qb.dimension).length > 1) continue
      // (Words, not the figures: "18,000" and "~18k" are one value written two ways, already compared.)
      const [wa, wb] = [a, b].map((f) => [...f.content].filter((w) => !/^\d[\d,.]*$/.test(w)))
      const shared = wa.filter((w) => b.content.has(w)).length
      if (shared / Math.max(1, Math.min(wa.length, wb.length)) < 0.4) continue
      const point = decisionPointOf(subject, a, b, {evidence: '', kind: 'numeric', score: 1, subject})
      return {dimension: qa.dimension, explanation: `${lowerFirst(point.heading)}: ${quantityWords(qa)} and ${quantityWords(qb)} agree`, point}
    }
  }

  if (a.quantities.length > 0 || b.quantities.length > 0) return undefined
  const shared = [...a.content].filter((w) => b.content.has(w))
  const union = new Set([...a.content, ...b.content]).size
  const modalOpposed = (x: string, y: string) =>
    (x === 'must' && /not/.test(y)) || (y === 'must' && /not/.test(x)) || (x === 'may' && y === 'must-not') || (y === 'may' && x === 'must-not')
  // (Two claims that each deny something agree only if they deny the same: "no fresh baseline pods" / "fresh baseline,
  // never the live fleet" share their words and deny different ones.)
  if (a.negations > 0 || b.negations > 0) {
    const denied = (f: Features) =>
      new Set(
        f.negationAt.flatMap((i) =>
          f.tokens
            .slice(i + 1, i + 4)
            .filter((t) => f.content.has(t.lemma))
            .map((t) => t.lemma),
        ),
      )
    const [da, db] = [denied(a), denied(b)]
    if (![...da].some((w) => db.has(w))) return undefined
  }
  if (shared.length >= 3 && shared.length / union >= 0.6 && !modalOpposed(a.modality, b.modality) && a.exception === b.exception) {
    const point = decisionPointOf(subject, a, b)
    return {explanation: `${lowerFirst(point.heading)}: both say the same (${shared.slice(0, 5).join(', ')})`, point}
  }

  return undefined
}

/**
 * Two values that name the same figure, not merely compatible ones: "5%" lies above "> 2%" but says another
 * threshold, and "3 March" lies in "March" but is another date. Some finite end of one is within 5% of one of the
 * other's (a calendar position: within a tenth of a month), and a date or a day is the same span on both sides.
 */
function sameFigure(a: Quantity, b: Quantity): boolean {
  const close = (x: number, y: number) => (a.kind === 'ordinal' ? Math.abs(x - y) <= 0.1 : Math.abs(x - y) <= 0.05 * Math.max(Math.abs(x), Math.abs(y), 1e-9))
  if (a.kind === 'ordinal') return close(a.low, b.low) && close(a.high, b.high)
  // (An estimate is read as a span around its figure: "~18k" is 16,200-19,800 and names 18,000.)
  const estimate = (q: Quantity) => ESTIMATE_WORDS.has(q.text.toLowerCase().split(/\s+/)[0]) && Number.isFinite(q.low) && Number.isFinite(q.high)
  const ends = (q: Quantity) => (estimate(q) ? [(q.low + q.high) / 2] : [q.low, q.high].filter((x) => Number.isFinite(x)))
  return ends(a).some((x) => ends(b).some((y) => close(x, y)))
}

function sharedCount(x: Set<string>, y: Set<string>): number {
  const [small, large] = x.size <= y.size ? [x, y] : [y, x]
  let n = 0
  for (const w of small) if (large.has(w)) n++
  return n
}

/** A claim's line: its file and line number. */
export const lineKey = (claim: Pick<ClaimRef, 'line' | 'source'>): string => `${claim.source}:${claim.line}`

/** Two claims' lines, either order: the key of a pair of lines. */
export const linePair = (a: Pick<ClaimRef, 'line' | 'source'>, b: Pick<ClaimRef, 'line' | 'source'>): string => [lineKey(a), lineKey(b)].sort().join('\n')

/**
 * Agreements grouped by decision point, each with claims from at least two participants. Two lines the engine
 * finds in conflict anywhere (`findingLines`: linePair keys) are never listed as agreeing, even where one clause of
 * each agrees ("2 approvals = fixes sit for days" in a line that holds "1 approval is enough"). Within a decision
 * point, only agreements that share a claim are one group: "a daily quota per project" / "a team-level daily
 * quota" and "quotas are what stop spend" / "the only hard stop is a quota" are two points settled, each with its
 * own explanation, not one explained by the first.
 */
export function groupAgreements<U>(
  pairs: Array<{a: U; b: U; explanation: string; point: DecisionPoint}>,
  ref: (unit: U) => ClaimRef,
  findingLines: Set<string>,
): Agreement[] {
  type Group = {point: DecisionPoint; explanation: string; claims: Map<string, ClaimRef>}
  const groups = new Set<Group>()
  // The group each claim is in, per decision point: "<point key>\n<claim id>".
  const groupOf = new Map<string, Group>()
  for (const pair of pairs) {
    const [a, b] = [ref(pair.a), ref(pair.b)]
    if (findingLines.has(linePair(a, b))) continue
    const at = (claim: ClaimRef) => `${pair.point.key}\n${claim.id}`
    const [ofA, ofB] = [groupOf.get(at(a)), groupOf.get(at(b))]
    const group = ofA ?? ofB ?? {claims: new Map(), explanation: pair.explanation, point: pair.point}
    groups.add(group)
    // (A pair that links two groups of one point joins them.)
    if (ofA && ofB && ofA !== ofB) {
      for (const claim of ofB.claims.values()) {
        group.claims.set(claim.id, claim)
        groupOf.set(at(claim), group)
      }

      groups.delete(ofB)
    }

    for (const claim of [a, b]) {
      group.claims.set(claim.id, claim)
      groupOf.set(at(claim), group)
    }
  }

  const result: Agreement[] = []
  for (const group of groups) {
    const claims = [...group.claims.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    if (new Set(claims.map((c) => c.participant)).size < 2) continue
    const id =
      'a-' +
      createHash('sha256')
        .update(claims.map((c) => `${c.source}:${c.line}:${c.text}`).join('\n'))
        .digest('hex')
        .slice(0, 12)
    result.push({claims, decisionPoint: group.point, explanation: group.explanation, id})
  }

  return result.sort((x, y) => (x.claims[0].id < y.claims[0].id ? -1 : x.claims[0].id > y.claims[0].id ? 1 : 0))
}
