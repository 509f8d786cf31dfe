/**
 * Contradiction engine bench: quality and speed, printed as figures and ratios measured in this run.
 *
 *   node --import tsx bench/contradictions.ts            (quality + speed)
 *   node --import tsx bench/contradictions.ts --quality  (only precision/recall)
 *
 * Quality: precision/recall of the contradiction label on the SNLI dev subset (../shared/corpora/snli) and on
 * our labelled DevOps pairs (test/fixtures/contradictions/devops-pairs.jsonl), for the engine (judgePairs, the
 * code behind `khaos contradictions pairs`) and for a plain negation/antonym/number baseline.
 * Speed: analyze() on 5 MB of generated Markdown over 4 inputs, then on 10 MB; the ratio of the two, and the
 * ratio to a reference pass (read + split into claims) over the same text.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {availableParallelism, loadavg, tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {analyze} from '../src/contradictions/analyze.js'
import {loadCatalog} from '../src/contradictions/catalog.js'
import {baselineCompare} from '../src/contradictions/detect.js'
import {featurize} from '../src/contradictions/features.js'
import {loadLexicon} from '../src/contradictions/lexicon.js'
import {extractClaims} from '../src/contradictions/markdown.js'
import {tokenizeMany} from '../src/contradictions/nlp.js'
import {judgePairs, type PairInput} from '../src/contradictions/pairs.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
// ../shared beside the project root (a clone, CI); in a git worktree under wt/ it is one level further up.
const SNLI =
  [resolve(ROOT, '..', 'shared'), resolve(ROOT, '..', '..', 'shared')]
    .map((dir) => join(dir, 'corpora', 'snli', 'snli_1.0_dev_subset.jsonl'))
    .find((path) => existsSync(path)) ?? resolve(ROOT, '..', 'shared', 'corpora', 'snli', 'snli_1.0_dev_subset.jsonl')
const FIXTURES = join(ROOT, 'test', 'fixtures', 'contradictions')
const catalog = loadCatalog(ROOT)
const lexicon = loadLexicon(ROOT)

interface Labelled extends PairInput {
  gold: boolean
  category: string
}

function score(labels: boolean[], predicted: boolean[]): {p: number; r: number; tp: number; fp: number; fn: number} {
  let tp = 0
  let fp = 0
  let fn = 0
  for (const [i, gold] of labels.entries()) {
    if (predicted[i] && gold) tp++
    else if (predicted[i]) fp++
    else if (gold) fn++
  }

  return {fn, fp, p: tp + fp === 0 ? 0 : tp / (tp + fp), r: tp + fn === 0 ? 0 : tp / (tp + fn), tp}
}

const fmt = (x: number) => x.toFixed(3)

function quality(name: string, rows: Labelled[]): void {
  const engine = judgePairs(rows, ROOT, catalog).map((r) => r.contradiction)
  const baseline = rows.map((r) => baselineCompare(featurize(r.a), featurize(r.b), lexicon))
  const gold = rows.map((r) => r.gold)
  const e = score(gold, engine)
  const b = score(gold, baseline)
  console.log(`${name}: ${rows.length} pairs, ${gold.filter(Boolean).length} contradictions`)
  console.log(`  engine    precision ${fmt(e.p)}  recall ${fmt(e.r)}  (tp ${e.tp}, fp ${e.fp}, fn ${e.fn})`)
  console.log(`  baseline  precision ${fmt(b.p)}  recall ${fmt(b.r)}  (tp ${b.tp}, fp ${b.fp}, fn ${b.fn})`)
  const categories = [...new Set(rows.map((r) => r.category))]
  if (categories.length > 1) {
    const wrong = categories.map((c) => [
      c,
      rows.filter((r, i) => r.category === c && engine[i] !== r.gold).length,
      rows.filter((r) => r.category === c).length,
    ])
    console.log(`  engine errors by category: ${wrong.map(([c, w, n]) => `${c} ${w}/${n}`).join(', ')}`)
  }
}

// ---------------------------------------------------------------- quality
if (existsSync(SNLI)) {
  const rows = readFileSync(SNLI, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as {gold_label: string; pairID: string; sentence1: string; sentence2: string})
  quality(
    'SNLI dev subset',
    rows.map((r) => ({a: r.sentence1, b: r.sentence2, category: 'snli', gold: r.gold_label === 'contradiction', id: r.pairID})),
  )
  // The lexicon's hand lists were written while looking at this subset: report its two halves separately too.
  const half = Math.floor(rows.length / 2)
  for (const [label, part] of [
    ['first half', rows.slice(0, half)],
    ['second half', rows.slice(half)],
  ] as const) {
    const engine = judgePairs(
      part.map((r) => ({a: r.sentence1, b: r.sentence2, id: r.pairID})),
      ROOT,
      catalog,
    ).map((x) => x.contradiction)
    const s = score(
      part.map((r) => r.gold_label === 'contradiction'),
      engine,
    )
    console.log(`  engine on the ${label}: precision ${fmt(s.p)}  recall ${fmt(s.r)}`)
  }
} else {
  console.log(`SNLI: skipped, ${SNLI} is absent`)
}

const readLabelled = (file: string): Labelled[] =>
  readFileSync(join(FIXTURES, file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as {a: string; b: string; category: string; contradiction: boolean; id: string})
    .map((r) => ({a: r.a, b: r.b, category: r.category, gold: r.contradiction, id: r.id}))
const tuning = readLabelled('devops-pairs.jsonl')
const holdout = readLabelled('devops-holdout.jsonl')
quality('DevOps labelled pairs (used while tuning)', tuning)
quality('DevOps hold-out pairs (written before measuring, never tuned on)', holdout)
quality('DevOps all labelled pairs', [...tuning, ...holdout])

if (process.argv.includes('--quality')) process.exit(0)

// ---------------------------------------------------------------- speed
/** Deterministic generator (mulberry32), so every run measures the same text. */
function rng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ro', 'tu', 'vi', 'za', 'pe', 'dor', 'lin', 'sur', 'bex', 'tal', 'qui', 'mon']
const COMPONENTS = [
  'database',
  'cache',
  'queue',
  'gateway',
  'cluster',
  'pipeline',
  'dashboard',
  'bucket',
  'runner',
  'proxy',
  'scheduler',
  'worker',
  'registry',
  'endpoint',
  'index',
  'replica',
  'firewall',
  'certificate',
  'backup',
  'alert',
]
const STATES = [
  ['public', 'private'],
  ['open', 'closed'],
  ['stable', 'unstable'],
  ['encrypted', 'unencrypted'],
  ['healthy', 'unhealthy'],
  ['stateful', 'stateless'],
  ['fast', 'slow'],
]
const UNITS = ['ms', 's', 'minutes', '%', 'GB']

function generate(bytes: number, seed: number, dense = false): string {
  const random = rng(seed)
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]
  // A long tail of service names: a few are mentioned often, most rarely, as in real notes. Dense: every name is
  // mentioned about 20 times over the 4 inputs, so nearly every claim shares a rare word with another (the cheap blocking's worst case).
  const name = () => {
    const rank = dense ? Math.floor(random() * (bytes / 500)) : Math.floor(1 / (random() * 0.999 + 0.001)) % 4000
    let s = ''
    let x = rank + 7
    for (let k = 0; k < 3; k++) {
      s += SYLLABLES[x % SYLLABLES.length]
      x = Math.floor(x / SYLLABLES.length) + k * 3
    }

    return s
  }

  // Real notes rarely repeat a sentence word for word: most generated sentences get a distinct tail.
  const tail = () => (random() < 0.7 ? ` as ${pick(['Ana', 'Bo', 'Chen', 'Dee', 'Eli', 'Fay'])} noted in review ${Math.floor(random() * 100_000)}` : '')
  const sentence = (): string => plain().replace(/\.$/, `${tail()}.`)
  const plain = (): string => {
    const svc = name()
    const comp = pick(COMPONENTS)
    switch (Math.floor(random() * 8)) {
      case 0:
        return `The ${svc} ${comp} is ${pick(pick(STATES))}.`
      case 1:
        return `The ${svc} ${comp} is not ${pick(pick(STATES))} in production.`
      case 2:
        return `Latency of the ${svc} ${comp} stays under ${1 + Math.floor(random() * 900)} ${pick(UNITS)}.`
      case 3:
        return `We never restart the ${svc} ${comp} during business hours.`
      case 4:
        return `The ${svc} team wants to collect every click to personalize the ${comp}, while security asks for consent first.`
      case 5:
        return `Error rates of the ${svc} ${comp} ${pick(['increase', 'decrease'])} after each deploy of ${name()}.`
      case 6:
        return `Our ${svc} ${comp} runs ${2 + Math.floor(random() * 10)} replicas and costs $${100 + Math.floor(random() * 2000)} per month.`
      default:
        return `Ask ${pick(['Ana', 'Bo', 'Chen', 'Dee'])} about the ${svc} ${comp} before changing the ${name()} ${pick(COMPONENTS)}.`
    }
  }

  const parts: string[] = []
  let size = 0
  let section = 0
  while (size < bytes) {
    let block: string
    const kind = random()
    if (kind < 0.05) block = `## Section ${++section}`
    else if (kind < 0.08) block = '```yaml\nreplicas: 3\nimage: registry/app:1.2.3\n```'
    else if (kind < 0.1) block = '| service | owner |\n|---|---|\n| ' + name() + ' | team |'
    else block = Array.from({length: 1 + Math.floor(random() * 4)}, sentence).join(' ')
    parts.push(block)
    size += block.length + 2
  }

  return parts.join('\n\n') + '\n'
}

function writeInputs(dir: string, totalBytes: number, seed: number, dense = false): string[] {
  return [0, 1, 2, 3].map((k) => {
    const path = join(dir, `participant-${k + 1}.md`)
    writeFileSync(path, generate(totalBytes / 4, seed + k, dense))
    return path
  })
}

/** Wall-clock seconds and CPU seconds (user + system): on a shared, loaded machine the CPU time is the steadier figure. */
function time<T>(fn: () => T): [T, number, number] {
  const start = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  const value = fn()
  const used = process.cpuUsage(cpu)
  return [value, Number(process.hrtime.bigint() - start) / 1e9, (used.user + used.system) / 1e6]
}

// `--write-dense DIR`: only write the dense 5 MB inputs to DIR (to profile `khaos contradictions analyze` on them).
const denseAt = process.argv.indexOf('--write-dense')
if (denseAt > 0) {
  const target = process.argv[denseAt + 1]
  mkdirSync(target, {recursive: true})
  console.log(writeInputs(target, 5 * 1024 * 1024, 201, true).join('\n'))
  process.exit(0)
}

const dir = mkdtempSync(join(tmpdir(), 'khaos-bench-'))
try {
  const MB = 1024 * 1024
  const small = writeInputs(mkdtempSync(join(dir, 'small-')), 5 * MB, 1)
  const big = writeInputs(mkdtempSync(join(dir, 'big-')), 10 * MB, 101)

  const run = (paths: string[]) => analyze({catalog, generatedAt: '2026-01-01T00:00:00Z', inputs: paths.map((path) => ({path})), root: ROOT})
  // Warm-up: loads wink-nlp and its model once, as the first real run would.
  run([small[0]].map((p) => p))
  const [reference] = time(() => small.map((p) => extractClaims(readFileSync(p, 'utf8')).length))
  const [, refSeconds, refCpu] = time(() => small.map((p) => extractClaims(readFileSync(p, 'utf8')).length))
  const [analysis, seconds, cpu] = time(() => run(small))
  const [analysis2, seconds2, cpu2] = time(() => run(big))
  console.log(`\nSpeed (node ${process.version}, ${analysis.stats.claims} claims in ${reference.length} inputs)`)
  console.log(
    `  analyze 5 MB / 4 inputs:  ${seconds.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU  (${analysis.stats.distinctClaims} distinct claims, ${analysis.stats.claimsRead} read by wink-nlp, ${analysis.stats.candidatePairs} candidate pairs, ${analysis.findings.length} findings, ${analysis.stats.frequentTermsSkipped} frequent word keys not used for blocking)`,
  )
  console.log(
    `  analyze 10 MB / 4 inputs: ${seconds2.toFixed(2)} s wall, ${cpu2.toFixed(2)} s CPU  (${analysis2.stats.distinctClaims} distinct claims, ${analysis2.stats.claimsRead} read by wink-nlp, ${analysis2.stats.candidatePairs} candidate pairs, ${analysis2.findings.length} findings)`,
  )
  const dense = writeInputs(mkdtempSync(join(dir, 'dense-')), 5 * MB, 201, true)
  const [analysis3, seconds3, cpu3] = time(() => run(dense))
  console.log(
    `  analyze 5 MB / 4 inputs, dense (every name ~20 mentions): ${seconds3.toFixed(2)} s wall, ${cpu3.toFixed(2)} s CPU  (${analysis3.stats.distinctClaims} distinct claims, ${analysis3.stats.claimsRead} read by wink-nlp, ${analysis3.stats.candidatePairs} candidate pairs, ${analysis3.findings.length} findings)`,
  )
  console.log(`  ratio 10 MB / 5 MB:       ${(seconds2 / seconds).toFixed(2)}x wall, ${(cpu2 / cpu).toFixed(2)}x CPU  (target <= 2.3x)`)
  console.log(
    `  ratio analyze / reference pass (read + split into claims: ${refSeconds.toFixed(2)} s wall, ${refCpu.toFixed(2)} s CPU): ${(cpu / refCpu).toFixed(1)}x CPU`,
  )
  console.log(
    `  machine load average now: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores (wall times stretch with it)`,
  )
  if (existsSync(join(ROOT, 'dist', 'commands', 'contradictions', 'analyze.js'))) {
    // The whole command as a user runs it: process start, oclif, catalog, wink-nlp load, analysis, JSON out.
    const cliRun = (label: string, paths: string[]) => {
      const args = [join(ROOT, 'bin', 'run.js'), 'contradictions', 'analyze', ...paths.flatMap((p) => ['-i', p]), '--json']
      // bash's `times` reports the CPU time of the finished child (user and system).
      const script = '"$@" > /dev/null; status=$?; times; exit $status'
      const [cli, cliSeconds] = time(() =>
        spawnSync('bash', ['-c', script, 'bench', 'node', ...args], {encoding: 'utf8', env: {...process.env, CI: 'true'}, maxBuffer: 1 << 30}),
      )
      const children = cli.stdout
        .trim()
        .split('\n')
        .at(-1)!
        .split(/\s+/)
        .map((t) => {
          const m = /^(\d+)m([\d.]+)s$/.exec(t)
          return m ? Number(m[1]) * 60 + Number(m[2]) : 0
        })
      console.log(
        `  khaos contradictions analyze (CLI, ${label}, start to exit): ${cliSeconds.toFixed(2)} s wall, ${(children[0] + children[1]).toFixed(2)} s CPU, exit ${cli.status}`,
      )
    }

    cliRun('5 MB / 4 inputs', small)
    cliRun('5 MB / 4 inputs, dense', dense)
  } else {
    console.log('  CLI timing skipped: run `npm run build` first')
  }

  const sample = analysis.claims.slice(0, 20_000).map((c) => c.text)
  const [, , nlpCpu] = time(() => tokenizeMany(sample))
  console.log(
    `  wink-nlp (batched tokenize, lemmas, POS): ${((nlpCpu / sample.length) * 1e6).toFixed(1)} µs CPU per claim; about ${((nlpCpu / sample.length) * analysis.stats.claimsRead).toFixed(2)} s CPU of the 5 MB run (${analysis.stats.claimsRead} claims read), ${((nlpCpu / sample.length) * analysis.stats.distinctClaims).toFixed(2)} s if every distinct claim were read`,
  )
} finally {
  rmSync(dir, {force: true, recursive: true})
}
