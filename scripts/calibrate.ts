/**
 * Calibration of the contradiction engine's confidence from arrival records (test/fixtures/prose/tune/<meeting>/
 * arrival.json: what the engine found on a meeting the day it arrived, before anything was changed for it).
 *
 *   node --import tsx scripts/calibrate.ts --record <meeting>   run the engine as it stands (committed: HEAD) on a
 *                                                                newly arrived tune meeting and write its record,
 *                                                                once, before any change made for that meeting
 *   node --import tsx scripts/calibrate.ts [--write]            count, per calibration class, the real findings in
 *                                                                all records: print the CALIBRATION table of
 *                                                                src/contradictions/judgement.ts, or put it there
 *   node --import tsx scripts/calibrate.ts --sweep              what the main list would have been on the records
 *                                                                at each appendix threshold: precision, recall
 *   node --import tsx scripts/calibrate.ts --cross-validate     each record scored by a table counted without it:
 *                                                                Brier score and log loss of the confidences, and
 *                                                                the main list's precision and recall; the honest
 *                                                                test of a change to calibrationClass
 *
 * Tune half only; the hold-out is never read here.
 */
import {execFileSync} from 'node:child_process'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {addCalibrationCounts, arrivalRecord} from '../bench/prose-score.js'
import {claimAt, goldPairs, loadHalf, loadMeeting, pairKey} from '../bench/prose-set.js'
import {analyze} from '../src/contradictions/analyze.js'
import {loadCatalog} from '../src/contradictions/catalog.js'
import {calibrate, calibrationClass, shrunkShare} from '../src/contradictions/judgement.js'
import {LOW_CONFIDENCE_THRESHOLD} from '../src/contradictions/types.js'

const root = new URL('..', import.meta.url).pathname
const recordAt = process.argv.indexOf('--record')
if (recordAt > 0) {
  const slug = process.argv[recordAt + 1] ?? ''
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) throw new Error(`--record needs a tune meeting's folder name, got ${JSON.stringify(slug)}`)
  const meeting = loadMeeting('tune', slug)
  const file = join(meeting.dir, 'arrival.json')
  if (existsSync(file)) throw new Error(`${file} exists: an arrival is recorded once`)
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], {encoding: 'utf8'}).trim()
  if (git('status', '--porcelain', '--', 'src') !== '') throw new Error('src/ has uncommitted changes: record with a committed engine')
  const inputs = meeting.info.participants.map((participant) => ({participant, path: join(meeting.dir, `${participant}.md`)}))
  const analysis = analyze({catalog: loadCatalog(root), generatedAt: '2026-01-01T00:00:00Z', inputs, root, topic: meeting.info.topic})
  const day = new Date().toISOString().slice(0, 10)
  const record = arrivalRecord(analysis.findings, git('rev-parse', '--short', 'HEAD'), `on arrival, ${day}`)
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n')
  console.log(`recorded ${record.findings.length} findings of ${meeting.slug} at ${record.engine}`)
} else if (process.argv.includes('--cross-validate')) {
  const recorded = loadHalf('tune').filter((meeting) => meeting.arrival)
  let [brier, logLoss, scored, reported, real, gold, found] = [0, 0, 0, 0, 0, 0, 0]
  for (const held of recorded) {
    const counts = new Map<string, [number, number]>()
    for (const meeting of recorded) if (meeting !== held) addCalibrationCounts(counts, meeting, meeting.arrival!)
    const totals = [...counts.values()].reduce(([r, s], [x, y]) => [r + x, s + y], [0, 0])
    const prior = totals[0] / Math.max(1, totals[1])
    const entries = new Map(held.contradictions.flatMap((e) => goldPairs(e).map((p) => [pairKey(p.a, p.b), e.id] as const)))
    const hit = new Set<string>()
    for (const finding of held.arrival!.findings) {
      const [r, s] = counts.get(calibrationClass(finding)) ?? [0, 0]
      const confidence = shrunkShare(r, s, prior)
      const id = entries.get(pairKey(claimAt(finding.a), claimAt(finding.b)))
      brier += (confidence - (id ? 1 : 0)) ** 2
      logLoss -= Math.log(id ? confidence : 1 - confidence)
      scored++
      if (confidence < LOW_CONFIDENCE_THRESHOLD) continue
      reported++
      if (id) {
        real++
        hit.add(id)
      }
    }

    gold += held.contradictions.length
    found += hit.size
  }

  console.log(`${recorded.length} arrival records, each scored by the other ${recorded.length - 1}:`)
  console.log(`  Brier score ${(brier / scored).toFixed(4)}, log loss ${(logLoss / scored).toFixed(4)} over ${scored} findings`)
  console.log(
    `  main list at ${LOW_CONFIDENCE_THRESHOLD}: precision ${(real / Math.max(1, reported)).toFixed(3)} (${real}/${reported}), recall ${(found / gold).toFixed(3)} (${found}/${gold})`,
  )
} else if (process.argv.includes('--sweep')) {
  const recorded = loadHalf('tune').filter((meeting) => meeting.arrival)
  console.log(`${recorded.length} arrival records; class confidences:`)
  const classes = new Map(recorded.flatMap((m) => m.arrival!.findings.map((f) => [calibrationClass(f), calibrate(f)] as const)))
  for (const [name, confidence] of [...classes].sort(([x], [y]) => x.localeCompare(y))) console.log(`  ${name}: ${confidence}`)
  for (const threshold of [0.1, 0.2, 0.3, 0.35, 0.4, 0.5, 0.6]) {
    let [reported, real, gold, found] = [0, 0, 0, 0]
    for (const meeting of recorded) {
      const entries = new Map(meeting.contradictions.flatMap((e) => goldPairs(e).map((p) => [pairKey(p.a, p.b), e.id] as const)))
      const hit = new Set<string>()
      for (const finding of meeting.arrival!.findings.filter((f) => calibrate(f) >= threshold)) {
        reported++
        const id = entries.get(pairKey(claimAt(finding.a), claimAt(finding.b)))
        if (id) {
          real++
          hit.add(id)
        }
      }

      gold += meeting.contradictions.length
      found += hit.size
    }

    console.log(
      `threshold ${threshold}: precision ${(real / Math.max(1, reported)).toFixed(3)} (${real}/${reported}), recall ${(found / gold).toFixed(3)} (${found}/${gold})`,
    )
  }
} else {
  const counts = new Map<string, [number, number]>()
  for (const meeting of loadHalf('tune')) if (meeting.arrival) addCalibrationCounts(counts, meeting, meeting.arrival)
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
}
