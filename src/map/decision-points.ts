import {pickedOver} from '../contradictions/evidence.js'
import {cleanText, lowerFirst} from '../shared/text.js'
import type {MapAgreement, MapClaim, MapFinding, MapTension} from './fragment.js'

/**
 * Findings grouped into decision points: the questions a decision maker settles, each with the positions the
 * participants hold. The engine (analysis version 2) gives every finding a decisionPoint {key, heading}; findings
 * of an older analysis are grouped by their subject terms instead. Low-confidence findings are kept apart: they
 * go to an appendix, never into the decision points.
 */

export interface Position {
  participant: string
  /** The full sentence as written (the clause when no sentence was recorded). */
  sentence: string
  source?: string
  line?: number
  /** Ids of the findings this position takes part in. */
  findings: string[]
}

export interface DecisionPointGroup {
  key: string
  heading: string
  /** Best confidence first. */
  findings: MapFinding[]
  /** One per participant and sentence, in the order the findings name them. */
  positions: Position[]
  participants: string[]
  /** Every finding is one participant against themselves. */
  internal: boolean
  /** Catalog tensions attached to the findings (the engine attaches one only when both claims carry its signals). */
  tensions: MapTension[]
  /** The open question to decide, in words. */
  question: string
}

export interface DecisionPoints {
  points: DecisionPointGroup[]
  /** Findings below the engine's confidence threshold, best first. */
  lowConfidence: MapFinding[]
}

function clean(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ').trim()
}

/** A heading as a plain phrase: first letter up, no trailing punctuation. */
export function plainHeading(text: string): string {
  const phrase = clean(text).replace(/[\s.,;:!]+$/, '')
  return phrase === '' ? 'Unnamed decision point' : `${phrase[0].toUpperCase()}${phrase.slice(1)}`
}

/** The finding's decision point, or for an analysis of version 1 one made from its subject terms. */
function decisionPointOf(finding: MapFinding): {heading: string; key: string} {
  if (finding.decisionPoint) return {heading: plainHeading(finding.decisionPoint.heading), key: finding.decisionPoint.key}
  const subject = finding.subject ? clean(finding.subject) : ''
  return subject === ''
    ? {heading: plainHeading(`${finding.kind} disagreement`), key: `kind:${finding.kind}`}
    : {heading: plainHeading(subject), key: `subject:${subject}`}
}

export function confidenceOf(finding: MapFinding): number {
  const value = finding.confidence ?? finding.score
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

export function sentenceOf(claim: MapClaim): string {
  return claim.sentence !== undefined && claim.sentence.trim() !== '' ? claim.sentence : claim.text
}

function byConfidence(a: MapFinding, b: MapFinding): number {
  return confidenceOf(b) - confidenceOf(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`
}

function listOf(names: string[]): string {
  return names.length <= 2 ? names.join(' or ') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`
}

/**
 * The two values a numeric finding sets against each other, as written ("about $12000 a week" / "capped at $40000
 * per month"): its evidence reads "<value>[ = <normalised>] vs <value>[ = <normalised>]"; or the two options of a
 * choice ("PagerDuty vs incident.io (paging service)"). Undefined for any other shape of evidence (two limits, a
 * unit converted on one side only, three values, an option picked over another).
 */
function valuesOf(finding: MapFinding): [string, string] | undefined {
  if ((finding.kind !== 'numeric' && finding.kind !== 'choice') || typeof finding.evidence !== 'string') return undefined
  // (A choice names the two options: "PagerDuty vs incident.io (paging service)", '"on" vs "disabled"'; not one
  // picked over another on each side, nor an option against a refusal.)
  const evidence = finding.kind === 'choice' ? finding.evidence.replace(/ \([^()]*\)$/, '') : finding.evidence
  if (finding.kind === 'choice') {
    // One side picks an option over the other's ('"wasmtime" over "v8" vs "v8"'): each holds its own.
    const picked = pickedOver(evidence)
    if (picked) {
      const {chosen, rejected} = picked
      const says = (claim: MapClaim, words: string) =>
        words.split(' ').every((w) => (claim.sentence ?? claim.text).toLowerCase().replaceAll('-', ' ').includes(w))
      if (says(finding.a, chosen) && !says(finding.b, chosen)) return [clean(chosen), clean(rejected)]
      if (says(finding.b, chosen) && !says(finding.a, chosen)) return [clean(rejected), clean(chosen)]
      return undefined
    }
  }

  if (finding.kind === 'choice' && / over | vs not /.test(evidence)) return undefined
  const sides = evidence.split(' vs ')
  if (sides.length !== 2) return undefined
  const [x, y] = sides.map((side: string) => clean(finding.kind === 'choice' ? side.replace(/^"(.*)"$/, '$1') : side.split(' = ')[0]))
  return x !== '' && y !== '' && x.length <= 60 && y.length <= 60 ? [x, y] : undefined
}

/**
 * The open question of a decision point, in words a decision maker answers: a yes-or-no heading ("Whether …",
 * "Who owns …") is the question itself; a value in dispute names each participant's value when one finding holds
 * them ("the cost of the pilot: about $12000 a week (priya) or capped at $40000 per month (dana)").
 */
function openQuestion(point: Pick<DecisionPointGroup, 'findings' | 'heading' | 'internal' | 'participants'>): string {
  const subject = lowerFirst(point.heading)
  const asked = /^(whether|who|which|how|what|when)\b/i.test(point.heading)
  if (point.participants.length === 0) return `Which of the conflicting statements ${asked ? 'on' : 'about'} ${subject} holds?`
  if (point.internal && point.participants.length === 1) {
    const [who] = point.participants
    return `${who} states both: which does ${who} mean ${asked ? 'on' : 'about'} ${subject}, and does the other statement need correcting?`
  }

  const [best] = point.findings
  const values = best && point.participants.length === 2 ? valuesOf(best) : undefined
  const [pa, pb] = best ? [clean(best.a.participant ?? ''), clean(best.b.participant ?? '')] : ['', '']
  if (values && pa !== pb && point.participants.includes(pa) && point.participants.includes(pb)) {
    // (A point headed by its two options, "Wasmtime or V8", asks between them.)
    if (best.kind === 'choice' && / or /.test(point.heading)) return `Decide between ${values[0]} (${pa}) and ${values[1]} (${pb}), or another option?`
    return `Decide the ${subject}: ${values[0]} (${pa}) or ${values[1]} (${pb}), or another ${best.kind === 'choice' ? 'one' : 'value'}?`
  }

  const positions = `${listOf(point.participants.map(possessive))} position`
  return asked ? `Decide ${subject}: ${positions}, or another one?` : `Which position on ${subject} do the decision makers adopt: ${positions}, or another one?`
}

/** Groups findings into decision points (best first) and sets the low-confidence ones apart. */
export function groupDecisionPoints(findings: MapFinding[]): DecisionPoints {
  const lowConfidence = findings.filter((f) => f.lowConfidence === true).sort(byConfidence)
  const byKey = new Map<string, {findings: MapFinding[]; heading: string}>()
  for (const finding of [...findings].filter((f) => f.lowConfidence !== true).sort(byConfidence)) {
    const {heading, key} = decisionPointOf(finding)
    const group = byKey.get(key)
    if (group) group.findings.push(finding)
    else byKey.set(key, {findings: [finding], heading})
  }

  // Two keys whose findings share a claim (the same participant's same clause) are one question asked twice
  // ("acknowledge within 5 minutes" vs 15 minutes, and vs a quarter of an hour): they become one decision point,
  // under the key and heading of the stronger one (keys come best first).
  const keys = [...byKey.keys()]
  const parent = new Map(keys.map((k) => [k, k]))
  const root = (k: string): string => (parent.get(k) === k ? k : root(parent.get(k)!))
  const claimOwner = new Map<string, string>()
  for (const key of keys) {
    for (const finding of byKey.get(key)!.findings) {
      for (const claim of [finding.a, finding.b]) {
        const id = JSON.stringify([clean(claim.participant ?? ''), clean(claim.text)])
        const owner = claimOwner.get(id)
        if (owner === undefined) claimOwner.set(id, key)
        else {
          const [a, b] = [root(owner), root(key)]
          if (a !== b) parent.set(keys.indexOf(a) < keys.indexOf(b) ? b : a, keys.indexOf(a) < keys.indexOf(b) ? a : b)
        }
      }
    }
  }

  const groups = new Map<string, {findings: MapFinding[]; heading: string}>()
  for (const key of keys) {
    const target = root(key)
    const group = groups.get(target)
    if (group) group.findings.push(...byKey.get(key)!.findings)
    else groups.set(target, {findings: [...byKey.get(key)!.findings], heading: byKey.get(key)!.heading})
  }

  for (const group of groups.values()) group.findings.sort(byConfidence)

  const points: DecisionPointGroup[] = []
  for (const [key, group] of groups) {
    const positions: Position[] = []
    const tensions: MapTension[] = []
    for (const finding of group.findings) {
      for (const claim of [finding.a, finding.b]) {
        const participant = claim.participant === undefined || clean(claim.participant) === '' ? 'unnamed participant' : clean(claim.participant)
        const sentence = sentenceOf(claim)
        const known = positions.find((p) => p.participant === participant && p.sentence === sentence)
        if (known) {
          if (!known.findings.includes(finding.id)) known.findings.push(finding.id)
        } else {
          positions.push({findings: [finding.id], line: claim.line, participant, sentence, source: claim.source})
        }
      }

      if (finding.tension && !tensions.some((t) => t.id === finding.tension!.id)) tensions.push(finding.tension)
    }

    const participants = [...new Set(positions.map((p) => p.participant))]
    const internal = group.findings.every(
      (f) => f.scope === 'internal' || (f.scope === undefined && f.a.participant !== undefined && f.a.participant === f.b.participant),
    )
    const point = {findings: group.findings, heading: group.heading, internal, key, participants, positions, question: '', tensions}
    point.question = openQuestion(point)
    points.push(point)
  }

  // Best first: the strongest finding of each point, then the heading, so the order is stable.
  points.sort((x, y) => confidenceOf(y.findings[0]) - confidenceOf(x.findings[0]) || (x.heading < y.heading ? -1 : x.heading > y.heading ? 1 : 0))
  return {lowConfidence, points}
}

/** Agreements with a plain heading each, in a stable order. */
export function sortedAgreements(agreements: MapAgreement[]): MapAgreement[] {
  return [...agreements].sort((a, b) => {
    const ha = plainHeading(a.decisionPoint.heading)
    const hb = plainHeading(b.decisionPoint.heading)
    return ha < hb ? -1 : ha > hb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  })
}
