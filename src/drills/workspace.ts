import {randomInt} from 'node:crypto'
import {cpSync, existsSync, readFileSync, renameSync, rmSync} from 'node:fs'
import {join} from 'node:path'

import {writeFileAtomic} from '../shared/atomic.js'
import {InputError} from '../shared/errors.js'
import type {Drill} from './catalog.js'
import {materialize, removeScratch, scratchDir} from './fixture.js'
import {nextSeed} from './rng.js'
import {loadProgress, newEntry, saveProgress, type DrillProgress, type ProgressFile} from './progress.js'
import type {DrillModule} from './types.js'

/** Where drill state lives under the state root: progress.json, work/NN-slug (the learner's fixture), runs/ (scratch). */
export function drillsState(stateRoot: string): {cache: string; runs: string; work: string} {
  return {cache: join(stateRoot, 'drills', 'cache'), runs: join(stateRoot, 'drills', 'runs'), work: join(stateRoot, 'drills', 'work')}
}

export function workspacePath(stateRoot: string, drill: Drill): string {
  return join(drillsState(stateRoot).work, drill.key)
}

export function randomSeed(): number {
  return randomInt(1, 2 ** 31)
}

export function parseSeed(value: string): number {
  if (!/^\d{1,10}$/.test(value) || Number(value) > 0xffffffff) throw new InputError(`invalid --seed ${JSON.stringify(value)}: use an integer 0..4294967295`)
  return Number(value)
}

/** The learner's entry for a drill, created (with a random seed) on first use. */
export function ensureEntry(progress: ProgressFile, drill: Drill, now: string, seed?: number): {created: boolean; entry: DrillProgress} {
  const existing = progress.drills[drill.nn]
  if (existing && (seed === undefined || seed === existing.seed)) return {created: false, entry: existing}
  const entry = existing ? {...existing, seed: seed!} : newEntry(seed ?? randomSeed(), now)
  progress.drills[drill.nn] = entry
  return {created: true, entry}
}

const SEED_FILE = '.khaos-seed'

export interface StartResult {
  workspace: string
  seed: number
  /** False when the workspace for this seed was already laid out and kept. */
  laidOut: boolean
}

/**
 * Lays the fixture for `seed` in the drill's workspace. Built in a scratch directory first and renamed into
 * place, so the workspace is whole or absent. An existing workspace for the same seed is kept (the learner
 * may have notes there); a different seed needs `force`.
 */
export async function layWorkspace(stateRoot: string, drill: Drill, module: DrillModule, seed: number, force: boolean): Promise<StartResult> {
  const workspace = workspacePath(stateRoot, drill)
  if (existsSync(workspace)) {
    const previous = existsSync(join(workspace, SEED_FILE)) ? readFileSync(join(workspace, SEED_FILE), 'utf8').trim() : ''
    if (previous === String(seed) && !force) return {laidOut: false, seed, workspace}
    if (!force) throw new InputError(`${workspace} holds the fixture of another seed (${previous || 'unknown'}); pass --force to replace it`)
  }

  const {work} = drillsState(stateRoot)
  const temp = scratchDir(work, `.${drill.key}-`)
  try {
    if (module.cacheFixture && !module.live) {
      // An expensive fixture: generated once into the fixture cache, which `check` then reuses for this seed
      // and (warmed here too) for the fresh seed it runs next, so the first check is as fast as the others.
      const {cachedFixture} = await import('./fixture-cache.js')
      const {template} = await cachedFixture(drill, module, seed, drillsState(stateRoot).cache)
      cpSync(template, temp, {preserveTimestamps: true, recursive: true, verbatimSymlinks: true})
      await cachedFixture(drill, module, nextSeed(seed), drillsState(stateRoot).cache)
    } else {
      await materialize(module.generate(seed), temp)
    }

    writeFileAtomic(join(temp, SEED_FILE), `${seed}\n`, {overwrite: true})
    if (existsSync(workspace)) rmSync(workspace, {force: true, recursive: true})
    renameSync(temp, workspace)
  } finally {
    removeScratch(temp)
  }

  return {laidOut: true, seed, workspace}
}

export function resetDrill(stateRoot: string, drill: Drill): boolean {
  // The damaged-entry error tells the learner to run exactly this: the entry being reset is not validated.
  const progress = loadProgress(stateRoot, {discard: drill.nn})
  const had = drill.nn in progress.drills || existsSync(workspacePath(stateRoot, drill))
  delete progress.drills[drill.nn]
  saveProgress(stateRoot, progress)
  rmSync(workspacePath(stateRoot, drill), {force: true, recursive: true})
  return had
}

export function resetAll(stateRoot: string): void {
  saveProgress(stateRoot, {drills: {}, version: 1})
  rmSync(drillsState(stateRoot).work, {force: true, recursive: true})
  rmSync(drillsState(stateRoot).runs, {force: true, recursive: true})
  rmSync(drillsState(stateRoot).cache, {force: true, recursive: true})
}
