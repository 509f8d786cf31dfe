import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {writeFileAtomic} from '../shared/atomic.js'
import {InputError} from '../shared/errors.js'
import {lockPathFor, withLockSync} from '../shared/lock.js'

/**
 * Learner progress, one JSON file under the state root, always replaced atomically (temp file + fsync +
 * rename), so a kill mid-write leaves the previous version intact. Scheduling is a Leitner system:
 * box 1..5; a pass moves a drill up one box and pushes it out by the box's interval; a failure sends it
 * back to box 1, due again soon.
 */

export interface DrillProgress {
  seed: number
  startedAt: string
  attempts: number
  passes: number
  hintsUsed: number
  firstPass?: string
  lastPass?: string
  lastAttempt?: string
  lastResult?: 'pass' | 'fail'
  /** Leitner box, 1..5. */
  box: number
  /** When the drill is due again (ISO). */
  due: string
  /** Consecutive passes (reset by a failure). */
  streak: number
  /** The longest run of consecutive passes so far. */
  bestStreak?: number
}

export interface ProgressFile {
  version: 1
  drills: Record<string, DrillProgress>
}

/** Days until a drill in box N comes back after a pass. */
const BOX_INTERVAL_DAYS = [0, 1, 3, 7, 14, 30] as const
/** A failed drill comes back after this many minutes. */
const RETRY_MINUTES = 10
const MAX_BOX = 5

function progressPath(stateRoot: string): string {
  return join(stateRoot, 'drills', 'progress.json')
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function validEntry(value: unknown): value is DrillProgress {
  if (!isRecord(value)) return false
  const ints = ['seed', 'attempts', 'passes', 'hintsUsed', 'box', 'streak']
  if (!ints.every((k) => Number.isInteger(value[k]) && (value[k] as number) >= 0)) return false
  if (typeof value.startedAt !== 'string' || typeof value.due !== 'string') return false
  if (value.bestStreak !== undefined && !(Number.isInteger(value.bestStreak) && (value.bestStreak as number) >= 0)) return false
  return ['firstPass', 'lastPass', 'lastAttempt'].every((k) => value[k] === undefined || typeof value[k] === 'string')
}

/**
 * Reads the progress file. A damaged entry is an input error naming the command that repairs it; that
 * command (`drill reset NN`) passes `discard: 'NN'`: that entry is not validated, since the caller drops it.
 */
export function loadProgress(stateRoot: string, options: {discard?: string} = {}): ProgressFile {
  const path = progressPath(stateRoot)
  if (!existsSync(path)) return {drills: {}, version: 1}
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new InputError(`${path}: progress file is not valid JSON (${(error as Error).message}); fix it or run \`khaos drill reset --all\``)
  }

  if (!isRecord(data) || data.version !== 1 || !isRecord(data.drills)) {
    throw new InputError(`${path}: not a khaos progress file (version 1); fix it or run \`khaos drill reset --all\``)
  }

  for (const [key, entry] of Object.entries(data.drills)) {
    if (key === options.discard) continue

    if (!/^\d{2}$/.test(key))
      throw new InputError(`${path}: progress entry "${key}" is not a drill number; run \`khaos drill reset --all\` or remove it from the file`)
    if (!validEntry(entry)) throw new InputError(`${path}: progress entry "${key}" is damaged; run \`khaos drill reset ${key}\``)
  }

  return data as unknown as ProgressFile
}

export function saveProgress(stateRoot: string, progress: ProgressFile): void {
  const sorted: ProgressFile = {drills: {}, version: 1}
  for (const key of Object.keys(progress.drills).sort()) sorted.drills[key] = progress.drills[key]
  writeFileAtomic(progressPath(stateRoot), `${JSON.stringify(sorted, null, 2)}\n`, {mode: 0o600, overwrite: true})
}

/**
 * Reads, changes and writes the progress file under its lock: two checks running at once (two terminals,
 * two drills) would otherwise each write the file they read, and one attempt would be lost.
 */
export function updateProgress(stateRoot: string, update: (progress: ProgressFile) => void): ProgressFile {
  return withLockSync(
    lockPathFor(progressPath(stateRoot)),
    () => {
      const progress = loadProgress(stateRoot)
      update(progress)
      saveProgress(stateRoot, progress)
      return progress
    },
    {what: 'the drill progress file'},
  )
}

function addMs(iso: string, ms: number): string {
  return new Date(new Date(iso).getTime() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function newEntry(seed: number, now: string): DrillProgress {
  return {attempts: 0, box: 1, due: now, hintsUsed: 0, passes: 0, seed, startedAt: now, streak: 0}
}

/** Records one check: counts, first/last pass, and the Leitner move. */
export function recordAttempt(entry: DrillProgress, passed: boolean, now: string): DrillProgress {
  const next = {...entry, attempts: entry.attempts + 1, lastAttempt: now, lastResult: passed ? ('pass' as const) : ('fail' as const)}
  if (passed) {
    next.passes += 1
    next.firstPass ??= now
    next.lastPass = now
    next.streak += 1
    next.bestStreak = Math.max(entry.bestStreak ?? 0, next.streak)
    next.box = Math.min(MAX_BOX, entry.box + 1)
    next.due = addMs(now, BOX_INTERVAL_DAYS[next.box] * 86_400_000)
  } else {
    next.streak = 0
    next.box = 1
    next.due = addMs(now, RETRY_MINUTES * 60_000)
  }

  return next
}

export interface NextPick {
  id: number
  reason: string
  due?: string
}

/**
 * What to do next: a failed drill that is due first (box 1), then any due drill (lowest box, oldest due),
 * then a drill never started (lowest id); if nothing is due, the one due soonest.
 */
export function pickNext(ids: number[], progress: ProgressFile, now: string): NextPick | undefined {
  const nowMs = new Date(now).getTime()
  const entries = ids.map((id) => ({entry: progress.drills[String(id).padStart(2, '0')], id}))
  const started = entries.filter((e) => e.entry?.lastAttempt !== undefined) as Array<{entry: DrillProgress; id: number}>
  const due = started
    .filter((e) => new Date(e.entry.due).getTime() <= nowMs)
    .sort((a, b) => a.entry.box - b.entry.box || a.entry.due.localeCompare(b.entry.due) || a.id - b.id)
  if (due.length > 0) {
    const {entry, id} = due[0]
    return {due: entry.due, id, reason: entry.lastResult === 'fail' ? 'failed last time: try again' : `due for review (box ${entry.box})`}
  }

  const fresh = entries.find((e) => e.entry?.lastAttempt === undefined)
  if (fresh) return {id: fresh.id, reason: fresh.entry ? 'started, not yet checked' : 'not started yet'}
  const soonest = [...started].sort((a, b) => a.entry.due.localeCompare(b.entry.due) || a.id - b.id)[0]
  if (!soonest) return undefined
  return {due: soonest.entry.due, id: soonest.id, reason: `nothing is due; this one is due first (${soonest.entry.due})`}
}
