/**
 * Fits the tension model (src/contradictions/tension-model.ts) on the tune half's labelled contradictions: each gold
 * contradiction's two lines (and each restatement's) with the tension its tensions.yaml gives it, or none.
 *
 *   node --import tsx scripts/train-tensions.ts                    cross-validate (five folds of meetings): how many
 *                                                                  tensions it would attach and how many are right
 *   node --import tsx scripts/train-tensions.ts --write            fit on the whole tune half and write
 *                                                                  catalog/tension-model.json
 *   node --import tsx scripts/train-tensions.ts --measure holdout  once, with the committed model: the same figures
 *                                                                  on the hold-out's labels (never tune on these)
 *
 * Tune half only for fitting and choosing; the hold-out is read only by --measure.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {type Half, lineText, loadHalf, type Meeting, unscoredSlugs} from '../bench/prose-set.js'
import {loadCatalog, signalIndex} from '../src/contradictions/catalog.js'
import type {SignalIndex} from '../src/contradictions/features.js'
import {
  fitTensionModel,
  loadTensionModel,
  predictTension,
  type TensionExample,
  tensionOfDispute,
  tensionWords,
  type TensionModel,
} from '../src/contradictions/tension-model.js'

const root = new URL('..', import.meta.url).pathname
export const TRAINING = {iterations: 1500, lambda: 3e-4, threshold: 0.6}
const THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7]

interface Dispute {
  meeting: string
  lines: [string, string]
  label?: string
}

/** Every gold contradiction of the labelled meetings, with each restatement as a dispute of its own. */
export function disputes(meetings: Meeting[]): Dispute[] {
  return meetings.flatMap((meeting) =>
    meeting.tensions
      ? meeting.contradictions.flatMap((entry) =>
          [{a: entry.a, b: entry.b}, ...(entry.also ?? [])].map((pair) => ({
            label: meeting.tensions!.contradictions.get(entry.id),
            lines: [lineText(meeting, pair.a) ?? '', lineText(meeting, pair.b) ?? ''] as [string, string],
            meeting: meeting.slug,
          })),
        )
      : [],
  )
}

const example = (d: Dispute): TensionExample => ({label: d.label, words: tensionWords(...d.lines)})

interface Row {
  dispute: Dispute
  predicted?: {id: string; probability: number}
  /** The model that judged it (its fold's, or the committed one). */
  model: TensionModel
}

interface Tally {
  attached: number
  right: number
  signalled: number
  signalledRight: number
}

/** How many tensions would be attached at a threshold and how many are right: the model alone, and with a signal. */
function tally(rows: Row[], threshold: number, signals: SignalIndex): Tally {
  const attached = rows.filter((r) => r.predicted && r.predicted.probability >= threshold)
  const signalled = attached.filter((r) => tensionOfDispute({...r.model, threshold}, r.dispute.lines, signals) === r.predicted!.id)
  const right = (list: Row[]) => list.filter((r) => r.predicted!.id === r.dispute.label).length
  return {attached: attached.length, right: right(attached), signalled: signalled.length, signalledRight: right(signalled)}
}

function report(rows: Row[], chosen: number): void {
  const signals = signalIndex(loadCatalog(root))
  const share = (n: number, d: number) => `${n} right of ${d} (${(n / Math.max(1, d)).toFixed(2)})`
  console.log(`  ${rows.filter((r) => r.dispute.label).length} of ${rows.length} labelled with a tension`)
  for (const t of THRESHOLDS) {
    const {attached, right, signalled, signalledRight} = tally(rows, t, signals)
    console.log(`  at ${t}: model ${share(right, attached)}; with a pole signal ${share(signalledRight, signalled)}${t === chosen ? ' (the threshold)' : ''}`)
  }
}

function main(): void {
  const measureAt = process.argv.indexOf('--measure')
  if (measureAt > 0) {
    const half = process.argv[measureAt + 1] as Half
    const model = loadTensionModel(root)
    if (!model) throw new Error('no catalog/tension-model.json: run --write first')
    // (Hold-out meetings kept for the next frozen run are not read.)
    const unscored = new Set(unscoredSlugs())
    const meetings = loadHalf(half).filter((meeting) => half !== 'holdout' || !unscored.has(meeting.slug))
    const rows = disputes(meetings).map((dispute) => ({dispute, model, predicted: predictTension({...model, threshold: 0}, ...dispute.lines)}))
    console.log(`${half}, committed model (${model.trainedOn}):`)
    report(rows, model.threshold)
    return
  }

  const tune = loadHalf('tune')
  const all = disputes(tune)
  const trainedOn = `tune half: ${tune.length} meetings, ${all.length} labelled contradictions and restatements`
  if (process.argv.includes('--write')) {
    const model = fitTensionModel(all.map(example), {...TRAINING, trainedOn})
    writeFileSync(join(root, 'catalog', 'tension-model.json'), JSON.stringify(model) + '\n')
    console.log(`wrote catalog/tension-model.json: ${model.classes.length - 1} tensions, ${Object.keys(model.weights).length} words (${trainedOn})`)
    return
  }

  // Five folds of meetings, in name order: a model never sees the meeting it labels.
  const slugs = tune.map((m) => m.slug).sort()
  const fold = new Map(slugs.map((slug, k) => [slug, k % 5]))
  const rows: Row[] = []
  for (let k = 0; k < 5; k++) {
    const model = fitTensionModel(all.filter((d) => fold.get(d.meeting) !== k).map(example), {...TRAINING, threshold: 0, trainedOn})
    for (const dispute of all.filter((d) => fold.get(d.meeting) === k)) rows.push({dispute, model, predicted: predictTension(model, ...dispute.lines)})
  }

  console.log(`cross-validated on the ${trainedOn} (five folds of meetings):`)
  report(rows, TRAINING.threshold)
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) main()
