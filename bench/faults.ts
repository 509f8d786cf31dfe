/**
 * Fault figures (issue 10's "done means"), on the built CLI:
 *   1. 10 parallel `khaos synthesize` runs (distinct sessions) into one --out, repeated 5 times: how many of
 *      the 50 session clusters the main map keeps. Reference: one synthesize run alone, timed in the same run;
 *      each round's wall time is printed as a ratio to it.
 *   2. 60 kill -9s of `khaos dao record`, half at seeded moments spread over its own run time, half the moment
 *      its lock file appears (so the lock is held when it dies): after each, how long
 *      the next `dao record` takes and whether it succeeds. Reference: a plain `dao record` (nothing killed);
 *      the next runs are printed as ratios to it, and against the 1 s budget.
 *
 *   npm run build && node --import tsx bench/faults.ts [--bin PATH] [--seed N] [--runs 10] [--rounds 5] [--kills 60]
 *
 * --bin runs another khaos build (e.g. /work/main/bin/run.js) to compare before and after a fix.
 */
import {spawn} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const {values} = parseArgs({
  options: {bin: {type: 'string'}, kills: {type: 'string'}, rounds: {type: 'string'}, runs: {type: 'string'}, seed: {type: 'string'}},
})
const BIN = resolve(values.bin ?? join(ROOT, 'bin', 'run.js'))
const RUNS = Number(values.runs ?? 10)
const ROUNDS = Number(values.rounds ?? 5)
const KILLS = Number(values.kills ?? 60)
const SEED = Number(values.seed ?? Math.floor(Math.random() * 1_000_000))
const T = '2026-01-31T12:00:00Z'

let state = SEED >>> 0
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
}

interface Run {
  code: null | number
  ms: number
  stderr: string
}

/** Runs khaos; kills it (SIGKILL) after `killAfterMs`, or as soon as `killWhen` sees the file it names appear. */
function khaos(args: string[], cwd: string, env: Record<string, string>, killAfterMs?: number, killWhen?: {dir: string; file: string}): Promise<Run> {
  const started = performance.now()
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {cwd, env: {...process.env, CI: 'true', NO_COLOR: '1', ...env}, stdio: ['ignore', 'ignore', 'pipe']})
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    const watcher =
      killWhen === undefined
        ? undefined
        : watch(killWhen.dir, (_event, name) => {
            if (name === killWhen.file) child.kill('SIGKILL')
          })
    child.on('close', (code) => {
      clearTimeout(timer)
      watcher?.close()
      done({code, ms: performance.now() - started, stderr})
    })
  })
}

function sessionsInMap(path: string): Set<string> {
  if (!existsSync(path)) return new Set()
  return new Set([...readFileSync(path, 'utf8').matchAll(/^[ \t]*\/\/ khaos:session (\S+) begin$/gm)].map((m) => m[1]))
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`
const root = mkdtempSync(join(tmpdir(), 'khaos-bench-faults-'))
console.log(`khaos: ${BIN}\nseed ${SEED} (rerun with --seed ${SEED})\n`)
try {
  const env = {KHAOS_HOME: join(root, 'home')}

  // 1. Parallel synthesize into one --out.
  const single = await khaos(
    ['synthesize', '--topic', 'Reference', '--session', 'reference', '--no-sign', '--out', join(root, 'reference'), '--timestamp', T],
    root,
    env,
  )
  if (single.code !== 0) throw new Error(`reference synthesize failed: ${single.stderr}`)
  console.log(`1. ${RUNS} parallel synthesize runs into one --out, ${ROUNDS} rounds (reference: one run alone, ${fmt(single.ms)})`)
  let kept = 0
  let failed = 0
  const out = join(root, 'out')
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now()
    const sessions = Array.from({length: RUNS}, (_, i) => `r${round}-s${i}`)
    const results = await Promise.all(
      sessions.map((session) =>
        khaos(['synthesize', '--topic', `Topic ${session}`, '--session', session, '--no-sign', '--out', out, '--timestamp', T], root, env),
      ),
    )
    const wall = performance.now() - started
    const inMap = sessionsInMap(join(out, 'cognitive_map.dot'))
    const keptNow = sessions.filter((s) => inMap.has(s)).length
    const failedNow = results.filter((r) => r.code !== 0).length
    kept += keptNow
    failed += failedNow
    console.log(`   round ${round + 1}: ${keptNow}/${RUNS} clusters kept, ${failedNow} run(s) failed, ${fmt(wall)} (${(wall / single.ms).toFixed(1)}x one run)`)
  }

  console.log(`   => ${kept}/${RUNS * ROUNDS} clusters kept; ${failed} run(s) exited non-zero\n`)

  // 2. kill -9 during dao record, then the next run.
  const records = join(root, 'records')
  const reference = await khaos(['dao', 'record', '--dir', records, '--session', 'reference', '--topic', 'Reference', '--timestamp', T], root, env)
  if (reference.code !== 0) throw new Error(`reference dao record failed: ${reference.stderr}`)
  const plain: number[] = []
  for (let i = 0; i < 5; i++)
    plain.push((await khaos(['dao', 'record', '--dir', records, '--session', `plain${i}`, '--topic', 'Plain', '--timestamp', T], root, env)).ms)
  const referenceMs = plain.sort((a, b) => a - b)[2]
  console.log(`2. ${KILLS} kill -9s of dao record at seeded moments over its run time (reference: a plain dao record, median ${fmt(referenceMs)})`)
  const nextMs: number[] = []
  let locksLeft = 0
  let nextFailed = 0
  for (let k = 0; k < KILLS; k++) {
    // Every other kill lands the moment the lock appears (while it is held); the others at a seeded moment.
    const delay = Math.floor(referenceMs * (0.3 + 0.8 * random()))
    const onLock = k % 2 === 1 ? {dir: records, file: '.khaos-records.lock'} : undefined
    await khaos(['dao', 'record', '--dir', records, '--session', `killed${k}`, '--topic', 'Killed', '--timestamp', T], root, env, onLock ? 5000 : delay, onLock)
    if (readdirSync(records).includes('.khaos-records.lock')) locksLeft++
    const next = await khaos(['dao', 'record', '--dir', records, '--session', `next${k}`, '--topic', 'Next', '--timestamp', T], root, env)
    if (next.code === 0) nextMs.push(next.ms)
    else {
      nextFailed++
      console.log(`   kill ${k} (after ${delay} ms): next run exit ${next.code}: ${next.stderr.trim().split('\n')[0]}`)
    }
  }

  nextMs.sort((a, b) => a - b)
  const within = nextMs.filter((ms) => ms < 1000).length
  const median = nextMs[Math.floor(nextMs.length / 2)] ?? Number.NaN
  const worst = nextMs.at(-1) ?? Number.NaN
  const extra = nextMs.map((ms) => ms - referenceMs)
  console.log(`   kills that left the records lock behind (a dead owner to take over): ${locksLeft}/${KILLS}`)
  console.log(
    `   next run's time beyond a plain run (median reference): worst ${fmt(Math.max(...extra))}; ${extra.filter((ms) => ms < 1000).length}/${KILLS} under 1 s`,
  )
  console.log(
    `   next run: ${KILLS - nextFailed}/${KILLS} succeeded, ${within}/${KILLS} within 1 s; median ${fmt(median)} (${(median / referenceMs).toFixed(2)}x reference), worst ${fmt(worst)} (${(worst / referenceMs).toFixed(2)}x reference, ${(worst / 1000).toFixed(2)}x the 1 s budget)`,
  )
} finally {
  rmSync(root, {force: true, recursive: true})
}
