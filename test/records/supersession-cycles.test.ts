import {strict as assert} from 'node:assert'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {createDecisionRecord, readRecordsFolder, recordFiles, renderIndex, supersessionCycles} from '../../src/records/index.js'
import {khaos, tempDir} from '../helpers/cli.js'

const T = '2026-01-31T12:00:00Z'
const GEN = {tool: 'khaos', version: 'test'}

/** A folder of `n` records whose links go round: i supersedes i-1 and is superseded by i+1, modulo n. */
function cycleFolder(dir: string, n: number, firstId = 1): void {
  for (let i = 0; i < n; i++) createDecisionRecord({sessionId: `c${firstId + i}`, timestamp: T, topic: `Topic ${i}`}, {dir, generator: GEN})
  for (const file of recordFiles(dir)) {
    const text = readFileSync(file, 'utf8')
    const id = Number(/^id: (\d+)$/m.exec(text)![1])
    if (id < firstId) continue
    const at = id - firstId
    const next = firstId + ((at + 1) % n)
    const previous = firstId + ((at + n - 1) % n)
    writeFileSync(
      file,
      text
        .replace(/^status: proposed$/m, 'status: superseded')
        .replace(/^supersedes: null$/m, `supersedes: ${previous}`)
        .replace(/^superseded_by: null$/m, `superseded_by: ${next}`),
    )
  }
}

describe('supersession cycles of any length', () => {
  let tmp: ReturnType<typeof tempDir>
  beforeEach(() => {
    tmp = tempDir()
  })
  afterEach(() => tmp.cleanup())

  for (const n of [3, 4, 7]) {
    it(`dao validate reports a ${n}-record cycle, naming its ids in order`, () => {
      const dir = join(tmp.path, 'records')
      cycleFolder(dir, n)
      const report = readRecordsFolder(dir)
      assert.equal(report.records.length, n, 'every record of the cycle is valid on its own')
      const ids = Array.from({length: n}, (_, i) => i + 1)
      const cycleProblems = report.problems.filter((p) => p.message.startsWith('supersession cycle'))
      assert.deepEqual(
        cycleProblems.map((p) => p.message),
        [`supersession cycle: ${[...ids, 1].join(' → ')} (no record in it is current)`],
      )
      assert.deepEqual(supersessionCycles(report.records), [ids])
    })
  }

  it('finds a cycle beside a healthy chain, and a cycle of one-way links', () => {
    const dir = join(tmp.path, 'records')
    createDecisionRecord({sessionId: 'a1', timestamp: T, topic: 'A'}, {dir, generator: GEN})
    createDecisionRecord({sessionId: 'a2', supersedes: 1, timestamp: T, topic: 'A again'}, {dir, generator: GEN})
    cycleFolder(dir, 3, 3)
    assert.deepEqual(supersessionCycles(readRecordsFolder(dir).records), [[3, 4, 5]])
    // One-way: 6 → 7 → 8 → 6 through superseded_by only (supersedes left null).
    const oneWay = [6, 7, 8].map((id, i, all) => ({
      date: '2026-01-31',
      file: `${id}.yaml`,
      id,
      links: [],
      record_type: 'decision' as const,
      session_id: null,
      status: 'superseded',
      superseded_by: all[(i + 1) % 3],
      supersedes: null,
      title: `${id}`,
    }))
    assert.deepEqual(supersessionCycles(oneWay), [[6, 7, 8]])
  })

  it('dao validate exits 1 on a 3-cycle; dao index shows the cycle instead of dropping it', async () => {
    const dir = join(tmp.path, 'records')
    cycleFolder(dir, 3)
    const validate = await khaos(['dao', 'validate', dir])
    assert.equal(validate.exitCode, 1, validate.stdout + validate.stderr)
    assert.match(validate.stdout + validate.stderr, /supersession cycle: 1 → 2 → 3 → 1/)
    const index = renderIndex(readRecordsFolder(dir), join(dir, 'INDEX.md'), 'test')
    const chains = index.slice(index.indexOf('## Supersession chains'))
    assert.ok(index.includes('## Supersession chains'), index)
    for (const id of [1, 2, 3]) assert.match(chains, new RegExp(`\\[${id}\\]\\(dao_record_c${id}\\.yaml\\)`))
    assert.match(chains, /a cycle: no record in it is current/)
  })
})
