import {strict as assert} from 'node:assert'
import {createHash} from 'node:crypto'
import {appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {OPSLIMIT_SENSITIVE, MEMLIMIT_SENSITIVE, decodeSecretKey, formatSecretKey, parsePublicKey} from '../../src/notary/formats.js'
import {
  blake2b,
  ensureDefaultKey,
  generateKey,
  keyInfo,
  listKeys,
  loadSigningKey,
  notarize,
  rawCid,
  scryptParams,
  verifyNotary,
} from '../../src/notary/index.js'
import {InputError} from '../../src/shared/errors.js'
import {canonicalize} from '../../src/notary/canonical.js'
import {ROOT, tempDir} from '../helpers/cli.js'
import {makeArtifacts, readTree} from './helpers.js'
import {signEmbedded} from '../../src/notary/signatures.js'
import {PARALLEL_THRESHOLD, digestFile} from '../../src/notary/hash.js'
import {ed25519Sign} from '../../src/notary/ed25519.js'
import nacl from 'tweetnacl'

const TIME = {iso: '2026-01-31T12:00:00Z', source: 'flag' as const}

describe('notary core', () => {
  describe('primitives', () => {
    it('BLAKE2b matches the RFC 7693 / libsodium vectors and Node for every length boundary', () => {
      assert.equal(blake2b(Buffer.alloc(0), 32).toString('hex'), '0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8')
      assert.equal(blake2b(Buffer.from('abc'), 64).toString('hex').slice(0, 32), 'ba80a53f981c4d0d6a2797b69f12f6e9')
      for (const length of [0, 1, 127, 128, 129, 256, 1000]) {
        const data = Buffer.alloc(length, length % 251)
        assert.deepEqual(blake2b(data, 64), createHash('blake2b512').update(data).digest(), `length ${length}`)
      }
    })

    it('agrees with tweetnacl (an independent Ed25519) on keys and signatures made through node:crypto', () => {
      const home = tempDir()
      try {
        generateKey(home.path, {name: 'k'})
        const record = decodeSecretKey(readFileSync(join(home.path, 'keys', 'k.key'), 'utf8'), undefined, 'k')
        const pair = nacl.sign.keyPair.fromSeed(record.secretKey.subarray(0, 32))
        assert.deepEqual(Buffer.from(pair.secretKey), record.secretKey)
        const key = loadSigningKey(home.path, 'k')
        const message = Buffer.from('DSSEv1 28 application/vnd.in-toto+json 2 {}')
        const signature = ed25519Sign(key.privateKey, message)
        assert.ok(nacl.sign.detached.verify(message, signature, key.publicKey))
        assert.deepEqual(Buffer.from(nacl.sign.detached(message, pair.secretKey)), signature) // deterministic, same bytes
      } finally {
        home.cleanup()
      }
    })

    it('hashes small, chunked and two-thread (large) files to the same digests as a one-shot hash', async () => {
      const dir = tempDir()
      try {
        for (const size of [0, 1000, 5 * 1024 * 1024 + 3, PARALLEL_THRESHOLD + 12_345]) {
          const data = Buffer.alloc(size)
          for (let i = 0; i < size; i += 4096) data[i] = (i / 4096) % 251
          const path = join(dir.path, `f${size}`)
          writeFileSync(path, data)
          const digest = await digestFile(path, size)
          assert.equal(digest.size, size)
          assert.deepEqual(digest.sha256, createHash('sha256').update(data).digest(), `sha256 of ${size} bytes`)
          assert.deepEqual(digest.blake2b512, createHash('blake2b512').update(data).digest(), `blake2b of ${size} bytes`)
          const lean = await digestFile(path, size, {blake2b: false})
          assert.deepEqual([lean.sha256, lean.blake2b512], [digest.sha256, undefined])
        }
      } finally {
        dir.cleanup()
      }
    })

    it('computes raw CIDv1 offline (the empty file has a well-known CID)', () => {
      const empty = createHash('sha256').update('').digest()
      assert.equal(rawCid(empty), 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku')
    })

    it('derives scrypt N/r/p from opslimit/memlimit as libsodium does', () => {
      assert.deepEqual(scryptParams(OPSLIMIT_SENSITIVE, MEMLIMIT_SENSITIVE), {N: 2 ** 20, p: 1, r: 8})
      assert.deepEqual(scryptParams(524_288n, 16_777_216n), {N: 2 ** 14, p: 1, r: 8})
      assert.deepEqual(scryptParams(1000n, 1n << 40n), {N: 2 ** 10, p: 1, r: 8}) // ops-bound branch, opslimit raised to 32768
    })

    it('refuses a secret key whose KDF asks for absurd memory instead of trying', () => {
      const text = formatSecretKey({keynum: Buffer.alloc(8, 1), secretKey: Buffer.alloc(64, 2)}, undefined, 'x')
      const blob = Buffer.from(text.split('\n')[1], 'base64')
      blob.write('Sc', 2, 'latin1')
      blob.writeBigUInt64LE(1n << 40n, 38)
      blob.writeBigUInt64LE(1n << 45n, 46)
      const hostile = `untrusted comment: x\n${blob.toString('base64')}\n`
      assert.throws(() => decodeSecretKey(hostile, 'pw', 'hostile key'), /unreasonably expensive/)
    })
  })

  describe('keys', () => {
    let home: ReturnType<typeof tempDir>
    beforeEach(() => {
      home = tempDir()
    })
    afterEach(() => home.cleanup())

    it('generates an unencrypted key: dir 0700, secret 0600, loadable, listed', () => {
      const info = generateKey(home.path, {name: 'ci'})
      assert.equal(info.encrypted, false)
      assert.equal(statSync(join(home.path, 'keys')).mode & 0o777, 0o700)
      assert.equal(statSync(info.secretKeyPath).mode & 0o777, 0o600)
      const key = loadSigningKey(home.path, 'ci')
      assert.equal(key.keyId, info.keyId)
      assert.match(info.keyId, /^[0-9A-F]{16}$/)
      assert.deepEqual(
        listKeys(home.path).map((k) => k.name),
        ['ci'],
      )
      assert.equal(parsePublicKey(readFileSync(info.publicKeyPath, 'utf8')).publicKey.length, 32)
    })

    it('never replaces a key without overwrite', () => {
      generateKey(home.path, {name: 'k'})
      assert.throws(
        () => generateKey(home.path, {name: 'k'}),
        (error: unknown) => error instanceof InputError && /--force/.test(error.message),
      )
      const replaced = generateKey(home.path, {name: 'k', overwrite: true})
      assert.equal(loadSigningKey(home.path, 'k').keyId, replaced.keyId)
    })

    it('refuses a secret key readable by group or others, with a chmod 600 hint', () => {
      const info = generateKey(home.path, {name: 'k'})
      for (const mode of [0o644, 0o640, 0o604]) {
        chmodSync(info.secretKeyPath, mode)
        assert.throws(
          () => loadSigningKey(home.path, 'k'),
          (error: unknown) => error instanceof InputError && error.exitCode === 2 && error.hint === `chmod 600 ${info.secretKeyPath}`,
        )
      }

      chmodSync(info.secretKeyPath, 0o600)
      assert.ok(loadSigningKey(home.path, 'k'))
    })

    it('refuses unsafe key names and a missing key with a clear message', () => {
      assert.throws(() => generateKey(home.path, {name: '../evil'}), /invalid key name/)
      assert.throws(() => loadSigningKey(home.path, 'absent'), /no secret key "absent".*khaos keys generate --name absent/)
    })

    it('detects a public key that does not belong to the secret key', () => {
      generateKey(home.path, {name: 'a'})
      const b = generateKey(home.path, {name: 'b'})
      writeFileSync(join(home.path, 'keys', 'a.pub'), readFileSync(b.publicKeyPath))
      assert.throws(() => loadSigningKey(home.path, 'a'), /does not belong/)
    })

    it('ensureDefaultKey creates the khaos key once, then loads it', () => {
      const first = ensureDefaultKey(home.path)
      assert.equal(first.created, true)
      assert.equal(first.key.name, 'khaos')
      const second = ensureDefaultKey(home.path)
      assert.deepEqual([second.created, second.key.keyId], [false, first.key.keyId])
      assert.equal(keyInfo(home.path, 'khaos').encrypted, false)
    })

    it('encrypts with a passphrase (scrypt) and refuses a wrong one', function () {
      this.timeout(60_000)
      generateKey(home.path, {name: 'enc', passphrase: 'correct horse'})
      assert.equal(keyInfo(home.path, 'enc').encrypted, true)
      assert.throws(() => loadSigningKey(home.path, 'enc'), /encrypted and no passphrase/)
      assert.throws(() => loadSigningKey(home.path, 'enc', {passphrase: 'wrong'}), /wrong passphrase/)
      assert.ok(loadSigningKey(home.path, 'enc', {passphrase: 'correct horse'}))
    })
  })

  describe('notarize and verify', () => {
    let work: ReturnType<typeof tempDir>
    let base: string
    let names: string[]
    beforeEach(() => {
      work = tempDir()
      base = join(work.path, 'base')
      mkdirSync(base)
      names = makeArtifacts(base)
      generateKey(join(work.path, 'home'), {name: 'k'})
    })
    afterEach(() => work.cleanup())

    const key = () => loadSigningKey(join(work.path, 'home'), 'k')
    const run = (out: string, extra: Partial<Parameters<typeof notarize>[0]> = {}) =>
      notarize({
        baseDir: base,
        files: names.map((n) => join(base, n)),
        key: key(),
        outDir: join(work.path, out),
        timestamp: TIME,
        toolVersion: '0.0.0-test',
        ...extra,
      })
    const pub = () => join(work.path, 'home', 'keys', 'k.pub')

    it('records sha256, CID and size per subject, sorted, and verifies clean with the pinned key', async () => {
      const result = await run('n')
      assert.deepEqual(
        result.subjects.map((s) => s.name),
        ['README.md', 'bin/tool.bin', 'empty.txt'],
      )
      const readme = readFileSync(join(base, 'README.md'))
      assert.equal(result.subjects[0].sha256, createHash('sha256').update(readme).digest('hex'))
      assert.equal(result.subjects[0].size, readme.length)
      assert.match(result.subjects[0].cid, /^bafkrei[a-z2-7]{52}$/)
      assert.equal(result.base, '../base')
      const report = await verifyNotary({dir: join(work.path, 'n'), publicKey: pub()})
      assert.deepEqual(report.failures, [])
      assert.equal(report.ok, true)
      assert.equal(report.key.source, 'pinned')
      assert.deepEqual(report.warnings, [])
    })

    it('writes an in-toto v1 statement as canonical JSON, identical to the DSSE payload', async () => {
      await run('n')
      const statementBytes = readFileSync(join(work.path, 'n', 'statement.json'))
      const envelope = JSON.parse(readFileSync(join(work.path, 'n', 'statement.dsse.json'), 'utf8'))
      assert.equal(envelope.payloadType, 'application/vnd.in-toto+json')
      assert.deepEqual(Buffer.from(envelope.payload, 'base64'), statementBytes)
      const statement = JSON.parse(statementBytes.toString('utf8'))
      assert.equal(statement._type, 'https://in-toto.io/Statement/v1')
      assert.equal(statement.predicate.selfAssertedTime.time, TIME.iso)
      assert.match(statement.predicate.selfAssertedTime.note, /not a trusted timestamp/)
      assert.equal(statementBytes.toString('utf8'), canonicalize(statement), 'RFC 8785 canonical form')
    })

    it('takes an ISO string for the time and defaults the tool version to the package version', async () => {
      const result = await run('n', {timestamp: '2026-01-31T13:00:00+01:00', toolVersion: undefined})
      assert.deepEqual(result.timestamp, TIME)
      const statement = JSON.parse(readFileSync(join(work.path, 'n', 'statement.json'), 'utf8'))
      assert.equal(statement.predicate.tool.version, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version)
      await assert.rejects(run('m', {timestamp: 'yesterday'}), /invalid --timestamp/)
    })

    it('is deterministic: same inputs, key and time give byte-identical notary files', async () => {
      await run('n1')
      await run('n2')
      const first = readTree(join(work.path, 'n1'))
      const second = readTree(join(work.path, 'n2'))
      // notary.json records the base relative to the notary dir: the same here (both are siblings of base).
      assert.deepEqual(first, second)
    })

    it('names a tampered byte as a hash mismatch of that file and its bad minisig', async () => {
      await run('n')
      const file = join(base, 'bin/tool.bin')
      const bytes = readFileSync(file)
      bytes[1234] ^= 1
      writeFileSync(file, bytes)
      const report = await verifyNotary({dir: join(work.path, 'n'), publicKey: pub()})
      assert.equal(report.ok, false)
      assert.ok(
        report.failures.some((f) => f.startsWith('hash mismatch of bin/tool.bin')),
        report.failures.join('\n'),
      )
      assert.ok(report.failures.includes('bad signature on minisig/bin/tool.bin.minisig: signature does not match the file'))
      assert.equal(report.failures.length, 2)
    })

    it('names a missing file, an extra file and a wrong key', async () => {
      await run('n')
      rmSync(join(base, 'README.md'))
      writeFileSync(join(work.path, 'n', 'stray.txt'), 'x')
      mkdirSync(join(work.path, 'n', 'anchors'))
      writeFileSync(join(work.path, 'n', 'anchors', 'statement.json.ots'), 'later proof: ignored, unsigned by design')
      let report = await verifyNotary({dir: join(work.path, 'n'), publicKey: pub()})
      assert.ok(
        report.failures.some((f) => f.startsWith('missing README.md')),
        report.failures.join('\n'),
      )
      assert.ok(report.failures.includes('extra stray.txt'))
      assert.equal(report.failures.length, 2)

      const other = generateKey(join(work.path, 'home'), {name: 'other'})
      report = await verifyNotary({dir: join(work.path, 'n'), publicKey: other.publicKeyPath})
      for (const file of ['statement.dsse.json', 'SHA256.sig', 'minisig/empty.txt.minisig']) {
        assert.ok(
          report.failures.some((f) => f.startsWith(`bad signature on ${file}`)),
          `${file}: ${report.failures.join('\n')}`,
        )
      }

      assert.ok(report.warnings.some((w) => /is not the pinned key/.test(w)))
    })

    it('catches an edited manifest, statement copy and an added signature', async () => {
      await run('n')
      const dir = join(work.path, 'n')
      appendFileSync(join(dir, 'SHA256'), 'SHA256 (evil) = ' + '0'.repeat(64) + '\n')
      writeFileSync(join(dir, 'statement.json'), '{}')
      writeFileSync(join(dir, 'minisig', 'ghost.minisig'), 'x')
      const report = await verifyNotary({dir, publicKey: pub()})
      assert.ok(report.failures.includes('SHA256 differs from the manifest signed in SHA256.sig'))
      assert.ok(report.failures.includes('statement.json differs from the payload signed in statement.dsse.json'))
      assert.ok(report.failures.some((f) => f.startsWith('extra minisig/ghost.minisig')))
    })

    it('--no-minisig: no per-file signatures, recorded in the signed statement, so their absence is not a finding', async () => {
      await run('n', {minisig: false})
      const dir = join(work.path, 'n')
      assert.ok(!existsSync(join(dir, 'minisig')))
      assert.equal(JSON.parse(readFileSync(join(dir, 'statement.json'), 'utf8')).predicate.minisign, false)
      assert.deepEqual((await verifyNotary({dir, publicKey: pub()})).failures, [])
      await run('m')
      rmSync(join(work.path, 'm', 'minisig', 'README.md.minisig'))
      assert.deepEqual((await verifyNotary({dir: join(work.path, 'm'), publicKey: pub()})).failures, ['missing minisig/README.md.minisig'])
    })

    it('refuses a signed manifest that names a path outside the base, without reading it', async () => {
      await run('n')
      const dir = join(work.path, 'n')
      writeFileSync(join(work.path, 'outside.txt'), 'x')
      const manifest = Buffer.from(`SHA256 (../outside.txt) = ${createHash('sha256').update('x').digest('hex')}\n`)
      writeFileSync(join(dir, 'SHA256'), manifest)
      writeFileSync(join(dir, 'SHA256.sig'), signEmbedded(key(), manifest, 'khaos.pub'))
      const report = await verifyNotary({dir, publicKey: pub()})
      assert.ok(report.failures.includes('subject name "../outside.txt" is not a safe relative path'), report.failures.join('\n'))
      assert.ok(!report.checks.some((c) => c.kind === 'hash' && c.target === '../outside.txt' && c.ok))
    })

    it('reports an unreadable file as a finding and keeps checking the others', async function () {
      if (process.getuid?.() === 0) this.skip() // root reads everything: the case cannot arise
      await run('n')
      chmodSync(join(base, 'README.md'), 0o000)
      const report = await verifyNotary({dir: join(work.path, 'n'), publicKey: pub()})
      chmodSync(join(base, 'README.md'), 0o644)
      assert.ok(
        report.failures.some((f) => f.startsWith('unreadable README.md')),
        report.failures.join('\n'),
      )
      assert.equal(report.subjects.filter((s) => s.ok).length, 2)
    })

    it('fails closed without a pinned key, and warns when trust is only the embedded key', async () => {
      await run('n')
      await assert.rejects(verifyNotary({dir: join(work.path, 'n')}), /no key to trust: pass --key/)
      const report = await verifyNotary({dir: join(work.path, 'n'), trustEmbeddedKey: true})
      assert.equal(report.ok, true)
      assert.equal(report.key.source, 'embedded')
      assert.match(report.warnings[0], /trust is not pinned/)
    })

    it('refuses subjects outside the base, unsafe names, directories, and an existing output', async () => {
      writeFileSync(join(work.path, 'outside.txt'), 'x')
      await assert.rejects(run('n', {files: [join(work.path, 'outside.txt')]}), /outside the base directory/)
      writeFileSync(join(base, 'has space.txt'), 'x')
      await assert.rejects(run('n', {files: [join(base, 'has space.txt')]}), /whitespace/)
      await assert.rejects(run('n', {files: [join(base, 'bin')]}), /is a directory/)
      await assert.rejects(run('n', {files: [join(base, 'nope')]}), /no such file/)
      await assert.rejects(run('n', {files: []}), /nothing to notarize/)
      assert.ok(!existsSync(join(work.path, 'n')), 'nothing written by refused runs')
      await run('n')
      await assert.rejects(run('n'), /already exists; pass --force/)
      await run('n', {overwrite: true})
    })

    it('treats an unusable directory or key as input errors (exit 2), not findings', async () => {
      await assert.rejects(verifyNotary({dir: join(work.path, 'absent')}), (error: unknown) => error instanceof InputError)
      await assert.rejects(verifyNotary({dir: base}), /is not a notary directory/)
      await run('n')
      writeFileSync(join(work.path, 'bad.pub'), 'not a key\n')
      await assert.rejects(verifyNotary({dir: join(work.path, 'n'), publicKey: join(work.path, 'bad.pub')}), (error: unknown) => error instanceof InputError)
    })
  })
})
