import type {Drill} from './catalog.js'
import {compareOutput, type Comparison} from './compare.js'
import {freshCopy, prepareSeed, removeScratch, type PreparedSeed} from './fixture.js'
import {nextSeed} from './rng.js'
import {runCommand, type RunOutcome} from './runner.js'
import type {DrillModule} from './types.js'

export type Verdict = 'pass' | 'wrong' | 'timeout' | 'output-cap' | 'hardcoded'

export interface Attempt {
  seed: number
  outcome: RunOutcome
  comparison: Comparison
  verdict: Verdict
}

/** Runs one command on a prepared seed, in a fresh copy of its fixture, and judges the OUTPUT. */
export async function attempt(drill: Drill, prepared: PreparedSeed, command: string, scratchParent: string): Promise<Attempt> {
  const cwd = freshCopy(prepared, scratchParent)
  try {
    const outcome = await runCommand(command, {cwd, env: prepared.env, timeoutMs: drill.timeout * 1000})
    if (outcome.timedOut) return {comparison: {diff: '', equal: false}, outcome, seed: prepared.seed, verdict: 'timeout'}
    if (outcome.overflow) return {comparison: {diff: '', equal: false}, outcome, seed: prepared.seed, verdict: 'output-cap'}
    const comparison = compareOutput(prepared.expected, outcome.stdout, drill.compare)
    return {comparison, outcome, seed: prepared.seed, verdict: comparison.equal ? 'pass' : 'wrong'}
  } finally {
    removeScratch(cwd)
  }
}

export interface CheckResult {
  id: number
  slug: string
  passed: boolean
  verdict: Verdict
  /** One line for people. */
  message: string
  /** Expected vs actual from the first differing line (failures only). */
  diff?: string
  /** The learner's seed, then the fresh seed used to catch hard-coded answers (when it got that far). */
  seeds: number[]
  exitCode: number | null
  /** The command's stderr (first lines), shown on failure because it often explains it. */
  stderr?: string
  /** The first lines of the command's output (failures only), to see more than the first difference. */
  output?: string
  ms: number
}

/** Control characters shown escaped (a raw \r would make the terminal overwrite the line). */
function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, (c) => (c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`))
}

function excerpt(text: string, max: number): string | undefined {
  const lines = visible(text.replace(/\n+$/, '')).split('\n')
  if (text.trim() === '') return undefined
  return lines.slice(0, max).join('\n') + (lines.length > max ? `\n… (${lines.length - max} more line(s))` : '')
}

function failure(drill: Drill, a: Attempt, seeds: number[], ms: number, verdict: Verdict, message: string): CheckResult {
  return {
    diff: a.comparison.diff || undefined,
    exitCode: a.outcome.exitCode,
    id: drill.id,
    message,
    ms,
    passed: false,
    seeds,
    slug: drill.slug,
    output: excerpt(a.outcome.stdout, 12),
    stderr: excerpt(a.outcome.stderr, 8),
    verdict,
  }
}

function describe(drill: Drill, a: Attempt, fresh: boolean): string {
  switch (a.verdict) {
    case 'timeout': {
      return `killed after ${drill.timeout} s (the whole process group): the command did not finish${fresh ? ' on the fresh fixture' : ''}`
    }

    case 'output-cap': {
      return 'killed: the command printed more than 1 MiB'
    }

    default: {
      return 'wrong output'
    }
  }
}

/**
 * The `check` contract: run on the learner's seed; if right, run again on a fresh seed so an answer typed in
 * (or depending on anything but the input) fails with a message that says so. For a drill without a live
 * part both runs go at once (each in its own fresh copy; the fresh run's result is only used when the first
 * passes), so a check costs about one run of the command, not two. Live drills (process trees that burn CPU,
 * slow servers) run one after the other, the fresh fixture started only once the first is stopped, so the
 * two do not compete.
 */
export async function checkCommand(
  drill: Drill,
  module: DrillModule,
  command: string,
  seed: number,
  scratchParent: string,
  cacheRoot?: string,
): Promise<CheckResult> {
  const started = process.hrtime.bigint()
  const ms = () => Math.round(Number(process.hrtime.bigint() - started) / 1e6)
  const seeds = [seed]
  const mine = await prepareSeed(drill, module, seed, scratchParent, cacheRoot)
  try {
    const together = !module.live
    const firstRun = together ? attempt(drill, mine, command, scratchParent) : undefined
    // A live drill: judge the learner's seed first, and stop its live part before the fresh one starts.
    const firstAlone = together ? undefined : await attempt(drill, mine, command, scratchParent)
    if (firstAlone && firstAlone.verdict !== 'pass') return failure(drill, firstAlone, seeds, ms(), firstAlone.verdict, describe(drill, firstAlone, false))
    if (firstAlone) mine.dispose()
    // The fresh seed must have a different answer, or a typed-in answer would pass it too: skip (rare) seeds
    // whose answer happens to be the same.
    let fresh = nextSeed(seed)
    let other: PreparedSeed | undefined
    try {
      for (let tries = 0; other === undefined; tries++) {
        const prepared = await prepareSeed(drill, module, fresh, scratchParent, cacheRoot)
        if (tries < 8 && compareOutput(mine.expected, prepared.expected, drill.compare).equal) {
          prepared.dispose()
          fresh = nextSeed(fresh)
        } else {
          other = prepared
        }
      }
    } catch (error) {
      await firstRun?.catch(() => {})
      throw error
    }

    try {
      const secondRun = together ? attempt(drill, other, command, scratchParent) : undefined
      // Settle both before returning, so no run is left behind in a copy that is about to be removed.
      const first = firstAlone ?? (await firstRun!.finally(() => secondRun?.catch(() => {})))
      if (first.verdict !== 'pass') {
        return failure(drill, first, seeds, ms(), first.verdict, describe(drill, first, false))
      }

      const second = await (secondRun ?? attempt(drill, other, command, scratchParent))
      seeds.push(fresh)
      if (second.verdict === 'wrong') {
        return failure(
          drill,
          second,
          seeds,
          ms(),
          'hardcoded',
          `right on your fixture (seed ${seed}) but wrong on a fresh one (seed ${fresh}): the answer looks hard-coded (or only fits this fixture) — compute it from the input`,
        )
      }

      if (second.verdict !== 'pass') return failure(drill, second, seeds, ms(), second.verdict, describe(drill, second, true))
      return {
        exitCode: second.outcome.exitCode,
        id: drill.id,
        message: `passed on seed ${seed} and on a fresh seed ${fresh}`,
        ms: ms(),
        passed: true,
        seeds,
        slug: drill.slug,
        verdict: 'pass',
      }
    } finally {
      other.dispose()
    }
  } finally {
    mine.dispose()
  }
}
