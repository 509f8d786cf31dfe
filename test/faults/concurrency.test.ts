import {strict as assert} from 'node:assert'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {buildFragment} from '../../src/map/fragment.js'
import {mergeIntoFile} from '../../src/map/merge.js'
import {MAIN_MAP, synthesize} from '../../src/pipeline/synthesize.js'
import {readRecordsFolder} from '../../src/records/index.js'
import {ROOT, tempDir} from '../helpers/cli.js'
import {leftovers, mapSessions, runKhaos, TIMESTAMP} from './helpers.js'

const time = {iso: TIMESTAMP, source: 'flag' as const}

describe('faults: concurrency', function () {
  this.timeout(240_000)
  let tmp: ReturnType<typeof tempDir>
  beforeEach(() => {
    tmp = tempDir('khaos-concurrency-')
  })
  afterEach(() => tmp.cleanup())

  it('synthesize keeps a session another run merged into the map while it ran (the lost-cluster race, made exact)', async () => {
    const out = join(tmp.path, 'out')
    const map = join(out, MAIN_MAP)
    // Between this run's reading of the map (stage "main map") and its commit, another run commits its session.
    await synthesize({
      onStage(event) {
        if (event.stage === 'summary' && event.status === 'start') {
          mergeIntoFile(map, [{name: 'other', text: buildFragment({participants: ['zoe'], session: 'other', topic: 'Another topic'}).dot}])
        }
      },
      outDir: out,
      participants: 'alice,bob',
      root: ROOT,
      session: 'mine',
      timestamp: time,
      toolVersion: 'test',
      topic: 'Speed vs Security',
    })
    assert.deepEqual(mapSessions(map), ['mine', 'other'])
  })

  it('parallel synthesize, dao record, notarize and map merge into one folder lose nothing', async () => {
    const runs = 5
    const env = {KHAOS_HOME: join(tmp.path, 'home')}
    const cwd = tmp.path
    const out = join(tmp.path, 'out')
    const records = join(tmp.path, 'records')
    const notaries = join(tmp.path, 'notaries')
    mkdirSync(notaries)
    for (let i = 0; i < runs; i++) writeFileSync(join(notaries, `f${i}.txt`), `file ${i}\n`)
    const fragments = join(tmp.path, 'fragments')
    mkdirSync(fragments)
    for (let i = 0; i < runs; i++) writeFileSync(join(fragments, `m${i}.dot`), buildFragment({participants: ['p'], session: `m${i}`, topic: `Merge ${i}`}).dot)

    const all = await Promise.all(
      Array.from({length: runs}, (_, i) => [
        runKhaos(['synthesize', '--topic', `Topic ${i}`, '--session', `p${i}`, '--no-sign', '--out', out, '--timestamp', TIMESTAMP], {cwd, env}),
        runKhaos(['dao', 'record', '--dir', records, '--session', `r${i}`, '--topic', `Record ${i}`, '--timestamp', TIMESTAMP], {cwd, env}),
        // First use of the signing key too: parallel runs must not race each other creating it.
        runKhaos(['notarize', `f${i}.txt`, '--out', `notary_${i}`, '--timestamp', TIMESTAMP], {cwd: notaries, env}),
        runKhaos(['map', 'merge', join(fragments, `m${i}.dot`), '--into', join(tmp.path, 'merged.dot')], {cwd, env}),
      ]).flat(),
    )
    for (const [i, result] of all.entries()) assert.equal(result.code, 0, `run ${i}: ${result.stderr}`)

    assert.deepEqual(mapSessions(join(out, MAIN_MAP)), Array.from({length: runs}, (_, i) => `p${i}`).sort())
    assert.deepEqual(mapSessions(join(tmp.path, 'merged.dot')), Array.from({length: runs}, (_, i) => `m${i}`).sort())
    for (const dir of [out, records]) {
      const report = readRecordsFolder(dir)
      assert.deepEqual(
        report.records.map((r) => r.id),
        Array.from({length: runs}, (_, i) => i + 1),
        dir,
      )
      assert.deepEqual([...report.problems, ...report.invalid], [], dir)
    }

    for (let i = 0; i < runs; i++) {
      const verify = await runKhaos(['verify', `notary_${i}`, '--key', 'khaos'], {cwd: notaries, env})
      assert.equal(verify.code, 0, `notary_${i}: ${verify.stdout}${verify.stderr}`)
    }

    assert.deepEqual(leftovers(tmp.path), [])
  })
})
