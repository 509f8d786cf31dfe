import {existsSync, mkdirSync, readdirSync, readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'

import {writeFileAtomic} from '../shared/atomic.js'
import {DEFAULT_LOCK_WAIT_MS, withLockSync} from '../shared/lock.js'
import {sweepStaleTemps} from '../shared/owner.js'
import {InputError, KhaosError} from '../shared/errors.js'
import type {DaoRecord} from './schema.js'
import {shownPath} from './paths.js'
import {formatIssue, MAX_RECORD_BYTES, type RecordFileResult, validateRecordFile} from './validate.js'

/**
 * A records folder: the record files (`*.yaml`, `*.yml`) plus two dotfiles khaos keeps beside them:
 * - `.khaos-records.json`, the id counter `{"last_id": N}`: ids are allocated as max(counter, highest id
 *   seen in the folder) + 1 and the counter is written before the record, so an id is never handed out
 *   twice, even after its record is deleted or a write fails;
 * - `.khaos-records.lock` (src/shared/lock.ts), held while an id is allocated and records are written, so two khaos
 *   processes never take the same id. A lock left by a dead process is taken over at once.
 */

export const DEFAULT_RECORDS_DIR = 'dao_records'
export const COUNTER_FILE = '.khaos-records.json'
export const LOCK_FILE = '.khaos-records.lock'

function isRecordFileName(name: string): boolean {
  return !name.startsWith('.') && /\.ya?ml$/i.test(name)
}

/** Record files in a folder, sorted by name (stable output). A missing folder has none. */
export function recordFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, {withFileTypes: true})
    .filter((e) => e.isFile() && isRecordFileName(e.name))
    .map((e) => e.name)
    .sort()
    .map((name) => join(dir, name))
}

export interface FolderEntry extends RecordFileResult {
  /** Set when the file could not be read as text at all (binary, too large, vanished). */
  unreadable?: string
}

/** Reads and validates every record file of a folder. */
export function scanRecords(dir: string): FolderEntry[] {
  return checkFiles(recordFiles(dir))
}

function checkFiles(files: string[]): FolderEntry[] {
  return files.map((file) => {
    try {
      return validateRecordFile(file)
    } catch (error) {
      if (error instanceof KhaosError) return {file, issues: [], unreadable: error.message, valid: false}
      throw error
    }
  })
}

/** The counter's last id, or 0 without a counter. A damaged counter is an error: guessing could reuse ids. */
export function readCounter(dir: string): number {
  const path = join(dir, COUNTER_FILE)
  if (!existsSync(path)) return 0
  let last: unknown
  try {
    last = (JSON.parse(readFileSync(path, 'utf8')) as {last_id?: unknown}).last_id
  } catch {
    last = undefined
  }

  if (!Number.isSafeInteger(last) || (last as number) < 0) {
    throw new InputError(`${path}: damaged id counter (expected {"last_id": N})`, {
      code: 'BAD_COUNTER',
      hint: 'fix it, or delete it: khaos then continues after the highest id found in the folder',
    })
  }

  return last as number
}

/** The highest `id:` written in any record file, valid or not (cheap: no YAML parse). */
function highestIdInFolder(dir: string): number {
  let highest = 0
  for (const file of recordFiles(dir)) {
    let text: string
    try {
      text = readFileSync(file, 'utf8').slice(0, MAX_RECORD_BYTES)
    } catch {
      continue
    }

    const match = /^id:[ \t]*["']?(\d{1,15})["']?[ \t]*(?:#.*)?$/m.exec(text)
    if (match) highest = Math.max(highest, Number(match[1]))
  }

  return highest
}

function writeCounter(dir: string, lastId: number): void {
  writeFileAtomic(join(dir, COUNTER_FILE), `${JSON.stringify({last_id: lastId})}\n`, {overwrite: true})
}

/**
 * Runs `body` holding the folder's lock (src/shared/lock.ts: owner written with the lock, a dead owner's lock
 * taken over at once). Waits up to `waitMs` for another khaos process to finish. Temp files and locks left in
 * the folder by killed khaos processes are swept first.
 */
export function withFolderLock<T>(dir: string, body: () => T, waitMs = DEFAULT_LOCK_WAIT_MS): T {
  mkdirSync(dir, {recursive: true})
  return withLockSync(
    join(dir, LOCK_FILE),
    () => {
      sweepStaleTemps(dir)
      return body()
    },
    {waitMs, what: `records folder ${resolve(dir)}`},
  )
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

/** Takes the next id of a folder and records it before anything else is written. Call under the lock. */
export function allocateId(dir: string): number {
  const next = Math.max(readCounter(dir), highestIdInFolder(dir)) + 1
  writeCounter(dir, next)
  return next
}

/** The valid record with this id in the folder, or an error naming what is wrong. */
export function findRecordById(dir: string, id: number): {file: string; record: DaoRecord} {
  // Only files with a top-level `id: N` line are parsed (a large folder stays fast); a folder where none has
  // one (hand-written flow-style YAML) is parsed in full.
  const idLine = new RegExp(`^id:[ \\t]*["']?${id}["']?[ \\t]*(?:#.*)?$`, 'm')
  const files = recordFiles(dir)
  const candidates = files.filter((file) => idLine.test(safeRead(file)))
  const entries = checkFiles(candidates.length > 0 ? candidates : files)
  const matches = entries.filter((e) => e.record?.id === id)
  if (matches.length === 0) {
    // An invalid file may still carry the id: say that, rather than "no such record".
    const broken = entries.find((e) => !e.record && idLine.test(safeRead(e.file)))
    if (broken) {
      const why = broken.unreadable ?? (broken.issues[0] ? formatIssue(broken.issues[0]) : 'invalid')
      throw new InputError(`record ${id} (${shownPath(broken.file)}) is not a valid record: ${why}`, {hint: `khaos dao validate ${shownPath(broken.file)}`})
    }

    throw new InputError(`no record with id ${id} in ${shownPath(dir)}`, {code: 'NO_SUCH_RECORD', hint: `khaos dao list --dir ${shownPath(dir)}`})
  }

  if (matches.length > 1) {
    throw new InputError(`id ${id} is used by more than one record in ${dir}: ${matches.map((m) => m.file).join(', ')}`)
  }

  return {file: matches[0].file, record: matches[0].record!}
}
