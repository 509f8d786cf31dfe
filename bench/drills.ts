/**
 * How fast does `khaos drill check` answer? The budget: under 1.5 s wall. Measures, in the same run,
 * `node -e ''` (the floor any Node CLI pays) and `khaos --version` (oclif's own start-up), then
 * `khaos drill check N` for all 20 drills with the drill's own reference solution (GNU), after
 * `khaos drill start N --seed 11` as a learner would. A check runs the command twice: on the learner's seed
 * and on a fresh one (at once, for drills without a live part). Extra rows: a wrong answer, a check whose
 * validated-YAML memo was removed, a check of drill 20 whose fixture cache was removed (the first check after
 * the drill changed), and the reference commands of drills 13 and 20 run alone once (the floor of a check). Prints medians,
 * the ratio to `node -e ''` and the share of the 1.5 s budget; live drills (01, 08, 10, 16, 18: servers,
 * process trees, sockets) are marked, since the budget is about file-based drills.
 *
 *   npm run build && node --import tsx bench/drills.ts [runs]
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {cpus, loadavg, tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {parse} from 'yaml'

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..')
const BIN = join(ROOT, 'bin', 'run.js')
const RUNS = Number(process.argv[2] ?? 3)
const BUDGET_S = 1.5
const LIVE = new Set([1, 8, 10, 16, 18])

const home = mkdtempSync(join(tmpdir(), 'khaos-bench-'))
const env = {...process.env, CI: 'true', KHAOS_HOME: home, NO_COLOR: '1'}

function wall(args: string[], expectExit = 0, cwd?: string): number {
  const started = process.hrtime.bigint()
  const r = spawnSync(args[0], args.slice(1), {cwd, env: {...env, LC_ALL: 'C', TZ: 'UTC'}, stdio: ['ignore', 'pipe', 'pipe']})
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (r.status !== expectExit) throw new Error(`${args.slice(1, 5).join(' ')} exited ${r.status}, expected ${expectExit}: ${r.stdout}${r.stderr}`)
  return seconds
}

function median(args: string[], expectExit = 0, before = () => {}, cwd?: string): number {
  before()
  wall(args, expectExit, cwd) // warm the file cache (and, for drill 20, the fixture cache of the fresh seed)
  const times = Array.from({length: RUNS}, () => {
    before()
    return wall(args, expectExit, cwd)
  }).sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

const check = (id: number, command: string) => ['node', BIN, 'drill', 'check', String(id), '--', command]
const clear =
  (...parts: string[]) =>
  () =>
    rmSync(join(home, 'drills', 'cache', ...parts), {force: true, recursive: true})

try {
  const drills = readdirSync(join(ROOT, 'drills'))
    .filter((f) => /^\d\d-.*\.yaml$/.test(f))
    .sort()
  const solutions = new Map<number, string>()
  for (const file of drills) {
    const spec = parse(readFileSync(join(ROOT, 'drills', file), 'utf8')) as {id: number; solutions: {gnu: string}}
    solutions.set(spec.id, spec.solutions.gnu)
  }

  const node = median(['node', '-e', ''])
  const rows: Array<{budgeted: boolean; label: string; s: number}> = [
    {budgeted: false, label: "node -e ''", s: node},
    {budgeted: false, label: 'khaos --version', s: median(['node', BIN, '--version'])},
  ]
  for (const [id, solution] of solutions) {
    wall(['node', BIN, 'drill', 'start', String(id), '--seed', '11'])
    rows.push({budgeted: !LIVE.has(id), label: `check ${String(id).padStart(2, '0')}${LIVE.has(id) ? ' (live)' : ''}`, s: median(check(id, solution))})
  }

  rows.push(
    {budgeted: true, label: 'check 02 (wrong answer)', s: median(check(2, 'grep Failed auth.log'), 1)},
    {budgeted: true, label: 'check 02 (no YAML memo)', s: median(check(2, solutions.get(2)!), 0, clear())},
    {budgeted: false, label: 'check 20 (no fixture cache)', s: median(check(20, solutions.get(20)!), 0, clear('fixtures'))},
  )
  // The floor under a check of the slowest drills: their reference command alone, once, in the workspace.
  const work = join(home, 'drills', 'work')
  for (const id of [13, 20]) {
    const workspace = join(
      work,
      readdirSync(work).find((name) => name.startsWith(`${id}-`))!,
    )
    rows.push({budgeted: false, label: `bash -c <reference ${id}> alone`, s: median(['bash', '-c', solutions.get(id)!], 0, () => {}, workspace)})
  }

  console.log(
    `median of ${RUNS} runs, wall seconds (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs); budget ${BUDGET_S} s for file-based drills`,
  )
  for (const {budgeted, label, s} of rows) {
    const share = budgeted ? `  ${((s / BUDGET_S) * 100).toFixed(0).padStart(3)}% of budget${s >= BUDGET_S ? '  OVER' : ''}` : ''
    console.log(`${label.padEnd(30)} ${s.toFixed(3)} s  ${(s / node).toFixed(1).padStart(5)}x node -e ''${share}`)
  }

  const over = rows.filter((r) => r.budgeted && r.s >= BUDGET_S)
  const worst = Math.max(...rows.filter((r) => r.budgeted).map((r) => r.s))
  console.log(over.length === 0 ? `OK: slowest file-based check ${worst.toFixed(3)} s < ${BUDGET_S} s` : `OVER BUDGET: ${over.map((r) => r.label).join(', ')}`)
} finally {
  rmSync(home, {force: true, recursive: true})
}
