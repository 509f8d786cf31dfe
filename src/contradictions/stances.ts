import type {Token} from './nlp.js'

/**
 * A participant's stance on a named option: "adopt Kueue on the existing cluster", "standardise on k6", "stay on
 * Sentinel" are for it; "Codespaces is off the table", "moving us to Kueue is a non-starter", "drop Thanos", "don't
 * renew Snowflake" are against it. One claim for a named thing and another against it is a dispute no number or
 * antonym shows: the most common way a meeting disagrees about which tool to pick.
 */
export interface Stance {
  /** Lemmas of the nouns of the phrase the stance is on ("github", "codespace"). */
  things: string[]
  /**
   * Those of them the tagger reads as names (proper nouns, or with a digit: "k6"), or that are picked "as the only"
   * one of something: what makes it an option.
   */
  names: string[]
  for: boolean
  /** The cue as written ("standardise on", "is off the table"). */
  cue: string
  /** What kind of act a verb cue names: picking an option, keeping one; undefined for a plain rejection ("drop"). */
  act?: 'pick' | 'keep'
  /** The stance as written: "adopt thanos", "codespaces is off the table". */
  said: string
  /** The one role the option is picked for: "scanner" in "gitleaks as the only scanner". */
  role?: string
  /** The phrase's last noun: what the stance is on ("tags" in "Snowflake object tags", not "Snowflake"). */
  head: string
}

// Cues before the thing: a verb (and its particle) that picks it, or one that turns it down.
const FOR_BEFORE: string[][] = [
  ['adopt'],
  ['use'],
  ['standardise', 'on'],
  ['standardize', 'on'],
  ['go', 'with'],
  ['move', 'to'],
  ['migrate', 'to'],
  ['switch', 'to'],
  ['stay', 'on'],
  ['stay', 'with'],
  ['keep'],
  ['buy'],
  ['renew'],
  ['choose'],
  ['pick'],
  ['recommend'],
  ['roll', 'out'],
]
const AGAINST_BEFORE: string[][] = [['drop'], ['ditch'], ['avoid'], ['against'], ['retire'], ['rule', 'out'], ['decommission'], ['abandon']]
const KEEPS = new Set(['keep', 'stay', 'renew'])
// Negated picks: "don't renew", "do not adopt", "never use", "won't buy".
const NEGATORS = new Set(['not', "n't", 'dont', 'never', 'wont'])
// Cues after the thing (as its subject): "Codespaces is off the table", "Kueue is a non-starter".
const AGAINST_AFTER: string[][] = [
  ['off', 'the', 'table'],
  ['a', 'non', '-', 'starter'],
  ['a', 'nonstarter'],
  ['a', 'non-starter'],
  ['not', 'an', 'option'],
  ['ruled', 'out'],
  ['a', 'no', '-', 'go'],
  ['a', 'no-go'],
  ['out', 'of', 'the', 'question'],
]

const CUE_WORDS = new Set([...FOR_BEFORE, ...AGAINST_BEFORE].map((words) => words[0]).concat(['be', 'as']))
const at = (tokens: Token[], i: number, words: string[]) => words.every((w, k) => tokens[i + k]?.norm === w || tokens[i + k]?.lemma === w)
// What a stance can be about: a named tool, product or vendor, as the tagger reads it (a proper noun), or a name
// with a digit ("k6"). A stance on common nouns only ("drop the proxy") is left to the negation detector; the
// other side may write the name in lower case ("codespaces is off the table"), so only one side needs it named.
const named = (t: Token) => t.type === 'word' && (t.pos === 'PROPN' || /\d/.test(t.norm)) && t.norm.length > 1
const NOUNS = /^(NOUN|PROPN)$/
const PHRASE = /^(DET|ADJ|NOUN|PROPN|NUM)$/

/** The noun phrase from `from` on ("the managed MSK cluster"), up to six words. */
function phraseAfter(tokens: Token[], from: number): Token[] {
  const phrase: Token[] = []
  for (let k = from; k < Math.min(tokens.length, from + 6) && PHRASE.test(tokens[k].pos) && tokens[k].type === 'word'; k++) phrase.push(tokens[k])
  return phrase
}

/** The noun phrase that ends just before `end` ("moving us to Kueue" → "Kueue"). */
function phraseBefore(tokens: Token[], end: number): Token[] {
  const phrase: Token[] = []
  for (let k = end - 1; k >= Math.max(0, end - 6) && PHRASE.test(tokens[k].pos) && tokens[k].type === 'word'; k--) phrase.unshift(tokens[k])
  return phrase
}

export function stancesOf(tokens: Token[]): Stance[] {
  // Cheap gate: most clauses carry no cue at all.
  if (!tokens.some((t) => CUE_WORDS.has(t.lemma) || CUE_WORDS.has(t.norm))) return []
  const stances: Stance[] = []
  const add = (phrase: Token[], isFor: boolean, cue: string, act?: Stance['act']) => {
    const nouns = phrase.filter((t) => NOUNS.test(t.pos) || named(t))
    if (nouns.length === 0) return
    const names = nouns.filter((t) => named(t)).map((t) => t.lemma)
    const phraseText = phrase.map((t) => t.norm).join(' ')
    const said = cue.startsWith('is ') ? `${phraseText} ${cue}` : `${cue} ${phraseText}`
    stances.push({...(act ? {act} : {}), cue, for: isFor, head: nouns.at(-1)!.lemma, names, said, things: nouns.map((t) => t.lemma)})
  }

  for (let i = 0; i < tokens.length; i++) {
    // "is off the table": against the noun phrase just before it.
    if (tokens[i].lemma === 'be') {
      const cue = AGAINST_AFTER.find((words) => at(tokens, i + 1, words))
      if (cue) {
        add(phraseBefore(tokens, i), false, `is ${cue.join(' ').replace(' - ', '-')}`)
        continue
      }
    }

    const forCue = FOR_BEFORE.find((words) => at(tokens, i, words))
    const againstCue = forCue ? undefined : AGAINST_BEFORE.find((words) => at(tokens, i, words))
    const cue = forCue ?? againstCue
    // (A verb, or a word the tagger misreads at the start of a note: "drop thanos, go w/ mimir".)
    if (!cue || !(tokens[i].pos === 'VERB' || tokens[i].pos === 'ADP' || i === 0 || tokens[i - 1].type === 'punctuation')) continue
    // A negated pick is a stance against ("don't renew the Snowflake commit"); a negated rejection says nothing.
    const negated = [tokens[i - 1], tokens[i - 2]].some((t) => t && NEGATORS.has(t.norm))
    if (againstCue && negated) continue
    const act = forCue ? (KEEPS.has(cue[0]) ? 'keep' : 'pick') : undefined
    add(phraseAfter(tokens, i + cue.length), forCue ? !negated : false, (negated ? "don't " : '') + cue.join(' '), act)
  }

  // "gitleaks as the only scanner", "TruffleHog as the one scanner across the org": a pick that excludes any other
  // option for that role.
  for (let i = 1; i + 3 < tokens.length; i++) {
    if (tokens[i].norm !== 'as' || tokens[i + 1].norm !== 'the' || !/^(only|one|single|sole)$/.test(tokens[i + 2].norm)) continue
    const role = tokens.slice(i + 3, i + 6).find((t) => t.pos === 'NOUN')
    // (What is picked as the only one is an option, named or not: "gitleaks as the only scanner".)
    const name = phraseBefore(tokens, i).filter((t) => named(t) || NOUNS.test(t.pos))
    if (!role || name.length === 0) continue
    const option = name.at(-1)!
    const said = `${option.norm} as the ${tokens[i + 2].norm} ${role.norm}`
    const known = stances.find((s) => s.things.includes(option.lemma) && s.for)
    if (known) known.role = role.lemma
    else stances.push({act: 'pick', cue: 'as the only', for: true, head: option.lemma, names: [option.lemma], role: role.lemma, said, things: [option.lemma]})
  }

  return stances
}
