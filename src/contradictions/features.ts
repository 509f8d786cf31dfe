import {type Kinds, kindsIn} from './lexicon.js'
import {singular, type Token, tokenize} from './nlp.js'
import {type Role, rolesOf, unresolvedObject} from './roles.js'
import {type Stance, stancesOf} from './stances.js'
import {RULE_FOR_ALL} from './markdown.js'
import {normaliseNumbers} from './numbers.js'
import {BOUND_HEADS, CHANGE_VERBS, extractQuantities, isCalendarWord, isUnitWord, MONTHS, type Quantity} from './quantities.js'
import {PHRASAL_NOUNS} from './words.js'
import {SIGNAL_GAP} from './signal-syntax.js'
import type {Modality, Quantifier} from './types.js'

/** What the detectors need to know about one claim. Computed once per distinct claim text. */
/** A claim that reports how things stand or stood ("currently sits at 6 GB", "was 99.87%"), not a position taken. */
export const reportsState = (f: Pick<Features, 'actual' | 'tense'>): boolean => f.actual || f.tense === 'past'

export interface Features {
  text: string
  tokens: Token[]
  /** What the claim picks over what ("per key, not per account", "S3 instead of MinIO"): noun lemmas. */
  choices: Choice[]
  /** Constant values the claim sets ("compatibility to BACKWARD", "mode must be FULL_TRANSITIVE"), as written. */
  settingValues: string[]
  /** Lemmas of content words (nouns, verbs, adjectives, adverbs, numbers), negation cues excluded. */
  content: Set<string>
  /** Surface forms and lemmas of content words: antonyms are looked up on both ("closed" and "close"). */
  forms: Set<string>
  /** Lemmas of nouns and proper nouns: the subject terms used to block candidate pairs. */
  subjects: Set<string>
  /** How many negation cues ("not", "n't", "no", "never", "nobody" …) the claim carries. */
  negations: number
  /**
   * The claim's clauses (split at ";", ":", dashes, commas and "but"/"because"/"although"…), each with its content
   * words and negation cues: a negation counts where the shared subject is, not in a side remark.
   */
  clauses: Array<{content: Set<string>; negations: number}>
  quantities: Quantity[]
  /** Explicit time qualifiers ("2024", "last quarter", "yesterday", "used to"): claims about different times do not contradict. */
  times: Set<string>
  /** The part of the day or week a claim opens with as its frame ("Overnight, …", "During business hours …"). */
  dayPart?: string
  /**
   * Tense of the claim: "past" ("was", "reached"), "present" ("is", "deploys", "must be", or a marker of the present
   * such as "today", "now", "currently"), undefined when nothing says. Only compared when neither claim names a time.
   */
  tense?: 'past' | 'present'
  /** Scope qualifiers (staging/production, regions, platforms). */
  scopes: Set<string>
  /** Content words of a condition ("if the cache is cold" → cache, cold): a claim holds only under it. */
  condition: string
  /** The condition is a carve-out ("…, except the current LTS line"): the claim still holds for everything else. */
  carveOut: boolean
  /** Whether the claim has a verb (or is long, or has a number): a fragment ("Supported POSIX classes") asserts nothing. */
  hasVerb: boolean
  /** For each noun, the words that modify it just before it ("billing" in "billing service"). */
  modifiers: Map<string, Set<string>>
  /** Content words the claim says only in brackets: an aside, not what it asserts. */
  asides: Set<string>
  /** Catalog pole signals found: "tensionId:0" / "tensionId:1" → the signals that matched. */
  poles: Map<string, string[]>
  /** Per pole key: the lemmas of the matched signal words, and the nouns the signals are about. */
  poleTerms: Map<string, PoleTerms>
  /** must / must-not / should / should-not / may / may-not, or none for a plain statement. */
  modality: Modality
  quantifier?: Quantifier
  /** The claim makes an exception or waives a requirement ("can skip", "exempt", "not needed", "except", "optional"). */
  exception: boolean
  /** Caches the detectors fill on first use (declared here so every features object has one shape: fast property access). */
  reachCache?: unknown
  candidateCache?: Token[]
  /** "…, no exceptions", "without exception": a rule stated for every case. */
  noExceptions: boolean
  /** The claim reports a measurement of now ("sits around 850 ms today", "currently", "we measured"), not a target. */
  actual: boolean
  /** The noun phrase the claim is about, as written (its first noun phrase, with an "of …" complement). */
  subjectPhrase: string
  /** Index into `clauses` of each token: a quantity's polarity is its own clause's. */
  clauseOf: number[]
  /** Token indexes of the negation cues counted in `negations`. */
  negationAt: number[]
  /** Further "no" items of one list ("no redis-primary-0, no traefik, no pod names"): one denial, of several things. */
  listedDenials: number[]
  /** Lemma of the main verb (or the predicate adjective after "be"). */
  predicate: string
  /** Who holds what the clause assigns ("Product engineering owns the error budget decisions"). */
  roles: Role[]
  /** Stances on named options ("adopt Kueue", "Codespaces is off the table"). */
  stances: Stance[]
}

export interface PoleTerms {
  /** Lemmas and forms of the words that matched a signal: they say which pole, not what the claim is about. */
  lemmas: Set<string>
  /** Nouns inside the matched signal or right after it: what the claim takes a side on ("data" in "control which data"). */
  objects: Set<string>
}

/** Up to this many words may stand in a signal's gap ("control … data"). */
const MAX_GAP = 3

/** Index of the last token of `words` matched at `i` (norm or lemma, "…" spans up to 3 tokens), or -1. */
export function matchSignal(tokens: Array<Pick<Token, 'norm' | 'lemma' | 'type'>>, i: number, words: string[]): number {
  let t = i
  for (let k = 0; k < words.length; k++) {
    if (words[k] === SIGNAL_GAP) {
      const next = words[k + 1]
      let found = -1
      for (let g = t; g <= t + MAX_GAP && g < tokens.length; g++) {
        if (tokens[g].norm === next || tokens[g].lemma === next) {
          found = g
          break
        }

        if (tokens[g].type === 'punctuation') break
      }

      if (found < 0) return -1
      t = found + 1
      k++
      continue
    }

    const token = tokens[t]
    if (!token || (token.norm !== words[k] && token.lemma !== words[k])) return -1
    t++
  }

  return t - 1
}

/** Nouns inside tokens[start..end], and the first run of nouns within three tokens after it ("personalize the dashboard"). */
function objectOf(tokens: Token[], start: number, end: number): string[] {
  const isNoun = (t: Token | undefined) => t !== undefined && (t.pos === 'NOUN' || t.pos === 'PROPN')
  const nouns = tokens
    .slice(start, end + 1)
    .filter((t) => isNoun(t))
    .map((t) => t.lemma)
  let k = end + 1
  while (k <= end + 3 && k < tokens.length && !isNoun(tokens[k]) && /^(DET|ADJ|PRON|NUM)$/.test(tokens[k].pos)) k++
  while (isNoun(tokens[k])) nouns.push(tokens[k++].lemma)
  return nouns
}

export const NEGATION_CUES = new Set([
  ...['not', "n't", 'no', 'never', 'nobody', 'none', 'nothing', 'neither', 'nor', 'nowhere', 'cannot', 'noone'],
  // Notes drop the apostrophe ("24h isnt", "we dont"), and the tagger then leaves the word whole.
  ...['isnt', 'arent', 'wasnt', 'werent', 'dont', 'doesnt', 'didnt', 'cant', 'wont', 'shouldnt', 'wouldnt', 'couldnt', 'mustnt', 'hasnt', 'havent'],
])

const CONTENT_POS = new Set(['NOUN', 'PROPN', 'VERB', 'ADJ', 'ADV', 'NUM'])
/** Verbs that say "not": excluded = not included, skip = not do. */
const NEGATIVE_VERBS = new Set([
  ...['excluded', 'exclude', 'excludes', 'excluding', 'excl', 'exempt', 'exempted', 'skip', 'skips', 'skipped', 'bypass', 'bypasses', 'bypassed'],
  // "Avoid internal jargon", "ban floating tags": a rule against doing it, as "no internal names" is.
  ...[
    'avoid',
    'avoids',
    'avoided',
    'forbid',
    'forbids',
    'forbidden',
    'prohibit',
    'prohibits',
    'prohibited',
    'ban',
    'bans',
    'banned',
    'omit',
    'omits',
    'omitted',
  ],
])
// Adjectives that take the whole of a thing, not a kind of it: "the whole test" is the load test, not another test.
const WHOLE = new Set(['whole', 'entire', 'same', 'actual', 'overall'])
// Words tagged as content that carry no subject or claim of their own.
const LIGHT = new Set([
  'be',
  'have',
  'do',
  'will',
  'would',
  'can',
  'could',
  'should',
  'must',
  'may',
  'might',
  'shall',
  'also',
  'just',
  'very',
  'really',
  'still',
  'so',
  'then',
  'too',
  'there',
  'here',
  'even',
  'only',
  'quite',
  'rather',
  'thing',
  'something',
  'way',
  'right',
  'get',
  'make',
  'lot',
  'etc',
  'however',
  'actually',
  'currently',
  'now',
  'a',
  'an',
  'the',
  'some',
  'any',
  'each',
  'every',
  'much',
  'many',
  'more',
  'most',
  'less',
  'least',
  'other',
  'such',
  'same',
  'well',
  'yet',
  'already',
  'use',
  // Degree adverbs intensify a claim without changing what it is about: "fully automated" asserts "automated".
  'fully',
  'completely',
  'entirely',
  'totally',
  'absolutely',
  'always',
  'definitely',
  'certainly',
  'indeed',
  // Markers of the present say when, not what ("is automated today" = "is automated").
  'today',
  'nowadays',
  'presently',
  // Copulas of state: "must stay open" asserts what "must be open" does.
  'stay',
  'remain',
  'become',
  'seem',
  // Hedges and sentence adverbs qualify the speaker's certainty, not the claim.
  'honestly',
  'frankly',
  'apparently',
  'arguably',
  'basically',
  'clearly',
  'obviously',
  'personally',
])
/**
 * Hedging phrases ("as far as I can tell", "I think", "if I remember correctly") say how sure the speaker is;
 * their words are neither content nor a condition. Matched on lower-cased words; "?" marks an optional word.
 */
const HEDGES = [
  ['as', 'far', 'as', 'i|we', 'can|could?', 'tell|know|see'],
  ['i|we', 'think|believe|guess|suppose|feel'],
  ['to', 'my|our', 'knowledge'],
  ['in', 'my|our', 'view|opinion|experience'],
  ['if', 'i|we', 'remember|recall', 'correctly|right?'],
].map((pattern) => pattern.map((part) => ({optional: part.endsWith('?'), words: new Set(part.replace(/\?$/, '').split('|'))})))
const HEDGE_STARTS = new Set(HEDGES.flatMap((pattern) => [...pattern[0].words]))
/** Words that place a claim in the present: the same time as a claim with no time word at all. */
const PRESENT_WORDS = new Set(['today', 'now', 'currently', 'nowadays', 'presently'])
const CLAUSE_BREAKS = new Set([';', ':', ',', '—', '–', '(', ')', 'but', 'because', 'although', 'though', 'whereas', 'while', 'since', 'so'])
const CONDITION_MARKERS = new Set(['if', 'unless', 'when', 'whenever', 'otherwise', 'except', 'whether'])
/** Month names that are only names: "may" is the modal far more often. */
const MONTH_NAMES = new Set(MONTHS.filter((month) => month !== 'may'))
const TIME_WORDS = new Set([
  'yesterday',
  'tomorrow',
  'tonight',
  'previously',
  'formerly',
  'originally',
  'nowadays',
  'anymore',
  'ago',
  'q1',
  'q2',
  'q3',
  'q4',
  'h1',
  'h2',
  'spring',
  'summer',
  'autumn',
  'winter',
])
const PERIOD_WORDS = new Set(['week', 'month', 'year', 'quarter', 'sprint', 'release', 'night', 'weekend'])
const PAST_AUX = new Set(['was', 'were', 'had', 'did'])
const PRESENT_AUX = new Set(['is', 'are', 'am', 'has', 'have', 'do', 'does', "'s", "'re", "'m", 'will', 'can', 'must', 'should', 'shall', 'may'])
/** Tokens that may sit between an auxiliary and its participle ("is fully automated", "has not been"). */
const BETWEEN_AUX_AND_VERB = new Set(['ADV', 'PART', 'AUX'])
/**
 * Frames of the clock a rule holds in: "during business hours … within 15 minutes" and "outside business hours …
 * within 2 hours" are two rules. (Named on both sides they set claims apart, as environments do.)
 */
const HOUR_FRAMES: Array<[RegExp, string]> = [
  [/\b(?:outside(?: of)?|out of|after|beyond) (?:business|working|office) hours\b|\bout[- ]of[- ]hours\b|\bafter[- ]hours\b|\boff[- ]hours\b/i, 'off-hours'],
  [/\b(?:during|in|within) (?:business|working|office) hours\b/i, 'business-hours'],
]
const SCOPE_WORDS = new Set([
  'staging',
  'production',
  'prod',
  'dev',
  'development',
  'qa',
  'sandbox',
  'preprod',
  'canary',
  'test',
  'testing',
  'eu',
  'us',
  'apac',
  'emea',
  'europe',
  'asia',
  'america',
  'mobile',
  'web',
  'desktop',
  'ios',
  'android',
  'windows',
  'linux',
  'macos',
  'frontend',
  'backend',
  'free',
  'enterprise',
  'beta',
  'legacy',
  'locally',
])

export interface PoleSignal {
  key: string
  words: string[]
}

/** Pole signals indexed by their first word, so matching is one pass over the tokens. */
export type SignalIndex = Map<string, PoleSignal[]>

/** Words after which a coordinated plural subject is the subject of a rule or a statement ("… must", "… are"). */
const MODAL_NORMS = new Set(['must', 'should', 'may', 'can', 'will', 'shall', 'need', 'needs', 'are', 'is'])
/** Adverbs of frequency that stand between a subject and its verb: "drift never pages", "the job always runs". */
const FREQUENCY_ADVERBS = /^(never|always|rarely|seldom|often|sometimes|usually|only|also|still|already)$/
/** Verbs that give a setting its value in notes' imperatives ("set timeout 5s", "cap retries 3"). */
const SETTING_VERBS =
  /^(set|raise|bump|lower|increase|decrease|reduce|cut|keep|cap|limit|use|make|give|allow|change|scale|run|put|add|drop|move|pin|start|stop|leave|hold|fix|double|halve|up|reserve|buy|hire|need|want|get)$/

/** Verbs that leave a switch in a state: "stay off", "turn … on". */
const SWITCH_VERBS = /^(stay|stays|stayed|turn|turns|turned|switch|switches|switched|keep|kept|left|leave|set)$/

/** How many parentheses each token sits in. */
function parenthesisDepths(tokens: Token[]): number[] {
  let depth = 0
  return tokens.map((t) => {
    if (t.norm === '(') depth++
    const at = depth
    if (t.norm === ')' && depth > 0) depth--
    return at
  })
}

/** A value called too little ("too short", "too aggressive") asks for more; one called too much ("too long") for less. */
const TOO_LITTLE = /^(short|aggressive|tight|strict|soon|early|low|small|few|frequent|often|fast|quick|little)$/
const TOO_MUCH = /^(long|slow|late|lax|loose|generous|high|big|large|rare|infrequent|expensive|much|many)$/

/**
 * "7d is too short", "half a minute is far too short for …", "5 min is too long": whether the words after a value
 * turn it down, asking for more or for less. ("2 GB is too much storage" speaks of the storage; but something that
 * recurs and is "too much PR noise" comes too often.)
 */
function tooFar(tokens: Token[], from: number, recurring: boolean): 'more' | 'less' | undefined {
  let k = from
  // ("90 days for majors is too aggressive": what the value is for may come between.)
  if (/^(for|on|of|per)$/.test(tokens[k]?.norm ?? '')) {
    k++
    while (k < from + 3 && /^(NOUN|PROPN|ADJ)$/.test(tokens[k]?.pos ?? '')) k++
  }
  const start = k
  while (k < start + 4 && tokens[k] && /^(is|are|was|'s|be|seems|sounds|feels|looks|far|way|much|just|still|simply|probably|a|bit|imo)$/.test(tokens[k].norm))
    k++
  // ("monthly is overkill": what comes too often asks for a longer gap; "6 replicas is overkill" for fewer.)
  if (/^(overkill|excessive)$/.test(tokens[k]?.norm ?? '')) return recurring ? 'more' : 'less'
  const adjective = tokens[k + 1]
  if (tokens[k]?.norm !== 'too' || !adjective) return undefined
  // ("monthly is too much churn for mgrs": what comes too often asks for a longer gap.)
  if (/^(NOUN|PROPN)$/.test(tokens[k + 2]?.pos ?? '')) return recurring && /^(much|many)$/.test(adjective.norm) ? 'more' : undefined
  return TOO_LITTLE.test(adjective.norm) ? 'more' : TOO_MUCH.test(adjective.norm) ? 'less' : undefined
}

/** Features of one claim; pass `tokens` when they were computed in a batch (tokenizeMany). */
export function featurize(text: string, signals?: SignalIndex, given: Token[] = tokenize(normaliseNumbers(text))): Features {
  // "…, full stop": the rule has no exceptions; the words name nothing the claim is about.
  const fullStop = given.findIndex((t, i) => t.norm === 'full' && given[i + 1]?.norm === 'stop' && given.slice(i + 2).every((x) => x.type === 'punctuation'))
  if (fullStop > 0) given = given.slice(0, given[fullStop - 1].norm === ',' ? fullStop - 1 : fullStop)
  // "build logs are kept …": a sentence-initial word tagged as a verb before a noun and a verb is a noun modifier.
  // …and so is one before a noun and its value in notes ("connect timeout 1s"), unless it is a verb that sets a value
  // ("set timeout 5s", "bump replicas 3").
  const modifierFirst =
    given.length > 2 &&
    given[0].pos === 'VERB' &&
    /^(NOUN|PROPN)$/.test(given[1].pos) &&
    (/^(AUX|VERB)$/.test(given[2]?.pos ?? '') || (given[2]?.type === 'number' && given[0].norm === given[0].lemma && !SETTING_VERBS.test(given[0].lemma)))
  let tokens = modifierFirst ? [{...given[0], pos: 'NOUN'}, ...given.slice(1)] : given
  // "Audit logs and recordings must …": a plural the tagger took for a verb, between a noun and a coordinated noun.
  const plural = tokens.findIndex(
    (t, i) =>
      i > 0 &&
      i <= 3 &&
      t.pos === 'VERB' &&
      /[^s]s$/.test(t.norm) &&
      /^(NOUN|PROPN)$/.test(tokens[i - 1].pos) &&
      /^(and|or)$/.test(tokens[i + 1]?.norm ?? '') &&
      /^(NOUN|PROPN)$/.test(tokens[i + 2]?.pos ?? '') &&
      tokens.slice(i + 3).some((x) => x.pos === 'AUX' || MODAL_NORMS.has(x.norm)),
  )
  if (plural > 0) tokens = tokens.map((t, i) => (i === plural ? {...t, pos: 'NOUN', lemma: singular(t.norm, t.lemma)} : t))
  // "All alerts are batched", "page-level alerts never batched": a plural subject the tagger took for a verb, after
  // a determiner or a modifier and before the clause's auxiliary or participle.
  const subjectPlural = tokens.findIndex(
    (t, i) =>
      i <= 6 &&
      t.pos === 'VERB' &&
      /[^su]s$/.test(t.norm) &&
      (i === 0 || /^(DET|ADJ|NOUN|PROPN)$/.test(tokens[i - 1].pos)) &&
      (tokens[i + 1]?.pos === 'AUX' ||
        (/^(never|not|always|only)$/.test(tokens[i + 1]?.norm ?? '') && tokens[i + 2]?.pos === 'VERB' && /ed$/.test(tokens[i + 2].norm))),
  )
  if (subjectPlural >= 0) tokens = tokens.map((t, i) => (i === subjectPlural ? {...t, pos: 'NOUN', lemma: singular(t.norm, t.lemma)} : t))
  // "drift never pages anyone", "the job always runs": a verb of the third person the tagger took for a plural noun,
  // between the subject and its frequency adverb, and what it acts on.
  tokens = tokens.map((t, i) =>
    t.pos === 'NOUN' &&
    /[^su]s$/.test(t.norm) &&
    FREQUENCY_ADVERBS.test(tokens[i - 1]?.norm ?? '') &&
    /^(NOUN|PROPN|PRON)$/.test(tokens[i - 2]?.pos ?? '') &&
    (i + 1 === tokens.length || /^(DET|PRON|NOUN|PROPN|ADP|NUM|PUNCT)$/.test(tokens[i + 1].pos))
      ? {...t, pos: 'VERB', lemma: singular(t.norm, t.lemma)}
      : t,
  )
  // "Keep Jenkins running", "Move all CI runners": a sentence-initial imperative the tagger took for a noun; after a
  // label too ("Recommendation: move from the weekly train …").
  const opening = labelEnd(given) + 1
  // A label is a noun phrase ("Application logs: 30 days"): the tagger's verbs in it are nouns.
  if (opening > 0) tokens = tokens.map((t, i) => (i < opening && t.pos === 'VERB' ? {...t, pos: 'NOUN'} : t))
  const head = tokens[opening]
  const after = tokens[opening + 1]
  if (
    tokens.length > opening + 2 &&
    head.pos === 'NOUN' &&
    head.norm === head.lemma &&
    !PRESENT_WORDS.has(head.norm) &&
    !TIME_WORDS.has(head.norm) &&
    !/^(tomorrow|yesterday|tonight|goal|plan|note|update|status)$/.test(head.norm) &&
    (/^(the|a|an|all|every|each|our|your|its|their|any|no)$/.test(after.norm) ||
      // …but "checkout p99 must stay below …" names a subject: a name then a modal is no imperative's object.
      (after.pos === 'PROPN' && tokens[opening + 2]?.pos !== 'AUX') ||
      (CHANGE_VERBS.has(head.lemma) && /^(from|to)$/.test(after.norm)))
  ) {
    tokens = tokens.map((t, i) => (i === opening ? {...t, pos: 'VERB'} : t))
  }

  // "prune must stay off", "turn automerge on": a switch's state, the same as "disabled" / "enabled".
  const switched = (i: number) =>
    /^(on|off)$/.test(tokens[i].norm) &&
    !/^(NOUN|PROPN|DET|PRON|NUM)$/.test(tokens[i + 1]?.pos ?? '') &&
    (SWITCH_VERBS.test(tokens[i - 1]?.norm ?? '') || (SWITCH_VERBS.test(tokens[i - 2]?.norm ?? '') && /^(NOUN|PROPN)$/.test(tokens[i - 1]?.pos ?? '')))
  if (tokens.some((_, i) => switched(i))) tokens = tokens.map((t, i) => (switched(i) ? {...t, lemma: t.norm === 'on' ? 'enable' : 'disable', pos: 'ADJ'} : t))

  // "right now", "right away": an adverb, not a noun.
  if (tokens.some((t, i) => t.norm === 'right' && /^(now|away)$/.test(tokens[i + 1]?.norm ?? '') && t.pos !== 'ADV')) {
    tokens = tokens.map((t, i) => (t.norm === 'right' && /^(now|away)$/.test(tokens[i + 1]?.norm ?? '') ? {...t, pos: 'ADV'} : t))
  }

  // "the TTL drops from 600 to 60": a verb of change the tagger took for a plural noun.
  if (
    tokens.some(
      (t, i) =>
        t.pos === 'NOUN' && CHANGE_VERBS.has(t.lemma) && /^(from|to|by)$/.test(tokens[i + 1]?.norm ?? '') && /^(NOUN|PROPN)$/.test(tokens[i - 1]?.pos ?? ''),
    )
  ) {
    tokens = tokens.map((t, i) => (t.pos === 'NOUN' && CHANGE_VERBS.has(t.lemma) && /^(from|to|by)$/.test(tokens[i + 1]?.norm ?? '') ? {...t, pos: 'VERB'} : t))
  }
  const named = namedBound(text, tokens)
  const quantities = extractQuantities(tokens).map((q) => {
    // "7d is too short", "5 min is too long": the value is turned down; the claim asks for more, or for less.
    const turnedDown = tooFar(tokens, q.span[1] + 1, q.recurring === true)
    if (turnedDown && q.kind !== 'ordinal' && Number.isFinite(q.low) && Number.isFinite(q.high))
      return turnedDown === 'more'
        ? {...q, high: Number.POSITIVE_INFINITY, highOpen: false, low: q.high, lowOpen: true}
        : {...q, high: q.low, highOpen: true, low: Number.NEGATIVE_INFINITY, lowOpen: false}
    return named && q.span[0] > named.at && q.span[0] < named.until && q.low === q.high && Number.isFinite(q.low) && q.kind !== 'ordinal'
      ? named.bound === 'upper'
        ? {...q, low: Number.NEGATIVE_INFINITY}
        : {...q, high: Number.POSITIVE_INFINITY}
      : q
  })
  // Negation cues that belong to a quantity ("no more than 5", "cannot finish before week 20") or to "not only …
  // but also" bound a number or add an item: they do not negate the claim.
  const notNegations = new Set(quantities.flatMap((q) => q.consumed))
  for (const [i, t] of tokens.entries()) {
    if (
      // ("10m nothing shorter", "1yr only, nothing longer": a bound after the value.)
      (t.norm === 'no' || t.norm === 'not' || t.norm === 'nothing') &&
      /^(more|less|fewer|longer|later|earlier|only|just|greater|higher|lower|shorter|faster|bigger|larger)$/.test(tokens[i + 1]?.norm ?? '')
    )
      notNegations.add(i)
    if (/^(no|not|without)$/.test(t.norm) && namesExceptions(tokens, i + 1)) notNegations.add(i)
    // "no - product writes the notes": an answer to a question asked before, not a negation of the claim.
    if (i === 0 && t.norm === 'no' && tokens[1]?.type === 'punctuation') notNegations.add(i)
    // "no persistent runners, not even for caching": "not even" widens the denial before it, it does not undo it.
    // (A denial a number took as its bound, "no extensions after 31 July", leaves "not even" to carry the claim's.)
    if (t.norm === 'not' && tokens[i + 1]?.norm === 'even' && tokens.slice(0, i).some((x, j) => NEGATION_CUES.has(x.norm) && !notNegations.has(j)))
      notNegations.add(i)
  }

  const clauseOf: number[] = []
  const negationAt: number[] = []
  const listedDenials: number[] = []
  let sinceFrom = -1

  const content = new Set<string>()
  const forms = new Set<string>()
  const subjects = new Set<string>()
  const times = new Set<string>()
  const scopes = new Set<string>()
  const modifiers = new Map<string, Set<string>>()
  let negations = 0
  const clauses: Features['clauses'] = [{content: new Set(), negations: 0}]
  let past = false
  let present = false
  const hedged = hedgeTokens(tokens)
  let parenDepth = 0
  // Content words said only in brackets ("adopt pre-commit scanning everywhere (gitleaks hook via the shared config
  // repo)"): what the claim adds in passing, not what it asserts.
  const [inAside, outsideAsides] = [new Set<string>(), new Set<string>()]
  let aside = false
  // ("last catalog-api deploy: hit ratio was 35%": a label of a past event is no present verb, and dates what follows.)
  const eventLabel = tokens.findIndex((t, i) => t.norm === ':' && i < 8)
  const pastLabel = eventLabel > 1 && /^(last|previous|prior)$/.test(tokens[0].norm)
  for (const [i, token] of tokens.entries()) {
    if (hedged.has(i)) continue
    const {lemma, norm, pos} = token
    // "fails to upload" and "without a review" negate like "does not upload" and "with no review".
    const failsTo = lemma === 'fail' && tokens[i + 1]?.norm === 'to'
    // "out of scope" denies what "in scope" says.
    // …and so does "keep api.* out of the canary" what "api.* stays in the canary" says.
    const outOf =
      norm === 'out' &&
      tokens[i + 1]?.norm === 'of' &&
      (tokens[i + 2]?.norm === 'scope' || tokens.slice(Math.max(0, i - 4), i).some((t) => /^(keep|stay|leave|remain|take|pull|move)$/.test(t.lemma)))
    // "instead of storing them in GitHub", "rather than a quarterly review": what follows is turned down; so is what
    // a writer is against ("I'm against scheduled brownouts", "we are opposed to per-team tenants").
    const turnedDown =
      (norm === 'instead' && tokens[i + 1]?.norm === 'of') ||
      (norm === 'rather' && tokens[i + 1]?.norm === 'than') ||
      ((norm === 'against' || (norm === 'opposed' && tokens[i + 1]?.norm === 'to')) &&
        // (a stance of the writers, not a place: "a man is leaning against a wall")
        (/^(i'm|we're|am)$/.test(tokens[i - 1]?.norm ?? '') ||
          (/^('m|'re|are)$/.test(tokens[i - 1]?.norm ?? '') && /^(i|we)$/.test(tokens[i - 2]?.norm ?? ''))))
    // ("post a warning and must never block a merge": "and" before a modal starts a second predicate.)
    const andModal = norm === 'and' && /^(must|should|may|can|will|never|cannot)$/.test(tokens[i + 1]?.norm ?? '')
    if ((CLAUSE_BREAKS.has(norm) || andModal) && clauses.at(-1)!.content.size > 0) clauses.push({content: new Set(), negations: 0})
    clauseOf[i] = clauses.length - 1
    // "stop uploading coverage html": to stop doing something denies doing it (not a purpose: "… to stop paying").
    const stopsDoing = /^(stop|quit|cease)$/.test(lemma) && tokens[i + 1]?.pos === 'VERB' && tokens[i + 1].norm.endsWith('ing') && tokens[i - 1]?.norm !== 'to'
    // "zero standing prod db access": "zero" before a thing says "no" (not before a unit: "zero downtime" measures).
    // (…nor after a preposition: "a PDB stuck at zero disruptions allowed" names a level, as "at 0" does.)
    const zero =
      norm === 'zero' &&
      /^(ADJ|NOUN|PROPN)$/.test(tokens[i + 1]?.pos ?? '') &&
      !isUnitWord(tokens[i + 1].norm) &&
      tokens[i + 1].norm !== 'downtime' &&
      !/^(at|to|from|of)$/.test(tokens[i - 1]?.norm ?? '')
    // "are excluded from the SLI", "skip the review", "exempt from": a negation of what the other claim includes.
    // ("no-show", "no-reply", "no-op": "no" joined to a noun names a kind of thing, it denies nothing.)
    const namesKind = norm === 'no' && tokens[i + 1]?.norm === '-' && tokens[i + 2]?.type === 'word'
    if (
      ((NEGATION_CUES.has(norm) && !namesKind) ||
        (NEGATION_CUES.has(lemma) && !namesKind) ||
        norm === 'without' ||
        zero ||
        failsTo ||
        outOf ||
        turnedDown ||
        stopsDoing ||
        // (…not one joined to a noun it names a kind of: a "banned-visitor list" is a list.)
        (NEGATIVE_VERBS.has(norm) && !(tokens[i + 1]?.norm === '-' && tokens[i + 2]?.type === 'word'))) &&
      !notNegations.has(i)
    ) {
      // "no internal names (no hostnames, no pod names)": each item of a list of denials is the one denial again,
      // not a double negation of the claim.
      let before = i - 1
      while (before >= 0 && /^["'“‘]$/.test(tokens[before].norm)) before--
      const listed =
        norm === 'no' &&
        /^(,|\(|or|and|\/)$/.test(tokens[before]?.norm ?? '') &&
        [...negationAt, ...listedDenials].some((k) => tokens[k].norm === 'no' && i - k <= 8)
      if (listed) {
        // (Still the polarity of its own clause: "no secrets, no pull_request_target" denies both.)
        listedDenials.push(i)
        clauses.at(-1)!.negations++
        continue
      }

      negationAt.push(i)
      negations++
      clauses.at(-1)!.negations++
      continue
    }

    // "since March", "since we dropped debug logs in the spring": a trend up to now, not a time apart from now.
    if (norm === 'since') sinceFrom = i
    if (token.type === 'punctuation') sinceFrom = -1
    const since = sinceFrom >= 0 && i - sinceFrom <= 10
    // (A number that counts something is no year: "roughly 2000 meshed pods".)
    const year = /^(19|20)\d\d$/.test(norm) && !/^(NOUN|ADJ|VERB)$/.test(tokens[i + 1]?.pos ?? '')
    if ((year || MONTH_NAMES.has(norm) || TIME_WORDS.has(norm)) && !since) times.add(norm)
    if (norm === 'end' && tokens[i + 1]?.norm === 'of' && tokens[i + 2]?.norm === 'the' && PERIOD_WORDS.has(tokens[i + 3]?.lemma ?? ''))
      times.add(`this ${tokens[i + 3].lemma}`)
    // (Not in a parenthesis: "(per fatima last month)" says when a figure was given, not what time it is about.)
    // (…nor does "then wave 2 goes the next night": a step after another, not a time apart.)
    const sequence = norm === 'next' && tokens[i - 1]?.norm === 'the' && /^(day|night|morning|evening|week)$/.test(tokens[i + 1]?.lemma ?? '')
    if ((norm === 'last' || norm === 'next' || norm === 'this') && PERIOD_WORDS.has(tokens[i + 1]?.lemma ?? '') && parenDepth === 0 && !sequence)
      times.add(`${norm} ${tokens[i + 1].lemma}`)
    if (norm === 'used' && tokens[i + 1]?.norm === 'to') times.add('used to')
    if (
      ((norm === 'before' || norm === 'after' || norm === 'since' || norm === 'until') &&
        /^(19|20)\d\d$|^(migration|launch|release|upgrade|incident|outage|rewrite|refactor|pilot|cutover|trial)$/.test(
          tokens[i + 1]?.norm === 'the' ? (tokens[i + 2]?.lemma ?? '') : (tokens[i + 1]?.lemma ?? ''),
        )) ||
      // "During the pilot, … a ticket" / "after pilot: … blocks the release": the phases of a plan are two times
      // (but "during incidents" is a condition, which holds at any time).
      (norm === 'during' &&
        /^(migration|pilot|cutover|trial|rollout)$/.test(tokens[i + 1]?.norm === 'the' ? (tokens[i + 2]?.lemma ?? '') : (tokens[i + 1]?.lemma ?? '')))
    )
      times.add(`${norm} ${tokens[i + 1].norm === 'the' ? tokens[i + 2].lemma : tokens[i + 1].lemma}`)
    if (PAST_AUX.has(norm)) past = true
    if (PRESENT_AUX.has(norm) || PRESENT_WORDS.has(norm)) present = true
    // A parenthesis describes ("P2 (major feature broken, no workaround)"): its participles are no past tense.
    if (norm === '(') parenDepth++
    if (norm === ')' && parenDepth > 0) parenDepth--
    if (pos === 'VERB' && !present && parenDepth === 0 && !(pastLabel && i < eventLabel)) {
      const tense = verbTense(tokens, i)
      if (tense === 'past') past = true
      else if (tense === 'present') present = true
    }

    // ("moving us to Nomad": the pronoun, not the US region.)
    // (…nor a scope in an aside after a comma that says what the claim assumes or waits for: "rollout complete by
    // 15 March, assuming no surprises from the staging soak" is about production.)
    if (norm === ',' || norm === ';') aside = /^(assuming|provided|once|after|given|pending)$/.test(tokens[i + 1]?.norm ?? '')
    // (…nor "dev" that says whose: "dev signups", "dev laptops" are developers'.)
    const developers =
      norm === 'dev' && /^(signups?|teams?|laptops?|experience|productivity|velocity|tooling|onboarding|loop|happiness|time)$/.test(tokens[i + 1]?.norm ?? '')
    if (SCOPE_WORDS.has(norm) && !(norm === 'us' && pos === 'PRON') && !aside && !developers) scopes.add(norm)
    if ((norm === 'up' || norm === 'down') && /^(go|trend|move|come|head|shut|stay|scale|spin|power|wind|ramp)$/.test(tokens[i - 1]?.lemma ?? '')) {
      content.add(norm)
      clauses.at(-1)!.content.add(norm)
      forms.add(norm)
      continue
    }

    // "the weekly train stays", "staging stays as is": with nothing after it, "stay" says that something continues.
    const continues =
      (lemma === 'stay' || lemma === 'remain') &&
      (tokens[i + 1] === undefined ||
        tokens[i + 1].type === 'punctuation' ||
        (tokens[i + 1].norm === 'as' && tokens[i + 2]?.norm === 'is') ||
        /^(unchanged|put)$/.test(tokens[i + 1].norm) ||
        // "payments stays on AWS Secrets Manager": where something remains, against where it moves.
        (/^(on|with|at)$/.test(tokens[i + 1].norm) && tokens.slice(i + 2, i + 5).some((t) => t.pos === 'PROPN' || t.pos === 'NOUN')))
    // ("after every use", "per use": the noun names an occasion, which a light verb does not.)
    const occasion = lemma === 'use' && pos === 'NOUN' && /^(every|each|per|first|single)$/.test(tokens[i - 1]?.norm ?? '')
    if (!continues && !occasion && (!CONTENT_POS.has(pos) || LIGHT.has(lemma) || token.type === 'punctuation')) continue
    // "starting on the announcement day" says from when, it starts nothing.
    if (norm === 'starting' && /^(on|from|in|at)$/.test(tokens[i + 1]?.norm ?? '')) continue
    // "keep their flags in configuration files" says where, not whether: it is no opposite of "remove".
    if (lemma === 'keep') {
      const place = tokens.findIndex((t, k) => k > i && k <= i + 4 && /^(in|on|at|inside|under)$/.test(t.norm))
      if (place > 0 && tokens.slice(i + 1, place).every((t) => /^(DET|PRON|NOUN|PROPN|ADJ|NUM)$/.test(t.pos))) continue
    }
    // "automatically" asserts what "automatic" does, "manually" what "manual" does.
    const word = pos === 'ADV' && /ically$/.test(norm) ? norm.slice(0, -4) : pos === 'ADV' && /[^c]ally$/.test(norm) ? norm.slice(0, -2) : lemma

    content.add(word)
    ;(parenDepth > 0 ? inAside : outsideAsides).add(word)
    clauses.at(-1)!.content.add(word)
    forms.add(lemma)
    forms.add(norm)
    // "we hand over on Wednesdays" is about the handover, "roll back within 10 minutes" about the rollback (and the
    // tagger may take the verb for a noun: "fall back to email").
    const compound = pos === 'VERB' || pos === 'NOUN' ? lemma + (tokens[i + 1]?.norm ?? '') : ''
    if (PHRASAL_NOUNS.has(compound)) for (const set of [content, subjects, forms, clauses.at(-1)!.content]) set.add(compound)
    if (pos === 'NOUN' || pos === 'PROPN') {
      subjects.add(lemma)
      // A status code is a member of its class: "503s are not errors" speaks of "all 5xx responses".
      const statusClass = /^http-([1-5])\d\d$/.exec(lemma)
      if (statusClass) for (const set of [content, subjects, clauses.at(-1)!.content]) set.add(`http-${statusClass[1]}xx`)
      const before = tokens[i - 1]
      // "an unprivileged container": a participle between a determiner and its noun modifies it.
      const participle = before?.pos === 'VERB' && /(ed|en)$/.test(before.norm) && /^(DET|ADJ|ADV)$/.test(tokens[i - 2]?.pos ?? '')
      if (
        before &&
        (before.pos === 'NOUN' || before.pos === 'PROPN' || before.pos === 'ADJ' || participle) &&
        !LIGHT.has(before.lemma) &&
        !WHOLE.has(before.lemma) &&
        // (A comparison describes the thing, it does not pick out another: "the cheaper S3 tier".)
        !(before.pos === 'ADJ' && before.norm !== before.lemma && /(er|est)$/.test(before.norm)) &&
        !taggedVerbAsNoun(tokens, i)
      ) {
        let set = modifiers.get(lemma)
        if (!set) modifiers.set(lemma, (set = new Set()))
        set.add(before.lemma)
      }
    }
  }

  // A condition ("if …", "unless …", "when …") runs to the next comma or the end.
  const conditionWords: string[] = []
  // …unless it sits in a phrase added after a comma ("max of 60 nodes, with an alert when we pass 50"): there it
  // qualifies the added thing, not the claim.
  // …and so does one after a second predicate ("should run every week and automerge when CI passes": the condition
  // is the automerge's, not the weekly run's).
  const addedPhrase = (i: number) => {
    let k = i - 1
    while (k >= 0 && tokens[k].norm !== ',') k--
    // (…or a reason: "keep 7 days, needed for rollback when someone re-tags".)
    if (k >= 0 && /^(with|plus|needed|required|necessary|useful|handy)$/.test(tokens[k + 1]?.norm ?? '')) return true
    const and = tokens.findIndex((t, j) => j > k && j < i && t.norm === 'and')
    if (and > 0 && tokens.slice(k + 1, and).some((t) => t.pos === 'VERB')) return true
    // (…and one of a clause of its own after the comma: "= 6 partitions, teams ask if they need more".)
    return k >= 0 && tokens.slice(0, k).some((t) => t.type === 'number') && tokens.slice(k + 1, i).some((t) => t.pos === 'VERB')
  }
  // (", otherwise every integration becomes a fire drill" gives the claim's reason: what follows if it is not kept.)
  // (…and "even if nothing new" makes the claim hold in every case: a concession, not a condition.)
  const notACondition = (i: number) => (tokens[i].norm === 'otherwise' && i > 0 && tokens[i - 1].norm === ',') || tokens[i - 1]?.norm === 'even'
  const marker = tokens.findIndex((t, i) => CONDITION_MARKERS.has(t.norm) && !hedged.has(i) && !addedPhrase(i) && !notACondition(i))
  if (marker >= 0) {
    // A threshold's value and the verb that crosses it are what the claim sets, not the situation it holds in: "page
    // if the error rate is above 2%" and "page when the error rate exceeds 5%" hold in one situation, a high error
    // rate, at two thresholds.
    let threshold = false
    for (let k = marker + 1; k < tokens.length && tokens[k].norm !== ','; k++) {
      if (tokens[k].type === 'number' || THRESHOLD_VERBS.has(tokens[k].lemma)) threshold = true
      else if (content.has(tokens[k].lemma)) conditionWords.push(tokens[k].lemma)
    }

    if (conditionWords.length === 0) conditionWords.push(threshold ? 'threshold' : tokens[marker].norm)
    // A negation inside the condition says when the claim holds, not whether ("CI must fail when a rule has no
    // runbook link" requires the link, as "no alert ships without a runbook link" does). Only after the claim's own
    // words: a leading "if not …, …" is left as it was.
    if (marker > 0 && tokens.slice(0, marker).some((t) => content.has(t.lemma))) {
      let end = marker + 1
      while (end < tokens.length && tokens[end].norm !== ',') end++
      for (let k = negationAt.length - 1; k >= 0; k--) {
        const at = negationAt[k]
        if (at <= marker || at >= end) continue
        negationAt.splice(k, 1)
        negations--
        clauses[clauseOf[at]].negations--
      }
    }
  }

  // The tagger misses some verbs ("the plan costs $780"), so only short verbless lines count as fragments.
  const words = tokens.filter((t) => t.type === 'word').length
  // "because of request_id as a label", "due to the migration": a cause without a verb asserts nothing of its own.
  const verbs = tokens.some((t) => t.pos === 'VERB' || t.pos === 'AUX')
  const cause = /^(because of|due to|thanks to|as a result of)\b/i.test(text.trim())
  const hasVerb = verbs || (!cause && (words >= 6 || tokens.some((t) => t.type === 'number')))

  // A present auxiliary or marker wins over a past form in a subordinate clause ("is what we built").
  // A deadline makes a plan ("all teams on vault by end of Q2, the old SOPS files deleted after that"): a participle
  // in notes' shorthand there is no past tense.
  // …and so does "no exceptions" ("every prod pg db restored weekly, no exceptions"): a rule, not a report.
  const ruleNotes = rulesOutExceptions(tokens)
  // "last yr raw logs sat in loki for 180 days", "two weeks ago": a time in the past makes a report.
  // (Not in a parenthesis: "up to $4k/mo for DR (per fatima last month)" says when it was agreed, not that it is past.)
  const depth = parenthesisDepths(tokens)
  const pastTime =
    tokens.some(
      (t, i) =>
        (depth[i] === 0 &&
          t.norm === 'last' &&
          tokens[i - 1]?.norm !== 'the' &&
          /^(year|yr|years|month|mo|quarter|qtr|week|wk|sprint|cycle|winter|summer|spring|autumn|fall|night|time|(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|may|(mon|tues|wednes|thurs|fri|satur|sun)day)$/.test(
            tokens[i + 1]?.norm ?? '',
          )) ||
        t.norm === 'ago' ||
        t.norm === 'yesterday',
    ) || pastLabel
  // (An imperative asks for what is to come: "turn on the meraki scheduled auto-upgrade" has a participle, no past.)
  const firstWord = tokens.find((t, i) => t.type === 'word' && i > labelEnd(tokens))
  const imperative = firstWord !== undefined && firstWord.pos === 'VERB' && firstWord.norm === firstWord.lemma && !tokens.some((t) => PAST_AUX.has(t.norm))
  const tense = present ? 'present' : (past || pastTime) && !hasDeadline(tokens) && !ruleNotes && !(imperative && !pastTime) ? 'past' : undefined

  const poles = new Map<string, string[]>()
  const poleTerms = new Map<string, PoleTerms>()
  if (signals) {
    for (let i = 0; i < tokens.length; i++) {
      const candidates = [...(signals.get(tokens[i].norm) ?? []), ...(tokens[i].lemma === tokens[i].norm ? [] : (signals.get(tokens[i].lemma) ?? []))]
      for (const signal of candidates) {
        const end = matchSignal(tokens, i, signal.words)
        if (end < 0) continue
        // "Every change, hotfixes included, must pass review": a member a rule names as covered is what it covers,
        // not a pull toward that member's pole.
        if (/^(included|incl)$/.test(tokens[end + 1]?.norm ?? '') || /^(including|incl|even)$/.test(tokens[i - 1]?.norm ?? '')) continue
        // "not fast" pulls away from the pole, not toward it: a negation cue just before flips the pole.
        // …but "not only cheaper" asserts "cheaper".
        const negated =
          NEGATION_CUES.has(tokens[i - 1]?.norm ?? '') ||
          (NEGATION_CUES.has(tokens[i - 2]?.norm ?? '') && /^(AUX|ADV|DET|PART)$/.test(tokens[i - 1].pos) && !/^(only|just)$/.test(tokens[i - 1].norm))
        const key = negated ? signal.key.replace(/:(\d)$/, (_, p) => `:${1 - Number(p)}`) : signal.key
        const list = poles.get(key) ?? []
        list.push(signal.words.join(' '))
        poles.set(key, list)
        const terms = poleTerms.get(key) ?? {lemmas: new Set<string>(), objects: new Set<string>()}
        for (let k = i; k <= end; k++) {
          terms.lemmas.add(tokens[k].lemma)
          terms.lemmas.add(tokens[k].norm)
        }

        // A one-word signal that is itself a noun ("control") names the pole, not what the claim is about.
        for (const noun of objectOf(tokens, i, end)) if (signal.words.length > 1 || noun !== tokens[i].lemma) terms.objects.add(noun)
        poleTerms.set(key, terms)
      }
    }
  }

  for (const [pattern, frame] of HOUR_FRAMES) if (pattern.test(text)) scopes.add(frame)
  return {
    choices: choicesOf(tokens),
    settingValues: settingValuesOf(text),
    clauses,
    condition: conditionWords.sort().join(' '),
    carveOut: marker >= 0 && tokens[marker].norm === 'except',
    content,
    forms,
    hasVerb,
    modifiers,
    asides: new Set([...inAside].filter((w) => !outsideAsides.has(w))),
    negations,
    listedDenials,
    poles,
    poleTerms,
    quantities,
    roles: rolesOf(tokens),
    stances: stancesOf(tokens),
    scopes,
    subjects,
    tense,
    text,
    times,
    dayPart: dayPartFrame(tokens),
    tokens,
    clauseOf,
    negationAt,
    ...structureOf(text, tokens, hedged, fullStop > 0),
    candidateCache: undefined,
    reachCache: undefined,
  }
}

export interface Choice {
  chosen: Set<string>
  rejected: Set<string>
  /** What is turned down is named (a proper noun) or a phrase of two words or more ("the MinIO cluster"), not one common noun. */
  specific: boolean
}

const NOUNISH = /^(ADJ|NOUN|PROPN)$/
const PHRASE = /^(ADJ|NOUN|PROPN|NUM|DET|ADP|CCONJ)$/

/** Verbs of preference whose object is chosen over what follows "over": "prefer Wasmtime over V8". */
const PREFER = new Set(['prefer', 'favor', 'favour', 'pick', 'choose'])

/**
 * "the limit is per key, not per account", "S3 in a second region instead of MinIO", "Strimzi rather than paying for
 * MSK", "prefer Wasmtime over V8": the nouns of the phrase before the cue are chosen, those of the phrase after it
 * turned down.
 */
export function choicesOf(tokens: Token[]): Choice[] {
  const choices: Choice[] = []
  for (let i = 1; i < tokens.length; i++) {
    const norm = tokens[i].norm
    const commaNot = norm === 'not' && tokens[i - 1].norm === ','
    const twoWord = (norm === 'instead' && tokens[i + 1]?.norm === 'of') || (norm === 'rather' && tokens[i + 1]?.norm === 'than')
    // ("over" chooses only after a verb of preference a few words before: "over 5 minutes" and "hand over" choose nothing.)
    const preferred = norm === 'over' && tokens.slice(Math.max(0, i - 4), i).some((t) => PREFER.has(t.lemma))
    if (!commaNot && !twoWord && !preferred) continue
    // What is turned down: the phrase after the cue ("rather than paying for MSK": past a gerund and its preposition).
    const rejected: string[] = []
    let named = false
    let k = twoWord ? i + 2 : i + 1
    if (tokens[k]?.pos === 'VERB' && tokens[k].norm.endsWith('ing')) k++
    for (; k < tokens.length && (PHRASE.test(tokens[k].pos) || hyphenInside(tokens, k, rejected.length)); k++) {
      if (NOUNISH.test(tokens[k].pos)) {
        rejected.push(tokens[k].lemma)
        named ||= tokens[k].pos === 'PROPN'
      } else if (tokens[k].pos === 'ADP' && rejected.length > 0) break
    }

    // What is chosen: the nearest phrase before it, past a parenthesis ("in a second region (eu-central-1), not …").
    const chosen: string[] = []
    let j = commaNot ? i - 2 : i - 1
    if (tokens[j]?.norm === ')') while (j >= 0 && tokens[j].norm !== '(') j--
    if (tokens[j]?.norm === '(') j--
    // (…a gerund naming a practice included: "SSH signing, not gitsign".)
    const gerund = (t: Token) => t.pos === 'VERB' && t.norm.endsWith('ing')
    for (; j >= 0 && (PHRASE.test(tokens[j].pos) || gerund(tokens[j])); j--) {
      if (NOUNISH.test(tokens[j].pos) || gerund(tokens[j])) chosen.unshift(tokens[j].lemma)
      else if (tokens[j].pos === 'ADP' && chosen.length > 0) break
    }

    if (chosen.length > 0 && rejected.length > 0) choices.push({chosen: new Set(chosen), rejected: new Set(rejected), specific: named || rejected.length >= 2})
  }

  return choices
}

/** A hyphen inside a name being read ("rather than size-limit"): the tokenizer splits it from its halves. */
const hyphenInside = (tokens: Token[], k: number, read: number): boolean => read > 0 && tokens[k].norm === '-' && NOUNISH.test(tokens[k + 1]?.pos ?? '')

// A value written as a constant: FULL_TRANSITIVE, BACKWARD, DEBUG (three-letter capitals are names: AWS, SRE, MSK).
const CONSTANT = /\b(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{4,})\b/g
// …given to a setting: "set X to", "X must be", "X:", "X =", "X is" just before it (quotes and emphasis aside).
const SETS_VALUE = /(?:\bto|\bbe|\bis|:|=)\s*[`*"']*$/i

/** A setting's name as code writes it: "concurrencyPolicy", "update_mode". */
const CODE_NAME = String.raw`\b(?:[a-z]+(?:[A-Z][a-z0-9]+)+|[a-z]+(?:_[a-z0-9]+)+)`
// …or any word given to a setting written as code, kept with its key: "concurrencyPolicy: Forbid", "update_mode = off".
// (A value may be a path or a zone: "timeZone: Etc/UTC", "timeZone: Europe/Amsterdam".)
const CODE_SETTING = new RegExp(String.raw`${CODE_NAME}\s*[:=]\s*[\x60*"']*([A-Za-z][\w-]*(?:\/[A-Za-z][\w-]*)*)`, 'g')
/** A number given to a setting named as in code: "activeDeadlineSeconds: 3600", "max_connections = 200". */
export const CODE_SETTING_NUMBER = new RegExp(String.raw`${CODE_NAME}\x60?\s*[:=]\s*\x60?\d`)

/** "set subject compatibility to BACKWARD", "compat mode must be FULL_TRANSITIVE", "log level: DEBUG", "concurrencyPolicy: Forbid". */
export function settingValuesOf(text: string): string[] {
  const values: string[] = []
  for (const match of text.matchAll(CONSTANT)) if (SETS_VALUE.test(text.slice(Math.max(0, match.index - 12), match.index))) values.push(match[0])
  for (const match of text.matchAll(CODE_SETTING)) values.push(match[0].replace(/[`*"']/g, '').replace(/\s*([:=])\s*/, '$1 '))
  return values
}

/** Indexes of the tokens that belong to a hedging phrase. */
function hedgeTokens(tokens: Token[]): Set<number> {
  const hedged = new Set<number>()
  for (let i = 0; i < tokens.length; i++) {
    if (!HEDGE_STARTS.has(tokens[i].norm)) continue
    for (const pattern of HEDGES) {
      let t = i
      for (const part of pattern) {
        if (tokens[t] !== undefined && part.words.has(tokens[t].norm)) t++
        else if (!part.optional) {
          t = -1
          break
        }
      }

      if (t > i) for (let k = i; k < t; k++) hedged.add(k)
    }
  }

  return hedged
}

/**
 * A word after a plural noun and before its schedule is that noun's verb, whatever the tagger says: "Minor releases
 * ship every 14 days" says when releases ship, it names no "release ship".
 */
function taggedVerbAsNoun(tokens: readonly Token[], i: number): boolean {
  const before = tokens[i - 1]
  return (
    tokens[i].pos === 'NOUN' &&
    before?.pos === 'NOUN' &&
    before.norm !== before.lemma &&
    /^(every|each|daily|weekly|monthly|nightly|hourly|quarterly)$/.test(tokens[i + 1]?.norm ?? '')
  )
}

/** Verbs of keeping a thing for a time: their participle before a figure sets a retention, it reports no past. */
const KEEPING_VERBS = new Set(['retain', 'keep', 'store', 'archive', 'hold', 'cache', 'purge', 'delete', 'drop', 'expire', 'rotate', 'replicate'])

/**
 * The tense of a finite verb with no auxiliary before it: "reached" after its subject is past, "deploys" or
 * "deploy" after its subject is present. A form after an auxiliary ("is automated", "has reached") or before a
 * noun ("the automated pipeline") is a participle or an adjective and says nothing here.
 */
function verbTense(tokens: Token[], i: number): 'past' | 'present' | undefined {
  const {lemma, norm} = tokens[i]
  let k = i - 1
  while (k >= 0 && BETWEEN_AUX_AND_VERB.has(tokens[k].pos) && tokens[k].pos !== 'AUX') k--
  const before = tokens[k]
  if (!before || !/^(NOUN|PROPN|PRON)$/.test(before.pos) || /^(to|that|which|who)$/.test(before.norm)) return undefined
  if (norm === lemma || norm === lemma + 's' || norm === lemma + 'es' || (lemma.endsWith('y') && norm === lemma.slice(0, -1) + 'ies')) return 'present'
  // "a cart filled with boxes", "a wall painted in red": a participle in a reduced relative clause, not a past.
  // ("store submissions signed off by PM": a particle before the preposition changes nothing.)
  const next = tokens[i + 1]?.pos === 'ADP' && /^(off|out|up|down|over)$/.test(tokens[i + 1].norm) ? tokens[i + 2] : tokens[i + 1]
  // ("purged after 48h", "deleted within 2h": a rule's act and its time, not a past.)
  if (/ing$/.test(norm) || /^(by|with|in|on|from|of|into|onto|for|at|as|after|within)$/.test(next?.norm ?? '')) return undefined
  // ("denial events retained 90 days", "snapshots kept 14d": how long a thing is kept, in notes' shorthand.)
  if (KEEPING_VERBS.has(lemma) && next?.type === 'number') return undefined
  // "no platform approval needed", "ticket required": a participle of a modal word states a rule, not a past;
  // "billing included" says what a rule covers.
  if (MUST_WORDS.has(norm) || MAY_WORDS.has(norm) || FORBID_WORDS.has(norm) || norm === 'included' || norm === 'excluded') return undefined
  // "legacy bucket deleted end of April", "slurm switched off Q3": a participle with a date after it is a plan in
  // notes' shorthand, not a past.
  if (MONTH_NAMES.has(next?.norm ?? '') || /^(q[1-4]|h[12]|end|mid-\w+|next|eoq|eoy)$/.test(next?.norm ?? '')) return undefined
  return 'past'
}

const MUST_WORDS = new Set(['must', 'shall', 'required', 'mandatory', 'require', 'requires', 'need', 'needs', 'needed', 'have to', 'has to'])
const MAY_WORDS = new Set(['may', 'can', 'could', 'allowed', 'permitted', 'acceptable', 'fine', 'ok', 'okay', 'optional'])
const SHOULD_WORDS = new Set(['should', 'ought', 'recommend', 'recommended'])
const FORBID_WORDS = new Set(['forbidden', 'prohibited', 'banned', 'disallowed'])
const EXCEPTION_WORDS = new Set([
  'skip',
  'skips',
  'skipped',
  'exempt',
  'exempted',
  'except',
  'excluded',
  'exclude',
  'bypass',
  'bypasses',
  'optional',
  'waive',
  'waived',
  'excepting',
  'exception',
])
// "they" and "them" are left out: in notes they are mostly people ("users should control which data we keep about them").
const REFERRING = new Set(['it', 'this', 'that', 'these'])
const REASON_OPENERS = new Set(['since', 'because', 'as', 'so', 'which', 'although', 'though', 'while', 'whereas', 'unless', 'if', 'when'])

/**
 * A clause that speaks of something named just before ("This is a major finding", "we keep it enabled") is also
 * about what its antecedent clause names: it takes the antecedent's nouns (and a version number written right after
 * one, "TLS 1.2") as its own subject terms. Negations, numbers and modality stay the clause's own. A clause with
 * no referring pronoun is returned as it is.
 */
export function withAntecedent(f: Features, antecedent: Features): Features {
  f = withHeldAntecedent(f, antecedent)
  if (bareValue(f)) return borrow(f, antecedent, subjectTokens(antecedent))
  if (!f.tokens.some((t) => t.pos === 'PRON' && REFERRING.has(t.norm))) return f
  // A reason or a side remark ("since that gives the biggest discount") refers to what was said, not to a thing.
  if (f.tokens[0]?.pos === 'SCONJ' || REASON_OPENERS.has(f.tokens[0]?.norm ?? '')) return f
  // A number in the clause measures what the clause itself names ("that is roughly 22 minutes per month"): numbers
  // are not moved onto the antecedent's subject.
  if (f.quantities.length > 0) return f
  const result = borrow(f, antecedent, subjectTokens(antecedent))
  // A pronoun that is the clause's subject ("This is a major finding") makes the antecedent's subject its own.
  const subjectPronoun = f.tokens.findIndex((t) => t.type === 'word' && !/^(and|but|so|then)$/.test(t.norm))
  return result !== f && REFERRING.has(f.tokens[subjectPronoun]?.norm ?? '') && f.tokens[subjectPronoun].pos === 'PRON'
    ? {...result, subjectPhrase: antecedent.subjectPhrase || result.subjectPhrase}
    : result
}

/**
 * A role whose held thing is a pronoun ("Limit overrides are a commercial decision: the account manager approves
 * them") holds what the clause before names.
 */
function withHeldAntecedent(f: Features, antecedent: Features): Features {
  if (!f.roles.some(unresolvedObject)) return f
  const inherited = subjectTokens(antecedent)
  const words = [...inherited.keys()].filter((w) => !/^\d/.test(w))
  if (words.length === 0) return f
  const objectText = antecedent.subjectPhrase || words.join(' ')
  // (The clause is about what it holds: it takes those subject terms as "it" would.)
  return borrow({...f, roles: f.roles.map((role) => (unresolvedObject(role) ? {...role, object: words, objectText} : role))}, antecedent, inherited)
}

/**
 * A claim that names a member of a kind also speaks of the kind ("the database password is read from settings.py"
 * is about credentials and source code): the kind's words join its subject terms, and the content of the clause
 * the member sits in, so that a rule stated for the kind ("credentials never live in source code") meets it. The
 * one step of inference from member to kind, from catalog/lexicon/kinds.yaml. Any other claim is returned as it is.
 */
export function withKinds(f: Features, kinds: Kinds): Features {
  const found = kindsIn(kinds, f.text)
  if (found.length === 0) return f
  const clauses = f.clauses.map((c) => ({...c, content: new Set(c.content)}))
  const [content, subjects] = [new Set(f.content), new Set(f.subjects)]
  for (const k of found) {
    // The clause of the member: where the first of its words is (the first clause when it cannot be told).
    const match = kinds.patterns[k].exec(f.text) ?? kinds.envPatterns[k]?.exec(f.text)
    const first = match?.[0].toLowerCase().split(/\s+/)[0] ?? ''
    const at = f.tokens.findIndex((t) => t.norm === first || t.norm.startsWith(first) || first.startsWith(t.norm + '_'))
    const clause = clauses[f.clauseOf[at] ?? 0] ?? clauses[0]
    for (const word of kinds.words[k]) {
      content.add(word)
      subjects.add(word)
      clause.content.add(word)
    }
  }

  return {...f, clauses, content, subjects}
}

/** Labels of an assistant's bullets that name no thing ("**Recommendation:** …", "**Target:** 99.95%"). */
const LABEL_WORDS = new Set(['recommendation', 'proposal', 'decision', 'note', 'summary', 'status', 'option', 'answer', 'verdict', 'outcome', 'suggestion'])

/**
 * A labelled value that names no thing of its own ("Target: 99.95%." under "### Availability") is about what its
 * heading names: it takes the heading's nouns as subject terms. Any other clause is returned as it is.
 */
export function withHeading(f: Features, heading: Features): Features {
  if (!LABELLED.test(f.text)) return f
  if ([...f.subjects].some((w) => !MEASURE_HEADS.has(w) && !BOUND_HEADS.has(w) && !LABEL_WORDS.has(w))) return f
  const inherited = new Map<string, Token>()
  for (const t of heading.tokens) if (heading.subjects.has(t.lemma) && !MEASURE_HEADS.has(t.lemma)) inherited.set(t.lemma, t)
  const result = borrow(f, heading, inherited)
  return result === f ? f : {...result, subjectPhrase: heading.subjectPhrase || f.subjectPhrase}
}

/** The antecedent's subject words (and a version number after one: "Node 20"), as the tokens to borrow. */
function subjectTokens(antecedent: Features): Map<string, Token> {
  const inherited = new Map<string, Token>()
  for (const [i, t] of antecedent.tokens.entries()) {
    if (!antecedent.subjects.has(t.lemma) || MEASURE_HEADS.has(t.lemma)) continue
    inherited.set(t.lemma, t)
    const next = antecedent.tokens[i + 1]
    if (next?.type === 'number' && /^\d+(\.\d+)+$/.test(next.norm)) inherited.set(next.norm, next)
  }

  return inherited
}

/**
 * A short clause that is a value and a verdict on it ("end of Q2 is fine", "weekly is enough", "6 is overkill"):
 * it names no thing of its own, so the value is of what the clause before it names.
 */
function bareValue(f: Features): boolean {
  if (f.quantities.length === 0 || f.tokens.length > 8) return false
  const valueWords = new Set(f.quantities.flatMap((q) => q.text.toLowerCase().split(' ')))
  return f.tokens.every((t) => (t.pos !== 'NOUN' && t.pos !== 'PROPN') || valueWords.has(t.norm) || isCalendarWord(t.norm))
}

/** "no exceptions", "without exception", "zero exceptions": the claim rules exceptions out. */
function rulesOutExceptions(tokens: Token[]): boolean {
  return tokens.some((t, i) => /^(no|without|zero)$/.test(t.norm) && namesExceptions(tokens, i + 1))
}

/** Whether an exception word starts at `i` ("exceptions", "opt-outs"; the tokenizer splits "carve-outs" at the hyphen). */
function namesExceptions(tokens: Token[], i: number): boolean {
  const t = tokens[i]?.norm ?? ''
  return RULE_FOR_ALL.test(t) || (/^(carve|opt)$/.test(t) && tokens[i + 1]?.norm === '-' && /^outs?$/.test(tokens[i + 2]?.norm ?? ''))
}

/** A cheap test on raw text, before any tagging: may this clause be a bare value (see bareValue)? */
export const MAY_BE_BARE_VALUE = (text: string): boolean =>
  text.split(/\s+/).length <= 8 && /\d|\b(q[1-4]|daily|weekly|monthly|nightly|hourly|quarterly|yearly)\b/i.test(text)

/** `f` with the words of `from` (tokens by lemma) added as its own subject terms. */
function borrow(f: Features, from: Features, inherited: Map<string, Token>): Features {
  const added = [...inherited.keys()].filter((w) => !f.content.has(w))
  if (added.length === 0) return f
  const nouns = added.filter((w) => from.subjects.has(w))
  // The words are appended as tokens too (after the clause's own, so no span moves): detectors that look at parts
  // of speech see "TLS" in "we keep it enabled".
  const tokens = [...f.tokens, ...added.map((w) => inherited.get(w)!)]
  return {
    ...f,
    clauseOf: [...f.clauseOf, ...added.map(() => 0)],
    tokens,
    clauses: f.clauses.map((clause, k) => (k === 0 ? {content: new Set([...clause.content, ...added]), negations: clause.negations} : clause)),
    content: new Set([...f.content, ...added]),
    forms: new Set([...f.forms, ...added]),
    subjectPhrase: f.subjectPhrase === '' ? from.subjectPhrase : f.subjectPhrase,
    subjects: new Set([...f.subjects, ...nouns]),
  }
}

/** A clause that opens with a label ("Target: …", "Measurement window: …"). */
export const LABELLED = /^[^:]{1,40}:\s/

/**
 * The index of the colon that ends a label opening the clause ("Application logs: 30 days", "Decommissioning:
 * Jenkins will be …"), within its first four tokens; -1 when the clause has none. What follows is the claim.
 */
export function labelEnd(tokens: Token[]): number {
  for (let i = 0; i < Math.min(4, tokens.length); i++) if (tokens[i].norm === ':') return i
  return -1
}

/**
 * labelEnd, or else the colon after any short verbless lead ("log queries (24h window): p95 < 5s"), within its first
 * eight tokens: where a label that names what the value after it measures ends; -1 when there is none.
 */
export function leadLabelEnd(tokens: Token[]): number {
  const label = labelEnd(tokens)
  if (label >= 0) return label
  const colon = tokens.findIndex((t) => t.norm === ':')
  // (A participle before a noun is an adjective: "Estimated savings from the migration:", "Approved budget:".)
  const verb = (t: Token, i: number) => t.pos === 'AUX' || (t.pos === 'VERB' && !(t.norm.endsWith('ed') && tokens[i + 1]?.pos === 'NOUN'))
  return colon > 0 && colon < 8 && !tokens.slice(0, colon).some(verb) ? colon : -1
}

/**
 * A cheap test on raw text, before any tagging: may this clause refer back (see withAntecedent)? ("them" and
 * "those" only ever stand for a held thing: "the account manager approves them".)
 */
export const MAY_REFER = /\b(it|this|that|these|them|those)\b/i

const REPORT_LABELS = new Set(['context', 'background', 'history', 'recap', 'incident', 'postmortem', 'lesson', 'observation'])
const TARGET_LABELS = new Set(['target', 'goal', 'objective', 'slo', 'requirement', 'limit', 'max', 'maximum', 'min', 'minimum', 'cap', 'ceiling', 'budget'])
/** Verbs by which a value crosses a threshold ("exceeds 5%", "drops below 80%", "regresses by more than 5%"). */
const THRESHOLD_VERBS = new Set([
  'exceed',
  'pass',
  'reach',
  'hit',
  'cross',
  'surpass',
  'breach',
  'top',
  'drop',
  'fall',
  'dip',
  'climb',
  'rise',
  'regress',
  'spike',
])

/** Parts of the day or week, each under the name its spellings share. The off-hours come before business hours. */
const DAY_PARTS: Array<[RegExp, string]> = [
  [/^(?:(?:outside|out of|after) (?:business|office|working) hours|after[- ]hours|off[- ]hours|out[- ]of[- ]hours)\b/, 'off hours'],
  [/^(?:during |in )?(?:business|office|working) hours\b/, 'business hours'],
  [/^(?:overnight|at night|nights|night-?time)\b/, 'night'],
  [/^(?:daytime|during the day)\b/, 'day'],
  [/^(?:on |at |over )?(?:the )?weekends?\b/, 'weekend'],
  [/^(?:on )?weekdays?\b/, 'weekday'],
  [/^(?:at |during |in )?off[- ]peak\b/, 'off-peak'],
  [/^(?:at |during |in |on )?peak(?: days?| hours?| season| weeks?| nights?| periods?| times?)?\b/, 'peak'],
]

/**
 * The part of the day or week a claim opens with ("Overnight, inference only needs 2 GPUs" / "During business hours
 * inference keeps at least 4 GPUs"): the frame the claim holds in. Only at the start (after "- " or a label), where it
 * frames the claim; later ("backups run overnight") it is what the claim says.
 */
function dayPartFrame(tokens: Token[]): string | undefined {
  let start = 0
  while (start < tokens.length && /^[-*•]$/.test(tokens[start].norm)) start++
  const head = tokens
    .slice(start, start + 5)
    .map((t) => t.norm)
    .join(' ')
    .replace(/ - /g, '-')
  for (const [pattern, name] of DAY_PARTS) if (pattern.test(head)) return name
  return undefined
}

/** Words that open a clause of time or condition inside a claim. */
const SUBORDINATORS = new Set(['before', 'after', 'until', 'once', 'when', 'whenever', 'if', 'unless', 'while'])
const UNIVERSAL_WORDS = new Set(['every', 'all', 'each', 'always', 'any'])
/** After "last": a noun (or two) then a month or a year, the date something last happened ("last security update oct 2023"). */
const LAST_EVENT =
  /^(?:(?:NOUN|PROPN|ADJ|VERB):(?!week|month|year|quarter|sprint|day|night|time|resort)\S+ ){1,2}(?:\S+:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|NUM:(?:19|20)\d\d)\b/
const ACTUAL_WORDS = new Set([
  'today',
  'currently',
  'now',
  'right now',
  'sits',
  'hovers',
  'averages',
  'averaged',
  'measured',
  'observed',
  'peaked',
  'saw',
  'runs at',
  'actual',
  'actually',
  'still',
  'typically',
  'usually',
  'normally',
  'historically',
])
/** Words for a span of time or an amount of something: never what a measured phrase is about ("a couple of days"). */
export const MEASURE_HEADS = new Set([
  'time',
  'day',
  'week',
  'month',
  'year',
  'hour',
  'minute',
  'second',
  'quarter',
  'number',
  'amount',
  'total',
  'value',
  'lot',
  'way',
  'thing',
  'figure',
  'estimate',
  'point',
  'level',
  'size',
  'percent',
  'one',
  'bit',
  'couple',
  'part',
  'share',
  'kind',
])

/** "by 1 September", "by Q3", "by (the) end of Q2": the clause sets a deadline. */
function hasDeadline(tokens: Token[]): boolean {
  return tokens.some(
    (t, i) =>
      t.norm === 'by' &&
      (MONTH_NAMES.has(tokens[i + 1]?.norm ?? '') ||
        (/^\d{1,2}$/.test(tokens[i + 1]?.norm ?? '') && MONTH_NAMES.has(tokens[i + 2]?.norm ?? '')) ||
        /^(q[1-4]|h[12]|eoy|eoq)$/.test(tokens[i + 1]?.norm ?? '') ||
        tokens[i + 1]?.norm === 'end' ||
        (tokens[i + 1]?.norm === 'the' && tokens[i + 2]?.norm === 'end')),
  )
}

const UPPER_BOUND_WORD = /^(cap|caps|max|maximum|ceiling)$/
const LOWER_BOUND_WORD = /^(min|minimum|floor)$/

/**
 * A bound named before the claim's value, and which: in a label ("finance cap for DR: $2,500/month", "max pods:
 * 20"), as the subject ("Maximum job duration is 72 hours") or as the first word of a note ("max wallclock per job 2
 * days", up to its first verb). Values after `at` and before `until` are that bound. A setting's name written as one
 * word ("minimumReleaseAge: 3 days") names none.
 */
function namedBound(text: string, tokens: Token[]): {at: number; bound: 'upper' | 'lower'; until: number} | undefined {
  const which = (words: string[]) => (words.some((w) => UPPER_BOUND_WORD.test(w)) ? 'upper' : words.some((w) => LOWER_BOUND_WORD.test(w)) ? 'lower' : undefined)
  const colon = tokens.findIndex((t) => t.norm === ':')
  if (colon > 0 && colon < 8) {
    // (The label as written: the tagger's tokens split "minimumReleaseAge".)
    const bound = which((/^([^:]*):/.exec(text)?.[1] ?? '').toLowerCase().split(/[^a-z]+/))
    return bound && {at: colon, bound, until: Number.POSITIVE_INFINITY}
  }

  // (A bound word at the head may be followed by what it bounds: "spend cap for LFS (storage + bandwidth) is $500/month".)
  const copula = tokens.findIndex((t) => /^(is|are|=|be)$/.test(t.norm))
  if (copula > 0 && (copula < 6 || (copula < 12 && which(tokens.slice(0, 3).map((t) => t.norm))))) {
    const bound = which(tokens.slice(0, copula).map((t) => t.norm))
    return bound && {at: copula, bound, until: Number.POSITIVE_INFINITY}
  }

  const bound = /^(max|maximum|min|minimum)$/.test(tokens[0]?.norm ?? '') ? which([tokens[0].norm]) : undefined
  const verb = tokens.findIndex((t) => t.pos === 'VERB' || t.pos === 'AUX')
  return bound && {at: 0, bound, until: verb < 0 ? Number.POSITIVE_INFINITY : verb}
}

/** Modality, quantifier, exception and measurement markers, and the subject phrase and predicate of a clause. */
function structureOf(
  text: string,
  tokens: Token[],
  hedged: Set<number>,
  fullStop: boolean,
): Pick<Features, 'modality' | 'quantifier' | 'exception' | 'actual' | 'subjectPhrase' | 'predicate' | 'noExceptions'> {
  let must = false
  let may = false
  let should = false
  let negatedModal = false
  let forbid = false
  let exception = false
  let actual = false
  let quantifier: Quantifier | undefined
  // ("must not only revoke its tokens but also …" requires more, it forbids nothing.)
  const neg = (k: number) =>
    (NEGATION_CUES.has(tokens[k]?.norm ?? '') || tokens[k]?.norm === 'never') &&
    !(tokens[k]?.norm === 'not' && /^(only|just|merely)$/.test(tokens[k + 1]?.norm ?? ''))
  const depths = parenthesisDepths(tokens)
  for (const [i, t] of tokens.entries()) {
    if (hedged.has(i)) continue
    const n = t.norm
    const two = `${n} ${tokens[i + 1]?.norm ?? ''}`
    if (MUST_WORDS.has(n) || MUST_WORDS.has(two)) {
      // "need to", "needs a review", "is required": a requirement; "need not", "no … is needed", "not required": waived.
      // ("must not", "must never", "shall not" forbid: a prohibition, not a waiver.)
      if ((n === 'must' || n === 'shall') && neg(i + 1)) forbid = true
      else if (neg(i + 1) || neg(i - 1) || neg(i - 2) || (n === 'needed' && tokens.slice(0, i).some((x) => x.norm === 'no'))) negatedModal = true
      else must = true
    } else if (SHOULD_WORDS.has(n)) {
      if (neg(i + 1) || tokens[i + 1]?.norm === 'never') negatedModal = true
      should = true
    } else if (
      MAY_WORDS.has(n) &&
      // ("pull_request_target ok for the labeler workflows": "ok for" permits it for them.)
      (t.pos === 'AUX' ||
        t.pos === 'ADJ' ||
        t.pos === 'VERB' ||
        tokens[i + 1]?.norm === 'to' ||
        (/^(ok|okay|fine)$/.test(n) && tokens[i + 1]?.norm === 'for' && i > 0))
    ) {
      // ("hotfix: ok to re-push": "ok to" permits, whatever the tagger makes of "ok".)
      // ("not optional" requires: "pg_stat_statements on every cluster, not optional".)
      if (n === 'optional' && neg(i - 1)) must = true
      else if (neg(i + 1) || neg(i - 1)) forbid = true
      else may = true
    }

    if (FORBID_WORDS.has(n)) forbid = true
    // "without exception", "no exceptions" state the rule, they make no exception.
    // …and "If we make one exception, …" supposes one, it does not make one.
    // ("opt out of heartbeats" is an exception too.)
    const optOut = n === 'opt' && tokens[i + 1]?.norm === 'out'
    // ("Every exception needs an owner" speaks of exceptions, it makes none.)
    if (
      (EXCEPTION_WORDS.has(n) || optOut) &&
      // (…nor does "not optional", "not skipped", "not excluded": the negation takes the exception back.)
      !/^(no|not|without|zero|every|each|all)$/.test(tokens[i - 1]?.norm ?? '') &&
      !tokens.slice(0, i).some((x) => x.norm === 'if')
    )
      exception = true
    // "every quarter" says how often, and "before we onboard any new team" when: neither quantifies the claim.
    // ("every 5 minutes" too.)
    const counted = /^\d/.test(tokens[i + 1]?.norm ?? '') ? 2 : 1
    // ("every release binary" is every binary: the period word only modifies the noun after it.)
    const often =
      (n === 'every' || n === 'each') &&
      (PERIOD_WORDS.has(tokens[i + counted]?.lemma ?? '') || /^(second|day|hour|minute)$/.test(tokens[i + counted]?.lemma ?? '')) &&
      tokens[i + counted + 1]?.pos !== 'NOUN'
    const subordinate = tokens.slice(0, i).some((x) => SUBORDINATORS.has(x.norm))
    if (UNIVERSAL_WORDS.has(n) && !quantifier && !often && !subordinate) quantifier = n === 'always' || n === 'any' ? 'every' : (n as Quantifier)
    if (n === 'without' && tokens[i + 1]?.norm === 'exception') quantifier = 'all'
    if ((n === 'only' || n === 'just') && !quantifier && tokens[i - 1]?.norm !== 'not') quantifier = 'only'
    if ((n === 'some' || n === 'most' || n === 'several') && !quantifier) quantifier = 'some'
    if ((n === 'none' || n === 'no') && i === 0 && !quantifier) quantifier = 'none'
    // (Not in an aside: "7 days max, org-level setting (currently 90 = the default)" sets a value; the parenthesis
    // says how things stand.)
    if ((ACTUAL_WORDS.has(n) || ACTUAL_WORDS.has(two) || (n === 'moment' && tokens[i - 2]?.norm === 'at')) && depths[i] === 0) actual = true
    // "no acl users yet", "not migrated yet": how things stand today.
    if (n === 'yet' && tokens.slice(Math.max(0, i - 5), i).some((x) => NEGATION_CUES.has(x.norm))) actual = true
    // "last security update oct 2023", "last restore test: March": when something last happened, a report.
    if (
      n === 'last' &&
      LAST_EVENT.test(
        tokens
          .slice(i + 1, i + 4)
          .map((x) => `${x.pos}:${x.norm}`)
          .join(' '),
      )
    )
      actual = true
  }

  // An imperative ("Rotate API keys …", "Keep the SLO at 99.9%") requires; after a label too ("Recommendation: move …").
  const label = labelEnd(tokens)
  // "context: 2 bad nights in jan", "History: last Black Friday …": a label that says what follows already happened.
  if (label > 0 && tokens.slice(0, label).some((t) => REPORT_LABELS.has(t.lemma))) actual = true
  const firstAt = tokens.findIndex((t, i) => t.type === 'word' && i > label)
  const first = tokens[firstAt] as Token | undefined
  // (A word joined to a name by "_" is part of it: "pull_request_target ok for …" orders nothing.)
  const imperative =
    first !== undefined && first.pos === 'VERB' && first.norm === first.lemma && !tokens.some((t) => t.pos === 'AUX') && tokens[firstAt + 1]?.norm !== '_'
  let modality: Modality = 'none'
  if (forbid || (must && negatedModal === false && tokens.some((t, i) => MUST_WORDS.has(t.norm) && neg(i + 1)))) modality = 'must-not'
  else if (negatedModal && should) modality = 'should-not'
  else if (negatedModal) modality = 'may-not'
  else if (must || imperative) modality = 'must'
  else if (should) modality = 'should'
  else if (may) modality = 'may'
  if (exception && modality === 'none') modality = 'may-not'
  // "No more than 2% of traffic on v1 by 1 September": a figure with a deadline is a target.
  if (modality === 'none' && hasDeadline(tokens)) modality = 'should'
  // "Target: 99.95%", "Goal: under 10 minutes": a labelled target is a requirement.
  // (…and "Max quarantine: 30 days", "Budget per team: $2k": a label of up to three words opened by one.)
  if (modality === 'none' && TARGET_LABELS.has(tokens[0]?.lemma ?? '') && tokens.slice(1, 4).some((t) => t.norm === ':')) modality = 'should'
  // (…and so is a bound named before a value: "The cost cap for tracing is $1,200 a month", "Hard cap for tracing:
  // $900 a month", "max wallclock per job 2 days".)
  if (modality === 'none' && namedBound(text, tokens)) modality = 'should'

  // Subject phrase: the first noun phrase (nouns with their adjective and noun modifiers), plus "of …" complement.
  // (A unit after its number, "10m default", measures; it names nothing.)
  const unitAt = (i: number) => (isUnitWord(tokens[i].norm) || tokens[i].norm === 'm') && /^\d/.test(tokens[i - 1]?.norm ?? '')
  let start = tokens.findIndex((t, i) => (t.pos === 'NOUN' || t.pos === 'PROPN') && !MEASURE_HEADS.has(t.lemma) && !unitAt(i))
  let subjectPhrase = ''
  if (start >= 0) {
    while (start > 0 && /^(ADJ|NOUN|PROPN|NUM)$/.test(tokens[start - 1].pos) && !/^\d/.test(tokens[start - 1].norm) && !unitAt(start - 1)) start--
    let end = start
    while (
      end + 1 < tokens.length &&
      ((/^(NOUN|PROPN)$/.test(tokens[end + 1].pos) && !taggedVerbAsNoun(tokens, end + 1)) || tokens[end + 1].norm === '-' || tokens[end + 1].norm === "'s")
    )
      end++
    if (tokens[end + 1]?.norm === 'of' && /^(the|a|an|our|its|their)$/.test(tokens[end + 2]?.norm ?? '')) {
      let k = end + 3
      while (k < tokens.length && /^(ADJ|NOUN|PROPN)$/.test(tokens[k].pos)) k++
      if (k > end + 3) end = k - 1
    }

    subjectPhrase = tokens
      .slice(start, end + 1)
      .map((t) => t.norm)
      .join(' ')
      .replace(/ - /g, '-')
      .replace(/ 's/g, "'s")
  }

  const verb = tokens.find((t) => t.pos === 'VERB' && !LIGHT.has(t.lemma))
  const noExceptions = fullStop || rulesOutExceptions(tokens)
  return {actual, exception, modality, noExceptions, predicate: verb?.lemma ?? '', quantifier, subjectPhrase}
}
