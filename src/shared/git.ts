import {spawnSync, type SpawnSyncReturns} from 'node:child_process'
import {lstatSync, statSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'

/**
 * The one way khaos runs git on a tree it did not make (a scanned target, a copy of one).
 *
 * A tree handed over as a tarball, zip or copied folder can carry its own `.git/config` (or a `.git` gitlink file
 * pointing at one), and git runs programs named there: `core.fsmonitor` on any index read, hooks, the pager,
 * external diff and textconv, clean/smudge/process filters, editors, ssh and credential helpers. Git has no switch
 * to ignore a repository's own config, so every run here:
 * - starts from an environment with every `GIT_*` variable removed (no inherited GIT_DIR, GIT_CONFIG_PARAMETERS,
 *   GIT_EXTERNAL_DIFF, GIT_SSH_COMMAND…), system and global config off (GIT_CONFIG_NOSYSTEM, GIT_CONFIG_GLOBAL=/dev/null);
 * - pins GIT_DIR and GIT_WORK_TREE to the repository khaos found itself, so `core.worktree` cannot move the work
 *   tree elsewhere and git's own discovery never climbs past it;
 * - overrides, at command-line precedence (GIT_CONFIG_COUNT/KEY/VALUE, which no repository or included file can
 *   beat), every fixed-name key that names a program, plus every driver-named one (`filter.X.clean`,
 *   `diff.X.textconv`, `merge.X.driver`…) that the repository's config, includes followed, actually declares;
 * - adds --no-pager, --no-optional-locks (a read never rewrites the index) and a timeout.
 * What remains is git reading files; nothing from the tree is executed.
 */

export interface GitRepository {
  /** The `.git` directory or gitlink file. */
  gitDir: string
  /** The directory that holds it. */
  workTree: string
}

export interface GitRunOptions {
  /** Where git runs (paths in its output are relative to it); default the work tree. */
  cwd?: string
  /** Extra environment chosen by khaos itself (commit dates); never taken from the tree. */
  env?: Record<string, string>
  input?: string
  timeout?: number
}

/** Keys with a fixed name that make git run a program, and the inert value each gets. */
const FIXED_OVERRIDES: ReadonlyArray<[string, string]> = [
  ['core.fsmonitor', 'false'],
  ['core.hooksPath', '/dev/null'],
  ['core.pager', 'cat'],
  ['core.editor', 'true'],
  ['core.askPass', ''],
  ['core.sshCommand', 'false'],
  ['core.gitProxy', ''],
  ['core.alternateRefsCommand', ''],
  ['core.untrackedCache', 'false'],
  ['sequence.editor', 'true'],
  ['diff.external', 'true'],
  ['gpg.program', 'false'],
  ['credential.helper', ''],
  ['protocol.allow', 'never'],
  ['submodule.recurse', 'false'],
]

/**
 * Driver-named keys (any subsection) that make git run a program. Section and key come lower-cased from
 * `git config --name-only`; the subsection is as written, so it is matched loosely.
 */
const PROGRAM_KEY =
  /^(?:filter\..+\.(?:clean|smudge|process)|diff\..+\.(?:command|textconv)|merge\..+\.driver|gpg\..+\.program|credential\..+\.helper|remote\..+\.(?:uploadpack|receivepack|proxy|vcs)|submodule\..+\.update|pager\..+|alias\..+)$/i

const DEFAULT_TIMEOUT_MS = 20_000

/** The environment every git run starts from: the caller's minus anything git reads, plus the fixed settings. */
function baseEnvironment(repo: GitRepository, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('GIT_') || key === 'SSH_ASKPASS' || key === 'PAGER' || key === 'EDITOR' || key === 'VISUAL') continue
    env[key] = value
  }

  return {
    ...env,
    ...extra,
    GIT_ATTR_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_DIR: repo.gitDir,
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_PAGER: 'cat',
    GIT_TERMINAL_PROMPT: '0',
    GIT_WORK_TREE: repo.workTree,
  }
}

function withOverrides(env: NodeJS.ProcessEnv, overrides: ReadonlyArray<[string, string]>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {...env, GIT_CONFIG_COUNT: String(overrides.length)}
  for (const [i, [key, value]] of overrides.entries()) {
    out[`GIT_CONFIG_KEY_${i}`] = key
    out[`GIT_CONFIG_VALUE_${i}`] = value
  }

  return out
}

function spawnGit(args: string[], env: NodeJS.ProcessEnv, options: GitRunOptions & {cwd: string}): SpawnSyncReturns<string> {
  return spawnSync('git', ['--no-pager', '--no-optional-locks', ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env,
    input: options.input,
    maxBuffer: 256 * 1024 * 1024,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
  })
}

/**
 * The driver-named program keys the repository's config declares (includes followed), each to be blanked.
 * A listing that does not finish (an include pointing at a FIFO) is returned as the failure it is.
 */
function declaredProgramKeys(env: NodeJS.ProcessEnv, cwd: string): Array<[string, string]> | SpawnSyncReturns<string> {
  const listed = spawnGit(['config', '--list', '--name-only', '-z'], env, {cwd, timeout: 3000})
  if (listed.error) return listed
  if (listed.status !== 0 || typeof listed.stdout !== 'string') return []
  const keys = new Set(listed.stdout.split('\0').filter((key) => PROGRAM_KEY.test(key)))
  return [...keys].map((key) => [key, ''])
}

/** Runs `git ARGS` against `repo` with its config defused (see the file comment). Never throws on git's exit. */
export function runGit(repo: GitRepository, args: string[], options: GitRunOptions = {}): SpawnSyncReturns<string> {
  const cwd = options.cwd ?? repo.workTree
  const base = withOverrides(baseEnvironment(repo, options.env), FIXED_OVERRIDES)
  const declared = declaredProgramKeys(base, cwd)
  if (!Array.isArray(declared)) return declared
  const env = withOverrides(baseEnvironment(repo, options.env), [...FIXED_OVERRIDES, ...declared])
  return spawnGit(args, env, {...options, cwd})
}

export type RepositoryLookup = {note: string; repo?: undefined} | {note?: undefined; repo: GitRepository}

/**
 * The repository holding `start`, found the way git does (the nearest `.git` directory or gitlink file at or above
 * it) but without running git. A `.git` above the directory the user named that belongs to another user is not
 * used (git's own `safe.directory` rule): on a shared machine anyone can plant `/tmp/.git`.
 */
export function findRepository(start: string): RepositoryLookup {
  let dir = resolve(start)
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir)
  } catch {
    return {note: `${start}: cannot be read`}
  }

  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined
  const named = dir
  for (;;) {
    const candidate = join(dir, '.git')
    let stats
    try {
      stats = lstatSync(candidate)
    } catch {
      stats = undefined
    }

    if (stats && (stats.isDirectory() || stats.isFile() || stats.isSymbolicLink())) {
      if (dir !== named && uid !== undefined && stats.uid !== uid) return {note: `${candidate} belongs to another user; not used`}
      return {repo: {gitDir: candidate, workTree: dir}}
    }

    const parent = dirname(dir)
    if (parent === dir) return {note: 'not a git work tree'}
    dir = parent
  }
}
