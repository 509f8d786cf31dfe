import {strict as assert} from 'node:assert'
import {execa} from 'execa'
import {spawn, spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, truncateSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {BIN, khaos, tempDir} from '../helpers/cli.js'
import {decodeSecretKey} from '../../src/notary/formats.js'
import {makeArtifacts, readTree} from './helpers.js'

describe('khaos keys / notarize / verify (CLI)', () => {
  let work: ReturnType<typeof tempDir>
  let env: Record<string, string>
  let base: string
  let names: string[]
  beforeEach(() => {
    work = tempDir()
    env = {KHAOS_HOME: join(work.path, 'home')}
    base = join(work.path, 'base')
    mkdirSync(base)
    names = makeArtifacts(base)
  })
  afterEach(() => work.cleanup())

  it('keys generate --no-passphrase, list and show (human and --json)', async () => {
    const generated = await khaos(['keys', 'generate', '--name', 'ci', '--no-passphrase', '--json'], {env})
    assert.equal(generated.exitCode, 0, generated.stderr)
    const info = JSON.parse(generated.stdout)
    assert.equal(info.encrypted, false)
    assert.match(info.keyId, /^[0-9A-F]{16}$/)
    const listed = await khaos(['keys', 'list', '--json'], {env})
    assert.deepEqual(
      JSON.parse(listed.stdout).keys.map((k: {keyId: string; name: string}) => [k.name, k.keyId]),
      [['ci', info.keyId]],
    )
    const shown = await khaos(['keys', 'show', 'ci'], {env})
    assert.equal(shown.exitCode, 0)
    assert.ok(shown.stdout.includes(info.publicKey))
    assert.match(shown.stdout, /signify-openbsd -C -p .*ci\.pub -x NOTARY_DIR\/SHA256\.sig/)
    assert.match(shown.stdout, /minisign -Vm FILE/)
    const again = await khaos(['keys', 'generate', '--name', 'ci', '--no-passphrase'], {env})
    assert.equal(again.exitCode, 2)
    assert.match(again.stderr, /already exists/)
    assert.match(again.stderr, /--force/)
  })

  it('refuses to generate an encrypted key with no terminal and no --passphrase-stdin (exit 2, nothing written)', async () => {
    const result = await khaos(['keys', 'generate', '--name', 'x'], {env})
    assert.equal(result.exitCode, 2)
    assert.match(result.stderr, /--passphrase-stdin/)
    assert.match(result.stderr, /--no-passphrase/)
    assert.ok(!existsSync(join(work.path, 'home', 'keys', 'x.key')))
    const bad = await khaos(['keys', 'generate', '--name', '../x', '--no-passphrase'], {env})
    assert.equal(bad.exitCode, 2)
    assert.match(bad.stderr, /invalid key name/)
  })

  it('--passphrase-stdin: encrypted key, wrong passphrase refused, right one signs', async function () {
    this.timeout(120_000)
    const generated = await khaos(['keys', 'generate', '--name', 'enc', '--passphrase-stdin', '--json'], {env, input: 'correct horse battery\n'})
    assert.equal(generated.exitCode, 0, generated.stderr)
    assert.equal(JSON.parse(generated.stdout).encrypted, true)
    const args = ['notarize', ...names, '--out', join(work.path, 'n'), '--key', 'enc', '--passphrase-stdin', '--timestamp', '2026-01-31T12:00:00Z']
    const wrong = await khaos(args, {cwd: base, env, input: 'wrong\n'})
    assert.equal(wrong.exitCode, 2)
    assert.match(wrong.stderr, /wrong passphrase/)
    assert.ok(!existsSync(join(work.path, 'n')))
    const noSource = await khaos(
      args.filter((a) => a !== '--passphrase-stdin'),
      {cwd: base, env},
    )
    assert.equal(noSource.exitCode, 2)
    assert.match(noSource.stderr, /needs a passphrase.*--passphrase-stdin/s)
    const right = await khaos(args, {cwd: base, env, input: 'correct horse battery\n'})
    assert.equal(right.exitCode, 0, right.stderr)
    const verified = await khaos(['verify', join(work.path, 'n'), '--key', 'enc'], {env})
    assert.equal(verified.exitCode, 0, verified.stdout + verified.stderr)
  })

  it('refuses a world-readable secret key with a chmod 600 hint (exit 2)', async () => {
    await khaos(['keys', 'generate', '--name', 'k', '--no-passphrase'], {env})
    const secret = join(work.path, 'home', 'keys', 'k.key')
    chmodSync(secret, 0o644)
    const result = await khaos(['notarize', names[0], '--out', join(work.path, 'n'), '--key', 'k'], {cwd: base, env})
    assert.equal(result.exitCode, 2)
    assert.ok(result.stderr.includes(`chmod 600 ${secret}`), result.stderr)
    assert.ok(!existsSync(join(work.path, 'n')))
  })

  it('notarize creates the default key on first use and verify checks it (exit 0, JSON)', async () => {
    const out = join(work.path, 'n')
    const result = await khaos(['notarize', ...names, '--out', out, '--json'], {cwd: base, env})
    assert.equal(result.exitCode, 0, result.stderr)
    assert.match(result.stderr, /created signing key "khaos"/)
    const json = JSON.parse(result.stdout)
    assert.deepEqual(
      json.subjects.map((s: {name: string}) => s.name),
      [...names].sort(),
    )
    assert.ok(json.files.includes('SHA256.sig'))
    const verified = await khaos(['verify', out, '--key', join(work.path, 'home', 'keys', 'khaos.pub'), '--json'], {env: {...env}, cwd: work.path})
    assert.equal(verified.exitCode, 0, verified.stdout)
    const report = JSON.parse(verified.stdout)
    assert.equal(report.ok, true)
    assert.equal(report.key.source, 'pinned')
    // Fails closed without a pinned key, like minisign/signify without -p.
    const unpinned = await khaos(['verify', out], {env})
    assert.equal(unpinned.exitCode, 2)
    assert.match(unpinned.stderr, /no key to trust: pass --key/)
    assert.doesNotMatch(unpinned.stdout, /verified/)
    const unpinnedJson = await khaos(['verify', out, '--json'], {env})
    assert.equal(unpinnedJson.exitCode, 2)
    assert.equal(JSON.parse(unpinnedJson.stdout).error.code, 'NO_PINNED_KEY')
    const embedded = await khaos(['verify', out, '--trust-embedded-key'], {env})
    assert.equal(embedded.exitCode, 0, embedded.stderr)
    assert.match(embedded.stderr, /WARNING: --trust-embedded-key: .*only proves the folder is self-consistent, not who signed it/)
    assert.match(embedded.stdout, /embedded, NOT pinned/)
    const both = await khaos(['verify', out, '--trust-embedded-key', '--key', 'khaos'], {env})
    assert.equal(both.exitCode, 2)
  })

  it('verify exits 1 naming what failed, and 2 for an unusable directory', async () => {
    const out = join(work.path, 'n')
    await khaos(['notarize', ...names, '--out', out], {cwd: base, env})
    writeFileSync(join(base, 'README.md'), '# release notes\n\nline 2\n')
    const failed = await khaos(['verify', out, '--json', '--key', 'khaos'], {env})
    assert.equal(failed.exitCode, 1)
    const report = JSON.parse(failed.stdout)
    assert.equal(report.ok, false)
    assert.ok(report.failures.some((f: string) => f.startsWith('hash mismatch of README.md')))
    const human = await khaos(['verify', out, '--key', 'khaos'], {env})
    assert.equal(human.exitCode, 1)
    assert.match(human.stdout, /FAIL +hash +hash mismatch of README\.md/)
    assert.match(human.stdout, /FAILED: 3 problems \(2\/3 subjects ok\)/)
    const missing = await khaos(['verify', join(work.path, 'nope'), '--key', 'khaos'], {env})
    assert.equal(missing.exitCode, 2)
    assert.match(missing.stderr, /no such directory/)
  })

  it('is byte-identical across runs with --timestamp and with SOURCE_DATE_EPOCH', async () => {
    await khaos(['keys', 'generate', '--name', 'k', '--no-passphrase'], {env})
    for (const [flags, extraEnv] of [
      [['--timestamp', '2026-01-31T12:00:00Z'], {}],
      [[], {SOURCE_DATE_EPOCH: '1769860800'}],
    ] as const) {
      const trees = []
      for (const out of ['a', 'b']) {
        const dir = join(work.path, `${out}${flags.length}`)
        const result = await khaos(['notarize', ...names, '--out', dir, '--key', 'k', ...flags], {cwd: base, env: {...env, ...extraEnv}})
        assert.equal(result.exitCode, 0, result.stderr)
        trees.push(readTree(dir))
      }

      assert.deepEqual(trees[0], trees[1])
      assert.match(Buffer.from(trees[0]['statement.json'], 'base64').toString(), /"time":"2026-01-31T12:00:00Z"/)
    }
  })

  it('refuses an existing output without --force, files outside --base, and no files (exit 2)', async () => {
    const out = join(work.path, 'n')
    assert.equal((await khaos(['notarize', names[0], '--out', out], {cwd: base, env})).exitCode, 0)
    const exists = await khaos(['notarize', names[0], '--out', out], {cwd: base, env})
    assert.equal(exists.exitCode, 2)
    assert.match(exists.stderr, /already exists; pass --force/)
    assert.equal((await khaos(['notarize', names[0], '--out', out, '--force'], {cwd: base, env})).exitCode, 0)
    writeFileSync(join(work.path, 'secret.txt'), 'x')
    const outside = await khaos(['notarize', '../secret.txt', '--out', join(work.path, 'm')], {cwd: base, env})
    assert.equal(outside.exitCode, 2)
    assert.match(outside.stderr, /outside the base directory/)
    const none = await khaos(['notarize', '--out', join(work.path, 'm')], {cwd: base, env})
    assert.equal(none.exitCode, 2)
    assert.match(none.stderr, /nothing to notarize/)
    const badTime = await khaos(['notarize', names[0], '--out', join(work.path, 'm'), '--timestamp', 'yesterday'], {cwd: base, env})
    assert.equal(badTime.exitCode, 2)
    assert.ok(!existsSync(join(work.path, 'm')))
  })

  it('verify works from any directory and with --base when the files moved', async () => {
    const out = join(work.path, 'notary')
    await khaos(['notarize', ...names, '--out', out], {cwd: base, env})
    assert.equal((await khaos(['verify', 'notary', '--key', 'khaos'], {cwd: work.path, env})).exitCode, 0)
    const moved = join(work.path, 'moved')
    renameSync(base, moved)
    assert.equal((await khaos(['verify', out, '--key', 'khaos'], {env})).exitCode, 1)
    assert.equal((await khaos(['verify', out, '--base', moved, '--key', 'khaos'], {env})).exitCode, 0)
  })
})

describe('khaos notarize interrupted (Ctrl-C)', () => {
  it('leaves no notary directory and no temp files behind', async function () {
    this.timeout(120_000)
    const work = tempDir()
    try {
      const env = {CI: 'true', KHAOS_HOME: join(work.path, 'home'), NO_COLOR: '1'}
      const base = join(work.path, 'base')
      mkdirSync(base)
      writeFileSync(join(base, 'big.bin'), '')
      truncateSync(join(base, 'big.bin'), 4 * 1024 ** 3) // sparse: takes seconds to hash, no disk space
      const child = execa('node', [BIN, 'notarize', 'big.bin', '--out', join(work.path, 'notary')], {cwd: base, env, reject: false})
      await new Promise((resolve) => setTimeout(resolve, 1500))
      child.kill('SIGINT')
      const result = await child
      assert.ok(result.exitCode === 130 || result.signal === 'SIGINT', `exit ${result.exitCode} signal ${result.signal}`)
      assert.deepEqual(readdirSync(work.path).sort(), ['base', 'home'])
      assert.deepEqual(readdirSync(base), ['big.bin'])
      assert.ok(readdirSync(join(work.path, 'home', 'keys')).every((f) => /^khaos\.(key|pub)$/.test(f)))
    } finally {
      work.cleanup()
    }
  })
})

describe('khaos keys generate on a terminal', () => {
  it('asks for the passphrase twice on a pseudo-terminal, without echoing it', async function () {
    this.timeout(120_000)
    if (spawnSync('script', ['--version']).error) this.skip() // util-linux script provides the pty
    const work = tempDir()
    try {
      const env: Record<string, string | undefined> = {...process.env, CI: undefined, KHAOS_HOME: join(work.path, 'home'), NO_COLOR: '1'}
      delete env.CI
      const child = spawn('script', ['-qfec', `node ${BIN} keys generate --name tty`, '/dev/null'], {env: env as NodeJS.ProcessEnv})
      let output = ''
      let answered = 0
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        // Answer each prompt once it is on screen (event-driven, so a slow machine cannot race it); the
        // prompt line is redrawn on every keystroke, so go by which prompt has appeared, not how often.
        const stage = output.includes('Repeat the passphrase') ? 2 : output.includes('Passphrase for the new key') ? 1 : 0
        if (stage > answered) {
          answered = stage
          child.stdin.write('secret words 42\r')
        }
      })
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      assert.equal(code, 0, output)
      assert.equal(answered, 2)
      assert.ok(!output.includes('secret words 42'), 'the passphrase is not echoed')
      assert.match(output, /generated key "tty" \(id [0-9A-F]{16}, passphrase-protected\)/)
      const record = readFileSync(join(work.path, 'home', 'keys', 'tty.key'), 'utf8')
      assert.throws(() => decodeSecretKey(record, 'wrong', 'tty'), /wrong passphrase/)
      assert.equal(decodeSecretKey(record, 'secret words 42', 'tty').encrypted, true)
    } finally {
      work.cleanup()
    }
  })
})
