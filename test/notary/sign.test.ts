import {strict as assert} from 'node:assert'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {BIN, khaos, tempDir} from '../helpers/cli.js'
import {hasTmux, tmuxSession} from '../helpers/tmux.js'
import {hasTool, tool} from './helpers.js'

describe('khaos sign FILE (like minisign -Sm)', function () {
  this.timeout(120_000)
  let work: ReturnType<typeof tempDir>
  let env: Record<string, string>
  let file: string
  beforeEach(() => {
    work = tempDir()
    env = {KHAOS_HOME: join(work.path, 'home')}
    file = join(work.path, 'release.tar')
    writeFileSync(file, Buffer.from(Array.from({length: 50_000}, (_, i) => (i * 31) % 251)))
  })
  afterEach(() => work.cleanup())

  it('writes FILE.minisig that the real minisign -Vm accepts, and rejects after a change', async function () {
    if (!hasTool('minisign', ['-v'])) this.skip() // installed by .ci/run
    const signed = await khaos(['sign', file, '--json'], {env: {...env, SOURCE_DATE_EPOCH: '1769860800'}})
    assert.equal(signed.exitCode, 0, signed.stderr)
    assert.match(signed.stderr, /created signing key "khaos" \(id [0-9A-F]{16}, not encrypted\)/)
    const result = JSON.parse(signed.stdout)
    assert.equal(result.signature, `${file}.minisig`)
    const pub = join(work.path, 'home', 'keys', 'khaos.pub')
    assert.equal(result.publicKeyPath, pub)
    const ok = tool('minisign', ['-Vm', file, '-p', pub])
    assert.equal(ok.status, 0, ok.output)
    assert.match(ok.output, /Trusted comment: timestamp:1769860800\tfile:release\.tar\thashed/)

    // Same file, key and time: the same bytes (minisign replaces FILE.minisig; so does khaos).
    const first = readFileSync(`${file}.minisig`)
    assert.equal((await khaos(['sign', file], {env: {...env, SOURCE_DATE_EPOCH: '1769860800'}})).exitCode, 0)
    assert.deepEqual(readFileSync(`${file}.minisig`), first)

    const bytes = readFileSync(file)
    bytes[10] ^= 1
    writeFileSync(file, bytes)
    assert.notEqual(tool('minisign', ['-Vm', file, '-p', pub]).status, 0)
  })

  it('signs with a named, passphrase-protected key from --passphrase-stdin', async function () {
    if (!hasTool('minisign', ['-v'])) this.skip()
    assert.equal((await khaos(['keys', 'generate', '--name', 'rel', '--passphrase-stdin'], {env, input: 'pw-123\n'})).exitCode, 0)
    const signed = await khaos(['sign', file, '--key', 'rel', '--passphrase-stdin'], {env, input: 'pw-123\n'})
    assert.equal(signed.exitCode, 0, signed.stderr)
    assert.match(signed.stdout, /verify: minisign -Vm .*release\.tar -p .*rel\.pub/)
    assert.equal(tool('minisign', ['-Vm', file, '-p', join(work.path, 'home', 'keys', 'rel.pub')]).status, 0)
    const wrong = await khaos(['sign', file, '--key', 'rel', '--passphrase-stdin'], {env, input: 'nope\n'})
    assert.equal(wrong.exitCode, 2)
  })

  it('exits 2 on a missing file or a directory, writing nothing', async () => {
    const missing = await khaos(['sign', join(work.path, 'nope')], {env})
    assert.equal(missing.exitCode, 2)
    assert.match(missing.stderr, /no such file/)
    assert.equal(existsSync(join(work.path, 'nope.minisig')), false)
    const dir = await khaos(['sign', work.path], {env})
    assert.equal(dir.exitCode, 2)
    assert.match(dir.stderr, /not a regular file/)
  })

  it('on a terminal, asks before creating the default key (tmux)', async function () {
    if (!hasTmux()) this.skip() // installed by .ci/run
    const home = join(work.path, 'home')
    const run = (name: string) => `cd ${work.path} && env -u CI KHAOS_HOME=${home} NO_COLOR=1 node ${BIN} sign ${file}; echo EXIT-${name}=$?; sleep 60`
    // Cancel: no key, exit 2.
    let term = tmuxSession('sign-cancel', run('cancel'))
    try {
      await term.waitFor(/No signing key yet/)
      term.keys('Down', 'Down', 'Enter')
      const screen = await term.waitFor(/EXIT-cancel=\d+/)
      assert.match(screen, /EXIT-cancel=2/)
      assert.equal(existsSync(join(home, 'keys', 'khaos.key')), false)
    } finally {
      term.kill()
    }

    // With a passphrase: an encrypted key, and the file signed with it.
    term = tmuxSession('sign-pass', run('pass'))
    try {
      await term.waitFor(/No signing key yet/)
      term.keys('Enter')
      await term.waitFor(/Passphrase for the new key/)
      term.keys('s3cret-pw', 'Enter')
      await term.waitFor(/Repeat the passphrase/)
      term.keys('s3cret-pw', 'Enter')
      const screen = await term.waitFor(/EXIT-pass=\d+/)
      assert.match(screen, /EXIT-pass=0/)
      assert.match(screen, /passphrase-protected/)
      assert.match(readFileSync(join(home, 'keys', 'khaos.key'), 'utf8'), /scrypt-encrypted/)
      assert.ok(existsSync(`${file}.minisig`))
    } finally {
      term.kill()
    }
  })
})
