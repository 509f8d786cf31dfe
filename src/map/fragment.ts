import {createHash} from 'node:crypto'

import {assertSafeName} from '../shared/names.js'
import {InputError} from '../shared/errors.js'
import {groupDecisionPoints} from './decision-points.js'
import {attrs, cleanText, label, truncate} from '../shared/dot.js'

/**
 * One session's piece of the cognitive map: a Graphviz cluster holding the topic, the participants, the
 * decision points the contradictions raise (one sub-cluster each, holding the positions the participants
 * take, every position linked from whoever holds it), the catalog tensions attached to them and the decision
 * record. Reading the edges: participant → position → decision point.
 *
 * Node ids are built only from the (already safe) session id and fixed suffixes with a counter, never from
 * user text: `"<session>.topic"`, `"<session>.p1"`, `"<session>.d1"`, `"<session>.d1q2"`, `"<session>.t1"`,
 * `"<session>.record"`. The suffixes hold no dot, so two different sessions can never produce the same node id.
 */

export interface MapClaim {
  /** The clause that carries the claim. */
  text: string
  /** The full sentence the clause sits in (analysis version 2). */
  sentence?: string
  source?: string
  line?: number
  participant?: string
}

export interface MapTension {
  id: string
  name: string
  resolution?: string
}

export interface MapFinding {
  id: string
  kind: string
  score?: number
  subject?: string
  a: MapClaim
  b: MapClaim
  tension?: MapTension
  /** Analysis version 2: between participants, or one participant against themselves. */
  scope?: 'between' | 'internal'
  confidence?: number
  /** Below the engine's threshold: appendix only, never a decision point. */
  lowConfidence?: boolean
  /** Why the claims conflict, in words. */
  explanation?: string
  /** What the detector matched: for a numeric finding, "<value>[ = <normalised>] vs <value>[ = <normalised>]". */
  evidence?: string
  decisionPoint?: {heading: string; key: string}
}

/** Claims from different participants that say the same thing (analysis version 2). */
export interface MapAgreement {
  id: string
  decisionPoint: {heading: string; key: string}
  explanation: string
  claims: MapClaim[]
}

export interface MapRecord {
  id: string
  title: string
  status: string
  path?: string
}

/** What the pipeline (or `khaos map fragment`) passes in. */
export interface FragmentInput {
  session: string
  topic: string
  participants?: string[]
  findings?: MapFinding[]
  record?: MapRecord
  /** Shown in the cluster label when given (ISO 8601); omitted otherwise so output stays byte-identical. */
  timestamp?: string
}

export interface Fragment {
  session: string
  /** The `// khaos:session <id> begin` … `end` block, as merged into a main map (ends with a newline). */
  block: string
  /** A complete DOT graph holding only this block: what `khaos map fragment` writes, renderable on its own. */
  dot: string
  counts: {decisionPoints: number; edges: number; findings: number; nodes: number; participants: number; positions: number; tensions: number}
}

const FONT = '"Helvetica,Arial,sans-serif"'

/** Graph-wide defaults shared by the starter map and standalone fragments, so both render alike. */
export const GRAPH_DEFAULTS = [
  `graph [fontname=${FONT}, rankdir=LR, compound=true, newrank=true, labelloc=t, fontsize=12]`,
  `node [fontname=${FONT}, fontsize=10, shape=box, style="rounded,filled", fillcolor="#ffffff"]`,
  `edge [fontname=${FONT}, fontsize=9, color="#555555"]`,
]

/** When the session was held, on its own comment line inside the block: what `map render --since/--last` reads. */
export const SESSION_DATE = /^[ \t]*\/\/ khaos:session-date (\d{4}-\d{2}-\d{2}T[\d:.]+Z)[ \t\r]*$/m

function sessionDateLine(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(iso)) throw new InputError(`session timestamp ${JSON.stringify(iso)}: expected ISO 8601 UTC`)
  return `// khaos:session-date ${iso}`
}

function beginMarker(session: string): string {
  return `// khaos:session ${session} begin`
}

function endMarker(session: string): string {
  return `// khaos:session ${session} end`
}

// Labels are wrapped, never cut, up to these bounds (far above a real sentence; hostile input stays bounded).
const MAX_SENTENCE = 2000
const MAX_HEADING = 500

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}

function where(source?: string, line?: number): string {
  return source ? `\n— ${source}${line === undefined ? '' : `:${line}`}` : ''
}

export function buildFragment(input: FragmentInput): Fragment {
  const session = assertSafeName(input.session, 'session id')
  // Only the decision points go on the map; low-confidence findings stay in the analysis and the summary's appendix.
  const {points} = groupDecisionPoints(input.findings ?? [])
  const findings = points.flatMap((p) => p.findings)
  const id = (suffix: string) => `"${session}.${suffix}"`

  // Participants: as given (first occurrence wins), then any named only in positions, sorted.
  const participants: string[] = []
  const seen = new Set<string>()
  for (const raw of input.participants ?? []) {
    const name = cleanText(raw).replace(/\s+/g, ' ').trim()
    if (name !== '' && !seen.has(name)) {
      seen.add(name)
      participants.push(name)
    }
  }

  const extra = new Set<string>()
  for (const point of points) for (const position of point.positions) if (!seen.has(position.participant)) extra.add(position.participant)
  for (const name of [...extra].sort()) {
    seen.add(name)
    participants.push(name)
  }

  // People and catalog tensions are one node each across every session of a map (declared outside the session's
  // cluster in each block that names them), so the sessions they take part in are linked through them.
  // Ids carry no user text, only a digest of it: the same name gives the same node in every session.
  const participantId = new Map(participants.map((name) => [name, `"person.${digest(name)}"`]))

  const tensionIds = new Map<string, string>()
  const tensions: MapTension[] = []
  for (const point of points) {
    for (const tension of point.tensions) {
      if (!tensionIds.has(tension.id)) {
        tensionIds.set(tension.id, `"tension.${digest(tension.id)}"`)
        tensions.push(tension)
      }
    }
  }

  const lines: string[] = []
  const edges: string[] = []
  // Shared nodes and every edge that touches one stay outside the cluster: a node named in a subgraph's
  // statement joins that subgraph, and a person must not be drawn inside one session.
  const sharedLines: string[] = []
  const sharedEdges: string[] = []
  const shared = new Set<string>([...participantId.values(), ...tensionIds.values()])
  let nodes = 0
  const node = (indent: string, nodeId: string, list: Array<[string, string]>) => {
    nodes++
    if (shared.has(nodeId)) sharedLines.push(`  ${nodeId}${attrs(list)};`)
    else lines.push(`${indent}${nodeId}${attrs(list)};`)
  }

  const edge = (from: string, to: string, list: Array<[string, string]> = []) => {
    if (shared.has(from) || shared.has(to)) sharedEdges.push(`  ${from} -> ${to}${attrs(list)};`)
    else edges.push(`    ${from} -> ${to}${attrs(list)};`)
  }

  const when = input.timestamp ? ` · ${input.timestamp}` : ''
  lines.push(
    `  ${beginMarker(session)}`,
    ...(input.timestamp ? [`  ${sessionDateLine(input.timestamp)}`] : []),
    `  subgraph "cluster_${session}" {`,
    `    graph [label=${label(`Session ${session}${when}`, {max: 120, width: 120})}, style="rounded", color="#3b6ea5"];`,
  )
  node('    ', id('topic'), [
    ['label', label(`Topic\n${truncate(cleanText(input.topic).trim(), 200)}`, {max: 210, width: 40})],
    ['tooltip', label(input.topic, {max: 500, width: 500})],
    ['shape', 'note'],
    ['fillcolor', '"#fff4c2"'],
  ])
  for (const name of participants) {
    node('    ', participantId.get(name)!, [
      ['label', label(name, {max: 200, width: 30})],
      ['shape', 'ellipse'],
      ['fillcolor', '"#e8f1fb"'],
    ])
    edge(participantId.get(name)!, id('topic'), [
      ['label', '"takes part"'],
      ['style', 'dashed'],
    ])
  }

  let positionCount = 0
  for (const [d, point] of points.entries()) {
    const pointId = id(`d${d + 1}`)
    const scope = point.internal ? 'internal: one participant against themselves' : `between ${point.participants.join(', ')}`
    lines.push(
      `    subgraph "cluster_${session}.d${d + 1}" {`,
      `      graph [label=${label(`Decision point ${d + 1}`, {max: 40})}, style="dashed", color="#999999"];`,
    )
    const why = point.findings
      .map((f) => f.explanation ?? '')
      .filter((text, i, all) => text !== '' && all.indexOf(text) === i)
      .slice(0, 3)
      .map((text) => `\n${text}`)
      .join('')
    node('      ', pointId, [
      ['label', label(`${point.heading}\n(${scope})${why}\nTo decide: ${point.question}`, {max: MAX_HEADING * 4, width: 48})],
      ['tooltip', label(point.findings.map((f) => f.id).join(', '), {max: 600, width: 600})],
      ['shape', 'box'],
      ['fillcolor', '"#fde2e1"'],
    ])
    edge(id('topic'), pointId, [['label', '"raises"']])
    for (const [q, position] of point.positions.entries()) {
      positionCount++
      const positionId = id(`d${d + 1}q${q + 1}`)
      const sentence = cleanText(position.sentence).replace(/\s+/g, ' ').trim()
      node('      ', positionId, [
        [
          'label',
          label(`${position.participant}: “${truncate(sentence, MAX_SENTENCE)}”${where(position.source, position.line)}`, {max: MAX_SENTENCE + 600, width: 48}),
        ],
        ['shape', 'box'],
        ['fillcolor', '"#ffffff"'],
      ])
      edge(participantId.get(position.participant)!, positionId, [
        ['label', '"holds"'],
        ['style', 'dotted'],
      ])
      edge(positionId, pointId, [['label', '"position on"']])
    }

    lines.push('    }')
    for (const tension of point.tensions) edge(pointId, tensionIds.get(tension.id)!, [['label', '"tension"']])
    if (input.record) edge(pointId, id('record'), [['label', '"open in"']])
  }

  if (findings.length === 0) {
    node('    ', id('none'), [
      ['label', '"No decision point: no contradiction found"'],
      ['shape', 'plaintext'],
      ['style', '""'],
    ])
    edge(id('topic'), id('none'), [
      ['style', 'dotted'],
      ['arrowhead', 'none'],
    ])
  }

  for (const tension of tensions) {
    const resolution = tension.resolution ? `\n→ ${cleanText(tension.resolution).replace(/\s+/g, ' ').trim()}` : ''
    node('    ', tensionIds.get(tension.id)!, [
      ['label', label(`Tension ${tension.id}: ${tension.name}${resolution}`, {max: 1000, width: 44})],
      ['shape', 'hexagon'],
      ['fillcolor', '"#e6f4e6"'],
    ])
    if (input.record) edge(tensionIds.get(tension.id)!, id('record'), [['label', '"weighed in"']])
  }

  if (input.record) {
    const r = input.record
    node('    ', id('record'), [
      ['label', label(`DAO record ${r.id}\n${cleanText(r.title).trim()}\nstatus: ${r.status}`, {max: 1200, width: 44})],
      ...(r.path ? [['tooltip', label(r.path, {max: 300, width: 300})] as [string, string]] : []),
      ['shape', 'folder'],
      ['fillcolor', '"#ece6f7"'],
    ])
    if (findings.length === 0) edge(id('topic'), id('record'), [['label', '"decided in"']])
  }

  lines.push(...edges, '  }', ...sharedLines, ...sharedEdges, `  ${endMarker(session)}`)
  const block = `${lines.join('\n')}\n`
  const dot =
    [
      `// khaos cognitive map fragment for session ${session}.`,
      `// Merge it into your map: khaos map merge <this file> --into cognitive_map.dot`,
      `digraph "khaos_fragment" {`,
      ...GRAPH_DEFAULTS.map((line) => `  ${line};`),
      '',
      block,
    ].join('\n') + '}\n'
  return {
    block,
    counts: {
      decisionPoints: points.length,
      edges: edges.length + sharedEdges.length,
      findings: findings.length,
      nodes,
      participants: participants.length,
      positions: positionCount,
      tensions: tensions.length,
    },
    dot,
    session,
  }
}
