import {assertSafeName} from '../shared/names.js'
import {attrs, cleanText, dotString, label, truncate} from './dot.js'

/**
 * One session's piece of the cognitive map: a Graphviz cluster holding the topic, the participants, the
 * contradictions found (in one sub-cluster per kind, each linked to its catalog tension) and the decision
 * record, with edges between them.
 *
 * Node ids are built only from the (already safe) session id and fixed suffixes with a counter, never from
 * user text: `"<session>.topic"`, `"<session>.p1"`, `"<session>.c1"`, `"<session>.t1"`, `"<session>.record"`.
 * The suffixes hold no dot, so two different sessions can never produce the same node id.
 */

export interface MapClaim {
  text: string
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
  counts: {edges: number; findings: number; kinds: number; nodes: number; participants: number; tensions: number}
}

export const FONT = '"Helvetica,Arial,sans-serif"'

/** Graph-wide defaults shared by the starter map and standalone fragments, so both render alike. */
export const GRAPH_DEFAULTS = [
  `graph [fontname=${FONT}, rankdir=LR, compound=true, newrank=true, labelloc=t, fontsize=12]`,
  `node [fontname=${FONT}, fontsize=10, shape=box, style="rounded,filled", fillcolor="#ffffff"]`,
  `edge [fontname=${FONT}, fontsize=9, color="#555555"]`,
]

export function beginMarker(session: string): string {
  return `// khaos:session ${session} begin`
}

export function endMarker(session: string): string {
  return `// khaos:session ${session} end`
}

function claimLine(name: 'A' | 'B', claim: MapClaim): string {
  const where = claim.source ? ` — ${claim.source}${claim.line === undefined ? '' : `:${claim.line}`}` : ''
  const who = claim.participant ? ` (${claim.participant})` : ''
  return `${name}: “${truncate(cleanText(claim.text).replace(/\s+/g, ' ').trim(), 90)}”${who}${where}`
}

function sortFindings(findings: MapFinding[]): MapFinding[] {
  return [...findings].sort((x, y) => (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
}

export function buildFragment(input: FragmentInput): Fragment {
  const session = assertSafeName(input.session, 'session id')
  const findings = sortFindings(input.findings ?? [])
  const id = (suffix: string) => `"${session}.${suffix}"`

  // Participants: as given (first occurrence wins), then any named only in claims, sorted.
  const participants: string[] = []
  const seen = new Set<string>()
  for (const raw of input.participants ?? []) {
    const name = cleanText(raw).trim()
    if (name !== '' && !seen.has(name)) {
      seen.add(name)
      participants.push(name)
    }
  }

  const extra = new Set<string>()
  for (const f of findings) {
    for (const claim of [f.a, f.b]) {
      const name = claim.participant === undefined ? '' : cleanText(claim.participant).trim()
      if (name !== '' && !seen.has(name)) extra.add(name)
    }
  }

  for (const name of [...extra].sort()) {
    seen.add(name)
    participants.push(name)
  }

  const participantId = new Map(participants.map((name, i) => [name, id(`p${i + 1}`)]))

  const tensionIds = new Map<string, string>()
  const tensions: MapTension[] = []
  for (const f of findings) {
    if (f.tension && !tensionIds.has(f.tension.id)) {
      tensionIds.set(f.tension.id, id(`t${tensions.length + 1}`))
      tensions.push(f.tension)
    }
  }

  const lines: string[] = []
  const edges: string[] = []
  let nodes = 0
  const node = (indent: string, nodeId: string, list: Array<[string, string]>) => {
    nodes++
    lines.push(`${indent}${nodeId}${attrs(list)};`)
  }

  const edge = (from: string, to: string, list: Array<[string, string]> = []) => {
    edges.push(`    ${from} -> ${to}${attrs(list)};`)
  }

  const when = input.timestamp ? ` · ${input.timestamp}` : ''
  lines.push(
    `  ${beginMarker(session)}`,
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
    node('    ', participantId.get(name)!, [['label', label(name, {max: 60, width: 30})], ['shape', 'ellipse'], ['fillcolor', '"#e8f1fb"']])
    edge(participantId.get(name)!, id('topic'), [['label', '"takes part"'], ['style', 'dashed']])
  }

  const kinds = [...new Set(findings.map((f) => f.kind))]
  let counter = 0
  for (const [k, kind] of kinds.entries()) {
    const group = findings.filter((f) => f.kind === kind)
    lines.push(
      `    subgraph "cluster_${session}.k${k + 1}" {`,
      `      graph [label=${label(`${kind} (${group.length})`, {max: 80, width: 80})}, style="dashed", color="#999999"];`,
    )
    for (const f of group) {
      counter++
      const cid = id(`c${counter}`)
      const score = typeof f.score === 'number' && Number.isFinite(f.score) ? ` · score ${f.score.toFixed(2)}` : ''
      const subject = f.subject ? `\n${truncate(cleanText(f.subject).replace(/\s+/g, ' ').trim(), 80)}` : ''
      node('      ', cid, [
        ['label', label(`Contradiction ${f.id}${score}${subject}\n${claimLine('A', f.a)}\n${claimLine('B', f.b)}`, {max: 420, width: 48})],
        ['tooltip', label(`${f.a.text}\n— vs —\n${f.b.text}`, {max: 600, width: 600})],
        ['fillcolor', '"#fde2e1"'],
      ])
      edge(id('topic'), cid, [['label', label(kind, {max: 40})]])
      const byParticipant = new Map<string, string[]>()
      for (const [side, claim] of [['A', f.a], ['B', f.b]] as const) {
        const name = claim.participant === undefined ? '' : cleanText(claim.participant).trim()
        if (name !== '') byParticipant.set(name, [...(byParticipant.get(name) ?? []), side])
      }

      for (const [name, sides] of byParticipant) {
        edge(participantId.get(name)!, cid, [['label', dotString(`claim ${sides.join(', ')}`)], ['style', 'dotted']])
      }

      if (f.tension) edge(cid, tensionIds.get(f.tension.id)!, [['label', '"tension"']])
      else if (input.record) edge(cid, id('record'), [['label', '"recorded in"']])
    }

    lines.push('    }')
  }

  if (findings.length === 0) {
    node('    ', id('none'), [['label', '"No contradictions found"'], ['shape', 'plaintext'], ['style', '""']])
    edge(id('topic'), id('none'), [['style', 'dotted'], ['arrowhead', 'none']])
  }

  for (const tension of tensions) {
    const resolution = tension.resolution ? `\n→ ${truncate(cleanText(tension.resolution).replace(/\s+/g, ' ').trim(), 140)}` : ''
    node('    ', tensionIds.get(tension.id)!, [
      ['label', label(`Tension ${tension.id}: ${tension.name}${resolution}`, {max: 220, width: 44})],
      ['shape', 'hexagon'],
      ['fillcolor', '"#e6f4e6"'],
    ])
    if (input.record) edge(tensionIds.get(tension.id)!, id('record'), [['label', '"resolved in"']])
  }

  if (input.record) {
    const r = input.record
    node('    ', id('record'), [
      ['label', label(`DAO record ${r.id}\n${truncate(cleanText(r.title).trim(), 120)}\nstatus: ${r.status}`, {max: 220, width: 44})],
      ...(r.path ? [['tooltip', label(r.path, {max: 300, width: 300})] as [string, string]] : []),
      ['shape', 'folder'],
      ['fillcolor', '"#ece6f7"'],
    ])
    if (findings.length === 0) edge(id('topic'), id('record'), [['label', '"decided in"']])
  }

  lines.push(...edges, '  }', `  ${endMarker(session)}`)
  const block = `${lines.join('\n')}\n`
  const dot = [
    `// khaos cognitive map fragment for session ${session}.`,
    `// Merge it into your map: khaos map merge <this file> --into cognitive_map.dot`,
    `digraph "khaos_fragment" {`,
    ...GRAPH_DEFAULTS.map((line) => `  ${line};`),
    '',
    block,
  ].join('\n') + '}\n'
  return {
    block,
    counts: {edges: edges.length, findings: findings.length, kinds: kinds.length, nodes, participants: participants.length, tensions: tensions.length},
    dot,
    session,
  }
}
