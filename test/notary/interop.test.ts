import {strict as assert} from 'node:assert'
import {createHash} from 'node:crypto'
import {copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {decodeSecretKey} from '../../src/notary/formats.js'
import {khaos, tempDir} from '../helpers/cli.js'
import {hasTool, makeArtifacts, tool} from './helpers.js'

const SIGNIFY = 'signify-openbsd'
const MINISIGN = 'minisign'

/**
 * signify's own secret-key format, unencrypted (rounds 0): "Ed" "BK" rounds[4 BE] salt[16] checksum[8]
 * keynum[8] seckey[64], checksum = SHA-512(seckey)[0..8]. Built here only so the real signify can sign a
 * manifest with the same key khaos uses, proving khaos accepts signify's own signatures.
 */
function signifySecretKey(keynum: Buffer, secretKey: Buffer): string {
  const checksum = createHash('sha512').update(secretKey).digest().subarray(0, 8)
  const blob = Buffer.concat([Buffer.from('EdBK'), Buffer.alloc(4), Buffer.alloc(16), checksum, keynum, secretKey])
  return `untrusted comment: signify secret key\n${blob.toString('base64')}\n`
}

describe('interop with signify-openbsd and minisign', function () {
  this.timeout(120_000)
  let work: ReturnType<typeof tempDir>
  let env: Record<string, string>
  let base: string
  let names: string[]
  let out: string
  let keys: string

  before(function () {
    if (!hasTool(SIGNIFY, []) || !hasTool(MINISIGN, ['-v'])) {
      console.log('      (skipped: signify-openbsd or minisign is not installed; .ci/run installs them)')
      this.skip()
    }
  })

  beforeEach(async () => {
    work = tempDir()
    env = {KHAOS_HOME: join(work.path, 'home')}
    keys = join(work.path, 'home', 'keys')
    base = join(work.path, 'base')
    mkdirSync(base)
    names = makeArtifacts(base)
    out = join(work.path, 'notary')
    assert.equal((await khaos(['keys', 'generate', '--name', 'k', '--no-passphrase'], {env})).exitCode, 0)
    assert.equal((await khaos(['keys', 'generate', '--name', 'other', '--no-passphrase'], {env})).exitCode, 0)
    const result = await khaos(['notarize', ...names, '--out', out, '--key', 'k', '--timestamp', '2026-01-31T12:00:00Z'], {cwd: base, env})
    assert.equal(result.exitCode, 0, result.stderr)
  })
  afterEach(() => work.cleanup())

  const verify = async (...extra: string[]) => khaos(['verify', out, '--json', ...extra], {env})

  it('signify -C, sha256sum -c and minisign -V accept khaos output', () => {
    const signify = tool(SIGNIFY, ['-C', '-p', join(out, 'khaos.pub'), '-x', join(out, 'SHA256.sig')], {cwd: base})
    assert.equal(signify.status, 0, signify.output)
    for (const name of names) assert.match(signify.output, new RegExp(`${name.replace('.', '\\.')}: OK`))
    const sha = tool('sha256sum', ['-c', join(out, 'SHA256')], {cwd: base})
    assert.equal(sha.status, 0, sha.output)
    for (const name of names) {
      const result = tool(MINISIGN, ['-Vm', join(base, name), '-x', join(out, 'minisig', `${name}.minisig`), '-p', join(out, 'khaos.pub')])
      assert.equal(result.status, 0, `${name}: ${result.output}`)
      assert.match(result.output, new RegExp(`Trusted comment: timestamp:1769860800\tfile:${name}\thashed`))
    }

    // The same public key file, read by signify's verifier directly.
    const direct = tool(SIGNIFY, ['-V', '-e', '-p', join(keys, 'k.pub'), '-x', join(out, 'SHA256.sig'), '-m', join(work.path, 'SHA256.out')])
    assert.equal(direct.status, 0, direct.output)
    assert.deepEqual(readFileSync(join(work.path, 'SHA256.out')), readFileSync(join(out, 'SHA256')))
  })

  it('a tampered byte fails in signify, sha256sum, minisign and khaos', async () => {
    const file = join(base, 'bin/tool.bin')
    const bytes = readFileSync(file)
    bytes[100] ^= 0x80
    writeFileSync(file, bytes)
    const signify = tool(SIGNIFY, ['-C', '-p', join(out, 'khaos.pub'), '-x', join(out, 'SHA256.sig')], {cwd: base})
    assert.notEqual(signify.status, 0)
    assert.match(signify.output, /bin\/tool\.bin: FAIL/)
    assert.notEqual(tool('sha256sum', ['-c', join(out, 'SHA256')], {cwd: base}).status, 0)
    assert.notEqual(tool(MINISIGN, ['-Vm', file, '-x', join(out, 'minisig', 'bin/tool.bin.minisig'), '-p', join(out, 'khaos.pub')]).status, 0)
    const result = await verify('--key', join(keys, 'k.pub'))
    assert.equal(result.exitCode, 1)
    assert.ok(JSON.parse(result.stdout).failures.some((f: string) => f.startsWith('hash mismatch of bin/tool.bin')))
  })

  it('a tampered manifest fails in signify and khaos', async () => {
    const sig = readFileSync(join(out, 'SHA256.sig'), 'utf8').replace('SHA256 (README.md) = 7', 'SHA256 (README.md) = 8')
    writeFileSync(join(out, 'SHA256.sig'), sig)
    const signify = tool(SIGNIFY, ['-C', '-p', join(out, 'khaos.pub'), '-x', join(out, 'SHA256.sig')], {cwd: base})
    assert.notEqual(signify.status, 0)
    assert.match(signify.output, /signature verification failed/)
    const result = await verify('--key', join(keys, 'k.pub'))
    assert.equal(result.exitCode, 1)
    assert.ok(JSON.parse(result.stdout).failures.includes('bad signature on SHA256.sig: signature does not match its message'))
  })

  it('a wrong key fails in signify, minisign and khaos', async () => {
    const other = join(keys, 'other.pub')
    const signify = tool(SIGNIFY, ['-C', '-p', other, '-x', join(out, 'SHA256.sig')], {cwd: base})
    assert.notEqual(signify.status, 0)
    assert.match(signify.output, /wrong key/)
    const minisign = tool(MINISIGN, ['-Vm', join(base, 'README.md'), '-x', join(out, 'minisig', 'README.md.minisig'), '-p', other])
    assert.notEqual(minisign.status, 0)
    const result = await verify('--key', other)
    assert.equal(result.exitCode, 1)
    const report = JSON.parse(result.stdout)
    assert.ok(report.failures.some((f: string) => f.startsWith('bad signature on statement.dsse.json')))
    assert.ok(report.failures.some((f: string) => f.startsWith('bad signature on SHA256.sig: signed by key')))
  })

  it('a missing file fails in signify and khaos', async () => {
    rmSync(join(base, 'empty.txt'))
    const signify = tool(SIGNIFY, ['-C', '-p', join(out, 'khaos.pub'), '-x', join(out, 'SHA256.sig')], {cwd: base})
    assert.notEqual(signify.status, 0)
    assert.match(signify.output, /empty\.txt: FAIL/)
    const result = await verify('--key', join(keys, 'k.pub'))
    assert.equal(result.exitCode, 1)
    assert.ok(JSON.parse(result.stdout).failures.some((f: string) => f.startsWith('missing empty.txt')))
  })

  it("khaos accepts signify's own embedded signature of the manifest (same key)", async () => {
    const record = decodeSecretKey(readFileSync(join(keys, 'k.key'), 'utf8'), undefined, 'k')
    writeFileSync(join(work.path, 'k.sec'), signifySecretKey(record.keynum, record.secretKey), {mode: 0o600})
    rmSync(join(out, 'SHA256.sig'))
    const signed = tool(SIGNIFY, ['-S', '-e', '-s', join(work.path, 'k.sec'), '-m', join(out, 'SHA256'), '-x', join(out, 'SHA256.sig')])
    assert.equal(signed.status, 0, signed.output)
    assert.match(readFileSync(join(out, 'SHA256.sig'), 'utf8'), /^untrusted comment: verify with k\.pub\n/)
    const result = await verify('--key', join(keys, 'k.pub'))
    assert.equal(result.exitCode, 0, result.stdout)
  })

  it('minisign can sign with a khaos secret key, and khaos accepts its prehashed and legacy signatures', async () => {
    const secret = join(keys, 'k.key')
    const readme = join(base, 'README.md')
    const sigPath = join(out, 'minisig', 'README.md.minisig')
    const prehashed = tool(MINISIGN, ['-S', '-s', secret, '-m', readme, '-x', sigPath, '-t', 'signed by minisign itself'])
    assert.equal(prehashed.status, 0, prehashed.output)
    let result = await verify('--key', join(keys, 'k.pub'))
    assert.equal(result.exitCode, 0, result.stdout)
    assert.ok(
      JSON.parse(result.stdout).checks.some((c: {detail: string}) => c.detail.includes('(prehashed)') && c.detail.includes('signed by minisign itself')),
    )

    const legacy = tool(MINISIGN, ['-S', '-l', '-s', secret, '-m', readme, '-x', sigPath])
    assert.equal(legacy.status, 0, legacy.output)
    result = await verify('--key', join(keys, 'k.pub'))
    assert.equal(result.exitCode, 0, result.stdout)
    assert.ok(
      JSON.parse(result.stdout).checks.some((c: {detail: string; target: string}) => c.target === 'minisig/README.md.minisig' && c.detail.includes('(legacy)')),
    )

    // ... and a minisign signature of different content is refused.
    writeFileSync(join(work.path, 'other.txt'), 'other\n')
    tool(MINISIGN, ['-S', '-s', secret, '-m', join(work.path, 'other.txt'), '-x', sigPath])
    result = await verify('--key', join(keys, 'k.pub'))
    assert.equal(result.exitCode, 1)
    assert.ok(JSON.parse(result.stdout).failures.includes('bad signature on minisig/README.md.minisig: signature does not match the file'))
  })

  it('khaos signs with keys made by minisign -G (unencrypted and passphrase-protected), and minisign signs with khaos encrypted keys', async () => {
    const made = tool(MINISIGN, ['-G', '-W', '-p', join(keys, 'mw.pub'), '-s', join(keys, 'mw.key')])
    assert.equal(made.status, 0, made.output)
    const withPass = tool(MINISIGN, ['-G', '-p', join(keys, 'mp.pub'), '-s', join(keys, 'mp.key')], {input: 'pass phrase\npass phrase\n'})
    assert.equal(withPass.status, 0, withPass.output)
    for (const [name, input] of [
      ['mw', undefined],
      ['mp', 'pass phrase\n'],
    ] as const) {
      const dir = join(work.path, `n-${name}`)
      const flags = input ? ['--passphrase-stdin'] : []
      const result = await khaos(['notarize', 'README.md', '--out', dir, '--key', name, ...flags], {cwd: base, env, input})
      assert.equal(result.exitCode, 0, result.stderr)
      const minisign = tool(MINISIGN, ['-Vm', join(base, 'README.md'), '-x', join(dir, 'minisig', 'README.md.minisig'), '-p', join(keys, `${name}.pub`)])
      assert.equal(minisign.status, 0, minisign.output)
      assert.equal(tool(SIGNIFY, ['-C', '-p', join(keys, `${name}.pub`), '-x', join(dir, 'SHA256.sig')], {cwd: base}).status, 0)
    }

    const generated = await khaos(['keys', 'generate', '--name', 'enc', '--passphrase-stdin'], {env, input: 'khaos pass\n'})
    assert.equal(generated.exitCode, 0, generated.stderr)
    const signed = tool(MINISIGN, ['-S', '-s', join(keys, 'enc.key'), '-m', join(base, 'README.md'), '-x', join(work.path, 'r.minisig')], {
      input: 'khaos pass\n',
    })
    assert.equal(signed.status, 0, signed.output)
    assert.equal(tool(MINISIGN, ['-Vm', join(base, 'README.md'), '-x', join(work.path, 'r.minisig'), '-p', join(keys, 'enc.pub')]).status, 0)
    const wrong = tool(MINISIGN, ['-S', '-s', join(keys, 'enc.key'), '-m', join(base, 'README.md'), '-x', join(work.path, 'w.minisig')], {input: 'nope\n'})
    assert.notEqual(wrong.status, 0)
    assert.match(wrong.output, /Wrong password/)
  })

  it('verify --key takes a minisign public key file made elsewhere', async () => {
    copyFileSync(join(keys, 'k.pub'), join(work.path, 'pinned.pub'))
    const result = await verify('--key', join(work.path, 'pinned.pub'))
    assert.equal(result.exitCode, 0)
    assert.equal(JSON.parse(result.stdout).key.source, 'pinned')
  })
})
