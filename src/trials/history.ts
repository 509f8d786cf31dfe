import {lstatSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

import {InputError} from '../shared/errors.js'
import {readTextFile} from '../shared/input.js'
import {FAMILIES, SEVERITIES, type Severity} from './types.js'

/**
 * The trend of findings across runs, from previous `khaos trial run --format json` reports in a folder the user
 * names (`--history DIR`). The trend depends only on those files' contents, never on their order on disk or their
 * mtimes: runs are ordered by their own `generatedAt`, then file name, so the page is byte-identical for the same
 * folder and --timestamp. Files that are not khaos trial reports are listed as skipped, not trusted.
 */

export interface HistoryRun {
  /** The report's own time (ISO), or the current run's. */
  generatedAt: string
  /** The file it came from, or undefined for the current run. */
  source?: string
  total: number
  bySeverity: Record<Severity, number>
  /** Family display name → findings. */
  byFamily: Record<string, number>
}

export interface History {
  runs: HistoryRun[]
  skipped: Array<{file: string; reason: string}>
}

/** Runs shown in the trend: the most recent ones; older runs are counted in a note, not drawn. */
export const MAX_TREND_RUNS = 30
/** Folders with more files than this are refused rather than read (a history is a handful of reports). */
const MAX_HISTORY_FILES = 1000
const MAX_REPORT_BYTES = 32 * 1024 * 1024
const FAMILY_NAMES = new Set<string>(Object.values(FAMILIES))
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function emptyCounts(): Record<Severity, number> {
  return {critical: 0, high: 0, low: 0, medium: 0}
}

/** Counts of one report's findings; a reason string when it is not a khaos trial report. */
export function runFromReport(json: unknown, source?: string): HistoryRun | string {
  if (!isRecord(json) || !isRecord(json.summary) || !Array.isArray(json.findings)) return 'not a khaos trial report (no summary and findings)'
  const {summary} = json
  if (!isRecord(summary.tool) || summary.tool.name !== 'khaos') return 'not written by khaos (summary.tool.name)'
  if (typeof summary.generatedAt !== 'string' || !ISO.test(summary.generatedAt) || Number.isNaN(Date.parse(summary.generatedAt)))
    return 'summary.generatedAt is not an ISO time'
  const run: HistoryRun = {byFamily: {}, bySeverity: emptyCounts(), generatedAt: summary.generatedAt, source, total: 0}
  for (const finding of json.findings) {
    if (!isRecord(finding)) return 'a finding is not an object'
    const {family, severity} = finding
    if (typeof severity !== 'string' || !(SEVERITIES as readonly string[]).includes(severity)) return 'a finding has an unknown severity'
    if (typeof family !== 'string' || !FAMILY_NAMES.has(family)) return 'a finding has an unknown family'
    run.bySeverity[severity as Severity] += 1
    run.byFamily[family] = (run.byFamily[family] ?? 0) + 1
    run.total += 1
  }

  return run
}

export function loadHistory(dir: string): History {
  let entries
  try {
    entries = readdirSync(dir, {withFileTypes: true})
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new InputError(`--history ${dir}: no such folder`)
    if (code === 'ENOTDIR') throw new InputError(`--history ${dir}: not a folder; give the folder of previous --format json reports`)
    if (code === 'EACCES') throw new InputError(`--history ${dir}: permission denied`)
    throw error
  }

  const names = entries
    .filter((e) => e.name.endsWith('.json'))
    .map((e) => e.name)
    .sort()
  if (names.length > MAX_HISTORY_FILES)
    throw new InputError(`--history ${dir}: ${names.length} .json files, over the ${MAX_HISTORY_FILES} limit; keep recent reports only`)
  const history: History = {runs: [], skipped: []}
  for (const name of names) {
    const path = join(dir, name)
    // A link could lead outside the folder the user named: only regular files in it are read.
    if (!lstatSync(path).isFile()) {
      history.skipped.push({file: name, reason: 'not a regular file (links are not followed)'})
      continue
    }

    let json: unknown
    try {
      json = JSON.parse(readTextFile(path, {maxBytes: MAX_REPORT_BYTES, what: 'history report'}))
    } catch (error) {
      history.skipped.push({file: name, reason: error instanceof InputError ? error.message.replace(`history report ${path}: `, '') : 'not valid JSON'})
      continue
    }

    const run = runFromReport(json, name)
    if (typeof run === 'string') history.skipped.push({file: name, reason: run})
    else history.runs.push(run)
  }

  history.runs.sort((a, b) => a.generatedAt.localeCompare(b.generatedAt) || (a.source ?? '').localeCompare(b.source ?? ''))
  return history
}

/**
 * The runs the trend draws: history then the current run, without a history file that is this very run (a CI
 * job that saved this run's JSON into the folder first), the last MAX_TREND_RUNS of them.
 */
export function trendRuns(history: HistoryRun[], current: HistoryRun): {runs: HistoryRun[]; dropped: number} {
  const same = (r: HistoryRun) =>
    r.generatedAt === current.generatedAt &&
    r.total === current.total &&
    (Object.keys(current.bySeverity) as Severity[]).every((s) => r.bySeverity[s] === current.bySeverity[s])
  const all = [...history.filter((r) => !same(r)), current]
  const dropped = Math.max(0, all.length - MAX_TREND_RUNS)
  return {dropped, runs: all.slice(dropped)}
}
