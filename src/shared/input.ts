import {closeSync, constants, fstatSync, openSync, readSync} from 'node:fs'

import {InputError} from './errors.js'

export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024

export interface ReadTextOptions {
  /** Refuse files larger than this (default 64 MiB). */
  maxBytes?: number
  /** What the file is, for messages: "input", "record", "catalog" … */
  what?: string
}

/**
 * Reads a user-supplied text file, refusing clearly what khaos cannot use: a missing path, a directory or
 * device, a file over the size limit, binary content (NUL bytes) and invalid UTF-8. A leading BOM is dropped.
 */
export function readTextFile(path: string, options: ReadTextOptions = {}): string {
  const what = options.what ?? 'input'
  return decodeText(readRegularFile(path, options), `${what} ${path}`)
}

/**
 * The bytes of a regular file, opened without blocking: a FIFO put where a file is expected (a key, an input)
 * would block a plain open or read forever, so the file is opened O_NONBLOCK and checked with fstat on the
 * same descriptor (no race between the check and the read). Directories, FIFOs, sockets and devices, and
 * files over the size limit, are refused with one clear line.
 */
export function readRegularFile(path: string, options: ReadTextOptions = {}): Buffer {
  const what = options.what ?? 'input'
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new InputError(`${what} ${path}: no such file`, {code: 'ENOENT'})
    if (code === 'EACCES') throw new InputError(`${what} ${path}: permission denied`, {code: 'EACCES'})
    if (code === 'EISDIR') throw new InputError(`${what} ${path}: is a directory, expected a file`, {code: 'EISDIR'})
    if (code === 'ENXIO') throw new InputError(`${what} ${path}: not a regular file`, {code: 'ENXIO'})
    throw error
  }

  try {
    const stats = fstatSync(fd)
    if (stats.isDirectory()) throw new InputError(`${what} ${path}: is a directory, expected a file`)
    if (!stats.isFile()) throw new InputError(`${what} ${path}: not a regular file (a FIFO, socket or device)`, {code: 'NOT_FILE'})
    if (stats.size > maxBytes) {
      throw new InputError(`${what} ${path}: ${formatBytes(stats.size)} is over the ${formatBytes(maxBytes)} limit`, {code: 'TOO_LARGE'})
    }

    const buffer = Buffer.alloc(stats.size)
    let offset = 0
    while (offset < stats.size) {
      const read = readSync(fd, buffer, offset, stats.size - offset, offset)
      if (read === 0) break
      offset += read
    }

    return offset === stats.size ? buffer : buffer.subarray(0, offset)
  } finally {
    closeSync(fd)
  }
}

/** Decodes bytes as UTF-8, refusing binary data and invalid sequences with a message naming `label`. */
export function decodeText(buffer: Uint8Array, label: string): string {
  if (buffer.includes(0)) throw new InputError(`${label}: binary data (NUL bytes), expected UTF-8 text`, {code: 'BINARY'})
  try {
    const text = new TextDecoder('utf-8', {fatal: true}).decode(buffer)
    return text.startsWith('\uFEFF') ? text.slice(1) : text
  } catch {
    throw new InputError(`${label}: not valid UTF-8 text`, {code: 'ENCODING'})
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }

  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}
