/**
 * Map bench: merge 1,000 session fragments into one map (budget: under 2 s) and render the result to SVG.
 *
 *   node --import tsx bench/map.ts [sessions=1000]
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
import {layoutSvg} from '../src/map/render.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SESSIONS = Number(process.argv[2] ?? 1000)
const BUDGET_S = 2

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9
}

function fragmentFor(i: number): string {
  const participants = ['alice', 'bob', 'carol', `guest-${i % 17}`]
  const findings: MapFinding[] = Array.from({length: 4}, (_, k) => ({
    a: {line: k + 1, participant: participants[k % 4], source: `notes/${participants[k % 4]}.md`, text: `Claim ${k} of session ${i}: we "must" ship <fast> & safe`},
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
  const cli = spawnSync('node', [join(ROOT, 'bin', 'run.js'), 'map', 'merge', ...files, '--into', mapFile, '--json'], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
  const command = seconds(start)
  if (cli.status !== 0) throw new Error(`khaos map merge failed: ${cli.stderr}`)
  if (readFileSync(mapFile, 'utf8') !== merged.text) throw new Error('the command and the core disagree')

  const mb = (Buffer.byteLength(merged.text) / 1024 / 1024).toFixed(1)
  console.log(`sessions: ${SESSIONS}, map ${mb} MiB, ${merged.added.length} clusters`)
  console.log(`reference (read ${SESSIONS} files, write one): ${reference.toFixed(3)} s`)
  const line = (label: string, s: number) => console.log(`${label.padEnd(44)} ${s.toFixed(3)} s  = ${(s / BUDGET_S).toFixed(3)} x budget (${BUDGET_S} s), ${(s / reference).toFixed(1)} x reference`)
  line('merge, core (read + merge + write)', core)
  line('re-merge, all replaced in place (in memory)', remerge)
  line(`khaos map merge <${SESSIONS} files> (whole CLI)`, command)

  // Rendering: WebAssembly Graphviz, and the system dot when present, for a ratio.
  start = process.hrtime.bigint()
  const {svg} = await layoutSvg(merged.text, {name: 'cognitive_map.dot'})
  const wasm = seconds(start)
  console.log(`render to SVG, WebAssembly Graphviz: ${wasm.toFixed(2)} s (${(svg.length / 1024 / 1024).toFixed(1)} MiB SVG)`)
  start = process.hrtime.bigint()
  const native = spawnSync('dot', ['-Tsvg', '-o', join(dir, 'native.svg'), join(dir, 'cognitive_map.dot')])
  const nativeS = seconds(start)
  if (native.error) console.log('render to SVG, system dot: not installed')
  else console.log(`render to SVG, system dot: ${nativeS.toFixed(2)} s (wasm / native = ${(wasm / nativeS).toFixed(2)})`)
} finally {
  rmSync(dir, {force: true, recursive: true})
}
