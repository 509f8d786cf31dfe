import {type KeyObject} from 'node:crypto'
import {existsSync, mkdirSync, openSync, closeSync, constants, fstatSync, readFileSync, readdirSync, statSync, chmodSync} from 'node:fs'
import {join} from 'node:path'

import {writeFilesAtomic} from '../shared/atomic.js'
import {InputError} from '../shared/errors.js'
import {readRegularFile} from '../shared/input.js'
import {assertSafeName} from '../shared/names.js'
import {withLockSync} from '../shared/lock.js'
import {sweepStaleTemps} from '../shared/owner.js'
import {derivePublicKey, generateEd25519, privateKeyObject} from './ed25519.js'
import {type PublicKey, decodeSecretKey, formatPublicKey, formatSecretKey, keyIdOf, newKeynum, parsePublicKey, parseSecretKeyHeader} from './formats.js'

/** The key `khaos notarize` and the pipeline use when none is named. */
export const DEFAULT_KEY_NAME = 'khaos'

export interface KeyInfo {
  name: string
  /** minisign-style key id: 16 upper-case hex digits. */
  keyId: string
  /** The public key line (base64), as `minisign -P` takes it. */
  publicKey: string
  publicKeyPath: string
  secretKeyPath: string
  /** Whether the secret key is scrypt-encrypted with a passphrase; undefined when the secret key is absent. */
  encrypted?: boolean
}

export interface SigningKey {
  name: string
  keyId: string
  keynum: Buffer
  publicKey: Buffer
  /** Contents of the `.pub` file, ready to copy into a notary directory. */
  publicKeyFile: string
  /** The key store's `.pub` file, when there is one: what a verifier pins (`--key`, `-p`). */
  publicKeyPath?: string
  privateKey: KeyObject
}

export function keysDir(stateRoot: string): string {
  return join(stateRoot, 'keys')
}

function ensureKeysDir(stateRoot: string): string {
  const dir = keysDir(stateRoot)
  mkdirSync(dir, {mode: 0o700, recursive: true})
  // mkdir's mode is filtered by the umask and ignored when the dir exists: set it explicitly.
  chmodSync(dir, 0o700)
  return dir
}

export function keyPaths(stateRoot: string, name: string): {pub: string; sec: string} {
  assertSafeName(name, 'key name')
  const dir = keysDir(stateRoot)
  return {pub: join(dir, `${name}.pub`), sec: join(dir, `${name}.key`)}
}

export interface GenerateOptions {
  name?: string
  /** undefined: an unencrypted key (--no-passphrase). */
  passphrase?: string
  overwrite?: boolean
}

/**
 * Generates an Ed25519 key pair: `<name>.key` (minisign format, scrypt-encrypted when a passphrase is given,
 * mode 0600, created exclusively) and `<name>.pub` (read by signify and minisign alike).
 */
export function generateKey(stateRoot: string, options: GenerateOptions = {}): KeyInfo {
  const name = options.name ?? DEFAULT_KEY_NAME
  const paths = keyPaths(stateRoot, name)
  if (options.passphrase !== undefined && options.passphrase === '') {
    throw new InputError('empty passphrase; pass --no-passphrase for an unencrypted key')
  }

  if (!options.overwrite) {
    for (const path of [paths.sec, paths.pub]) {
      if (existsSync(path)) throw new InputError(`key "${name}" already exists (${path}); pass --force to replace it (the old key is lost)`, {code: 'EXISTS'})
    }
  }

  // Temp files of a khaos killed while writing a key hold (encrypted or not) secret key bytes: remove them.
  sweepStaleTemps(ensureKeysDir(stateRoot))
  const {publicKey, secretKey} = generateEd25519()
  const keynum = newKeynum()
  const keyId = keyIdOf(keynum)
  const encrypted = options.passphrase !== undefined
  const comment = `khaos secret key ${keyId} (${encrypted ? 'scrypt-encrypted' : 'not encrypted'})`
  // One step for the pair (both written and fsynced before either moves), so a kill leaves no key half made.
  writeFilesAtomic([
    {data: formatSecretKey({keynum, secretKey}, options.passphrase, comment), mode: 0o600, overwrite: Boolean(options.overwrite), path: paths.sec},
    {data: formatPublicKey({keynum, publicKey}), mode: 0o644, overwrite: Boolean(options.overwrite), path: paths.pub},
  ])
  return {
    encrypted,
    keyId,
    name,
    publicKey: publicKeyLine({keynum, publicKey}),
    publicKeyPath: paths.pub,
    secretKeyPath: paths.sec,
  }
}

function publicKeyLine(key: PublicKey): string {
  return Buffer.concat([Buffer.from('Ed'), key.keynum, key.publicKey]).toString('base64')
}

/** A key file: regular, small, opened without blocking (a FIFO in its place must not hang khaos). */
function readKeyFile(path: string, what: string): string {
  return readRegularFile(path, {maxBytes: 64 * 1024, what}).toString('utf8')
}

/**
 * Like ssh with StrictModes: a key directory that group or others can write lets them swap the key khaos
 * signs with, so it is refused (with the chmod that fixes it) before any key in it is used.
 */
function assertPrivateKeysDir(dir: string): void {
  let stats
  try {
    stats = statSync(dir)
  } catch {
    return // no directory: the key lookup reports the missing key
  }

  if ((stats.mode & 0o022) !== 0) {
    throw new InputError(`key directory ${dir} is writable by group or others (mode ${(stats.mode & 0o777).toString(8)}); refusing to use its keys`, {
      code: 'KEY_PERMISSIONS',
      hint: `chmod 700 ${dir}`,
    })
  }
}

/** Reads a public key file (ours, signify's or minisign's). */
export function readPublicKeyFile(path: string): PublicKey & {keyId: string; text: string} {
  const size = statIfExists(path)?.size
  if (size !== undefined && size > 4096) throw new InputError(`public key ${path}: too large to be a public key`)
  const text = readKeyFile(path, 'public key')
  const key = parsePublicKey(text, `public key ${path}`)
  return {...key, keyId: keyIdOf(key.keynum), text}
}

function statIfExists(path: string) {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}

/** Describes a stored key without touching its secret beyond the header. */
export function keyInfo(stateRoot: string, name: string): KeyInfo {
  const paths = keyPaths(stateRoot, name)
  if (!existsSync(paths.pub) && !existsSync(paths.sec)) {
    throw new InputError(`no key named "${name}" in ${keysDir(stateRoot)}; create it with: khaos keys generate --name ${name}`, {code: 'NO_KEY'})
  }

  const pub = readPublicKeyFile(paths.pub)
  let encrypted: boolean | undefined
  if (existsSync(paths.sec)) encrypted = parseSecretKeyHeader(readKeyFile(paths.sec, 'secret key'), `secret key ${paths.sec}`).encrypted
  return {encrypted, keyId: pub.keyId, name, publicKey: publicKeyLine(pub), publicKeyPath: paths.pub, secretKeyPath: paths.sec}
}

/** Every key pair in the key directory, sorted by name. Unreadable entries are reported, not skipped silently. */
export function listKeys(stateRoot: string): Array<KeyInfo | {name: string; error: string}> {
  const dir = keysDir(stateRoot)
  if (!existsSync(dir)) return []
  const names = new Set<string>()
  for (const entry of readdirSync(dir)) {
    const match = /^(.+)\.(pub|key)$/.exec(entry)
    if (match) names.add(match[1])
  }

  return [...names].sort().map((name) => {
    try {
      return keyInfo(stateRoot, name)
    } catch (error) {
      return {error: (error as Error).message, name}
    }
  })
}

/** True when the stored secret key needs a passphrase (so a command knows to ask for one first). */
export function isKeyEncrypted(stateRoot: string, name: string): boolean {
  const {sec} = keyPaths(stateRoot, name)
  assertPrivateKeysDir(keysDir(stateRoot))
  return parseSecretKeyHeader(readKeyFile(sec, 'secret key'), `secret key ${sec}`).encrypted
}

/**
 * Loads a secret key for signing. Refuses a key file readable or writable by group/others (with the chmod
 * that fixes it), a wrong passphrase, and a secret key that does not match its public key file.
 */
export function loadSigningKey(stateRoot: string, name: string, options: {passphrase?: string} = {}): SigningKey {
  const paths = keyPaths(stateRoot, name)
  assertPrivateKeysDir(keysDir(stateRoot))
  let fd: number
  try {
    // O_NONBLOCK: a FIFO in the key's place must not block the open; fstat below refuses it.
    fd = openSync(paths.sec, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new InputError(`no secret key "${name}" (${paths.sec}); create it with: khaos keys generate --name ${name}`, {code: 'NO_KEY'})
    }

    throw error
  }

  let text: string
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) throw new InputError(`secret key ${paths.sec}: not a regular file`)
    if ((stats.mode & 0o077) !== 0) {
      throw new InputError(`secret key ${paths.sec} is accessible by group or others (mode ${(stats.mode & 0o777).toString(8)}); refusing to use it`, {
        code: 'KEY_PERMISSIONS',
        hint: `chmod 600 ${paths.sec}`,
      })
    }

    if (stats.size > 4096) throw new InputError(`secret key ${paths.sec}: too large to be a key`)
    text = readFileSync(fd, 'utf8')
  } finally {
    closeSync(fd)
  }

  const record = decodeSecretKey(text, options.passphrase, `secret key ${paths.sec}`)
  const derived = derivePublicKey(record.secretKey)
  if (!derived.equals(record.secretKey.subarray(32))) throw new InputError(`secret key ${paths.sec}: corrupt (its seed does not give its public key)`)
  let publicKeyFile: string
  let publicKeyPath: string | undefined
  if (existsSync(paths.pub)) {
    const pub = readPublicKeyFile(paths.pub)
    if (!pub.publicKey.equals(derived) || !pub.keynum.equals(record.keynum)) {
      throw new InputError(`${paths.pub} does not belong to ${paths.sec}; regenerate it or restore the right file`)
    }

    publicKeyFile = pub.text
    publicKeyPath = paths.pub
  } else {
    publicKeyFile = formatPublicKey({keynum: record.keynum, publicKey: derived})
  }

  return {
    keyId: keyIdOf(record.keynum),
    keynum: record.keynum,
    name,
    privateKey: privateKeyObject(record.secretKey),
    publicKey: derived,
    publicKeyFile,
    publicKeyPath,
  }
}

/**
 * The default key for unattended use: created unencrypted on first use (the caller tells the user), loaded
 * afterwards. An encrypted default key cannot be loaded here without a passphrase: that is an error.
 */
export function ensureDefaultKey(stateRoot: string): {created: boolean; key: KeyInfo} {
  const paths = keyPaths(stateRoot, DEFAULT_KEY_NAME)
  if (existsSync(paths.sec)) return {created: false, key: keyInfo(stateRoot, DEFAULT_KEY_NAME)}
  // Parallel first runs (a CI matrix on a fresh machine) would each create a key and all but one fail: the
  // first creates it under the lock, the others then find it.
  return withLockSync(
    join(ensureKeysDir(stateRoot), '.keys.lock'),
    () => {
      if (existsSync(paths.sec)) return {created: false, key: keyInfo(stateRoot, DEFAULT_KEY_NAME)}
      return {created: true, key: generateKey(stateRoot, {name: DEFAULT_KEY_NAME})}
    },
    {what: 'the keys folder'},
  )
}
