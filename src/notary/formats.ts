import {randomBytes, scryptSync, timingSafeEqual} from 'node:crypto'

import {InputError} from '../shared/errors.js'
import {blake2b} from './blake2b.js'

/**
 * Byte layouts shared with OpenBSD signify and minisign (both read the same public keys and signatures):
 *
 *   public key   "untrusted comment: …\n" base64("Ed" ‖ keynum[8] ‖ pk[32]) "\n"
 *   signature    "untrusted comment: …\n" base64(alg[2] ‖ keynum[8] ‖ sig[64]) "\n"
 *                  alg "Ed": Ed25519 over the message (signify, legacy minisign);
 *                  alg "ED": Ed25519 over BLAKE2b-512(message) (minisign "prehashed")
 *                minisign adds: "trusted comment: <text>\n" base64(Ed25519(sig ‖ text)) "\n"
 *                signify -e (embedded) appends the message itself after the first two lines.
 *   secret key   minisign: "untrusted comment: …\n" base64("Ed" ‖ kdf[2] ‖ "B2" ‖ salt[32] ‖ opslimit[8 LE]
 *                  ‖ memlimit[8 LE] ‖ keynum[8] ‖ sk[64] ‖ chk[32]); chk = BLAKE2b-256("Ed" ‖ keynum ‖ sk);
 *                  kdf "Sc": the last 104 bytes are XOR'd with scrypt(passphrase, salt, opslimit, memlimit);
 *                  kdf "\0\0": stored in clear (minisign -W).
 */

const COMMENT_PREFIX = 'untrusted comment: '
const TRUSTED_PREFIX = 'trusted comment: '
const KEYNUM_BYTES = 8

export interface PublicKey {
  keynum: Buffer
  publicKey: Buffer
}

export interface SecretKeyRecord {
  keynum: Buffer
  secretKey: Buffer
  encrypted: boolean
}

/** minisign prints key ids as the keynum read as a little-endian u64, in upper-case hex. */
export function keyIdOf(keynum: Uint8Array): string {
  return Buffer.from(keynum).reverse().toString('hex').toUpperCase()
}

export function newKeynum(): Buffer {
  return randomBytes(KEYNUM_BYTES)
}

function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ')
}

const B64_LINE = /^[A-Za-z0-9+/]+={0,2}$/

function decodeB64Line(line: string | undefined, what: string): Buffer {
  const trimmed = (line ?? '').trim()
  if (!B64_LINE.test(trimmed)) throw new InputError(`${what}: malformed (expected a base64 line)`)
  return Buffer.from(trimmed, 'base64')
}

function splitLines(text: string): string[] {
  return text.split('\n').map((line) => line.replace(/\r$/, ''))
}

/** Reads a two-line base64 file (public key or signature). `what` names it in errors. */
function readCommentAndBlob(text: string, what: string): {blob: Buffer; comment: string; rest: string} {
  const first = text.indexOf('\n')
  const second = first < 0 ? -1 : text.indexOf('\n', first + 1)
  if (first < 0 || second < 0) throw new InputError(`${what}: malformed (expected an untrusted comment line and a base64 line)`)
  const commentLine = text.slice(0, first).replace(/\r$/, '')
  if (!commentLine.startsWith(COMMENT_PREFIX)) throw new InputError(`${what}: malformed (first line must start with "${COMMENT_PREFIX.trim()}")`)
  const blob = decodeB64Line(text.slice(first + 1, second).replace(/\r$/, ''), what)
  return {blob, comment: commentLine.slice(COMMENT_PREFIX.length), rest: text.slice(second + 1)}
}

// ---- public keys -------------------------------------------------------------------------------------------

export function formatPublicKey(key: PublicKey, comment = `khaos public key ${keyIdOf(key.keynum)}`): string {
  const blob = Buffer.concat([Buffer.from('Ed'), key.keynum, key.publicKey])
  return `${COMMENT_PREFIX}${oneLine(comment)}\n${blob.toString('base64')}\n`
}

export function parsePublicKey(text: string, what = 'public key'): PublicKey {
  const trimmed = text.trim()
  // Accept the bare base64 form too (minisign -P / `khaos keys show` print it).
  const blob = B64_LINE.test(trimmed) ? Buffer.from(trimmed, 'base64') : readCommentAndBlob(text.endsWith('\n') ? text : `${text}\n`, what).blob
  if (blob.length !== 42 || blob.subarray(0, 2).toString('latin1') !== 'Ed') {
    throw new InputError(`${what}: not an Ed25519 signify/minisign public key`)
  }

  return {keynum: blob.subarray(2, 10), publicKey: blob.subarray(10, 42)}
}

// ---- secret keys (minisign format) -------------------------------------------------------------------------

/** minisign's defaults (libsodium's scryptsalsa208sha256 "sensitive" limits): N=2^20, r=8, p=1, 1 GiB. */
export const OPSLIMIT_SENSITIVE = 33_554_432n
export const MEMLIMIT_SENSITIVE = 1_073_741_824n
/** Refuse key files whose KDF would need more memory than this (a hostile file could ask for terabytes). */
const MAX_SCRYPT_MEMORY = 2 * 1024 * 1024 * 1024

/** libsodium's pickparams(): how crypto_pwhash_scryptsalsa208sha256 turns opslimit/memlimit into N, r, p. */
export function scryptParams(opslimit: bigint, memlimit: bigint): {N: number; p: number; r: number} {
  const ops = opslimit < 32768n ? 32768n : opslimit
  const r = 8n
  let nLog2 = 1n
  let p: bigint
  if (ops < memlimit / 32n) {
    p = 1n
    const maxN = ops / (r * 4n)
    for (nLog2 = 1n; nLog2 < 63n; nLog2++) if (1n << nLog2 > maxN / 2n) break
  } else {
    const maxN = memlimit / (r * 128n)
    for (nLog2 = 1n; nLog2 < 63n; nLog2++) if (1n << nLog2 > maxN / 2n) break
    let maxrp = ops / 4n / (1n << nLog2)
    if (maxrp > 0x3fffffffn) maxrp = 0x3fffffffn
    p = maxrp / r
  }

  return {N: 2 ** Number(nLog2), p: Number(p), r: Number(r)}
}

function kdfStream(passphrase: string, salt: Buffer, opslimit: bigint, memlimit: bigint, what: string): Buffer {
  const {N, p, r} = scryptParams(opslimit, memlimit)
  const memory = 128 * N * r
  if (memory > MAX_SCRYPT_MEMORY || p > 64) throw new InputError(`${what}: its scrypt parameters (N=${N}, r=${r}, p=${p}) are unreasonably expensive; refusing`)
  return scryptSync(Buffer.from(passphrase, 'utf8'), salt, 104, {N, maxmem: memory + 32 * 1024 * 1024, p, r})
}

function checksum(keynum: Buffer, secretKey: Buffer): Buffer {
  return blake2b(Buffer.concat([Buffer.from('Ed'), keynum, secretKey]), 32)
}

export function formatSecretKey(record: {keynum: Buffer; secretKey: Buffer}, passphrase: string | undefined, comment: string): string {
  const encrypted = passphrase !== undefined
  const salt = encrypted ? randomBytes(32) : Buffer.alloc(32)
  const opslimit = encrypted ? OPSLIMIT_SENSITIVE : 0n
  const memlimit = encrypted ? MEMLIMIT_SENSITIVE : 0n
  const limits = Buffer.alloc(16)
  limits.writeBigUInt64LE(opslimit, 0)
  limits.writeBigUInt64LE(memlimit, 8)
  const keynumSk = Buffer.concat([record.keynum, record.secretKey, checksum(record.keynum, record.secretKey)])
  if (encrypted) {
    const stream = kdfStream(passphrase, salt, opslimit, memlimit, 'new key')
    for (let i = 0; i < keynumSk.length; i++) keynumSk[i] ^= stream[i]
  }

  const blob = Buffer.concat([Buffer.from('Ed'), encrypted ? Buffer.from('Sc') : Buffer.alloc(2), Buffer.from('B2'), salt, limits, keynumSk])
  return `${COMMENT_PREFIX}${oneLine(comment)}\n${blob.toString('base64')}\n`
}

export interface SecretKeyHeader {
  encrypted: boolean
  blob: Buffer
}

export function parseSecretKeyHeader(text: string, what: string): SecretKeyHeader {
  const {blob} = readCommentAndBlob(text.endsWith('\n') ? text : `${text}\n`, what)
  if (blob.length !== 158) throw new InputError(`${what}: not a minisign secret key (wrong length)`)
  if (blob.subarray(0, 2).toString('latin1') !== 'Ed') throw new InputError(`${what}: unsupported signature algorithm`)
  if (blob.subarray(4, 6).toString('latin1') !== 'B2') throw new InputError(`${what}: unsupported checksum algorithm`)
  const kdf = blob.subarray(2, 4)
  if (kdf.toString('latin1') === 'Sc') return {blob, encrypted: true}
  if (kdf[0] === 0 && kdf[1] === 0) return {blob, encrypted: false}
  throw new InputError(`${what}: unsupported key derivation function`)
}

export function decodeSecretKey(text: string, passphrase: string | undefined, what: string): SecretKeyRecord {
  const {blob, encrypted} = parseSecretKeyHeader(text, what)
  const keynumSk = Buffer.from(blob.subarray(54, 158))
  if (encrypted) {
    if (passphrase === undefined) throw new InputError(`${what} is encrypted and no passphrase was given`, {code: 'PASSPHRASE_NEEDED'})
    const salt = blob.subarray(6, 38)
    const opslimit = blob.readBigUInt64LE(38)
    const memlimit = blob.readBigUInt64LE(46)
    const stream = kdfStream(passphrase, salt, opslimit, memlimit, what)
    for (let i = 0; i < keynumSk.length; i++) keynumSk[i] ^= stream[i]
  }

  const keynum = keynumSk.subarray(0, 8)
  const secretKey = keynumSk.subarray(8, 72)
  const chk = keynumSk.subarray(72, 104)
  const expected = checksum(keynum, secretKey)
  // minisign -W writes an all-zero checksum for unencrypted keys and never checks it; accept that form.
  const unchecked = !encrypted && chk.every((byte) => byte === 0)
  if (!unchecked && !timingSafeEqual(chk, expected)) {
    if (encrypted) throw new InputError(`wrong passphrase for ${what}`, {code: 'WRONG_PASSPHRASE'})
    throw new InputError(`${what}: checksum mismatch (the file is corrupt)`)
  }

  return {encrypted, keynum: Buffer.from(keynum), secretKey: Buffer.from(secretKey)}
}

// ---- signatures --------------------------------------------------------------------------------------------

export interface SignatureBlob {
  algorithm: 'Ed' | 'ED'
  keynum: Buffer
  signature: Buffer
}

function encodeSignatureBlob(sig: SignatureBlob): string {
  return Buffer.concat([Buffer.from(sig.algorithm, 'latin1'), sig.keynum, sig.signature]).toString('base64')
}

function decodeSignatureBlob(blob: Buffer, what: string): SignatureBlob {
  const algorithm = blob.subarray(0, 2).toString('latin1')
  if (blob.length !== 74 || (algorithm !== 'Ed' && algorithm !== 'ED')) throw new InputError(`${what}: not an Ed25519 signature`)
  return {algorithm, keynum: blob.subarray(2, 10), signature: blob.subarray(10, 74)}
}

/** A minisign signature file: untrusted comment, signature, trusted comment, global signature. */
export interface Minisig extends SignatureBlob {
  trustedComment: string
  globalSignature: Buffer
}

export function formatMinisig(sig: Minisig, untrustedComment: string): string {
  return [
    `${COMMENT_PREFIX}${oneLine(untrustedComment)}`,
    encodeSignatureBlob(sig),
    `${TRUSTED_PREFIX}${sig.trustedComment}`,
    sig.globalSignature.toString('base64'),
    '',
  ].join('\n')
}

export function parseMinisig(text: string, what: string): Minisig {
  const {blob, rest} = readCommentAndBlob(text, what)
  const sig = decodeSignatureBlob(blob, what)
  const lines = splitLines(rest)
  if (!lines[0]?.startsWith(TRUSTED_PREFIX)) throw new InputError(`${what}: malformed (missing the trusted comment line)`)
  const globalSignature = decodeB64Line(lines[1], what)
  if (globalSignature.length !== 64) throw new InputError(`${what}: malformed global signature`)
  return {...sig, globalSignature, trustedComment: lines[0].slice(TRUSTED_PREFIX.length)}
}

/** signify's embedded form (`signify -S -e`): comment, signature, then the signed message verbatim. */
export function formatEmbedded(sig: SignatureBlob, message: Uint8Array, untrustedComment: string): Buffer {
  return Buffer.concat([Buffer.from(`${COMMENT_PREFIX}${oneLine(untrustedComment)}\n${encodeSignatureBlob(sig)}\n`), message])
}

export function parseEmbedded(bytes: Buffer, what: string): {message: Buffer; sig: SignatureBlob} {
  const first = bytes.indexOf(0x0a)
  const second = first < 0 ? -1 : bytes.indexOf(0x0a, first + 1)
  if (first < 0 || second < 0) throw new InputError(`${what}: malformed (expected a comment line, a signature line and the message)`)
  const {blob} = readCommentAndBlob(bytes.subarray(0, second + 1).toString('utf8'), what)
  return {message: bytes.subarray(second + 1), sig: decodeSignatureBlob(blob, what)}
}
