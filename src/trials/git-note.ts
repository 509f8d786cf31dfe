/**
 * When the scanned tree is not a git work tree (or git is missing), the trials that ask "is this file in the
 * repository?" change what they do. The bare note ("not a git work tree") left users guessing; this says, for the
 * trials that ran, what was skipped or judged differently.
 */
const EFFECTS: Record<string, string> = {
  F13: 'F13 read the .gitignore files itself instead of asking git which .env files are tracked',
  F14: 'F14 searched every file present for tokens, not only the files git tracks or would add',
  F16: 'F16 searched every file present for Vault init output, not only tracked ones',
  F26: 'F26 (sensitive data files tracked in git) was skipped: it needs git to know what is tracked',
}

export const GIT_TRIALS = Object.keys(EFFECTS)

export function explainGitNote(note: string, trialIds: readonly string[]): string {
  const effects = GIT_TRIALS.filter((id) => trialIds.includes(id)).map((id) => EFFECTS[id])
  if (effects.length === 0) return note
  return `${note}, so khaos cannot tell committed files from the rest: ${effects.join('; ')}. Scan a git checkout for these checks.`
}
