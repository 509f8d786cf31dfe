/**
 * Map bench: merge 1,000 session fragments into one map (budget: under 2 s) and render the result to SVG.
 *
 *   node --import tsx bench/map.ts [sessions=1000]
 *   BENCH_ENGINES=osage,sfdp BENCH_RENDER_CAP_S=120 node --import tsx bench/map.ts   (pick renders, cap each)
 *
 * Prints each time, its ratio to the budget and to a reference measured in the same run (reading the same
 * fragment files and writing their bytes to one file: the I/O floor any merge has to pay).
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {buildFragment, type MapFinding} from '../src/map/fragment.js'
import {mergeFragments, starterMap} from '../src/map/merge.js'
import {Worker} from 'node:worker_threads'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SESSIONS = Number(process.argv[2] ?? 1000)
const BUDGET_S = 2
/** Longest a single render may run before it is stopped and reported as "over the cap". */
const RENDER_CAP_S = Number(process.env.BENCH_RENDER_CAP_S ?? 300)

interface Timed {
  bytes?: number
  seconds?: number
}

function report(label: string, result: Timed): void {
  console.log(
    result.seconds === undefined
      ? `${label.padEnd(44)} over the ${RENDER_CAP_S} s cap (stopped)`
      : `${label.padEnd(44)} ${result.seconds.toFixed(2)} s (${((result.bytes ?? 0) / 1024 / 1024).toFixed(1)} MiB SVG)`,
  )
}

/** Lays out the file with the WebAssembly Graphviz in a worker thread, stopped after RENDER_CAP_S. */
async function renderInWorker(file: string, engine: string): Promise<Timed> {
  const code = `
    const {parentPort, workerData} = require('node:worker_threads')
    const {readFileSync} = require('node:fs')
    import(workerData.module).then(async ({Graphviz}) => {
      const graphviz = await Graphviz.load()
      const start = process.hrtime.bigint()
      const svg = graphviz.layout(readFileSync(workerData.file, 'utf8'), 'svg', workerData.engine)
      parentPort.postMessage({bytes: svg.length, seconds: Number(process.hrtime.bigint() - start) / 1e9})
    })`
  const worker = new Worker(code, {eval: true, execArgv: [], workerData: {engine, file, module: import.meta.resolve('@hpcc-js/wasm-graphviz')}})
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate()
      resolvePromise({})
    }, RENDER_CAP_S * 1000)
    worker.once('message', (result: Timed) => {
      clearTimeout(timer)
      void worker.terminate()
      resolvePromise(result)
    })
    worker.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
}

function renderNative(file: string, engine: string): Timed {
  const start = process.hrtime.bigint()
  const result = spawnSync(engine, ['-Tsvg', file], {maxBuffer: 1024 * 1024 * 1024, timeout: RENDER_CAP_S * 1000})
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') return {bytes: 0, seconds: Number.NaN}
  if (result.signal) return {}
  return {bytes: result.stdout.length, seconds: seconds(start)}
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9
}

function fragmentFor(i: number): string {
  const participants = ['alice', 'bob', 'carol', `guest-${i % 17}`]
  const findings: MapFinding[] = Array.from({length: 4}, (_, k) => ({
    a: {
      line: k + 1,
      participant: participants[k % 4],
      source: `notes/${participants[k % 4]}.md`,
      text: `Claim ${k} of session ${i}: we "must" ship <fast> & safe`,
    },
    b: {line: k + 9, participant: participants[(k + 1) % 4], source: 'notes/other.md', text: `Claim ${k} of session ${i}: we must not ship before the audit`},
    id: `c${k + 1}`,
    kind: ['negation', 'numeric', 'modal', 'temporal'][k % 4],
    score: 0.5 + k / 10,
    subject: `subject ${k}`,
    tension: {id: `T${(i + k) % 12}`, name: `Tension ${(i + k) % 12}`, resolution: 'Time-box it and revisit'},
  }))
  return buildFragment({
    findings,
    participants,
    record: {id: `DAO-${i}`, path: `dao_record_s${i}.yaml`, status: 'proposed', title: `Decision for session ${i}`},
    session: `s${String(i).padStart(4, '0')}`,
    topic: `Topic ${i}: should we cache the API?`,
  }).dot
}

const dir = mkdtempSync(join(tmpdir(), 'khaos-bench-map-'))
try {
  const files: string[] = []
  for (let i = 0; i < SESSIONS; i++) {
    const file = join(dir, `cognitive_update_s${i}.dot`)
    writeFileSync(file, fragmentFor(i))
    files.push(file)
  }

  // Reference: read every fragment and write their bytes to one file.
  let start = process.hrtime.bigint()
  writeFileSync(join(dir, 'concat.dot'), files.map((f) => readFileSync(f, 'utf8')).join(''))
  const reference = seconds(start)

  // Core merge: read fragments, merge into the starter map, write the map.
  start = process.hrtime.bigint()
  const sources = files.map((name) => ({name, text: readFileSync(name, 'utf8')}))
  const merged = mergeFragments(starterMap(), 'cognitive_map.dot', sources)
  writeFileSync(join(dir, 'cognitive_map.dot'), merged.text)
  const core = seconds(start)

  // Merging everything again replaces each session in place and must give the same bytes.
  start = process.hrtime.bigint()
  const again = mergeFragments(merged.text, 'cognitive_map.dot', sources)
  const remerge = seconds(start)
  if (again.text !== merged.text || again.unchanged.length !== SESSIONS) throw new Error('re-merge was not idempotent')

  // The real command, as a user runs it (process start, oclif, atomic write included).
  const mapFile = join(dir, 'cli_map.dot')
  start = process.hrtime.bigint()
  const cli = spawnSync('node', [join(ROOT, 'bin', 'run.js'), 'map', 'merge', ...files, '--into', mapFile, '--json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  const command = seconds(start)
  if (cli.status !== 0) throw new Error(`khaos map merge failed: ${cli.stderr}`)
  if (readFileSync(mapFile, 'utf8') !== merged.text) throw new Error('the command and the core disagree')

  const mb = (Buffer.byteLength(merged.text) / 1024 / 1024).toFixed(1)
  console.log(`sessions: ${SESSIONS}, map ${mb} MiB, ${merged.added.length} clusters`)
  console.log(`reference (read ${SESSIONS} files, write one): ${reference.toFixed(3)} s`)
  const line = (label: string, s: number) =>
    console.log(`${label.padEnd(44)} ${s.toFixed(3)} s  = ${(s / BUDGET_S).toFixed(3)} x budget (${BUDGET_S} s), ${(s / reference).toFixed(1)} x reference`)
  line('merge, core (read + merge + write)', core)
  line('re-merge, all replaced in place (in memory)', remerge)
  line(`khaos map merge <${SESSIONS} files> (whole CLI)`, command)

  // Rendering: WebAssembly Graphviz (in a worker, so a layout that runs past the cap can be stopped), and the
  // system dot when present, for a ratio. dot's cluster layout grows much faster than linearly; osage (packs
  // clusters) and sfdp (ignores them) are shown as the faster alternatives (`khaos map render --engine …`).
  const mapPath = join(dir, 'cognitive_map.dot')
  const engines = (process.env.BENCH_ENGINES ?? 'dot,system-dot,osage,sfdp').split(',')
  let wasmDot: Timed | undefined
  for (const engine of engines) {
    if (engine === 'system-dot') {
      const native = renderNative(mapPath, 'dot')
      report('render to SVG, system dot -Tsvg', native)
      if (wasmDot?.seconds !== undefined && native.seconds !== undefined) console.log(`  wasm / native = ${(wasmDot.seconds / native.seconds).toFixed(2)}`)
    } else {
      const result = await renderInWorker(mapPath, engine)
      if (engine === 'dot') wasmDot = result
      report(`render to SVG, WebAssembly Graphviz, ${engine}`, result)
    }
  }
} finally {
  rmSync(dir, {force: true, recursive: true})
}
