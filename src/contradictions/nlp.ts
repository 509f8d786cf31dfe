import {createRequire} from 'node:module'

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

/** Tokenizes one sentence with lemmas and POS tags. */
export function tokenize(text: string): Token[] {
  const engine = load()
  // wink tags a capitalised sentence-initial word as a proper noun ("Dogs" → PROPN, lemma "dogs"); lower-case
  // it unless it looks like a name written with inner capitals or all caps ("GitHub", "AWS").
  const first = /^(\s*)([A-Z])([a-z]+)\b/.exec(text)
  const doc = engine.readDoc(first ? first[1] + first[2].toLowerCase() + text.slice(first[1].length + 1) : text)
  const its = engine.its
  const tokens = doc.tokens()
  const norms = tokens.out(its.normal) as string[]
  const lemmas = tokens.out(its.lemma) as string[]
  const pos = tokens.out(its.pos) as string[]
  const types = tokens.out(its.type) as string[]
  const stops = tokens.out(its.stopWordFlag) as boolean[]
  const result: Token[] = []
  for (let i = 0; i < norms.length; i++) {
    result.push({lemma: (lemmas[i] ?? norms[i]).toLowerCase(), norm: norms[i], pos: pos[i], stop: stops[i], type: types[i]})
  }

  return result
}
