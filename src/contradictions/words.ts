import {expandShorthand, splitCamelCase} from './numbers.js'

/*
 * Content words of a text, one reading for the engine: analyze's blocking keys and calibration's shared words.
 */

/** Words that name no subject: never a blocking key. */
export const STOP_WORDS = new Set(
  (
    'a about after all also an and any are as at be been before being both but by can could did do does each either ' +
    'every for from had has have he her his how i if in into is it its just may me might more most must my neither no nor not now of off on ' +
    'only or our out over per she should so some such than that the their them then there these they this those through to too under up us ' +
    'very via was we were what when where which while who why will with would yet you your'
  ).split(' '),
)
const IRREGULAR_PLURALS = new Map([
  ['men', 'man'],
  ['women', 'woman'],
  ['people', 'person'],
  ['children', 'child'],
  ['feet', 'foot'],
  ['teeth', 'tooth'],
  ['mice', 'mouse'],
  ['geese', 'goose'],
])
export const WORD = /[a-z][a-z0-9'-]*/g

/** Nouns written as one word for a verb and its particle: "we roll back" is about the rollback. */
export const PHRASAL_NOUNS = new Set(
  (
    'backup cleanup cutover failback fallback failover followup handoff handover lockdown login logout rollback rollout rollover setup shutdown ' +
    'signoff signup spinup startup takeover teardown warmup writeup'
  ).split(' '),
)
const PARTICLES = new Set(['back', 'down', 'in', 'off', 'on', 'out', 'over', 'up'])
/** Each phrasal noun by its verb and particle: "roll over" → "rollover". */
const PHRASAL_VERBS = new Map([...PHRASAL_NOUNS].map((noun) => [noun.replace(new RegExp(`(${[...PARTICLES].join('|')})$`), ' $1'), noun]))

/** The phrasal noun a verb in any inflection and a particle make ("rolled" "over", "takes" "over"), if any. */
function phrasalNoun(verb: string, particle: string): string | undefined {
  if (!PARTICLES.has(particle)) return undefined
  for (const ending of ['', 's', 'es', 'd', 'ed', 'ing']) {
    if (!verb.endsWith(ending)) continue
    const stem = verb.slice(0, verb.length - ending.length)
    // (…a doubled consonant before "-ed" or "-ing" too: "logging in", "shutting down".)
    const noun = PHRASAL_VERBS.get(`${stem} ${particle}`) ?? (/(.)\1$/.test(stem) ? PHRASAL_VERBS.get(`${stem.slice(0, -1)} ${particle}`) : undefined)
    if (noun) return noun
  }

  return undefined
}

/**
 * Cheap blocking keys of a claim: its lower-cased words minus stop words, crudely singular ("replicas" →
 * "replica", "policies" → "policy", "men" → "man"), so that claims sharing a subject noun share a key.
 */
export function wordKeys(text: string): Set<string> {
  const keys = new Set<string>()
  // (Shorthand spelled out first, as the detectors read it: "compat mode" shares a key with "compatibility".)
  // (…and a verb with its particle is the noun written in one word: "calls roll over" meets "no rollover".)
  let previous: RegExpMatchArray | undefined
  for (const match of expandShorthand(splitCamelCase(text)).toLowerCase().matchAll(WORD)) {
    let word = match[0]
    const hyphen = word.indexOf('-')
    const phrasal =
      hyphen > 0
        ? phrasalNoun(word.slice(0, hyphen), word.slice(hyphen + 1).split('-')[0])
        : PARTICLES.has(word) && previous !== undefined && previous.index! + previous[0].length + 1 === match.index
          ? phrasalNoun(previous[0], word)
          : undefined
    if (phrasal) keys.add(phrasal)
    previous = match
    if (STOP_WORDS.has(word)) continue
    word = IRREGULAR_PLURALS.get(word) ?? word
    if (word.length > 3 && word.endsWith('ies')) word = word.slice(0, -3) + 'y'
    else if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) word = word.slice(0, -1)
    keys.add(word)
  }

  return keys
}
