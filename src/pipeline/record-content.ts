import type {ConsideredOption, OpenContradiction} from '../records/index.js'
import {confidenceOf, type DecisionPoints, plainHeading, sentenceOf} from '../map/decision-points.js'
import type {MapAgreement, MapClaim, MapFinding} from '../map/fragment.js'
import {truncate} from '../shared/text.js'

/**
 * The MADR-shaped content of a session's decision record, drawn from the inputs: the problem as the decision
 * points the participants disagree on, drivers (what they agree on, the catalog tensions the findings earned),
 * each participant's position per decision point as a considered option, and the contradictions left open with
 * their quotes and explanation. The outcome is left to the decision makers (decision: null, "to be decided").
 */

/** How the topic relates to a catalog tension it evokes: named outright, or matched by a share of its words. */
export function topicRelation(t: {score: number}): string {
  return t.score >= 1 ? 'The topic names catalog tension' : `The topic matches (${Math.round(t.score * 100)}% of its words) catalog tension`
}

export interface RecordContentInput {
  topic: string
  /** The topic as the record holds it (shortened to the title limit); the full one is added to the context when cut. */
  title: string
  participants: string[]
  inputs: number
  claims: number
  decisionPoints: DecisionPoints
  agreements: MapAgreement[]
  /** Catalog tensions the topic names that the inputs back (or the topic alone, without inputs). */
  topicTensions: Array<{id: string; name: string; score: number}>
  /** "N more contradictions are only in analysis.json", when some were not carried. */
  moreNote?: string
}

export interface RecordContent {
  consequences: null | string
  consideredOptions: ConsideredOption[]
  context: string
  decisionDrivers: string[]
  openContradictions: OpenContradiction[]
}

// Schema bounds (records/schema.ts): quotes 20,000 characters, headings 500, drivers 2,000.
const MAX_QUOTE = 20_000
const MAX_HEADING = 500
const MAX_DRIVER = 2000

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function list(names: string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

function place(claim: {line?: number; source?: string}): {line?: number; source?: string} {
  const source = claim.source === undefined ? '' : oneLine(claim.source)
  return {
    ...(claim.line !== undefined && Number.isSafeInteger(claim.line) && claim.line >= 1 ? {line: claim.line} : {}),
    ...(source === '' ? {} : {source: truncate(source, 4096)}),
  }
}

function who(claim: MapClaim): string {
  const name = claim.participant === undefined ? '' : oneLine(claim.participant)
  return name === '' ? 'unnamed participant' : truncate(name, 200)
}

function quote(text: string): string {
  const trimmed = text.trim()
  return truncate(trimmed === '' ? '(empty)' : trimmed, MAX_QUOTE)
}

function explanationOf(f: MapFinding): string {
  const text = f.explanation?.trim()
  return text ? truncate(text, MAX_QUOTE) : `${f.kind} contradiction${f.subject ? ` about ${f.subject}` : ''}`
}

export function recordContent(input: RecordContentInput): RecordContent {
  const {points} = input.decisionPoints
  const low = input.decisionPoints.lowConfidence.length
  const who_ = input.participants.length > 0 ? ` (${list(input.participants)})` : ''
  const context = [
    `${input.participants.length} participant(s)${who_} wrote ${input.inputs} input(s) on "${input.title}": ${input.claims} claim(s) were read.`,
    points.length === 0
      ? input.inputs === 0
        ? 'No input was given, so no contradiction was found: the topic alone was recorded.'
        : 'No contradiction was found between their claims.'
      : `They disagree on ${points.length} decision point(s): ${points.map((p) => p.heading).join('; ')}.`,
    ...(input.agreements.length > 0 ? [`They agree on ${input.agreements.length} point(s) (see decision_drivers).`] : []),
    ...(low > 0 ? [`${low} low-confidence finding(s) are left out of this record; the session summary lists them in its appendix.`] : []),
    ...(input.moreNote ? [input.moreNote] : []),
  ].join(' ')
  const fullTopic = input.title === input.topic ? '' : `\nFull topic: ${input.topic}`

  const drivers: string[] = []
  for (const agreement of input.agreements) {
    const people = [...new Set(agreement.claims.map(who))]
    const heading = oneLine(plainHeading(agreement.decisionPoint.heading))
    const explanation = oneLine(agreement.explanation)
    // The engine's explanation usually starts with the subject already: say it once.
    const what = explanation.toLowerCase().startsWith(heading.toLowerCase()) ? explanation : `${heading}: ${explanation}`
    drivers.push(truncate(`Agreed by ${list(people)}: ${what}`, MAX_DRIVER))
  }

  const tensionPoints = new Map<string, {headings: string[]; name: string}>()
  for (const point of points) {
    for (const tension of point.tensions) {
      const entry = tensionPoints.get(tension.id) ?? {headings: [], name: tension.name}
      entry.headings.push(point.heading)
      tensionPoints.set(tension.id, entry)
    }
  }

  for (const [id, {headings, name}] of tensionPoints) {
    drivers.push(truncate(`Catalog tension ${id} (${oneLine(name)}) is at stake in: ${headings.join('; ')}`, MAX_DRIVER))
  }

  for (const tension of input.topicTensions) {
    if (!tensionPoints.has(tension.id)) drivers.push(truncate(`${topicRelation(tension)} ${tension.id} (${oneLine(tension.name)})`, MAX_DRIVER))
  }

  const consideredOptions: ConsideredOption[] = points.map((point) => ({
    decision_point: truncate(point.heading, MAX_HEADING),
    key: truncate(oneLine(point.key), 200) || 'unnamed',
    options: point.positions.map((p) => ({participant: truncate(p.participant, 200), position: quote(p.sentence), ...place(p)})),
    question: truncate(point.question, 2000),
  }))

  const openContradictions: OpenContradiction[] = points.flatMap((point) =>
    point.findings.map((f) => ({
      claims: [f.a, f.b].map((c) => ({participant: who(c), quote: quote(sentenceOf(c)), ...place(c)})),
      confidence: Math.round(confidenceOf(f) * 1000) / 1000,
      decision_point: truncate(point.heading, MAX_HEADING),
      explanation: explanationOf(f),
      id: truncate(oneLine(f.id), 200),
      kind: truncate(oneLine(f.kind), 200),
      ...(f.scope ? {scope: f.scope} : {}),
      ...(f.tension ? {tension: {id: truncate(oneLine(f.tension.id), 200), name: truncate(oneLine(f.tension.name), 500)}} : {}),
    })),
  )

  const consequences =
    points.length === 0
      ? null
      : `Until the decision makers set the outcome, ${points.length} decision point(s) stay open and every position under considered_options stands. ` +
        'Settling a decision point means choosing one of its options (or another one) and revising, in its source file, each quoted statement the outcome contradicts.'
  return {consequences, consideredOptions, context: `${context}${fullTopic}`, decisionDrivers: drivers, openContradictions}
}
