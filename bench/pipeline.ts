/**
 * Pipeline bench: `khaos synthesize` on 1 MB of Markdown from three participants (budget: under 3 s wall),
 * through the real CLI. The reference measured in the same run is `khaos --version` (the CLI's fixed start-up
 * cost), so the ratio says how much of the time is the pipeline's own work.
 *
 *   npm run build && node --import tsx bench/pipeline.ts [megabytes=1]
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(ROOT, 'bin', 'run.js')
const MEGABYTES = Number(process.argv[2] ?? 1)
const BUDGET_S = 3
const RUNS = 3

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function time(args: string[], cwd: string, env: NodeJS.ProcessEnv): {seconds: number; stdout: string} {
  const start = process.hrtime.bigint()
  const run = spawnSync('node', [BIN, ...args], {cwd, encoding: 'utf8', env: {...process.env, CI: 'true', ...env}, maxBuffer: 64 * 1024 * 1024})
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  if (run.status !== 0) throw new Error(`khaos ${args.join(' ')} failed (${run.status}): ${run.stderr}`)
  return {seconds, stdout: run.stdout}
}

/** Realistic notes: the fixture sentences with varied subjects and numbers, as Markdown paragraphs and lists. */
function notes(participant: string, bytes: number, seed: number): string {
  const base = ['alice', 'bob', 'carol'].map((p) => readFileSync(join(ROOT, 'test', 'fixtures', 'synthesis', `${p}.md`), 'utf8'))
  const sentences = base
    .join('\n')
    .split('\n')
    .filter((l) => /^[A-Z].*\.$/.test(l))
  const services = ['checkout', 'search', 'billing', 'auth', 'catalog', 'payments', 'inventory', 'gateway', 'ledger', 'mailer']
  const out = [`# Notes from ${participant}`, '']
  let size = 0
  let i = seed
  while (size < bytes) {
    // Subjects vary widely and each subject's figure depends only on the subject, so the engine sees real
    // work (blocking, comparison) without every sentence contradicting its neighbours.
    const subject = `${services[(i * 7) % services.length]} service ${i % 997}`
    const sentence = sentences[i % sentences.length]
      .replace(/checkout|API gateway|dashboard|deployment pipeline/, subject)
      .replace(/\d+(\.\d+)?/, String((i % 997) % 50))
    const line = i % 5 === 0 ? `- ${sentence}` : sentence
    out.push(line)
    if (i % 6 === 0) out.push('')
    size += line.length + 1
    i++
  }

  return `${out.join('\n')}\n`
}

const dir = mkdtempSync(join(tmpdir(), 'khaos-bench-pipeline-'))
try {
  const home = join(dir, 'home')
  mkdirSync(home)
  const perInput = Math.floor((MEGABYTES * 1024 * 1024) / 3)
  for (const [k, p] of ['alice', 'bob', 'carol'].entries()) writeFileSync(join(dir, `${p}.md`), notes(p, perInput, k * 1000))
  time(['keys', 'generate', '--no-passphrase'], dir, {KHAOS_HOME: home})

  const startup: number[] = []
  const pipeline: number[] = []
  let last = ''
  for (let r = 0; r < RUNS; r++) {
    startup.push(time(['--version'], dir, {KHAOS_HOME: home}).seconds)
    const run = time(
      [
        'synthesize',
        '--topic',
        'Release process',
        '--session',
        `bench-${r}`,
        '--input',
        'alice.md',
        '--input',
        'bob.md',
        '--input',
        'carol.md',
        '--participants',
        'alice,bob,carol',
        '--timestamp',
        '2026-01-31T12:00:00Z',
        '--json',
      ],
      dir,
      {KHAOS_HOME: home},
    )
    pipeline.push(run.seconds)
    last = run.stdout
  }

  const result = JSON.parse(last) as {findings: number; stages: Array<{durationMs: number; name: string}>}
  const p = median(pipeline)
  const s = median(startup)
  console.log(`input: ${MEGABYTES} MB over 3 participants; ${result.findings} contradictions found`)
  console.log(
    `khaos synthesize (median of ${RUNS}): ${p.toFixed(2)} s — ${(p / BUDGET_S).toFixed(2)}x the ${BUDGET_S} s budget (${p <= BUDGET_S ? 'within' : 'OVER'})`,
  )
  console.log(`reference, khaos --version (same run): ${s.toFixed(2)} s; synthesize/startup ratio ${(p / s).toFixed(1)}x`)
  console.log(`stages (last run): ${result.stages.map((st) => `${st.name} ${(st.durationMs / 1000).toFixed(2)} s`).join(', ')}`)
} finally {
  rmSync(dir, {force: true, recursive: true})
}
