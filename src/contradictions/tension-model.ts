import {featurize, type SignalIndex} from './features.js'
import {loadFitted, sparseRows, toHundredths} from './fitted.js'
import {wordKeys} from './words.js'

/*
 * Which catalog tension a dispute is about, learned from people's labels rather than read off signal words.
 *
 * Attaching a tension when the two claims carry signal words of its opposite poles was right for 4 of 18 findings
 * on the tune half and 0 of 14 on the hold-out (docs/contradictions.md, "Sixteenth session"), while two people
 * labelling the same 48 meetings apart agreed on 89% of the first one's tensions. So the words of disputes people
 * labelled do tell the tension; the catalog's signals do not. This is a softmax regression over the content words of
 * the two disputed lines, fitted on the tune half's labelled contradictions (scripts/train-tensions.ts); a tension
 * is attached only when the model gives it at least `threshold` ("none" is one of its classes) and one of the two
 * lines says a signal word of its poles. Cross-validated by meeting on the tune half, the model alone was right for
 * 97 of 170 tensions it gave at 0.4 (0.57), with the signal 34 of 51 (0.67): no tension is better than a wrong one.
 * The threshold is 0.6 since the twenty-third session: on 202 meetings the model with a signal was right for 48 of
 * 80 at 0.4 and 32 of 43 at 0.6, and on the hold-out the tensions of the 0.4 model were wrong more often than right.
 */

/** The committed model: catalog/tension-model.json. */
export interface TensionModel {
  /** What it was fitted on, for the record ("tune half: 162 meetings, 3888 labelled contradictions and restatements"). */
  trainedOn: string
  /** The least probability at which a tension is attached. */
  threshold: number
  lambda: number
  iterations: number
  /** Class 0 is "none": the dispute is about no catalog tension. */
  classes: string[]
  bias: number[]
  /** Word -> [class index, weight] pairs, to two places; weights under 0.02 are left out (they move no prediction). */
  weights: Record<string, Array<[number, number]>>
}

export interface TensionExample {
  words: Set<string>
  /** The labelled tension id, or undefined for none. */
  label?: string
}

export const NO_TENSION = 'none'

/** The model's words of a dispute: the content words of its two lines, read as the rest of the engine reads them. */
export function tensionWords(lineA: string, lineB: string): Set<string> {
  return new Set([...wordKeys(lineA), ...wordKeys(lineB)])
}

/** Probabilities of each class for the words of a dispute (softmax over the summed weights). */
export function tensionProbabilities(model: TensionModel, words: Set<string>): number[] {
  const z = [...model.bias]
  for (const word of words) for (const [k, w] of model.weights[word] ?? []) z[k] += w
  const top = Math.max(...z)
  const e = z.map((v) => Math.exp(v - top))
  const sum = e.reduce((s, v) => s + v, 0)
  return e.map((v) => v / sum)
}

/** The tension of a dispute between two lines, when the model is sure enough of one; undefined otherwise. */
export function predictTension(model: TensionModel, lineA: string, lineB: string): {id: string; probability: number} | undefined {
  const p = tensionProbabilities(model, tensionWords(lineA, lineB))
  let best = 1
  for (let k = 2; k < p.length; k++) if (p[k] > p[best]) best = k
  return best < p.length && p[best] >= model.threshold ? {id: model.classes[best], probability: p[best]} : undefined
}

/**
 * The tension a dispute between two lines is about: the model's, when one of the lines signals a pole of it (the
 * model reads the dispute; the signal is the evidence a reader sees).
 */
export function tensionOfDispute(model: TensionModel, lines: readonly [string, string], signals: SignalIndex): string | undefined {
  const predicted = predictTension(model, ...lines)
  if (!predicted) return undefined
  const signalled = lines.some((line) => [...featurize(line, signals).poles.keys()].some((key) => key.startsWith(`${predicted.id}:`)))
  return signalled ? predicted.id : undefined
}

/**
 * Fits the model by full-batch gradient descent on the L2-regularised log loss: no randomness, so the same examples
 * give the same weights. Words seen in fewer than two examples are left out (a meeting's one-off names).
 */
export function fitTensionModel(examples: TensionExample[], options: {iterations: number; lambda: number; threshold: number; trainedOn: string}): TensionModel {
  const classes = [NO_TENSION, ...[...new Set(examples.flatMap((e) => (e.label ? [e.label] : [])))].sort()]
  const classOf = new Map(classes.map((c, k) => [c, k]))
  const {active: rows, vocabulary} = sparseRows(
    examples.map((e) => e.words),
    2,
  )
  const targets = examples.map((e) => classOf.get(e.label ?? NO_TENSION)!)
  const [n, c, v] = [examples.length, classes.length, vocabulary.length]
  const weights = new Float64Array(v * c)
  const bias = new Float64Array(c)
  const gradient = new Float64Array(v * c)
  const gradientBias = new Float64Array(c)
  const z = new Float64Array(c)
  for (let iteration = 0; iteration < options.iterations; iteration++) {
    gradient.fill(0)
    gradientBias.fill(0)
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < c; k++) z[k] = bias[k]
      for (const j of rows[i]) for (let k = 0; k < c; k++) z[k] += weights[j * c + k]
      let top = -Infinity
      for (let k = 0; k < c; k++) top = Math.max(top, z[k])
      let sum = 0
      for (let k = 0; k < c; k++) sum += z[k] = Math.exp(z[k] - top)
      for (let k = 0; k < c; k++) {
        const error = z[k] / sum - (k === targets[i] ? 1 : 0)
        gradientBias[k] += error
        for (const j of rows[i]) gradient[j * c + k] += error
      }
    }

    for (let k = 0; k < c; k++) bias[k] -= gradientBias[k] / n
    for (let x = 0; x < v * c; x++) weights[x] -= gradient[x] / n + options.lambda * weights[x]
  }

  const kept: TensionModel['weights'] = {}
  for (const [j, word] of vocabulary.entries()) {
    const pairs: Array<[number, number]> = []
    for (let k = 0; k < c; k++) if (Math.abs(toHundredths(weights[j * c + k])) >= 0.02) pairs.push([k, toHundredths(weights[j * c + k])])
    if (pairs.length > 0) kept[word] = pairs
  }

  return {
    bias: [...bias].map(toHundredths),
    classes,
    iterations: options.iterations,
    lambda: options.lambda,
    threshold: options.threshold,
    trainedOn: options.trainedOn,
    weights: kept,
  }
}

/** The committed model (catalog/tension-model.json); undefined when the file is absent (tensions are then left off). */
export const loadTensionModel = (root: string): TensionModel | undefined => loadFitted<TensionModel>(root, 'tension-model.json')
