/**
 * Scratch directories and the exit-time clean-up registry: materialize a generated fixture in a directory
 * and make sure that everything started (servers, process groups) and every scratch directory is gone on
 * every exit path: normal return, error, Ctrl-C (SIGINT), SIGTERM, SIGHUP. fixture.ts and fixture-cache.ts
 * both build on this module, so neither imports the other's internals.
 */
import {chmodSync, mkdirSync, mkdtempSync, existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs'
import {dirname, join, resolve, sep} from 'node:path'

import {onExitCleanup} from '../shared/atomic.js'
import {KhaosError} from '../shared/errors.js'
import {pidAlive} from '../shared/owner.js'
import type {Fixture, FixtureFile, LiveFixture} from './types.js'

/** Live fixtures stopped on exit (fixture.ts adds and removes them). */
export const lives = new Set<LiveFixture>()
const scratch = new Set<string>()
let installed = false

function cleanupAll(): void {
  for (const live of lives) {
    try {
      live.stop()
    } catch {
      // Best effort: the process is ending.
    }
  }

  lives.clear()
  for (const dir of scratch) rmSync(dir, {force: true, recursive: true})
  scratch.clear()
}

/** Registers the clean-up with the one exit/interrupt registry (shared/atomic.ts). */
export function install(): void {
  if (installed) return
  installed = true
  onExitCleanup(cleanupAll)
}

/** `PREFIXpPID-XXXXXX`: the name scratchDir gives (mkdtemp adds six characters). */
const SCRATCH_OWNER = /p(\d+)-[A-Za-z0-9]{6}$/

/** A scratch directory removed on exit even if the caller forgets or is interrupted. */
export function scratchDir(parent: string, prefix: string): string {
  install()
  mkdirSync(parent, {mode: 0o700, recursive: true})
  // The pid in the name lets a later run remove it as soon as this process is gone (see sweepStaleScratch).
  const dir = mkdtempSync(join(parent, `${prefix}p${process.pid}-`))
  scratch.add(dir)
  return dir
}

/**
 * Removes scratch directories left by a khaos that was SIGKILLed (no handler runs then): at once when the pid
 * in its name is no longer running, else once older than `maxAgeMs` (a reused pid, or a name without one),
 * so a check or verify running in parallel keeps its own.
 */
export function sweepStaleScratch(parent: string, maxAgeMs = 6 * 3600 * 1000): void {
  if (!existsSync(parent)) return
  const now = Date.now()
  for (const name of readdirSync(parent)) {
    const path = join(parent, name)
    const owner = SCRATCH_OWNER.exec(name)
    try {
      const dead = owner !== null && Number(owner[1]) !== process.pid && !pidAlive(Number(owner[1]))
      if (dead || now - statSync(path).mtimeMs > maxAgeMs) rmSync(path, {force: true, recursive: true})
    } catch {
      // Raced with its owner: fine.
    }
  }
}

export function removeScratch(dir: string): void {
  rmSync(dir, {force: true, recursive: true})
  scratch.delete(dir)
}

function asFile(entry: FixtureFile | string | Uint8Array): FixtureFile {
  return typeof entry === 'string' || entry instanceof Uint8Array ? {data: entry} : entry
}

/** Writes a fixture's files (modes, mtimes) into `dir` (which must exist and be empty), then runs build(). */
export async function materialize(fixture: Fixture, dir: string, now = Date.now()): Promise<void> {
  const root = resolve(dir)
  for (const [relative, entry] of Object.entries(fixture.files)) {
    const target = resolve(root, relative)
    if (!target.startsWith(root + sep)) throw new KhaosError(`fixture path ${JSON.stringify(relative)} escapes the fixture directory`)
    const file = asFile(entry)
    mkdirSync(dirname(target), {recursive: true})
    writeFileSync(target, file.data, {flag: 'wx', mode: file.mode ?? 0o644})
    if (file.mode !== undefined) chmodSync(target, file.mode)
    if (file.mtimeDaysAgo !== undefined) {
      const when = new Date(now - file.mtimeDaysAgo * 86_400_000)
      utimesSync(target, when, when)
    }
  }

  if (fixture.build) await fixture.build(root)
}
