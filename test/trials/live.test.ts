import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'

import {loadTrials, selectTrials} from '../../src/trials/registry.js'
import {scan} from '../../src/trials/runner.js'
import {khaos, ROOT, tempDir} from '../helpers/cli.js'

// Traefik and Grafana are not packaged in Debian, so these probes are tested against small stand-in HTTP
// servers on 127.0.0.1 that answer the two endpoints the probes use the way the real servers do.
async function listen(handler: Parameters<typeof createServer>[1]): Promise<{port: number; server: Server}> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve)
  })
  return {port: (server.address() as AddressInfo).port, server}
}

describe('trial --live probes (127.0.0.1 only)', () => {
  let dir: {cleanup: () => void; path: string}
  const servers: Server[] = []
  beforeEach(() => {
    dir = tempDir('khaos-live-')
  })
  afterEach(() => {
    for (const s of servers.splice(0)) s.close()
    dir.cleanup()
  })

  it('F3 reports a Traefik API that answers /api/rawdata without auth, and not one that asks for auth', async () => {
    const open = await listen((req, res) => {
      if (req.url === '/api/rawdata') res.writeHead(200, {'content-type': 'application/json'}).end('{"routers":{"dash@docker":{}},"services":{}}')
      else res.writeHead(404).end()
    })
    const locked = await listen((_req, res) => res.writeHead(401).end('unauthorized'))
    servers.push(open.server, locked.server)
    writeFileSync(
      join(dir.path, 'compose.yaml'),
      [
        'services:',
        '  traefik:',
        '    image: traefik:v3.1',
        '    command: ["--api.insecure=true"]',
        `    ports: ["127.0.0.1:${open.port}:8080"]`,
        '  traefik2:',
        '    image: traefik:v3.1',
        '    command: ["--api.insecure=true"]',
        `    ports: ["127.0.0.1:${locked.port}:8080"]`,
      ].join('\n'),
    )
    const trials = selectTrials(await loadTrials(ROOT), {only: ['F3']})
    const offline = await scan(dir.path, trials)
    assert.ok(!offline.findings.some((f) => f.evidence.startsWith('live:')), 'no probe without --live')
    const live = await scan(dir.path, trials, {live: true})
    const probes = live.findings.filter((f) => f.evidence.startsWith('live:'))
    assert.deepEqual(
      probes.map((f) => [f.line, f.severity, f.evidence]),
      [[5, 'critical', `live: traefik API on 127.0.0.1:${open.port} answered /api/rawdata without auth`]],
    )
  })

  it('F12 reports a Grafana that accepts admin/admin, through the CLI with --live', async () => {
    const grafana = await listen((req, res) => {
      const ok = req.url === '/api/user' && req.headers.authorization === `Basic ${Buffer.from('admin:admin').toString('base64')}`
      if (ok) res.writeHead(200, {'content-type': 'application/json'}).end('{"id":1,"login":"admin","isGrafanaAdmin":true}')
      else res.writeHead(401).end('{"message":"Unauthorized"}')
    })
    servers.push(grafana.server)
    writeFileSync(join(dir.path, 'compose.yaml'), `services:\n  grafana:\n    image: grafana/grafana:11.3.0\n    ports: ["127.0.0.1:${grafana.port}:3000"]\n`)
    const r = await khaos(['trial', 'run', dir.path, '--only', 'F12', '--live', '--format', 'json'], {env: {KHAOS_HOME: join(dir.path, 'home')}})
    const report = JSON.parse(r.stdout)
    assert.ok(
      report.findings.some(
        (f: {evidence: string; line: number}) => f.line === 4 && f.evidence === `live: grafana 127.0.0.1:${grafana.port} accepts admin/admin`,
      ),
      r.stdout,
    )
    assert.ok(report.summary.notes.some((n: string) => /live probes \(127\.0\.0\.1 only\) ran for F12/.test(n)))
    assert.equal(r.exitCode, 1)
  })
})
