/**
 * Scoring of the prose evaluation set, without running anything: reads an analysis.json object and scores it
 * against a meeting's gold (bench/prose.ts runs the CLI and prints; test/contradictions/prose-eval.test.ts checks
 * this logic on made-up findings).
 */
import {basename} from 'node:path'

import {
  calibrationClass,
  calibrationFeatures,
  calibrationTokens,
  type CalibrationWords,
  lineFindings,
  linesApart,
  shrunkShare,
  weighted,
  wordsLogit,
} from '../src/contradictions/judgement.js'
import {sparseRows, toHundredths} from '../src/contradictions/fitted.js'
import {sectionTitles} from '../src/contradictions/markdown.js'
import type {Finding} from '../src/contradictions/types.js'
import {type ArrivalRecord, claimAt, contradictionKeys, type GoldEntry, lineText, type Meeting, pairKey} from './prose-set.js'

export interface EngineClaim {
  file: string
  line: number
  text: string
}

export interface EngineFinding {
  key: string
  a: EngineClaim
  b: EngineClaim
  kind: string
  score: number
  evidence: string
  /** The catalog tension the engine attached, if any. */
  tension?: string
  /** The heading of the finding's decision point, as the summary shows it. */
  heading?: string
}

export interface SynthesizeRun {
  findings: EngineFinding[]
  /** Pair keys of the agreements the engine lists, if any. */
  agreements: Set<string>
  appendix: number
  /** The catalog tensions the summary gives the topic (synthesize --json: tensionsAtStake). */
  topicTensions?: string[]
  error?: string
}

/** The tension counts of a meeting's score, summed as they are over a half. */
export const TENSION_COUNTS = [
  'labelled',
  'topicShown',
  'topicRight',
  'topicLabels',
  'topicFound',
  'onFindings',
  'onFindingsRight',
  'onFindingsInMeeting',
] as const

export interface SynthesizeScore {
  gold: number
  goldExplicit: number
  reported: number
  matchedFindings: number
  matchedGold: number
  matchedGoldExplicit: number
  trapsReported: number
  traps: number
  appendix: number
  /** Internal (one participant) contradictions: gold and found. */
  goldInternal: number
  matchedGoldInternal: number
  /** Agreements listed by the engine (analysis.agreements), if it lists any. */
  agreementsReported: number
  /** Gold agreements found among them (the gold list is not exhaustive: no precision). */
  agreementsMatched: number
  goldAgreements: number
  /** Engine agreements on the lines of a gold contradiction: always wrong. */
  agreementsOnContradictions: number
  /**
   * Main-list findings on a gold contradiction whose decision point heading names the thing in dispute: shares a
   * content word with the gold entry's subject (a plain heading a person wrote), of all such findings with a heading.
   */
  headingsNamingSubject: number
  headingsOfMatches: number
  /**
   * Catalog tensions against the labels of tensions.yaml (meetings that have them): the topic's (shown, right,
   * labelled, labelled and shown) and the main-list findings' (attached; on a gold contradiction labelled with it;
   * one of the meeting's labels, a lenient reading).
   */
  tensions: Record<(typeof TENSION_COUNTS)[number], number>
  error?: string
}

export interface ScoredSynthesize {
  synthesize: SynthesizeScore
  falsePositives: Array<{finding: EngineFinding; trap?: string; agreement?: string}>
  misses: GoldEntry[]
}

/** A finding the engine set aside (low-confidence appendix), under the names such a flag is likely to take. */
function setAside(finding: Record<string, unknown>): boolean {
  return finding.lowConfidence === true || finding.appendix === true || finding.section === 'appendix' || finding.confidenceBand === 'low'
}

function engineClaim(value: unknown): EngineClaim | undefined {
  const claim = value as Record<string, unknown> | undefined
  const path = claim?.source ?? claim?.file ?? claim?.path
  if (typeof path !== 'string' || typeof claim?.line !== 'number') return undefined
  return {file: basename(path), line: claim.line, text: typeof claim.text === 'string' ? claim.text : ''}
}

/** The main-list findings of an analysis.json (appendix aside, one per pair of lines) and its agreements. */
export function readAnalysis(value: unknown): SynthesizeRun {
  const analysis = (value ?? {}) as {agreements?: unknown; findings?: unknown}
  const agreements = new Set<string>()
  for (const raw of Array.isArray(analysis.agreements) ? (analysis.agreements as Array<Record<string, unknown>>) : []) {
    const a = engineClaim(raw?.a)
    const b = engineClaim(raw?.b)
    if (a && b) agreements.add(pairKey(a, b))
    // Analysis v2 lists an agreement's claims (two or more): every pair of them agrees.
    const claims = (Array.isArray(raw?.claims) ? (raw.claims as unknown[]) : []).map((c) => engineClaim(c)).filter((c): c is EngineClaim => c !== undefined)
    for (const [i, x] of claims.entries()) for (const y of claims.slice(i + 1)) agreements.add(pairKey(x, y))
  }

  const findings = new Map<string, EngineFinding>()
  let appendix = 0
  for (const raw of Array.isArray(analysis.findings) ? (analysis.findings as Array<Record<string, unknown>>) : []) {
    if (setAside(raw)) {
      appendix++
      continue
    }

    const a = engineClaim(raw.a)
    const b = engineClaim(raw.b)
    if (!a || !b) continue
    const key = pairKey(a, b)
    const score = typeof raw.confidence === 'number' ? raw.confidence : typeof raw.score === 'number' ? raw.score : 0
    const previous = findings.get(key)
    if (!previous || previous.score < score) {
      const tension = (raw.tension as {id?: unknown} | undefined)?.id
      const heading = (raw.decisionPoint as {heading?: unknown} | undefined)?.heading
      findings.set(key, {
        a,
        b,
        evidence: String(raw.explanation ?? raw.evidence ?? ''),
        key,
        kind: String(raw.kind ?? ''),
        score,
        ...(typeof heading === 'string' ? {heading} : {}),
        ...(typeof tension === 'string' ? {tension} : {}),
      })
    }
  }

  return {agreements, appendix, findings: [...findings.values()]}
}

/**
 * Findings against the gold: a finding matches a contradiction on the same two lines, either order, or on a
 * restatement of either side (contradictionKeys); `strict` keeps to the listed pairs only.
 */
export function scoreSynthesize(meeting: Meeting, run: SynthesizeRun, options: {strict?: boolean} = {}): ScoredSynthesize {
  const {agreements, appendix, error, findings} = run
  const goldKeys = contradictionKeys(meeting, {restatements: !options.strict})
  const trapKeys = new Map(meeting.traps.map((entry) => [pairKey(entry.a, entry.b), entry]))
  const agreementKeys = new Map(meeting.agreements.map((entry) => [pairKey(entry.a, entry.b), entry]))
  const reportedKeys = new Set(findings.map((f) => f.key))
  const matched = new Set([...reportedKeys].map((key) => goldKeys.get(key)).filter((entry) => entry !== undefined))
  const found = (entry: GoldEntry) => matched.has(entry)
  const matchedGold = meeting.contradictions.filter((entry) => found(entry))
  const headed = findings.flatMap((f) => {
    const entry = goldKeys.get(f.key)
    return entry && f.heading !== undefined ? [{entry, heading: f.heading}] : []
  })
  return {
    falsePositives: findings
      .filter((f) => !goldKeys.has(f.key))
      .map((finding) => ({agreement: agreementKeys.get(finding.key)?.id, finding, trap: trapKeys.get(finding.key)?.id}))
      .sort((x, y) => y.finding.score - x.finding.score),
    misses: meeting.contradictions.filter((entry) => !found(entry)),
    synthesize: {
      agreementsMatched: meeting.agreements.filter((entry) => agreements.has(pairKey(entry.a, entry.b))).length,
      agreementsOnContradictions: [...agreements].filter((key) => goldKeys.has(key)).length,
      agreementsReported: agreements.size,
      appendix,
      error,
      gold: meeting.contradictions.length,
      goldAgreements: meeting.agreements.length,
      goldExplicit: meeting.contradictions.filter((entry) => !entry.needs_inference).length,
      goldInternal: meeting.contradictions.filter((entry) => entry.kind === 'internal').length,
      headingsNamingSubject: headed.filter(({entry, heading}) => namesSubject(heading, entry.subject)).length,
      headingsOfMatches: headed.length,
      matchedFindings: findings.filter((f) => goldKeys.has(f.key)).length,
      matchedGold: matchedGold.length,
      matchedGoldExplicit: matchedGold.filter((entry) => !entry.needs_inference).length,
      matchedGoldInternal: matchedGold.filter((entry) => entry.kind === 'internal').length,
      reported: findings.length,
      traps: meeting.traps.length,
      tensions: scoreTensions(meeting, run, goldKeys),
      trapsReported: findings.filter((f) => trapKeys.has(f.key)).length,
    },
  }
}

/** Words a heading and a subject are compared on: content words, lower case, a plural's "s" dropped. */
const HEADING_STOP_WORDS = new Set('a an and are as at be by for from how in is its of on or per the their to vs when whether which who with what'.split(' '))
function headingWords(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9_]+/)
      .map((w) => w.replace(/ies$/, 'y').replace(/(?<=[a-z]{3})s$/, ''))
      .filter((w) => w !== '' && !HEADING_STOP_WORDS.has(w)),
  )
}

/** Whether an engine's heading names what a gold subject names: one content word in common ("Retention of the PATs" / "Maximum expiry of personal access tokens" do not). */
export function namesSubject(heading: string, subject: string): boolean {
  const wanted = headingWords(subject)
  return [...headingWords(heading)].some((word) => wanted.has(word))
}

function scoreTensions(meeting: Meeting, run: SynthesizeRun, goldKeys: Map<string, GoldEntry>): SynthesizeScore['tensions'] {
  const labels = meeting.tensions
  if (!labels) return Object.fromEntries(TENSION_COUNTS.map((k) => [k, 0])) as SynthesizeScore['tensions']
  const shown = run.topicTensions ?? []
  const attached = run.findings.filter((f) => f.tension !== undefined)
  const ownLabel = (f: EngineFinding) => {
    const entry = goldKeys.get(f.key)
    return entry !== undefined && labels.contradictions.get(entry.id) === f.tension
  }
  return {
    labelled: 1,
    onFindings: attached.length,
    onFindingsInMeeting: attached.filter((f) => ownLabel(f) || labels.topic.includes(f.tension!)).length,
    onFindingsRight: attached.filter((f) => ownLabel(f)).length,
    topicFound: labels.topic.filter((id) => shown.includes(id)).length,
    topicLabels: labels.topic.length,
    topicRight: shown.filter((id) => labels.topic.includes(id)).length,
    topicShown: shown.length,
  }
}

/** The sentence(s) of a gold claim's line that hold its quote, without Markdown list, heading and emphasis marks. */
export function claimSentence(line: string, quote: string): string {
  const clean = (text: string) =>
    text
      .replace(/^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)?/, '')
      .replaceAll(/\*\*|__|`/g, '')
      .trim()
  const text = clean(line)
  const needle = clean(quote)
  const start = text.indexOf(needle)
  if (start < 0 || needle === '') return text
  const end = start + needle.length
  const sentences: Array<{from: number; to: number}> = []
  let from = 0
  for (const match of text.matchAll(/[.!?](?=\s+["'(A-Z0-9])/g)) {
    sentences.push({from, to: match.index + 1})
    from = match.index + 1
  }

  sentences.push({from, to: text.length})
  return sentences
    .filter((s) => s.from < end && s.to > start)
    .map((s) => text.slice(s.from, s.to))
    .join('')
    .trim()
}

/** The arrival record of a meeting's findings: one per pair of lines (the most confident), sorted by lines. */
export function arrivalRecord(findings: Finding[], engine: string, recorded: string): ArrivalRecord {
  const byLines = new Map<string, Finding>()
  for (const finding of findings) {
    const key = pairKey({file: basename(finding.a.source), line: finding.a.line}, {file: basename(finding.b.source), line: finding.b.line})
    const known = byLines.get(key)
    if (!known || known.confidence < finding.confidence) byLines.set(key, finding)
  }

  const at = (claim: Finding['a']) => `${basename(claim.source)}:${claim.line}`
  return {
    engine,
    findings: [...byLines]
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([, f]) => ({
        a: at(f.a),
        b: at(f.b),
        evidence: f.evidence,
        kind: f.kind,
        scope: f.scope,
        subject: f.subject,
        ...(f.measure ? {measure: f.measure} : {}),
        ...(f.farApart ? {farApart: f.farApart} : {}),
      })),
    recorded,
  }
}

/**
 * Adds one meeting's arrival record to the calibration counts: per calibration class, [real, seen]. What
 * CALIBRATION in src/contradictions/judgement.ts holds.
 */
export function addCalibrationCounts(counts: Map<string, [number, number]>, meeting: Meeting, record: ArrivalRecord): void {
  const gold = contradictionKeys(meeting)
  for (const finding of record.findings) {
    const name = calibrationClass(finding)
    const [real, seen] = counts.get(name) ?? [0, 0]
    counts.set(name, [real + (gold.has(pairKey(claimAt(finding.a), claimAt(finding.b))) ? 1 : 0), seen + 1])
  }
}

/** For each finding of a record, the most findings either of its lines has in the record (what analyze counts). */
export const recordLineFindings = (record: ArrivalRecord): number[] => lineFindings(record.findings.map((finding) => [finding.a, finding.b] as const))

/** One row per recorded finding: its class, its features (calibrationFeatures) and whether the gold lists it. */
export interface CalibrationRow {
  className: string
  features: number[]
  /** calibrationTokens of its lines and evidence: what the word weights are fitted on. */
  tokens: string[]
  real: boolean
  /** The gold entry it matches, if any. */
  entry?: string
}

/** The meeting's participants and the writers of a recorded finding's two claims (a claim is "<participant>.md:<line>"). */
function recordWriters(meeting: Meeting, finding: {a: string; b: string}): {all: string[]; a: string; b: string} {
  const writer = (at: string) => at.slice(0, at.lastIndexOf(':')).replace(/\.md$/, '')
  return {a: writer(finding.a), all: meeting.info.participants, b: writer(finding.b)}
}

/** The section titles (sectionTitles) of a recorded finding's two lines. */
function recordSections(meeting: Meeting, finding: {a: string; b: string}): [string | undefined, string | undefined] {
  const titleOf = (at: string) => {
    const claim = claimAt(at)
    return sectionTitles(meeting.lines.get(claim.file) ?? [])[claim.line - 1]
  }
  return [titleOf(finding.a), titleOf(finding.b)]
}

export function calibrationRows(meeting: Meeting, record: ArrivalRecord): CalibrationRow[] {
  const entries = new Map([...contradictionKeys(meeting)].map(([key, entry]) => [key, entry.id] as const))
  const lineFindings = recordLineFindings(record)
  return record.findings.map((finding, k) => {
    const entry = entries.get(pairKey(claimAt(finding.a), claimAt(finding.b)))
    const lines = [finding.a, finding.b].map((at) => lineText(meeting, claimAt(at)) ?? '') as [string, string]
    return {
      className: calibrationClass(finding),
      features: calibrationFeatures(finding, {
        internalDistance: linesApart(finding.a, finding.b),
        lineFindings: lineFindings[k],
        lines,
        sections: recordSections(meeting, finding),
        writers: recordWriters(meeting, finding),
      }),
      tokens: calibrationTokens(finding.evidence, lines),
      real: entry !== undefined,
      ...(entry ? {entry} : {}),
    }
  })
}

/** How the word weights are fitted: the ridge, the steps of gradient descent, and the least records a token is in. */
export const WORD_FIT = {iterations: 300, lambda: 0.01, minRecords: 3}

/**
 * Word weights on top of the fitted classes and features (their log-odds held fixed): gradient descent on the
 * ridge-penalised log loss, deterministic. Tokens in fewer than WORD_FIT.minRecords records are left out, and
 * weights under 0.01 once rounded to two places.
 */
function fitWords(rows: CalibrationRow[], logOdds: (row: CalibrationRow) => number): CalibrationWords {
  const {active, vocabulary} = sparseRows(
    rows.map((row) => row.tokens),
    WORD_FIT.minRecords,
  )
  const base = rows.map((row) => logOdds(row))
  const w = new Float64Array(vocabulary.length)
  const gradient = new Float64Array(vocabulary.length)
  for (let step = 0; step < WORD_FIT.iterations; step++) {
    gradient.fill(0)
    for (const [i, row] of rows.entries()) {
      const z = active[i].reduce((sum, j) => sum + w[j], base[i])
      const error = 1 / (1 + Math.exp(-z)) - (row.real ? 1 : 0)
      for (const j of active[i]) gradient[j] += error
    }

    for (let j = 0; j < w.length; j++) w[j] -= gradient[j] / rows.length + WORD_FIT.lambda * w[j]
  }

  const weights: Record<string, number> = {}
  for (const [j, token] of vocabulary.entries()) {
    const rounded = toHundredths(w[j])
    if (rounded !== 0) weights[token] = rounded
  }

  return {iterations: WORD_FIT.iterations, lambda: WORD_FIT.lambda, weights}
}

/** Weight of the ridge that keeps the fitted weights near zero when the records say little. */
const RIDGE = 1

/**
 * A calibration fitted on some meetings' records: the class table (as CALIBRATION) and the weights of
 * calibrationFeatures on the log-odds of each class's shrunk share, by logistic regression (Newton's method with a
 * small ridge; deterministic). `confidence` scores a row as judgement.calibrate would with these counts and weights.
 */
export function fitCalibration(meetings: Meeting[]): {
  counts: Map<string, [number, number]>
  weights: number[]
  words: CalibrationWords
  confidence: (row: CalibrationRow) => number
} {
  const counts = new Map<string, [number, number]>()
  const rows: CalibrationRow[] = []
  for (const meeting of meetings) {
    if (!meeting.arrival) continue
    addCalibrationCounts(counts, meeting, meeting.arrival)
    rows.push(...calibrationRows(meeting, meeting.arrival))
  }

  const [real, seen] = [...counts.values()].reduce(([r, s], [x, y]) => [r + x, s + y], [0, 0])
  const prior = real / Math.max(1, seen)
  const share = (name: string) => shrunkShare(...(counts.get(name) ?? [0, 0]), prior)
  const offset = (row: CalibrationRow) => Math.log(share(row.className) / (1 - share(row.className)))
  const size = rows[0]?.features.length ?? 0
  let weights: number[] = Array.from({length: size}, () => 0)
  for (let step = 0; step < 25 && size > 0; step++) {
    const gradient: number[] = weights.map((w) => -RIDGE * w)
    const hessian = weights.map((_, i) => weights.map((__, j) => (i === j ? RIDGE : 0)))
    for (const row of rows) {
      const p = 1 / (1 + Math.exp(-(offset(row) + row.features.reduce((sum, x, k) => sum + x * weights[k], 0))))
      for (let i = 0; i < size; i++) {
        gradient[i] += ((row.real ? 1 : 0) - p) * row.features[i]
        for (let j = 0; j < size; j++) hessian[i][j] += p * (1 - p) * row.features[i] * row.features[j]
      }
    }

    weights = weights.map((w, i) => w + solve(hessian, gradient)[i])
  }

  const logOdds = (row: CalibrationRow) => offset(row) + row.features.reduce((sum, x, k) => sum + x * weights[k], 0)
  const words = fitWords(rows, logOdds)
  return {
    confidence: (row) =>
      weighted(
        share(row.className),
        row.features,
        weights,
        wordsLogit(words, () => row.tokens),
      ),
    counts,
    weights,
    words,
  }
}

/** x with a x = b, by Gaussian elimination (a is small, symmetric and positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const m = a.map((row, i) => [...row, b[i]])
  const n = b.length
  for (let i = 0; i < n; i++) {
    const pivot = m[i][i]
    for (let j = i; j <= n; j++) m[i][j] /= pivot
    for (let r = 0; r < n; r++) {
      if (r === i) continue
      const factor = m[r][i]
      for (let j = i; j <= n; j++) m[r][j] -= factor * m[i][j]
    }
  }

  return m.map((row) => row[n])
}

/** The weights as judgement.ts keeps them (two decimals). */
export const roundedWeights = (weights: number[]): number[] => weights.map((w) => toHundredths(w))
