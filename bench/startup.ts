/**
 * Start-up benchmark (never a test). Run: node --import tsx bench/startup.ts [--runs N]
 *
 * 1. `khaos --version` (target <= 1.8x), `trial list`, `drill list` and `verify` of a 10-file notary folder
 *    (each <= 2.5x) vs `node -e ''`, interleaved, median of N runs (issue 13).
 * 2. Which modules load for `--version`, `--help`, `keys list` and `verify`: none of the heavy ones
 *    (crypto libraries, yaml, ajv, inquirer, ora, wink, graphviz) may, and no command module for --version /
 *    --help (proof the oclif manifest is used). Nor may the loop's cores (notices, metrics, audit, gates,
 *    khaos.yaml): they load only when --notify / --metrics is given or the command changes state. Recorded with an --import hook that logs every ESM load and
 *    every CommonJS require.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {cpus, loadavg, tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(ROOT, 'bin', 'run.js')
const index = process.argv.indexOf('--runs')
const RUNS = index > 0 ? Number(process.argv[index + 1]) : 21
const LOOP = ['/dist/notify/', '/dist/metrics/', '/dist/audit/', '/dist/gate/', '/dist/shared/config.js']
const HEAVY = [
  'tweetnacl',
  'yaml',
  'ajv',
  '@inquirer',
  'inquirer',
  'ora',
  'wink-nlp',
  'wink-eng-lite-web-model',
  '@hpcc-js',
  'graphviz',
  'canonicalize',
  'execa',
  'simple-git',
]

const work = mkdtempSync(join(tmpdir(), 'khaos-bench-startup-'))
const env = {...process.env, CI: 'true', KHAOS_HOME: join(work, 'home'), NO_COLOR: '1'}

function timeRun(args: string[]): number {
  const start = process.hrtime.bigint()
  const result = spawnSync('node', args, {env, stdio: 'ignore'})
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`)
  return Number(process.hrtime.bigint() - start) / 1e6
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

// Module recording: an ESM load hook (in the hooks thread) plus a wrapper around CommonJS Module._load.
const log = join(work, 'modules.log')
writeFileSync(
  join(work, 'hooks.mjs'),
  `import {appendFileSync} from 'node:fs'
export async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context) }
`,
)
writeFileSync(
  join(work, 'register.mjs'),
  `import {register, createRequire} from 'node:module'
import {appendFileSync} from 'node:fs'
register(${JSON.stringify(pathToFileURL(join(work, 'hooks.mjs')).href)})
const Module = createRequire(import.meta.url)('module')
const original = Module._load
Module._load = function (request, parent, isMain) {
  try { appendFileSync(${JSON.stringify(log)}, 'cjs:' + Module._resolveFilename(request, parent, isMain) + '\\n') } catch {}
  return original.apply(this, arguments)
}
`,
)

function modulesFor(args: string[]): string[] {
  rmSync(log, {force: true})
  spawnSync('node', ['--import', pathToFileURL(join(work, 'register.mjs')).href, BIN, ...args], {env, stdio: 'ignore'})
  return existsSync(log) ? [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))] : []
}

try {
  // A tiny notary to verify, so `verify` runs its real path.
  mkdirSync(join(work, 'base'))
  const files = Array.from({length: 10}, (_, i) => `file-${i}.txt`)
  for (const [i, name] of files.entries()) writeFileSync(join(work, 'base', name), `${name}\n`.repeat(100 * (i + 1)))
  spawnSync('node', [BIN, 'notarize', ...files, '--out', join(work, 'notary')], {cwd: join(work, 'base'), env, stdio: 'ignore'})
  const keyPub = join(work, 'home', 'keys', 'khaos.pub')
  if (!existsSync(keyPub)) throw new Error(`notarize left no ${keyPub}`)

  for (let i = 0; i < 3; i++) {
    timeRun(['-e', ''])
    timeRun([BIN, '--version'])
  }

  // Each case with its target ratio to `node -e ''` (issue 13); undefined = reported only.
  const cases: Array<{args: string[]; label: string; target?: number}> = [
    {args: ['--version'], label: 'khaos --version', target: 1.8},
    {args: ['--help'], label: 'khaos --help'},
    {args: ['trial', 'list'], label: 'khaos trial list', target: 2.5},
    {args: ['drill', 'list'], label: 'khaos drill list', target: 2.5},
    {args: ['verify', join(work, 'notary'), '--key', keyPub], label: 'khaos verify (10 files)', target: 2.5},
  ]
  const bare: number[] = []
  const times = cases.map(() => [] as number[])
  for (let run = 0; run < RUNS; run++) {
    bare.push(timeRun(['-e', '']))
    for (const [i, c] of cases.entries()) times[i].push(timeRun([BIN, ...c.args]))
  }

  const ref = median(bare)
  console.log(`start-up bench — median of ${RUNS} interleaved runs; ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}`)
  console.log(`  ${"node -e ''".padEnd(26)} ${ref.toFixed(1).padStart(6)} ms   reference`)
  let met = true
  for (const [i, c] of cases.entries()) {
    const ratio = median(times[i]) / ref
    const verdict = c.target === undefined ? '' : `(target <= ${c.target}x) ${ratio <= c.target ? 'MET' : 'NOT MET'}`
    if (c.target !== undefined && ratio > c.target) met = false
    console.log(`  ${c.label.padEnd(26)} ${median(times[i]).toFixed(1).padStart(6)} ms   ratio ${ratio.toFixed(2)}x  ${verdict}`)
  }

  if (!met) console.log('  some start-up targets are not met')

  let clean = true
  for (const args of [['--version'], ['--help'], ['keys', 'list'], ['verify', join(work, 'notary'), '--key', keyPub]]) {
    const loaded = modulesFor(args)
    const heavy = HEAVY.filter((name) => loaded.some((url) => url.includes(`/node_modules/${name}/`)))
    const commands = loaded.filter((url) => url.includes('/dist/commands/')).map((url) => url.slice(url.indexOf('/dist/commands/') + 1))
    const fromNodeModules = new Set(loaded.filter((u) => u.includes('/node_modules/')).map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1]))
    const loop = LOOP.filter((part) => loaded.some((url) => url.includes(part)))
    const light = args[0] === '--version' || args[0] === '--help'
    const ok = heavy.length === 0 && loop.length === 0 && (!light || commands.length === 0) && loaded.length > 0
    clean &&= ok
    console.log(
      `  khaos ${args[0] === 'verify' ? 'verify DIR' : args.join(' ')}: ${loaded.length} modules from ${fromNodeModules.size} packages; heavy: ${heavy.join(', ') || 'none'}; loop cores: ${loop.join(', ') || 'none'}; command modules: ${commands.join(', ') || 'none (manifest)'} ${ok ? 'PASS' : 'FAIL'}`,
    )
  }

  if (!clean) process.exitCode = 1
} finally {
  rmSync(work, {force: true, recursive: true})
}
