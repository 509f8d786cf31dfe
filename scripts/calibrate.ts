/**
 * Counts, per calibration class, how many of the engine's findings on the prose tune half are real (main list and
 * appendix together, one finding per pair of lines): prints the CALIBRATION table of
 * src/contradictions/judgement.ts, or with --write puts it there. Tune half only; the hold-out is never read here.
 *   node --import tsx scripts/calibrate.ts [--write]
 */
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {addCalibrationCounts} from '../bench/prose-score.js'
import {loadHalf} from '../bench/prose-set.js'
import {analyze} from '../src/contradictions/analyze.js'
import {loadCatalog} from '../src/contradictions/catalog.js'

const root = new URL('..', import.meta.url).pathname
const catalog = loadCatalog(root)
const counts = new Map<string, [number, number]>()
for (const meeting of loadHalf('tune')) {
  const inputs = meeting.info.participants.map((participant) => ({participant, path: join(meeting.dir, `${participant}.md`)}))
  const analysis = analyze({catalog, generatedAt: '2026-01-01T00:00:00Z', inputs, root, topic: meeting.info.topic})
  addCalibrationCounts(counts, meeting, analysis.findings)
}

const table = [
  'export const CALIBRATION: Record<string, [number, number]> = {',
  ...[...counts].sort(([x], [y]) => x.localeCompare(y)).map(([name, [real, seen]]) => `  '${name}': [${real}, ${seen}],`),
  '}',
].join('\n')
if (process.argv.includes('--write')) {
  const file = join(root, 'src', 'contradictions', 'judgement.ts')
  const source = readFileSync(file, 'utf8')
  const block = /export const CALIBRATION: Record<string, \[number, number\]> = \{\n[^}]*\n\}/
  if (!block.test(source)) throw new Error(`no CALIBRATION table in ${file}`)
  writeFileSync(file, source.replace(block, table))
  console.log(`wrote ${counts.size} classes to ${file}`)
} else {
  console.log(table)
}
