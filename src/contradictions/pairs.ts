import {InputError} from '../shared/errors.js'
import {type Catalog, signalIndex} from './catalog.js'
import {compare, compareChoices, compareModality, compareRoles, compareTension, type FindingKind, type Verdict} from './detect.js'
import {featurize, withAntecedent, withKinds} from './features.js'
import {loadLexicon} from './lexicon.js'
import {extractClaims, splitClauses} from './markdown.js'
import {tokenizeMany} from './nlp.js'
import {normaliseNumbers} from './numbers.js'

export interface PairInput {
  id: string | number
  a: string
  b: string
}

export interface PairResult {
  id: string | number
  contradiction: boolean
  kind: FindingKind | null
  score: number
}

const MAX_STATEMENT_CHARS = 5000

/** Parses JSON Lines of `{"id","a","b"}`; errors name the line. Blank lines are allowed. */
export function parsePairs(text: string, label: string): PairInput[] {
  const pairs: PairInput[] = []
  const ids = new Set<string>()
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue
    const where = `${label}:${index + 1}`
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      throw new InputError(`${where}: not valid JSON (each line must be {"id","a","b"})`)
    }

    const row = value as Record<string, unknown>
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new InputError(`${where}: expected an object {"id","a","b"}`)
    if (typeof row.id !== 'string' && typeof row.id !== 'number') throw new InputError(`${where}: field "id" must be a string or a number`)
    for (const field of ['a', 'b'] as const) {
      if (typeof row[field] !== 'string' || (row[field] as string).trim() === '') throw new InputError(`${where}: field "${field}" must be a non-empty string`)
      if ((row[field] as string).length > MAX_STATEMENT_CHARS) throw new InputError(`${where}: field "${field}" is over ${MAX_STATEMENT_CHARS} characters`)
    }

    if (ids.has(String(row.id))) throw new InputError(`${where}: duplicate id ${JSON.stringify(row.id)}`)
    ids.add(String(row.id))
    pairs.push({a: row.a as string, b: row.b as string, id: row.id})
  }

  return pairs
}

/** Judges each pair on its own (the two statements are assumed to be about one situation). Input order is kept. */
export function judgePairs(pairs: PairInput[], root: string, catalog?: Catalog): PairResult[] {
  const lexicon = loadLexicon(root)
  const signals = catalog ? signalIndex(catalog) : undefined
  // The same sentence and clause splitting as analyze: each statement's clauses, judged clause against clause.
  // …and the same antecedents: a clause's pronoun may stand for its sentence's first clause, or the previous sentence's.
  const antecedents: number[] = []
  const clausesOf = (statement: string) => {
    const sentences = extractClaims(statement).map((claim) => claim.text)
    const result: string[] = []
    let head = -1
    for (const sentence of sentences.length > 0 ? sentences : [statement]) {
      for (const [k, clause] of splitClauses(sentence).entries()) {
        antecedents.push(head < 0 ? -1 : antecedents.length - result.length + head)
        if (k === 0) head = result.length
        result.push(clause)
      }
    }

    return result
  }
  const clauses = pairs.map(({a, b}) => [clausesOf(a), clausesOf(b)] as const)
  const texts = clauses.flatMap(([ca, cb]) => [...ca, ...cb])
  const tokens = tokenizeMany(texts.map((t) => normaliseNumbers(t)))
  const own = texts.map((t, k) => withKinds(featurize(t, signals, tokens[k]), lexicon.kinds))
  const features = own.map((f, k) => (antecedents[k] >= 0 ? withAntecedent(f, own[antecedents[k]]) : f))
  let at = 0
  return pairs.map(({id}, i) => {
    const [ca, cb] = clauses[i]
    const fa = features.slice(at, at + ca.length)
    const fb = features.slice(at + ca.length, at + ca.length + cb.length)
    at += ca.length + cb.length
    let best: Verdict | undefined
    for (const x of fa) {
      for (const y of fb) {
        const verdict =
          compare(x, y, lexicon, {sameSituation: true}) ??
          compareModality(x, y, {lexicon, sameSituation: true}) ??
          compareRoles(x, y) ??
          compareChoices(x, y, lexicon) ??
          (catalog ? compareTension(x, y, {sameSituation: true}) : undefined)
        if (verdict && (!best || verdict.score > best.score)) best = verdict
      }
    }

    return best ? {contradiction: true, id, kind: best.kind, score: best.score} : {contradiction: false, id, kind: null, score: 0}
  })
}
