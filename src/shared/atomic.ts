import {randomBytes} from 'node:crypto'
import {closeSync, existsSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, statSync, unlinkSync, writeSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'

import {InputError} from './errors.js'

/**
 * Atomic writes: every artifact is written to a temp file beside its target, fsynced, then renamed (or
 * hard-linked, when overwriting is not allowed, so that an existing file can never be replaced by a race).
 * Temp files still open when the process is interrupted are removed, so Ctrl-C never leaves half a file.
 */

const pending = new Set<string>()
let handlersInstalled = false
/** Set once a multi-step write starts moving its results into place: from then on it runs to the end. */
let committing = false

/** Other clean-ups to run on exit and interrupt (a drill's servers and scratch folders): one registry for every area. */
const cleanups = new Set<() => void>()

function cleanupPending(): void {
  for (const cleanup of cleanups) {
    try {
      cleanup()
    } catch {
      // Best effort: the process is ending.
    }
  }

  for (const path of pending) rmSync(path, {force: true, recursive: true})
  pending.clear()
}

/** Runs `cleanup` on exit, Ctrl-C, SIGTERM and SIGHUP, with the temp files (see installInterruptCleanup). */
export function onExitCleanup(cleanup: () => void): void {
  installInterruptCleanup()
  cleanups.add(cleanup)
}

/**
 * From the first call on, Ctrl-C/SIGTERM/SIGHUP remove every pending temp file and exit 128+n. Until then
 * Node's default kills at once; code holding a lock calls this first, so that a signal waits for its
 * (synchronous) locked section to finish.
 */
export function installInterruptCleanup(): void {
  if (handlersInstalled) return
  handlersInstalled = true
  process.on('exit', cleanupPending)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // `on`, not `once`: another library's handler (signal-exit, under ora) re-raises a signal no one else
    // listens to, which would kill a commit in the middle.
    process.on(signal, () => {
      // Past the point of no return the work completes (all of it in place, exit status as it ends):
      // stopping half way through moving files would leave a mix of old and new.
      if (committing) return
      cleanupPending()
      // Re-raise conventionally: 128 + signal number.
      process.exit(128 + ({SIGHUP: 1, SIGINT: 2, SIGTERM: 15} as const)[signal])
    })
  }
}

/**
 * Lets a pending Ctrl-C/SIGTERM act now. Signals are handled only when Node's event loop turns, and a chain
 * of synchronous stages joined by awaits of resolved promises never lets it turn: call this between stages,
 * so an interrupt stops the work there (exit 130/143 after the exit handlers roll back) instead of being
 * noticed only once everything is committed.
 */
export async function interruptionPoint(): Promise<void> {
  installInterruptCleanup()
  await new Promise<void>((resolve) => {
    setImmediate(resolve)
  })
}

/**
 * Marks the point of no return of a run (e.g. synthesize moving its staged session into place): a signal
 * that arrives from here on no longer interrupts it; the run completes and exits as it would have.
 */
export function beginCommit(): void {
  committing = true
}

/**
 * Registers a temp path (file or folder) of the caller's own to be removed on Ctrl-C or exit, like the temp
 * files made here. Returns the function that unregisters it once it is moved into place or removed.
 */
export function trackTemp(path: string): () => void {
  installInterruptCleanup()
  pending.add(path)
  return () => {
    pending.delete(path)
  }
}

function tempNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
}

export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic there.
  }
}

/** Creates `path` (never replacing one), writes all of `data` and fsyncs it. */
function writeSynced(path: string, data: string | Uint8Array, mode: number): void {
  const fd = openSync(path, 'wx', mode)
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    let offset = 0
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

export interface WriteOptions {
  /** Replace an existing file (the `--force` flag). Default false: an existing target is an error. */
  overwrite?: boolean
  /** File mode for a new file, e.g. 0o600 for secrets. Default 0o644 (less the umask). */
  mode?: number
  /**
   * The path was named by the user (--out, -o): its folder must already exist. khaos never creates a whole
   * path the user did not ask for (`--out /nonexistent/x` made /nonexistent as root); internal state paths
   * leave this unset and get their folders made.
   */
  userPath?: boolean
}

/** The folder a user-named output goes into must exist already: one clear input error otherwise. */
export function assertFolderExists(dir: string, shown: string): void {
  let stats
  try {
    stats = statSync(dir)
  } catch {
    throw new InputError(`${shown}: folder ${dir} does not exist; create it first (khaos creates no folders on a path you name but the last)`, {code: 'ENOENT'})
  }

  if (!stats.isDirectory()) throw new InputError(`${shown}: ${dir} is not a folder`, {code: 'ENOTDIR'})
}

/**
 * Makes the folder `dir`. For a folder the user named (`userPath`, e.g. synthesize --out) only that last
 * component may be created: its parent must exist. Otherwise (khaos's own state) the whole chain is created.
 */
export function ensureFolder(dir: string, options: {shown?: string; userPath?: boolean} = {}): void {
  if (!options.userPath) {
    mkdirSync(dir, {recursive: true})
    return
  }

  assertFolderExists(dirname(resolve(dir)), options.shown ?? dir)
  try {
    mkdirSync(dir)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') {
      if (!statSync(dir).isDirectory()) throw new InputError(`${options.shown ?? dir}: ${dir} exists and is not a folder`, {code: 'ENOTDIR'})
      return
    }

    throw error
  }
}

export function refuseExisting(target: string): never {
  throw new InputError(`${target} already exists; pass --force to overwrite it`, {code: 'EXISTS'})
}

/** Writes `data` to `target` atomically. Creates the parent directory if needed. */
export function writeFileAtomic(target: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  writeFilesAtomic([{data, mode: options.mode, overwrite: Boolean(options.overwrite), path: target, userPath: options.userPath}])
}

/**
 * Whether a file or folder the user named could be written at `target`: its parent exists, and it does not unless
 * `overwrite`. A command that works long before it writes asks first, so a taken --out fails at once rather than
 * after the work (writeDirAtomic and writeFileAtomic check again when they write).
 */
export function assertWritable(target: string, options: Pick<WriteOptions, 'overwrite'> = {}): void {
  const path = resolve(target)
  assertFolderExists(dirname(path), target)
  if (!options.overwrite && existsSync(path)) refuseExisting(target)
}

/**
 * Writes a whole directory of files atomically: they are built in a temp directory beside `target` and the
 * directory is renamed into place, so readers see all of it or none of it. With `overwrite`, the old
 * directory is swapped out and removed only after the new one is in place. The target is always a folder
 * the user named: its parent must exist (only the target itself is created).
 */
export function writeDirAtomic(target: string, files: Record<string, string | Uint8Array>, options: WriteOptions = {}): void {
  installInterruptCleanup()
  const path = resolve(target)
  assertWritable(target, options)
  const temp = tempNameFor(path)
  pending.add(temp)
  try {
    mkdirSync(temp, {mode: 0o755})
    for (const [relative, data] of Object.entries(files)) {
      const file = resolve(temp, relative)
      if (!file.startsWith(temp + '/')) throw new InputError(`refusing to write ${relative}: outside ${target}`)
      mkdirSync(dirname(file), {recursive: true})
      writeSynced(file, data, options.mode ?? 0o644)
    }

    fsyncDir(temp)
    if (existsSync(path)) {
      if (!options.overwrite) refuseExisting(target)
      if (!lstatSync(path).isDirectory()) throw new InputError(`${target} exists and is not a directory`)
      const old = tempNameFor(path) + '.old'
      pending.add(old)
      renameSync(path, old)
      renameSync(temp, path)
      rmSync(old, {force: true, recursive: true})
      pending.delete(old)
    } else {
      renameSync(temp, path)
    }

    fsyncDir(dirname(path))
  } finally {
    rmSync(temp, {force: true, recursive: true})
    pending.delete(temp)
  }
}

export interface PlannedWrite {
  data: string | Uint8Array
  overwrite: boolean
  path: string
  /** File mode for a new file (default 0o644, less the umask). */
  mode?: number
  /** See WriteOptions.userPath. */
  userPath?: boolean
}

/**
 * Writes several files as one step (e.g. a record and the record it supersedes): every temp file is written
 * and fsynced first, and only then are they moved into place. A failure before the moves leaves the old state
 * untouched; a failure during them undoes the moves already made (a new file is unlinked, a replaced file is
 * restored from a hard link taken before the move). Ctrl-C removes the temp files.
 */
export function writeFilesAtomic(writes: PlannedWrite[]): void {
  installInterruptCleanup()
  const plans = writes.map((w) => ({...w, path: resolve(w.path), shown: w.path, temp: ''}))
  const mine: string[] = []
  const temp = (target: string, tag: string) => {
    const name = `${tempNameFor(target)}.${tag}`
    pending.add(name)
    mine.push(name)
    return name
  }

  const undo: Array<() => void> = []
  try {
    for (const plan of plans) {
      if (plan.userPath) assertFolderExists(dirname(plan.path), plan.shown)
      else mkdirSync(dirname(plan.path), {recursive: true})
      if (!plan.overwrite && existsSync(plan.path)) refuseExisting(plan.shown)
      plan.temp = temp(plan.path, 'new')
      writeSynced(plan.temp, plan.data, plan.mode ?? 0o644)
    }

    for (const plan of plans) {
      if (plan.overwrite) {
        let backup: string | undefined
        // A replaced file is kept (hard link) only while a later move could still fail and need undoing.
        if (plans.length > 1 && existsSync(plan.path)) {
          backup = temp(plan.path, 'bak')
          linkSync(plan.path, backup)
        }

        renameSync(plan.temp, plan.path)
        undo.push(() => (backup ? renameSync(backup, plan.path) : rmSync(plan.path, {force: true})))
      } else {
        try {
          linkSync(plan.temp, plan.path) // EEXIST if the target appeared meanwhile: never replaced
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') refuseExisting(plan.shown)
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
    for (const path of mine) {
      rmSync(path, {force: true})
      pending.delete(path)
    }
  }
}
