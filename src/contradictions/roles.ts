import type {Token} from './nlp.js'

/**
 * Who holds a responsibility or a right, as meetings state it: "Product engineering owns the error budget
 * decisions", "Error budget decisions should rest with the SRE team", "Nobody outside the platform team may launch
 * GPU instances", "Only the DBA team can run migrations in production". Two claims that give one thing to two
 * owners, or let someone else do what one reserves, are a dispute about who decides — the most common kind of
 * disagreement in a meeting that no number or antonym shows.
 */
export interface Role {
  /** Lemmas of who holds it ("product", "engineering"); generic words ("team", "the") left out. */
  actor: string[]
  /** The actor as written ("the SRE team"). */
  actorText: string
  /** "own" for ownership in any wording, else the verb's lemma ("launch", "approve"). */
  act: string
  /** Content lemmas of what is held or done ("error", "budget", "decision"). */
  object: string[]
  /** What is held or done, as written ("the error budget decisions"). */
  objectText: string
  /** Reserved to the actor: "only X may …", "nobody outside X may …". */
  exclusive: boolean
}

const ACTOR_NOISE = new Set(['the', 'a', 'an', 'our', 'their', 'its', 'team', 'teams', 'group', 'folks', 'people', 'own'])
const OBJECT_NOISE = new Set(['the', 'a', 'an', 'our', 'their', 'its', 'own', 'all', 'any', 'every', 'each'])
const MODALS = new Set(['may', 'can', 'could', 'should', 'must', 'will', 'shall', 'would', 'might'])
const RESTS = new Set(['rest', 'sit', 'lie', 'belong', 'stay', 'remain'])
/** Verbs that say nothing about who does what ("be", "have", "seem"). */
const NOT_ACTS = new Set(['be', 'have', 'do', 'seem', 'get', 'need', 'want', 'think', 'feel', 'say', 'agree', 'like', 'prefer', 'use'])
const NOUNISH = /^(NOUN|PROPN|ADJ|DET|NUM)$/

function words(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.type === 'word' || t.type === 'number')
}

function actorOf(tokens: Token[]): Pick<Role, 'actor' | 'actorText'> | undefined {
  const list = words(tokens)
  if (list.length === 0 || list.length > 5 || !list.every((t) => NOUNISH.test(t.pos))) return undefined
  const actor = list.map((t) => t.lemma).filter((w) => !ACTOR_NOISE.has(w))
  return actor.length > 0 ? {actor, actorText: list.map((t) => t.norm).join(' ')} : undefined
}

function objectOf(tokens: Token[]): Pick<Role, 'object' | 'objectText'> | undefined {
  // What is held runs to the first punctuation or a clause that adds a role of its own ("…, with product consulted").
  const end = tokens.findIndex((t) => t.type === 'punctuation' || /^(with|while|and|but|so|because|unless|if|when)$/.test(t.norm))
  const list = words(end < 0 ? tokens : tokens.slice(0, end))
  const object = list.filter((t) => /^(NOUN|PROPN|ADJ|VERB)$/.test(t.pos) && !OBJECT_NOISE.has(t.norm)).map((t) => t.lemma)
  return object.length > 0 ? {object, objectText: list.map((t) => t.norm).join(' ')} : undefined
}

/** Words without which a clause assigns no ownership and reserves nothing: most clauses are skipped on sight. */
const TRIGGERS = new Set(['own', 'owns', 'owned', 'rest', 'rests', 'belong', 'belongs', 'responsible', 'accountable', 'only', 'nobody', 'no', 'none'])

/**
 * The ownerships and reserved acts a clause states (usually none); with `plain`, also a plain act ("The ML team
 * launches its own GPU instances"), which only matters against a reserved one and so is read on demand.
 */
export function rolesOf(tokens: Token[], plain = false): Role[] {
  if (!plain && !tokens.some((t) => TRIGGERS.has(t.norm))) return []
  let t = tokens[0]?.norm === 'and' || tokens[0]?.norm === 'but' || tokens[0]?.norm === 'then' ? tokens.slice(1) : tokens
  // "The ML team launches its own …": a verb in -s between a noun and a determiner the tagger took for a plural noun.
  const at = t.findIndex(
    (x, i) =>
      i > 0 &&
      x.pos === 'NOUN' &&
      /s$/.test(x.norm) &&
      /^(NOUN|PROPN)$/.test(t[i - 1].pos) &&
      /^(DET|PRON)$/.test(t[i + 1]?.pos ?? '') &&
      t.slice(0, i).every((y) => NOUNISH.test(y.pos)),
  )
  if (at > 0) t = t.map((x, i) => (i === at ? {...x, pos: 'VERB'} : x))

  const norm = (i: number) => t[i]?.norm ?? ''
  const roles: Role[] = []
  const push = (actor: ReturnType<typeof actorOf>, act: string, object: ReturnType<typeof objectOf>, exclusive: boolean) => {
    if (actor && object) roles.push({...actor, ...object, act, exclusive})
  }

  // "Nobody outside the platform team may launch …", "no one but SRE can …"
  if (/^(nobody|none)$/.test(norm(0)) || (norm(0) === 'no' && norm(1) === 'one')) {
    const from = norm(0) === 'no' ? 2 : 1
    if (/^(outside|but|except|besides)$/.test(norm(from)) || (norm(from) === 'other' && norm(from + 1) === 'than')) {
      const start = from + (norm(from) === 'other' ? 2 : 1)
      const modal = t.findIndex((x, i) => i > start && MODALS.has(x.norm))
      const verb = modal >= 0 ? t[modal + 1] : undefined
      if (verb && verb.pos === 'VERB' && !NOT_ACTS.has(verb.lemma)) push(actorOf(t.slice(start, modal)), verb.lemma, objectOf(t.slice(modal + 2)), true)
    }

    return roles
  }

  // "Only the DBA team may run migrations …"
  if (norm(0) === 'only') {
    const modal = t.findIndex((x, i) => i > 1 && MODALS.has(x.norm))
    const verb = modal >= 0 ? t[modal + 1] : undefined
    if (verb && verb.pos === 'VERB' && !NOT_ACTS.has(verb.lemma)) push(actorOf(t.slice(1, modal)), verb.lemma, objectOf(t.slice(modal + 2)), true)
    return roles
  }

  const verbAt = t.findIndex((x) => x.pos === 'VERB' || x.pos === 'AUX')
  if (verbAt <= 0) return roles
  // Past the modals and auxiliaries to the main verb.
  let v = verbAt
  while (v < t.length && (MODALS.has(t[v].norm) || t[v].pos === 'AUX')) v++
  const verb = t[v]
  if (!verb) return roles
  const before = t.slice(0, verbAt)
  // "X is responsible / accountable for T", "T is owned by X".
  if (/^(responsible|accountable)$/.test(verb.norm) && norm(v + 1) === 'for') return (push(actorOf(before), 'own', objectOf(t.slice(v + 2)), false), roles)
  if (verb.norm === 'owned' && norm(v + 1) === 'by') return (push(actorOf(objectTokens(t.slice(v + 2))), 'own', objectOf(before), false), roles)
  if (verb.pos !== 'VERB') return roles
  // "T should rest with X", "T belongs to X".
  if (RESTS.has(verb.lemma) && /^(with|to)$/.test(norm(v + 1))) return (push(actorOf(objectTokens(t.slice(v + 2))), 'own', objectOf(before), false), roles)
  if (verb.lemma === 'own') return (push(actorOf(before), 'own', objectOf(t.slice(v + 1)), false), roles)
  if (NOT_ACTS.has(verb.lemma) || !plain) return roles
  // A plain act ("The ML team launches its own GPU instances"): only ever compared with a reserved one.
  push(actorOf(before), verb.lemma, objectOf(t.slice(v + 1)), false)
  return roles
}

/** The noun phrase at the start of `tokens` (up to punctuation or a linking word): who something rests with. */
function objectTokens(tokens: Token[]): Token[] {
  const end = tokens.findIndex((t) => t.type === 'punctuation' || !NOUNISH.test(t.pos))
  return end < 0 ? tokens : tokens.slice(0, end)
}

function overlap(x: string[], y: string[]): number {
  const shared = x.filter((w) => y.includes(w)).length
  return shared / Math.max(1, Math.min(x.length, y.length))
}

/**
 * A role dispute between two role lists: one thing owned by two different actors, or an act reserved to one
 * actor and done by another. Returns the two roles, or undefined.
 */
export function roleConflict(a: Role[], b: Role[]): [Role, Role] | undefined {
  for (const x of a) {
    for (const y of b) {
      if (x.act !== y.act || overlap(x.object, y.object) < 0.5) continue
      if (x.actor.some((w) => y.actor.includes(w))) continue
      if (x.act === 'own' || x.exclusive || y.exclusive) return [x, y]
    }
  }

  return undefined
}
