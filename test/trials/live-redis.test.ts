import assert from 'node:assert/strict'
import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {createServer, connect} from 'node:net'
import {join} from 'node:path'

import {loadTrials, selectTrials, type Trial} from '../../src/trials/registry.js'
import {scan} from '../../src/trials/runner.js'
import {ROOT, tempDir} from '../helpers/cli.js'

// `--live` for F35 against a real redis-server started here on a free loopback port.
const hasRedis = !spawnSync('redis-server', ['--version'], {encoding: 'utf8'}).error

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number}
      server.close(() => resolve(port))
    })
  })
}

async function startRedis(port: number, extra: string[] = []): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', ...extra], {
    stdio: 'ignore',
  })
  // Wait until it accepts connections (bounded).
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = connect({host: '127.0.0.1', port}, () => {
        s.destroy()
        resolve(true)
      })
      s.on('error', () => resolve(false))
    })
    if (up) return child
    await new Promise((r) => setTimeout(r, 50))
  }

  child.kill()
  throw new Error(`redis-server did not start on port ${port}`)
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

describe('F35 --live Redis probe (127.0.0.1 only)', function () {
  let trials: Trial[]
  let dir: {cleanup: () => void; path: string}
  let redis: ChildProcess | undefined

  before(async function () {
    if (!hasRedis) {
      console.log('      (skipped: redis-server is not installed; apt-get install redis-server to run the live probe test)')
      this.skip()
    }

    trials = selectTrials(await loadTrials(ROOT), {only: ['F35']})
  })

  beforeEach(() => {
    dir = tempDir('khaos-live-redis-')
  })

  afterEach(async () => {
    await stop(redis)
    redis = undefined
    dir.cleanup()
  })

  const compose = (port: number) =>
    writeFileSync(
      join(dir.path, 'compose.yaml'),
      ['services:', '  cache:', '    image: redis:7.4.0-alpine', '    ports:', `      - "127.0.0.1:${port}:6379"`, ''].join('\n'),
    )

  it('reports a Redis that answers PING without AUTH, at the line publishing its port', async () => {
    const port = await freePort()
    redis = await startRedis(port)
    compose(port)
    const quiet = await scan(dir.path, trials)
    assert.deepEqual(
      quiet.findings.map((f) => f.evidence),
      [],
      'loopback-only publication is not a static finding',
    )
    const result = await scan(dir.path, trials, {live: true, liveTimeoutMs: 2000})
    assert.deepEqual(result.errors, [])
    assert.deepEqual(
      result.findings.map((f) => [f.trial, f.file, f.line, f.evidence]),
      [['F35', 'compose.yaml', 5, `live: redis 127.0.0.1:${port} answered PONG without AUTH`]],
    )
    assert.ok(result.notes.some((n) => /live probes \(127\.0\.0\.1 only\) ran for F35/.test(n)))
  })

  it('stays quiet when Redis requires a password (NOAUTH reply)', async () => {
    const port = await freePort()
    redis = await startRedis(port, ['--requirepass', 'khaos-live-test-password'])
    compose(port)
    const result = await scan(dir.path, trials, {live: true, liveTimeoutMs: 2000})
    assert.deepEqual(result.errors, [])
    assert.deepEqual(result.findings, [])
  })

  it('treats a closed port as no finding, without error or hang', async () => {
    const port = await freePort()
    compose(port)
    const result = await scan(dir.path, trials, {live: true, liveTimeoutMs: 500})
    assert.deepEqual(result.errors, [])
    assert.deepEqual(result.findings, [])
  })
})
