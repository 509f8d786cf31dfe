import {closeSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync} from 'node:fs'
import {join, relative, sep} from 'node:path'

/**
 * File discovery for a scan. Rules, each there so a hostile or odd tree cannot crash or hang a scan:
 * - node_modules, .git and other vendored/cache folders are skipped;
 * - symlinks are never followed as directories; a symlinked file is read only when its real path is
 *   inside the scanned tree (a link to /etc/shadow is reported, not read);
 * - files over the size cap, binary files (NUL bytes, invalid UTF-8) and unreadable files are reported
 *   as skipped with a reason;
 * - a file-count cap bounds the walk.
 */

export interface ProjectFile {
  /** Path relative to the scan root, `/`-separated. */
  path: string
  abs: string
  text: string
  size: number
}

export interface SkippedFile {
  path: string
  reason: string
}

export interface DiscoverOptions {
  maxFileBytes?: number
  maxFiles?: number
  /** Scan only these top-level entry names (a single-file target). */
  only?: string[]
}

const DEFAULT_MAX_FILE_BYTES = 1024 * 1024
const DEFAULT_MAX_FILES = 50_000

const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.cache',
  '.next',
  'bower_components',
  'khaos_trial_results',
  // Where khaos wrote its trial report before it was renamed.
  'moc_trial_results',
])

export function discoverFiles(root: string, options: DiscoverOptions = {}): {files: ProjectFile[]; skipped: SkippedFile[]} {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES
  const files: ProjectFile[] = []
  const skipped: SkippedFile[] = []
  let realRoot: string
  try {
    realRoot = realpathSync(root)
  } catch {
    realRoot = root
  }

  const rel = (abs: string) => relative(root, abs).split(sep).join('/')
  const stack: string[] = [root]
  let capped = false
  while (stack.length > 0) {
    const dir = stack.pop()!
    let entries: string[]
    try {
      entries = readdirSync(dir)
    } catch (error) {
      skipped.push({path: rel(dir) || '.', reason: `unreadable directory (${(error as NodeJS.ErrnoException).code ?? 'error'})`})
      continue
    }

    entries.sort()
    if (dir === root && options.only) entries = entries.filter((e) => options.only!.includes(e))
    for (const name of entries) {
      const abs = join(dir, name)
      let stats
      try {
        stats = lstatSync(abs)
      } catch (error) {
        skipped.push({path: rel(abs), reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})`})
        continue
      }

      if (stats.isDirectory()) {
        if (!SKIP_DIRS.has(name)) stack.push(abs)
        continue
      }

      let size = stats.size
      if (stats.isSymbolicLink()) {
        let real: string
        try {
          real = realpathSync(abs)
          const target = statSync(real)
          if (!target.isFile()) {
            skipped.push({path: rel(abs), reason: 'symlink to a non-file, not followed'})
            continue
          }

          size = target.size
        } catch {
          skipped.push({path: rel(abs), reason: 'dangling symlink'})
          continue
        }

        if (real !== realRoot && !real.startsWith(realRoot + sep)) {
          skipped.push({path: rel(abs), reason: 'symlink out of the scanned tree, not followed'})
          continue
        }
      } else if (!stats.isFile()) {
        // Sockets, FIFOs, devices: reading one could block forever.
        skipped.push({path: rel(abs), reason: 'not a regular file (socket, FIFO or device)'})
        continue
      }

      if (files.length >= maxFiles) {
        capped = true
        break
      }

      if (size > maxFileBytes) {
        skipped.push({path: rel(abs), reason: `over the ${Math.round(maxFileBytes / 1024)} KiB size cap`})
        continue
      }

      const read = readSmall(abs, size)
      if (typeof read !== 'string') {
        skipped.push({path: rel(abs), reason: read.reason})
        continue
      }

      files.push({abs, path: rel(abs), size, text: read})
    }

    if (capped) break
  }

  if (capped) skipped.push({path: '.', reason: `file cap of ${maxFiles} reached; the rest of the tree was not scanned`})
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return {files, skipped}
}

function readSmall(abs: string, size: number): string | {reason: string} {
  let fd: number
  try {
    fd = openSync(abs, 'r')
  } catch (error) {
    return {reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})`}
  }

  try {
    const buffer = Buffer.alloc(size)
    let offset = 0
    while (offset < size) {
      const n = readSync(fd, buffer, offset, size - offset, offset)
      if (n === 0) break
      offset += n
    }

    const bytes = buffer.subarray(0, offset)
    if (bytes.includes(0)) return {reason: 'binary (NUL bytes)'}
    try {
      const text = new TextDecoder('utf-8', {fatal: true}).decode(bytes)
      return text.startsWith('\uFEFF') ? text.slice(1) : text
    } catch {
      return {reason: 'binary (not UTF-8)'}
    }
  } catch (error) {
    return {reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})`}
  } finally {
    closeSync(fd)
  }
}
