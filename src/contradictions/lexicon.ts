import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parse as parseYaml} from 'yaml'

import {InputError} from '../shared/errors.js'
import {escapeRegExp} from '../shared/text.js'

/**
 * The antonym table: WordNet 3.1 direct antonyms (catalog/lexicon/antonyms.json, built by
 * scripts/build-antonyms.ts) plus a short hand list for the catalog's poles and DevOps usage
 * (catalog/lexicon/antonyms-hand.yaml), plus the negative prefixes English builds opposites with
 * ("secure"/"insecure", "encrypted"/"unencrypted").
 */
export interface Lexicon {
  antonyms: Map<string, Set<string>>
  /** The hand-listed pairs alone (the catalog's poles and DevOps usage). */
  handAntonyms: Map<string, Set<string>>
  /** word → the (group, set) memberships from catalog/lexicon/exclusive.yaml. */
  exclusive: Map<string, Array<[number, number]>>
  /** Groups that only apply to two words modifying the same noun (colours). */
  modifierGroups: Set<number>
  /** Tools and formats that fill one role (catalog/lexicon/alternatives.yaml). */
  alternatives: Alternatives
  /** Kinds that notes name by a member (catalog/lexicon/kinds.yaml). */
  kinds: Kinds
  source: string
}

/** Kinds ("credential", "personal data") whose members ("password", "email address") a claim may name instead. */
export interface Kinds {
  /** Per kind, the words that join the subject of a claim naming a member. */
  words: string[][]
  /** Per kind, its members as a whole word or phrase (case-insensitive). */
  patterns: RegExp[]
  /** Per kind, configuration names in capitals ending in one of its suffixes ("MINIO_SECRET_KEY"), if it has any. */
  envPatterns: Array<RegExp | undefined>
}

/** Groups of options that fill one role ("load testing tool": k6, Locust, JMeter …), and a matcher for their names. */
export interface Alternatives {
  groups: string[]
  /** Lower-case name → [group, option]. */
  names: Map<string, [number, number]>
  /** Any listed name, as a whole word or phrase (global, case-insensitive). */
  pattern: RegExp | undefined
  /** The first word of every name: a text with none of them names no option (a cheap test before the pattern). */
  firstWords: Set<string>
}

/** An option of a group of alternatives named in a text: which group and option, and the name as written. */
export interface OptionMention {
  group: number
  option: number
  name: string
  /** Where the name starts in the text. */
  index: number
}

/** The options of `alternatives` a text names, in order. */
export function optionsIn(alternatives: Alternatives, text: string): OptionMention[] {
  if (!alternatives.pattern) return []
  let any = false
  for (const [word] of text.toLowerCase().matchAll(/[a-z0-9][a-z0-9.]*/g)) {
    if (alternatives.firstWords.has(word) || alternatives.firstWords.has(word.replace(/\.+$/, ''))) {
      any = true
      break
    }
  }

  if (!any) return []
  const found: OptionMention[] = []
  for (const match of text.matchAll(alternatives.pattern)) {
    const [group, option] = alternatives.names.get(match[1].toLowerCase().replace(/\s+/g, ' '))!
    found.push({group, index: match.index + match[0].indexOf(match[1]), name: match[1], option})
  }

  return found
}

/** The kinds whose members a text names, in the order of the file. */
export function kindsIn(kinds: Kinds, text: string): number[] {
  const found: number[] = []
  for (const [k, pattern] of kinds.patterns.entries()) if (pattern.test(text) || kinds.envPatterns[k]?.test(text)) found.push(k)
  return found
}

const cache = new Map<string, Lexicon>()

export function loadLexicon(root: string): Lexicon {
  const cached = cache.get(root)
  if (cached) return cached
  const antonyms = new Map<string, Set<string>>()
  const handAntonyms = new Map<string, Set<string>>()
  const add = (a: string, b: string, table = antonyms) => {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ]) {
      let set = table.get(x)
      if (!set) table.set(x, (set = new Set()))
      set.add(y)
    }
  }

  const alternativesPath = join(root, 'catalog', 'lexicon', 'alternatives.yaml')
  const wordnetPath = join(root, 'catalog', 'lexicon', 'antonyms.json')
  const handPath = join(root, 'catalog', 'lexicon', 'antonyms-hand.yaml')
  const exclusivePath = join(root, 'catalog', 'lexicon', 'exclusive.yaml')
  const kindsPath = join(root, 'catalog', 'lexicon', 'kinds.yaml')
  let wordnet: {antonyms: Record<string, string[]>; source: string}
  let hand: {pairs: unknown}
  let groups: {groups: unknown}
  let alternativeGroups: {groups: unknown}
  let kindList: {kinds: unknown}
  try {
    wordnet = JSON.parse(readFileSync(wordnetPath, 'utf8'))
    hand = parseYaml(readFileSync(handPath, 'utf8'))
    groups = parseYaml(readFileSync(exclusivePath, 'utf8'))
    alternativeGroups = parseYaml(readFileSync(alternativesPath, 'utf8'))
    kindList = parseYaml(readFileSync(kindsPath, 'utf8'))
  } catch (error) {
    throw new InputError(`antonym lexicon unreadable (${(error as Error).message.split('\n')[0]})`)
  }

  for (const [word, list] of Object.entries(wordnet.antonyms)) for (const other of list) add(word, other)
  if (!Array.isArray(hand?.pairs)) throw new InputError(`${handPath}: field "pairs" must be a list of [word, word]`)
  for (const [index, pair] of (hand.pairs as unknown[]).entries()) {
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((w) => typeof w === 'string' && w.trim() !== '')) {
      throw new InputError(`${handPath}: pairs[${index}] must be two words`)
    }

    // The engine reads "on-demand" as "ondemand" (normaliseNumbers): a hyphenated pair is listed both ways.
    for (const [x, y] of new Set([
      [pair[0], pair[1]],
      [pair[0].replace(/-/g, ''), pair[1].replace(/-/g, '')],
    ])) {
      add(x.toLowerCase(), y.toLowerCase())
      add(x.toLowerCase(), y.toLowerCase(), handAntonyms)
    }
  }

  const exclusive = new Map<string, Array<[number, number]>>()
  if (!Array.isArray(groups?.groups)) throw new InputError(`${exclusivePath}: field "groups" must be a list`)
  const modifierGroups = new Set<number>()
  for (const [g, group] of (groups.groups as Array<{modifiers?: unknown; name?: unknown; sets?: unknown}>).entries()) {
    if (group?.modifiers === true) modifierGroups.add(g)
    const name = typeof group?.name === 'string' ? group.name : `#${g}`
    if (!Array.isArray(group?.sets) || group.sets.length < 2) throw new InputError(`${exclusivePath}: group ${name}: field "sets" must list at least two sets`)
    for (const [k, set] of (group.sets as unknown[]).entries()) {
      if (!Array.isArray(set) || !set.every((w) => typeof w === 'string'))
        throw new InputError(`${exclusivePath}: group ${name}: sets[${k}] must be a list of words`)
      for (const word of set as string[]) {
        const list = exclusive.get(word.toLowerCase()) ?? []
        list.push([g, k])
        exclusive.set(word.toLowerCase(), list)
      }
    }
  }

  const alternatives = loadAlternatives(alternativesPath, alternativeGroups)
  const kinds = loadKinds(kindsPath, kindList)
  const lexicon = {
    alternatives,
    antonyms,
    exclusive,
    handAntonyms,
    kinds,
    modifierGroups,
    source: `${wordnet.source}; plus ${(hand.pairs as unknown[]).length} hand pairs, ${(groups.groups as unknown[]).length} exclusion groups, ${alternatives.groups.length} groups of alternatives and ${kinds.words.length} kinds`,
  }
  cache.set(root, lexicon)
  return lexicon
}

function loadAlternatives(path: string, data: {groups: unknown}): Alternatives {
  if (!Array.isArray(data?.groups)) throw new InputError(`${path}: field "groups" must be a list`)
  const groups: string[] = []
  const names = new Map<string, [number, number]>()
  for (const [g, group] of (data.groups as Array<{name?: unknown; options?: unknown}>).entries()) {
    const name = typeof group?.name === 'string' ? group.name : `#${g}`
    if (typeof group?.name !== 'string' || !Array.isArray(group.options) || group.options.length < 2)
      throw new InputError(`${path}: group ${name}: needs a "name" and at least two "options"`)
    groups.push(group.name)
    for (const [k, option] of (group.options as unknown[]).entries()) {
      if (!Array.isArray(option) || option.length === 0 || !option.every((w) => typeof w === 'string' && w.trim() !== ''))
        throw new InputError(`${path}: group ${name}: options[${k}] must be a list of names`)
      for (const word of option as string[]) {
        const key = word.toLowerCase().trim().replace(/\s+/g, ' ')
        const known = names.get(key)
        if (known && (known[0] !== g || known[1] !== k)) throw new InputError(`${path}: "${word}" is listed twice`)
        names.set(key, [g, k])
      }
    }
  }

  // Longest names first, so that "grafana alloy" wins over "alloy"; a name is a whole word ("vault" not in "vaults").
  const escaped = [...names.keys()].sort((x, y) => y.length - x.length || x.localeCompare(y)).map((w) => escapeRegExp(w).replace(/ /g, '\\s+'))
  const pattern = escaped.length > 0 ? new RegExp(`(?<![\\w.-])(${escaped.join('|')})(?![\\w-])`, 'gi') : undefined
  const firstWords = new Set([...names.keys()].map((name) => /^[a-z0-9][a-z0-9.]*/.exec(name)?.[0].replace(/\.+$/, '') ?? name))
  return {firstWords, groups, names, pattern}
}

function loadKinds(path: string, data: {kinds: unknown}): Kinds {
  if (!Array.isArray(data?.kinds)) throw new InputError(`${path}: field "kinds" must be a list`)
  const words: string[][] = []
  const patterns: RegExp[] = []
  const envPatterns: Array<RegExp | undefined> = []
  const isWords = (list: unknown): list is string[] => Array.isArray(list) && list.length > 0 && list.every((w) => typeof w === 'string' && w.trim() !== '')
  for (const [k, kind] of (data.kinds as Array<{env_suffixes?: unknown; members?: unknown; name?: unknown; words?: unknown}>).entries()) {
    const name = typeof kind?.name === 'string' ? kind.name : `#${k}`
    if (!isWords(kind?.words) || !isWords(kind?.members)) throw new InputError(`${path}: kind ${name}: needs "words" and "members", each a list of words`)
    if (kind.env_suffixes !== undefined && (!isWords(kind.env_suffixes) || !kind.env_suffixes.every((w) => /^[A-Z0-9_]+$/.test(w))))
      throw new InputError(`${path}: kind ${name}: "env_suffixes" must list names in capitals`)
    words.push(kind.words.map((w) => w.toLowerCase()))
    // (Longest first; a member is a whole word or phrase: ".env" not in ".env.example".)
    const members = [...kind.members]
      .map((m) => m.toLowerCase().trim())
      .sort((x, y) => y.length - x.length)
      .map((m) => escapeRegExp(m).replace(/ /g, '\\s+'))
    const phrase = `(?<![\\w.-])(?:${members.join('|')})(?![\\w.-])`
    const suffixes = (kind.env_suffixes as string[] | undefined) ?? []
    patterns.push(new RegExp(phrase, 'i'))
    // (Case matters there: "DB_PASSWORD" is a configuration name, "db_password" may be anything.)
    envPatterns.push(suffixes.length > 0 ? new RegExp(`\\b[A-Z0-9]+(?:_[A-Z0-9]+)*_(?:${suffixes.join('|')})\\b`) : undefined)
  }

  return {envPatterns, patterns, words}
}

const PREFIXES = ['un', 'non-', 'non', 'in', 'im', 'ir', 'il', 'dis']

/** True when `a` and `b` sit in different sets of one exclusion group ("man" / "woman", "asleep" / "running"). */
export function areExclusive(lexicon: Lexicon, a: string, b: string, modifiers = false): boolean {
  const ma = lexicon.exclusive.get(a)
  const mb = lexicon.exclusive.get(b)
  if (!ma || !mb || a === b) return false
  return ma.some(([g, k]) => lexicon.modifierGroups.has(g) === modifiers && mb.some(([h, l]) => g === h && k !== l))
}

/**
 * Exclusion between x (only in claim A) and y (only in claim B), void in a group where the other claim also
 * names an equivalent ("a woman and children" / "a lady and kids": woman ~ lady, so woman/kids proves nothing).
 */
export function exclusiveBetween(lexicon: Lexicon, x: string, y: string, wordsA: string[], wordsB: string[]): boolean {
  const mx = lexicon.exclusive.get(x)
  const my = lexicon.exclusive.get(y)
  if (!mx || !my || x === y) return false
  const inSet = (word: string, g: number, k: number) => lexicon.exclusive.get(word)?.some(([h, l]) => h === g && l === k) ?? false
  return mx.some(
    ([g, k]) =>
      !lexicon.modifierGroups.has(g) && my.some(([h, l]) => g === h && k !== l && !wordsB.some((w) => inSet(w, g, k)) && !wordsA.some((w) => inSet(w, g, l))),
  )
}

/**
 * Every word `b` for which areAntonyms(word, b) may hold, when `b`'s adjective forms (adjectiveForms) are looked
 * up in it: the listed antonyms, the prefixed and unprefixed forms, and the hand antonyms of its adjectives.
 * A superset, for a fast "no opposite here" check before the exact one.
 */
export function antonymReach(lexicon: Lexicon, word: string, options: {prefixes?: boolean} = {}): string[] {
  const reach: string[] = [...(lexicon.antonyms.get(word) ?? [])]
  for (const base of adjectiveOf(word)) {
    reach.push(...(lexicon.handAntonyms.get(base) ?? []))
    if (options.prefixes === false) continue
    for (const prefix of PREFIXES) {
      if (base.length >= 5) reach.push(prefix + base)
      if (base.startsWith(prefix) && base.length - prefix.length >= 5) reach.push(base.slice(prefix.length))
    }
  }

  return reach
}

/**
 * The word without a negative prefix ("insecure" → secure), for each prefix it starts with, when at least five
 * letters remain: x and y are prefixed opposites when one is in the other's list. Cheaper than listing every
 * prefixed form of every word (antonymReach), which a dense corpus pays for in allocations.
 */
export function unprefixed(word: string): string[] {
  const result: string[] = []
  for (const base of adjectiveOf(word)) {
    for (const prefix of PREFIXES) if (base.startsWith(prefix) && base.length - prefix.length >= 5) result.push(base.slice(prefix.length))
  }

  return result
}

/** The word and, for an "-ly" adverb, the adjectives it may be built on. */
export function adjectiveForms(word: string): string[] {
  return adjectiveOf(word)
}

/** The adjectives an "-ly" adverb is built on: "publicly" → public, "automatically" → automatic, "reliably" → reliable. */
function adjectiveOf(word: string): string[] {
  if (!word.endsWith('ly') || word.length < 6) return [word]
  const stem = word.slice(0, -2)
  return [
    word,
    stem,
    ...(word.endsWith('ally') ? [word.slice(0, -4)] : []),
    ...(word.endsWith('ily') ? [word.slice(0, -3) + 'y'] : []),
    ...(word.endsWith('bly') ? [word.slice(0, -1) + 'e'] : []),
  ]
}

/**
 * True when `a` and `b` are opposites: listed, or one is the other with a negative prefix ("insecure"), or their
 * adjectives are hand-listed or prefixed opposites ("publicly readable" / "private"). WordNet pairs are not
 * reached through an adverb: "lightly covered" says nothing against "heavy jackets".
 */
export function areAntonyms(lexicon: Lexicon, a: string, b: string): boolean {
  if (a === b) return false
  if (directAntonyms(lexicon, lexicon.antonyms, a, b)) return true
  if (!a.endsWith('ly') && !b.endsWith('ly')) return false
  const [as, bs] = [adjectiveOf(a), adjectiveOf(b)]
  return as.some((x) => bs.some((y) => (x !== a || y !== b) && x !== y && directAntonyms(lexicon, lexicon.handAntonyms, x, y)))
}

function directAntonyms(lexicon: Lexicon, table: Map<string, Set<string>>, a: string, b: string): boolean {
  if (a === b) return false
  if (table.get(a)?.has(b)) return true
  const [long, short] = a.length > b.length ? [a, b] : [b, a]
  if (short.length < 5) return false
  for (const prefix of PREFIXES) if (long === prefix + short) return true
  return false
}
