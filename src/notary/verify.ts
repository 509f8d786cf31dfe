import {existsSync, readFileSync, readdirSync, realpathSync, statSync} from 'node:fs'
import {dirname, isAbsolute, join, relative, resolve} from 'node:path'

import {InputError} from '../shared/errors.js'
import {readRegularFile} from '../shared/input.js'
import {type PublicKey, keyIdOf} from './formats.js'
import {publicKeyObject} from './ed25519.js'
import {digestFile, rawCid} from './hash.js'
import {readPublicKeyFile} from './keys.js'
import {
  ANCHORS_DIR,
  ENVELOPE,
  LOCATOR,
  MANIFEST,
  MANIFEST_SIG,
  MINISIG_DIR,
  PREDICATE_TYPE,
  PUBLIC_KEY,
  STATEMENT,
  STATEMENT_TYPE,
  checkSubjectName,
  minisigPath,
  parseManifest,
} from './layout.js'
import {type DsseEnvelope, IN_TOTO_PAYLOAD_TYPE, type Verifier, verifyDsse, verifyEmbedded, verifyMinisig} from './signatures.js'

export interface VerifyOptions {
  dir: string
  /** A public key file to pin trust to. Without it verification fails closed, unless trustEmbeddedKey. */
  publicKey?: string
  /** Check against the notary's own khaos.pub: proves the folder is self-consistent, not who signed it. */
  trustEmbeddedKey?: boolean
  /** Where the notarized files are; default: the base recorded in notary.json. */
  baseDir?: string
}

export interface VerifyCheck {
  /** What was checked: `signature`, `hash`, `present`, `consistency`. */
  kind: string
  /** The file or subject the check is about. */
  target: string
  ok: boolean
  detail: string
}

export interface VerifyReport {
  ok: boolean
  dir: string
  baseDir: string
  key: {keyId: string; path: string; source: 'pinned' | 'embedded'}
  warnings: string[]
  subjects: Array<{name: string; sha256?: string; cid?: string; size?: number; ok: boolean}>
  checks: VerifyCheck[]
  /** One line per failed check, naming exactly what failed. */
  failures: string[]
}

interface StatementSubject {
  name: string
  sha256: string
}

/** Reads and shape-checks the in-toto statement; returns problems instead of throwing (they are findings). */
function readStatement(payload: Buffer): {minisign: boolean; problems: string[]; sizes: Map<string, number>; subjects: StatementSubject[]; time?: string} {
  const problems: string[] = []
  let parsed: unknown
  try {
    parsed = JSON.parse(payload.toString('utf8'))
  } catch {
    return {minisign: true, problems: ['the DSSE payload is not JSON'], sizes: new Map(), subjects: []}
  }

  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return {minisign: true, problems: ['the DSSE payload is not a JSON object (an in-toto statement)'], sizes: new Map(), subjects: []}
  }

  const statement = parsed as {
    _type?: unknown
    predicate?: {artifacts?: unknown; minisign?: unknown; selfAssertedTime?: {time?: unknown}}
    predicateType?: unknown
    subject?: unknown
  }
  if (statement._type !== STATEMENT_TYPE) problems.push(`the statement's _type is not ${STATEMENT_TYPE}`)
  if (statement.predicateType !== PREDICATE_TYPE) problems.push(`the statement's predicateType is not ${PREDICATE_TYPE}`)
  const subjects: StatementSubject[] = []
  if (!Array.isArray(statement.subject)) {
    problems.push('the statement has no subject list')
  } else {
    for (const entry of statement.subject as Array<{digest?: {sha256?: unknown}; name?: unknown}>) {
      const sha256 = entry?.digest?.sha256
      if (typeof entry?.name !== 'string' || typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256))
        problems.push('a statement subject lacks a name or a sha256 digest')
      else subjects.push({name: entry.name, sha256})
    }
  }

  const sizes = new Map<string, number>()
  if (Array.isArray(statement.predicate?.artifacts)) {
    for (const artifact of statement.predicate.artifacts as Array<{name?: unknown; size?: unknown}>) {
      if (typeof artifact?.name === 'string' && typeof artifact.size === 'number') sizes.set(artifact.name, artifact.size)
    }
  }

  const time = statement.predicate?.selfAssertedTime?.time
  return {minisign: statement.predicate?.minisign !== false, problems, sizes, subjects, time: typeof time === 'string' ? time : undefined}
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = []
  for (const entry of readdirSync(join(dir, prefix), {withFileTypes: true})) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) out.push(...listFiles(dir, rel))
    else out.push(rel)
  }

  return out
}

function locateBase(dir: string, explicit: string | undefined, checks: VerifyCheck[]): string {
  if (explicit !== undefined) {
    const base = resolve(explicit)
    if (!existsSync(base) || !statSync(base).isDirectory()) throw new InputError(`base directory ${explicit} does not exist or is not a directory`)
    return base
  }

  const locator = join(dir, LOCATOR)
  if (!existsSync(locator)) {
    checks.push({detail: `missing ${LOCATOR}: cannot tell where the files are; pass --base`, kind: 'present', ok: false, target: LOCATOR})
    return resolve('.')
  }

  let recorded: string
  try {
    const parsed = JSON.parse(readNotaryFile(locator).toString('utf8')) as {base?: unknown} | null
    if (typeof parsed?.base !== 'string') throw new Error('no base')
    recorded = parsed.base
  } catch {
    throw new InputError(`${locator}: not a khaos notary locator (no "base"); pass --base`)
  }

  // notary.json is not signed: whoever hands over the notary chooses it. Followed only as far as the
  // notary's own parent directory; anywhere else (`/`, a home directory) needs the user to name it.
  const base = resolve(dir, recorded)
  const parent = dirname(dir)
  if (!isWithin(parent, base)) {
    throw new InputError(`${locator} points the base at ${base}, outside the notary's parent ${parent}; it is unsigned, so khaos does not follow it there`, {
      code: 'UNTRUSTED_BASE',
      hint: `if that is where the files are, say so: --base ${JSON.stringify(base)}`,
    })
  }

  return base
}

/** A file of the notary folder: a regular file of sane size, opened without blocking (a FIFO is refused, not waited on). */
function readNotaryFile(path: string): Buffer {
  return readRegularFile(path, {maxBytes: 256 * 1024 * 1024, what: 'notary file'})
}

/** True when `path` is `dir` or below it (lexically; both absolute). */
function isWithin(dir: string, path: string): boolean {
  const rel = relative(dir, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/** Where a subject really is once symlinks are followed, or why it cannot be read inside the base. */
function realSubjectPath(realBase: string, path: string): {error?: string; real?: string} {
  let real
  try {
    real = realpathSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return {error: code === 'ELOOP' ? 'a symlink loop' : code === 'ENOENT' ? undefined : (error as Error).message}
  }

  if (!isWithin(realBase, real)) return {error: `a symlink leading outside the base (to ${real}); not read`}
  return {real}
}

/**
 * Checks a notary directory: every signature (DSSE statement, signify-signed SHA256, each minisign
 * signature, whether made by khaos, signify or minisign), every hash, and that the statement, the manifest
 * and the signature files agree, with nothing missing and nothing extra. Never throws for a finding: the
 * report says what failed. Throws InputError only when the input is unusable (no directory, no key).
 */
export async function verifyNotary(options: VerifyOptions): Promise<VerifyReport> {
  const dir = resolve(options.dir)
  if (!existsSync(dir)) throw new InputError(`${options.dir}: no such directory`, {code: 'ENOENT'})
  if (!statSync(dir).isDirectory()) throw new InputError(`${options.dir} is not a directory (expected a notary directory made by khaos notarize)`)

  if (![ENVELOPE, MANIFEST_SIG, MANIFEST, LOCATOR].some((file) => existsSync(join(dir, file)))) {
    throw new InputError(`${options.dir} is not a notary directory (none of ${ENVELOPE}, ${MANIFEST_SIG}, ${MANIFEST}, ${LOCATOR} is there)`)
  }

  const checks: VerifyCheck[] = []
  const warnings: string[] = []
  let failed = 0
  const pass = (kind: string, target: string, detail: string) => checks.push({detail, kind, ok: true, target})
  const fail = (kind: string, target: string, detail: string) => {
    failed++
    checks.push({detail, kind, ok: false, target})
  }

  // Trust: a pinned key, else the embedded one (which proves integrity, not who signed).
  let key: PublicKey & {keyId: string}
  let keySource: 'embedded' | 'pinned'
  let keyPath: string
  const embeddedPath = join(dir, PUBLIC_KEY)
  if (options.publicKey === undefined) {
    // Like minisign and signify without -p: no pinned key, no verdict. A key inside the folder proves nothing
    // about who signed, since whoever rewrites the folder rewrites the key too.
    if (!options.trustEmbeddedKey) {
      throw new InputError(
        `no key to trust: pass --key with the signer's public key (a .pub file you got elsewhere, or a key name from khaos keys list), or --trust-embedded-key to check only that ${options.dir} is self-consistent`,
        {code: 'NO_PINNED_KEY'},
      )
    }

    if (!existsSync(embeddedPath)) throw new InputError(`${options.dir} has no ${PUBLIC_KEY}; pass --key with the signer's public key`)
    key = readPublicKeyFile(embeddedPath)
    keySource = 'embedded'
    keyPath = embeddedPath
    warnings.push(
      `trust is not pinned: checked against the notary's own ${PUBLIC_KEY} (key ${key.keyId}), which anyone who can rewrite the directory can replace; pass --key with a public key you got elsewhere`,
    )
  } else {
    keyPath = resolve(options.publicKey)
    key = readPublicKeyFile(keyPath)
    keySource = 'pinned'
    if (existsSync(embeddedPath)) {
      try {
        const embedded = readPublicKeyFile(embeddedPath)
        if (!embedded.publicKey.equals(key.publicKey)) warnings.push(`the notary's ${PUBLIC_KEY} (key ${embedded.keyId}) is not the pinned key ${key.keyId}`)
      } catch {
        warnings.push(`the notary's ${PUBLIC_KEY} is unreadable`)
      }
    }
  }

  const verifier: Verifier = {keyId: keyIdOf(key.keynum), keynum: key.keynum, publicKey: publicKeyObject(key.publicKey)}
  const baseDir = locateBase(dir, options.baseDir, checks)
  let realBase = baseDir
  try {
    realBase = realpathSync(baseDir)
  } catch {
    // a missing base: every subject is reported missing below
  }

  // 1. The DSSE envelope and the statement it signs. Claims are read even when a signature fails, so the
  //    report can still say which files match them; the failed signature is what makes the verdict.
  let statementSubjects: StatementSubject[] | undefined
  let sizes = new Map<string, number>()
  // Per-file minisign signatures are expected unless the signed statement says they were not made.
  let expectMinisig = true
  const envelopePath = join(dir, ENVELOPE)
  if (existsSync(envelopePath)) {
    let envelope: DsseEnvelope | undefined
    try {
      envelope = JSON.parse(readNotaryFile(envelopePath).toString('utf8')) as DsseEnvelope
      if (typeof envelope.payload !== 'string' || typeof envelope.payloadType !== 'string' || !Array.isArray(envelope.signatures)) throw new Error('shape')
    } catch {
      fail('signature', ENVELOPE, `${ENVELOPE} is not a DSSE envelope`)
      envelope = undefined
    }

    if (envelope) {
      const payload = Buffer.from(envelope.payload, 'base64')
      const statement = readStatement(payload)
      const outcome = verifyDsse(envelope, verifier)
      if (!outcome.ok) fail('signature', ENVELOPE, `bad signature on ${ENVELOPE}: ${outcome.reason}`)
      else if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE)
        fail('signature', ENVELOPE, `${ENVELOPE} payloadType is ${envelope.payloadType}, not ${IN_TOTO_PAYLOAD_TYPE}`)
      else
        pass(
          'signature',
          ENVELOPE,
          `DSSE signature by ${verifier.keyId} over the in-toto statement (signer's self-asserted time ${statement.time ?? 'absent'})`,
        )
      for (const problem of statement.problems) fail('consistency', ENVELOPE, problem)
      if (statement.problems.length === 0) {
        statementSubjects = statement.subjects
        sizes = statement.sizes
        expectMinisig = statement.minisign || !outcome.ok
      }

      const copyPath = join(dir, STATEMENT)
      if (!existsSync(copyPath)) fail('present', STATEMENT, `missing ${STATEMENT}`)
      else if (!readNotaryFile(copyPath).equals(payload)) fail('consistency', STATEMENT, `${STATEMENT} differs from the payload signed in ${ENVELOPE}`)
      else pass('consistency', STATEMENT, `${STATEMENT} is the signed payload`)
    }
  } else {
    fail('present', ENVELOPE, `missing ${ENVELOPE}`)
  }

  // 2. The SHA256 manifest and its signify signature.
  let manifestEntries: Map<string, string> | undefined
  const manifestPath = join(dir, MANIFEST)
  const manifestSigPath = join(dir, MANIFEST_SIG)
  const manifestBytes = existsSync(manifestPath) ? readNotaryFile(manifestPath) : undefined
  if (!manifestBytes) fail('present', MANIFEST, `missing ${MANIFEST}`)
  let signedManifest: Buffer | undefined
  if (existsSync(manifestSigPath)) {
    const outcome = verifyEmbedded(readNotaryFile(manifestSigPath), MANIFEST_SIG, verifier)
    if (outcome.ok) pass('signature', MANIFEST_SIG, `signify signature by ${verifier.keyId} over the manifest`)
    else fail('signature', MANIFEST_SIG, `bad signature on ${MANIFEST_SIG}: ${outcome.reason}`)
    signedManifest = outcome.message
    if (signedManifest && manifestBytes && !manifestBytes.equals(signedManifest))
      fail('consistency', MANIFEST, `${MANIFEST} differs from the manifest signed in ${MANIFEST_SIG}`)
  } else {
    fail('present', MANIFEST_SIG, `missing ${MANIFEST_SIG}`)
  }

  const manifestText = (signedManifest ?? manifestBytes)?.toString('utf8')
  if (manifestText !== undefined) {
    const parsed = parseManifest(manifestText)
    for (const error of parsed.errors) fail('consistency', MANIFEST, error)
    manifestEntries = parsed.entries
  }

  // 3. Subjects: the union of what the statement and the manifest claim.
  const names = new Set<string>([...(statementSubjects ?? []).map((s) => s.name), ...(manifestEntries?.keys() ?? [])])
  const fromStatement = new Map((statementSubjects ?? []).map((s) => [s.name, s.sha256]))
  const subjects: VerifyReport['subjects'] = []
  for (const name of [...names].sort()) {
    const failuresBefore = failed
    const claimed = fromStatement.get(name) ?? manifestEntries?.get(name)
    if (statementSubjects && manifestEntries) {
      if (!fromStatement.has(name)) fail('consistency', name, `${name} is in ${MANIFEST} but not in the statement`)
      else if (!manifestEntries.has(name)) fail('consistency', name, `${name} is in the statement but not in ${MANIFEST}`)
      else if (fromStatement.get(name) !== manifestEntries.get(name))
        fail('consistency', name, `${name} has different sha256 in the statement and in ${MANIFEST}`)
    }

    const unsafe = checkSubjectName(name)
    const path = resolve(baseDir, name)
    const outside = !path.startsWith(baseDir.endsWith('/') ? baseDir : `${baseDir}/`)
    if (unsafe || outside || name.split('/').includes('..')) {
      fail('consistency', name, `subject name ${JSON.stringify(name)} is not a safe relative path`)
      subjects.push({name, ok: false})
      continue
    }

    const located = realSubjectPath(realBase, path)
    if (located.error) {
      fail('present', name, `${name} is ${located.error}`)
      subjects.push({name, ok: false, sha256: claimed})
      continue
    }

    let stats
    try {
      stats = located.real === undefined ? undefined : statSync(located.real)
    } catch {
      stats = undefined
    }

    if (!stats?.isFile()) {
      fail('present', name, `missing ${name} (expected at ${path})`)
      subjects.push({name, ok: false, sha256: claimed})
      continue
    }

    const sigRel = minisigPath(name)
    const sigPath = join(dir, sigRel)
    const hasMinisig = existsSync(sigPath)
    let digest
    try {
      digest = await digestFile(located.real!, stats.size, {blake2b: hasMinisig})
    } catch (error) {
      // An unreadable file is a finding about that file, not a reason to stop checking the others.
      fail('present', name, `unreadable ${name}: ${(error as Error).message}`)
      subjects.push({name, ok: false, sha256: claimed})
      continue
    }

    const sha256 = digest.sha256.toString('hex')
    if (claimed !== undefined && sha256 !== claimed) fail('hash', name, `hash mismatch of ${name}: sha256 is ${sha256}, recorded ${claimed}`)
    else pass('hash', name, `sha256 ${sha256}`)
    const size = sizes.get(name)
    if (size !== undefined && size !== digest.size) fail('hash', name, `size mismatch of ${name}: ${digest.size} bytes, recorded ${size}`)

    if (hasMinisig) {
      const outcome = verifyMinisig(readNotaryFile(sigPath).toString('utf8'), sigRel, verifier, digest.blake2b512!, () => readFileSync(located.real!))
      if (outcome.ok) pass('signature', sigRel, `minisign signature (${outcome.detail}) by ${verifier.keyId}; trusted comment: ${outcome.trustedComment}`)
      else fail('signature', sigRel, `bad signature on ${sigRel}: ${outcome.reason}`)
    } else if (expectMinisig) {
      fail('present', sigRel, `missing ${sigRel}`)
    }

    subjects.push({cid: rawCid(digest.sha256), name, ok: failed === failuresBefore, sha256, size: digest.size})
  }

  if (names.size === 0 && (statementSubjects || manifestEntries)) fail('consistency', dir, 'the notary lists no subjects')

  // 4. Nothing extra: every file in the directory is one khaos wrote (anchors/ excepted: it is for later proofs).
  const expected = new Set([ENVELOPE, LOCATOR, MANIFEST, MANIFEST_SIG, PUBLIC_KEY, STATEMENT, ...[...names].map((name) => minisigPath(name))])
  for (const file of listFiles(dir).sort()) {
    if (file.startsWith(`${ANCHORS_DIR}/`)) continue
    if (!expected.has(file)) fail('present', file, `extra ${file}${file.startsWith(`${MINISIG_DIR}/`) ? ' (a signature for no notarized subject)' : ''}`)
  }

  const failures = checks.filter((check) => !check.ok).map((check) => check.detail)
  return {
    baseDir,
    checks,
    dir,
    failures,
    key: {keyId: verifier.keyId, path: keyPath, source: keySource},
    ok: failures.length === 0,
    subjects,
    warnings,
  }
}
