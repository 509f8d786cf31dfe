/**
 * Developer aid: how the engine reads two statements and what each detector says of them.
 *   node --import tsx scripts/explain-pair.ts "first statement" "second statement"
 */
import {compare, compareChoices, compareModality, compareRoles, compareTension} from '../src/contradictions/detect.js'
import {featurize, withAntecedent} from '../src/contradictions/features.js'
import {loadLexicon} from '../src/contradictions/lexicon.js'
import {extractClaims, splitClauses} from '../src/contradictions/markdown.js'
import {tokenizeMany} from '../src/contradictions/nlp.js'
import {normaliseNumbers} from '../src/contradictions/numbers.js'

const [a, b] = process.argv.slice(2)
const root = new URL('..', import.meta.url).pathname
const lexicon = loadLexicon(root)
const clausesOf = (s: string) => {
  const sentences = extractClaims(s).map((c) => c.text)
  return (sentences.length > 0 ? sentences : [s]).flatMap((x) => splitClauses(x))
}
const [ca, cb] = [clausesOf(a), clausesOf(b)]
const texts = [...ca, ...cb]
const tokens = tokenizeMany(texts.map((t) => normaliseNumbers(t)))
const own = texts.map((t, k) => featurize(t, undefined, tokens[k]))
// Approximation of pairs.ts: a later clause's pronoun may stand for its statement's first clause.
const features = own.map((f, k) => (k === 0 || k === ca.length ? f : withAntecedent(f, own[k < ca.length ? 0 : ca.length])))
for (const f of features) {
  console.log(JSON.stringify(f.text))
  console.log('  tokens', f.tokens.map((t) => `${t.norm}/${t.pos}/${t.lemma}`).join(' '))
  console.log('  subjects', [...f.subjects].join(','), '| content', [...f.content].join(','))
  console.log(
    '  neg',
    f.negations,
    'modality',
    f.modality,
    'quant',
    f.quantifier,
    'exception',
    f.exception,
    'noExc',
    f.noExceptions,
    'pred',
    f.predicate,
    'subjPhrase',
    f.subjectPhrase,
  )
  console.log('  quantities', JSON.stringify(f.quantities.map((q) => ({...q}))))
  console.log('  roles', JSON.stringify(f.roles), 'stances', JSON.stringify(f.stances))
  console.log('  scopes', [...f.scopes].join(','), 'times', [...f.times].join(','), 'cond', f.condition, 'actual', f.actual, 'hasVerb', f.hasVerb)
}
for (const x of features.slice(0, ca.length))
  for (const y of features.slice(ca.length)) {
    const v = compare(x, y, lexicon) ?? compareModality(x, y, {lexicon}) ?? compareRoles(x, y) ?? compareChoices(x, y, lexicon) ?? compareTension(x, y)
    const s =
      compare(x, y, lexicon, {sameSituation: true}) ??
      compareModality(x, y, {lexicon, sameSituation: true}) ??
      compareRoles(x, y) ??
      compareChoices(x, y, lexicon)
    console.log(`[${x.text.slice(0, 40)}] x [${y.text.slice(0, 40)}]\n  analyze: ${JSON.stringify(v)}\n  pairs:   ${JSON.stringify(s)}`)
  }
