import {byteCompare, Rng} from '../rng.js'
import type {DrillModule, Fixture} from '../types.js'

/**
 * Drill 19: `uptime` output of a cluster's nodes, some Linux, some macOS (different formats), plus each
 * node's CPU count. Expected: every node as `NAME LOAD5_PER_CPU` (2 decimals), highest first, then
 * `cordon NAME` for the top one. Traps present in every seed: at least one macOS line ("load averages:",
 * no commas), uptimes of minutes vs days (fields move), a node whose 1-minute ranking differs from its
 * 5-minute one, and a node with the highest raw load that is not the most loaded per CPU.
 */

const PREFIXES = ['node', 'worker', 'kube', 'edge', 'batch', 'gpu']
const CPUS = [2, 4, 8, 16, 32]

interface Node {
  name: string
  macos: boolean
  cpus: number
  /** Hundredths of load per CPU, the 1/5/15-minute values. */
  per: [number, number, number]
}

const two = (hundredths: number) => (hundredths / 100).toFixed(2)

function upPart(rng: Rng, macos: boolean): string {
  // procps says "min", macOS says "mins".
  const min = macos ? 'mins' : 'min'
  switch (rng.int(0, 3)) {
    case 0: {
      return `up ${rng.int(1, 59)} ${min}`
    }

    case 1: {
      return `up ${rng.int(1, 23)}:${String(rng.int(0, 59)).padStart(2, '0')}`
    }

    case 2: {
      return `up ${rng.int(2, 300)} days, ${rng.int(0, 23)}:${String(rng.int(0, 59)).padStart(2, '0')}`
    }

    default: {
      return `up 1 day, ${rng.int(1, 59)} ${min}`
    }
  }
}

function uptimeLine(rng: Rng, node: Node): string {
  const loads = node.per.map((p) => two(p * node.cpus))
  const users = rng.int(0, 4)
  const who = `${users} user${users === 1 ? '' : 's'}`
  const hh = String(rng.int(0, 23)).padStart(2, '0')
  const mm = String(rng.int(0, 59)).padStart(2, '0')
  if (node.macos) return `${hh}:${mm}  ${upPart(rng, node.macos)}, ${who}, load averages: ${loads.join(' ')}\n`
  return ` ${hh}:${mm}:${String(rng.int(0, 59)).padStart(2, '0')} ${upPart(rng, node.macos)},  ${who},  load average: ${loads.join(', ')}\n`
}

export function generate(seed: number): Fixture {
  const rng = new Rng(seed)
  const count = rng.int(5, 8)
  const names = new Set<string>()
  while (names.size < count) names.add(`${rng.pick(PREFIXES)}-${rng.int(1, 40)}`)
  const used = new Set<number>()
  const distinct = (min: number, max: number) => {
    let p = rng.int(min, max)
    while (used.has(p)) p = rng.int(min, max)
    used.add(p)
    return p
  }

  const nodes: Node[] = [...names].map((name, i) => ({
    cpus: rng.pick(CPUS),
    macos: i === 1 || rng.chance(0.3),
    name,
    per: [rng.int(5, 200), distinct(5, 150), rng.int(5, 150)],
  }))
  // The most loaded per CPU is a small box; a big box carries the highest raw load but less per CPU.
  const byPer = [...nodes].sort((a, b) => b.per[1] - a.per[1])
  byPer[0].cpus = 2
  for (const n of nodes) if (n !== byPer[0] && n.cpus === 2) n.cpus = 4
  byPer[1].cpus = 32
  // The 1-minute value disagrees: the top node was calm a minute ago, another one spikes.
  byPer[0].per[0] = rng.int(1, 4)
  byPer.at(-1)!.per[0] = byPer[0].per[1] + rng.int(20, 80)

  const files: Record<string, string> = {}
  for (const node of nodes) files[`cluster/${node.name}.uptime`] = uptimeLine(rng, node)
  files['cluster/cpus.txt'] = rng
    .shuffle(nodes)
    .map((n) => `${n.name} ${n.cpus}\n`)
    .join('')
  const ranked = [...nodes].sort((a, b) => b.per[1] - a.per[1] || byteCompare(a.name, b.name))
  const expected = ranked.map((n) => `${n.name} ${two(n.per[1])}\n`).join('') + `cordon ${ranked[0].name}\n`
  return {expected, files}
}

const drill: DrillModule = {generate}
export default drill
