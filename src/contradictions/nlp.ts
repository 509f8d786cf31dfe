import {createRequire} from 'node:module'

import {STOP_WORDS} from './words.js'

/**
 * The one place wink-nlp is loaded. It is loaded lazily (first call), only by `analyze` and `pairs`, so
 * `list`, `show` and `generate` — and every other khaos command — never pay its ~100 ms start-up.
 * The English model is the npm package wink-eng-lite-web-model: no model is ever downloaded at run time.
 */

export interface Token {
  /** Lower-cased surface form. */
  norm: string
  /** Lemma ("men" → "man", "sitting" → "sit"). */
  lemma: string
  /** Universal POS tag from wink's tagger: NOUN, VERB, ADJ, ADV, NUM, PROPN, AUX, … */
  pos: string
  /** wink token type: word, number, punctuation, symbol, currency, … */
  type: string
  stop: boolean
}

type Nlp = {
  its: Record<string, unknown>
  readDoc(text: string): {tokens(): {out(what?: unknown): unknown[]}}
}

let nlp: Nlp | undefined

function load(): Nlp {
  if (nlp) return nlp
  const require = createRequire(import.meta.url)
  // CommonJS packages; require keeps this synchronous so tokenize() can stay a plain function.
  const winkNLP = require('wink-nlp') as (model: unknown, pipe?: string[]) => Nlp
  const model = require('wink-eng-lite-web-model') as unknown
  // Only the pipes we use: sentence boundaries are ours (they must map to source lines), NER is not needed.
  nlp = winkNLP(model, ['pos'])
  return nlp
}

// wink tags a capitalised sentence-initial word as a proper noun ("Dogs" → PROPN, lemma "dogs"); lower-case
// it unless it looks like a name written with inner capitals or all caps ("GitHub", "AWS").
function lowerFirst(text: string): string {
  const first = /^(\s*)([A-Z])([a-z]+)\b/.exec(text)
  return first ? first[1] + first[2].toLowerCase() + text.slice(first[1].length + 1) : text
}

interface Columns {
  values: string[]
  norms: string[]
  lemmas: string[]
  pos: string[]
  types: string[]
  stops: boolean[]
}

function read(text: string): Columns {
  const engine = load()
  const its = engine.its
  const tokens = engine.readDoc(text).tokens()
  return {
    lemmas: tokens.out(its.lemma) as string[],
    norms: tokens.out(its.normal) as string[],
    pos: tokens.out(its.pos) as string[],
    stops: tokens.out(its.stopWordFlag) as boolean[],
    types: tokens.out(its.type) as string[],
    values: tokens.out(its.value) as string[],
  }
}

// Lemmas the model gives that no reader would use as a subject ("data" → "datum").
const LEMMA_FIXES = new Map([
  ['data', 'data'],
  ['media', 'media'],
  ['metadata', 'metadata'],
])

function token(c: Columns, i: number): Token {
  let lemma = LEMMA_FIXES.get(c.norms[i]) ?? (c.lemmas[i] ?? c.norms[i]).toLowerCase()
  // A capitalised plural is tagged as a proper noun and keeps its "s" ("Actions minutes", "Jenkins" once a noun, once
  // a name): a noun the lemmatizer left alone loses a final "s", so both spellings meet.
  // (A "-xes" plural loses "es": "hotfixes" is hotfix.)
  if ((c.pos[i] === 'PROPN' || c.pos[i] === 'NOUN') && lemma === c.norms[i] && /[^su]s$/.test(lemma) && lemma.length > 4)
    lemma = lemma.slice(0, /xes$/.test(lemma) ? -2 : -1)
  // …and so does an acronym's plural at any length ("PRs", "VMs", "SLOs"): the singular is what the other side writes.
  else if (/^[A-Z]{2,}s$/.test(c.values[i] ?? '')) lemma = c.norms[i].slice(0, -1)
  // The last part of a snake_case setting ("group_wait", "repeat_interval") is a noun whose lemma is the whole name,
  // so two settings that share a word are two things; a leading bound ("max_ttl") is left to the bound words.
  if (i >= 2 && c.values[i - 1] === '_' && /^[a-z0-9]+$/i.test(c.values[i - 2]) && /^[a-z]+$/i.test(c.values[i])) {
    const parts = [c.norms[i]]
    for (let k = i - 1; k >= 1 && c.values[k] === '_' && /^[a-z0-9]+$/i.test(c.values[k - 1]); k -= 2) parts.unshift(c.norms[k - 1])
    while (parts.length > 1 && /^(max|min|maximum|minimum)$/.test(parts[0])) parts.shift()
    return {lemma: parts.join('_'), norm: c.norms[i], pos: 'NOUN', stop: false, type: c.types[i]}
  }

  // "A/B test", "CI/CD", "I/O": initials joined by a slash are one name (its last part stands for it, as with
  // snake_case), not the article "a" and a letter "b".
  if (i >= 2 && c.values[i - 1] === '/' && /^[A-Z]{1,4}$/.test(c.values[i - 2] ?? '') && /^[A-Z]{1,4}$/.test(c.values[i] ?? ''))
    return {lemma: `${c.norms[i - 2]}/${c.norms[i]}`, norm: `${c.norms[i - 2]}/${c.norms[i]}`, pos: 'PROPN', stop: false, type: c.types[i]}
  // "The CA key", "the IT team": an acronym the tagger read as a word it resembles ("ca" as "can", "it"), or that the
  // model expanded into one ("Argo CD" as "could"), is a name, as written.
  const acronym = /^[A-Z][A-Z0-9]{1,5}$/.test(c.values[i] ?? '') ? c.values[i].toLowerCase() : undefined
  if (acronym !== undefined && !SHOUTED.has(acronym) && (c.norms[i] !== acronym || !/^(NOUN|PROPN|NUM)$/.test(c.pos[i])))
    return {lemma: acronym, norm: acronym, pos: 'PROPN', stop: false, type: c.types[i]}
  if (c.norms[i] === 'may' && monthMay(c, i)) return {lemma: 'may', norm: 'may', pos: 'PROPN', stop: false, type: c.types[i]}
  if (SHORT_DAY_VERBS.has(c.norms[i]) && shortDay(c, i))
    return {lemma: SHORT_DAY_VERBS.get(c.norms[i])!, norm: c.norms[i], pos: 'PROPN', stop: false, type: c.types[i]}
  return {lemma, norm: c.norms[i], pos: c.pos[i], stop: c.stops[i], type: c.types[i]}
}

/** Short names of days that the tagger reads as verbs ("sat 07:00-11:00" as "sit", "wed 4 nov" as "wed"). */
const SHORT_DAY_VERBS = new Map([
  ['sat', 'saturday'],
  ['wed', 'wednesday'],
])

/** "sat 07:00", "sat + sun mornings", "on sat", "fri-sat": the day, by what stands next to it. */
function shortDay(c: Columns, i: number): boolean {
  const [previous, next] = [c.norms[i - 1] ?? '', c.norms[i + 1] ?? '']
  return (
    /^(\d|\+|-|–|\/|&)/.test(next) ||
    /^(and|or|morning|mornings|afternoon|afternoons|evening|evenings|night|nights|am|pm|only)$/.test(next) ||
    /^(on|every|each|from|till|until|to|thru|through|-|–|\/|\+|&|mon|tue|thu|fri|sun)$/.test(previous)
  )
}

/**
 * Words notes write in capitals for weight ("must NOT", "NEVER", "ALL of them"): in capitals they stay what they are.
 * The stop words, and a few more of emphasis, but not "it" and "us": in capitals those are the IT team and the US.
 */
const SHOUTED = new Set(
  [...STOP_WORDS, ...'never always none nothing nobody dont shall unless without yes ok still down'.split(' ')].filter((w) => w !== 'it' && w !== 'us'),
)

const DAY = /^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?$/
const BEFORE_MONTH = /^(in|by|before|after|until|till|from|since|early|mid|late|end|of|through|during)$/

/** "14 may", "by may 14", "in May": the month, which the tagger reads as the modal. */
function monthMay(c: Columns, i: number): boolean {
  const [previous, next] = [c.norms[i - 1] ?? '', c.norms[i + 1] ?? '']
  if (DAY.test(previous)) return true
  if (!BEFORE_MONTH.test(previous)) return false
  return DAY.test(next) || /^(20\d\d)$/.test(next) || !/^(VERB|AUX|PART)$/.test(c.pos[i + 1] ?? 'PUNCT') || next === ''
}

/**
 * The singular of a plural the tagger took for a verb: "applies" → "apply", "alerts" → "alert", "breaches" →
 * "breach" (the verb's lemma, when the tagger gave one that the word starts with: "-ches" is not "-che" + "s").
 */
export function singular(plural: string, lemma?: string): string {
  if (lemma && lemma !== plural && lemma.length > 2 && plural.startsWith(lemma.replace(/[ey]$/, ''))) return lemma
  return plural.endsWith('ies') ? `${plural.slice(0, -3)}y` : plural.slice(0, -1)
}

/** Tokenizes one sentence with lemmas and POS tags. */
export function tokenize(text: string): Token[] {
  const c = read(lowerFirst(text))
  return c.norms.map((_, i) => token(c, i))
}

const BATCH_CHARS = 20_000

/**
 * Tokenizes many sentences. wink's per-document overhead dominates on short sentences, so sentences are read
 * in batches (one per line) and tokens are given back to their sentence by their position in the batch text;
 * a batch whose tokens cannot be placed falls back to one document per sentence.
 */
export function tokenizeMany(texts: string[]): Token[][] {
  const result: Token[][] = []
  let start = 0
  while (start < texts.length) {
    let end = start
    let size = 0
    while (end < texts.length && (end === start || size + texts[end].length < BATCH_CHARS)) size += texts[end++].length + 1
    const batch = texts.slice(start, end).map((t) => lowerFirst(t.replace(/\s+/g, ' ').trim()))
    const joined = batch.join('\n')
    const bounds: number[] = [] // end offset of each sentence in `joined`
    let offset = 0
    for (const sentence of batch) bounds.push((offset += sentence.length + 1) - 1)
    const c = read(joined)
    const groups: Token[][] = batch.map(() => [])
    let cursor = 0
    let s = 0
    let placed = true
    for (let i = 0; i < c.values.length; i++) {
      if (c.pos[i] === 'SPACE' || c.values[i].trim() === '') continue // the line breaks between sentences
      const at = joined.indexOf(c.values[i], cursor)
      if (at < 0) {
        placed = false
        break
      }

      while (s < bounds.length - 1 && at >= bounds[s]) s++
      groups[s].push(token(c, i))
      cursor = at + c.values[i].length
    }

    for (let k = 0; k < batch.length; k++) result.push(placed ? groups[k] : tokenize(batch[k]))
    start = end
  }

  return result
}
