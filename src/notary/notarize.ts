import {existsSync, readFileSync, realpathSync, statSync} from 'node:fs'
import {dirname, isAbsolute, relative, resolve, sep} from 'node:path'

import {beginCommit, writeDirAtomic} from '../shared/atomic.js'
import {sweepStaleTemps} from '../shared/owner.js'
import {InputError} from '../shared/errors.js'
import {type ResolvedTime, resolveTimestamp} from '../shared/time.js'
import {canonicalize} from './canonical.js'
import {digestFile, rawCid} from './hash.js'
import {type SigningKey} from './keys.js'
import {
  ENVELOPE,
  LOCATOR,
  MANIFEST,
  MANIFEST_SIG,
  NOTARY_FORMAT,
  PREDICATE_TYPE,
  PUBLIC_KEY,
  STATEMENT,
  STATEMENT_TYPE,
  checkSubjectName,
  manifestLine,
  minisigPath,
} from './layout.js'
import {IN_TOTO_PAYLOAD_TYPE, signDsse, signEmbedded, signMinisigPrehashed} from './signatures.js'

export interface NotarizeOptions {
  /** Artifact paths, relative to the current directory or absolute. */
  files: string[]
  /** Subjects are named relative to this directory (default: the current directory). */
  baseDir?: string
  outDir: string
  key: SigningKey
  /** From resolveTimestamp(), or an ISO 8601 string (validated the same way as --timestamp). */
  timestamp: ResolvedTime | string
  overwrite?: boolean
  /**
   * The notary folder is the run's final result (`khaos notarize`, not a staged step of synthesize): once it is
   * being written, a signal lets the write complete instead of exiting 130 with the folder in place.
   */
  final?: boolean
  /** khaos's version, recorded in the statement (default: this package's version). */
  toolVersion?: string
  /**
   * Write a minisign signature per artifact (default true). They need a BLAKE2b-512 pass over every file;
   * without them the statement and the signed SHA256 manifest still cover every byte, at SHA-256 speed.
   */
  minisig?: boolean
}

export interface NotarizedSubject {
  name: string
  sha256: string
  cid: string
  size: number
}

export interface NotarizeResult {
  outDir: string
  baseDir: string
  /** The base directory as recorded in notary.json: relative to the notary directory. */
  base: string
  keyId: string
  timestamp: ResolvedTime
  subjects: NotarizedSubject[]
  /** Files written, relative to outDir, sorted. */
  files: string[]
}

const toPosix = (path: string) => path.split(sep).join('/')

/** Resolves and checks the artifacts: regular files, inside the base, not inside the output, nameable. */
function collectSubjects(files: string[], baseDir: string, outDir: string): Array<{name: string; path: string; size: number}> {
  if (files.length === 0) throw new InputError('nothing to notarize: name at least one file')
  const byName = new Map<string, {name: string; path: string; size: number}>()
  const realBase = realpathSync(baseDir)
  for (const file of files) {
    const path = resolve(file)
    const rel = relative(baseDir, path)
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
      throw new InputError(`${file} is outside the base directory ${baseDir}; pass --base with a directory that contains it`)
    }

    const inOut = relative(outDir, path)
    if (!inOut.startsWith('..') && !isAbsolute(inOut)) throw new InputError(`${file} is inside the output directory ${outDir}`)
    let stats
    try {
      stats = statSync(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${file}: no such file`, {code: 'ENOENT'})
      throw error
    }

    // A symlink inside the base that leads out of it would sign a file verify must not read: refused.
    const real = realpathSync(path)
    const realRel = relative(realBase, real)
    if (realRel.startsWith('..') || isAbsolute(realRel))
      throw new InputError(
        `${file} is a symlink leading outside the base directory ${baseDir} (to ${real}); notarize the file itself, or pass a --base that contains it`,
      )
    if (stats.isDirectory()) throw new InputError(`${file} is a directory; name the files in it (e.g. ${toPosix(file)}/*)`)
    if (!stats.isFile()) throw new InputError(`${file}: not a regular file`)
    const name = toPosix(rel)
    const problem = checkSubjectName(name)
    if (problem) throw new InputError(`cannot notarize ${JSON.stringify(name)}: ${problem}`)
    byName.set(name, {name, path, size: stats.size})
  }

  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** This package's version, from package.json two levels up (the same from src/notary and dist/notary). */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string}).version
  } catch {
    return 'unknown'
  }
}

export function epochSeconds(iso: string): number {
  return Math.floor(new Date(iso).getTime() / 1000)
}

/**
 * Notarizes artifacts into a new directory (written atomically; refused if it exists unless overwrite):
 * a DSSE-signed in-toto statement, a signify-signed SHA256 manifest and a minisign signature per artifact,
 * all by the same Ed25519 key. Byte-identical for the same inputs, key and timestamp.
 */
export async function notarize(options: NotarizeOptions): Promise<NotarizeResult> {
  const baseDir = resolve(options.baseDir ?? '.')
  if (!existsSync(baseDir) || !statSync(baseDir).isDirectory())
    throw new InputError(`base directory ${options.baseDir ?? '.'} does not exist or is not a directory`)
  const outDir = resolve(options.outDir)
  if (existsSync(outDir) && !options.overwrite) throw new InputError(`${options.outDir} already exists; pass --force to replace it`, {code: 'EXISTS'})
  const subjects = collectSubjects(options.files, baseDir, outDir)

  const {key} = options
  const timestamp = typeof options.timestamp === 'string' ? resolveTimestamp(options.timestamp) : options.timestamp
  const files: Record<string, Buffer | string> = {}
  const notarized: NotarizedSubject[] = []
  let manifest = ''
  const epoch = epochSeconds(timestamp.iso)
  const withMinisig = options.minisig ?? true
  for (const subject of subjects) {
    const digest = await digestFile(subject.path, subject.size, {blake2b: withMinisig})
    const sha256 = digest.sha256.toString('hex')
    notarized.push({cid: rawCid(digest.sha256), name: subject.name, sha256, size: digest.size})
    manifest += manifestLine(subject.name, sha256)
    // minisign's own trusted-comment shape, so its output reads the same as for files it signed itself.
    if (withMinisig) files[minisigPath(subject.name)] = signMinisigPrehashed(key, digest.blake2b512!, `timestamp:${epoch}\tfile:${subject.name}\thashed`)
  }

  const statement = {
    _type: STATEMENT_TYPE,
    predicate: {
      artifacts: notarized.map(({cid, name, size}) => ({cid, name, size})),
      // Signed, so verify knows whether a missing minisig/ is tampering or a choice.
      minisign: withMinisig,
      selfAssertedTime: {
        note: "the signer's own clock, asserted by the signer; not a trusted timestamp (see anchors/ beside this statement)",
        source: timestamp.source,
        time: timestamp.iso,
      },
      signer: {keyId: key.keyId, publicKey: Buffer.concat([Buffer.from('Ed'), key.keynum, key.publicKey]).toString('base64')},
      tool: {name: 'khaos', version: options.toolVersion ?? packageVersion()},
    },
    predicateType: PREDICATE_TYPE,
    subject: notarized.map(({name, sha256}) => ({digest: {sha256}, name})),
  }
  const payload = Buffer.from(canonicalize(statement), 'utf8')
  files[STATEMENT] = payload
  files[ENVELOPE] = `${JSON.stringify(signDsse(key, IN_TOTO_PAYLOAD_TYPE, payload), null, 2)}\n`
  files[MANIFEST] = manifest
  files[MANIFEST_SIG] = signEmbedded(key, Buffer.from(manifest, 'utf8'), PUBLIC_KEY)
  files[PUBLIC_KEY] = key.publicKeyFile
  const base = toPosix(relative(outDir, baseDir)) || '.'
  files[LOCATOR] = `${JSON.stringify(
    {
      anchors: 'anchors/ is reserved for later timestamp proofs (OpenTimestamps, RFC 3161) over statement.json; it is not signed',
      base,
      format: NOTARY_FORMAT,
      note: 'this file is not signed: it only tells `khaos verify` where the notarized files are (the base directory, relative to this one)',
    },
    null,
    2,
  )}\n`

  // Temp folders of notarize runs that were killed beside this one (a live run's stay).
  sweepStaleTemps(dirname(resolve(outDir)))
  if (options.final) beginCommit()
  writeDirAtomic(outDir, files, {overwrite: options.overwrite})
  return {
    base,
    baseDir,
    files: Object.keys(files).sort(),
    keyId: key.keyId,
    outDir,
    subjects: notarized,
    timestamp,
  }
}
