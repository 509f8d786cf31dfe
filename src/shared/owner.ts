import {readdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {hostname} from 'node:os'
import {basename, join} from 'node:path'

/**
 * Who owns a lock or a temp file, and whether that owner is still alive. A process is named by its pid, its
 * host and its start time (so a pid reused by an unrelated process after a kill -9 is not taken for the
 * owner). Liveness can only be judged on the owner's own host: an owner on another host is assumed alive.
 */

export interface ProcessIdentity {
  pid: number
  host: string
  /** The process's start time as the kernel counts it (/proc/PID/stat field 22), when known. */
  start?: string
}

/** Field 22 of /proc/PID/stat (start time in clock ticks since boot), or undefined off Linux / when gone. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const start = fields[19]
    return start && /^\d+$/.test(start) ? start : undefined
  } catch {
    return undefined
  }
}

let self: ProcessIdentity | undefined
export function currentProcess(): ProcessIdentity {
  self ??= {host: hostname(), pid: process.pid, start: processStartTime(process.pid)}
  return self
}

export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * False only when the owner is certainly gone: on this host, and its pid is not running or now belongs to a
 * process started at another time. An owner on another host (a shared folder) is taken as alive.
 */
export function ownerAlive(owner: {host?: string; pid: number; start?: string}): boolean {
  if (owner.host !== undefined && owner.host !== currentProcess().host) return true
  if (!pidAlive(owner.pid)) return false
  if (owner.start === undefined) return true
  const now = processStartTime(owner.pid)
  return now === undefined || now === owner.start
}

export function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs
  } catch {
    return 0
  }
}

/**
 * Names of the temp files and folders khaos leaves beside its targets while it writes, each carrying the pid
 * of the process that made it: atomic-write temps (`.NAME.PID.HEX.tmp[.new|.bak|.old]`, lock temps too) and
 * synthesize's staging folders (`.khaos-staging-PID-HEX[.old-NAME]`).
 */
const OWNED_TEMP = [/^\..+\.(\d+)\.[0-9a-f]{8}\.tmp(?:\.[a-z]+)?$/, /^\.khaos-staging-(\d+)-[0-9a-f]{8}(?:\.old-.+)?$/]
/** Past this age a temp is stale whatever its pid says (the pid may have been reused): no khaos write takes a day. */
const STALE_TEMP_MS = 24 * 3600 * 1000

/** The pid a khaos temp name carries, or undefined when `name` is not one of khaos's temp names. */
export function tempOwnerPid(name: string): number | undefined {
  for (const pattern of OWNED_TEMP) {
    const match = pattern.exec(name)
    if (match) return Number(match[1])
  }

  return undefined
}

/** Whether `path` is a khaos temp (by its name) whose maker is gone: pid not running here, or a day old. */
export function isStaleTemp(path: string): boolean {
  const pid = tempOwnerPid(basename(path))
  if (pid === undefined || pid === process.pid) return false
  return !pidAlive(pid) || ageMs(path) >= STALE_TEMP_MS
}

/**
 * Removes the temp files and staging folders in `dir` left by khaos processes that were killed (kill -9 runs
 * no handler): those whose pid is no longer running on this host, or older than a day. A temp of a live
 * process (a concurrent run) is never touched. Returns the names removed.
 */
export function sweepStaleTemps(dir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }

  const removed: string[] = []
  for (const name of names) {
    const path = join(dir, name)
    if (!isStaleTemp(path)) continue
    try {
      rmSync(path, {force: true, recursive: true})
      removed.push(name)
    } catch {
      // Raced with another sweeper, or not ours to remove: leave it.
    }
  }

  return removed
}
