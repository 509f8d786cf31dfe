import {strict as assert} from 'node:assert'
import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {MAIN_MAP, type StageName} from '../../src/pipeline/synthesize.js'
import {ROOT, tempDir} from '../helpers/cli.js'
import {leftovers, mapSessions, runKhaos, seeded, sessionArtifacts, TIMESTAMP} from './helpers.js'

const SCRIPT = join(ROOT, 'test', 'faults', 'interrupt-synthesize.ts')
const EXIT: Record<string, number> = {SIGINT: 130, SIGTERM: 143}

function interruptAt(out: string, stage: StageName, status: 'ok' | 'start', signal: NodeJS.Signals): Promise<{code: null | number; output: string}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, out, stage, status, signal], {cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe']})
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr.on('data', (c: Buffer) => (output += c.toString()))
    child.on('close', (code) => resolve({code, output}))
  })
}

describe('faults: signals', function () {
  this.timeout(240_000)
  let tmp: ReturnType<typeof tempDir>
  beforeEach(() => {
    tmp = tempDir('khaos-signals-')
  })
  afterEach(() => tmp.cleanup())

  // Every moment of a run: each stage as it starts, and the last one done (just before the commit).
  const moments: Array<[StageName, 'ok' | 'start']> = [
    ['contradictions', 'start'],
    ['record', 'start'],
    ['record', 'ok'],
    ['map fragment', 'start'],
    ['main map', 'start'],
    ['summary', 'start'],
    ['summary', 'ok'],
  ]
  for (const [i, [stage, status]] of moments.entries()) {
    const signal: NodeJS.Signals = i % 2 === 0 ? 'SIGINT' : 'SIGTERM'
    it(`synthesize honours ${signal} at "${stage}" ${status}: exit ${EXIT[signal]}, nothing committed, no leftovers`, async () => {
      const out = join(tmp.path, 'out')
      mkdirSync(out)
      const result = await interruptAt(out, stage, status, signal)
      assert.equal(result.code, EXIT[signal], result.output)
      assert.deepEqual(sessionArtifacts(out, 'interrupted'), [], 'no artifact of the session')
      assert.deepEqual(mapSessions(join(out, MAIN_MAP)), [], 'the map does not hold the session')
      assert.deepEqual(leftovers(out), [])
    })
  }

  it('synthesize through the CLI at seeded moments: either interrupted cleanly (130/143, nothing) or complete (0, everything)', async function () {
    const random = seeded()
    const env = {KHAOS_HOME: join(tmp.path, 'home')}
    let interrupted = 0
    for (let round = 0; round < 6; round++) {
      const signal: NodeJS.Signals = round % 2 === 0 ? 'SIGINT' : 'SIGTERM'
      const session = `s${round}`
      const out = join(tmp.path, 'out')
      const before = mapSessions(join(out, MAIN_MAP))
      const delay = random.between(200, 1400)
      const what = `seed ${random.seed}, round ${round}, ${signal} after ${delay} ms`
      const result = await runKhaos(['synthesize', '--topic', 'Speed vs Security', '--session', session, '--no-sign', '--out', out, '--timestamp', TIMESTAMP], {
        cwd: tmp.path,
        env,
        killAfterMs: delay,
        signal,
      })
      const artifacts = sessionArtifacts(out, session)
      const stopped = result.code === EXIT[signal] || result.signal === signal
      if (result.code === 0) {
        assert.equal(artifacts.length, 4, `${what}: exit 0 but the session is incomplete: ${artifacts.join(', ')}`)
        assert.deepEqual(mapSessions(join(out, MAIN_MAP)), [...before, session].sort(), what)
      } else {
        assert.ok(stopped, `${what}: exit ${result.code} ${result.signal}\n${result.stderr}`)
        if (result.code !== null) interrupted++
        // Killed by the signal's default action (before the handlers exist, or after the run ended).
        const complete = artifacts.length === 4 && mapSessions(join(out, MAIN_MAP)).includes(session)
        assert.ok(artifacts.length === 0 || complete, `${what}: half a session: ${artifacts.join(', ')}`)
        if (result.code !== null) assert.equal(artifacts.length, 0, `${what}: exit ${result.code} but committed`)
      }

      assert.deepEqual(leftovers(out), [], what)
      if (existsSync(join(out, MAIN_MAP))) assert.match(readFileSync(join(out, MAIN_MAP), 'utf8'), /^digraph/m, what)
    }

    // Not an assertion on timing: a note of how many rounds landed inside the stages on this machine.
    if (interrupted === 0) console.log(`    (seed ${random.seed}: no signal landed inside the stages this time)`)
  })

  // The one-step writers: a signal either stops them before they write (130/143, or the default action before
  // khaos installs its handlers) or arrives while they write, and then they complete (exit 0). Never 130 with
  // the result in place.
  const writers: Array<{args: (i: number) => string[]; done: (root: string, i: number) => boolean; name: string}> = [
    {
      args: (i) => ['dao', 'record', '--dir', 'records', '--session', `s${i}`, '--topic', 'T', '--timestamp', TIMESTAMP],
      done: (root, i) => existsSync(join(root, 'records', `dao_record_s${i}.yaml`)),
      name: 'dao record',
    },
    {
      args: (i) => ['notarize', 'a.txt', '--out', `notary_${i}`, '--timestamp', TIMESTAMP],
      done: (root, i) => existsSync(join(root, `notary_${i}`)),
      name: 'notarize',
    },
    {
      args: (i) => ['keys', 'generate', '--name', `k${i}`, '--no-passphrase'],
      done: (root, i) => existsSync(join(root, 'home', 'keys', `k${i}.key`)),
      name: 'keys generate',
    },
  ]
  for (const writer of writers) {
    it(`${writer.name} at seeded moments: interrupted with nothing written, or complete with exit 0`, async () => {
      const random = seeded()
      const root = tmp.path
      writeFileSync(join(root, 'a.txt'), 'a\n')
      const env = {KHAOS_HOME: join(root, 'home')}
      const started = Date.now()
      const reference = await runKhaos(writer.args(99), {cwd: root, env})
      const took = Date.now() - started
      assert.equal(reference.code, 0, reference.stderr)
      for (let i = 0; i < 4; i++) {
        const signal: NodeJS.Signals = i % 2 === 0 ? 'SIGINT' : 'SIGTERM'
        const delay = Math.floor(took * (0.4 + 0.7 * random.random()))
        const what = `seed ${random.seed}, ${writer.name} round ${i}, ${signal} after ${delay} of ${took} ms`
        const result = await runKhaos(writer.args(i), {cwd: root, env, killAfterMs: delay, signal})
        if (result.code === 0) assert.ok(writer.done(root, i), `${what}: exit 0 without its result`)
        else {
          assert.ok(result.code === EXIT[signal] || result.signal === signal, `${what}: exit ${result.code} ${result.signal}: ${result.stderr}`)
          if (result.code !== null) assert.equal(writer.done(root, i), false, `${what}: exit ${result.code} with its result in place`)
        }

        assert.deepEqual(
          leftovers(root).filter((p) => !p.endsWith('.keys.lock')),
          [],
          what,
        )
      }
    })
  }
})
