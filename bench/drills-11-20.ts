/**
 * How fast does `khaos drill check` answer on drills 11-20? The budget for a file-based drill is
 * 1.5 s wall. Measures, in the same run, `node -e ''` (the floor of any Node CLI) and `khaos --version`,
 * then `khaos drill check N` with the drill's own reference solution (each check runs it twice: the
 * learner's seed and a fresh one, each in a fresh fixture copy). Prints medians, the ratio to `node -e ''`
 * and the share of the budget. Drills 13 (openssl), 16 and 18 (live) and 20 (12 MB of heap snapshots) are
 * shown for information; the budget is about file-based drills.
 *
 *   npm run build && node --import tsx bench/drills-11-20.ts [runs]
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {cpus, loadavg, tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {parse} from 'yaml'

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..')
const BIN = join(ROOT, 'bin', 'run.js')
const RUNS = Number(process.argv[2] ?? 5)
const BUDGET_S = 1.5
const FILE_BASED = new Set([11, 12, 14, 15, 17, 19])
const DRILLS: Array<[number, string]> = [
  [11, '11-resource-inventory'], [12, '12-snapshot-critique'], [13, '13-certificates'], [14, '14-secret-audit'],
  [15, '15-storage-benchmark'], [16, '16-process-tracing'], [17, '17-infrastructure-as-code'], [18, '18-monitoring-query'],
  [19, '19-orchestration-health'], [20, '20-memory-forensics'],
]

const home = mkdtempSync(join(tmpdir(), 'khaos-bench-'))
const env = {...process.env, CI: 'true', KHAOS_HOME: home, NO_COLOR: '1'}

function wall(args: string[]): number {
  const started = process.hrtime.bigint()
  const r = spawnSync(args[0], args.slice(1), {env, stdio: ['ignore', 'pipe', 'pipe']})
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (r.status !== 0) throw new Error(`${args.slice(1, 4).join(' ')} exited ${r.status}: ${r.stdout}${r.stderr}`)
  return seconds
}

function median(args: string[]): number {
  wall(args) // warm the file cache
  const times = Array.from({length: RUNS}, () => wall(args)).sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

try {
  const node = median(['node', '-e', ''])
  const rows: Array<[string, number, boolean]> = [["node -e ''", node, false], ['khaos --version', median(['node', BIN, '--version']), false]]
  for (const [id, key] of DRILLS) {
    const spec = parse(readFileSync(join(ROOT, 'drills', `${key}.yaml`), 'utf8')) as {solutions: {gnu: string}}
    wall(['node', BIN, 'drill', 'start', String(id), '--seed', '11'])
    rows.push([`khaos drill check ${id} (reference answer)`, median(['node', BIN, 'drill', 'check', String(id), '--', spec.solutions.gnu]), FILE_BASED.has(id)])
  }

  console.log(`median of ${RUNS} runs, wall seconds (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs)`)
  for (const [label, s, budgeted] of rows) {
    const share = budgeted ? `  ${((s / BUDGET_S) * 100).toFixed(0).padStart(3)}% of the ${BUDGET_S} s budget` : ''
    console.log(`${label.padEnd(44)} ${s.toFixed(3)} s  ${(s / node).toFixed(1).padStart(5)}x node -e ''${share}`)
  }
} finally {
  rmSync(home, {force: true, recursive: true})
}
