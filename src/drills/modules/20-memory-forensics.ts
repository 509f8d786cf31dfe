import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {Rng} from '../rng.js'
import type {DrillModule, Fixture} from '../types.js'

/**
 * Drill 20: three REAL V8 heap snapshots, written by a child `node` (the one running khaos) that creates
 * instances of seeded classes and calls v8.writeHeapSnapshot() three times. Expected: the constructor whose
 * instance count grows from every snapshot to the next, as `NAME C1 C2 C3`. Decoys in every seed: the
 * class with the most instances (stable), one that dips and then grows by the most overall, one that
 * shrinks. build() re-reads the snapshots and fails loudly if V8 counted anything else than planned.
 */

const CLASSES = [
  'SessionCache',
  'EventRecord',
  'PendingRequest',
  'RetryTicket',
  'ImageBuffer',
  'Subscription',
  'MetricSample',
  'SocketHandle',
  'CartItem',
  'AuditEntry',
  'TokenGrant',
  'RenderJob',
]

interface Plan {
  name: string
  counts: [number, number, number]
}

function plan(seed: number): Plan[] {
  const rng = new Rng(seed)
  const [leak, stable, dip, shrink] = rng.sample(CLASSES, 4)
  const l1 = rng.int(40, 150)
  const l2 = l1 + rng.int(30, 120)
  const l3 = l2 + rng.int(30, 120)
  const big = l3 + rng.int(200, 600)
  const d1 = rng.int(60, 200)
  const d2 = d1 - rng.int(10, 50)
  const d3 = d1 + (l3 - l1) + rng.int(20, 150)
  const s1 = rng.int(100, 300)
  return rng.shuffle([
    {counts: [l1, l2, l3], name: leak},
    {counts: [big, big, big], name: stable},
    {counts: [d1, d2, d3], name: dip},
    {counts: [s1, s1 - rng.int(10, 40), s1 - rng.int(50, 90)], name: shrink},
  ])
}

/** The program the child node runs: classes, live sets resized before each snapshot, gc, snapshot. */
function program(plans: Plan[]): string {
  const lines = ["'use strict'", "const v8 = require('node:v8')"]
  for (const p of plans) lines.push(`class ${p.name} { constructor (i) { this.id = i; this.label = '${p.name.toLowerCase()}-' + i } }`)
  lines.push('const live = {}', `const plans = ${JSON.stringify(plans.map((p) => [p.name, p.counts]))}`)
  lines.push(`const make = {${plans.map((p) => `${p.name}: (i) => new ${p.name}(i)`).join(', ')}}`)
  lines.push(
    'for (let s = 0; s < 3; s++) {',
    '  for (const [name, counts] of plans) {',
    '    const set = (live[name] ??= [])',
    '    while (set.length < counts[s]) set.push(make[name](set.length))',
    '    set.length = counts[s]',
    '  }',
    '  globalThis.gc()',
    '  v8.writeHeapSnapshot(`heap-${s + 1}.heapsnapshot`)',
    '}',
  )
  return lines.join('\n') + '\n'
}

interface Snapshot {
  snapshot: {meta: {node_fields: string[]; node_types: [string[]]}}
  nodes: number[]
  strings: string[]
}

/** Instances per constructor name: nodes of type "object", as DevTools' summary view counts them. */
export function countObjects(file: string): Map<string, number> {
  const heap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot
  const fields = heap.snapshot.meta.node_fields
  const width = fields.length
  const typeAt = fields.indexOf('type')
  const nameAt = fields.indexOf('name')
  const types = heap.snapshot.meta.node_types[0]
  const counts = new Map<string, number>()
  for (let i = 0; i < heap.nodes.length; i += width) {
    if (types[heap.nodes[i + typeAt]] !== 'object') continue
    const name = heap.strings[heap.nodes[i + nameAt]]
    counts.set(name, (counts.get(name) ?? 0) + 1)
  }

  return counts
}

function build(seed: number, dir: string): void {
  const plans = plan(seed)
  const result = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=64', '-e', program(plans)], {cwd: dir, encoding: 'utf8', timeout: 60_000})
  if (result.status !== 0) throw new Error(`writing heap snapshots failed: ${result.stderr || result.error?.message || `exit ${result.status}`}`)
  // The answer is computed from the plan; make sure V8 agrees, and that nothing else grows steadily.
  const seen = [1, 2, 3].map((s) => countObjects(join(dir, `heap-${s}.heapsnapshot`)))
  for (const p of plans) {
    const got = seen.map((c) => c.get(p.name) ?? 0)
    if (got.join() !== p.counts.join()) throw new Error(`heap snapshot counts for ${p.name}: ${got.join('/')}, planned ${p.counts.join('/')}`)
  }

  const growing = [...seen[2].keys()].filter((name) => (seen[0].get(name) ?? 0) < (seen[1].get(name) ?? 0) && (seen[1].get(name) ?? 0) < seen[2].get(name)!)
  if (growing.length !== 1) throw new Error(`heap snapshots: expected one growing constructor, V8 shows ${growing.join(', ')}`)
}

export function generate(seed: number): Fixture {
  const plans = plan(seed)
  const leak = plans.find((p) => p.counts[0] < p.counts[1] && p.counts[1] < p.counts[2])!
  return {
    build: (dir) => build(seed, dir),
    expected: `${leak.name} ${leak.counts.join(' ')}\n`,
    files: {
      'README.txt':
        'heap-1/2/3.heapsnapshot were taken one after another from the same Node.js process\n(v8.writeHeapSnapshot(), the format Chrome DevTools loads).\n',
    },
  }
}

// Writing three snapshots with a child node is the slow part: check reuses the fixture of a seed from the cache.
const drill: DrillModule = {cacheFixture: true, generate}
export default drill
