import {createHash, randomBytes} from 'node:crypto'
import {closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import {InputError} from '../shared/errors.js'
import {decodeText} from '../shared/input.js'

/**
 * The audit log: one JSON line per state-changing command, appended to a file that is only ever appended to.
 *
 * Concurrency: each line is written with a single write() on a descriptor opened O_APPEND, and kept under
 * PIPE_BUF (4,096 bytes) by trimming the arguments and artifacts first. On a local file system the kernel
 * places each such write whole at the end of the file, so concurrent writers never interleave or overwrite
 * each other's lines, without a lock.
 *
 * Rotation: when the file would pass max_bytes, it is renamed to `audit.jsonl.<UTC time>-<pid>-<random>`
 * (a rename is atomic; a writer holding the old descriptor still lands in the rotated segment, so no line is
 * lost), and only the newest `keep` segments are kept.
 */

export const AUDIT_FILE = 'audit.jsonl'
const MAX_LINE_BYTES = 4096

export interface AuditArtifact {
  path: string
  sha256?: string
  bytes?: number
  type?: 'dir'
}

export interface AuditEntry {
  time: string
  user: string
  host: string
  command: string
  args: string[]
  cwd: string
  result: 'ok' | 'failed' | 'error'
  exit: number
  durationMs: number
  artifacts: AuditArtifact[]
  version: string
  pid: number
  /** What was cut to keep the line under 4,096 bytes. */
  trimmed?: string[]
}

export interface AuditSettings {
  path: string
  maxBytes: number
  keep: number
}

/** Serialises an entry as one line of at most MAX_LINE_BYTES, trimming artifacts, then arguments, when needed. */
function auditLine(entry: AuditEntry): string {
  let line = `${JSON.stringify(entry)}\n`
  if (Buffer.byteLength(line) <= MAX_LINE_BYTES) return line
  const trimmed: AuditEntry = {...entry, args: entry.args.map((a) => (a.length > 200 ? `${a.slice(0, 199)}…` : a)), trimmed: ['long arguments shortened']}
  const fits = () => Buffer.byteLength(`${JSON.stringify(trimmed)}\n`) <= MAX_LINE_BYTES
  while (!fits() && trimmed.artifacts.length > 0) {
    trimmed.artifacts = trimmed.artifacts.slice(0, -1)
    if (!trimmed.trimmed!.includes('artifacts dropped')) trimmed.trimmed!.push('artifacts dropped')
  }

  while (!fits() && trimmed.args.length > 0) {
    trimmed.args = trimmed.args.slice(0, -1)
    if (!trimmed.trimmed!.includes('arguments dropped')) trimmed.trimmed!.push('arguments dropped')
  }

  if (!fits()) trimmed.cwd = `${trimmed.cwd.slice(0, 500)}…`
  line = `${JSON.stringify(trimmed)}\n`
  return line
}

function rotatedSegments(path: string): string[] {
  const dir = dirname(path)
  const prefix = `${basename(path)}.`
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => name.startsWith(prefix) && /^\d{8}T\d{6}Z-/.test(name.slice(prefix.length)))
    .sort()
    .map((name) => join(dir, name))
}

function compactTime(date = new Date()): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')
}

/** Appends one entry; rotates first when the file would pass maxBytes. */
export function appendAudit(entry: AuditEntry, settings: AuditSettings): void {
  const line = Buffer.from(auditLine(entry), 'utf8')
  mkdirSync(dirname(settings.path), {mode: 0o700, recursive: true})
  let fd = openSync(settings.path, 'a', 0o600)
  try {
    if (fstatSync(fd).size + line.length > settings.maxBytes && fstatSync(fd).size > 0) {
      closeSync(fd)
      const rotated = `${settings.path}.${compactTime()}-${process.pid}-${randomBytes(3).toString('hex')}`
      try {
        renameSync(settings.path, rotated)
      } catch (error) {
        // Another writer rotated it first: its segment is kept, and this line starts the new file.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      }

      for (const old of rotatedSegments(settings.path).slice(0, -settings.keep)) rmSync(old, {force: true})
      fd = openSync(settings.path, 'a', 0o600)
    }

    const written = writeSync(fd, line)
    if (written !== line.length) throw new Error(`short write to the audit log (${written} of ${line.length} bytes)`)
  } finally {
    closeSync(fd)
  }
}

// ----------------------------------------------------------------------------------------------- reading

export interface AuditQuery {
  /** ISO time, or a duration back from now: 30m, 24h, 7d. */
  since?: string
  /** Command id, e.g. `notarize` or `keys generate` (spaces or colons). */
  command?: string
  now?: Date
}

function parseSince(value: string, now = new Date()): Date {
  const duration = /^(\d+)(s|m|h|d|w)$/.exec(value)
  if (duration) {
    const seconds = {d: 86_400, h: 3600, m: 60, s: 1, w: 604_800}[duration[2] as 'd']
    return new Date(now.getTime() - Number(duration[1]) * seconds * 1000)
  }

  if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value)) {
    const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value)
    if (!Number.isNaN(date.getTime())) return date
  }

  throw new InputError(`invalid --since ${JSON.stringify(value)}: use an ISO date or time (2026-01-31, 2026-01-31T12:00:00Z) or a duration (30m, 24h, 7d)`)
}

/** Every entry of the log and its rotated segments, oldest first, with the count of lines that did not parse. */
export function readAudit(path: string, query: AuditQuery = {}): {entries: AuditEntry[]; unreadable: number; files: string[]} {
  const files = [...rotatedSegments(path), ...(existsSync(path) ? [path] : [])]
  const since = query.since ? parseSince(query.since, query.now) : undefined
  const command = query.command?.trim().replace(/[:\s]+/g, ' ')
  const entries: AuditEntry[] = []
  let unreadable = 0
  for (const file of files) {
    if (!statSync(file).isFile()) continue
    const text = decodeText(readFileSync(file), `audit log ${file}`)
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue
      let entry: AuditEntry
      try {
        entry = JSON.parse(line) as AuditEntry
        if (typeof entry.time !== 'string' || typeof entry.command !== 'string') throw new Error('shape')
      } catch {
        unreadable++
        continue
      }

      if (since && !(new Date(entry.time) >= since)) continue
      if (command && entry.command !== command) continue
      entries.push(entry)
    }
  }

  return {entries, files, unreadable}
}

// ---------------------------------------------------------------------------------------------- building

const SECRET_FLAG = /^--?(?:[\w-]*(?:pass(?:word|phrase)?|secret|token|webhook|api-?key|auth|credential)[\w-]*)$/i
const SECRET_VALUE = [
  /https?:\/\/[^\s/]*:[^\s/@]*@/i, // credentials in a URL
  /\/api\/webhooks\/|hooks\.slack\.com|\/webhook/i,
  /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|sk-[A-Za-z0-9]{20,})\b/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
]

/** The command line as typed, with the values of secret-looking flags and secret-looking values replaced. */
export function redactArgs(argv: string[]): string[] {
  const out: string[] = []
  let redactNext = false
  for (const arg of argv) {
    if (redactNext) {
      out.push('[redacted]')
      redactNext = false
      continue
    }

    const eq = arg.indexOf('=')
    const flag = arg.startsWith('-') ? (eq > 0 ? arg.slice(0, eq) : arg) : undefined
    if (flag && SECRET_FLAG.test(flag) && !/-stdin$/.test(flag)) {
      if (eq > 0) out.push(`${flag}=[redacted]`)
      else {
        out.push(arg)
        redactNext = true
      }

      continue
    }

    out.push(SECRET_VALUE.some((pattern) => pattern.test(arg)) ? '[redacted]' : arg)
  }

  return out
}

const ARTIFACT_KEYS =
  /^(?:path|paths|publicKeyPath|outDir|output|outputs|artifacts|superseded|summary|record|notary|fragment|map|contradictions|written|report)$/

/** Paths a command's result names (a record, a notary folder, a summary …) that exist, with their SHA-256. */
export function artifactsOf(result: unknown, limit = 16): AuditArtifact[] {
  const paths = new Set<string>()
  const visit = (value: unknown, depth: number, key?: string) => {
    if (depth > 3 || paths.size >= limit || value === null || value === undefined) return
    if (typeof value === 'string') {
      if (key && ARTIFACT_KEYS.test(key) && value.length < 4096 && !/secret/i.test(key)) paths.add(value)
      return
    }

    if (Array.isArray(value)) {
      if (key && ARTIFACT_KEYS.test(key)) for (const v of value.slice(0, limit)) visit(v, depth + 1, key)
      return
    }

    if (typeof value === 'object') for (const [k, v] of Object.entries(value)) if (depth === 0 || (key && ARTIFACT_KEYS.test(key))) visit(v, depth + 1, k)
  }

  visit(result, 0)
  const artifacts: AuditArtifact[] = []
  for (const path of paths) {
    let stats
    try {
      stats = statSync(path)
    } catch {
      continue
    }

    if (stats.isDirectory()) artifacts.push({path, type: 'dir'})
    else if (stats.isFile() && stats.size <= 256 * 1024 * 1024)
      artifacts.push({bytes: stats.size, path, sha256: createHash('sha256').update(readFileSync(path)).digest('hex')})
  }

  return artifacts
}
