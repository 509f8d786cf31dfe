import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {startProcessGroup} from '../process-group.js'
import {Rng} from '../rng.js'
import type {DrillModule, Fixture, LiveContext, LiveFixture} from '../types.js'

/**
 * Drill 16: a live process tree (its own process group, stopped after every run and on every exit path).
 * Intermediate nodes are bash and leaves are sleep, each started through a symlink whose name becomes the
 * process name (comm). Expected: the tree under $ROOT_PID depth-first, children by ascending PID, as
 * `DEPTH PID COMMAND`. It is only known once the tree runs (PIDs), so live() computes it from `ps`.
 * Trap in every seed: the first child of the root has children of its own and is not the last child, so
 * depth-first order differs from both PID order and breadth-first order.
 */

const ROOTS = ['supervisor', 'orchestrator', 'launcher', 'init-shim']
const INNER = ['web-pool', 'job-runner', 'shard-mgr', 'queue-mgr', 'cron-hub', 'media-pool']
const LEAVES = ['web-worker', 'indexer', 'uploader', 'mailer', 'thumbnailer', 'exporter', 'compactor', 'resizer']

interface Node {
  name: string
  children: Node[]
}

function plan(seed: number): Node {
  const rng = new Rng(seed)
  const inner = rng.shuffle(INNER)
  const leaf = () => ({children: [], name: rng.pick(LEAVES)})
  const innerNode = (depth: number): Node => {
    const children: Node[] = []
    for (let i = rng.int(1, 3); i > 0; i--) children.push(depth < 2 && rng.chance(0.35) && inner.length > 0 ? innerNode(depth + 1) : leaf())
    return {children, name: inner.pop() ?? 'sub-pool'}
  }

  const first = innerNode(1)
  const rest: Node[] = []
  for (let i = rng.int(1, 3); i > 0; i--) rest.push(rng.chance(0.5) && inner.length > 0 ? innerNode(1) : leaf())
  return {children: [first, ...rest], name: rng.pick(ROOTS)}
}

function count(node: Node): number {
  return 1 + node.children.reduce((sum, c) => sum + count(c), 0)
}

/** Names in depth-first order, children in start order (= PID order: each bash forks them one by one). */
function names(node: Node): string[] {
  return [node.name, ...node.children.flatMap((c) => names(c))]
}

export function generate(seed: number): Fixture {
  const root = plan(seed)
  return {
    files: {
      'README.txt': `A process tree of ${count(root)} processes is running; its root's PID is in $ROOT_PID.\n`,
    },
  }
}

interface Row {
  pid: number
  ppid: number
  comm: string
}

function psRows(): Row[] {
  const ps = spawnSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid=', '-o', 'comm='], {encoding: 'utf8'})
  if (ps.status !== 0) throw new Error(`ps failed: ${ps.stderr}`)
  return ps.stdout.split('\n').flatMap((line) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line)
    return m ? [{comm: m[3].trim().replace(/.*\//, ''), pid: Number(m[1]), ppid: Number(m[2])}] : []
  })
}

/** Depth-first listing of the tree under `rootPid`, children by ascending PID. */
export function listTree(rows: Row[], rootPid: number): string[] {
  const byParent = new Map<number, Row[]>()
  for (const row of rows) byParent.set(row.ppid, [...(byParent.get(row.ppid) ?? []), row])
  const root = rows.find((r) => r.pid === rootPid)
  if (!root) return []
  const out: string[] = []
  const walk = (row: Row, depth: number) => {
    out.push(`${depth} ${row.pid} ${row.comm}`)
    for (const child of (byParent.get(row.pid) ?? []).sort((a, b) => a.pid - b.pid)) walk(child, depth + 1)
  }

  walk(root, 0)
  return out
}

const sleepMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function which(command: string): string {
  const found = spawnSync('bash', ['-c', 'command -v "$1"', '_', command], {encoding: 'utf8'}).stdout.trim()
  if (!found.startsWith('/')) throw new Error(`${command} not found on PATH`)
  return found
}

export async function live({seed}: LiveContext): Promise<LiveFixture> {
  const tree = plan(seed)
  const expectedCount = count(tree)
  const bin = mkdtempSync(join(tmpdir(), 'khaos-tree-'))
  const bash = which('bash')
  const sleep = which('sleep')
  // Each script starts its children in the background and waits, so every node stays a separate process.
  mkdirSync(join(bin, 'scripts'))
  let scripts = 0
  const made = new Set<string>()
  const link = (name: string, target: string) => {
    if (made.has(name)) return
    made.add(name)
    symlinkSync(target, join(bin, name))
  }

  const command = (node: Node): string => {
    if (node.children.length === 0) {
      link(node.name, sleep)
      // Leaves end by themselves after 5 minutes even if khaos is SIGKILLed before stop() runs.
      return `"${join(bin, node.name)}" 300`
    }

    link(node.name, bash)
    const script = join(bin, 'scripts', `${scripts++}.sh`)
    writeFileSync(script, node.children.map((c) => `${command(c)} &\n`).join('') + 'wait\n')
    return `"${join(bin, node.name)}" "${script}"`
  }

  command(tree)
  const {pid, stop} = startProcessGroup(join(bin, tree.name), [join(bin, 'scripts', '0.sh')], {cwd: bin, scratch: bin})
  try {
    // Wait until every planned process exists and has exec'd (its comm is its final name).
    // A forked child shows its parent's name until it execs, so compare the whole sequence of names.
    const want = names(tree).join(' ')
    for (let waited = 0; ; waited += 25) {
      const lines = listTree(psRows(), pid)
      if (lines.length === expectedCount && lines.map((line) => line.split(' ')[2]).join(' ') === want) {
        return {env: {ROOT_PID: String(pid)}, expected: lines.join('\n') + '\n', stop}
      }

      if (waited > 10_000) throw new Error(`the process tree did not come up (${lines.length}/${expectedCount} processes)`)
      await sleepMs(25)
    }
  } catch (error) {
    stop()
    throw error
  }
}

const drill: DrillModule = {generate, live}
export default drill
