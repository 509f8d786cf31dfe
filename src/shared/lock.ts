import {randomBytes} from 'node:crypto'
import {linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import {installInterruptCleanup} from './atomic.js'
import {InputError} from './errors.js'
import {ageMs, currentProcess, ownerAlive, type ProcessIdentity} from './owner.js'

/**
 * The one lock of khaos: a file whose content names its owner (pid, host, process start time, a nonce and
 * since when), created with its content in one step (the owner is written to a temp file that is then
 * hard-linked into place: link() never replaces, so exactly one process wins, and a lock file never exists
 * without its owner). A lock whose owner is dead (kill -9: no handler ran) is taken over at once; an
 * unreadable one (written by hand, a damaged disk) once it is older than a short grace. Waiting for a live
 * owner is bounded, then exit 2 names the holder.
 *
 * Taking over is itself guarded by a second lock (`LOCK.takeover`) so that two waiters who both judged the
 * same owner dead cannot remove each other's fresh lock. A held takeover guard lasts microseconds; a dead one
 * is removed by rename-then-check, which restores it if it turned out to be live.
 */

export interface LockOwner extends ProcessIdentity {
  nonce: string
  /** ISO time the lock was taken. */
  since: string
}

export interface LockOptions {
  /** How long to wait for a live holder (default 10 s). */
  waitMs?: number
  /** What is locked, for the message ("records folder /x"). Default: the lock file's folder. */
  what?: string
}

export const DEFAULT_LOCK_WAIT_MS = 10_000
/** An unreadable (empty, garbled) lock file older than this is taken for dead. */
export const UNREADABLE_LOCK_GRACE_MS = 2000
const POLL_MS = 20

export interface HeldLock {
  path: string
  owner: LockOwner
  /** Removes the lock if it is still this one; safe to call more than once. */
  release(): void
}

function parseOwner(text: string): LockOwner | undefined {
  // Locks written by khaos before this helper held just "PID\n".
  if (/^\d{1,10}\n?$/.test(text)) return {host: currentProcess().host, nonce: '', pid: Number(text), since: ''}
  try {
    const data = JSON.parse(text) as Partial<LockOwner>
    if (!Number.isSafeInteger(data.pid) || (data.pid as number) <= 0 || typeof data.host !== 'string' || typeof data.nonce !== 'string') return undefined
    return {
      host: data.host,
      nonce: data.nonce,
      pid: data.pid!,
      since: typeof data.since === 'string' ? data.since : '',
      start: typeof data.start === 'string' ? data.start : undefined,
    }
  } catch {
    return undefined
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** Creates `path` holding `text`, or returns false if it exists. Never leaves `path` without its text. */
function createWithContent(path: string, text: string): boolean {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  writeFileSync(temp, text, {flag: 'wx', mode: 0o644})
  try {
    linkSync(temp, path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    unlinkSync(temp)
  }
}

type Judgement = {owner?: LockOwner; state: 'dead' | 'gone' | 'live'; text: string}

function judge(path: string): Judgement {
  const text = readText(path)
  if (text === undefined) return {state: 'gone', text: ''}
  const owner = parseOwner(text)
  if (!owner) return {state: ageMs(path) > UNREADABLE_LOCK_GRACE_MS ? 'dead' : 'live', text}
  return {owner, state: ownerAlive(owner) ? 'live' : 'dead', text}
}

/** Removes `path` only if it still holds `expected`: moved aside first, checked, and put back if it changed. */
function removeIfUnchanged(path: string, expected: string): void {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp.gone`
  try {
    renameSync(path, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }

  try {
    if (readText(aside) !== expected) {
      try {
        linkSync(aside, path)
      } catch {
        // Someone holds it anew already: theirs stands.
      }
    }
  } finally {
    unlinkSync(aside)
  }
}

function ownerText(owner: LockOwner): string {
  return `${JSON.stringify(owner)}\n`
}

function newOwner(): LockOwner {
  return {...currentProcess(), nonce: randomBytes(8).toString('hex'), since: new Date().toISOString()}
}

/** Removes a dead holder's lock, under the takeover guard. */
function takeOver(path: string, dead: Judgement): void {
  const guard = `${path}.takeover`
  const mine = ownerText(newOwner())
  if (!createWithContent(guard, mine)) {
    const other = judge(guard)
    if (other.state === 'dead') removeIfUnchanged(guard, other.text)
    return
  }

  try {
    if (readText(path) === dead.text) unlinkSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  } finally {
    removeIfUnchanged(guard, mine)
  }
}

/** One attempt: the held lock, or the live holder standing in the way. */
function attempt(path: string, owner: LockOwner): {held: true} | {held: false; holder: Judgement} {
  const text = ownerText(owner)
  for (let round = 0; round < 8; round++) {
    if (createWithContent(path, text)) return {held: true}
    const holder = judge(path)
    if (holder.state === 'live') return {held: false, holder}
    if (holder.state === 'dead') takeOver(path, holder)
  }

  return {held: false, holder: judge(path)}
}

function describeHolder(holder: Judgement): string {
  if (!holder.owner) return holder.state === 'gone' ? 'another khaos process' : `an unreadable lock file (${holder.text.length} bytes)`
  const {host, pid, since} = holder.owner
  const where = host === currentProcess().host ? '' : ` on host ${host}`
  return `khaos pid ${pid}${where}${since ? ` since ${since}` : ''}`
}

function lockedError(path: string, what: string, holder: Judgement, waitedMs: number): InputError {
  return new InputError(`${what} is locked by ${describeHolder(holder)} (waited ${(waitedMs / 1000).toFixed(1)} s)`, {
    code: 'LOCKED',
    hint: `if that process is not running any more, remove ${path}`,
  })
}

function held(path: string, owner: LockOwner): HeldLock {
  const text = ownerText(owner)
  let released = false
  const release = () => {
    if (released) return
    released = true
    process.removeListener('exit', release)
    try {
      // Only our own lock: if it was (wrongly) taken over, the new holder's stands.
      if (readText(path) === text) unlinkSync(path)
    } catch {
      // Gone already.
    }
  }

  // A Ctrl-C waits for the (synchronous) locked section (tryLock installed the handlers), and the exit handler
  // releases the lock.
  process.once('exit', release)
  return {owner, path, release}
}

const sleeper = new Int32Array(new SharedArrayBuffer(4))

/** One try per call: the lock, or undefined while a live holder has it, or the exit-2 error once the wait is up. */
function tryLock(path: string, options: LockOptions): () => HeldLock | undefined {
  // Before the first temp file: with no handler of its own, a process dies of a Ctrl-C at once, even between
  // writing the owner's temp file and removing it (a stray `.NAME.lock.PID.tmp` found by the fault tests); with one,
  // the signal waits for the synchronous step to finish.
  installInterruptCleanup()
  mkdirSync(dirname(path), {recursive: true})
  const owner = newOwner()
  const started = Date.now()
  const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS
  return () => {
    const result = attempt(path, owner)
    if (result.held) return held(path, owner)
    if (Date.now() - started >= waitMs) throw lockedError(path, options.what ?? dirname(path), result.holder, Date.now() - started)
    return undefined
  }
}

/** Takes the lock at `path`, waiting (blocking) up to `waitMs` for a live holder. */
export function acquireLockSync(path: string, options: LockOptions = {}): HeldLock {
  const next = tryLock(path, options)
  for (;;) {
    const lock = next()
    if (lock) return lock
    Atomics.wait(sleeper, 0, 0, POLL_MS)
  }
}

/** Runs the synchronous `body` holding the lock at `path`. */
export function withLockSync<T>(path: string, body: () => T, options: LockOptions = {}): T {
  const lock = acquireLockSync(path, options)
  try {
    return body()
  } finally {
    lock.release()
  }
}

/** The lock file that guards read-modify-write of `file`: `.NAME.lock` beside it. */
export function lockPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.lock`)
}
