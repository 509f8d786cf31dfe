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
const PARTICLE = /(back|down|in|off|on|out|over|up)$/
/** The verb and particle of each phrasal noun, in any inflection ("rolled over", "falls back"), as one pattern. */
const PHRASAL_VERBS = new RegExp(
  `\\b(${[...PHRASAL_NOUNS]
    .map((noun) => {
      const verb = noun.replace(PARTICLE, '')
      return `${verb}(?:s|es|ed|ing|${verb.at(-1)}ed|${verb.at(-1)}ing)?[ -]${noun.slice(verb.length)}`
    })
    .join('|')})\\b`,
  'g',
)

/**
 * Cheap blocking keys of a claim: its lower-cased words minus stop words, crudely singular ("replicas" →
 * "replica", "policies" → "policy", "men" → "man"), so that claims sharing a subject noun share a key.
 */
export function wordKeys(text: string): Set<string> {
  const keys = new Set<string>()
  // (Shorthand spelled out first, as the detectors read it: "compat mode" shares a key with "compatibility".)
  for (const match of expandShorthand(splitCamelCase(text)).toLowerCase().matchAll(WORD)) {
    let word = match[0]
    if (STOP_WORDS.has(word)) continue
    word = IRREGULAR_PLURALS.get(word) ?? word
    if (word.length > 3 && word.endsWith('ies')) word = word.slice(0, -3) + 'y'
    else if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) word = word.slice(0, -1)
    keys.add(word)
  }

  // (…and a verb with its particle is the noun written in one word: "calls roll over" meets "no rollover".)
  for (const match of text.toLowerCase().matchAll(PHRASAL_VERBS)) {
    const [verb, particle] = match[1].split(/[ -]/)
    const noun = [...PHRASAL_NOUNS].find((n) => n.endsWith(particle) && verb.startsWith(n.slice(0, -particle.length)))
    if (noun) keys.add(noun)
  }

  return keys
}
