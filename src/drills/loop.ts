import {createHash} from 'node:crypto'
import {existsSync, watch, type FSWatcher} from 'node:fs'
import {basename, dirname, resolve} from 'node:path'

import {writeFileAtomic} from '../shared/atomic.js'
import {InputError} from '../shared/errors.js'
import {readTextFile} from '../shared/input.js'
import {terminalSafe} from '../shared/text.js'
import {loadModule, type Drill} from './catalog.js'
import {checkCommand, type CheckResult} from './check.js'
import {sweepStaleScratch} from './fixture.js'
import {loadProgress, recordAttempt, updateProgress, type DrillProgress} from './progress.js'
import {detectUserland} from './verify.js'
import {drillsState, ensureEntry} from './workspace.js'

/** The learner's loop around `check`: solution files, one check recorded in progress, the watch loop. */

export const MAX_COMMAND_BYTES = 64 * 1024

/** Refuses what cannot be a command: too large, a NUL byte, empty. */
export function assertCommand(command: string, what = 'the command'): void {
  if (command.trim() === '') throw new InputError(`${what} is empty`)
  if (Buffer.byteLength(command) > MAX_COMMAND_BYTES) throw new InputError(`${what} is over ${MAX_COMMAND_BYTES / 1024} KiB`)
  if (command.includes('\0')) throw new InputError(`${what} contains a NUL byte`)
}

/** A solution file's text (bash, run as `bash -c`; `$1` and quotes need no escaping). */
export function readSolutionFile(path: string): string {
  return readTextFile(path, {maxBytes: MAX_COMMAND_BYTES, what: 'solution file'})
}

/** True when a solution file holds nothing but comments and blank lines (the template, not an answer yet). */
export function isBlankSolution(text: string): boolean {
  return text.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('#'))
}

/** The file `drill watch` creates for a drill when none is named: comments only, so it is not an answer. */
function solutionTemplate(drill: Drill): string {
  const task = drill.task
    .trimEnd()
    .split('\n')
    .map((line) => `# ${line}`.trimEnd())
    .join('\n')
  return `# drill ${drill.nn} · ${drill.title} (${drill.bloom})\n#\n${task}\n#\n# Write your command below, then save: khaos drill watch checks it on every save.\n# It runs with bash -c in a fresh copy of the fixture, so $1, quotes and pipes need no escaping.\n\n`
}

export function defaultSolutionPath(drill: Drill): string {
  return `solution-${drill.nn}.sh`
}

export interface RecordedCheck {
  result: CheckResult
  entry: DrillProgress
  /** The seed was picked now (the drill had not been started). */
  created: boolean
}

/** One `check`: on the learner's seed (picked now if the drill was never started), recorded in progress. */
export async function checkAndRecord(stateRoot: string, drill: Drill, command: string, now: string): Promise<RecordedCheck> {
  const module = await loadModule(drill)
  const progress = loadProgress(stateRoot)
  const {created, entry} = ensureEntry(progress, drill, now)
  const state = drillsState(stateRoot)
  sweepStaleScratch(state.runs)
  const result = await checkCommand(drill, module, command, entry.seed, state.runs, state.cache)
  let recorded = entry
  updateProgress(stateRoot, (latest) => {
    // The entry as it is now (another check may have counted an attempt meanwhile), if still on this seed.
    const current = latest.drills[drill.nn]?.seed === entry.seed ? latest.drills[drill.nn] : entry
    recorded = recordAttempt(current, result.passed, now)
    latest.drills[drill.nn] = recorded
  })
  return {created, entry: recorded, result}
}

/** What a person reads after a check: the verdict line, then what helps on a failure. */
export function formatCheck(drill: Drill, {entry, result}: RecordedCheck, options: {color?: (ok: boolean, text: string) => string} = {}): string[] {
  const paint = options.color ?? ((_ok: boolean, text: string) => text)
  const lines = [`${paint(result.passed, result.passed ? 'PASS' : 'FAIL')}  drill ${drill.nn} · ${drill.title}: ${result.message} (${result.ms} ms)`]
  // The learner's command output is shown, not replayed: escapes and CRs appear as \e, \r.
  if (result.diff) lines.push(terminalSafe(result.diff, {keepLines: true}))
  if (result.output && result.verdict === 'wrong') lines.push(`your output:\n${terminalSafe(result.output, {keepLines: true}).replace(/^/gm, '  | ')}`)
  if (!result.passed && result.stderr) lines.push(`your command's stderr:\n${terminalSafe(result.stderr, {keepLines: true}).replace(/^/gm, '  ')}`)
  if (!result.passed && entry.hintsUsed < drill.hints.length) lines.push(`stuck? khaos drill hint ${drill.id}`)
  return lines
}

/** The reference solution for this machine's userland (GNU on Linux, BSD elsewhere). */
export function referenceSolution(drill: Drill): {text: string; userland: string} {
  const userland = detectUserland()
  return {text: drill.solutions[userland].trimEnd(), userland}
}

/** The drill after `current` in catalog order that is not passed yet (wrapping round), if any. */
export function nextUnpassed(drills: Drill[], current: Drill, passed: (drill: Drill) => boolean): Drill | undefined {
  const start = drills.findIndex((d) => d.id === current.id)
  for (let i = 1; i < drills.length; i++) {
    const candidate = drills[(start + i) % drills.length]
    if (!passed(candidate)) return candidate
  }

  return undefined
}

export function ensureSolutionFile(path: string, drill: Drill): boolean {
  if (existsSync(path)) return false
  writeFileAtomic(path, solutionTemplate(drill))
  return true
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/**
 * Calls `onSave` with the file's text after each save, debounced: editors write a file in several steps (or
 * write a new file and rename it over the old one), so the directory is watched, not the file's inode, and a
 * burst of events becomes one call once they stop for `debounceMs`. Returns a function that stops watching.
 */
export function watchSolution(path: string, onSave: (text: string) => void, debounceMs = 200): () => void {
  const full = resolve(path)
  const name = basename(full)
  let timer: NodeJS.Timeout | undefined
  const fire = () => {
    timer = undefined
    let text: string
    try {
      text = readSolutionFile(full)
    } catch {
      return // mid-rename, or removed: the next event brings it back
    }

    onSave(text)
  }

  const watcher: FSWatcher = watch(dirname(full), (_event, file) => {
    if (file !== null && file.toString() !== name) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(fire, debounceMs)
  })
  return () => {
    if (timer) clearTimeout(timer)
    watcher.close()
  }
}
