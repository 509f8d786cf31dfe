import {spawn} from 'node:child_process'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {sessionPaths} from '../../src/pipeline/synthesize.js'
import {tempOwnerPid} from '../../src/shared/owner.js'
import {BIN} from '../helpers/cli.js'

/**
 * The fault suite's shared pieces: seeded randomness (the seed is in every failure message; rerun with
 * KHAOS_FAULT_SEED=N), child processes killed or signalled at chosen moments, and the checks every fault
 * must pass (nothing lost, nothing half-written, nothing left behind).
 */

export interface Seeded {
  seed: number
  /** Uniform in [0, 1). */
  random(): number
  /** Uniform integer in [low, high). */
  between(low: number, high: number): number
}

export function seeded(): Seeded {
  const seed = Number(process.env.KHAOS_FAULT_SEED ?? Math.floor(Math.random() * 1_000_000))
  // mulberry32: small, fast, good enough to spread moments.
  let a = seed >>> 0
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }

  return {between: (low, high) => low + Math.floor(random() * (high - low)), random, seed}
}

export const TIMESTAMP = '2026-01-31T12:00:00Z'

export interface Outcome {
  code: null | number
  signal: NodeJS.Signals | null
  stderr: string
  stdout: string
}

/** Runs `khaos ARGS`; with `killAfterMs`, sends `signal` (default SIGKILL) after that long. */
export function runKhaos(args: string[], options: {cwd: string; env: Record<string, string>; killAfterMs?: number; signal?: NodeJS.Signals}): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: {...process.env, CI: 'true', NO_COLOR: '1', ...options.env},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const timer = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill(options.signal ?? 'SIGKILL'), options.killAfterMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({code, signal, stderr, stdout})
    })
  })
}

/** khaos temp files, staging folders and lock files anywhere under `dir` (relative paths). */
export function leftovers(dir: string): string[] {
  const found: string[] = []
  const walk = (at: string, rel: string) => {
    if (!existsSync(at)) return
    for (const entry of readdirSync(at, {withFileTypes: true})) {
      const path = join(rel, entry.name)
      if (tempOwnerPid(entry.name) !== undefined || /\.lock(\.takeover)?$/.test(entry.name)) found.push(path)
      else if (entry.isDirectory()) walk(join(at, entry.name), path)
    }
  }

  walk(dir, '')
  return found.sort()
}

/** The session ids whose clusters the map holds. */
export function mapSessions(mapPath: string): string[] {
  if (!existsSync(mapPath)) return []
  return [...readFileSync(mapPath, 'utf8').matchAll(/^[ \t]*\/\/ khaos:session (\S+) begin$/gm)].map((m) => m[1]).sort()
}

/** Names in `dir` that belong to a synthesize session (its artifacts), sorted. */
export function sessionArtifacts(dir: string, session: string): string[] {
  if (!existsSync(dir)) return []
  const names = new Set(Object.values(sessionPaths(session)))
  return readdirSync(dir)
    .filter((name) => names.has(name))
    .sort()
}
