import {spawnSync} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {KhaosError} from '../../shared/errors.js'
import {startProcessGroup} from '../process-group.js'
import {Rng} from '../rng.js'
import type {DrillModule, Fixture, LiveFixture} from '../types.js'

/**
 * Drill 08: a live process tree. A supervisor ($DRILL_PID) runs 4-5 service parents (bash scripts, so
 * `ps -o comm` shows their names); the "hot" parent's three children burn CPU (`yes > /dev/null`). Traps in
 * every seed: a parent that burns CPU itself (not its children) and a parent with the most children (all
 * asleep). Expected: the hot parent's name; it is NAMES[seed mod 12], so neighbouring seeds always differ.
 * The tree lives in its own process group, killed after each run, on exit/Ctrl-C, and by the supervisor's own
 * watchdog when khaos disappears (even on SIGKILL) or after two minutes.
 */

const NAMES = [
  'svc-ingest',
  'svc-billing',
  'svc-search',
  'svc-mailer',
  'svc-thumbs',
  'svc-reports',
  'svc-export',
  'svc-auth',
  'svc-cache',
  'svc-indexer',
  'svc-notify',
  'svc-sched',
]
const HOT_CHILDREN = 3
const WARMUP_MS = 600

interface Tree {
  hot: string
  busyParent: string
  manyChildren: string
  others: string[]
}

function tree(seed: number): Tree {
  const hot = NAMES[seed % NAMES.length]
  const rng = new Rng(seed)
  const [busyParent, manyChildren, ...others] = rng.sample(
    NAMES.filter((n) => n !== hot),
    rng.int(4, 5),
  )
  return {busyParent, hot, manyChildren, others}
}

export function generate(seed: number): Fixture {
  return {
    expected: `${tree(seed).hot}\n`,
    files: {'README.txt': 'The process tree runs only while your command runs; its supervisor PID is in $DRILL_PID.\n'},
  }
}

/** How many processes the tree has once fully started (parents + their children). */
function scripts(t: Tree, dir: string): {count: number; files: Record<string, string>} {
  const files: Record<string, string> = {}
  const sleeps = (n: number) => Array.from({length: n}, () => 'sleep 600 &').join('\n')
  files[t.hot] = `#!/bin/bash\n${Array.from({length: HOT_CHILDREN}, () => 'yes > /dev/null &').join('\n')}\nsleep 600 &\nwait\n`
  files[t.busyParent] = `#!/bin/bash\n${sleeps(2)}\nwhile :; do :; done\n`
  files[t.manyChildren] = `#!/bin/bash\n${sleeps(HOT_CHILDREN + 4)}\nwait\n`
  for (const name of t.others) files[name] = `#!/bin/bash\n${sleeps(1 + (name.length % 2))}\nwait\n`
  const parents = Object.keys(files)
  const count = parents.length + HOT_CHILDREN + 1 + 2 + HOT_CHILDREN + 4 + t.others.reduce((n, name) => n + 1 + (name.length % 2), 0)
  // The supervisor starts the parents, then watches khaos: when khaos is gone (or after 120 s) it kills
  // its whole process group, so nothing outlives the drill even if khaos is SIGKILLed.
  files.supervisor = [
    '#!/bin/bash',
    ...parents.map((name) => `${JSON.stringify(join(dir, name))} &`),
    'for i in $(seq 120); do kill -0 "$KHAOS_PID" 2>/dev/null || break; sleep 1; done',
    `rm -rf ${JSON.stringify(dir)}`,
    'kill -9 0',
    '',
  ].join('\n')
  return {count, files}
}

function descendants(root: number): number {
  const ps = spawnSync('ps', ['-A', '-o', 'pid=,ppid='], {encoding: 'utf8'})
  if (ps.status !== 0) return 0
  const children = new Map<number, number[]>()
  for (const line of ps.stdout.split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number)
    if (!pid) continue
    children.set(ppid, [...(children.get(ppid) ?? []), pid])
  }

  let count = 0
  const stack = [...(children.get(root) ?? [])]
  while (stack.length > 0) {
    const pid = stack.pop()!
    count++
    stack.push(...(children.get(pid) ?? []))
  }

  return count
}

async function live({seed}: {seed: number}): Promise<LiveFixture> {
  const t = tree(seed)
  const dir = mkdtempSync(join(tmpdir(), 'khaos-drill08-'))
  const {count, files} = scripts(t, dir)
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, {mode: 0o755})
  let group
  try {
    group = startProcessGroup(join(dir, 'supervisor'), [], {cwd: dir, env: {...process.env, KHAOS_PID: String(process.pid), LC_ALL: 'C'}, scratch: dir})
  } catch {
    throw new KhaosError('drill 08 fixture: could not start the process tree')
  }

  const {pid, stop} = group
  // Wait for the whole tree (the supervisor's `sleep 1` counts once), then let CPU use build up.
  for (let i = 0; i < 200 && descendants(pid) < count; i++) await new Promise((resolve) => setTimeout(resolve, 20))
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS))
  return {env: {DRILL_PID: String(pid)}, stop}
}

const drill: DrillModule = {generate, live}
export default drill
