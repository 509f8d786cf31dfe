import type {TrialSpec} from './types.js'

/**
 * When the scanned tree is not a git work tree (or git is missing), the trials that ask "is this file in the
 * repository?" change what they do. The bare note ("not a git work tree") left users guessing; this says, for the
 * trials that ran, what was skipped or judged differently: each trial's `without_git` line (trial.yaml).
 */
export function explainGitNote(note: string, specs: readonly TrialSpec[]): string {
  const effects = specs.filter((s) => s.without_git !== undefined).map((s) => `${s.id} ${s.without_git}`)
  if (effects.length === 0) return note
  return `${note}, so khaos cannot tell committed files from the rest: ${effects.join('; ')}. Scan a git checkout for these checks.`
}
