/**
 * Calibration of the contradiction engine's confidence from arrival records (test/fixtures/prose/tune/<meeting>/
 * arrival.json: what the engine found on a meeting the day it arrived, before anything was changed for it).
 *
 *   node --import tsx scripts/calibrate.ts --record <meeting>   run the engine as it stands (committed: HEAD) on a
 *                                                                newly arrived tune meeting and write its record,
 *                                                                once, before any change made for that meeting
 *   node --import tsx scripts/calibrate.ts [--write]            count, per calibration class, the real findings in
 *                                                                all records and fit CALIBRATION_WEIGHTS and the
 *                                                                word weights: print them, or put them in
 *                                                                src/contradictions/judgement.ts and
 *                                                                catalog/calibration-words.json
 *   node --import tsx scripts/calibrate.ts --sweep              what the main list would have been on the records
 *                                                                at each appendix threshold: precision, recall
 *   node --import tsx scripts/calibrate.ts --cross-validate     each record scored by a calibration fitted without
 *                                                                it: Brier score and log loss of the confidences,
 *                                                                the main list's precision and recall at several
 *                                                                thresholds; the honest test of a change to the
 *                                                                classes or the features
 *
 * Tune half only; the hold-out is never read here.
 */
import {execFileSync} from 'node:child_process'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {arrivalRecord, calibrationRows, fitCalibration, recordLineFindings, roundedWeights} from '../bench/prose-score.js'
import {claimAt, contradictionKeys, lineText, loadHalf, loadMeeting, pairKey} from '../bench/prose-set.js'
import {analyze} from '../src/contradictions/analyze.js'
import {loadCatalog} from '../src/contradictions/catalog.js'
import {CALIBRATION_FEATURES, CALIBRATION_WORDS_FILE, calibrate, calibrationClass, linesApart, loadCalibrationWords} from '../src/contradictions/judgement.js'
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
  const thresholds = [0.2, 0.25, 0.3, 0.35, LOW_CONFIDENCE_THRESHOLD, 0.4].filter((t, k, all) => all.indexOf(t) === k).sort()
  const tally = new Map(thresholds.map((t) => [t, {found: 0, real: 0, reported: 0}]))
  let [brier, logLoss, scored, gold] = [0, 0, 0, 0]
  for (const held of recorded) {
    const {confidence} = fitCalibration(recorded.filter((meeting) => meeting !== held))
    const rows = calibrationRows(held, held.arrival!).map((row) => ({...row, confidence: confidence(row)}))
    for (const row of rows) {
      brier += (row.confidence - (row.real ? 1 : 0)) ** 2
      logLoss -= Math.log(row.real ? row.confidence : 1 - row.confidence)
      scored++
    }

    for (const [threshold, counts] of tally) {
      const shown = rows.filter((row) => row.confidence >= threshold)
      counts.reported += shown.length
      counts.real += shown.filter((row) => row.real).length
      counts.found += new Set(shown.flatMap((row) => (row.entry ? [row.entry] : []))).size
    }

    gold += held.contradictions.length
  }

  console.log(`${recorded.length} arrival records, each scored by a calibration fitted on the other ${recorded.length - 1}:`)
  console.log(`  Brier score ${(brier / scored).toFixed(4)}, log loss ${(logLoss / scored).toFixed(4)} over ${scored} findings`)
  for (const [threshold, {found, real, reported}] of tally)
    console.log(
      `  main list at ${threshold}${threshold === LOW_CONFIDENCE_THRESHOLD ? ' (the threshold)' : ''}: precision ${(real / Math.max(1, reported)).toFixed(3)} (${real}/${reported}), recall ${(found / gold).toFixed(3)} (${found}/${gold})`,
    )
} else if (process.argv.includes('--sweep')) {
  const recorded = loadHalf('tune').filter((meeting) => meeting.arrival)
  const words = loadCalibrationWords(root)
  console.log(`${recorded.length} arrival records; class confidences (before the weights):`)
  const classes = new Map(recorded.flatMap((m) => m.arrival!.findings.map((f) => [calibrationClass(f), calibrate({...f, subject: []})] as const)))
  for (const [name, confidence] of [...classes].sort(([x], [y]) => x.localeCompare(y))) console.log(`  ${name}: ${confidence}`)
  for (const threshold of [0.1, 0.2, 0.25, LOW_CONFIDENCE_THRESHOLD, 0.3, 0.35, 0.4, 0.5, 0.6]) {
    let [reported, real, gold, found] = [0, 0, 0, 0]
    for (const meeting of recorded) {
      const lineFindings = recordLineFindings(meeting.arrival!)
      const entries = new Map([...contradictionKeys(meeting)].map(([key, entry]) => [key, entry.id] as const))
      const hit = new Set<string>()
      for (const [k, finding] of meeting.arrival!.findings.entries()) {
        const lines = [finding.a, finding.b].map((at) => lineText(meeting, claimAt(at)) ?? '') as [string, string]
        if (calibrate(finding, {internalDistance: linesApart(finding.a, finding.b), lineFindings: lineFindings[k], lines, words}) < threshold) continue
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
  const {counts, weights, words} = fitCalibration(loadHalf('tune'))
  const rounded = roundedWeights(weights)
  const table = [
    'export const CALIBRATION: Record<string, [number, number]> = {',
    ...[...counts].sort(([x], [y]) => x.localeCompare(y)).map(([name, [real, seen]]) => `  '${name}': [${real}, ${seen}],`),
    '}',
  ].join('\n')
  const weightsLine = `export const CALIBRATION_WEIGHTS = {${CALIBRATION_FEATURES.map((name, k) => `${name}: ${rounded[k]}`).join(', ')}}`
  if (process.argv.includes('--write')) {
    const file = join(root, 'src', 'contradictions', 'judgement.ts')
    const source = readFileSync(file, 'utf8')
    const block = /export const CALIBRATION: Record<string, \[number, number\]> = \{\n[^}]*\n\}/
    const line = /export const CALIBRATION_WEIGHTS = \{[^}]*\}/
    if (!block.test(source) || !line.test(source)) throw new Error(`no CALIBRATION table or CALIBRATION_WEIGHTS in ${file}`)
    writeFileSync(file, source.replace(block, table).replace(line, weightsLine))
    writeFileSync(join(root, 'catalog', CALIBRATION_WORDS_FILE), JSON.stringify(words) + '\n')
    console.log(`wrote ${counts.size} classes and the weights (${weightsLine.split('= ')[1]}) to ${file}`)
    console.log(`wrote ${Object.keys(words.weights).length} word weights to catalog/${CALIBRATION_WORDS_FILE}`)
  } else {
    console.log(`${table}\n${weightsLine}\n${Object.keys(words.weights).length} word weights`)
  }
}
