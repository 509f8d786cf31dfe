import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {open} from 'node:fs/promises'
import {Worker} from 'node:worker_threads'

import {InputError} from '../shared/errors.js'

/** What khaos records about each artifact. */
export interface FileDigest {
  size: number
  sha256: Buffer
  /** BLAKE2b-512, for minisign's prehashed signatures (absent when not asked for). */
  blake2b512?: Buffer
}

const CHUNK = 4 * 1024 * 1024
/** Above this size the two digests run on two threads: wall time becomes max(sha256, blake2b), not the sum. */
export const PARALLEL_THRESHOLD = 32 * 1024 * 1024

/**
 * Hashes a file with the given algorithms in one pass, reading 4 MiB chunks asynchronously with the next
 * read in flight while the current chunk is hashed (so I/O overlaps hashing, and Ctrl-C is handled promptly).
 */
async function hashStream(path: string, algorithms: string[]): Promise<{digests: Buffer[]; size: number}> {
  const handle = await open(path, 'r')
  try {
    const hashes = algorithms.map((algorithm) => createHash(algorithm))
    const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)]
    let size = 0
    let which = 0
    let pending = handle.read(buffers[which], 0, CHUNK, null)
    for (;;) {
      const {bytesRead} = await pending
      if (bytesRead === 0) break
      const current = buffers[which]
      which ^= 1
      pending = handle.read(buffers[which], 0, CHUNK, null)
      const chunk = bytesRead === CHUNK ? current : current.subarray(0, bytesRead)
      for (const hash of hashes) hash.update(chunk)
      size += bytesRead
    }

    return {digests: hashes.map((hash) => hash.digest()), size}
  } finally {
    await handle.close()
  }
}

// Self-contained so it runs the same from dist/ and under tsx (no module path to resolve).
const WORKER_SOURCE = `
const {parentPort, workerData} = require('node:worker_threads')
const {createHash} = require('node:crypto')
const {openSync, readSync, closeSync} = require('node:fs')
try {
  const fd = openSync(workerData.path, 'r')
  const hash = createHash(workerData.algorithm)
  const buffer = Buffer.allocUnsafe(${CHUNK})
  let size = 0, n
  while ((n = readSync(fd, buffer, 0, buffer.length, null)) > 0) { hash.update(n === buffer.length ? buffer : buffer.subarray(0, n)); size += n }
  closeSync(fd)
  const digest = hash.digest()
  parentPort.postMessage({digest, size})
} catch (error) { parentPort.postMessage({error: String(error && error.message || error)}) }
`

function hashInWorker(path: string, algorithm: string): Promise<{digest: Buffer; size: number}> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {eval: true, workerData: {algorithm, path}})
    worker.once('message', (message: {digest?: Uint8Array; error?: string; size?: number}) => {
      if (message.error) reject(new InputError(`${path}: ${message.error}`))
      else resolve({digest: Buffer.from(message.digest!), size: message.size!})
      void worker.terminate()
    })
    worker.once('error', reject)
  })
}

function unreadable(path: string, error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') throw new InputError(`${path}: no such file`, {code: 'ENOENT'})
  if (code === 'EACCES') throw new InputError(`${path}: permission denied`, {code: 'EACCES'})
  if (code === 'EISDIR') throw new InputError(`${path}: is a directory, expected a file`)
  throw error
}

/**
 * SHA-256 (and, unless `blake2b: false`, BLAKE2b-512) of a file. Large files hash on two threads, so the wall
 * time is max(sha256, blake2b) rather than the sum. `knownSize` (from a stat) picks the strategy.
 */
export async function digestFile(path: string, knownSize: number, options: {blake2b?: boolean} = {}): Promise<FileDigest> {
  const withBlake = options.blake2b ?? true
  try {
    if (knownSize < CHUNK) {
      // Small files (the common case, often by the thousand): one read, no chunk buffers to allocate.
      const bytes = readFileSync(path)
      if (bytes.length >= CHUNK) return await digestFile(path, bytes.length, options)
      return {
        blake2b512: withBlake ? createHash('blake2b512').update(bytes).digest() : undefined,
        sha256: createHash('sha256').update(bytes).digest(),
        size: bytes.length,
      }
    }

    if (!withBlake) {
      const {digests, size} = await hashStream(path, ['sha256'])
      return {sha256: digests[0], size}
    }

    if (knownSize >= PARALLEL_THRESHOLD) {
      const [main, side] = await Promise.all([hashStream(path, ['sha256']), hashInWorker(path, 'blake2b512')])
      if (main.size !== side.size) throw new InputError(`${path}: changed while it was being hashed`)
      return {blake2b512: side.digest, sha256: main.digests[0], size: main.size}
    }

    const {digests, size} = await hashStream(path, ['sha256', 'blake2b512'])
    return {blake2b512: digests[1], sha256: digests[0], size}
  } catch (error) {
    unreadable(path, error)
  }
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

/** RFC 4648 base32, lower case, no padding (the multibase "b" alphabet). */
export function base32Lower(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }

  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

/** CIDv1, codec raw (0x55), multihash sha2-256 (0x12, 32 bytes), multibase base32: `bafkrei…`. Offline. */
export function rawCid(sha256: Uint8Array): string {
  return `b${base32Lower(Buffer.concat([Buffer.from([0x01, 0x55, 0x12, 0x20]), sha256]))}`
}
