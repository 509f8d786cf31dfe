import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {KhaosError} from '../shared/errors.js'
import type {Drill} from './catalog.js'
import {materialize, removeScratch, scratchDir} from './scratch.js'
import type {DrillModule, Fixture} from './types.js'

/**
 * A cache of generated fixtures for drills whose generation is expensive (module.cacheFixture: drill 13 makes
 * RSA keys and signs certificates, drill 20 runs a child node that writes three real heap snapshots). An
 * entry is the materialized fixture plus its expected output, under
 * `<state root>/drills/cache/fixtures/<NN-slug>/<seed>-<hash>/`. The hash covers everything the fixture is
 * made from: the drill's YAML, its module's code, the seeded RNG, the Node/V8 version (drill 20's snapshot
 * format) and this cache's format, so a changed drill never reuses a stale fixture. Entries are built in a
 * scratch directory and renamed into place, so an entry is whole or absent (also under concurrent checks).
 */

const FORMAT = 'khaos-fixture-cache-1'
/** Entries kept per drill (a learner's seed and its fresh seed, a few times over). */
const KEEP_PER_DRILL = 6
const EXPECTED = 'expected.txt'
const FILES = 'fixture'

function sourceBytes(relative: string): Buffer {
  // Built: dist/drills/<x>.js; under tsx (tests, benches): src/drills/<x>.ts.
  for (const ext of ['.js', '.ts']) {
    const path = fileURLToPath(new URL(`${relative}${ext}`, import.meta.url))
    if (existsSync(path)) return readFileSync(path)
  }

  throw new KhaosError(`fixture cache: cannot read the drill generator ${relative}`)
}

/** The hash that names a drill's cache entries: any change to what the fixture is made from changes it. */
export function generatorHash(drill: Drill): string {
  const hash = createHash('sha256').update(FORMAT).update('\0').update(process.versions.node).update('\0').update(process.versions.v8)
  for (const part of [readFileSync(drill.file), sourceBytes(`./modules/${drill.key}`), sourceBytes('./rng')]) hash.update('\0').update(part)
  return hash.digest('hex').slice(0, 16)
}

function fixtureCacheDir(cacheRoot: string): string {
  return join(cacheRoot, 'fixtures')
}

export interface CachedFixture {
  /** The materialized fixture (read only: commands run in copies of it). */
  template: string
  expected: string
}

function readEntry(entry: string): CachedFixture | undefined {
  try {
    const expected = readFileSync(join(entry, EXPECTED), 'utf8')
    if (!statSync(join(entry, FILES)).isDirectory()) return undefined
    const now = new Date()
    utimesSync(entry, now, now) // most recently used: kept by the eviction below
    return {expected, template: join(entry, FILES)}
  } catch {
    return undefined
  }
}

function evictOld(drillDir: string, keep: string): void {
  const entries = readdirSync(drillDir)
    .filter((name) => !name.startsWith('.'))
    .map((name) => {
      try {
        return {mtime: statSync(join(drillDir, name)).mtimeMs, name}
      } catch {
        return {mtime: 0, name}
      }
    })
    .sort((a, b) => b.mtime - a.mtime)
  for (const {name} of entries.slice(KEEP_PER_DRILL)) if (join(drillDir, name) !== keep) rmSync(join(drillDir, name), {force: true, recursive: true})
}

/** The cached fixture of `seed`, generated (and stored) on first use. */
export async function cachedFixture(drill: Drill, module: DrillModule, seed: number, cacheRoot: string): Promise<CachedFixture> {
  const drillDir = join(fixtureCacheDir(cacheRoot), drill.key)
  const entry = join(drillDir, `${seed}-${generatorHash(drill)}`)
  const hit = readEntry(entry)
  if (hit) return hit

  mkdirSync(drillDir, {mode: 0o700, recursive: true})
  const temp = scratchDir(drillDir, '.build-')
  try {
    const fixture: Fixture = module.generate(seed)
    if (fixture.expected === undefined) throw new KhaosError(`drill ${drill.key}: a cached fixture needs an expected output from generate()`)
    // mtimes relative to now would be frozen at the first check: such a fixture must not be cached.
    for (const [path, file] of Object.entries(fixture.files)) {
      if (typeof file === 'object' && !(file instanceof Uint8Array) && file.mtimeDaysAgo !== undefined)
        throw new KhaosError(`drill ${drill.key}: ${path} has a relative mtime, so its fixture cannot be cached`)
    }

    mkdirSync(join(temp, FILES))
    await materialize(fixture, join(temp, FILES))
    writeFileSync(join(temp, EXPECTED), fixture.expected, {mode: 0o600})
    try {
      renameSync(temp, entry)
    } catch (error) {
      // Another check built the same entry meanwhile: use theirs.
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error
    }
  } finally {
    removeScratch(temp)
  }

  evictOld(drillDir, entry)
  const built = readEntry(entry)
  if (!built) throw new KhaosError(`fixture cache: ${entry} is incomplete`)
  return built
}
