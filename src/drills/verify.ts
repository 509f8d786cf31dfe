import {spawnSync} from 'node:child_process'

import {toolsNotOnPath} from '../shared/tools.js'
import {loadModule, type Drill} from './catalog.js'
import {attempt} from './check.js'
import {prepareSeed} from './fixture.js'

/**
 * `verify`: for CI and for whoever adds a drill. On seeds 1..K: the reference solution for this machine's
 * userland passes, every known wrong answer fails; and the answer hard-coded from seed k fails on seed k+1.
 * A drill whose tools are missing is SKIPped with the reason.
 */

export type Userland = 'gnu' | 'bsd'

export interface VerifyEntry {
  id: number
  slug: string
  status: 'pass' | 'fail' | 'skip'
  reason: string
  ms: number
}

export function detectUserland(): Userland {
  return process.platform === 'linux' ? 'gnu' : 'bsd'
}

export function missingTools(tools: string[]): string[] {
  const missing = toolsNotOnPath(['bash', ...tools])
  return ['bash', ...tools].filter((tool) => missing.has(tool))
}

/** A command that prints `text` verbatim: what a learner who copied the expected output would submit. */
export function hardcodedCommand(text: string): string {
  let marker = 'KHAOS_EXPECTED_EOF'
  while (text.includes(marker)) marker += '_'
  return `cat <<'${marker}'\n${text.replace(/\n+$/, '')}\n${marker}`
}

function syntaxError(command: string): string | undefined {
  const result = spawnSync('bash', ['-n', '-c', command], {encoding: 'utf8'})
  return result.status === 0 ? undefined : result.stderr.trim().split('\n')[0]
}

export async function verifyDrill(drill: Drill, seeds: number, scratchParent: string, userland = detectUserland()): Promise<VerifyEntry> {
  const started = process.hrtime.bigint()
  const done = (status: VerifyEntry['status'], reason: string): VerifyEntry => ({
    id: drill.id,
    ms: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
    reason,
    slug: drill.slug,
    status,
  })
  const missing = missingTools(drill.tools)
  if (missing.length > 0) return done('skip', `missing tool(s): ${missing.join(', ')}`)
  for (const [name, command] of Object.entries(drill.solutions)) {
    const error = syntaxError(command)
    if (error) return done('fail', `the ${name} solution is not valid bash: ${error}`)
  }

  const module = await loadModule(drill)
  const solution = drill.solutions[userland]
  const problems: string[] = []
  let previous: {expected: string; seed: number} | undefined
  for (let seed = 1; seed <= seeds + 1; seed++) {
    const prepared = await prepareSeed(drill, module, seed, scratchParent)
    try {
      if (seed <= seeds) {
        const ok = await attempt(drill, prepared, solution, scratchParent)
        if (ok.verdict !== 'pass') {
          const detail = ok.verdict === 'wrong' ? `\n${ok.comparison.diff}` : ` (${ok.verdict})`
          const stderr = ok.outcome.stderr.trim() ? `\n  stderr: ${ok.outcome.stderr.trim().split('\n').slice(0, 3).join(' | ')}` : ''
          problems.push(`seed ${seed}: the ${userland} reference solution fails${detail}${stderr}`)
        }
      }

      // The wrong answers and the hard-coded one are independent (each in its own fixture copy) and mostly
      // wait (on timeouts, on the slow stand-in API), so they run together; the reference runs alone first.
      const checks: Array<Promise<string | undefined>> = []
      if (seed <= seeds) {
        for (const wrong of drill.wrong) {
          checks.push(
            attempt(drill, prepared, wrong.command, scratchParent).then((bad) =>
              bad.verdict === 'pass' ? `seed ${seed}: the known wrong answer passes (${wrong.why}): ${wrong.command.trim()}` : undefined,
            ),
          )
        }
      }

      if (previous) {
        const from = previous.seed
        checks.push(
          attempt(drill, prepared, hardcodedCommand(previous.expected), scratchParent).then((hard) =>
            hard.verdict === 'pass' ? `seed ${seed}: the answer hard-coded from seed ${from} passes too (the generator must vary the answer)` : undefined,
          ),
        )
      }

      for (const problem of await Promise.all(checks)) if (problem) problems.push(problem)
      previous = {expected: prepared.expected, seed}
    } finally {
      prepared.dispose()
    }

    if (problems.length >= 3) break
  }

  if (problems.length > 0) return done('fail', problems.join('\n'))
  return done('pass', `${userland} solution passes ${seeds} seed(s); ${drill.wrong.length} wrong answer(s) fail; hard-coded answers fail on the next seed`)
}
