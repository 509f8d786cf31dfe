/**
 * The analysis format, version 2: what `khaos contradictions analyze` writes to analysis.json and what the
 * pipeline's summary, record and map read.
 *
 * Contract (v2, readers of v1 keep working: every v1 field is still there with its meaning):
 * - `Analysis.version` is 2.
 * - A `Finding` keeps `id`, `kind`, `score`, `subject` (list of terms), `evidence`, `a`, `b`, `tension?` and gains
 *   - `scope`: 'between' (the two claims come from different participants) or 'internal' (one participant
 *     contradicting themselves);
 *   - `confidence` in 0..1, calibrated: among findings with confidence about c, about c were real contradictions
 *     on meetings the engine had not seen (the tune meetings' arrival records; see docs/contradictions.md);
 *   - `lowConfidence`: confidence < LOW_CONFIDENCE_THRESHOLD. Such findings belong in a low-confidence appendix,
 *     never in the main list;
 *   - `explanation`: why, in words ("retention of the events queue: 7 days vs 2 weeks = 14 days");
 *   - `decisionPoint`: `{key, heading}`; findings (and agreements) about one subject share `key`; `heading` is a
 *     plain phrase built from the subject noun phrase ("Retention period of the audit logs").
 * - A finding's `a` / `b` (a `ClaimRef`) carry the clause that conflicts (`text`), the FULL sentence it sits in
 *   (`sentence`), `source` (file), `line`, `participant`, `occurrences`, and the claim's `structure` when read.
 * - `Analysis.agreements`: claims from different participants that say the same thing (a paraphrase, compatible
 *   numbers), each `{id, decisionPoint, explanation, claims}` with at least two participants among `claims`.
 * - `tension` is set on a finding only when both claims carry that tension's pole signals in the disputed clause;
 *   `topicTensions` lists only tensions whose signals some claim of the inputs carries.
 */
export const ANALYSIS_VERSION = 2

/**
 * Findings below this confidence go to the low-confidence appendix, never the main list. Chosen on the arrival
 * records, each scored by a calibration fitted without it (scripts/calibrate.ts --cross-validate): from 0.25 to
 * 0.3 the main list is more precise and finds more than the class table alone did at its 0.35; 0.28 sits in the
 * middle of that range (docs/contradictions.md).
 */
export const LOW_CONFIDENCE_THRESHOLD = 0.28

export type FindingKind = 'negation' | 'antonym' | 'numeric' | 'tension' | 'modality' | 'quantifier' | 'role' | 'choice'

/** What a claim requires or allows: "must", "must not", "should", "should not", "may", "may not"; "none" for a plain statement. */
export type Modality = 'must' | 'must-not' | 'should' | 'should-not' | 'may' | 'may-not' | 'none'

/** How many of the subject the claim covers. */
export type Quantifier = 'every' | 'all' | 'some' | 'none' | 'only' | 'except'

/**
 * The kind of a quantity. Dates, weeks, quarters and years are ordered values (`ordinal`): "week 12" < "week 20".
 * Rates and money per period are normalised to one period (per second for rates, per year for money).
 */
export type Dimension = 'duration' | 'money' | 'money-per-period' | 'percentage' | 'count' | 'data-size' | 'rate' | 'ordinal'

/** A quantity as an interval, normalised: seconds, bytes, a currency per year, a count of one noun, an ordinal date. */
export interface Interval {
  dimension: Dimension
  /** Normalised unit: "s", "B", "usd", "usd/year", "%", "replica" (for a count), "req/s" or "page/day" (for a rate), "week", "quarter", "half". */
  unit: string
  /** null: no lower bound ("under 2 s"). */
  low: number | null
  /** null: no upper bound ("at least 3 replicas"). */
  high: number | null
  lowOpen: boolean
  highOpen: boolean
  /** As written ("2-4 weeks", "$3k a week"). */
  text: string
  /** The normalised value in words ("14 days", "$156,000 a year"), for explanations. */
  normalised: string
  /** A permission bound ("may take up to 20 minutes") rather than a requirement or a statement of fact. */
  permission?: boolean
}

/** The structure read from one clause. */
export interface ClaimStructure {
  /** The measured thing: the noun phrase a number or predicate is about ("retention of the events queue"), never a unit. */
  subject: string
  /** The predicate's lemma ("keep", "be public", "take"). */
  predicate: string
  polarity: 'positive' | 'negative'
  modality: Modality
  quantifier?: Quantifier
  quantities: Interval[]
  /** Time frame ("last quarter", "2025", "past"), when the clause names one. */
  frame?: string
  /** Condition ("if the cache is cold", "on weekends"), when the clause carries one. */
  condition?: string
}

export interface Claim {
  id: string
  /** The claim: a sentence (in `Analysis.claims`) or, in a finding, the clause that carries the conflict. */
  text: string
  source: string
  line: number
  participant: string
}

export interface ClaimRef extends Claim {
  /** The full sentence the clause `text` sits in (equal to `text` when the sentence is one clause). */
  sentence: string
  /** How many times this exact sentence occurs in the inputs (the first occurrence is shown). */
  occurrences: number
  structure?: ClaimStructure
}

export interface DecisionPoint {
  /** Findings and agreements about one subject share this key. */
  key: string
  /** A plain phrase: "Retention period of the audit logs". */
  heading: string
}

export interface Finding {
  id: string
  kind: FindingKind
  /** For a numeric finding: what the two values measure. */
  measure?: Dimension
  /** For a numeric finding: the two values are ten times or more apart (most often two different measures). */
  farApart?: true
  /** The detector's raw strength (v1). Readers should rank and filter by `confidence`. */
  score: number
  subject: string[]
  evidence: string
  a: ClaimRef
  b: ClaimRef
  /** Only when both claims carry the tension's pole signals in the disputed clause. */
  tension?: {id: string; name: string; resolution: string}
  scope: 'between' | 'internal'
  confidence: number
  lowConfidence: boolean
  explanation: string
  decisionPoint: DecisionPoint
}

export interface Agreement {
  id: string
  decisionPoint: DecisionPoint
  /** Why they agree: "retention of the audit logs: 90 days = 3 months". */
  explanation: string
  /** At least two claims, from at least two participants. */
  claims: ClaimRef[]
}
