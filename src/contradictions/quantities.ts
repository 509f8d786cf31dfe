import type {Token} from './nlp.js'

/**
 * Quantities with units and comparators, read from a token stream: "under 2 s", "99.9%", "$1,200",
 * "at least 3 replicas", "500 ms". Each becomes an interval on one dimension, so "under 2 s" vs "5 s"
 * is a conflict (disjoint) while "under 2 s" vs "1.2 s" is not (1.2 lies inside).
 */
export interface Quantity {
  /** Dimension key: "time", "percent", "money:usd", "bytes", "rate", "count:replica", … plus a "/period" when per-period. */
  dimension: string
  low: number
  high: number
  lowOpen: boolean
  highOpen: boolean
  /** The content word the quantity is about, when one is near ("uptime" in "99.9% uptime"). */
  anchor?: string
  /** How it was written, for reports. */
  text: string
}

const TIME: Record<string, number> = {
  d: 86_400, day: 86_400, days: 86_400, h: 3600, hour: 3600, hours: 3600, hr: 3600, hrs: 3600,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60, ms: 0.001, millisecond: 0.001, milliseconds: 0.001,
  s: 1, sec: 1, second: 1, seconds: 1, secs: 1, week: 604_800, weeks: 604_800,
}
const BYTES: Record<string, number> = {
  b: 1, byte: 1, bytes: 1, gb: 1e9, gib: 2 ** 30, kb: 1e3, kib: 1024, mb: 1e6, mib: 2 ** 20, tb: 1e12, tib: 2 ** 40,
}
const RATE: Record<string, number> = {qps: 1, rps: 1, 'req/s': 1, rpm: 1 / 60}
const CURRENCY: Record<string, string> = {$: 'usd', dollar: 'usd', dollars: 'usd', eur: 'eur', euro: 'eur', euros: 'eur', usd: 'usd', '€': 'eur', '£': 'gbp'}
const NUMBER_WORDS: Record<string, number> = {
  eight: 8, eleven: 11, five: 5, four: 4, nine: 9, one: 1, seven: 7, six: 6, ten: 10, three: 3, twelve: 12, twenty: 20, two: 2,
  dozen: 12, hundred: 100, thousand: 1000,
}
const PERIODS: Record<string, string> = {
  annually: 'year', daily: 'day', day: 'day', hour: 'hour', hourly: 'hour', month: 'month', monthly: 'month',
  quarter: 'quarter', quarterly: 'quarter', week: 'week', weekly: 'week', year: 'year', yearly: 'year',
}

type Bound = 'upper' | 'upperStrict' | 'lower' | 'lowerStrict' | 'approx'
const COMPARATORS: Array<[string[], Bound]> = [
  [['less', 'than'], 'upperStrict'], [['fewer', 'than'], 'upperStrict'], [['at', 'most'], 'upper'], [['no', 'more', 'than'], 'upper'],
  [['up', 'to'], 'upper'], [['more', 'than'], 'lowerStrict'], [['at', 'least'], 'lower'], [['no', 'less', 'than'], 'lower'],
  [['greater', 'than'], 'lowerStrict'], [['under'], 'upperStrict'], [['below'], 'upperStrict'], [['within'], 'upper'],
  [['max'], 'upper'], [['maximum'], 'upper'], [['<'], 'upperStrict'], [['<='], 'upper'], [['≤'], 'upper'],
  [['over'], 'lowerStrict'], [['above'], 'lowerStrict'], [['exceeds'], 'lowerStrict'], [['min'], 'lower'], [['minimum'], 'lower'],
  [['>'], 'lowerStrict'], [['>='], 'lower'], [['≥'], 'lower'], [['about'], 'approx'], [['around'], 'approx'],
  [['roughly'], 'approx'], [['approximately'], 'approx'], [['~'], 'approx'], [['nearly'], 'approx'], [['almost'], 'approx'],
]

const CONTENT_POS = new Set(['NOUN', 'PROPN'])

function parseNumber(raw: string): number | undefined {
  const text = raw.replace(/,(?=\d{3}\b)/g, '')
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined
  return Number(text)
}

function comparatorBefore(tokens: Token[], index: number): Bound | undefined {
  for (const [words, bound] of COMPARATORS) {
    const start = index - words.length
    if (start < 0) continue
    if (words.every((w, k) => tokens[start + k].norm === w)) return bound
  }

  return undefined
}

/** Extracts quantities in token order. Four-digit years are not quantities: they mark time (see features). */
export function extractQuantities(tokens: Token[]): Quantity[] {
  const result: Quantity[] = []
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]
    let value: number | undefined
    let unit: string | undefined
    let end = i // index of the last token of the quantity
    const fused = /^(\d[\d,]*(?:\.\d+)?)([a-z%€$]+|k)$/.exec(token.norm) // "500ms", "2s", "1.2k"
    if (fused) {
      value = parseNumber(fused[1])
      unit = fused[2]
      if (unit === 'k') {
        value = value === undefined ? undefined : value * 1000
        unit = undefined
      }
    } else if (token.type === 'number' || /^\d/.test(token.norm)) {
      value = parseNumber(token.norm)
    } else if (token.norm in NUMBER_WORDS && tokens[i + 1] && CONTENT_POS.has(tokens[i + 1].pos)) {
      value = NUMBER_WORDS[token.norm]
    } else if ((token.norm === 'a' || token.norm === 'an') && /^(minute|hour|day|week)$/.test(tokens[i + 1]?.norm ?? '') && !isPeriodOf(tokens, i)) {
      value = 1 // "takes an hour"; not "$300 a month" or "twice a day", where "a" means "per" (nor "a second reviewer")
    }

    if (value === undefined) continue
    if (!unit && /^(19|20)\d\d$/.test(token.norm)) continue // a year
    if (tokens[i - 1]?.norm === 'v' || /^v\d/.test(token.norm)) continue // a version, not a quantity

    let currency = CURRENCY[tokens[i - 1]?.norm ?? '']
    const startIndex = currency ? i - 1 : i
    if (!unit && tokens[i + 1]) {
      const next = tokens[i + 1].norm.replace(/\.$/, '') // "2 s." at a sentence end
      if (next === '%' || next === 'percent' || next in TIME || next in BYTES || next in RATE || next in CURRENCY) {
        unit = next
        end = i + 1
        if (next === 'req' && tokens[i + 2]?.norm === '/' && tokens[i + 3]?.norm === 's') end = i + 3
      }
    }

    let dimension: string
    let scaled = value
    if (currency || (unit && unit in CURRENCY)) {
      currency ??= CURRENCY[unit!]
      dimension = `money:${currency}`
    } else if (unit === '%' || unit === 'percent') {
      dimension = 'percent'
    } else if (unit && unit in TIME) {
      dimension = 'time'
      scaled = value * TIME[unit]
    } else if (unit && unit in BYTES) {
      dimension = 'bytes'
      scaled = value * BYTES[unit]
    } else if (unit && unit in RATE) {
      dimension = 'rate'
      scaled = value * RATE[unit]
    } else if (tokens[end + 1] && CONTENT_POS.has(tokens[end + 1].pos)) {
      // A count of things: "3 replicas", "two dogs".
      dimension = `count:${tokens[end + 1].lemma}`
      end += 1
    } else {
      continue // a bare number: too ambiguous to compare
    }

    // Per-period quantities ("$780 per month", "5 deploys a week") only compare with the same period.
    const after = tokens.slice(end + 1, end + 4).map((t) => t.norm)
    let period: string | undefined
    if ((after[0] === 'per' || after[0] === 'a' || after[0] === 'an' || after[0] === 'each' || after[0] === '/') && after[1] in PERIODS) period = PERIODS[after[1]]
    else if (after[0] in PERIODS && after[0].endsWith('ly')) period = PERIODS[after[0]]
    if (period) dimension += `/${period}`

    const bound = comparatorBefore(tokens, startIndex)
    const q: Quantity = {dimension, high: scaled, highOpen: false, low: scaled, lowOpen: false, text: tokens.slice(startIndex, end + 1).map((t) => t.norm.replace(/\.$/, '')).join(' ').replace(/([$€£]) /, '$1').replace(/ %/, '%')}
    if (bound === 'upper' || bound === 'upperStrict') {
      q.low = Number.NEGATIVE_INFINITY
      q.highOpen = bound === 'upperStrict'
    } else if (bound === 'lower' || bound === 'lowerStrict') {
      q.high = Number.POSITIVE_INFINITY
      q.lowOpen = bound === 'lowerStrict'
    } else if (bound === 'approx') {
      q.low = scaled * 0.9
      q.high = scaled * 1.1
    }

    // "between 2 and 5 s"
    if (tokens[startIndex - 1]?.norm === 'between' && tokens[end + 1]?.norm === 'and') {
      const upper = parseNumber(tokens[end + 2]?.norm ?? '')
      if (upper !== undefined) q.high = upper * (scaled / value)
    }

    q.anchor = anchorFor(tokens, startIndex, end)
    result.push(q)
    i = end
  }

  return result
}

/** Whether "a"/"an" at `i` means "per": after a quantity, a unit or a frequency ("$300 a month", "twice a day"). */
function isPeriodOf(tokens: Token[], i: number): boolean {
  const before = tokens[i - 1]
  if (!before) return false
  return before.type === 'number' || /^\d/.test(before.norm) || before.norm in TIME || before.norm in BYTES || before.norm in CURRENCY
    || before.norm === '%' || /^(once|twice|thrice|times|per)$/.test(before.norm) || before.pos === 'NOUN' && /s$/.test(before.norm) && tokens[i - 2]?.type === 'number'
}

/** The noun a quantity is about: the noun right after it, else the nearest one before it (within 5 tokens). */
function anchorFor(tokens: Token[], start: number, end: number): string | undefined {
  const next = tokens[end + 1]
  if (next && CONTENT_POS.has(next.pos) && !(next.norm in PERIODS)) return next.lemma
  for (let k = start - 1; k >= Math.max(0, start - 5); k--) {
    if (CONTENT_POS.has(tokens[k].pos) && !(tokens[k].norm in TIME)) return tokens[k].lemma
  }

  return undefined
}

/** True when the two intervals cannot both hold. */
export function disjoint(a: Quantity, b: Quantity): boolean {
  const eps = 1e-9 * Math.max(1, ...[a.low, a.high, b.low, b.high].filter((x) => Number.isFinite(x)).map((x) => Math.abs(x)))
  // a entirely below b?
  if (a.high < b.low - eps) return true
  if (Math.abs(a.high - b.low) <= eps && (a.highOpen || b.lowOpen)) return true
  if (b.high < a.low - eps) return true
  if (Math.abs(b.high - a.low) <= eps && (b.highOpen || a.lowOpen)) return true
  return false
}
