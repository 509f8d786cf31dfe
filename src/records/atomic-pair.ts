import {randomBytes} from 'node:crypto'
import {closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, unlinkSync, writeSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'

import {refuseExisting} from '../shared/atomic.js'

/**
 * Writes several files as one step, for a supersession that rewrites two records: every temp file is written
 * and fsynced first, and only then are they moved into place. A failure before the moves leaves the old state
 * untouched; a failure during them undoes the moves already made (a new file is unlinked, a replaced file
 * is restored from a hard link taken before the move). Ctrl-C removes the temp files.
 */

export interface PlannedWrite {
  data: string
  overwrite: boolean
  path: string
}

const pending = new Set<string>()
let installed = false

/**
 * Handles Ctrl-C/SIGTERM from here on: temp files are removed and the process exits 128+n. Until then Node's
 * default kills at once, so the lock holder calls this first: the signal then waits for the (synchronous)
 * locked section to finish and release the lock.
 */
export function installInterruptCleanup(): void {
  if (installed) return
  installed = true
  const cleanup = () => {
    for (const path of pending) rmSync(path, {force: true})
    pending.clear()
  }

  process.on('exit', cleanup)
  for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]] as const) {
    process.once(signal, () => {
      cleanup()
      process.exit(128 + number)
    })
  }
}

function temp(target: string, tag: string): string {
  const name = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.${tag}`)
  pending.add(name)
  return name
}

function writeSynced(path: string, data: string): void {
  const fd = openSync(path, 'wx', 0o644)
  try {
    const bytes = Buffer.from(data, 'utf8')
    let offset = 0
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // Not every file system allows fsync on a directory; the renames are atomic regardless.
  }
}

export function writeFilesAtomic(writes: PlannedWrite[]): void {
  installInterruptCleanup()
  const plans = writes.map((w) => ({...w, path: resolve(w.path), temp: ''}))
  const undo: Array<() => void> = []
  try {
    for (const plan of plans) {
      mkdirSync(dirname(plan.path), {recursive: true})
      if (!plan.overwrite && existsSync(plan.path)) refuseExisting(plan.path)
      plan.temp = temp(plan.path, 'tmp')
      writeSynced(plan.temp, plan.data)
    }

    for (const plan of plans) {
      if (plan.overwrite) {
        let backup: string | undefined
        if (existsSync(plan.path)) {
          backup = temp(plan.path, 'bak')
          linkSync(plan.path, backup)
        }

        renameSync(plan.temp, plan.path)
        undo.push(() => (backup ? renameSync(backup, plan.path) : rmSync(plan.path, {force: true})))
      } else {
        try {
          linkSync(plan.temp, plan.path) // EEXIST if the target appeared meanwhile: never replaced
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') refuseExisting(plan.path)
          throw error
        }

        unlinkSync(plan.temp)
        undo.push(() => rmSync(plan.path, {force: true}))
      }
    }

    for (const dir of new Set(plans.map((p) => dirname(p.path)))) fsyncDir(dir)
  } catch (error) {
    for (const step of undo.reverse()) {
      try {
        step()
      } catch {
        // Best effort: the original error is the one to report.
      }
    }

    throw error
  } finally {
    for (const path of pending) rmSync(path, {force: true})
    pending.clear()
  }
}
