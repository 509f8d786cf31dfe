/**
 * How fast does `khaos drill check` answer on a file-based drill? The budget: under 1.5 s wall.
 * Measures, in the same run, `node -e ''` (the floor any Node CLI pays) and `khaos --version` (oclif's own
 * start-up), then `khaos drill check` with a right and a wrong answer on drills 02 and 07 (each check runs the
 * command twice: the learner's seed and a fresh one). Prints medians, the ratio to `node -e ''` and the
 * share of the 1.5 s budget.
 *
 *   npm run build && node --import tsx bench/drills.ts [runs]
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..')
const BIN = join(ROOT, 'bin', 'run.js')
const RUNS = Number(process.argv[2] ?? 7)
const BUDGET_S = 1.5

const home = mkdtempSync(join(tmpdir(), 'khaos-bench-'))
const env = {...process.env, CI: 'true', KHAOS_HOME: home, NO_COLOR: '1'}

function wall(args: string[], expectExit = 0): number {
  const started = process.hrtime.bigint()
  const r = spawnSync(args[0], args.slice(1), {env, stdio: ['ignore', 'pipe', 'pipe']})
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (r.status !== expectExit) throw new Error(`${args.slice(1, 5).join(' ')} exited ${r.status}, expected ${expectExit}: ${r.stderr}`)
  return seconds
}

function median(args: string[], expectExit = 0, before = () => {}): number {
  before()
  wall(args, expectExit) // warm the file cache
  const times = Array.from({length: RUNS}, () => {
    before()
    return wall(args, expectExit)
  }).sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

const RIGHT_02 = `awk '/Failed password/{for(i=1;i<NF;i++) if($i=="from") n[$(i+1)]++} /Accepted/{for(i=1;i<NF;i++) if($i=="from") ok[$(i+1)]=1} END{for(ip in n) if(n[ip]>=5 && !(ip in ok)) print n[ip], ip}' auth.log | sort -k1,1nr -k2,2`
const RIGHT_07 = `awk -F, 'NR==FNR { sub(/\\r$/, ""); if (FNR > 1) team[$1] = $NF; next } { for (i = 1; i <= NF; i++) if ($i ~ /^user=/) { u = substr($i, 6); t = (u in team) ? team[u] : "unknown"; n[t]++ } } END { for (t in n) print t, n[t] }' users.csv FS=' ' requests.log | sort -k2,2nr -k1,1`

try {
  wall(['node', BIN, 'drill', 'start', '2', '--seed', '11'])
  wall(['node', BIN, 'drill', 'start', '7', '--seed', '11'])
  const node = median(['node', '-e', ''])
  const rows: Array<[string, number]> = [
    ["node -e ''", node],
    ['khaos --version', median(['node', BIN, '--version'])],
    ['khaos drill check 2 (right answer)', median(['node', BIN, 'drill', 'check', '2', '--', RIGHT_02])],
    ['khaos drill check 2 (wrong answer)', median(['node', BIN, 'drill', 'check', '2', '--', 'grep Failed auth.log'], 1)],
    ['khaos drill check 7 (right answer)', median(['node', BIN, 'drill', 'check', '7', '--', RIGHT_07])],
    // Without the memo of the validated YAML (first check after a drill file changed): imports yaml + ajv.
    ['khaos drill check 2 (cold, no memo)', median(['node', BIN, 'drill', 'check', '2', '--', RIGHT_02], 0, () => rmSync(join(home, 'drills', 'cache'), {force: true, recursive: true}))],
  ]
  const load = (await import('node:os')).loadavg()[0].toFixed(1)
  console.log(`median of ${RUNS} runs, wall seconds (load average ${load} on ${(await import('node:os')).cpus().length} CPUs)`)
  for (const [label, s] of rows) {
    console.log(`${label.padEnd(36)} ${s.toFixed(3)} s   ${(s / node).toFixed(1)}x node -e ''   ${((s / BUDGET_S) * 100).toFixed(0)}% of the ${BUDGET_S} s budget`)
  }

  const worst = Math.max(...rows.slice(2).map(([, s]) => s))
  console.log(worst < BUDGET_S ? `OK: slowest check ${worst.toFixed(3)} s < ${BUDGET_S} s` : `OVER BUDGET: slowest check ${worst.toFixed(3)} s >= ${BUDGET_S} s`)
} finally {
  rmSync(home, {force: true, recursive: true})
}
