import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import {join} from 'node:path'

import {loadTrials, selectTrials} from '../../src/trials/registry.js'
import {scan} from '../../src/trials/runner.js'
import {ROOT, tempDir} from '../helpers/cli.js'

// Prometheus and MinIO are not Debian packages here, so these probes are tested against small HTTP stubs on
// 127.0.0.1 that answer the exact endpoints the probes ask, the way the real servers do (status and body).
function serve(handler: (url: string) => {status: number; body: string}): Promise<{server: Server; port: number; paths: string[]}> {
  const paths: string[] = []
  const server = createServer((req, res) => {
    paths.push(req.url ?? '')
    const {body, status} = handler(req.url ?? '')
    res.writeHead(status, {'content-type': body.startsWith('{') ? 'application/json' : 'application/xml'})
    res.end(body)
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({paths, port: (server.address() as {port: number}).port, server})))
}

describe('--live HTTP probes (127.0.0.1 only)', () => {
  let dir: {cleanup: () => void; path: string}
  let stub: {server: Server; port: number; paths: string[]} | undefined
  beforeEach(() => {
    dir = tempDir('khaos-live-http-')
  })
  afterEach(async () => {
    await new Promise<void>((resolve) => (stub ? stub.server.close(() => resolve()) : resolve()))
    stub = undefined
    dir.cleanup()
  })

  it('F19: a Prometheus answering /api/v1/status/flags with the admin API on is reported', async () => {
    stub = await serve((url) =>
      url === '/api/v1/status/flags'
        ? {body: JSON.stringify({data: {'web.enable-admin-api': 'true', 'web.enable-lifecycle': 'false'}, status: 'success'}), status: 200}
        : {body: '{}', status: 404},
    )
    writeFileSync(
      join(dir.path, 'compose.yaml'),
      `services:\n  prometheus:\n    image: prom/prometheus:v2.53.1\n    ports:\n      - "127.0.0.1:${stub.port}:9090"\n      - "10.255.255.1:9999:9090"\n`,
    )
    const trials = selectTrials(await loadTrials(ROOT), {only: ['F19']})
    const result = await scan(dir.path, trials, {live: true, liveTimeoutMs: 1500})
    assert.deepEqual(result.errors, [])
    assert.deepEqual(
      result.findings.map((f) => [f.file, f.line, f.evidence]),
      [['compose.yaml', 5, `live: prometheus 127.0.0.1:${stub.port} answered without credentials with --web.enable-admin-api`]],
    )
    // The non-loopback publication is never contacted; only the one endpoint is asked.
    assert.deepEqual(stub.paths, ['/api/v1/status/flags'])
  })

  it('F19: a Prometheus asking for credentials (401) is not reported', async () => {
    stub = await serve(() => ({body: 'Unauthorized', status: 401}))
    writeFileSync(join(dir.path, 'compose.yaml'), `services:\n  prometheus:\n    image: prom/prometheus:v2.53.1\n    ports: ["127.0.0.1:${stub.port}:9090"]\n`)
    const result = await scan(dir.path, selectTrials(await loadTrials(ROOT), {only: ['F19']}), {live: true, liveTimeoutMs: 1500})
    assert.deepEqual(result.findings, [])
  })

  it('F34: a MinIO listing a bucket the project names to an anonymous request is reported; a denied one is not', async () => {
    stub = await serve((url) => {
      if (url.startsWith('/avatars?')) return {body: '<?xml version="1.0"?><ListBucketResult><Name>avatars</Name></ListBucketResult>', status: 200}
      return {body: '<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>', status: 403}
    })
    writeFileSync(
      join(dir.path, 'compose.yaml'),
      [
        'services:',
        '  minio:',
        '    image: minio/minio:RELEASE.2024-08-17T01-24-54Z',
        '    command: server /data',
        '    ports:',
        `      - "${stub.port}:9000"`,
        '    volumes: [minio_data:/data]',
        '  init:',
        '    image: minio/mc:RELEASE.2024-08-17T11-33-50Z',
        '    entrypoint: sh -c "mc mb local/avatars local/private-reports"',
        'volumes:',
        '  minio_data:',
        '',
      ].join('\n'),
    )
    const result = await scan(dir.path, selectTrials(await loadTrials(ROOT), {only: ['F34']}), {live: true, liveTimeoutMs: 1500})
    assert.deepEqual(result.errors, [])
    assert.deepEqual(
      result.findings.map((f) => [f.file, f.line, f.evidence]),
      [['compose.yaml', 6, `live: minio 127.0.0.1:${stub.port} lists bucket avatars anonymously`]],
    )
    assert.deepEqual([...stub.paths].sort(), ['/', '/avatars?list-type=2&max-keys=1', '/private-reports?list-type=2&max-keys=1'])
  })
})
