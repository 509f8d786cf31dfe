import type {Token} from './nlp.js'
import type {Dimension} from './types.js'

/**
 * Quantities with units and comparators, read from a token stream (numbers already written as digits by
 * normaliseNumbers): "under 2 s", "99.9%", "$1,200 a month", "at least 3 replicas", "2-4 weeks", "between 10
 * and 20 GB", "every 90 days", "at least once a month", "week 12", "Q3". Each becomes an interval in a
 * normalised unit, so "under 2 s" vs "5 s" is a conflict (disjoint) while "under 2 s" vs "1.2 s" is not.
 */
export interface Quantity {
  /** Comparison key: the dimension plus its normalised unit ("duration:s", "money:usd/year", "count:replica", "ordinal:week"). */
  dimension: string
  kind: Dimension
  unit: string
  low: number
  high: number
  lowOpen: boolean
  highOpen: boolean
  /** The content word the quantity is about, when one is near ("uptime" in "99.9% uptime"). */
  anchor?: string
  /** How it was written, for reports. */
  text: string
  /** A permission bound ("may take up to 20 minutes", "need not be kept longer than 14 days"). */
  permission?: boolean
  /** A level someone accepts ("1h is fine", "monthly is enough"): a ceiling they allow, said of a value. */
  accepted?: boolean
  /** The size of a change ("cut by 20%", "a saving of $300 a month"), not a level. */
  change?: boolean
  /** The window a count is taken in ("3 flakes in 14 days"), not how long anything lasts. */
  countWindow?: boolean
  /** Token indexes [start, end] of the quantity in the clause. */
  span: [number, number]
  /** A gap between recurrences ("every 90 days", "nightly", "once a month"), not how long one thing lasts. */
  recurring?: boolean
  /** Negation cues read as part of the quantity ("cannot finish before week 20"): not a negation of the claim. */
  consumed: number[]
  /** The width of a part of a month or quarter the value names ("mid-March"), in its unit: how loosely it is meant. */
  approximate?: number
}

const DAY = 86_400
/** A twelfth of a year: 12 months = 1 year, $780 a month = $9,360 a year. "30 days" and "a month" agree within CALENDAR_TOLERANCE. */
const MONTH = (365 * DAY) / 12
/** Months and years are not exact numbers of days: values within 2.5% of each other agree. */
const CALENDAR_TOLERANCE = 0.025
/** "Four weeks" is how people say "a month" (28 days against 30.4): weeks against months agree within 9%. */
const WEEKS_AS_MONTHS_TOLERANCE = 0.09
const IN_WEEKS = /\b(weeks?|wks?)\b/i
const IN_MONTHS = /\b(months?|mos?)\b/i
const TIME: Record<string, number> = {
  d: DAY,
  day: DAY,
  days: DAY,
  h: 3600,
  hour: 3600,
  hours: 3600,
  hr: 3600,
  hrs: 3600,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  ms: 0.001,
  millisecond: 0.001,
  milliseconds: 0.001,
  s: 1,
  sec: 1,
  second: 1,
  seconds: 1,
  secs: 1,
  week: 7 * DAY,
  weeks: 7 * DAY,
  wk: 7 * DAY,
  wks: 7 * DAY,
  // (Notes' shorthand after a number: "2w grace", "3mo retention", "1y expiry".)
  w: 7 * DAY,
  mo: MONTH,
  mos: MONTH,
  y: 365 * DAY,
  month: MONTH,
  months: MONTH,
  quarter: 3 * MONTH,
  quarters: 3 * MONTH,
  year: 365 * DAY,
  years: 365 * DAY,
  yr: 365 * DAY,
  yrs: 365 * DAY,
  'engineer-day': DAY,
  'engineer-days': DAY,
  // Five business days are a calendar week.
  'business-day': (7 / 5) * DAY,
  'person-day': DAY,
  'person-days': DAY,
  'man-days': DAY,
}
const BYTES: Record<string, number> = {
  b: 1,
  g: 1e9, // ("-Xmx8g", "8g heap": JVM and container notation)
  byte: 1,
  bytes: 1,
  gb: 1e9,
  gib: 2 ** 30,
  kb: 1e3,
  kib: 1024,
  mb: 1e6,
  mib: 2 ** 20,
  tb: 1e12,
  tib: 2 ** 40,
  pb: 1e15,
  // (Spoken sizes: "anything under twenty megs", "a 2-gig heap", "3 terabytes".)
  meg: 1e6,
  megs: 1e6,
  megabyte: 1e6,
  megabytes: 1e6,
  gig: 1e9,
  gigs: 1e9,
  gigabyte: 1e9,
  gigabytes: 1e9,
  kilobyte: 1e3,
  kilobytes: 1e3,
  terabyte: 1e12,
  terabytes: 1e12,
  petabyte: 1e15,
  petabytes: 1e15,
}
const RATE: Record<string, number> = {qps: 1, rps: 1, 'req/s': 1, rpm: 1 / 60}
/** A unit of time, data size or money, or a percent ("wks", "gb", "usd", "%"): never what a number measures. */
export function isUnitWord(word: string): boolean {
  return Object.hasOwn(TIME, word) || Object.hasOwn(BYTES, word) || Object.hasOwn(CURRENCY, word) || word === '%' || word === 'percent' || word === 'pct'
}

const CURRENCY: Record<string, string> = {
  $: 'usd',
  dollar: 'usd',
  dollars: 'usd',
  eur: 'eur',
  euro: 'eur',
  euros: 'eur',
  usd: 'usd',
  '€': 'eur',
  '£': 'gbp',
  gbp: 'gbp',
}
/** One word for how often ("nightly", "biweekly"): a frequency, a rung of a retention ladder, a terse claim's value. */
export const CADENCES = ['hourly', 'daily', 'nightly', 'weekly', 'biweekly', 'fortnightly', 'monthly', 'quarterly', 'yearly', 'annual', 'annually']
export const CADENCE_WORDS = new RegExp(`^(${CADENCES.join('|')})$`)
/** Units of physical measures that notes give as a count's noun ("20 MHz", "-70 dBm", "500 Mbps"). */
const PHYSICAL_UNITS = /^(hz|khz|mhz|ghz|dbm|dbi|db|kbps|mbps|gbps|kw|kwh|mw|watts?|volts?)$/

/** A unit of a physical measure ("MHz", "Mbps", "dBm"): a count in it measures, it counts nothing. */
export const isPhysicalUnit = (unit: string): boolean => PHYSICAL_UNITS.test(unit)

/**
 * The noun two counts both count ("at most 5 attempts" / "at least ten attempts"), which is what they measure; never
 * a unit ("20 MHz" / "40 MHz") nor a letter or a multiplier.
 */
export function countedNounOf(x: Quantity, y: Quantity): string | undefined {
  return x.kind === 'count' && y.kind === 'count' && x.unit === y.unit && /^[a-z]{3,}$/.test(x.unit) && !isPhysicalUnit(x.unit) ? x.unit : undefined
}
/** Periods, in seconds, for rates and money per period ("$3k a week"). */
const PERIOD_ABBREVIATIONS: Record<string, number> = {s: 1, min: 60, h: 3600, hr: 3600, d: DAY}
const PERIODS: Record<string, number> = {
  annually: 365 * DAY,
  daily: DAY,
  day: DAY,
  hour: 3600,
  hourly: 3600,
  minute: 60,
  month: MONTH,
  monthly: MONTH,
  quarter: 3 * MONTH,
  quarterly: 3 * MONTH,
  second: 1,
  sec: 1,
  week: 7 * DAY,
  weekly: 7 * DAY,
  year: 365 * DAY,
  yearly: 365 * DAY,
  // As notes write them: "twice a yr", "$3k/mo", "2 deploys a wk".
  yr: 365 * DAY,
  mo: MONTH,
  wk: 7 * DAY,
  qtr: 3 * MONTH,
  biweekly: 14 * DAY,
  fortnightly: 14 * DAY,
  nightly: DAY,
}
const YEAR = 365 * DAY
/** Verbs of change: "drops from 600 to 60 seconds" states the new value, 60. */
export const CHANGE_VERBS = new Set([
  'switch',
  'migrate',
  'shift',
  'transition',
  'drop',
  'fall',
  'rise',
  'go',
  'increase',
  'decrease',
  'reduce',
  'cut',
  'raise',
  'move',
  'change',
  'bump',
  'lower',
  'grow',
  'shrink',
  'climb',
  'jump',
  'extend',
  'shorten',
  'lengthen',
  'tighten',
  'relax',
  'double',
  'halve',
  'slash',
  'bring',
])

type Bound = 'upper' | 'upperStrict' | 'lower' | 'lowerStrict' | 'approx'
const COMPARATORS: Array<[string[], Bound]> = [
  [['no', 'more', 'than'], 'upper'],
  [['not', 'more', 'than'], 'upper'],
  [['no', 'longer', 'than'], 'upper'],
  [['not', 'longer', 'than'], 'upper'],
  [['no', 'later', 'than'], 'upper'],
  [['no', 'less', 'than'], 'lower'],
  [['no', 'fewer', 'than'], 'lower'],
  [['no', 'earlier', 'than'], 'lower'],
  [['less', 'than'], 'upperStrict'],
  [['fewer', 'than'], 'upperStrict'],
  [['shorter', 'than'], 'upperStrict'],
  [['lower', 'than'], 'upperStrict'],
  [['at', 'or', 'below'], 'upper'],
  [['at', 'or', 'under'], 'upper'],
  [['at', 'or', 'above'], 'lower'],
  [['at', 'most'], 'upper'],
  [['up', 'to'], 'upper'],
  [['tops', 'out', 'at'], 'upper'],
  [['topping', 'out', 'at'], 'upper'],
  [['capped', 'at'], 'upper'],
  // How often, as a frequency ("more often than once a minute" = more than once a minute); before "every N" the
  // period is bounded the other way (MIRROR).
  [['more', 'often', 'than'], 'lowerStrict'],
  [['more', 'frequently', 'than'], 'lowerStrict'],
  [['less', 'often', 'than'], 'upperStrict'],
  [['less', 'frequently', 'than'], 'upperStrict'],
  [['more', 'than'], 'lowerStrict'],
  [['longer', 'than'], 'lowerStrict'],
  [['later', 'than'], 'lowerStrict'],
  [['sooner', 'than'], 'upperStrict'],
  [['earlier', 'than'], 'upperStrict'],
  // "can ship as soon as 48 hours after the expand": the earliest.
  [['as', 'soon', 'as'], 'lower'],
  [['at', 'least'], 'lower'],
  [['greater', 'than'], 'lowerStrict'],
  [['higher', 'than'], 'lowerStrict'],
  [['under'], 'upperStrict'],
  [['below'], 'upperStrict'],
  [['within'], 'upper'],
  // ("sold-out alert inside a quarter hour": within.)
  [['inside'], 'upper'],
  [['by'], 'upper'],
  [['before'], 'upperStrict'],
  [['after'], 'lowerStrict'],
  [['beyond'], 'lowerStrict'],
  [['max'], 'upper'],
  [['maximum'], 'upper'],
  [['<'], 'upperStrict'],
  [['<='], 'upper'],
  // The tokenizer splits "<=" and ">=" in two. ("=>" is an arrow in notes, "X => Y", never a bound.)
  [['<', '='], 'upper'],
  [['≤'], 'upper'],
  [['exceed'], 'lowerStrict'],
  [['exceeds'], 'lowerStrict'],
  [['over'], 'lowerStrict'],
  [['above'], 'lowerStrict'],
  [['min'], 'lower'],
  [['minimum'], 'lower'],
  [['>'], 'lowerStrict'],
  [['>='], 'lower'],
  [['>', '='], 'lower'],
  [['≥'], 'lower'],
  [['about'], 'approx'],
  [['around'], 'approx'],
  [['roughly'], 'approx'],
  [['approximately'], 'approx'],
  [['~'], 'approx'],
  [['nearly'], 'approx'],
  [['almost'], 'approx'],
  [['some'], 'approx'],
  [['circa'], 'approx'],
  [['ca'], 'approx'],
]
/** The words that give a value as an estimate ("~25 min", "about 97%", "roughly 4.1 TB"). */
export const ESTIMATE_WORDS: ReadonlySet<string> = new Set(
  COMPARATORS.filter(([words, bound]) => bound === 'approx' && words.length === 1).map(([[word]]) => word),
)
const NEGATION = new Set(['not', "n't", 'no', 'never', 'cannot'])
const MODAL_WORDS = new Set(['may', 'can', 'must', 'should', 'will', 'shall', 'might', 'could', 'would'])
const FLIP: Record<Bound, Bound> = {approx: 'approx', lower: 'upperStrict', lowerStrict: 'upper', upper: 'lowerStrict', upperStrict: 'lower'}
/** A bound on how often as a bound on the period between two occurrences: more often = a shorter period. */
const MIRROR: Record<Bound, Bound> = {approx: 'approx', lower: 'upper', lowerStrict: 'upperStrict', upper: 'lower', upperStrict: 'lowerStrict'}
/** "after 15 minutes of inactivity", "before 9 am": a point in time, not a bound, when it names when something happens. */
const EVENT_POINT = new Set(['after', 'before'])

const CONTENT_POS = new Set(['NOUN', 'PROPN'])
const PEOPLE = new Set(['person', 'people', 'engineer', 'developer', 'member', 'staff', 'human', 'sre', 'operator', 'folk', 'headcount'])

/** The plural of a counted unit as a reader writes it: "primary" → "primaries", "person" → "people". */
export function pluralUnit(unit: string): string {
  if (unit === 'person') return 'people'
  if (unit.endsWith('s')) return unit
  if (/[^aeiou]y$/.test(unit)) return `${unit.slice(0, -1)}ies`
  return /(x|ch|sh)$/.test(unit) ? `${unit}es` : `${unit}s`
}

/**
 * The unit a counted noun's lemma is counted in: "eight people" and "five engineers" on one rotation count the same
 * kind of thing, "100 requests per second" and "50 rps" the same requests, "3 replicas" and "4 pods" the same pods.
 */
export function countedUnit(lemma: string): string {
  return PEOPLE.has(lemma) ? 'person' : lemma === 'request' ? 'req' : lemma === 'replica' ? 'pod' : RETRYING.test(lemma) ? 'attempt' : lemma
}

/** Words that name a sum of money: a bare thousands figure beside one is that sum ("budget 8k/mo", "spend ~48k/yr"). */
const SUM_WORDS = /^(budget|spend|spending|cost|saving|savings|save|price|pricing|pay|paid|invoice|quote|fee|opex|capex|ask)$/

/** A bare number of a thousand or more ("8k", "30k", "2,500") that a word of money before it in the clause names as a sum. */
function bareSum(tokens: Token[], start: number, value: number): boolean {
  if (value < 1000 || !/^(\d+(\.\d+)?|\d{1,3}(,\d{3})+)$/.test(tokens[start]?.norm ?? '')) return false
  return tokens.slice(Math.max(0, start - 8), start).some((t) => SUM_WORDS.test(t.lemma) || SUM_WORDS.test(t.norm))
}

/** A sign-in counted as it fails: "5 failed logins", "3 wrong passwords", "10 bad PINs" are failed attempts. */
const FAILED_SIGN_IN = /^(login|logon|signin|sign-in|password|pin|passcode|guess|entry)$/
const FAILED = /^(failed|wrong|bad|incorrect|unsuccessful|invalid)$/

/** Trying again, counted: "5 retries", "3 attempts", "retried up to 5 times" count one thing. */
const RETRYING = /^(retry|retrie|attempt|try|tries|redelivery|redeliver|retried)$/

function parseNumber(raw: string): number | undefined {
  const text = raw.replace(/,(?=\d{3}\b)/g, '')
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined
  return Number(text)
}

/**
 * "no prod cutover until the change freeze ends on 1 Feb", "nothing should be enforced for customers before
 * mid-March", "the earliest is week 3 of Jan": a date that opens what the clause allows, written apart from its
 * comparator. From the date on; the negation belongs to the bound, not to the claim.
 */
function negatedUntil(tokens: Token[], index: number): {bound: Bound; consumed: number[]; start: number} | undefined {
  if (tokens[index - 1]?.norm === 'is' && /^(earliest)$/.test(tokens[index - 2]?.norm ?? '')) return {bound: 'lower', consumed: [], start: index}
  let until = -1
  for (let k = index - 1; k >= Math.max(0, index - 9) && tokens[k].type !== 'punctuation'; k--) {
    if (/^(until|till|before)$/.test(tokens[k].norm)) {
      until = k
      break
    }
  }

  if (until < 0) return undefined
  for (let k = until - 1; k >= 0 && tokens[k].type !== 'punctuation'; k--) {
    if (NEGATION.has(tokens[k].norm) || /^(nothing|nobody|none)$/.test(tokens[k].norm)) return {bound: 'lower', consumed: [k], start: index}
  }

  return undefined
}

/** The comparator that ends just before `index`, with a negation right before it flipping it ("not before week 20" = from week 20 on). */
function comparatorBefore(tokens: Token[], index: number): {bound: Bound; start: number; consumed: number[]; words: string} | undefined {
  // ("no earlier than sat 28 mar": the day of the week between the bound and the date is part of the date.)
  if (isWeekdayName(tokens[index - 1]?.norm ?? '') && /^\d{1,2}(st|nd|rd|th)?$/.test(tokens[index]?.norm ?? '')) return comparatorBefore(tokens, index - 1)
  for (const [words, bound] of COMPARATORS) {
    const start = index - words.length
    if (start < 0) continue
    if (!words.every((w, k) => tokens[start + k].norm === w)) continue
    // "=> 5 pods", "-> 5 pods": an arrow in notes, not "more than".
    if (words[0] === '>' && /^(=|-|--)$/.test(tokens[start - 1]?.norm ?? '')) continue
    if (words[0] === 'no' || words[0] === 'not') return {bound, consumed: [start], start, words: words.join(' ')}
    // "No one should be on call more than one week in four": the negated subject bounds the value.
    // (…and "No single migration may take longer than 5 minutes": a claim whose subject is negated.)
    const negatedSubject = (k: number) =>
      tokens[k].norm === 'no' &&
      (k === 0 || tokens[k - 1].type === 'punctuation') &&
      tokens.slice(k + 1, k + 4).some((x) => x.pos === 'NOUN') &&
      tokens.slice(k + 1, start).some((x) => x.pos === 'AUX' || MODAL_WORDS.has(x.norm)) &&
      // (…not across a clause of time or condition: "no verdict before it has soaked for at least 2 wks" asks 2 weeks.)
      !tokens.slice(k + 1, start).some((x) => /^(before|after|until|till|unless|if|when|while|once)$/.test(x.norm))
    const nobody = tokens.findIndex(
      (t, k) =>
        k < start &&
        (t.norm === 'nobody' || (t.norm === 'no' && /^(one|team|engineer|service|build|job|person)$/.test(tokens[k + 1]?.norm ?? '')) || negatedSubject(k)),
    )
    if (nobody >= 0 && bound !== 'approx' && !tokens.slice(nobody, start).some((t) => t.type === 'punctuation'))
      return {bound: FLIP[bound], consumed: [nobody], start, words: words.join(' ')}
    // "cut the bill by 20%": the size of a change, not a bound.
    if (words[0] === 'by' && tokens.slice(Math.max(0, start - 5), start).some((t) => CHANGE_VERBS.has(t.lemma))) return undefined
    // "cut over 13 sep", "hand over by 17:00": the particle of a verb, not "more than".
    if (words[0] === 'over' && /^(cut|cuts|cutting|hand|hands|roll|rolls|fail|fails|switch|move|take|carry|change|flip)$/.test(tokens[start - 1]?.norm ?? ''))
      return undefined
    // "keyed by two reviewers", "approved by 1 lead": who does it, not a deadline.
    if (words[0] === 'by' && tokens[index + 1]?.pos === 'NOUN' && unitAt(tokens, index + 1) === undefined && !isCalendarWord(tokens[index + 1].norm))
      return undefined
    // "no commitment longer than one year": the negated noun bounds the value.
    if (tokens[start - 1] && /^(NOUN|PROPN)$/.test(tokens[start - 1].pos) && NEGATION.has(tokens[start - 2]?.norm ?? '') && bound !== 'approx') {
      return {bound: FLIP[bound], consumed: [start - 2], start, words: words.join(' ')}
    }

    // "cannot finish before", "must not take longer than": a negation within three words (verbs, auxiliaries, adverbs) flips the bound.
    for (let k = start - 1; k >= Math.max(0, start - 4); k--) {
      if (NEGATION.has(tokens[k].norm)) return {bound: FLIP[bound], consumed: [k], start, words: words.join(' ')}
      if (!/^(AUX|VERB|ADV|PART)$/.test(tokens[k].pos)) break
    }

    return {bound, consumed: [], start, words: words.join(' ')}
  }

  // "we cap migration runtime at 15 minutes", "limit each job to 2 GB": a cap named a few words before "at" / "to".
  if (/^(at|to)$/.test(tokens[index - 1]?.norm ?? '')) {
    for (let k = index - 2; k >= Math.max(0, index - 5); k--) {
      if (tokens[k].type === 'punctuation') break
      if (/^(cap|caps|capped|limit|limits|limited)$/.test(tokens[k].norm) && tokens[k].pos === 'VERB')
        return {bound: 'upper', consumed: [], start: index - 1, words: tokens[index - 1].norm}
    }
  }

  // "hard cap $1.5k/mo", "a hard limit of $250": a value given to a cap is that most. (Not "timeout" or "ceiling":
  // two idle timeouts of one portal are two values of a setting, and read as mosts they lost nine right findings.)
  // (Not a bare number, the value of a setting named with the word: "`backoffLimit: 3` on every job".)
  const measured = tokens[index]?.type === 'currency' || /^(NOUN|PROPN|SYM)$/.test(tokens[index + 1]?.pos ?? '') || unitAt(tokens, index + 1) !== undefined
  for (let k = index - 1; measured && k >= Math.max(0, index - 4); k--) {
    const t = tokens[k]
    // (…and "a hard limit of $250": a limit given its value by "of"; "the rate limit is 100 requests per second" names
    // a setting's value, two of which are two settings.)
    const limitOf = t.norm === 'limit' && tokens[k + 1]?.norm === 'of'
    if ((UPPER_BOUND_NOUNS.test(t.norm) || limitOf) && t.pos === 'NOUN') return {bound: 'upper', consumed: [], start: index, words: ''}
    if (!/^(of|is|at|:|=|hard|soft|strict|set|to)$/.test(t.norm)) break
  }

  return undefined
}

/** Nouns whose value is a most: "hard cap $1.5k/mo". */
const UPPER_BOUND_NOUNS = /^(cap)$/

/** Whether a unit word follows at `i` (skipping a hyphen: "28-day window"); returns the unit and its last index. */
function unitAt(tokens: Token[], i: number): [string, number] | undefined {
  let k = i
  if (tokens[k]?.norm === '-') k++
  const t = tokens[k]
  if (!t) return undefined
  const norm = t.norm.replace(/\.$/, '')
  if ((norm === 'business' || norm === 'working') && /^days?$/.test(tokens[k + 1]?.norm ?? '')) return ['business-day', k + 1]
  if (norm === 'engineer' || norm === 'person' || norm === 'man') {
    if (tokens[k + 1]?.norm === '-' && /^days?$/.test(tokens[k + 2]?.norm ?? '')) return ['engineer-day', k + 2]
  }

  // ("75 pct fill": notes shorten the percent.)
  if (norm === '%' || norm === 'percent' || norm === 'pct' || (norm === 'per' && tokens[k + 1]?.norm === 'cent')) return ['%', norm === 'per' ? k + 1 : k]
  if (norm in TIME || norm in BYTES || norm in RATE || norm in CURRENCY) {
    if (norm === 'req' && tokens[k + 1]?.norm === '/' && tokens[k + 2]?.norm === 's') return ['req/s', k + 2]
    return [norm, k]
  }

  return undefined
}

/** The period after a quantity ("per month", "a week", "/s", "monthly", "each year"), in seconds, and its last index. */
function periodAfter(tokens: Token[], end: number): [number, string, number] | undefined {
  const a = tokens[end + 1]?.norm
  const b = tokens[end + 2]?.norm
  if ((a === 'per' || a === 'a' || a === 'an' || a === 'each' || a === 'every' || a === '/') && b && b in PERIODS) return [PERIODS[b], b, end + 2]
  // "1200 req/min", "2 GB/day", "10 jobs/h": unit abbreviations read as a period only after a slash or "per".
  if ((a === 'per' || a === '/') && b && b in PERIOD_ABBREVIATIONS) return [PERIOD_ABBREVIATIONS[b], b, end + 2]
  if (a && a in PERIODS && /ly$/.test(a)) return [PERIODS[a], a, end + 1]
  // "one command every 5 s": a count per stretch of time is a rate.
  const unit = tokens[end + 3]?.norm
  if (a === 'every' && b && /^\d+(\.\d+)?$/.test(b) && Number(b) > 0 && unit && unit in TIME) return [Number(b) * TIME[unit], unit, end + 3]
  return undefined
}

/** "$1.2M for the year", "€40k for the quarter": a total for one period, as [seconds, word, index of the period]. */
function totalForPeriod(tokens: Token[], end: number): [number, string, number] | undefined {
  const period = tokens[end + 3]?.norm ?? ''
  if (tokens[end + 1]?.norm !== 'for' || !/^(the|a|one|each)$/.test(tokens[end + 2]?.norm ?? '') || !/^(year|quarter|month|week|day)$/.test(period))
    return undefined
  return [PERIODS[period], period, end + 3]
}

/**
 * "a monthly ceiling of about $10,000", "annual budget: $60k": a period adjective a few words before a sum of money,
 * with no verb or punctuation between (the index is the adjective's; the quantity keeps its own end).
 */
function periodWordBefore(tokens: Token[], start: number): [number, string, number] | undefined {
  for (let k = start - 1; k >= Math.max(0, start - 5); k--) {
    const t = tokens[k]
    if (/^(monthly|quarterly|yearly|annual|annually|weekly|daily)$/.test(t.norm)) return [t.norm === 'annual' ? PERIODS.yearly : PERIODS[t.norm], t.norm, k]
    if (t.pos === 'VERB' || t.pos === 'AUX' || (t.type === 'punctuation' && t.norm !== ':' && t.norm !== '~')) return undefined
  }

  return undefined
}

function fmt(x: number): string {
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : String(Math.round(x * 100) / 100)
}

/** A duration in seconds, in words ("14 days", "1.5 hours"). */
function durationWords(seconds: number): string {
  const units: Array<[number, string]> = [
    [YEAR, 'year'],
    [MONTH, 'month'],
    [7 * DAY, 'week'],
    [DAY, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
    [0.001, 'ms'],
  ]
  for (const [size, name] of units) {
    const n = seconds / size
    if (n >= 1 && (Number.isInteger(Math.round(n * 100) / 100) || size <= DAY)) return `${fmt(n)} ${name === 'ms' ? 'ms' : name + (n === 1 ? '' : 's')}`
  }

  return `${fmt(seconds)} s`
}

/** A position in the calendar in words: "1 Feb", "11 May 2027". */
function dateWords(x: number): string {
  const m = Math.floor(x + 1e-9)
  const year = m > 12 ? Math.floor((m - 1) / 12) : undefined
  const month = MONTHS[(m - 1) % 12]
  const day = Math.round((x - m) * 31) + 1
  return `${day} ${month.charAt(0).toUpperCase()}${month.slice(1, 3)}${year === undefined ? '' : ` ${year}`}`
}

/** A span of the calendar in words: "Q3", "H1", "March", "11 May to 21 May", "before 1 Jul", "by 1 Apr". */
function calendarWords(q: Quantity): string {
  const whole = (low: number, high: number) => {
    const m = low - Math.floor((low - 1) / 12) * 12
    const year = low > 13 ? ` ${Math.floor((low - 1) / 12)}` : ''
    if (!Number.isInteger(low) || !Number.isInteger(high)) return undefined
    if (high - low === 3 && (m - 1) % 3 === 0) return `Q${(m - 1) / 3 + 1}${year}`
    if (high - low === 6 && (m - 1) % 6 === 0) return `H${(m - 1) / 6 + 1}${year}`
    if (high - low === 1) return `${MONTHS[m - 1].charAt(0).toUpperCase()}${MONTHS[m - 1].slice(1)}${year}`
    return undefined
  }

  if (q.low === q.high) return dateWords(q.low)
  if (!Number.isFinite(q.low)) return `${q.highOpen ? 'before' : 'by'} ${dateWords(q.high)}`
  if (!Number.isFinite(q.high)) return `${q.lowOpen ? 'after' : 'from'} ${dateWords(q.low)}`
  return whole(q.low, q.high) ?? `${dateWords(q.low)} to ${dateWords(q.high)}`
}

/** A time of day in hours as "16:00" (the day wrapped: 17:00 CET less its hour is 16:00, 00:30 CET is 23:30). */
function clockWords(hours: number): string {
  const minutes = Math.round((((hours % 24) + 24) % 24) * 60)
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

/** Words for data that flows, per period: ingestion, egress, transfer, throughput. */
const DATA_FLOWS = /^(ingest|ingestion|egress|ingress|transfer|traffic|throughput|bandwidth|write|writes)$/

/** An interval's value in its normalised unit, in words ("14 days", "$156,000 a year", "at most 5 attempts"). */
export function normalisedWords(q: Quantity): string {
  if (q.kind === 'ordinal' && q.unit === 'month') return calendarWords(q)
  const one = (x: number) => {
    switch (q.kind) {
      case 'duration':
        return durationWords(x)
      case 'money':
        return `${q.unit === 'usd' ? '$' : q.unit === 'eur' ? '€' : q.unit === 'gbp' ? '£' : ''}${fmt(x)}`
      case 'money-per-period':
        return `${q.unit.startsWith('usd') ? '$' : q.unit.startsWith('eur') ? '€' : '£'}${fmt(x)} a year`
      case 'percentage':
        return `${fmt(x)}%`
      case 'data-size':
        return x >= 1e12 ? `${fmt(x / 1e12)} TB` : x >= 1e9 ? `${fmt(x / 1e9)} GB` : x >= 1e6 ? `${fmt(x / 1e6)} MB` : `${fmt(x)} bytes`
      case 'rate':
        if (q.unit === 'B/s') return x >= 1e9 ? `${fmt(x / 1e9)} GB a second` : x >= 1e6 ? `${fmt(x / 1e6)} MB a second` : `${fmt(x)} bytes a second`
        return `${fmt(x)} ${q.unit.replace(/\/(s|day)$/, '')} a ${q.unit.endsWith('/day') ? 'day' : 'second'}`
      case 'ordinal':
        return q.unit === 'clock'
          ? clockWords(x)
          : q.unit === 'weekday'
            ? `${WEEKDAYS[x - 1] ?? ''}`.replace(/^./, (c) => c.toUpperCase())
            : `${q.unit} ${fmt(x)}`
      default: {
        // A setting's value reads "backoff limit 3".
        if (q.unit.startsWith('setting ')) return `${q.unit.slice('setting '.length)} ${fmt(x)}`
        // "label/stream" reads "15 labels per stream".
        const [counted, each] = q.unit.split('/')
        const plural = x === 1 ? counted : pluralUnit(counted)
        return q.unit === 'x' ? `${fmt(x)}x` : `${fmt(x)} ${plural}${each ? ` per ${each}` : ''}`
      }
    }
  }

  if (q.low === q.high) return one(q.low)
  if (!Number.isFinite(q.low)) return `${q.highOpen ? 'under' : 'at most'} ${one(q.high)}`
  if (!Number.isFinite(q.high)) return `${q.lowOpen ? 'over' : 'at least'} ${one(q.low)}`
  return `${one(q.low)} to ${one(q.high)}`
}

/** Extracts quantities in token order. Four-digit years are not quantities: they mark time (see features). */
export function extractQuantities(tokens: Token[]): Quantity[] {
  const frequencies = new Set<Quantity>()
  // Period words that say what a sum of money is per ("a monthly ceiling of $10,000"), so no frequency of their own.
  const periodWords = new Set<number>()
  const result: Quantity[] = []
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]
    // Ordered values: points in the calendar ("1 Feb", "mid-January", "Q3", "H2"), "week 12", "sprint 4".
    const ordered = calendarAt(tokens, i) ?? ordinalAt(tokens, i) ?? clockAt(tokens, i) ?? weekdayAt(tokens, i)
    if (ordered) {
      const calendar = ordered.unit === 'month'
      // "moved … by the end of Q3": before a date "by" is a deadline, even after a verb of change.
      const adjacent = comparatorBefore(tokens, i)
      // "nothing should be enforced … before mid-March": a negation further back opens the date, as "not before" does.
      const flipped = calendar && adjacent?.words === 'before' && adjacent.consumed.length === 0 ? negatedUntil(tokens, i) : undefined
      const cmp =
        (flipped ? {...flipped, start: adjacent!.start} : adjacent) ??
        (calendar && tokens[i - 1]?.norm === 'by' ? {bound: 'upper' as const, consumed: [], start: i - 1} : undefined) ??
        (calendar ? negatedUntil(tokens, i) : undefined)
      const q: Quantity = {
        consumed: cmp?.consumed ?? [],
        dimension: `ordinal:${ordered.unit}`,
        high: ordered.high,
        highOpen: ordered.highOpen,
        kind: 'ordinal',
        low: ordered.low,
        lowOpen: false,
        span: [cmp?.start ?? i, ordered.end],
        text: tokens
          .slice(cmp?.start ?? i, ordered.end + 1)
          .map((t) => t.norm)
          .join(' '),
        unit: ordered.unit,
        ...(ordered.approximate ? {approximate: ordered.approximate} : {}),
      }
      if (calendar) applyCalendarBound(q, cmp?.bound)
      else applyBound(q, cmp?.bound, ordered.low)
      result.push(q)
      i = ordered.end
      continue
    }

    let value: number | undefined
    let high: number | undefined
    let unit: string | undefined
    let end = i
    const range = /^(\d[\d,]*(?:\.\d+)?)[-–](\d[\d,]*(?:\.\d+)?)$/.exec(token.norm) // "2-4"
    const fused = /^(\d[\d,]*(?:\.\d+)?)([a-z%€$]+)$/.exec(token.norm) // "500ms", "2s"
    if (range) {
      value = parseNumber(range[1])
      high = parseNumber(range[2])
      // (A range goes up; going down it is a name: "FIPS 140-2 Level 3".)
      if (value !== undefined && high !== undefined && high < value) continue
    } else if (fused && (fused[2] in TIME || fused[2] in BYTES || fused[2] === '%')) {
      value = parseNumber(fused[1])
      unit = fused[2]
    } else if (/^[-−]\d/.test(token.norm) && PHYSICAL_UNITS.test(tokens[i + 1]?.norm ?? '')) {
      // A signal level below zero: "-70 dBm".
      const magnitude = parseNumber(token.norm.slice(1))
      value = magnitude === undefined ? undefined : -magnitude
    } else if (token.type === 'number' || /^\d/.test(token.norm)) {
      value = parseNumber(token.norm)
    } else if (
      (token.norm === 'a' || token.norm === 'an' || token.norm === 'one') &&
      /^(minute|hour|day|week|month|year|quarter)$/.test(tokens[i + 1]?.norm ?? '') &&
      !isPeriodOf(tokens, i) &&
      // "a quarter of the fleet" is a share of it, not three months.
      !(tokens[i + 1].norm === 'quarter' && tokens[i + 2]?.norm === 'of')
    ) {
      value = 1 // "kept for a year"; not "$300 a month" or "twice a day", where "a" means "per" (nor "a second reviewer")
    }

    if (value === undefined) continue
    // A year, unless a unit of size follows ("2048 MB").
    if (!unit && !range && /^(19|20)\d\d$/.test(token.norm) && !/^(\$|€|£)$/.test(tokens[i - 1]?.norm ?? '') && !(tokens[i + 1]?.norm in BYTES)) continue
    if (tokens[i - 1]?.norm === 'v' || /^v\d/.test(token.norm) || /^(tls|http|python|node|java|version|p)$/.test(tokens[i - 1]?.norm ?? '')) continue // a version, not a quantity
    // "8.0 replica", "MySQL 8.0", "Kafka 3.7 brokers": a release, not a count (nobody counts 8.0 replicas).
    if (
      !unit &&
      !range &&
      (/^\d+\.0$/.test(token.norm) || (/^\d+\.\d+$/.test(token.norm) && tokens[i - 1]?.pos === 'PROPN')) &&
      !((tokens[i + 1]?.norm ?? '') in TIME) &&
      !((tokens[i + 1]?.norm ?? '') in BYTES) &&
      tokens[i + 1]?.norm !== '%' &&
      // (…but a measure is: "2.0 mg/l", "5.0 dBm"; no release is followed by a unit per unit.)
      tokens[i + 2]?.norm !== '/' &&
      !PHYSICAL_UNITS.test(tokens[i + 1]?.norm ?? '') &&
      !((tokens[i - 1]?.norm ?? '') in CURRENCY)
    )
      continue
    if (/^p\d/.test(token.norm)) continue // a percentile name
    if (tokens[i + 1]?.norm === '.' && /^\d/.test(tokens[i + 2]?.norm ?? '')) continue

    let currency = CURRENCY[tokens[i - 1]?.norm ?? '']
    let startIndex = currency ? i - 1 : i
    // Ranges: "3 to 5 engineers", "between 10 and 20 GB", "5–8", "from 600 to 60 seconds" (a change: the new value).
    const sep = tokens[i + 1]?.norm
    if (high === undefined && !unit && (sep === 'to' || sep === '-' || sep === '–' || sep === 'and' || sep === 'or') && tokens[i + 2]) {
      const next = parseNumber(tokens[i + 2].norm.replace(/^[$€£]/, ''))
      const between = tokens[startIndex - 1]?.norm === 'between'
      const from = tokens[startIndex - 1]?.norm === 'from'
      if (next !== undefined && (sep !== 'and' || between) && !/^(19|20)\d\d$/.test(tokens[i + 2].norm)) {
        const changed = from && (next < value || tokens.slice(Math.max(0, startIndex - 4), startIndex).some((t) => CHANGE_VERBS.has(t.lemma)))
        if (changed) {
          startIndex = i + 2
          value = next
        } else if (sep !== 'or' || next > value) {
          high = next
        }

        end = i + 2
      }
    }

    if (!unit) {
      const found = unitAt(tokens, end + 1) ?? unitOfSetting(tokens, startIndex)
      if (found) [unit, end] = [found[0], Math.max(end, found[1])]
      // "$3,000", "€40"
      if (unit && unit in CURRENCY && !currency) currency = CURRENCY[unit]
    }

    let kind: Dimension
    // ("minReplicas: 3": a floor, from the setting's name.)
    let settingBound: 'lower' | 'upper' | undefined
    let unitName: string
    let scale = 1
    // "a 14.4x burn", "6x faster": a multiplier.
    const multiplier = !unit && !currency && /^(x|×)$/.test(tokens[end + 1]?.norm ?? '')
    if (multiplier) end += 1
    // "one week in eight": a share.
    const share = unit && unit in TIME && tokens[end + 1]?.norm === 'in' && /^\d+$/.test(tokens[end + 2]?.norm ?? '') && high === undefined
    if (multiplier) {
      kind = 'count'
      // ("retry 429s up to 5x": after a verb of trying again, a count of attempts, as "retried up to 5 times" is.)
      unitName = tokens.slice(Math.max(0, startIndex - 7), startIndex).some((t) => RETRYING.test(t.lemma)) ? 'attempt' : 'x'
    } else if (share) {
      kind = 'percentage'
      unitName = '%'
      scale = 100 / Number(tokens[end + 2].norm)
      end += 2
      unit = '%'
    } else if (currency || (unit && unit in CURRENCY)) {
      currency ??= CURRENCY[unit!]
      kind = 'money'
      unitName = currency
    } else if (unit === '%' || unit === 'percent' || unit === 'pct') {
      kind = 'percentage'
      unitName = '%'
    } else if (unit && unit in TIME) {
      kind = 'duration'
      unitName = 's'
      scale = TIME[unit]
    } else if (unit && unit in BYTES) {
      kind = 'data-size'
      unitName = 'B'
      scale = BYTES[unit]
    } else if (unit && unit in RATE) {
      kind = 'rate'
      unitName = 'req/s'
      scale = RATE[unit]
    } else {
      // A count of things: "3 replicas", "two regions", "5 failed logins" (the noun within two words).
      let k = end + 1
      // (A word the tagger reads as an adjective is the counted noun when "per" follows it: "one key per head".)
      const perAfter = (t: number) => tokens[t]?.pos === 'ADJ' && tokens[t + 1]?.norm === 'per'
      // (…and a plural the tagger reads as a verb right after the number: "max 3 retries", "2 deploys a day".)
      // (…or a try, however tagged and after an adverb: "max 1 auto-retry per job" counts attempts.)
      const pluralAfterNumber = (t: number) =>
        (t === end + 1 && tokens[t]?.pos === 'VERB' && /[^s]s$/.test(tokens[t].norm)) || RETRYING.test(tokens[t]?.lemma ?? '')
      // (An adverb of manner only: "5 so failed pods stick around" counts no pods; a superlative's "most" is no
      // word of the run, nor a compound's hyphen: "the 5 most recent main-branch tags" counts tags.)
      const between = (t: Token) => /^(ADJ|VERB)$/.test(t.pos) || (t.pos === 'ADV' && /ly$/.test(t.norm))
      const joining = (t: number) => (/^(most|least)$/.test(tokens[t]?.norm ?? '') && tokens[t + 1]?.pos === 'ADJ') || (tokens[t]?.norm === '-' && t > end + 1)
      let reach = end + 2
      while (
        tokens[k] &&
        (k <= reach || joining(k)) &&
        (joining(k) || (between(tokens[k]) && !CONTENT_POS.has(tokens[k].pos) && !perAfter(k) && !pluralAfterNumber(k)))
      ) {
        if (joining(k)) reach++
        k++
      }
      if (
        tokens[k] &&
        (CONTENT_POS.has(tokens[k].pos) || perAfter(k) || pluralAfterNumber(k)) &&
        !(tokens[k].norm in PERIODS) &&
        // ("widths, 6 max": a bound after the value counts nothing; what it counts is named before.)
        !(k === end + 1 && /^(max|maximum|tops)$/.test(tokens[k].norm)) &&
        !/^(x|times|percent|p\d+)$/.test(tokens[k].norm)
      ) {
        // "1.2M build minutes", "5 failed logins": the counted thing is the last noun of the run. (A bound after it is
        // no noun of the run: "1k rows max" counts rows, at most.)
        // (…unless the first is a unit of compute, "0.5 vCPU CPU request" / "0.25 vCPU limit": what is counted is CPUs.)
        const computeUnit = /^(vcpus?|cpus?|cores?)$/.test(tokens[k].norm) && /^(cpus?|requests?|limits?|reservations?)$/.test(tokens[k + 1]?.norm ?? '')
        if (computeUnit && /^cpus?$/.test(tokens[k + 1].norm)) end = k + 1
        // (…and a physical unit is what is measured: "20 MHz channels" are channels 20 MHz wide, not 20 channels.)
        const physical = PHYSICAL_UNITS.test(tokens[k].norm)
        while (
          !computeUnit &&
          !physical &&
          tokens[k + 1] &&
          (CONTENT_POS.has(tokens[k + 1].pos) || pluralReadAsVerb(tokens, k + 1)) &&
          !(tokens[k + 1].norm in PERIODS) &&
          !/^(per|a|an)$/.test(tokens[k + 1].norm) &&
          !boundAfter(tokens, k + 1)
        )
          k++
        kind = 'count'
        unitName = countedUnit(tokens[k].lemma)
        // (A failed sign-in is an attempt: "3 failed logins" / "5 failed attempts" count one thing.)
        if (FAILED_SIGN_IN.test(tokens[k].lemma) && tokens.slice(end + 1, k).some((t) => FAILED.test(t.norm))) unitName = 'attempt'
        // ("802.11r", "5G": a letter after a number names a standard, not a thing counted; "21H2", "24H2" name
        // Windows releases.)
        if (/^[a-z]$/.test(unitName) || (/^h[12]$/.test(unitName) && k === end + 1 && /^\d\d$/.test(tokens[end].norm))) continue
        end = k
        // "at least one request in ten": a share, the same as 10%. (Not "64 drives in 4 erasure sets": the share ends
        // at its second number, which is the larger.)
        if (
          tokens[end + 1]?.norm === 'in' &&
          /^\d+$/.test(tokens[end + 2]?.norm ?? '') &&
          Number(tokens[end + 2].norm) > value &&
          !/^(19|20)\d\d$/.test(tokens[end + 2].norm) &&
          (!/^(NOUN|PROPN|ADJ|NUM)$/.test(tokens[end + 3]?.pos ?? '') || /ing$/.test(tokens[end + 3].norm))
        ) {
          kind = 'percentage'
          unitName = '%'
          scale = 100 / Number(tokens[end + 2].norm)
          end += 2
        }
        // "15 labels per stream", "one tenant per env": a count for each of something else.
        const each = perNoun(tokens, end + 1)
        if (each) [unitName, end] = [`${unitName}/${each[0]}`, each[1]]
      } else if (tokens[end + 1]?.norm === 'in' && /^\d+$/.test(tokens[end + 2]?.norm ?? '') && !/^(19|20)\d\d$/.test(tokens[end + 2].norm)) {
        // "sample 1 in 100": a share, the same as 1%.
        kind = 'percentage'
        unitName = '%'
        scale = 100 / Number(tokens[end + 2].norm)
        end += 2
      } else if (tokens[end + 1]?.norm === 'times' && tokens.slice(Math.max(0, startIndex - 7), startIndex).some((t) => RETRYING.test(t.lemma))) {
        // "retried up to 5 times": a count of attempts, as "max 3 attempts" is.
        kind = 'count'
        unitName = 'attempt'
        end += 1
      } else {
        // "keep the number of labels per stream at or below 10": a bare number counts what "the number of" names.
        // …and a setting's value, the number a named setting is given ("backoffLimit: 3", "keep
        // failedJobsHistoryLimit at 5", "maxReplicas should be 20"): a value of that setting.
        const setting = settingBefore(tokens, startIndex)
        const counted = countedBefore(tokens, startIndex) ?? setting?.unit
        if (counted) {
          kind = 'count'
          unitName = counted
          settingBound = setting?.bound
        } else if (bareSum(tokens, startIndex, value)) {
          // "budget 8k/mo for the whole cluster", "DR budget ~30k a year": notes leave out the currency of a sum
          // they name by what it is (a budget, a spend, a saving). Read as dollars: it meets a sum in $ and no other.
          kind = 'money'
          unitName = 'usd'
        } else continue // a bare number: too ambiguous to compare
      }
    }

    // "every 90 days", "once a month", "twice a day": how often, as the interval between two occurrences.
    const every = tokens[startIndex - 1]?.norm === 'every' || tokens[startIndex - 1]?.norm === 'each'
    // Per-period quantities ("$780 per month", "500 requests a second") are normalised to one period; a sum of money
    // may name its period before it or as a total for one ("a monthly ceiling of $10,000", "$1.2M for the year").
    const periodAfterIt = periodAfter(tokens, end) ?? (kind === 'money' ? totalForPeriod(tokens, end) : undefined)
    // (An amount of data per period is a flow when it is one: "a monthly ingestion budget of 500 GB", not "a monthly
    // backup of 2 TB".)
    const flow = kind === 'data-size' && tokens.slice(Math.max(0, startIndex - 5), startIndex).some((t) => DATA_FLOWS.test(t.lemma))
    const periodBefore = (kind === 'money' || flow) && !periodAfterIt ? periodWordBefore(tokens, startIndex) : undefined
    if (periodBefore) periodWords.add(periodBefore[2])
    const period = periodAfterIt ?? periodBefore
    if (period && (kind === 'money' || kind === 'count' || kind === 'data-size')) {
      if (kind === 'data-size') {
        // "5 MB/s per partition", "36 GB per hour": a throughput, per second.
        kind = 'rate'
        scale /= period[0]
        unitName = 'B/s'
      } else if (kind === 'money') {
        kind = 'money-per-period'
        scale *= YEAR / period[0]
        unitName += '/year'
      } else if (period[0] <= 3600) {
        kind = 'rate'
        scale /= period[0]
        unitName += '/s'
      } else {
        // "5 deploys a week": a frequency of one kind of event, per day.
        kind = 'rate'
        scale *= DAY / period[0]
        unitName += '/day'
      }

      if (period !== periodBefore) end = period[2]
    }

    const cmp = comparatorBefore(tokens, every ? startIndex - 1 : startIndex)
    const first = cmp?.start ?? (every ? startIndex - 1 : startIndex)
    const q: Quantity = {
      consumed: cmp?.consumed ?? [],
      dimension: `${kind}:${unitName}`,
      high: (high ?? value) * scale,
      highOpen: false,
      kind,
      low: value * scale,
      lowOpen: false,
      span: [first, end],
      text: tokens
        .slice(first, end + 1)
        .map((t) => t.norm.replace(/\.$/, ''))
        .join(' ')
        .replace(/([$€£]) /, '$1')
        .replace(/ %/, '%')
        .replace(/ - /g, '-'),
      unit: unitName,
    }
    // "after 15 minutes of inactivity" says when, it is not a lower bound; "a 99.9% target over 28 days" is a window.
    const window = cmp?.words === 'over' && kind === 'duration' && !/^(VERB|AUX)$/.test(tokens[first - 1]?.pos ?? '')
    // ("more often than every 30 seconds" bounds the period from above: a shorter gap.)
    // (…and so does "at least every 5 minutes": at least that often.)
    const often = every && cmp !== undefined && (/\b(often|frequently)\b/.test(cmp.words) || /^(at least|at most|no less than|not less than)$/.test(cmp.words))
    const bound =
      (cmp && EVENT_POINT.has(cmp.words) && kind === 'duration' && cmp.consumed.length === 0) || window
        ? undefined
        : often
          ? MIRROR[cmp.bound]
          : (cmp?.bound ?? settingBound)
    applyBound(q, bound, value * scale)
    // ("No migration may take longer than 5 minutes" forbids; it permits nothing.)
    q.permission = bound !== undefined && bound !== 'approx' && isPermission(tokens, first) && (cmp?.consumed.length ?? 0) === 0
    q.anchor = anchorFor(tokens, first, end)
    if (kind === 'duration' && every) q.recurring = true
    result.push(q)
    i = end
  }

  // "once a month", "twice a day", "at least once a quarter": a frequency, read as the longest gap between two.
  for (let i = 0; i < tokens.length; i++) {
    const n =
      ({once: 1, thrice: 3, twice: 2} as Record<string, number>)[tokens[i].norm] ??
      (/^\d+$/.test(tokens[i].norm) && tokens[i + 1]?.norm === 'times' ? Number(tokens[i].norm) : undefined)
    if (n === undefined) continue
    const at = tokens[i + 1]?.norm === 'times' ? i + 1 : i
    const period = periodAfter(tokens, at)
    if (!period) continue
    const cmp = comparatorBefore(tokens, i)
    const gap = period[0] / n
    // "at least once a month" = a gap of at most a month.
    const q: Quantity = {
      consumed: cmp?.consumed ?? [],
      dimension: 'duration:s',
      high: gap,
      highOpen: false,
      kind: 'duration',
      low: gap,
      lowOpen: false,
      recurring: true,
      span: [cmp?.start ?? i, period[2]],
      text: tokens
        .slice(cmp?.start ?? i, period[2] + 1)
        .map((t) => t.norm)
        .join(' '),
      unit: 's',
    }
    const flipped =
      cmp?.bound === 'lower' || cmp?.bound === 'lowerStrict' ? 'upper' : cmp?.bound === 'upper' || cmp?.bound === 'upperStrict' ? 'lower' : cmp?.bound
    applyBound(q, flipped, gap)
    q.anchor = anchorFor(tokens, q.span[0], q.span[1])
    frequencies.add(q)
    result.push(q)
  }

  // Frequencies written as one word: "monthly", "biweekly", "every week" (no number).
  for (let i = 0; i < tokens.length; i++) {
    const norm = tokens[i].norm
    const word =
      // ("annual" names a yearly thing, "annual pentest", more often than it sets a frequency.)
      CADENCE_WORDS.test(norm) &&
      norm !== 'annual' &&
      tokens[i - 1]?.norm !== 'per' &&
      !periodWords.has(i) &&
      !result.some((q) => i >= q.span[0] && i <= q.span[1])
    // ("every other week": one in two.)
    const other = (norm === 'every' || norm === 'each') && tokens[i + 1]?.norm === 'other' ? 1 : 0
    const everyUnit = (norm === 'every' || norm === 'each') && /^(day|week|month|quarter|year|hour|minute|night)$/.test(tokens[i + 1 + other]?.norm ?? '')
    if (!word && !everyUnit) continue
    // ("2-hourly", "6-monthly": every two hours, every six months.)
    const times = word && tokens[i - 1]?.norm === '-' && /^\d+$/.test(tokens[i - 2]?.norm ?? '') ? Number(tokens[i - 2].norm) : 1
    const gap = word ? PERIODS[norm] * times : (PERIODS[tokens[i + 1 + other].norm] ?? DAY) * (other + 1)
    const end = everyUnit ? i + 1 + other : i
    const start = times > 1 ? i - 2 : i
    const q: Quantity = {
      anchor: anchorFor(tokens, start, end),
      consumed: [],
      dimension: 'duration:s',
      high: gap,
      highOpen: false,
      kind: 'duration',
      low: gap,
      lowOpen: false,
      recurring: true,
      span: [start, end],
      text: tokens
        .slice(start, end + 1)
        .map((t) => t.norm)
        .join(' ')
        .replace(' - ', '-'),
      unit: 's',
    }
    result.push(q)
    // "hourly updates max" bounds how often, as "once an hour at most" does; "every week max" bounds the gap.
    if (word) frequencies.add(q)
  }

  // Notes put the bound after the value: "36 nodes, no more", "twice a yr max", "1yr only, nothing longer". A bound on
  // how often is the opposite bound on the gap between two: "twice a year at most" = at least six months apart.
  for (const q of result) {
    // ("hourly updates max": a frequency's bound may follow the thing that recurs.)
    const skipNoun = q.recurring && tokens[q.span[1] + 1]?.pos === 'NOUN' ? 1 : 0
    const bound = boundAfter(tokens, q.span[1] + 1) ?? (skipNoun ? boundAfter(tokens, q.span[1] + 2) : undefined)
    // (A month or a quarter is a span of the calendar, not a range of values: "in July at the earliest".)
    const calendar = q.kind === 'ordinal' && q.unit === 'month' && Number.isFinite(q.low) && Number.isFinite(q.high)
    if (!bound || (q.low !== q.high && !calendar)) continue
    if (q.kind === 'ordinal' && q.unit === 'month') applyCalendarBound(q, bound)
    else applyBound(q, frequencies.has(q) ? FLIP_FREQUENCY[bound] : bound, q.low)
    // The bound word is not what the value measures ("twice a yr max" is not about a "max").
    if (q.anchor !== undefined && BOUNDS_AFTER.some(([words]) => words.includes(q.anchor!))) delete q.anchor
  }

  // A retention ladder ("daily 14d / weekly 8w / monthly 12 mo", "Monthly full: first of the month, kept for 12
  // months"): how long is of what recurs, the cadence right before it or the one the claim's label opens with.
  const cadenceAt = (k: number) => (CADENCE_WORDS.test(tokens[k]?.norm ?? '') ? tokens[k].norm : undefined)
  const labelCadence =
    /^[:,]$/.test(tokens[1]?.norm ?? '') || (/^(full|backups?|snapshots?|copies|copy|dumps?)$/.test(tokens[1]?.norm ?? '') && tokens[2]?.norm === ':')
      ? cadenceAt(0)
      : undefined
  for (const q of result) {
    if (q.kind !== 'duration' || q.recurring) continue
    const cadence =
      cadenceAt(q.span[0] - 1) ?? (q.span[0] > 1 && result.filter((r) => r.kind === 'duration' && !r.recurring).length === 1 ? labelCadence : undefined)
    if (cadence) q.anchor = cadence
  }

  // "80% requests/allocatable avg is fine": a level someone accepts is a ceiling they allow, not a measurement. Only
  // for amounts where more is the cost (a share, a time, money, a size); "3 replicas is fine" could be a floor.
  for (const q of result) {
    if (q.low !== q.high || !ACCEPTED_AS_CEILING.has(q.kind) || !acceptedAfter(tokens, q.span[1] + 1)) continue
    applyBound(q, 'upper', q.low)
    q.permission = true
    q.accepted = true
  }

  // "over the last 90 days", "in the past 3 months": the window a figure was measured over, not a claimed value.
  const window = (q: Quantity) =>
    q.kind === 'duration' &&
    /^(last|past)$/.test(tokens[q.span[0] - 1]?.norm ?? '') &&
    tokens[q.span[0] - 2]?.norm === 'the' &&
    /^(in|over|during|for|within)$/.test(tokens[q.span[0] - 3]?.norm ?? '')
  // "3 flakes in 14 days": the window a count is taken in, comparable only with another such window.
  for (const q of result)
    if (
      q.kind === 'duration' &&
      /^(in|within)$/.test(tokens[q.span[0] - 1]?.norm ?? '') &&
      tokens[q.span[0] - 2]?.pos === 'NOUN' &&
      tokens.slice(Math.max(0, q.span[0] - 5), q.span[0] - 2).some((t) => /^\d+$/.test(t.norm))
    )
      q.countWindow = true

  // "move from the weekly train to continuous delivery": what a change starts from is the old state, not a claim.
  const fromState = (q: Quantity) => {
    const from = tokens.slice(Math.max(0, q.span[0] - 3), q.span[0]).findIndex((t) => t.norm === 'from')
    if (from < 0) return false
    const at = Math.max(0, q.span[0] - 3) + from
    return (
      // ("Shrink the NVMe hot tier from 12 nodes to 8": the verb before its object.)
      tokens.slice(Math.max(0, at - 6), at).some((t) => CHANGE_VERBS.has(t.lemma)) && tokens.slice(q.span[1] + 1, q.span[1] + 6).some((t) => t.norm === 'to')
    )
  }

  // "cut the bill by 20%", "cut no more than 20% off the build", "a saving of about $300 a month": the size of a
  // change, not the level of what changes.
  for (const q of result) {
    // ("gone by week 14" is a deadline: dates are never amounts of change.)
    if (q.kind === 'ordinal') continue
    const [start, end] = q.span
    const changeBefore = tokens.slice(Math.max(0, start - 5), start).some((t) => CHANGE_VERBS.has(t.lemma))
    const by = tokens[start - 1]?.norm === 'by' && changeBefore
    // ("15% off on-demand" is a discount, with or without a verb.)
    const off = (tokens.slice(end + 1, end + 3).some((t) => t.norm === 'off') && changeBefore) || (q.kind === 'percentage' && tokens[end + 1]?.norm === 'off')
    // ("Estimated savings from the migration: roughly $18k a month": a label of savings names a change too.)
    const colon = tokens.findIndex((t) => t.norm === ':')
    const saving =
      tokens.slice(Math.max(0, start - 3), start).some((t) => /^sav(e|es|ed|ing|ings)$/.test(t.norm)) ||
      (colon > 0 && colon < Math.min(8, start) && tokens.slice(0, colon).some((t) => /^savings?$/.test(t.norm)))
    // "a ten percent cut", "a 20% reduction".
    const named = /^(cut|cuts|reduction|increase|drop|saving|savings|decrease|raise)$/.test(tokens[end + 1]?.norm ?? '')
    if (by || off || saving || named) q.change = true
  }

  // "(it was $3.00 until January)", "(was 15 until may '25)", "(previously 30 days)", "(used to be 7 days)": a former
  // value given in brackets beside the present one is history, not a second value the claim sets.
  const former = (q: Quantity) => {
    let open = -1
    for (let k = q.span[0] - 1; k >= 0 && k >= q.span[0] - 6; k--) {
      if (tokens[k].norm === ')') return false
      if (tokens[k].norm === '(') {
        open = k
        break
      }
    }

    // ("used to", not "used": "(used 30 GB last month)" is a measurement.)
    return (
      open >= 0 &&
      tokens
        .slice(open + 1, q.span[0])
        .some((t, k, before) => /^(was|were|previously|formerly|old)$/.test(t.norm) || (t.norm === 'used' && before[k + 1]?.norm === 'to'))
    )
  }

  // "visitors from 11:00 only", "from 1 May onwards": a start, the earliest time, not the time itself.
  for (const q of result) {
    if (q.kind !== 'ordinal' || q.low !== q.high || tokens[q.span[0] - 1]?.norm !== 'from') continue
    if (!/^(only|onwards|onward)$/.test(tokens[q.span[1] + 1]?.norm ?? '')) continue
    q.high = Number.POSITIVE_INFINITY
  }

  // "before the holiday drive starts on 2 November" is before 2 November: the bound governs the date the event is
  // set on.
  for (const q of result) {
    if (q.kind !== 'ordinal' || q.low !== q.high) continue
    let k = q.span[0] - 1
    if (isWeekdayName(tokens[k]?.norm ?? '')) k--
    if (/^(on|in)$/.test(tokens[k]?.norm ?? '')) k--
    if (tokens[k]?.norm === 'off') k--
    if (!/^(start|begin|kick|open|end|close|launch|finish)$/.test(tokens[k]?.lemma ?? '')) continue
    const from = Math.max(0, k - 6)
    const words = tokens.slice(from, k)
    if (words.some((t) => /^[,;:.]$/.test(t.norm))) continue
    const at = words.findIndex((t) => /^(before|after|until|by)$/.test(t.norm))
    if (at < 0 || words.slice(at + 1).some((t) => /^(before|after|until|by)$/.test(t.norm))) continue
    const word = words[at].norm
    if (word === 'after') {
      q.high = Number.POSITIVE_INFINITY
      q.lowOpen = true
    } else {
      q.low = Number.NEGATIVE_INFINITY
      q.highOpen = word === 'before'
    }
  }

  // "combined cl alarm above 0.5 mg/l" sets the alarm at 0.5, as "cl alarm 0.5 mg/l" does: where an alarm trips, its
  // threshold belongs to the bound.
  for (const q of result) {
    const trips = /^(above|over|below|under|exceeds?|exceeding|beyond|more|less|greater|fewer|>|<|>=|<=|≥|≤)$/.test(tokens[q.span[0]]?.norm ?? '')
    const before = tokens.slice(Math.max(0, q.span[0] - 7), q.span[0])
    const alarm = before.some((t) => /^(alarms?|alerts?|alerting|alarming|trips?|warns?|warning|pages?|paged|fires?)$/.test(t.norm))
    // ("don't page below 0.3%": below it nothing trips; the bound is what it says.)
    if (!trips || !alarm || before.some((t) => NEGATION.has(t.norm) || t.norm === 'dont')) continue
    q.lowOpen = false
    q.highOpen = false
  }

  return result.filter((q) => !fromState(q) && !window(q) && !former(q)).sort((a, b) => a.span[0] - b.span[0])
}

const BOUNDS_AFTER: Array<[string[], 'upper' | 'lower']> = [
  [['max'], 'upper'],
  [['maximum'], 'upper'],
  [['at', 'most'], 'upper'],
  [['or', 'less'], 'upper'],
  [['or', 'fewer'], 'upper'],
  [['or', 'shorter'], 'upper'],
  [['no', 'more'], 'upper'],
  [['nothing', 'more'], 'upper'],
  [['nothing', 'longer'], 'upper'],
  [['no', 'longer'], 'upper'],
  [['tops'], 'upper'],
  // "the same 90-day ceiling", "a 10 GB cap": a value named as the bound of something is that bound.
  [['ceiling'], 'upper'],
  [['cap'], 'upper'],
  [['floor'], 'lower'],
  [['min'], 'lower'],
  [['minimum'], 'lower'],
  [['at', 'least'], 'lower'],
  [['or', 'more'], 'lower'],
  [['or', 'longer'], 'lower'],
  [['nothing', 'shorter'], 'lower'],
  [['nothing', 'less'], 'lower'],
  [['no', 'less'], 'lower'],
  [['nothing', 'lower'], 'lower'],
  [['nothing', 'faster'], 'lower'],
  [['nothing', 'higher'], 'upper'],
  [['nothing', 'bigger'], 'upper'],
  [['nothing', 'larger'], 'upper'],
  // "switch off in July at the earliest", "Q3 earliest", "by Friday at the latest".
  [['at', 'the', 'earliest'], 'lower'],
  [['earliest'], 'lower'],
  [['at', 'the', 'latest'], 'upper'],
  [['latest'], 'upper'],
]
const FLIP_FREQUENCY = {lower: 'upper', upper: 'lower'} as const
const ACCEPTED_AS_CEILING = new Set(['percentage', 'duration', 'money', 'money-per-period', 'data-size'])

/** "… is fine", "… is ok", "… are acceptable" within a few words after a value, before any verb or punctuation. */
function acceptedAfter(tokens: Token[], index: number): boolean {
  for (let i = index; i < Math.min(tokens.length, index + 5); i++) {
    const t = tokens[i]
    if (/^(is|are|'s|seems|sounds)$/.test(t.norm)) return /^(fine|ok|okay|acceptable|plenty|enough)$/.test(tokens[i + 1]?.norm ?? '')
    if (t.pos === 'VERB' || t.pos === 'AUX' || (t.pos === 'PUNCT' && t.norm !== '/')) return false
  }

  return false
}

/** A bound written right after a quantity (past a comma or "only"): "36 nodes, no more", "1yr only, nothing longer". */
function boundAfter(tokens: Token[], index: number): 'upper' | 'lower' | undefined {
  let i = index
  while (tokens[i] && (tokens[i].norm === ',' || tokens[i].norm === 'only' || tokens[i].norm === '-')) i++
  for (const [words, bound] of BOUNDS_AFTER) if (words.every((w, k) => tokens[i + k]?.norm === w)) return bound
  // (…past the name of what it caps: "$2,500 STP cap".)
  if (i === index && /^(NOUN|PROPN)$/.test(tokens[i]?.pos ?? '') && UPPER_BOUND_NOUNS.test(tokens[i + 1]?.norm ?? '')) return 'upper'
  return undefined
}

function applyBound(q: Quantity, bound: Bound | undefined, value: number): void {
  if (bound === 'upper' || bound === 'upperStrict') {
    q.low = Number.NEGATIVE_INFINITY
    q.highOpen = bound === 'upperStrict'
  } else if (bound === 'lower' || bound === 'lowerStrict') {
    q.high = Number.POSITIVE_INFINITY
    q.lowOpen = bound === 'lowerStrict'
  } else if (bound === 'approx' && q.low === q.high) {
    q.low = value * 0.9
    q.high = value * 1.1
  }
}

/**
 * A bound on a span of the calendar: "by Q2" ends with Q2, "before Q3" ends where Q3 starts, "after Q2" starts
 * where Q2 ends, "not before Q3" starts with Q3.
 */
function applyCalendarBound(q: Quantity, bound: Bound | undefined): void {
  if (bound === 'upper') q.low = Number.NEGATIVE_INFINITY
  else if (bound === 'upperStrict') [q.low, q.high, q.highOpen] = [Number.NEGATIVE_INFINITY, q.low, true]
  else if (bound === 'lower') q.high = Number.POSITIVE_INFINITY
  else if (bound === 'lowerStrict') [q.low, q.lowOpen, q.high] = [q.high, !q.highOpen, Number.POSITIVE_INFINITY]
}

/** "may take up to", "can use", "is allowed", "need not … longer than": a bound that permits, not one that requires. */
function isPermission(tokens: Token[], start: number): boolean {
  for (let k = start - 1; k >= Math.max(0, start - 6); k--) {
    const n = tokens[k].norm
    if (/^(may|can|could|allowed|permitted|acceptable|fine|ok|okay)$/.test(n)) return true
    if (n === 'need' && NEGATION.has(tokens[k + 1]?.norm ?? '')) return true
    if (/^(must|should|shall|required|needs)$/.test(n) || tokens[k].pos === 'PUNCT') return false
  }

  return false
}

/** An ordered value read at a token: its span [low, high] in its unit and the index of its last token. */
interface OrderedValue {
  unit: string
  low: number
  high: number
  approximate?: number
  highOpen: boolean
  end: number
}

/** The days of the week in order, in full, and their short names (1 = Monday): the one list of them. */
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']
const WEEKDAY_SHORT: Record<string, number> = {mon: 1, tue: 2, tues: 2, wed: 3, thu: 4, thur: 4, thurs: 4, fri: 5, sat: 6, sun: 7}
/** A day's name, full or short ("saturday", "sat"), wherever it stands: beside a date it is part of the date. */
const isWeekdayName = (norm: string): boolean => WEEKDAYS.includes(norm) || WEEKDAY_SHORT[norm] !== undefined
/** The months in order, in full: the one list the engine reads month names from. */
export const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
const MONTH_SHORT: Record<string, number> = {jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12}

/** A word that places a value on the calendar ("March", "dec", "fri", "Q3", "H1"): part of a date, not a thing. */
export function isCalendarWord(word: string): boolean {
  return MONTHS.includes(word) || word in MONTH_SHORT || WEEKDAYS.includes(word) || word in WEEKDAY_SHORT || /^(q[1-4]|h[12])$/.test(word)
}
/** Which third of a month or quarter a word names ("early May", "mid-Q2", "the end of March"). */
const PART: Record<string, number> = {beginning: 0, early: 0, start: 0, mid: 1, middle: 1, end: 2, late: 2}

/** The month a token names (1-12): "may" and "march" only as names, not as the modal or the verb. */
function monthOf(token: Token | undefined): number | undefined {
  if (!token) return undefined
  const at = MONTHS.indexOf(token.norm)
  if (at >= 0) return (token.norm === 'may' || token.norm === 'march') && /^(AUX|VERB)$/.test(token.pos) ? undefined : at + 1
  // "1 Feb." at the end of a sentence
  return MONTH_SHORT[token.norm.replace(/\.$/, '')]
}

const yearAt = (tokens: Token[], k: number): number | undefined => (/^(19|20)\d\d$/.test(tokens[k]?.norm ?? '') ? Number(tokens[k].norm) : undefined)

/**
 * A point in the calendar as months counted from the start of year 0 (month m of year y starts at 12y + m; without
 * a year, at m): "1 Feb", "Feb 1, 2027", "March", "mid-January", "the end of March", "Q3", "Q3 2025", "H2". A
 * month, quarter or half is the interval from its first day to the next one's; a part of it is a third of that.
 */
function calendarAt(tokens: Token[], i: number): OrderedValue | undefined {
  // "by the end of March": the article belongs to the span, so a bound before it still applies.
  let k = tokens[i].norm === 'the' && tokens[i + 1]?.norm in PART ? i + 1 : i
  let part: number | undefined
  const joined = /^(early|mid|late)-(.+)$/.exec(tokens[k].norm)
  let word = joined ? joined[2] : tokens[k].norm
  if (joined) part = PART[joined[1]]
  else if (tokens[k].norm in PART) {
    // "early May", "early-April", "the end of March", "mid Q2"
    let j = k + 1
    if (tokens[j]?.norm === '-' || tokens[j]?.norm === 'of') j++
    if (tokens[j]?.norm === 'the') j++
    if (monthOf(tokens[j]) === undefined && !/^[qh][1-4]$/.test(tokens[j]?.norm ?? '')) return undefined
    part = PART[tokens[k].norm]
    k = j
    word = tokens[k].norm
  }

  let low: number
  let span: number
  let day: number | undefined
  // ("Windows 10 21H2": a half glued to a two-digit year names a Windows release, not a date.)
  const release = /^h[12]$/.test(word) && k > 0 && /^\d\d$/.test(tokens[k - 1].norm)
  const quarter = release ? null : /^([qh])([1-4])$/.exec(word)
  const month = joined ? monthOf({...tokens[k], norm: word, pos: 'PROPN'}) : monthOf(tokens[k])
  if (quarter && (quarter[1] === 'q' || quarter[2] <= '2')) {
    span = quarter[1] === 'q' ? 3 : 6
    low = (Number(quarter[2]) - 1) * span + 1
  } else if (
    month !== undefined &&
    part === undefined &&
    /^\d{1,2}$/.test(tokens[k + 1]?.norm ?? '') &&
    Number(tokens[k + 1].norm) <= 31 &&
    !unitAt(tokens, k + 2)
  ) {
    // "Feb 1", "March 31, 2027"
    ;[low, span, day] = [month, 1, Number(tokens[k + 1].norm)]
    k++
  } else if (month !== undefined) {
    ;[low, span] = [month, 1]
  } else if (part === undefined && /^\d{1,2}[-–/]\d{1,2}$/.test(word) && monthOf(tokens[k + 1]) !== undefined) {
    // "11-12 April", "21/22 mar": two days of one month, from the first to the second.
    const [first, last] = word.split(/[-–/]/).map(Number)
    const named = monthOf(tokens[k + 1])!
    if (first < 1 || last > 31 || last <= first) return undefined
    k++
    const year = yearAt(tokens, k + 1)
    if (year !== undefined) k++
    const base = named + (year ?? 0) * 12
    return {end: k, high: base + (last - 1) / 31, highOpen: false, low: base + (first - 1) / 31, unit: 'month'}
  } else if (part === undefined && /^\d{1,2}(st|nd|rd|th)?$/.test(word) && Number.parseInt(word, 10) <= 31) {
    // "1 Feb", "1st of March"
    const j = tokens[k + 1]?.norm === 'of' ? k + 2 : k + 1
    const named = monthOf(tokens[j])
    if (named === undefined) return undefined
    ;[low, span, day] = [named, 1, Number.parseInt(word, 10)]
    k = j
  } else {
    return undefined
  }

  const year = yearAt(tokens, k + 1) ?? (tokens[k + 1]?.norm === ',' ? yearAt(tokens, k + 2) : undefined)
  if (year !== undefined) k += tokens[k + 1]?.norm === ',' ? 2 : 1
  low += (year ?? 0) * 12
  if (day !== undefined) {
    const at = low + (day - 1) / 31
    return {end: k, high: at, highOpen: false, low: at, unit: 'month'}
  }

  if (part !== undefined)
    return {approximate: span / 3, end: k, high: low + (span * (part + 1)) / 3, highOpen: part === 2, low: low + (span * part) / 3, unit: 'month'}
  return {end: k, high: low + span, highOpen: true, low, unit: 'month'}
}

/** "week 12", "sprint 4": an ordered value with its unit. */
function ordinalAt(tokens: Token[], i: number): OrderedValue | undefined {
  const norm = tokens[i].norm
  if (/^(week|wk|sprint|day|release|iteration|milestone)$/.test(norm) && /^\d{1,3}$/.test(tokens[i + 1]?.norm ?? '') && !unitAt(tokens, i + 2)) {
    const value = Number(tokens[i + 1].norm)
    return {end: i + 1, high: value, highOpen: false, low: value, unit: norm === 'wk' ? 'week' : norm}
  }

  return undefined
}

/** Hours east of UTC of the time zones notes write after a time of day ("16:00 CET"). */
export const TIME_ZONES: Record<string, number> = {
  utc: 0,
  gmt: 0,
  z: 0,
  bst: 1,
  cet: 1,
  cest: 2,
  eet: 2,
  eest: 3,
  ist: 5.5,
  sgt: 8,
  jst: 9,
  aest: 10,
  est: -5,
  edt: -4,
  cdt: -5,
  pst: -8,
  pdt: -7,
}
const CLOCK = /^([01]?\d|2[0-3]):([0-5]\d)(am|pm)?$/
const CLOCK_RANGE = /^([01]?\d|2[0-3]):([0-5]\d)[-–]([01]?\d|2[0-3]):([0-5]\d)$/
const MERIDIEM = /^(1[0-2]|0?[1-9])(?::([0-5]\d))?(am|pm)$/

/**
 * A time of day: "16:00", "4:30pm", "2am", "4 pm", a window "09:00-16:00", in hours, read in UTC when a time zone
 * follows ("16:00 UTC" and "17:00 CET" are one time). Two claims that set one event at different times disagree.
 */
function clockAt(tokens: Token[], i: number): OrderedValue | undefined {
  const norm = tokens[i].norm
  const hours = (h: string, m: string | undefined, meridiem?: string) => {
    const base = Number(h) % (meridiem ? 12 : 24)
    return base + (meridiem === 'pm' ? 12 : 0) + Number(m ?? 0) / 60
  }
  let low: number | undefined
  let high: number | undefined
  let end = i
  const range = CLOCK_RANGE.exec(norm)
  const clock = CLOCK.exec(norm)
  const meridiem = MERIDIEM.exec(norm)
  if (range) [low, high] = [hours(range[1], range[2]), hours(range[3], range[4])]
  else if (clock) low = high = hours(clock[1], clock[2], clock[3])
  else if (meridiem) low = high = hours(meridiem[1], meridiem[2], meridiem[3])
  // ("3 am", "3 a.m.", "4 p.m")
  else if (/^(1[0-2]|0?[1-9])$/.test(norm) && /^([ap])\.?m\.?$/.test(tokens[i + 1]?.norm ?? '')) {
    low = high = hours(norm, undefined, `${tokens[i + 1].norm[0]}m`)
    end = i + 1
  }

  // (An overnight window, "22:00-06:00", is not one interval of the day.)
  if (low === undefined || high === undefined || high < low) return undefined
  const zone = TIME_ZONES[tokens[end + 1]?.norm ?? '']
  if (zone !== undefined) {
    end++
    low -= zone
    high -= zone
  }

  return {end, high, highOpen: false, low, unit: 'clock'}
}

/** Words before a day of the week that make a short name ("mon", "sun") the day, not another word. */
const BEFORE_WEEKDAY = /^(on|every|each|from|until|till|by|next|this|before|after|through|thru)$/

/** The day of the week a word names (1 = Monday), full or plural ("Wednesdays"), or short where it plainly is one. */
function weekdayOf(tokens: Token[], i: number): number | undefined {
  const norm = tokens[i]?.norm ?? ''
  const full = WEEKDAYS.indexOf(norm.replace(/s$/, ''))
  if (full >= 0) return full + 1
  const short = WEEKDAY_SHORT[norm]
  if (short === undefined) return undefined
  // "mon 10:00", "on wed", "mon-thu": a short name next to a time, a date word or another day.
  const next = tokens[i + 1]?.norm ?? ''
  const plain =
    BEFORE_WEEKDAY.test(tokens[i - 1]?.norm ?? '') ||
    CLOCK.test(next) ||
    MERIDIEM.test(next) ||
    (/^[-–]$/.test(next) && WEEKDAY_SHORT[tokens[i + 2]?.norm ?? ''] !== undefined) ||
    (/^[-–]$/.test(tokens[i - 1]?.norm ?? '') && WEEKDAY_SHORT[tokens[i - 2]?.norm ?? ''] !== undefined)
  return plain ? short : undefined
}

/**
 * A day of the week, or days: "on Monday", "mon 10:00", "Wednesdays", "Monday to Thursday", "mon-thu", "weekdays",
 * "weekends". Two claims that set one event on different days disagree.
 */
function weekdayAt(tokens: Token[], i: number): OrderedValue | undefined {
  const norm = tokens[i].norm
  if (/^weekdays?$/.test(norm)) return {end: i, high: 5, highOpen: false, low: 1, unit: 'weekday'}
  if (/^weekends?$/.test(norm)) return {end: i, high: 7, highOpen: false, low: 6, unit: 'weekday'}
  const day = weekdayOf(tokens, i)
  // "Black Friday", "Cyber Monday": a day of the year with a name, not a day of the week someone picks.
  if (day === undefined || /^(black|cyber|good|easter|whit)$/.test(tokens[i - 1]?.norm ?? '')) return undefined
  const to = tokens[i + 1]?.norm ?? ''
  const last = /^([-–]|to|through|thru|until|till)$/.test(to) ? weekdayOf(tokens, i + 2) : undefined
  // (A week that wraps, "fri-mon", is not one interval.)
  if (last !== undefined) return last > day ? {end: i + 2, high: last, highOpen: false, low: day, unit: 'weekday'} : undefined
  return {end: i, high: day, highOpen: false, low: day, unit: 'weekday'}
}

/** Whether "a"/"an" at `i` means "per": after a quantity, a unit or a frequency ("$300 a month", "twice a day"). */
function isPeriodOf(tokens: Token[], i: number): boolean {
  const before = tokens[i - 1]
  if (!before) return false
  return (
    before.type === 'number' ||
    /^\d/.test(before.norm) ||
    before.norm in TIME ||
    before.norm in BYTES ||
    before.norm in CURRENCY ||
    before.norm === '%' ||
    /^(once|twice|thrice|times|per)$/.test(before.norm) ||
    (before.pos === 'NOUN' && /s$/.test(before.norm) && tokens[i - 2]?.type === 'number')
  )
}

/** Nouns that name a bound of something ("autoscaler ceiling", "latency target"): the something is what is measured. */
export const BOUND_HEADS = new Set([
  'ceiling',
  'cap',
  'limit',
  'max',
  'maximum',
  'min',
  'minimum',
  'floor',
  'target',
  'threshold',
  'goal',
  'bound',
  'objective',
  'slo',
  'sla',
])

/**
 * The noun a quantity is about: the noun right after it, else the nearest one before it (within 5 tokens). A bound
 * word is passed over for what it bounds: "the autoscaler ceiling should be 50 nodes" and "Autoscaler: max of 60
 * nodes" are both about the autoscaler.
 */
function anchorFor(tokens: Token[], start: number, end: number): string | undefined {
  const next = tokens[end + 1]
  // ("5 minutes end to end" says over what span, it names no measured thing.)
  const endToEnd = next?.norm === 'end' && tokens[end + 2]?.norm === 'to'
  if (next && CONTENT_POS.has(next.pos) && !(next.norm in PERIODS) && !(next.norm in TIME) && !endToEnd) return next.lemma
  // ("1 min sliding window", "30 s rolling average": the noun after one modifier.)
  const after = tokens[end + 2]
  if (next && (next.pos === 'ADJ' || (next.pos === 'VERB' && /(ing|ed)$/.test(next.norm))) && after && CONTENT_POS.has(after.pos) && !(after.norm in PERIODS))
    return after.lemma
  let bound: string | undefined
  // (An aside in brackets is passed over: "exceptions (ext not on the list) are good for 6 months" are exceptions'.)
  let skipped = 0
  for (let k = start - 1; k >= Math.max(0, start - skipped - (bound ? 7 : 5)); k--) {
    if (tokens[k].norm === ')') {
      const open = tokens
        .slice(0, k)
        .map((t) => t.norm)
        .lastIndexOf('(')
      if (open >= 0) {
        skipped += k - open + 1
        k = open
        continue
      }
    }

    if (!CONTENT_POS.has(tokens[k].pos) || tokens[k].norm in TIME || tokens[k].norm in TIME_ZONES) continue
    // (A noun inside a relative clause is not what the value is of: "keep every AMI that ran in prod for 13 months"
    // keeps AMIs.)
    const relative = relativeHead(tokens, k)
    if (relative !== undefined) return relative
    if (!BOUND_HEADS.has(tokens[k].lemma) || bound) return tokens[k].lemma
    bound = tokens[k].lemma
  }

  return bound
}

/** The noun a relative clause holding token `k` hangs on ("AMI" for "prod" in "every AMI that ran in prod"). */
function relativeHead(tokens: Token[], k: number): string | undefined {
  for (let r = k - 1; r > 0 && r >= k - 4; r--) {
    if (tokens[r].type === 'punctuation') return undefined
    if (/^(that|which|who)$/.test(tokens[r].norm) && /^(NOUN|PROPN)$/.test(tokens[r - 1].pos)) return tokens[r - 1].lemma
  }

  return undefined
}

/**
 * A plural noun the tagger read as a verb, ending a counted run: "2 exception deploys per day", "10 exception deploys
 * total" (what follows is a period, "total", punctuation or the end).
 */
function pluralReadAsVerb(tokens: Token[], i: number): boolean {
  const t = tokens[i]
  if (t.pos !== 'VERB' || !/[^s]s$/.test(t.norm)) return false
  const next = tokens[i + 1]
  return next === undefined || next.type === 'punctuation' || /^(per|a|an|total|each)$/.test(next.norm)
}

/** "per stream", "per env", "for each team" at `i`: the lemma it is counted for, and its index; not a period ("per month"). */
function perNoun(tokens: Token[], i: number): [string, number] | undefined {
  let at = tokens[i]?.norm === 'per' ? i + 1 : tokens[i]?.norm === 'for' && tokens[i + 1]?.norm === 'each' ? i + 2 : -1
  // ("per free org", "per active user": the noun after one adjective.)
  if (at > 0 && tokens[at]?.pos === 'ADJ' && /^(NOUN|PROPN)$/.test(tokens[at + 1]?.pos ?? '')) at++
  const noun = tokens[at]
  if (at < 0 || !noun || !/^(NOUN|PROPN)$/.test(noun.pos) || noun.norm in PERIODS || noun.lemma in PERIODS) return undefined
  // ("per head", "per engineer": per person.)
  return [noun.lemma === 'head' ? 'person' : countedUnit(noun.lemma), at]
}

/**
 * The unit a setting's name ends in, for the bare number given to it: "activeDeadlineSeconds: 3600",
 * "retention-days: 7", "retention.ms=86400000", "set stsSeconds to 31536000" are durations. Only after ":", "=" or
 * "to", and only a time unit that ends a name of at least two words (or is joined to one by "-" or ".").
 */
function unitOfSetting(tokens: Token[], start: number): [string, number] | undefined {
  let k = start - 1
  // (A bound between the name and its value: "set timeout-minutes to no more than 60".)
  const bound = /^(no|more|less|than|at|most|least|up|to|under|over|below|above|max|min)$/
  for (let skipped = 0; skipped < 3 && k > 0 && bound.test(tokens[k].norm) && !/^(:|=)$/.test(tokens[k].norm); skipped++) {
    if (tokens[k].norm === 'to' && !bound.test(tokens[k - 1]?.norm ?? '')) break
    k--
  }
  while (k >= 0 && /^[`'"]$/.test(tokens[k].norm)) k--
  if (!/^(:|=|to)$/.test(tokens[k]?.norm ?? '')) return undefined
  k--
  while (k >= 0 && /^[`'"]$/.test(tokens[k].norm)) k--
  const unit = tokens[k]?.norm ?? ''
  const before = tokens[k - 1]
  if (!(unit in TIME) || unit.length < 2 || !before) return undefined
  const joined = /^[-.]$/.test(before.norm) && CONTENT_POS.has(tokens[k - 2]?.pos ?? '')
  return joined || CONTENT_POS.has(before.pos) || before.pos === 'ADJ' ? [unit, start] : undefined
}

/**
 * The setting a bare number is the value of: a run of nouns just before ":", "=", "at", "to", an arrow or "should / must be"
 * ("backoff limit: 3", "failed jobs history limit at 5"), neither a scope nor a calendar word. A name of several
 * words is "setting …", so that it only meets another value of that setting; one noun is what is counted. A bound
 * and one noun ("minReplicas: 3", "max pods = 20") bound the count of that noun: a floor of 3 pods.
 */
function settingBefore(tokens: Token[], start: number): {bound?: 'lower' | 'upper'; unit: string} | undefined {
  let k = start - 1
  // ("keep max_freeze_age at or below 200M", "max_workers under 10": a bound on the setting's value.)
  // ("page once XID age crosses 1.5B": a threshold on a value of a name of several words.)
  let threshold = false
  if (/^(below|above|under|over)$/.test(tokens[k]?.norm ?? '')) k -= tokens[k - 1]?.norm === 'or' && tokens[k - 2]?.norm === 'at' ? 3 : 1
  else if (/^(pass|passes|cross|crosses|exceed|exceeds|reach|reaches|hit|hits|tops)$/.test(tokens[k]?.norm ?? '')) {
    threshold = true
    k--
  } else if (/^(:|=|at|to|→)$/.test(tokens[k]?.norm ?? '')) {
    k--
    // ("`maxExecutors` capped at 40 per job": the verb that sets the value stands between name and value.)
    if (/^(at|to)$/.test(tokens[k + 1].norm) && /^(capped|set|limited|pinned|fixed|held|kept)$/.test(tokens[k]?.norm ?? '')) k--
  }
  // ("gc threshold -> 70": notes set a value with an arrow.)
  else if (tokens[k]?.norm === '>' && tokens[k - 1]?.norm === '-') k -= 2
  else if (tokens[k]?.norm === 'be' && /^(should|must)$/.test(tokens[k - 1]?.norm ?? '')) k -= 2
  // ("stays on RF 2.": a short name of a setting and its bare value, after "on", "at" or "to".)
  else if (
    tokens[k]?.pos === 'PROPN' &&
    /^[a-z]{2,3}$/.test(tokens[k].norm) &&
    /^(on|at|to)$/.test(tokens[k - 1]?.norm ?? '') &&
    (!tokens[start + 1] || tokens[start + 1].type === 'punctuation')
  )
    return {unit: `setting ${tokens[k].lemma}`}
  else return undefined
  // (A name in code quotes: "`backoffLimit` should be 0".)
  while (k >= 0 && /^[`'"]$/.test(tokens[k].norm)) k--
  const run: Token[] = []
  while (k >= 0 && run.length < 4 && (CONTENT_POS.has(tokens[k].pos) || (tokens[k].pos === 'VERB' && /ed$/.test(tokens[k].norm) && run.length > 0))) {
    run.unshift(tokens[k])
    k--
  }

  const name = run.map((t) => t.norm)
  if (threshold && run.length < 2) return undefined
  // (…the last two words of a longer name too: "linux-default maxRunners: 40" caps runners.)
  const [boundWord, bounded] = run.slice(-2)
  const bound = run.length >= 2 ? SETTING_BOUNDS[boundWord.norm] : undefined
  if (bound && bounded.norm !== bounded.lemma && !(bounded.norm in TIME)) return {bound, unit: countedUnit(bounded.lemma)}
  if (name.length === 0 || name.some((w) => /^\d/.test(w) || w in TIME || w in PERIODS || isCalendarWord(w) || SCOPE_LABELS.has(w))) return undefined
  // ("replicas: 3" counts replicas, as "3 replicas" does; a singular noun before a colon is a label of what follows:
  // "two keys per person: one on the keyring".)
  // …unless the number is all there is to the value ("burst: 50 for keys", "burst: 100 flat"): the setting's value.
  if (run.length === 1) {
    // ("RF=3 with min.insync.replicas=2": a value given with "=" is the setting's, whatever follows.)
    if (tokens[start - 1]?.norm === '=' && run[0].norm === run[0].lemma) return {unit: `setting ${run[0].lemma}`}
    // (A name in code, "autovacuum_freeze_max_age", is a setting whatever its last part looks like.)
    if (/[_.]/.test(run[0].lemma)) return {unit: `setting ${run[0].lemma}`}
    if (run[0].norm !== run[0].lemma || run[0].lemma === 'headcount') return {unit: countedUnit(run[0].lemma)}
    const next = tokens[start + 1]
    const bare = tokens[k]?.type !== 'word' && (!next || next.type === 'punctuation' || /^(for|on|per|in|flat|default|max|min)$/.test(next.norm))
    return bare && run[0].pos === 'NOUN' ? {unit: `setting ${run[0].lemma}`} : undefined
  }

  return {unit: `setting ${name.join(' ')}`}
}

/** The first word of a setting's name that makes its value a bound: "minReplicas", "max_pods". */
const SETTING_BOUNDS: Record<string, 'lower' | 'upper'> = {max: 'upper', maximum: 'upper', min: 'lower', minimum: 'lower', cap: 'upper', limit: 'upper'}

const SCOPE_LABELS = new Set([
  'production',
  'prod',
  'staging',
  'dev',
  'test',
  'recommendation',
  'target',
  'default',
  'summary',
  'tldr',
  'note',
  'phase',
  'step',
  'tier',
  'sev',
  'p',
])

/** "the number of labels per stream … 10": what a bare number counts, from "number of" / "count of" earlier in the clause. */
function countedBefore(tokens: Token[], start: number): string | undefined {
  // "once in-flight requests per pod exceed 120": a threshold verb after the counted plural (and its "per …").
  if (/^(exceed|exceeds|exceeding|exceeded|reach|reaches|hit|hits|top|tops)$/.test(tokens[start - 1]?.norm ?? '')) {
    let k = start - 2
    let each: string | undefined
    if (tokens[k - 1]?.norm === 'per' && /^(NOUN|PROPN)$/.test(tokens[k]?.pos ?? '')) {
      each = perNoun(tokens, k - 1)?.[0]
      k -= 2
    }
    const noun = tokens[k]
    if (noun && /^(NOUN|PROPN)$/.test(noun.pos) && noun.norm !== noun.lemma && !(noun.lemma in TIME) && !(noun.lemma in PERIODS)) {
      const unit = countedUnit(noun.lemma)
      return each ? `${unit}/${each}` : unit
    }
  }

  // "fixed allowlist of widths, 6 max": a bound after the value counts the plural the phrase before it ends with.
  const plural = tokens[start - 2]
  if (
    tokens[start - 1]?.norm === ',' &&
    /^(max|maximum|tops)$/.test(tokens[start + 1]?.norm ?? '') &&
    plural?.pos === 'NOUN' &&
    plural.norm !== plural.lemma &&
    !(plural.lemma in TIME) &&
    !(plural.lemma in PERIODS)
  )
    return countedUnit(plural.lemma)

  for (let k = start - 1; k >= 1; k--) {
    if (/^(number|count)$/.test(tokens[k].norm) && tokens[k + 1]?.norm === 'of' && /^(NOUN|PROPN)$/.test(tokens[k + 2]?.pos ?? '')) {
      const noun = tokens[k + 2]
      const unit = countedUnit(noun.lemma)
      const each = perNoun(tokens, k + 3)
      return each ? `${unit}/${each[0]}` : unit
    }
  }

  return undefined
}

/**
 * How many times the larger value is the smaller, each taken at its finite end (the upper one when both are
 * finite): Infinity when one is zero, NaN when a value is unbounded on both sides.
 */
export function ratioApart(a: Quantity, b: Quantity): number {
  const size = (q: Quantity) => Math.abs(Number.isFinite(q.high) ? q.high : q.low)
  const [x, y] = [size(a), size(b)].sort((m, n) => m - n)
  return y === 0 ? 1 : y / x
}

/** True when the two intervals cannot both hold. */
/**
 * Two calendar values, one with a year ("the end of February 2027") and one without ("in July"): the one without is
 * taken in the other's year, as a reader of one meeting would. Copies; unchanged when both or neither name a year.
 */
export function inOneYear(a: Quantity, b: Quantity): [Quantity, Quantity] {
  if (a.kind !== 'ordinal' || a.unit !== 'month' || b.dimension !== a.dimension) return [a, b]
  const yearOf = (q: Quantity) => {
    const at = Number.isFinite(q.low) ? q.low : q.high
    return at >= 24 ? Math.floor((at - 1) / 12) : undefined
  }
  const [ya, yb] = [yearOf(a), yearOf(b)]
  if ((ya === undefined) === (yb === undefined)) return [a, b]
  const shift = (q: Quantity, year: number): Quantity => ({...q, high: q.high + year * 12, low: q.low + year * 12})
  return ya === undefined ? [shift(a, yb!), b] : [a, shift(b, ya)]
}

export function disjoint(a: Quantity, b: Quantity): boolean {
  const scale = Math.max(1, ...[a.low, a.high, b.low, b.high].filter((x) => Number.isFinite(x)).map((x) => Math.abs(x)))
  // (A rate per month read per day is one too: "43.2k runs/mo" is "1440 runs/day".)
  const weeksAsMonths = a.kind === 'duration' && ((IN_WEEKS.test(a.text) && IN_MONTHS.test(b.text)) || (IN_MONTHS.test(a.text) && IN_WEEKS.test(b.text)))
  const eps =
    (weeksAsMonths ? WEEKS_AS_MONTHS_TOLERANCE : a.kind === 'duration' || a.kind === 'money-per-period' || a.kind === 'rate' ? CALENDAR_TOLERANCE : 1e-9) *
    scale
  // a entirely below b?
  if (a.high < b.low - eps) return true
  if (Math.abs(a.high - b.low) <= eps && (a.highOpen || b.lowOpen)) return true
  if (b.high < a.low - eps) return true
  if (Math.abs(b.high - a.low) <= eps && (b.highOpen || a.lowOpen)) return true
  return false
}

/**
 * Two bounds that both set a limit on one thing ("at most 10 minutes" / "up to 20 minutes", "at least 3 replicas" /
 * "at least 5 replicas") overlap as intervals, but as rules they disagree on the limit. A permission that allows
 * more than a requirement tolerates ("may take up to 20 minutes" / "must finish within 10 minutes") conflicts too.
 */
export function differentLimits(a: Quantity, b: Quantity): boolean {
  const upper = (q: Quantity) => !Number.isFinite(q.low) && Number.isFinite(q.high)
  const lower = (q: Quantity) => Number.isFinite(q.low) && !Number.isFinite(q.high)
  // Positions in the calendar differ by more than three days (months since year 0 are large numbers: "by 30
  // Sep" and "by the end of Q3" are one deadline); other values by 5 %.
  // …or by more than the part of a month a deadline names ("by mid-March" / "by 15 March" are one deadline).
  const slack = Math.max(0.1, a.approximate ?? 0, b.approximate ?? 0)
  const rel = (x: number, y: number) => (a.kind === 'ordinal' ? (Math.abs(x - y) > slack ? 1 : 0) : Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-9))
  if (upper(a) && upper(b)) return rel(a.high, b.high) > 0.05
  if (lower(a) && lower(b)) return rel(a.low, b.low) > 0.05
  return false
}
