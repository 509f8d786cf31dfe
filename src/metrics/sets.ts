import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {readTextFile} from '../shared/input.js'
import {labelValue, type MetricFamily} from './exposition.js'

/**
 * The metric families of each command. Inputs are typed by the fields read (structural types), so metrics
 * depends on no other feature area. Names follow Prometheus conventions: `khaos_` prefix, base units
 * (seconds), `_total` only on counters, bounded label sets (trial, severity, family, drill, bloom, kind, stage).
 */

const SEVERITIES = ['low', 'medium', 'high', 'critical']
const isoSeconds = (iso: string | undefined): number | undefined => {
  const ms = iso ? Date.parse(iso) : Number.NaN
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000)
}

const gauge = (name: string, help: string, series: MetricFamily['series']): MetricFamily => ({help, name, series, type: 'gauge'})
const counter = (name: string, help: string, series: MetricFamily['series']): MetricFamily => ({help, name, series, type: 'counter'})
const one = (value: number) => [{labels: {}, value}]
const stamp = (name: string, help: string, iso?: string): MetricFamily[] => {
  const seconds = isoSeconds(iso)
  return seconds === undefined ? [] : [gauge(name, help, one(seconds))]
}

export interface TrialLike {
  findings: Array<{trial: string; family: string; severity: string}>
  summary: {generatedAt: string; filesScanned: number; failed: boolean; trials: string[]; errors: unknown[]; bySeverity: Record<string, number>}
}

export function trialMetrics(report: TrialLike): MetricFamily[] {
  const counts = new Map<string, {labels: Record<string, string>; value: number}>()
  for (const f of report.findings) {
    const labels = {family: labelValue(f.family), severity: labelValue(f.severity), trial: labelValue(f.trial)}
    const key = JSON.stringify(labels)
    const entry = counts.get(key) ?? {labels, value: 0}
    entry.value++
    counts.set(key, entry)
  }

  const s = report.summary
  return [
    gauge('khaos_trial_findings', 'Findings of the last trial run, per trial, severity and family.', [...counts.values()]),
    gauge(
      'khaos_trial_findings_by_severity',
      'Findings of the last trial run per severity (all four severities, zero included).',
      SEVERITIES.map((severity) => ({labels: {severity}, value: s.bySeverity[severity] ?? 0})),
    ),
    gauge('khaos_trial_files_scanned', 'Files the last trial run read.', one(s.filesScanned)),
    gauge('khaos_trial_trials_run', 'Trials the last trial run applied.', one(s.trials.length)),
    gauge('khaos_trial_errors', 'Trials that could not run in the last trial run.', one(s.errors.length)),
    gauge('khaos_trial_failed', '1 when the last trial run had findings at or above --fail-on, else 0.', one(s.failed ? 1 : 0)),
    ...stamp('khaos_trial_last_run_timestamp_seconds', 'When the last trial run was made (Unix time).', s.generatedAt),
  ]
}

export interface DrillLike {
  generatedAt: string
  drills: Array<{
    id: number
    slug: string
    bloom: string
    status: string
    attempts: number
    passes: number
    hintsUsed: number
    streak: number
    bestStreak: number
    box: number | null
  }>
  totals: {drills: number; passed: number; currentStreak: number; bestStreak: number}
}

export function drillMetrics(report: DrillLike): MetricFamily[] {
  const drill = (d: DrillLike['drills'][number]) => labelValue(`${String(d.id).padStart(2, '0')}-${d.slug}`)
  const t = report.totals
  return [
    gauge(
      'khaos_drill_passed',
      '1 when the drill has been passed at least once, else 0.',
      report.drills.map((d) => ({labels: {bloom: labelValue(d.bloom), drill: drill(d)}, value: d.status === 'passed' ? 1 : 0})),
    ),
    counter(
      'khaos_drill_checks_total',
      'Checks of the drill so far.',
      report.drills.map((d) => ({labels: {drill: drill(d)}, value: d.attempts})),
    ),
    counter(
      'khaos_drill_check_passes_total',
      'Passing checks of the drill so far.',
      report.drills.map((d) => ({labels: {drill: drill(d)}, value: d.passes})),
    ),
    counter(
      'khaos_drill_hints_used_total',
      'Hints shown for the drill so far.',
      report.drills.map((d) => ({labels: {drill: drill(d)}, value: d.hintsUsed})),
    ),
    gauge(
      'khaos_drill_streak',
      'Consecutive passing checks of the drill, now.',
      report.drills.map((d) => ({labels: {drill: drill(d)}, value: d.streak})),
    ),
    gauge(
      'khaos_drill_best_streak',
      'Longest run of passing checks of the drill.',
      report.drills.map((d) => ({labels: {drill: drill(d)}, value: d.bestStreak})),
    ),
    gauge(
      'khaos_drill_leitner_box',
      'Leitner box of the drill (spaced repetition: higher is reviewed less often).',
      report.drills.filter((d) => d.box !== null).map((d) => ({labels: {drill: drill(d)}, value: d.box as number})),
    ),
    gauge('khaos_drills', 'Drills in the catalog.', one(t.drills)),
    gauge('khaos_drills_passed', 'Drills passed at least once.', one(t.passed)),
    gauge('khaos_drill_completion_ratio', 'Share of the catalog passed (0 to 1).', one(t.drills === 0 ? 0 : Math.round((t.passed / t.drills) * 1e6) / 1e6)),
    gauge('khaos_drill_current_streak_max', 'Longest current streak over all drills.', one(t.currentStreak)),
    gauge('khaos_drill_best_streak_max', 'Longest streak ever over all drills.', one(t.bestStreak)),
    ...stamp('khaos_drill_progress_timestamp_seconds', 'When the progress report was made (Unix time).', report.generatedAt),
  ]
}

export interface SynthesisLike {
  findings: number
  /** Findings below the confidence threshold (the summary's appendix). */
  lowConfidence?: number
  signed: boolean
  timestamp: string
  stages: Array<{name: string; status: string; durationMs: number}>
  artifacts: {contradictions: string}
}

/**
 * The session's analysis.json, counted: main-list findings per kind and the low-confidence ones (the appendix).
 * Absent or unreadable: undefined, and the metrics fall back to the totals the synthesis reported.
 */
function findingsOf(contradictionsDir: string): {kinds: Map<string, number>; low: number} | undefined {
  const file = join(contradictionsDir, 'analysis.json')
  if (!existsSync(file)) return undefined
  try {
    const data = JSON.parse(readTextFile(file, {what: 'analysis'})) as {findings?: Array<{kind?: unknown; lowConfidence?: unknown}>}
    const kinds = new Map<string, number>()
    let low = 0
    for (const f of data.findings ?? []) {
      if (f?.lowConfidence === true) low++
      else if (typeof f?.kind === 'string') kinds.set(labelValue(f.kind), (kinds.get(labelValue(f.kind)) ?? 0) + 1)
    }

    return {kinds, low}
  } catch {
    // A broken analysis.json is the synthesis's problem, reported there; metrics carry the totals only.
    return undefined
  }
}

export function synthesisMetrics(result: SynthesisLike): MetricFamily[] {
  const counted = findingsOf(result.artifacts.contradictions)
  const low = counted?.low ?? result.lowConfidence ?? 0
  const main = counted ? [...counted.kinds.values()].reduce((n, k) => n + k, 0) : result.findings - low
  return [
    gauge(
      'khaos_synthesis_contradictions',
      'Contradictions in the main list of the last synthesis, per kind.',
      [...(counted?.kinds ?? [])].map(([kind, value]) => ({labels: {kind}, value})),
    ),
    gauge('khaos_synthesis_contradictions_found', 'Contradictions in the main list of the last synthesis, all kinds.', one(main)),
    gauge('khaos_synthesis_low_confidence_findings', 'Findings of the last synthesis below the confidence threshold (the appendix).', one(low)),
    gauge(
      'khaos_synthesis_stage_duration_seconds',
      'Duration of each stage of the last synthesis.',
      result.stages.map((s) => ({labels: {stage: labelValue(s.name), status: labelValue(s.status)}, value: s.durationMs / 1000})),
    ),
    gauge('khaos_synthesis_signed', '1 when the last synthesis signed its artifacts, else 0.', one(result.signed ? 1 : 0)),
    ...stamp('khaos_synthesis_last_run_timestamp_seconds', 'Time recorded by the last synthesis (Unix time).', result.timestamp),
  ]
}

export interface VerifyLike {
  ok: boolean
  key: {source: string}
  subjects: Array<{ok: boolean}>
  failures: string[]
}

export function verifyMetrics(report: VerifyLike, time: string): MetricFamily[] {
  return [
    gauge('khaos_verify_ok', '1 when the notary verified completely, else 0.', one(report.ok ? 1 : 0)),
    gauge(
      'khaos_verify_key_pinned',
      "1 when the trusted key was pinned (--key), 0 when the notary's own key was used.",
      one(report.key.source === 'pinned' ? 1 : 0),
    ),
    gauge('khaos_verify_subjects', 'Subjects (files) in the notary.', one(report.subjects.length)),
    gauge('khaos_verify_subjects_ok', 'Subjects whose hash and signature checked.', one(report.subjects.filter((s) => s.ok).length)),
    gauge('khaos_verify_failures', 'Problems the last verification found.', one(report.failures.length)),
    ...stamp('khaos_verify_last_run_timestamp_seconds', 'When the last verification ran (Unix time).', time),
  ]
}
