import {strict as assert} from 'node:assert'
import {spawn} from 'node:child_process'
import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {khaos, ROOT, tempDir} from '../helpers/cli.js'

interface Entry {
  args: string[]
  artifacts: Array<{path: string; sha256?: string}>
  command: string
  exit: number
  host: string
  result: string
  time: string
  user: string
}

describe('audit: the append-only log of state-changing commands', function () {
  this.timeout(180_000)
  let work: ReturnType<typeof tempDir>
  let env: Record<string, string>
  beforeEach(() => {
    work = tempDir('khaos-audit-')
    env = {KHAOS_HOME: join(work.path, 'home')}
  })
  afterEach(() => work.cleanup())

  const audit = async (...args: string[]) => {
    const result = await khaos(['audit', '--json', ...args], {cwd: work.path, env})
    assert.equal(result.exitCode, 0, result.stderr)
    return JSON.parse(result.stdout) as {entries: Entry[]; path: string; unreadable: number}
  }

  it('keys generate, notify and a failing notarize each append one line; read-only commands append none', async () => {
    assert.equal((await khaos(['keys', 'generate', '--name', 'ci', '--no-passphrase'], {cwd: work.path, env})).exitCode, 0)
    assert.equal((await khaos(['keys', 'list'], {cwd: work.path, env})).exitCode, 0)
    writeFileSync(join(work.path, 'khaos.yaml'), 'version: 1\nchannels:\n  feed: {type: json, webhook_env: FEED_URL}\n')
    const secret = 'https://hooks.slack.com/services/T000/B000/abcdefSECRET'
    const dry = await khaos(['notify', '--channel', 'feed', '--dry-run', '--title', 'x', '--message', secret, '--webhook-token=hunter2'], {cwd: work.path, env})
    assert.equal(dry.exitCode, 2) // the unknown flag: still audited, as an error
    assert.equal((await khaos(['notarize', 'missing.txt', '--no-sign'], {cwd: work.path, env})).exitCode, 2)
    const {entries, path} = await audit()
    assert.equal(path, join(work.path, 'home', 'audit.jsonl'))
    assert.deepEqual(
      entries.map((e) => [e.command, e.result, e.exit]),
      [
        ['keys generate', 'ok', 0],
        ['notify', 'error', 2],
        ['notarize', 'error', 2],
      ],
    )
    const keys = entries[0]
    assert.ok(keys.user.length > 0 && keys.host.length > 0)
    const pub = keys.artifacts.find((a) => a.path.endsWith('ci.pub'))
    assert.ok(pub?.sha256 && /^[0-9a-f]{64}$/.test(pub.sha256), JSON.stringify(keys.artifacts))
    assert.ok(!keys.artifacts.some((a) => a.path.includes('.sec') || a.path.includes('secret')))
    const raw = readFileSync(path, 'utf8')
    assert.ok(!raw.includes('abcdefSECRET') && !raw.includes('hunter2'), raw)
    assert.ok(entries[1].args.includes('[redacted]') && entries[1].args.includes('--webhook-token=[redacted]'))
  })

  it('--command and --since filter; a broken line is counted, not fatal', async () => {
    for (const name of ['a', 'b']) assert.equal((await khaos(['keys', 'generate', '--name', name, '--no-passphrase'], {cwd: work.path, env})).exitCode, 0)
    const {path} = await audit()
    writeFileSync(
      path,
      `${readFileSync(path, 'utf8')}{not json\n{"time":"2000-01-01T00:00:00Z","command":"notarize","args":[],"artifacts":[],"result":"ok","exit":0,"user":"u","host":"h"}\n`,
    )
    assert.equal((await audit('--command', 'keys generate')).entries.length, 2)
    assert.equal((await audit('--command', 'keys:generate', '--since', '1h')).entries.length, 2)
    const old = await audit('--since', '1999-12-31')
    assert.equal(old.entries.length, 3)
    assert.equal(old.unreadable, 1)
    assert.equal((await audit('--since', '2001-01-01', '--command', 'notarize')).entries.length, 0)
    const bad = await khaos(['audit', '--since', 'yesterday'], {cwd: work.path, env})
    assert.equal(bad.exitCode, 2)
  })

  it('20 concurrent CLI writers: every line present and parseable', async () => {
    writeFileSync(join(work.path, 'khaos.yaml'), 'version: 1\nchannels:\n  feed: {type: json, webhook_env: FEED_URL}\n')
    const runs = await Promise.all(
      Array.from({length: 20}, (_, i) => khaos(['notify', '--channel', 'feed', '--dry-run', '--title', `writer-${i}`], {cwd: work.path, env})),
    )
    for (const r of runs) assert.equal(r.exitCode, 0, r.stderr)
    const {entries, unreadable} = await audit('--command', 'notify')
    assert.equal(unreadable, 0)
    assert.deepEqual(entries.map((e) => e.args[e.args.indexOf('--title') + 1]).sort(), Array.from({length: 20}, (_, i) => `writer-${i}`).sort())
  })

  it('20 concurrent writers of 4 KB lines through rotation: every line present, whole and parseable', async () => {
    const log = join(work.path, 'stress', 'audit.jsonl')
    const perWriter = 150
    const moduleUrl = pathToFileURL(join(ROOT, 'dist', 'audit', 'log.js')).href
    const script = `
      const {appendAudit, MAX_LINE_BYTES} = await import(${JSON.stringify(moduleUrl)})
      const [writer, count, path] = process.argv.slice(1)
      for (let i = 0; i < Number(count); i++) {
        appendAudit({args: ['--n', String(i), 'x'.repeat(MAX_LINE_BYTES - 400)], artifacts: [], command: 'stress', cwd: '/', durationMs: 0, exit: 0,
          host: 'h', pid: process.pid, result: 'ok', time: new Date().toISOString(), user: 'w' + writer, version: '0'}, {keep: 1000, maxBytes: 256 * 1024, path})
      }`
    const writers = Array.from(
      {length: 20},
      (_, w) =>
        new Promise<number>((resolve) => {
          spawn(process.execPath, ['--input-type=module', '-e', script, String(w), String(perWriter), log], {stdio: 'inherit'}).on('exit', (code) =>
            resolve(code ?? -1),
          )
        }),
    )
    assert.deepEqual(
      await Promise.all(writers),
      Array.from({length: 20}, () => 0),
    )
    const segments = readdirSync(join(work.path, 'stress'))
    assert.ok(segments.length > 1, 'the log rotated')
    const result = await khaos(['audit', '--json', '--file', log], {cwd: work.path, env})
    const {entries, unreadable} = JSON.parse(result.stdout) as {entries: Entry[]; unreadable: number}
    assert.equal(unreadable, 0)
    assert.equal(entries.length, 20 * perWriter)
    const seen = new Set(entries.map((e) => `${e.user}/${e.args[1]}`))
    assert.equal(seen.size, 20 * perWriter)
  })

  it('rotation by size keeps the newest segments, and audit reads across them', async () => {
    writeFileSync(
      join(work.path, 'khaos.yaml'),
      'version: 1\naudit: {path: logs/audit.jsonl, max_bytes: 4096, keep: 2}\nchannels:\n  feed: {type: json, webhook_env: FEED_URL}\n',
    )
    // Lines of ~1.7 kB: two fit in 4 kB, so ten runs rotate four times.
    for (let i = 0; i < 10; i++) {
      const r = await khaos(['notify', '--channel', 'feed', '--dry-run', '--title', `k${i}`, '--message', 'm'.repeat(1500)], {cwd: work.path, env})
      assert.equal(r.exitCode, 0, r.stderr)
    }

    const files = readdirSync(join(work.path, 'logs'))
    assert.ok(files.includes('audit.jsonl'))
    assert.equal(files.filter((f) => f !== 'audit.jsonl').length, 2, files.join(' '))
    const {entries, path} = await audit()
    assert.equal(path, join(work.path, 'logs', 'audit.jsonl'))
    assert.ok(entries.length >= 4 && entries.length < 10, String(entries.length))
    assert.equal(entries.at(-1)!.args[entries.at(-1)!.args.indexOf('--title') + 1], 'k9')
  })
})
