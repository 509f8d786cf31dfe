import {spawn} from 'node:child_process'
import {rmSync} from 'node:fs'

export interface ProcessGroup {
  /** The group leader's pid (= the process group id). */
  pid: number
  /** Kills the whole group and removes `scratch`; safe to call more than once. */
  stop: () => void
}

/**
 * Starts a live fixture's process tree as its own process group, so that one kill of the group stops every
 * descendant, however deep, and removes its scratch folder. Used by the drills whose fixture is a live tree.
 */
export function startProcessGroup(command: string, args: string[], options: {cwd: string; env?: NodeJS.ProcessEnv; scratch: string}): ProcessGroup {
  const child = spawn(command, args, {cwd: options.cwd, detached: true, env: options.env ?? process.env, stdio: 'ignore'})
  child.unref()
  const {pid} = child
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }

    rmSync(options.scratch, {force: true, recursive: true})
  }

  if (pid === undefined) {
    stop()
    throw new Error(`could not start ${command}`)
  }

  return {pid, stop}
}
