/**
 * The contract between the drill framework and one drill. A drill is data (`drills/NN-slug.yaml`, see
 * schema.ts) plus a module `src/drills/modules/NN-slug.ts` whose default export implements DrillModule.
 */

/** One file of a fixture. A bare string/Uint8Array is shorthand for `{data}`. */
export interface FixtureFile {
  data: string | Uint8Array
  /** File mode, e.g. 0o755 for a script. Default 0o644. */
  mode?: number
  /** Modification time as days before now (fractions allowed), for drills about mtimes. Default: now. */
  mtimeDaysAgo?: number
}

export interface Fixture {
  /** Files to lay out, keyed by a relative POSIX path (no `..`, no leading `/`). */
  files: Record<string, FixtureFile | string | Uint8Array>
  /** The exact expected output. May be omitted only when live() returns it (e.g. it depends on a PID). */
  expected?: string
  /** Extra construction after the files are written (e.g. `git fast-import`). Must be deterministic. */
  build?: (dir: string) => Promise<void> | void
}

/** Something running while the learner's command runs: a loopback server, a process tree, sockets. */
export interface LiveFixture {
  /** Environment variables the learner's command gets (e.g. API_URL), also printed by `start --live`. */
  env: Record<string, string>
  /** Overrides Fixture.expected when the answer is only known once the fixture runs (PIDs, ports). */
  expected?: string
  /** Stops everything. Must be idempotent and synchronous-safe: it is also called from exit/signal handlers. */
  stop(): void
}

export interface LiveContext {
  /** The directory the fixture was materialized in. */
  dir: string
  seed: number
  fixture: Fixture
}

export interface DrillModule {
  /** Builds the fixture and (usually) the expected output from a seed. Pure: same seed, same fixture. */
  generate(seed: number): Fixture
  /**
   * Generation is expensive (keys, a child process): `check` keeps the fixture of a seed in the fixture cache
   * (fixture-cache.ts) instead of generating it on every run. Only for fixtures without a live part and
   * without relative mtimes, whose files and expected output depend on nothing but the seed.
   */
  cacheFixture?: boolean
  /** Optional live part, started before each run and stopped after it (and on every exit path). */
  live?(context: LiveContext): Promise<LiveFixture>
}
