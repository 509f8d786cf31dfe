import assert from 'node:assert/strict'
import {cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {khaos, ROOT, type RunResult, tempDir} from '../helpers/cli.js'

/**
 * The standing abuse suite, malformed inputs: every command's input files, truncated, replaced by binary
 * noise or mutated, through the real CLI. Whatever the bytes, khaos answers 0, 1 or 2 (never 70), prints no
 * stack trace, and under --json prints JSON: `{"error":{...}}` on the error path.
 *
 * Randomness is seeded: KHAOS_FUZZ_SEED picks the seed (default below, so CI is reproducible) and
 * KHAOS_FUZZ_ROUNDS how many mutations each input gets (default 3: one of each kind). Every failure message
 * names the seed, the input, the mutation and the command to rerun it.
 */
const SEED = Number(process.env.KHAOS_FUZZ_SEED ?? 20_261_203)
const ROUNDS = Math.max(1, Math.min(50, Number(process.env.KHAOS_FUZZ_ROUNDS ?? 3)))
const TS = '2026-01-31T12:00:00Z'

/** mulberry32: small, fast, good enough to pick offsets and bytes. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d_2b_79_f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** Tokens that break parsers in interesting ways: JSON/YAML syntax, anchors, escapes, NUL, BOM, huge numbers. */
const TOKENS = [
  '\u0000',
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  '\n- ',
  'null',
  '-1',
  '1e999',
  '\u001B[2J',
  '&a',
  '*a',
  '!!binary',
  '<<: *a',
  '\uFEFF',
  '\r',
  '\\',
  '../',
  "'",
  '\t',
  '->',
  '}}}}',
  '%',
]

type Mutation = 'binary' | 'mutate' | 'truncate'
const KINDS: Mutation[] = ['truncate', 'binary', 'mutate']

function mutate(original: Buffer, kind: Mutation, random: () => number): Buffer {
  const at = (n: number) => Math.floor(random() * n)
  if (kind === 'truncate') return original.subarray(0, at(Math.max(1, original.length)))
  if (kind === 'binary') return Buffer.from(Array.from({length: at(600)}, () => at(256)))
  const out = Buffer.from(original)
  const parts: Buffer[] = []
  let last = 0
  for (let i = 0, n = 1 + at(6); i < n && out.length > 0; i++) {
    const pos = at(out.length)
    if (random() < 0.5) {
      out[pos] = at(256)
    } else if (pos >= last) {
      parts.push(out.subarray(last, pos), Buffer.from(TOKENS[at(TOKENS.length)]))
      last = pos
    }
  }

  parts.push(out.subarray(last))
  return Buffer.concat(parts)
}

const STACK = /^\s+at .+:\d+:\d+\)?$/m

/** The contract for any input: exit 0/1/2, no stack trace, JSON on stdout under --json ({"error"} on exit 2). */
function assertContained(r: RunResult, args: string[], context: string): void {
  const where = `${context}\n  rerun: KHAOS_FUZZ_SEED=${SEED} KHAOS_FUZZ_ROUNDS=${ROUNDS}; khaos ${args.join(' ')}\n  exit ${r.exitCode}\n  stderr: ${r.stderr.slice(0, 800)}`
  assert.ok([0, 1, 2].includes(r.exitCode), `exit ${r.exitCode} is not 0, 1 or 2\n${where}`)
  assert.doesNotMatch(r.stderr, /internal error/i, where)
  assert.doesNotMatch(r.stderr, STACK, `a stack trace\n${where}`)
  if (!args.includes('--json')) return
  let parsed: unknown
  try {
    parsed = JSON.parse(r.stdout)
  } catch {
    assert.fail(`--json printed no JSON\n${where}\n  stdout: ${r.stdout.slice(0, 400)}`)
  }

  if (r.exitCode === 2) {
    const error = (parsed as {error?: {message?: unknown}}).error
    assert.equal(typeof error?.message, 'string', `exit 2 under --json without {"error":{"message"}}\n${where}`)
  }
}

interface Target {
  /** The input(s), relative to the fixture copy; several are mutated together, each its own way. */
  file: string | string[]
  /** The command, given the fixture copy's root. */
  args: (root: string) => string[]
}

describe('abuse: malformed inputs', function () {
  this.timeout(600_000)
  let dir: {cleanup: () => void; path: string}
  let valid: string
  let env: Record<string, string>

  // One valid example of every input kind, made by khaos itself; each case mutates a private copy of it.
  before(async function () {
    this.timeout(180_000)
    dir = tempDir('khaos-abuse-inputs-')
    valid = join(dir.path, 'valid')
    env = {KHAOS_HOME: join(dir.path, 'home')}
    mkdirSync(join(valid, 'release'), {recursive: true})
    writeFileSync(join(valid, 'release', 'a.txt'), 'artifact\n')
    const notes = 'We must ship faster: weekly releases at least.\nSecurity review must gate every release, however long it takes.\n'
    writeFileSync(join(valid, 'notes.md'), notes)
    writeFileSync(join(valid, 'draft.yaml'), 'topic: release cadence\ncontext: releases are slow\ndecision: ship weekly behind a review gate\n')
    cpSync(join(ROOT, 'trials', 'F02-runtime-socket', 'vulnerable'), join(valid, 'stack'), {recursive: true})
    // The other file kinds a scan parses: a workflow, a Dockerfile, a Traefik config.
    cpSync(join(ROOT, 'trials', 'F31-workflow-injection', 'vulnerable', '.github'), join(valid, 'stack', '.github'), {recursive: true})
    cpSync(join(ROOT, 'trials', 'F33-secrets-in-images', 'vulnerable', 'api'), join(valid, 'stack', 'api'), {recursive: true})
    cpSync(join(ROOT, 'trials', 'F03-traefik-api-insecure', 'vulnerable', 'traefik'), join(valid, 'stack', 'traefik'), {recursive: true})
    const made = async (args: string[]) => {
      const r = await khaos(args, {cwd: valid, env})
      assert.ok([0, 1].includes(r.exitCode), `setup ${args.join(' ')}: ${r.stderr}`)
      return r
    }

    await made(['notarize', 'release/a.txt', '--out', 'notary', '--base', 'release', '--timestamp', TS])
    await made(['dao', 'record', '--topic', 'release cadence', '--session', 's1', '--dir', 'records', '--timestamp', TS])
    await made(['contradictions', 'analyze', '-i', 'notes.md', '-o', 'analysis', '--timestamp', TS])
    await made([
      'map',
      'fragment',
      '--session',
      's1',
      '--topic',
      'release cadence',
      '--analysis',
      'analysis/analysis.json',
      '--out',
      'fragment.dot',
      '--timestamp',
      TS,
    ])
    writeFileSync(join(valid, 'baseline.json'), (await made(['trial', 'run', 'stack', '--format', 'json', '--no-report', '--timestamp', TS])).stdout)
    await made(['map', 'init', 'map.dot'])
    await made(['drill', 'hint', '2'])
  })
  after(() => dir?.cleanup())

  const recordFile = () => readdirSync(join(valid, 'records')).find((f) => f.endsWith('.yaml'))!
  const targets: Array<[string, Target | (() => Target)]> = [
    // Files verify checks independently are mutated together (each its own way); the key and the locator, which
    // stop verify early when broken, get cases of their own.
    [
      'verify: statement, DSSE envelope, manifest, its signature, a minisig',
      {
        args: (r) => ['verify', join(r, 'notary'), '--trust-embedded-key', '--json'],
        file: ['notary/statement.dsse.json', 'notary/statement.json', 'notary/SHA256', 'notary/SHA256.sig', 'notary/minisig/a.txt.minisig'],
      },
    ],
    ['verify: khaos.pub', {args: (r) => ['verify', join(r, 'notary'), '--trust-embedded-key', '--json'], file: 'notary/khaos.pub'}],
    ['verify: notary.json', {args: (r) => ['verify', join(r, 'notary'), '--trust-embedded-key', '--json'], file: 'notary/notary.json'}],
    [
      'verify --key: a pinned public key',
      {args: (r) => ['verify', join(r, 'notary'), '--key', join(r, 'notary', 'khaos.pub'), '--json'], file: 'notary/khaos.pub'},
    ],
    ['dao validate: a record', () => ({args: (r) => ['dao', 'validate', join(r, 'records'), '--json'], file: `records/${recordFile()}`})],
    ['dao list: a record', () => ({args: (r) => ['dao', 'list', '--dir', join(r, 'records'), '--json'], file: `records/${recordFile()}`})],
    ['dao index: a record', () => ({args: (r) => ['dao', 'index', '--dir', join(r, 'records'), '--out', '-', '--json'], file: `records/${recordFile()}`})],
    [
      'dao record --from: a draft',
      {args: (r) => ['dao', 'record', '--from', join(r, 'draft.yaml'), '--session', 's9', '--dir', join(r, 'records'), '--json'], file: 'draft.yaml'},
    ],
    ['contradictions analyze: notes', {args: (r) => ['contradictions', 'analyze', '-i', join(r, 'notes.md'), '--json'], file: 'notes.md'}],
    [
      'map fragment --analysis',
      {
        args: (r) => ['map', 'fragment', '--session', 's2', '--topic', 't', '--analysis', join(r, 'analysis', 'analysis.json'), '--json'],
        file: 'analysis/analysis.json',
      },
    ],
    ['map merge: a fragment', {args: (r) => ['map', 'merge', join(r, 'fragment.dot'), '--into', join(r, 'map.dot'), '--json'], file: 'fragment.dot'}],
    ['map render: a fragment', {args: (r) => ['map', 'render', join(r, 'fragment.dot'), '--out', join(r, 'out.svg'), '--json'], file: 'fragment.dot'}],
    // A scan parses each file on its own (a broken one becomes an F0 finding), so they are mutated together.
    [
      'trial run: compose, workflow, Dockerfile, traefik.yml',
      {
        args: (r) => ['trial', 'run', join(r, 'stack'), '--no-report', '--json'],
        file: ['stack/compose.yaml', 'stack/.github/workflows/preview.yml', 'stack/api/Dockerfile', 'stack/traefik/traefik.yml'],
      },
    ],
    ['map merge --into: the main map', {args: (r) => ['map', 'merge', join(r, 'fragment.dot'), '--into', join(r, 'map.dot'), '--json'], file: 'map.dot'}],
    [
      'synthesize -i: notes',
      {args: (r) => ['synthesize', '-t', 'cadence', '-i', join(r, 'notes.md'), '--no-sign', '-o', join(r, 'synth'), '--json'], file: 'notes.md'},
    ],
    [
      'trial run --baseline',
      {args: (r) => ['trial', 'run', join(r, 'stack'), '--baseline', join(r, 'baseline.json'), '--no-report', '--json'], file: 'baseline.json'},
    ],
    ['drill progress: progress.json', {args: () => ['drill', 'progress', '--json'], file: 'home/drills/progress.json'}],
  ]

  for (const [name, target] of targets) {
    it(`${name}: truncated, binary and mutated copies are refused or handled, never a crash`, async () => {
      const {args, file} = typeof target === 'function' ? target() : target
      const files = Array.isArray(file) ? file : [file]
      const originals = files.map((f) => readFileSync(join(f.startsWith('home/') ? dir.path : valid, f)))
      const random = prng(SEED ^ [...name].reduce((h, c) => Math.imul(h ^ c.codePointAt(0)!, 16_777_619), 2_166_136_261))
      for (let round = 0; round < ROUNDS; round++) {
        const kind = KINDS[round % KINDS.length]
        const root = join(dir.path, `case-${name.replaceAll(/\W+/g, '-')}-${round}`)
        cpSync(valid, root, {recursive: true})
        const home = join(root, 'home')
        cpSync(join(dir.path, 'home'), home, {recursive: true})
        const sizes: number[] = []
        for (const [i, f] of files.entries()) {
          const bytes = mutate(originals[i], kind, random)
          sizes.push(bytes.length)
          writeFileSync(join(root, f), bytes)
        }

        const argv = args(root)
        const r = await khaos(argv, {cwd: root, env: {KHAOS_HOME: home}, timeout: 60_000})
        assertContained(r, argv, `${name}, round ${round} (${kind}, ${sizes.join('/')} bytes)`)
      }
    })
  }

  it('--json on an unknown command prints {"error"} and exits 2', async () => {
    for (const argv of [
      ['frobnicate', '--json'],
      ['trial', 'frobnicate', '--json'],
    ]) {
      const r = await khaos(argv, {env})
      assert.equal(r.exitCode, 2)
      assert.match(JSON.parse(r.stdout).error.message, /frobnicate" is not a khaos command/)
    }

    const plain = await khaos(['frobnicate'], {env})
    assert.equal(plain.exitCode, 2)
    assert.match(plain.stderr, /"frobnicate" is not a khaos command/)
  })

  it('--timestamp naming a day that does not exist is exit 2 with {"error"}, not a rolled-over date', async () => {
    const r = await khaos(['trial', 'run', join(valid, 'stack'), '--format', 'json', '--no-report', '--timestamp', '2026-02-30T12:00:00Z', '--json'], {env})
    assert.equal(r.exitCode, 2, r.stdout)
    assert.match(JSON.parse(r.stdout).error.message, /not a real date/)
  })

  it('map render of a valid graph too large for Graphviz says it is too large, with its size', async function () {
    this.timeout(120_000)
    const file = join(dir.path, 'chain.dot')
    const edges = 200_000
    writeFileSync(file, `digraph G {\n${Array.from({length: edges}, (_, i) => `n${i} -> n${i + 1};`).join('\n')}\n}\n`)
    const r = await khaos(['map', 'render', file, '--out', join(dir.path, 'chain.svg'), '--json'], {env, timeout: 110_000})
    if (r.exitCode === 0) return // a Graphviz build that lays it out: nothing to report
    assert.equal(r.exitCode, 2, r.stderr)
    const {message} = JSON.parse(r.stdout).error
    assert.doesNotMatch(message, /cannot read it/)
    assert.match(message, /too large.*200,000 edges/)
  })
})
