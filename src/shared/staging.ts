import {randomBytes} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, renameSync, rmSync} from 'node:fs'
import {join} from 'node:path'

import {trackTemp} from './atomic.js'
import {InputError} from './errors.js'
import {isStaleTemp} from './owner.js'

/**
 * A staging folder inside an output folder: a multi-file result is built there and moved into place in one step
 * at the end (commit), so a failure or Ctrl-C leaves none of it behind. The folder is registered like any atomic
 * temp file (removed on exit and on interrupt) and named with the owning process's pid, so a later run can tell
 * a dead run's folder from a live one's (claimStaleStaging).
 */

const STAGING_NAME = /^\.khaos-staging-\d+-[0-9a-f]{8}$/

function newStagingPath(outDir: string): string {
  return join(outDir, `.khaos-staging-${process.pid}-${randomBytes(4).toString('hex')}`)
}

export class Staging {
  readonly dir: string
  private readonly moved: Array<{backup?: string; target: string}> = []

  private readonly untrack: () => void

  constructor(readonly outDir: string) {
    this.dir = newStagingPath(outDir)
    this.untrack = trackTemp(this.dir)
    mkdirSync(this.dir, {recursive: true})
  }

  path(name: string): string {
    return join(this.dir, name)
  }

  /**
   * Moves each staged name into the output folder; on a failure, undoes the moves already made. The moves
   * stay undoable (rollback()) until finish() drops the replaced versions.
   */
  commit(names: string[], overwrite: boolean): void {
    try {
      for (const name of names) {
        const target = join(this.outDir, name)
        let backup: string | undefined
        if (existsSync(target)) {
          if (!overwrite) throw new InputError(`${target} already exists; pass --force to overwrite it`, {code: 'EXISTS'})
          backup = `${this.dir}.old-${name}`
          renameSync(target, backup)
        }

        this.moved.push({backup, target})
        renameSync(this.path(name), target)
      }
    } catch (error) {
      this.rollback()
      throw error
    }
  }

  finish(): void {
    for (const {backup} of this.moved) if (backup) rmSync(backup, {force: true, recursive: true})
    this.moved.length = 0
  }

  rollback(): void {
    for (const {backup, target} of this.moved.reverse()) {
      rmSync(target, {force: true, recursive: true})
      if (backup) renameSync(backup, target)
    }

    this.moved.length = 0
  }

  discard(): void {
    rmSync(this.dir, {force: true, recursive: true})
    this.untrack()
  }
}

/**
 * Hands each staging folder that runs killed with kill -9 left in `outDir` (no handler ran) to `recover`, then
 * removes it. A live run's folder is never touched. Each dead folder is first renamed to this process's own
 * staging name, so two runs recovering at once never both act on it.
 */
export function claimStaleStaging(outDir: string, recover: (dir: string) => void): void {
  let names: string[]
  try {
    names = readdirSync(outDir)
  } catch {
    return
  }

  for (const name of names) {
    if (!STAGING_NAME.test(name) || !isStaleTemp(join(outDir, name))) continue
    const claimed = newStagingPath(outDir)
    try {
      renameSync(join(outDir, name), claimed)
    } catch {
      continue // another run claimed it first
    }

    const untrack = trackTemp(claimed)
    try {
      recover(claimed)
    } catch {
      // Best effort: what cannot be read is only removed.
    } finally {
      rmSync(claimed, {force: true, recursive: true})
      untrack()
    }
  }
}
