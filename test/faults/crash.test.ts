import {strict as assert} from 'node:assert'
import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {buildFragment} from '../../src/map/fragment.js'
import {listKeys} from '../../src/notary/keys.js'
import {MAIN_MAP} from '../../src/pipeline/synthesize.js'
import {readRecordsFolder, reportLines} from '../../src/records/index.js'
import {ROOT, tempDir} from '../helpers/cli.js'
import {leftovers, mapSessions, runKhaos, seeded, TIMESTAMP} from './helpers.js'

/**
 * Crash consistency: each writing command is killed with SIGKILL (no handler runs) at seeded moments spread
 * over its own run time; the folder must then be valid, and the next run must work at once and sweep what
 * the killed one left. KHAOS_FAULT_KILLS sets the kills per command (default 3; bench/faults.ts runs more).
 */

interface Subject {
  name: string
  /** Arguments of run number `i` (killed runs and next runs get distinct names). */
  args: (root: string, i: string) => string[]
  cwd: (root: string) => string
  /** Throws when the folder is not valid; `recovered`: after the next run, which cleans up after the killed one. */
  check: (root: string, recovered: boolean) => Promise<void> | void
  setup?: (root: string) => void
}

function recordsValid(dir: string): void {
  if (!existsSync(dir)) return
  const report = readRecordsFolder(dir)
  assert.deepEqual(reportLines(report), [], `records folder ${dir} is not valid`)
}

/** The id of the record a supersede run should supersede: the newest not superseded. */
function current(dir: string): string {
  const open = readRecordsFolder(dir).records.filter((r) => r.status !== 'superseded')
  return String(open.at(-1)!.id)
}

const subjects: Subject[] = [
  {
    args: (root, i) => ['synthesize', '--topic', `Speed vs Security ${i}`, '--session', `s${i}`, '--no-sign', '--out', 'out', '--timestamp', TIMESTAMP],
    check(root, recovered) {
      const out = join(root, 'out')
      recordsValid(out)
      // A killed run's in-place record stays until the next run removes it.
      if (!recovered) return
      // No half session: every record has its summary and its map cluster, and the other way round.
      const sessions = (prefix: string, suffix: string) =>
        readdirSync(out)
          .filter((n) => n.startsWith(prefix) && n.endsWith(suffix))
          .map((n) => n.slice(prefix.length, n.length - suffix.length))
          .sort()
      assert.deepEqual(sessions('dao_record_', '.yaml'), sessions('SYNTHESIS_SUMMARY_', '.md'))
      assert.deepEqual(mapSessions(join(out, MAIN_MAP)), sessions('SYNTHESIS_SUMMARY_', '.md'))
    },
    cwd: (root) => root,
    name: 'synthesize',
  },
  {
    args: (root, i) => ['dao', 'record', '--dir', 'records', '--session', `s${i}`, '--topic', `T ${i}`, '--timestamp', TIMESTAMP],
    check: (root) => recordsValid(join(root, 'records')),
    cwd: (root) => root,
    name: 'dao record',
  },
  {
    args: (root, i) => [
      'dao',
      'record',
      '--dir',
      'chain',
      '--session',
      `s${i}`,
      '--topic',
      `T ${i}`,
      '--timestamp',
      TIMESTAMP,
      '--supersedes',
      current(join(root, 'chain')),
    ],
    check: (root) => recordsValid(join(root, 'chain')),
    cwd: (root) => root,
    name: 'dao supersede',
  },
  {
    args: (root, i) => ['notarize', 'a.txt', 'b.txt', '--out', `notary_${i}`, '--timestamp', TIMESTAMP],
    async check(root) {
      for (const name of readdirSync(join(root, 'files')).filter((n) => n.startsWith('notary_'))) {
        const verify = await runKhaos(['verify', name, '--key', 'khaos'], {cwd: join(root, 'files'), env: {KHAOS_HOME: join(root, 'home')}})
        assert.equal(verify.code, 0, `${name} does not verify: ${verify.stdout}${verify.stderr}`)
      }
    },
    cwd: (root) => join(root, 'files'),
    name: 'notarize',
    setup(root) {
      mkdirSync(join(root, 'files'))
      writeFileSync(join(root, 'files', 'a.txt'), 'a\n')
      writeFileSync(join(root, 'files', 'b.txt'), 'b\n'.repeat(100_000))
    },
  },
  {
    args: (root, i) => ['keys', 'generate', '--name', `k${i}`, '--no-passphrase'],
    check(root) {
      // Every key listed is whole (both halves, parseable); a killed run made all of its key or none.
      for (const key of listKeys(join(root, 'home'))) assert.ok(!('error' in key), `key ${key.name}: ${'error' in key ? key.error : ''}`)
    },
    cwd: (root) => root,
    name: 'keys generate',
  },
  {
    args: (root, i) => ['map', 'merge', join(root, 'fragments', `${i}.dot`), '--into', 'map.dot'],
    check(root) {
      if (existsSync(join(root, 'map.dot'))) assert.ok(mapSessions(join(root, 'map.dot')).length > 0)
    },
    cwd: (root) => root,
    name: 'map merge',
    setup(root) {
      mkdirSync(join(root, 'fragments'))
      for (const i of ['ref', ...Array.from({length: 40}, (_, n) => [`k${n}`, `n${n}`]).flat()]) {
        writeFileSync(join(root, 'fragments', `${i}.dot`), buildFragment({participants: ['p'], session: `m-${i}`, topic: `Topic ${i}`}).dot)
      }
    },
  },
]

function killSynthesizeAt(out: string, stage: string, force = false): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'test', 'faults', 'interrupt-synthesize.ts'), out, stage, 'start', 'SIGKILL', ...(force ? ['force'] : [])],
      {cwd: ROOT, stdio: 'ignore'},
    )
    child.on('close', (_code, signal) => resolve(signal === 'SIGKILL' ? 137 : _code))
  })
}

describe('faults: a synthesize killed after writing its record in place', function () {
  this.timeout(120_000)
  let tmp: ReturnType<typeof tempDir>
  beforeEach(() => {
    tmp = tempDir('khaos-crash-')
  })
  afterEach(() => tmp.cleanup())

  it('the next run removes the orphan record (no record without its session)', async () => {
    const out = join(tmp.path, 'out')
    assert.equal(await killSynthesizeAt(out, 'map fragment'), 137)
    assert.ok(existsSync(join(out, 'dao_record_interrupted.yaml')), 'the killed run had written its record')
    const next = await runKhaos(['synthesize', '--topic', 'Next', '--session', 'next', '--no-sign', '--out', out, '--timestamp', TIMESTAMP], {
      cwd: tmp.path,
      env: {KHAOS_HOME: join(tmp.path, 'home')},
    })
    assert.equal(next.code, 0, next.stderr)
    assert.match(next.stderr, /removed dao_record_interrupted\.yaml, left by a synthesize run that was killed/)
    assert.deepEqual(
      readdirSync(out).filter((n) => n.includes('interrupted')),
      [],
    )
    assert.deepEqual(leftovers(out), [])
  })

  it('under --force, the next run restores the record the killed run replaced', async () => {
    const out = join(tmp.path, 'out')
    const first = await runKhaos(
      ['synthesize', '--topic', 'Speed vs Security', '--session', 'interrupted', '--no-sign', '--out', out, '--timestamp', TIMESTAMP],
      {cwd: tmp.path, env: {KHAOS_HOME: join(tmp.path, 'home')}},
    )
    assert.equal(first.code, 0, first.stderr)
    const before = readFileSync(join(out, 'dao_record_interrupted.yaml'))
    assert.equal(await killSynthesizeAt(out, 'map fragment', true), 137)
    assert.notDeepEqual(readFileSync(join(out, 'dao_record_interrupted.yaml')), before, 'the killed run had replaced the record')
    const next = await runKhaos(['synthesize', '--topic', 'Next', '--session', 'next', '--no-sign', '--out', out, '--timestamp', TIMESTAMP], {
      cwd: tmp.path,
      env: {KHAOS_HOME: join(tmp.path, 'home')},
    })
    assert.equal(next.code, 0, next.stderr)
    assert.deepEqual(readFileSync(join(out, 'dao_record_interrupted.yaml')), before)
    recordsValid(out)
  })
})

describe('faults: crash consistency (kill -9)', function () {
  this.timeout(300_000)
  const kills = Number(process.env.KHAOS_FAULT_KILLS ?? 3)
  let tmp: ReturnType<typeof tempDir>
  beforeEach(() => {
    tmp = tempDir('khaos-crash-')
  })
  afterEach(() => tmp.cleanup())

  for (const subject of subjects) {
    it(`${subject.name}: after kill -9 at ${kills} seeded moments the folder is valid and the next run works at once`, async () => {
      const random = seeded()
      const root = tmp.path
      const env = {KHAOS_HOME: join(root, 'home')}
      subject.setup?.(root)
      if (subject.name === 'dao supersede') {
        // The chain's first record.
        const first = await runKhaos(['dao', 'record', '--dir', 'chain', '--session', 'first', '--topic', 'First', '--timestamp', TIMESTAMP], {cwd: root, env})
        assert.equal(first.code, 0, first.stderr)
      }

      // A reference run: how long the command takes here, to spread the kills over its own run time.
      const started = Date.now()
      const reference = await runKhaos(subject.args(root, 'ref'), {cwd: subject.cwd(root), env})
      const took = Date.now() - started
      assert.equal(reference.code, 0, reference.stderr)
      for (let k = 0; k < kills; k++) {
        const delay = Math.floor(took * (0.3 + 0.8 * random.random()))
        const what = `seed ${random.seed}, ${subject.name}, kill ${k} after ${delay} of ${took} ms`
        await runKhaos(subject.args(root, `k${k}`), {cwd: subject.cwd(root), env, killAfterMs: delay})
        await subject.check(root, false)
        const next = await runKhaos(subject.args(root, `n${k}`), {cwd: subject.cwd(root), env})
        assert.equal(next.code, 0, `${what}: the next run failed: ${next.stderr}`)
        await subject.check(root, true)
        assert.deepEqual(
          leftovers(root).filter((p) => !p.startsWith('home/keys/.keys.lock')),
          [],
          `${what}: left behind`,
        )
      }
    })
  }
})
