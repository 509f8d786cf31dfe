import {cpSync} from 'node:fs'

import {KhaosError} from '../shared/errors.js'
import type {Drill} from './catalog.js'
import {install, lives, materialize, removeScratch, scratchDir} from './scratch.js'
import type {DrillModule, Fixture, LiveFixture} from './types.js'

export {materialize, removeScratch, scratchDir, sweepStaleScratch} from './scratch.js'

export async function startLive(module: DrillModule, dir: string, seed: number, fixture: Fixture): Promise<LiveFixture | undefined> {
  if (!module.live) return undefined
  install()
  const live = await module.live({dir, fixture, seed})
  lives.add(live)
  return live
}

export function stopLive(live: LiveFixture | undefined): void {
  if (!live) return
  lives.delete(live)
  live.stop()
}

/** A fixture generated from one seed, ready to run commands against (each in a fresh copy). */
export interface PreparedSeed {
  seed: number
  /** The pristine materialized fixture; commands run in copies of it. */
  template: string
  expected: string
  live?: LiveFixture
  env: Record<string, string>
  dispose(): void
}

/**
 * Materializes (or, with `cacheRoot` and a module that opts in with `cacheFixture`, reuses from the fixture
 * cache) the fixture of `seed` and starts its live part.
 */
export async function prepareSeed(drill: Drill, module: DrillModule, seed: number, scratchParent: string, cacheRoot?: string): Promise<PreparedSeed> {
  if (cacheRoot && module.cacheFixture && !module.live) {
    const {cachedFixture} = await import('./fixture-cache.js')
    const cached = await cachedFixture(drill, module, seed, cacheRoot)
    // The cache entry is shared: dispose() leaves it in place (commands only ever run in fresh copies).
    return {dispose() {}, env: {}, expected: cached.expected, seed, template: cached.template}
  }

  const fixture = module.generate(seed)
  const template = scratchDir(scratchParent, `${drill.nn}-s${seed}-`)
  try {
    await materialize(fixture, template)
    const live = await startLive(module, template, seed, fixture)
    const expected = live?.expected ?? fixture.expected
    if (expected === undefined) {
      stopLive(live)
      throw new KhaosError(`drill ${drill.key}: the module gave no expected output for seed ${seed}`)
    }

    return {
      dispose() {
        stopLive(live)
        removeScratch(template)
      },
      env: live?.env ?? {},
      expected,
      live,
      seed,
      template,
    }
  } catch (error) {
    removeScratch(template)
    throw error
  }
}

/** A fresh copy of a prepared fixture (mtimes kept), so one command cannot spoil the next. */
export function freshCopy(prepared: PreparedSeed, scratchParent: string): string {
  const dir = scratchDir(scratchParent, 'run-')
  cpSync(prepared.template, dir, {preserveTimestamps: true, recursive: true, verbatimSymlinks: true})
  return dir
}
