import {findRepository, runGit} from '../../shared/git.js'

/**
 * What git says about the scanned tree, asked once per scan: tracked files and untracked files that
 * no ignore rule covers. `isRepo` is false when the target is not inside a work tree or git is missing,
 * in which case detectors fall back to reading .gitignore themselves. Git runs through the shared safe
 * runner: nothing the tree's git config names is ever executed.
 */
export interface GitInfo {
  isRepo: boolean
  tracked: Set<string>
  /** Untracked and not ignored (would be committed by `git add -A`). */
  unignored: Set<string>
  note?: string
}

export function readGit(root: string): GitInfo {
  const none = (note: string): GitInfo => ({isRepo: false, note, tracked: new Set(), unignored: new Set()})
  const found = findRepository(root)
  if (!found.repo) return none(found.note)
  const run = (args: string[]) => runGit(found.repo, args, {cwd: root})
  const inside = run(['rev-parse', '--is-inside-work-tree'])
  if (inside.error)
    return none(
      (inside.error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'git not found; tracked-file checks use .gitignore only'
        : `git failed: ${inside.error.message}`,
    )
  if (inside.status !== 0 || inside.stdout.trim() !== 'true') return none('not a git work tree')
  const tracked = run(['-c', 'core.quotepath=off', 'ls-files', '-z'])
  const others = run(['-c', 'core.quotepath=off', 'ls-files', '-z', '--others', '--exclude-standard'])
  if (tracked.status !== 0) return none(`git ls-files failed: ${tracked.stderr.trim()}`)
  const split = (s: string) => new Set(s.split('\0').filter(Boolean))
  return {isRepo: true, tracked: split(tracked.stdout), unignored: split(others.status === 0 ? others.stdout : '')}
}
