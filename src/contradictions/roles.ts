import {singular, type Token} from './nlp.js'

/**
 * Who holds a responsibility or a right, as meetings state it: "Product engineering owns the error budget
 * decisions", "Error budget decisions should rest with the SRE team", "Nobody outside the platform team may launch
 * GPU instances", "Only the DBA team can run migrations in production", "nothing ships except security fixes". Two
 * claims that give one thing to two owners, or let someone else do what one reserves, are a dispute about who
 * decides: the most common kind of disagreement in a meeting, and one no number or antonym shows.
 */
export interface Role {
  /** Lemmas of who holds it ("release", "manager"); generic words ("team", "the") left out. */
  actor: string[]
  /** For a plain act with a coordinated subject ("security fixes and bug fixes approved by the VP"), each holder's lemmas. */
  parts: string[][]
  /** The actor as written ("the SRE team"). */
  actorText: string
  /** "own" for ownership in any wording, else the act's class ("toggle" for flip/toggle/switch). */
  act: string
  /** Content lemmas of what is held or done ("error", "budget", "decision"); empty for an act without object ("ships"). */
  object: string[]
  /** What is held or done, as written ("the error budget decisions"). */
  objectText: string
  /** Reserved to the actor: "only X may …", "nobody outside X may …", "nothing ships except X". */
  exclusive: boolean
}

// (Times are never actors: "each week's merges are covered" names no one who merges.)
const ACTOR_NOISE = new Set([
  ...['the', 'a', 'an', 'our', 'their', 'its', 'any', 'every', 'each', 'team', 'teams', 'group', 'folks', 'people', 'own', 'both'],
  // ("that team" stands for a team named elsewhere: no holder to dispute by itself.)
  ...['that', 'this', 'these', 'those'],
  ...['minute', 'hour', 'day', 'night', 'week', 'weekend', 'month', 'quarter', 'year', 'time'],
])
const OBJECT_NOISE = new Set(['the', 'a', 'an', 'our', 'their', 'its', 'own', 'all', 'any', 'every', 'each'])
const MODALS = new Set(['may', 'can', 'could', 'should', 'must', 'will', 'shall', 'would', 'might'])
const RESTS = new Set(['rest', 'sit', 'lie', 'belong', 'stay', 'remain'])
/** Verbs that say nothing about who does what ("be", "have", "seem"). */
const NOT_ACTS = new Set(['be', 'have', 'do', 'seem', 'get', 'need', 'want', 'think', 'feel', 'say', 'agree', 'like', 'prefer', 'use', 'go'])
/** Acts that are one act to a reader: flipping a flag is toggling it, shipping is deploying. */
const ACT_CLASSES = new Map([
  ['flip', 'toggle'],
  ['switch', 'toggle'],
  ['turn', 'toggle'],
  ['ship', 'deploy'],
  ['release', 'deploy'],
  ['push', 'deploy'],
  ['sign', 'approve'],
  ['start', 'launch'],
  ['spin', 'launch'],
  ['create', 'launch'],
  ['remove', 'delete'],
  ['silence', 'mute'],
])
const NOUNISH = /^(NOUN|PROPN|ADJ|DET|NUM)$/
/** Words that name no particular holder: "a second person", "someone", "anyone". */
const ANYONE = /^(person|someone|somebody|anyone|anybody|another|second|other|human|1|2|one|two)$/
const WHO_IS_NOT = /^(nobody|none|nothing)$/

const actClass = (lemma: string) => ACT_CLASSES.get(lemma) ?? lemma
/** The writer as a holder: "I", "me", "we", "us". */
const WRITER = new Map([
  ['i', 'i'],
  ['me', 'i'],
  ['we', 'we'],
  ['us', 'we'],
])

function words(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.type === 'word' || t.type === 'number')
}

/** Who holds a role, from a noun phrase ("the release manager", "any engineer on the owning team"). */
function actorOf(tokens: Token[], loose = false): Pick<Role, 'actor' | 'actorText' | 'parts'> | undefined {
  // (An aside in parentheses is not the holder: "SRE (elena's team) owns …".)
  let depth = 0
  let list = words(
    tokens.filter((t) => {
      if (t.norm === '(') depth++
      const inside = depth > 0
      if (t.norm === ')') depth = Math.max(0, depth - 1)
      return !inside && t.norm !== ')'
    }),
  )
  // ("team leads may sync": the word before the act is a noun the tagger read as a verb.)
  const last = list.at(-1)
  if (last && list.length > 1 && last.pos === 'VERB' && /^(NOUN|PROPN)$/.test(list.at(-2)!.pos))
    list = [...list.slice(0, -1), {...last, lemma: singular(last.norm, last.lemma), pos: 'NOUN'}]
  // "Kofi's platform team": the team holds it; a possessive before it says whose team ("ravi's team": Ravi's).
  const possessive = list.findIndex((t) => /^['’]s$/.test(t.norm))
  // ("the requesting team's tech lead": the lead.)
  if (possessive >= 0 && possessive <= 3 && list.slice(possessive + 1).some((t) => !ACTOR_NOISE.has(t.lemma))) list = list.slice(possessive + 1)
  else if (possessive > 0 && possessive <= 2) list = list.slice(0, possessive)
  if (list.length === 0) return undefined
  // The writer ("I own the go/no-go", "approved by me"): one actor, whoever wrote it.
  const writer = WRITER.get(list[0].norm)
  if (writer && (list.length === 1 || list[1].norm === 'as')) return {actor: [writer], actorText: writer === 'i' ? 'I' : 'we', parts: [[writer]]}
  // "members of release-managers", "anyone on the SRE team": the group is the holder.
  if (list.length > 2 && /^(members?|anyone|someone|everyone|people|folks)$/.test(list[0].norm) && /^(of|in|on|from)$/.test(list[1].norm)) list = list.slice(2)
  // Strictly a noun phrase; loosely (a plain act, only ever held against a reserved one) the nouns of a longer subject.
  // (A participle before the noun modifies it: "the authoring team", "the owning team".)
  const modifier = (t: Token, i: number) => t.pos === 'VERB' && /(ing|ed)$/.test(t.norm) && i < list.length - 1
  if (!loose && (list.length > 5 || !list.every((t, i) => NOUNISH.test(t.pos) || modifier(t, i)))) return undefined
  // (A holder is named by a noun: "approvals: fine w/ whatever rui + anika settle on" names none.)
  if (!list.some((t) => /^(NOUN|PROPN|NUM)$/.test(t.pos) || (t.pos === 'VERB' && /ing$/.test(t.norm)))) return undefined
  if (loose && (list.length > 16 || list.some((t) => t.pos === 'AUX'))) return undefined
  // (A bound is no holder: "rate limit: max 20 path purges / min" counts purges, nobody purges.)
  if (/^(max|min|maximum|minimum|up|at|over|under)$/.test(list[0].norm) && list.some((t) => t.type === 'number' || t.pos === 'NUM')) return undefined
  const parts: string[][] = [[]]
  for (const t of list) {
    if (t.norm === 'and' || t.norm === 'or') parts.push([])
    // ("the owning team" is a holder of its own, not "team": the participle is kept as written.)
    else if (!loose && t.pos === 'VERB' && /ing$/.test(t.norm)) parts.at(-1)!.push(t.norm)
    else if ((loose ? /^(NOUN|PROPN|ADJ)$/.test(t.pos) : true) && !ACTOR_NOISE.has(t.lemma)) parts.at(-1)!.push(t.lemma)
  }

  // "each team owns its own rules": the teams themselves, one each, are the holder.
  if (parts.flat().length === 0 && list.length === 2 && /^(each|every)$/.test(list[0].norm) && /^teams?$/.test(list[1].norm)) parts[0].push('each-team')
  const actor = parts.flat()
  return actor.length > 0 ? {actor, actorText: list.map((t) => t.norm).join(' '), parts: parts.filter((p) => p.length > 0)} : undefined
}

/** What is held or done: the words up to the first punctuation or a clause that adds a role of its own ("…, with product consulted"). */
function objectOf(tokens: Token[]): Pick<Role, 'object' | 'objectText'> {
  // ("the workspace images and prebuilds" is one object; "… and approves every change" starts another act.)
  // (A dot or hyphen inside a name holds it together: "devcontainer.json", "order-service".)
  const end = tokens.findIndex(
    (t, i) =>
      (t.type === 'punctuation' && !((t.norm === '-' || t.norm === '.' || t.norm === '/') && i > 0 && tokens[i + 1]?.type === 'word')) ||
      /^(with|while|but|so|because|unless|if|when|except)$/.test(t.norm) ||
      (t.norm === 'and' && !/^(NOUN|PROPN|ADJ|DET)$/.test(tokens[i + 1]?.pos ?? '')),
  )
  // ("owns all mesh configuration, including per-route retry policies": what the aside names is held too.)
  if (end >= 0 && tokens[end].norm === ',' && /^(including|incl|plus)$/.test(tokens[end + 1]?.norm ?? '')) {
    // (…a list of them: "including the IPAddressPool, L2Advertisement and any BGPPeer objects".)
    const rest = tokens.slice(end + 2)
    const stop = rest.findIndex((t) => t.type === 'punctuation' && t.norm !== ',' && !(t.norm === '-' || t.norm === '.'))
    const more = objectOf((stop < 0 ? rest : rest.slice(0, stop)).filter((t) => t.norm !== ','))
    const head = objectOf(tokens.slice(0, end))
    return {object: [...head.object, ...more.object], objectText: `${head.objectText}, including ${more.objectText}`}
  }
  const list = words(end < 0 ? tokens : tokens.slice(0, end))
  const object = list.filter((t) => /^(NOUN|PROPN|ADJ|VERB)$/.test(t.pos) && !OBJECT_NOISE.has(t.norm)).map((t) => t.lemma)
  return {object, objectText: list.map((t) => t.norm).join(' ')}
}

/** The noun phrase at the start of `tokens` (up to punctuation or a linking word): who something rests with. */
function nounPhrase(tokens: Token[]): Token[] {
  if (WRITER.has(tokens[0]?.norm ?? '')) return tokens.slice(0, 1)
  // "someone in #security-oncall", "a member of the DBA rotation": the group after the word is the holder.
  if (/^(someone|anyone|somebody|anybody|members?|people|folks)$/.test(tokens[0]?.norm ?? '') && /^(in|on|of|from)$/.test(tokens[1]?.norm ?? ''))
    return [
      ...tokens.slice(0, 2),
      // (A channel names its members: "#security-oncall".)
      ...nounPhrase(tokens.slice(2).map((t) => (/^#\w/.test(t.norm) ? {...t, lemma: t.norm.slice(1), norm: t.norm.slice(1), pos: 'PROPN', type: 'word'} : t))),
    ]
  // "the team that owns the consuming service" is the owning team.
  const team = tokens[0]?.norm === 'the' ? 1 : 0
  if (/^teams?$/.test(tokens[team]?.norm ?? '') && /^(that|which|who)$/.test(tokens[team + 1]?.norm ?? '') && /^owns?$/.test(tokens[team + 2]?.norm ?? ''))
    return [{...tokens[team + 2], lemma: 'owning', norm: 'owning', pos: 'VERB'}, tokens[team]]
  // (A hyphen inside a name holds it together: "the order-service team"; a participle before a noun modifies it:
  // "the owning team".)
  const participle = (t: Token, i: number) => t.pos === 'VERB' && /(ing|ed)$/.test(t.norm) && /^(NOUN|PROPN)$/.test(tokens[i + 1]?.pos ?? '') && i > 0
  // (…and a noun the tagger reads as a verb ends the phrase: "from the team lead", "the tech lead (or a delegate)".)
  const endingNoun = (t: Token, i: number) =>
    t.pos === 'VERB' && i > 0 && tokens[i - 1].pos === 'NOUN' && (tokens[i + 1] === undefined || tokens[i + 1].type === 'punctuation')
  const end = tokens.findIndex(
    (t, i) =>
      (t.type === 'punctuation' && !(t.norm === '-' && i > 0 && tokens[i + 1]?.type === 'word')) ||
      (t.type !== 'punctuation' && !NOUNISH.test(t.pos) && !participle(t, i) && !endingNoun(t, i)),
  )
  return end < 0 ? tokens : tokens.slice(0, end)
}

/** The act after a modal: taggers often read it as an adjective or a noun ("can flip a flag"). */
function actAfter(t: Token[], modal: number): Token | undefined {
  let next = modal + 1
  while (next < t.length && (/^(still|also|not|never)$/.test(t[next].norm) || t[next].pos === 'AUX')) next++
  if (t.slice(modal + 1, next).some((x) => /^(not|never)$/.test(x.norm))) return undefined
  // ("should be able to flush the cache": the act is flushing.)
  if (t[next]?.norm === 'able' && t[next + 1]?.norm === 'to') next += 2
  const token = t[next]
  return token && token.type === 'word' && /^(VERB|ADJ|NOUN)$/.test(token.pos) && !NOT_ACTS.has(token.lemma) ? token : undefined
}

/** Words without which a clause assigns no ownership and reserves nothing: most clauses are skipped on sight. */
const TRIGGERS = new Set([
  'limited',
  'restricted',
  'own',
  'owns',
  'owned',
  'decided',
  'approved',
  'rest',
  'rests',
  'belong',
  'belongs',
  'responsible',
  'accountable',
  'only',
  'nobody',
  'no',
  'none',
  'nothing',
  'owner',
  'owners',
  'approvals',
  'approver',
  'approvers',
  '>',
  'approve',
  'approves',
  'decide',
  'decides',
  'review',
  'reviews',
  'reviewed',
  'by',
  'from',
  'assigned',
  'for',
  'without',
  'need',
  'needs',
  'require',
  'requires',
  'approval',
  'call',
  'decision',
  'off',
  'reviewer',
  'reviewers',
  '=',
])

/** "T is set by X", "T is run by X": a passive act whose agent holds T, as "owned by" does. */
const HELD_BY = /^(owned|decided|approved|reviewed|set|run|managed|maintained|governed|controlled|staffed|handled|signed)$/
/** Active acts that hold a decision ("platform approves exceptions", "SRE decides the freeze", "the owning team reviews the failure"): ownership of it. */
const HOLDS = new Set(['approve', 'decide', 'review'])

/** A role as a form reads it, before the holder and the object are checked. */
interface Found {
  actor: ReturnType<typeof actorOf>
  act: string
  object: ReturnType<typeof objectOf>
  exclusive: boolean
}

/** One way of stating a role: what it finds (empty when the form applies but names no role), or undefined. */
type Form = (t: Token[], plain: boolean) => Found[] | undefined

const normAt = (t: Token[], i: number) => t[i]?.norm ?? ''
/** "sign-off" as the tagger splits it ("sign", "-", "off"), ending at token `i`. */
const endsSignOff = (t: Token[], i: number) => normAt(t, i) === 'off' && normAt(t, i - 1) === '-' && normAt(t, i - 2) === 'sign'

/**
 * The clause without a leading conjunction or topic label, with a verb in -s the tagger took for a plural noun put
 * back ("The ML team launches its own …").
 */
function clauseBody(tokens: Token[]): Token[] {
  let t = tokens.slice(
    Math.max(
      0,
      tokens.findIndex((x) => x.type === 'word' && !/^(and|but|then|so)$/.test(x.norm)),
    ),
  )
  // A topic label is not part of the holder: "Ownership: the platform team owns …" (owner labels are read below),
  // unless the label is what the rest is said of ("runner images: owned by sec team").
  // (A label of up to four words: "Store submission sign-off: the QA lead approves …".)
  // (…or before an arrow in notes: "exceptions (admin, edr) → team lead approves".)
  const labelAt = t.findIndex((x, i) => (x.norm === ':' || x.norm === '→') && words(t.slice(0, i)).length <= 4)
  if (
    labelAt > 0 &&
    !/^(owners?|approvals?|approvers?)$/.test(t[labelAt - 1].norm) &&
    // (…nor a short label of who signs off: "Reviewer: the support lead", read by ownerLabel.)
    !((/^(reviewers?|signoff)$/.test(t[labelAt - 1].norm) || endsSignOff(t, labelAt - 1)) && words(t.slice(0, labelAt)).length <= 3) &&
    (/^(DET|NOUN|PROPN|ADJ|PRON)$/.test(t[labelAt + 1]?.pos ?? '') ||
      t[labelAt + 1]?.norm === 'only' ||
      // ("Reviews: owning teams review majors": a participle before a noun modifies it.)
      (/(ing|ed)$/.test(t[labelAt + 1]?.norm ?? '') && /^(NOUN|PROPN)$/.test(t[labelAt + 2]?.pos ?? '')))
  )
    t = t.slice(labelAt + 1)
  // A short opening topic is not part of the holder: "On ownership, each product team owns …" (a condition such as
  // "outside it, only the on-call may sync" stays: it limits the role).
  const comma = t.findIndex((x) => x.norm === ',')
  if (comma > 1 && comma <= 4 && /^(on|about|regarding|concerning|re)$/.test(t[0].norm) && t.slice(0, comma).every((x) => x.pos !== 'VERB' && x.pos !== 'AUX'))
    t = t.slice(comma + 1)
  // "team leads own their quota", "svc teams own their timeouts": "own" before a possessive is the verb.
  t = t.map((x, i) =>
    x.norm === 'own' &&
    x.pos !== 'VERB' &&
    i > 0 &&
    /^(NOUN|PROPN|VERB)$/.test(t[i - 1].pos) &&
    /^(their|its|our|his|her|the|all|every)$/.test(t[i + 1]?.norm ?? '')
      ? {...x, pos: 'VERB', lemma: 'own'}
      : x,
  )
  // A plural the tagger took for a verb before an auxiliary is a noun: "limit overrides are approved by …".
  t = t.map((x, i) =>
    x.pos === 'VERB' && /[^s]s$/.test(x.norm) && i > 0 && /^(NOUN|PROPN)$/.test(t[i - 1].pos) && t[i + 1]?.pos === 'AUX'
      ? {...x, pos: 'NOUN', lemma: singular(x.norm, x.lemma)}
      : x,
  )
  // A verb the tagger split from a hyphenated noun is part of it: "break-glass requests", "sign-off".
  t = t.map((x, i) => (x.pos === 'VERB' && t[i + 1]?.norm === '-' && t[i + 2]?.type === 'word' ? {...x, pos: 'NOUN'} : x))
  const at = t.findIndex(
    (x, i) =>
      i > 0 &&
      x.pos === 'NOUN' &&
      /s$/.test(x.norm) &&
      /^(NOUN|PROPN|PRON)$/.test(t[i - 1].pos) &&
      /^(DET|PRON|ADP)$/.test(t[i + 1]?.pos ?? '') &&
      // (A participle before a noun modifies it: "the owning team reviews …".)
      t
        .slice(0, i)
        .every(
          (y, j) =>
            NOUNISH.test(y.pos) ||
            y.type !== 'word' ||
            WHO_IS_NOT.test(y.norm) ||
            (y.pos === 'VERB' && /(ing|ed)$/.test(y.norm) && /^(NOUN|PROPN)$/.test(t[j + 1].pos)),
        ),
  )
  return at > 0 ? t.map((x, i) => (i === at ? {...x, pos: 'VERB'} : x)) : t
}

/** "nothing ships except security fixes", "nobody deploys but SRE", "Nobody outside the platform team may launch …". */
const reservedByNobody: Form = (t) => {
  const who = t.findIndex((x, i) => WHO_IS_NOT.test(x.norm) || (x.norm === 'no' && t[i + 1]?.norm === 'one'))
  if (who < 0) return undefined
  const from = normAt(t, who) === 'no' ? who + 2 : who + 1
  const except = t.findIndex((x, i) => i > from && /^(except|but)$/.test(x.norm))
  const verb = t[from]
  // The act first, the holder after.
  if (except > from && verb && verb.type === 'word' && !NOT_ACTS.has(verb.lemma) && /^(VERB|NOUN)$/.test(verb.pos)) {
    return [{act: verb.lemma, actor: actorOf(nounPhrase(t.slice(except + 1))), exclusive: true, object: objectOf(t.slice(from + 1, except))}]
  }

  // "Nobody outside the platform team may launch …", "no one but SRE can …"
  if (/^(outside|but|except|besides)$/.test(normAt(t, from)) || (normAt(t, from) === 'other' && normAt(t, from + 1) === 'than')) {
    const start = from + (normAt(t, from) === 'other' ? 2 : 1)
    const modal = t.findIndex((x, i) => i > start && MODALS.has(x.norm))
    const act = modal >= 0 ? actAfter(t, modal) : undefined
    if (act) return [{act: act.lemma, actor: actorOf(t.slice(start, modal)), exclusive: true, object: objectOf(t.slice(t.indexOf(act) + 1))}]
  }

  return []
}

/** Notes give a thing to someone with an arrow: "cert expiry alerting -> ines" (a short holder ending the clause). */
const arrowTo: Form = (t) => {
  const arrow = t.findIndex((x, i) => x.norm === '-' && t[i + 1]?.norm === '>')
  if (arrow <= 0 || t.slice(0, arrow).some((x) => x.pos === 'AUX' || MODALS.has(x.norm))) return undefined
  const holder = t.slice(arrow + 2).filter((x) => x.type !== 'punctuation')
  // ("maxmemory bump -> wei approves, not me": a holder and a verb of holding.)
  const holds = holder.findIndex((x, i) => i > 0 && i <= 3 && (x.lemma === 'own' || HOLDS.has(x.lemma)))
  if (holds > 0) return [{act: 'own', actor: actorOf(holder.slice(0, holds)), exclusive: false, object: objectOf(t.slice(0, arrow))}]
  return holder.length > 0 && holder.length <= 3 ? [{act: 'own', actor: actorOf(holder), exclusive: false, object: objectOf(t.slice(0, arrow))}] : []
}

/** A label that gives a thing to an actor: "Owner: the SRE on-call runs the drills", "schema approvals = order-service team", "drills owner: SRE". */
const ownerLabel: Form = (t) => {
  const label = t.findIndex((x) => x.norm === ':' || x.norm === '=')
  if (label > 0 && (/^(reviewers?|signoff)$/.test(normAt(t, label - 1)) || endsSignOff(t, label - 1)) && words(t.slice(0, label)).length <= 3)
    return signOffHolders(t.slice(label + 1))
  if (label <= 0 || !/^(owners?|approvals?|approvers?)$/.test(normAt(t, label - 1))) return undefined
  const rest = t.slice(label + 1)
  if (label !== 1) return [{act: 'own', actor: actorOf(nounPhrase(rest)), exclusive: false, object: objectOf(t.slice(0, label - 1))}]
  const act = rest.findIndex((x) => x.pos === 'VERB')
  return act > 0 ? [{act: 'own', actor: actorOf(rest.slice(0, act)), exclusive: false, object: objectOf(rest.slice(act + 1))}] : []
}

/**
 * "Reviewer: the support lead or another IC-qualified engineer", "sign-off = support lead (jess) only": who signs off,
 * each of a list, reserved when "only" follows. What they sign off is whatever the line is about; it is held as the
 * act of signing off ("approve"), which any other label of sign-off holds too.
 */
function signOffHolders(rest: Token[]): Found[] {
  const end = rest.findIndex(
    (x, i) => (x.type === 'punctuation' && x.norm !== '(' && x.norm !== ')' && !(x.norm === '-' && rest[i + 1]?.type === 'word')) || x.norm === 'not',
  )
  const holder = (end < 0 ? rest : rest.slice(0, end)).filter((x) => x.norm !== 'only')
  const exclusive = (end < 0 ? rest : rest.slice(0, end)).some((x) => x.norm === 'only')
  // (A list of holders is no noun phrase: read it loosely, each holder a part.)
  const actor = actorOf(holder) ?? actorOf(holder, true)
  return actor ? [{act: 'own', actor, exclusive, object: {object: ['approve'], objectText: 'the sign-off'}}] : []
}

/** "The platform on-call rotation should be the accountable owner of every runbook", "X is the owner of Y". */
const ownerOf: Form = (t) => {
  const owner = t.findIndex((x, i) => /^owners?$/.test(x.norm) && t[i + 1]?.norm === 'of' && t.slice(Math.max(0, i - 4), i).some((y) => y.lemma === 'be'))
  if (owner <= 0) return undefined
  const be = t.findIndex((x, i) => i < owner && (x.lemma === 'be' || MODALS.has(x.norm)))
  return be > 0 ? [{act: 'own', actor: actorOf(t.slice(0, be)), exclusive: false, object: objectOf(t.slice(owner + 2))}] : []
}

/** "The service team that owns the alert owns its runbook": the holder is the phrase before the relative clause. */
const ownerBeforeRelative: Form = (t) => {
  const relative = t.findIndex((x, i) => i > 0 && /^(that|who|which)$/.test(x.norm) && t.slice(0, i).every((y) => NOUNISH.test(y.pos)))
  const lastOwn = t.findLastIndex((x) => x.lemma === 'own' && x.pos === 'VERB')
  if (relative <= 0 || lastOwn <= relative + 1 || !t.slice(relative + 1, lastOwn).some((x) => x.lemma === 'own')) return undefined
  return [{act: 'own', actor: actorOf(t.slice(0, relative)), exclusive: false, object: objectOf(t.slice(lastOwn + 1))}]
}

/** "Only the DBA team may run migrations …", "only the IC posts to the status page". */
const onlyHolder: Form = (t) => {
  if (normAt(t, 0) !== 'only') return undefined
  const modal = t.findIndex((x, i) => i > 1 && MODALS.has(x.norm))
  let act = modal >= 0 ? actAfter(t, modal) : undefined
  let end = modal
  if (!act) {
    // No modal: the first verb in the present tense right after the holder's noun phrase.
    end = t.findIndex(
      (x, i) =>
        i > 1 &&
        /^(VERB|NOUN)$/.test(x.pos) &&
        /s$/.test(x.norm) &&
        t.slice(1, i).every((y) => NOUNISH.test(y.pos)) &&
        /^(ADP|DET|NOUN|PRON)$/.test(t[i + 1]?.pos ?? ''),
    )
    act = end > 1 && !NOT_ACTS.has(t[end].lemma) ? t[end] : undefined
  }

  return act ? [{act: act.lemma, actor: actorOf(t.slice(1, end)), exclusive: true, object: objectOf(t.slice(t.indexOf(act) + 1))}] : []
}

/**
 * The main verb: the act after a modal ("… can still ship", where "approved by the VP" comes first), else the first
 * verb past its auxiliaries ("is responsible for", "are owned by").
 */
const mainVerb: Form = (tokens, plain) => {
  let t = tokens
  const modal = t.findIndex((x) => MODALS.has(x.norm))
  let verbAt = modal
  let verb: Token | undefined
  if (modal > 0) {
    verb = actAfter(t, modal)
  } else {
    // "owning teams review majors": a verb of holding the tagger took for a noun, between a plural holder and what
    // is held.
    const held = t.findIndex(
      (x, i) =>
        x.pos === 'NOUN' &&
        (HOLDS.has(x.norm) || x.norm === 'own') &&
        /[^s]s$/.test(t[i - 1]?.norm ?? '') &&
        t[i - 1]?.pos === 'NOUN' &&
        /^(NOUN|DET|PRON)$/.test(t[i + 1]?.pos ?? ''),
    )
    if (held > 0 && !t.some((x, i) => x.pos === 'VERB' && i !== 0 && i !== held)) t = t.map((x, i) => (i === held ? {...x, pos: 'VERB'} : x))
    // (A participle before a noun modifies it, it is no verb: "the owning team reviews …".)
    verbAt = t.findIndex((x, i) => (x.pos === 'VERB' && !(/(ing|ed)$/.test(x.norm) && /^(NOUN|PROPN)$/.test(t[i + 1]?.pos ?? '') && i < 2)) || x.pos === 'AUX')
    // "the QA lead approves", "team leads own": a noun the tagger took for a verb, right before the real one.
    if (verbAt > 0 && t[verbAt].pos === 'VERB' && /^(own|owns|approve|approves|decide|decides)$/.test(t[verbAt + 1]?.norm ?? '')) {
      t = t.map((x, i) => (i === verbAt ? {...x, lemma: x.norm, pos: 'NOUN'} : x))
      verbAt++
    }

    let k = verbAt
    while (k >= 0 && k < t.length && t[k].pos === 'AUX') k++
    if (t[k]?.norm !== 'not') verb = t[k]
  }

  if (verbAt <= 0 || !verb) return []
  const v = t.indexOf(verb)
  const before = t.slice(0, verbAt)
  const own = (actor: Found['actor'], object: Found['object']): Found[] => [{act: 'own', actor, exclusive: false, object}]
  // "X is responsible / accountable for T".
  if (/^(responsible|accountable)$/.test(verb.norm) && normAt(t, v + 1) === 'for') return own(actorOf(before), objectOf(t.slice(v + 2)))
  // "T is owned by X", "T should be decided by X", "T is owned and staffed by X", "T signed off by X": X holds T.
  const by =
    normAt(t, v + 1) === 'by'
      ? v + 1
      : normAt(t, v + 1) === 'off' && normAt(t, v + 2) === 'by'
        ? v + 2
        : normAt(t, v + 1) === 'and' && HELD_BY.test(normAt(t, v + 2)) && normAt(t, v + 3) === 'by'
          ? v + 3
          : -1
  if (HELD_BY.test(verb.norm) && by > 0) return own(actorOf(nounPhrase(t.slice(by + 1))), objectOf(before))
  // "Major updates are assigned to the owning team", "majors go to the platform team for review": X holds T.
  if (verb.norm === 'assigned' && normAt(t, v + 1) === 'to') return own(actorOf(nounPhrase(t.slice(v + 2))), objectOf(before))
  if (verb.lemma === 'go' && normAt(t, v + 1) === 'to') {
    const holder = nounPhrase(t.slice(v + 2))
    const after = normAt(t, v + 2 + holder.length)
    if (after === 'for' && /^(review|reviews|approval|approvals|signoff|triage)$/.test(normAt(t, v + 3 + holder.length)))
      return own(actorOf(holder), objectOf(before))
  }
  if (verb.pos !== 'VERB' && modal <= 0) return []
  // "T should rest with X", "T belongs to X".
  if (RESTS.has(verb.lemma) && /^(with|to)$/.test(normAt(t, v + 1))) return own(actorOf(nounPhrase(t.slice(v + 2))), objectOf(before))
  if (verb.lemma === 'own' || HOLDS.has(verb.lemma)) return own(actorOf(before), objectOf(t.slice(v + 1)))
  // "Each service team writes and owns the recording rules": the second verb of a pair holds the object.
  if (normAt(t, v + 1) === 'and' && t[v + 2] && (t[v + 2].lemma === 'own' || HOLDS.has(t[v + 2].lemma))) return own(actorOf(before), objectOf(t.slice(v + 3)))
  if (NOT_ACTS.has(verb.lemma) || !plain) return []
  // A plain act ("The ML team launches its own GPU instances"): only ever compared with a reserved one.
  return [{act: verb.lemma, actor: actorOf(before, true), exclusive: false, object: objectOf(t.slice(v + 1))}]
}

/** "Jobs over 64 GPUs require approval from the ML platform lead", "schema changes need sign-off from the DBA": X holds T. */
const approvalFrom: Form = (t) => {
  const from = t.findIndex(
    (x, i) => x.norm === 'from' && (/^(approval|approvals|signoff|ok|okay|review|reviews)$/.test(normAt(t, i - 1)) || endsSignOff(t, i - 1)),
  )
  if (from <= 1) return undefined
  const verb = t.findIndex((x, i) => i < from && /^(require|requires|required|need|needs|needed|get|gets)$/.test(x.norm))
  if (verb <= 0) return undefined
  return [{act: 'own', actor: actorOf(nounPhrase(t.slice(from + 1))), exclusive: false, object: objectOf(t.slice(0, verb))}]
}

/**
 * "No partner rate limit may change without sign-off from partner success": a change that needs X's sign-off is
 * X's to approve, as "requires approval from X" is.
 */
const withoutSignOff: Form = (t) => {
  const from = t.findIndex((x, i) => x.norm === 'from' && (/^(approval|signoff|review)$/.test(normAt(t, i - 1)) || endsSignOff(t, i - 1)))
  const without = t.findIndex((x, i) => x.norm === 'without' && i < from && from - i <= 5)
  if (from <= 1 || without <= 1) return undefined
  const subject = nounPhrase(t.slice(/^(no|every|any|each)$/.test(t[0].norm) ? 1 : 0))
  return subject.length > 0 ? [{act: 'own', actor: actorOf(nounPhrase(t.slice(from + 1))), exclusive: false, object: objectOf(subject)}] : []
}

/**
 * "Thresholds and the partner rate limits live in the config repo and are approved by SRE alone": a passive act of
 * holding ("approved by", "owned by") later in the clause gives the clause's subject to its agent.
 */
const heldByLater: Form = (t) => {
  const at = t.findIndex((x, i) => i > 2 && HELD_BY.test(x.norm) && normAt(t, i + 1) === 'by' && t.slice(0, i).some((y) => y.norm === 'and'))
  if (at < 0) return undefined
  // (The subject is everything before the first verb, a list included: "Thresholds, priority classes and …".)
  const verb = t.findIndex((x) => x.pos === 'VERB' || x.pos === 'AUX')
  const subject = words(t.slice(0, verb)).filter((x) => /^(NOUN|PROPN|ADJ)$/.test(x.pos) && !OBJECT_NOISE.has(x.norm))
  if (verb <= 0 || subject.length === 0) return undefined
  const object = {
    object: subject.map((x) => x.lemma),
    objectText: words(t.slice(0, verb))
      .map((x) => x.norm)
      .join(' '),
  }
  return [{act: 'own', actor: actorOf(nounPhrase(t.slice(at + 2))), exclusive: false, object}]
}

/** "promoting pg-b needs CTO sign-off first", "majors require platform approval": the one whose sign-off it needs holds it. */
const needsSignOff: Form = (t) => {
  const verb = t.findIndex((x, i) => i > 0 && /^(need|needs|needed|require|requires|required)$/.test(x.norm))
  if (verb <= 0) return undefined
  const rest = t.slice(verb + 1)
  const signOff = rest.findIndex((x, i) => /^(approval|signoff|ok|okay)$/.test(x.norm) || endsSignOff(rest, i + 2))
  if (signOff <= 0 || signOff > 3 || !rest.slice(0, signOff).every((x) => /^(NOUN|PROPN|ADJ)$/.test(x.pos) || x.norm === '-' || /^(my|our)$/.test(x.norm)))
    return undefined
  // ("requires my sign-off": the writer's.)
  const holder = rest.slice(0, signOff).map((x) => (x.norm === 'my' ? {...x, norm: 'me'} : x.norm === 'our' ? {...x, norm: 'us'} : x))
  return [{act: 'own', actor: actorOf(holder), exclusive: false, object: objectOf(t.slice(/^(every|any|each|all)$/.test(t[0].norm) ? 1 : 0, verb))}]
}

/** Words for a sign-off a holder gives: "my approval", "CTO sign-off", "EM's call". */
const SIGN_OFF_NOUNS = /^(approval|signoff|call|decision|ok|okay)$/

/**
 * "max replica changes = my approval", "prod promotion = CTO sign-off", "failover = EM's call": a thing given as
 * someone's sign-off is theirs to approve, as "needs X's sign-off" is.
 */
const thingIsSignOff: Form = (t) => {
  const label = t.findIndex((x) => x.norm === '=' || x.norm === ':')
  if (label <= 0) return undefined
  const rest = t.slice(label + 1)
  // "DNS records = backend's": a thing given as a holder's own, and nothing after.
  const whose = rest.findIndex((x) => x.type === 'punctuation')
  const phrase = whose < 0 ? rest : rest.slice(0, whose)
  if (t[label].norm === '=' && phrase.length > 0 && phrase.length <= 3 && /['’]s$/.test(phrase.at(-1)!.norm)) {
    const last = phrase.at(-1)!
    const name = last.norm.replace(/['’]s$/, '')
    const holder = [...phrase.slice(0, -1), {...last, norm: name, lemma: name}].filter((x) => x.norm !== '')
    return [{act: 'own', actor: actorOf(holder), exclusive: false, object: objectOf(t.slice(0, label))}]
  }

  // (The sign-off ends the phrase: "my approval.", "cto sign-off, always".)
  const at = rest.findIndex((x, i) => SIGN_OFF_NOUNS.test(x.norm) || endsSignOff(rest, i))
  if (at <= 0 || at > 3) return undefined
  const end = rest[at].norm === 'off' ? at - 2 : at
  const holder = rest.slice(0, end).map((x) => (x.norm === 'my' ? {...x, norm: 'me'} : x.norm === 'our' ? {...x, norm: 'us'} : x))
  if (holder.length === 0 || !holder.every((x) => /^(NOUN|PROPN|ADJ|PRON)$/.test(x.pos) || /^(me|us)$/.test(x.norm) || x.norm === "'s")) return undefined
  const after = rest[at + 1]
  if (after && after.type === 'word' && !/^(only|needed|required|first|always)$/.test(after.norm)) return undefined
  return [{act: 'own', actor: actorOf(holder.filter((x) => x.norm !== "'s")), exclusive: false, object: objectOf(t.slice(0, label))}]
}

/**
 * "break-glass: 2 ppl, approver must be from security on-call", "Approval for prod access must come from the team
 * lead": the approver a rule names holds what is approved (the label the clause opens with, or what follows "for").
 */
const approverMustBe: Form = (t) => {
  const at = t.findIndex(
    (x, i) =>
      /^(approval|approvals|approver|approvers|signoff)$/.test(x.norm) &&
      t.slice(i + 1, i + 8).some((y, j) => MODALS.has(y.norm) && /^(be|come)$/.test(t[i + 2 + j]?.norm ?? '')),
  )
  if (at < 0) return undefined
  const modal = t.findIndex((x, i) => i > at && MODALS.has(x.norm))
  const from = normAt(t, modal + 2) === 'from' || normAt(t, modal + 2) === 'by' ? modal + 3 : -1
  if (from < 0) return undefined
  const label = t.findIndex((x, i) => x.norm === ':' && i < at)
  const object =
    normAt(t, at + 1) === 'for' || normAt(t, at + 1) === 'of' ? objectOf(t.slice(at + 2, modal)) : label > 0 ? objectOf(t.slice(0, label)) : undefined
  return object ? [{act: 'own', actor: actorOf(nounPhrase(t.slice(from))), exclusive: false, object}] : []
}

/** "approver for all prod pg requests = dba on-call", "owner of the runbooks: SRE": a label naming the holder of a thing. */
const holderForLabel: Form = (t) => {
  if (!/^(owners?|approvers?)$/.test(normAt(t, 0)) || !/^(for|of)$/.test(normAt(t, 1))) return undefined
  const label = t.findIndex((x) => x.norm === '=' || x.norm === ':')
  return label > 2 ? [{act: 'own', actor: actorOf(nounPhrase(t.slice(label + 1))), exclusive: false, object: objectOf(t.slice(2, label))}] : []
}

/**
 * Access as a role: "Read access to production logs should be limited to the on-call engineers" reserves it; "every
 * engineer gets read access to prod logs" (read on demand, against a reservation) holds it.
 */
const ACCESS_KINDS = /^(read|write|readonly|admin|root|ssh|shell|console|full|direct)$/
const accessLimited: Form = (t) => {
  const limited = t.findIndex((x, i) => /^(limited|restricted)$/.test(x.norm) && normAt(t, i + 1) === 'to' && normAt(t, i - 1) === 'be')
  const access = t.findIndex((x, i) => i < limited && x.lemma === 'access' && /^(to|on)$/.test(normAt(t, i + 1)))
  if (limited < 0 || access < 0) return undefined
  const end = t.findIndex((x, i) => i > access + 1 && (MODALS.has(x.norm) || x.norm === 'be' || x.norm === 'is' || x.norm === 'are'))
  return [{act: 'access', actor: actorOf(nounPhrase(t.slice(limited + 2))), exclusive: true, object: objectOf(t.slice(access + 2, end))}]
}
const accessHeld: Form = (t, plain) => {
  if (!plain) return undefined
  const access = t.findIndex((x, i) => x.lemma === 'access' && /^(to|on)$/.test(normAt(t, i + 1)))
  if (access <= 0) return undefined
  let verb = access - 1
  while (verb > 0 && (ACCESS_KINDS.test(t[verb].norm) || t[verb].norm === '-')) verb--
  if (!/^(get|gets|have|has|keep|keeps|retain|retains|hold|holds)$/.test(t[verb].norm) || verb === 0) return undefined
  return [{act: 'access', actor: actorOf(t.slice(0, verb), true), exclusive: false, object: objectOf(t.slice(access + 2))}]
}

/** The forms in the order they are tried: the first that applies decides. */
const FORMS: Form[] = [
  reservedByNobody,
  accessLimited,
  accessHeld,
  arrowTo,
  holderForLabel,
  thingIsSignOff,
  approverMustBe,
  ownerLabel,
  ownerOf,
  ownerBeforeRelative,
  onlyHolder,
  approvalFrom,
  needsSignOff,
  withoutSignOff,
  heldByLater,
  mainVerb,
]

/**
 * The ownerships and reserved acts a clause states (usually none); with `plain`, also a plain act ("The ML team
 * launches its own GPU instances"), which only matters against a reserved one and so is read on demand.
 */
export function rolesOf(tokens: Token[], plain = false): Role[] {
  if (!plain && !tokens.some((t) => TRIGGERS.has(t.norm))) return []
  if (plain) {
    const done = labelDoneBy(tokens)
    if (done) return [done]
  }
  const t = clauseBody(tokens)
  for (const form of FORMS) {
    const found = form(t, plain)
    if (!found) continue
    // A role needs a holder, and something held unless it is reserved (or read as a plain act).
    // (Ownership by "a second person" or "someone" names no holder to dispute.)
    return (
      found
        .filter((f) => f.actor && (f.object.object.length > 0 || f.exclusive || plain || PRONOUN_OBJECT.test(f.object.objectText)))
        .filter((f) => f.act !== 'own' || f.exclusive || !f.actor!.actor.every((w) => ANYONE.test(w)))
        // (Approving, deciding and reviewing hold the thing, reserved or not: "only security approves exceptions".)
        .map((f) => ({...f.actor!, ...f.object, act: f.act === 'own' || HOLDS.has(f.act) ? 'own' : actClass(f.act), exclusive: f.exclusive}))
        .map((role) => namedAct(role))
    )
  }

  return []
}

/**
 * "purge-all: any dev w/ deploy rights can do it": the act a label names, done by whoever the rest says may do it (a
 * plain act, read only against a reserved one).
 */
function labelDoneBy(tokens: Token[]): Role | undefined {
  const label = tokens.findIndex((t) => t.norm === ':')
  if (label <= 0 || words(tokens.slice(0, label)).length > 3) return undefined
  const modal = tokens.findIndex((t, i) => i > label + 1 && MODALS.has(t.norm))
  if (modal < 0 || tokens[modal + 1]?.norm !== 'do' || !PRONOUN_OBJECT.test(tokens[modal + 2]?.norm ?? '')) return undefined
  const named = words(tokens.slice(0, label))
  const at = named.findIndex((t) => ACT_NOUNS.has(t.lemma) || ACT_NOUNS.has(t.norm))
  const actor = actorOf(nounPhrase(tokens.slice(label + 1, modal)), true)
  if (at < 0 || !actor) return undefined
  const rest = named.filter((_, i) => i !== at)
  return {
    ...actor,
    act: ACT_NOUNS.get(named[at].lemma) ?? ACT_NOUNS.get(named[at].norm)!,
    exclusive: false,
    object: rest.map((t) => t.lemma),
    objectText: rest.map((t) => t.norm).join(' '),
  }
}

/** Verbs that only carry an act named by their object ("trigger a prod sync", "run a purge-all", "do a failover"). */
const LIGHT_VERBS = new Set(['trigger', 'run', 'do', 'perform', 'initiate', 'kick', 'launch', 'execute'])
/** Nouns that name an act, and the act ("a prod sync" is syncing production). */
const ACT_NOUNS = new Map([
  ...(['sync', 'purge', 'rollback', 'failover', 'restore', 'merge', 'flush', 'backfill', 'upgrade', 'restart', 'rollout', 'deploy'] as const).map(
    (w) => [w, actClass(w)] as const,
  ),
  ['deployment', 'deploy'],
  ['release', 'deploy'],
  ['rotation', 'rotate'],
  ['migration', 'migrate'],
])

/** A light verb's role is its object's act: "may trigger a prod sync" syncs production. */
function namedAct(role: Role): Role {
  // (A command named after its act is that act: "run FLUSHDB or FLUSHALL" flushes.)
  const actNoun = (w: string) => (ACT_NOUNS.has(w) ? w : [...ACT_NOUNS.keys()].find((noun) => w.startsWith(noun) && /^(db|all)$/.test(w.slice(noun.length))))
  const at = role.object.findLastIndex((w) => actNoun(w) !== undefined)
  if (!LIGHT_VERBS.has(role.act) || at < 0 || at < role.object.length - 2) return role
  const word = role.object[at]
  const act = ACT_NOUNS.get(actNoun(word)!)!
  // ("a production sync" is what is synced: production.)
  // (…and "or" between two commands goes with them: "flushdb or flushall against production" → "against production".)
  const written = role.objectText.split(/\s+/)
  const dropped = written.map((w) => w === word || (actNoun(w) !== undefined && actNoun(w) === actNoun(word)))
  const objectText = written
    .filter((w, i) => !dropped[i] && !(/^(or|and)$/.test(w) && dropped[i - 1] && dropped[i + 1]))
    .join(' ')
    .replace(/^(a|an|the)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim()
  // (…every command of a list of them: "FLUSHDB or FLUSHALL".)
  return {...role, act, object: role.object.filter((w, i) => i !== at && actNoun(w) !== actNoun(word)), objectText}
}

/** A role whose object is a place it is done at ("posts to statuspage"), not a thing held. */
export const heldAtPlace = (role: Role): boolean => /^(to|in|on|into)\b/.test(role.objectText)

/** A held thing named by a pronoun ("the account manager approves them"): what it stands for comes from the clause before. */
const PRONOUN_OBJECT = /^(it|this|that|these|those|them)$/
export const unresolvedObject = (role: Role): boolean => role.object.length === 0 && PRONOUN_OBJECT.test(role.objectText)

function overlap(x: string[], y: string[]): number {
  // "the status page" / "statuspage": two words one side writes as one count as both.
  const joined = (words: string[], other: string[]) => words.filter((w, i) => i + 1 < words.length && other.includes(w + words[i + 1])).length * 2
  const shared = x.filter((w) => y.includes(w)).length + joined(x, y) + joined(y, x)
  return Math.min(1, shared / Math.max(1, Math.min(x.length, y.length)))
}

/** One actor named two ways ("SRE" / "the SRE team", "platform" / "platform engineers"): one set holds the other. */
function sameActor(x: string[], y: string[]): boolean {
  // ("AE" is analytics engineering: an actor written as the initials of the other's words.)
  const initials = (short: string[], long: string[]) => short.length === 1 && long.length > 1 && short[0] === long.map((w) => w[0]).join('')
  return x.every((w) => y.includes(w)) || y.every((w) => x.includes(w)) || initials(x, y) || initials(y, x)
}

/**
 * A role dispute between two role lists: one thing owned by two different actors, or an act reserved to one
 * actor and done by another. Returns the two roles, or undefined.
 */
export function roleConflict(a: Role[], b: Role[]): [Role, Role] | undefined {
  for (const x of a) {
    for (const y of b) {
      // (Owning a thing is doing what is done to it: "the IC owns the status page" / "only the support duty manager
      // publishes to the status page".)
      const ownsAgainstReserved = (x.act === 'own' && y.exclusive && !x.exclusive) || (y.act === 'own' && x.exclusive && !y.exclusive)
      if ((x.act !== y.act && !ownsAgainstReserved) || unresolvedObject(x) || unresolvedObject(y)) continue
      if (ownsAgainstReserved && x.act !== y.act) {
        const [owner, reserved] = x.act === 'own' ? [x, y] : [y, x]
        if (reserved.object.length > 0 && owner.object.length > 0 && overlap(owner.object, reserved.object) >= 0.5 && !sameActor(owner.actor, reserved.actor))
          return [x, y]
        continue
      }
      // An act without object ("nothing ships") meets the same act; otherwise what is held must be one thing.
      // (A place is no object: "only the IC posts to statuspage" reserves posting, which "any SRE can post the
      // first update" does; two places must still be one: "posts to #deployments" / "posts in #dev-feed".)
      const intransitive = x.object.length === 0 || y.object.length === 0 || heldAtPlace(x) !== heldAtPlace(y)
      if (!(intransitive ? x.exclusive || y.exclusive : overlap(x.object, y.object) >= 0.5)) continue
      if (x.act === 'own' && !x.exclusive && !y.exclusive) {
        // "each team owns its own rules" meets one team owning its rules, but not one owner of every rule.
        const eachTeam = (r: Role) => r.actor.includes('each-team')
        const everything = (r: Role) => /^(every|all|each)\b/.test(r.objectText)
        if (eachTeam(x) !== eachTeam(y) && !everything(eachTeam(x) ? y : x)) continue
        if (!sameActor(x.actor, y.actor)) return [x, y]
        continue
      }

      // A reserved act done by someone the reservation does not name.
      const [reserved, other] = x.exclusive ? [x, y] : y.exclusive ? [y, x] : [undefined, undefined]
      // (…or by everyone of a wider group: "every engineer" against "the on-call engineers".)
      const everyone = (r: Role) =>
        /^(every|all|any)\b/.test(r.actorText) && r.actor.every((w) => reserved!.actor.includes(w)) && reserved!.actor.length > r.actor.length
      if (reserved && other && !other.exclusive && (other.parts.some((part) => !sameActor(part, reserved.actor)) || everyone(other))) return [x, y]
    }
  }

  return undefined
}
