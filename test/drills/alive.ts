import {readFileSync} from 'node:fs'

/**
 * Alive = the process exists and is not a zombie: a killed child not yet reaped (a container's PID 1 may
 * never reap orphans) still answers `kill -0`, so zombies count as gone.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }

  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return process.platform !== 'linux'
  }
}
