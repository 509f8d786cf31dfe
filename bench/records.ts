/**
 * DAO records at scale, printed as ratios against references measured in the same run:
 *   1. writing one record (with --supersedes) into a folder of 1,000 records vs into a folder of one:
 *      what the per-folder id scan, the lock and the two-file atomic write cost as the folder grows;
 *   2. validating a folder of 1,000 records (schema + positions + links) vs only parsing the same files
 *      with yaml: what the checks cost on top of reading;
 *   3. `khaos dao validate FILE` vs `khaos --version` (built CLI): what loading yaml + ajv and compiling the
 *      schema add to a command's start-up. Needs `npm run build` first.
 * Run: node --import tsx bench/records.ts [count]
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parse} from 'yaml'

import {createDecisionRecord, readRecordsFolder, recordFiles} from '../src/records/index.js'

const count = Number(process.argv[2] ?? 1000)
const T = '2026-01-31T12:00:00Z'
const generator = {tool: 'khaos', version: 'bench'}
const root = mkdtempSync(join(tmpdir(), 'khaos-bench-records-'))

function best(runs: number, body: (i: number) => void): number {
  let min = Number.POSITIVE_INFINITY
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint()
    body(i)
    min = Math.min(min, Number(process.hrtime.bigint() - start) / 1e6)
  }

  return min
}

try {
  const text = 'Context paragraph with enough words to look like a real one. '.repeat(8)
  const big = join(root, 'big')
  for (let i = 0; i < count; i++) {
    createDecisionRecord(
      {context: text, decision: text, participants: ['alice', 'bob'], sessionId: `s${i}`, timestamp: T, topic: `Topic ${i}`},
      {dir: big, generator},
    )
  }

  const runs = 7
  const small = Array.from({length: runs}, (_, i) => {
    const dir = join(root, `small-${i}`)
    createDecisionRecord({sessionId: 'n1', timestamp: T, topic: 'x'}, {dir, generator})
    return dir
  })
  const intoSmall = best(runs, (i) => createDecisionRecord({sessionId: 'n2', supersedes: 1, timestamp: T, topic: 'x'}, {dir: small[i], generator}))
  const intoBig = best(runs, (i) => createDecisionRecord({sessionId: `new${i}`, supersedes: i + 1, timestamp: T, topic: 'x'}, {dir: big, generator}))

  const files = recordFiles(big)
  const parseOnly = best(5, () => {
    for (const file of files) parse(readFileSync(file, 'utf8'))
  })
  const validate = best(5, () => readRecordsFolder(big))

  // 3. The whole CLI: `khaos dao validate FILE` (loads yaml and ajv, compiles the schema) vs `khaos --version`.
  const bin = join(import.meta.dirname, '..', 'bin', 'run.js')
  const cli = (args: string[]) =>
    best(5, () => {
      const result = spawnSync(process.execPath, [bin, ...args], {encoding: 'utf8'})
      if (result.status !== 0) throw new Error(`khaos ${args.join(' ')} failed (run npm run build first): ${result.stderr}`)
    })
  const version = cli(['--version'])
  const validateOne = cli(['dao', 'validate', files[0]])

  console.log(`records in folder: ${files.length}`)
  console.log(
    `write one superseding record: ${intoBig.toFixed(1)} ms into ${files.length} records vs ${intoSmall.toFixed(1)} ms into a folder of 1 record: ratio ${(intoBig / intoSmall).toFixed(2)}x`,
  )
  console.log(
    `check the whole folder: ${validate.toFixed(0)} ms vs ${parseOnly.toFixed(0)} ms to only read and parse the YAML: ratio ${(validate / parseOnly).toFixed(2)}x`,
  )
  console.log(
    `khaos dao validate FILE: ${validateOne.toFixed(0)} ms vs khaos --version: ${version.toFixed(0)} ms: ratio ${(validateOne / version).toFixed(2)}x`,
  )
} finally {
  rmSync(root, {force: true, recursive: true})
}
