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
  const watchdog = pid === undefined ? undefined : watchGroup(pid)
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    watchdog?.()
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

/**
 * The watchdog's loop (POSIX sh): while khaos ($1) lives and the group ($2) exists, poll; once khaos is gone
 * (kill -9 runs no exit handler), or after $3 polls, kill the whole group. Exits by itself once the group is.
 */
const WATCHDOG =
  'i=0; while kill -0 "$1" 2>/dev/null; do kill -0 -"$2" 2>/dev/null || exit 0; i=$((i+1)); [ "$i" -gt "$3" ] && break; sleep 0.5; done; kill -KILL -"$2" 2>/dev/null'

/**
 * Starts a watchdog beside process group `pgid` that kills the group when this khaos process dies, however it
 * dies, or after `maxSeconds`: the learner's command and live fixtures run in groups of their own (so one kill
 * reaches every process they started), which also means nothing kills them when a SIGKILLed khaos cannot.
 * A small sh loop rather than Linux's prctl(PR_SET_PDEATHSIG), which Node does not offer and which would only
 * reach the group leader. Returns the function that stops the watchdog (when khaos stops the group itself).
 */
export function watchGroup(pgid: number, maxSeconds = 24 * 3600): () => void {
  const polls = Math.ceil(maxSeconds / 0.5)
  const dog = spawn('sh', ['-c', WATCHDOG, 'khaos-watchdog', String(process.pid), String(pgid), String(polls)], {detached: true, stdio: 'ignore'})
  dog.on('error', () => {}) // no sh: the group then only has khaos's own timers and exit handlers
  dog.unref()
  return () => {
    if (dog.pid === undefined || dog.exitCode !== null) return
    try {
      process.kill(dog.pid, 'SIGKILL')
    } catch {
      // Gone already.
    }
  }
}
