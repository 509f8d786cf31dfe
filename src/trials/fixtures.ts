import {type CopySyncOptions, cpSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {KhaosError} from '../shared/errors.js'
import {runGit} from '../shared/git.js'
import type {TrialSpec} from './types.js'

/**
 * Makes a trial fixture scannable. Most fixtures are scanned in place; a fixture with `git:` set is
 * copied to a temporary directory and turned into a git repository first (files added, or committed),
 * because tracked-file trials (F13, F14, F26) need git to answer. Always call `cleanup()`.
 */
export function prepareFixture(spec: TrialSpec, kind: 'fixed' | 'vulnerable'): {cleanup: () => void; path: string} {
  const source = join(spec.dir, kind)
  if (!spec.fixtures.git) return {cleanup() {}, path: source}
  return tempCopy(source, `khaos-${spec.id}-${kind}-`, {}, (path) => initGit(path, spec.fixtures.git === 'commit'))
}

/** A copy of `source` in a new temporary directory, removed again if copying or `prepare` fails. Always call `cleanup()`. */
export function tempCopy(source: string, prefix: string, options: CopySyncOptions, prepare?: (path: string) => void): {cleanup: () => void; path: string} {
  const path = mkdtempSync(join(tmpdir(), prefix))
  const cleanup = () => rmSync(path, {force: true, recursive: true})
  try {
    cpSync(source, path, {...options, recursive: true})
    prepare?.(path)
  } catch (error) {
    cleanup()
    throw error
  }

  return {cleanup, path}
}

export function initGit(path: string, commit: boolean): void {
  const env = {GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z'}
  // The copy may hold a scanned tree's files: git runs through the safe runner, in a repository khaos creates here.
  const repo = {gitDir: join(path, '.git'), workTree: path}
  const git = (...args: string[]) => {
    const r = runGit(
      repo,
      ['-c', 'user.name=khaos', '-c', 'user.email=khaos@localhost', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args],
      {env},
    )
    if (r.error || r.status !== 0) throw new KhaosError(`git ${args[0]} in ${path} failed: ${r.error?.message ?? r.stderr.trim()}`)
  }

  git('init', '-q')
  git('add', '-A')
  if (commit) git('commit', '-q', '-m', 'fixture')
}
