import assert from 'node:assert/strict'
import {existsSync} from 'node:fs'
import {join, resolve} from 'node:path'

import {loadTrials} from '../../src/trials/registry.js'
import {scan, type ScanResult} from '../../src/trials/runner.js'
import {compareVerdicts, runDclint} from '../../bench/dclint-verdicts.js'
import {ROOT, SHARED} from '../helpers/cli.js'

// The shared corpus sits beside the project root (../shared); in a git worktree under wt/ it is one level up.
export const AWESOME_COMPOSE = [process.env.KHAOS_SHARED, SHARED, resolve(ROOT, '..', '..', 'shared')]
  .filter((p): p is string => Boolean(p)).map((p) => join(p, 'corpora', 'awesome-compose')).find((p) => existsSync(p))

describe('awesome-compose corpus', function () {
  let result: ScanResult
  before(async function () {
    if (!AWESOME_COMPOSE) {
      console.log('      (skipped: ../shared/corpora/awesome-compose not present)')
      this.skip()
    }

    result = await scan(AWESOME_COMPOSE!, await loadTrials(ROOT))
  })

  const has = (trial: string, file: string, line: number, evidence?: RegExp) => {
    const hit = result.findings.find((f) => f.trial === trial && f.file === file && f.line === line && (!evidence || evidence.test(f.evidence)))
    assert.ok(hit, `expected ${trial} at ${file}:${line}; got ${result.findings.filter((f) => f.file === file).map((f) => `${f.trial}@${f.line}`).join(' ')}`)
  }

  it('scans every file without a detector error', () => {
    assert.deepEqual(result.errors, [])
    assert.ok(result.filesScanned >= 50)
  })

  const hasNot = (trial: string, file: string) => {
    const hits = result.findings.filter((f) => f.trial === trial && f.file === file)
    assert.deepEqual(hits.map((f) => `${f.line} ${f.evidence}`), [], `${trial} should be quiet on ${file}`)
  }

  it('parses every YAML file (no F0 finding)', () => {
    assert.deepEqual(result.findings.filter((f) => f.trial === 'F0').map((f) => f.file), [])
  })

  it('finds the literal, weak Grafana admin password in prometheus-grafana (F11, F12)', () => {
    has('F11', 'prometheus-grafana/compose.yaml', 21, /^grafana: GF_SECURITY_ADMIN_PASSWORD=<redacted 7 chars>$/)
    has('F12', 'prometheus-grafana/compose.yaml', 21, /GF_SECURITY_ADMIN_PASSWORD/)
  })

  it('finds ports published on all interfaces, but not a proxy on 80 (F4)', () => {
    has('F4', 'prometheus-grafana/compose.yaml', 8, /^prometheus: 9090:9090$/)
    has('F4', 'prometheus-grafana/compose.yaml', 17, /^grafana: 3000:3000$/)
    has('F4', 'portainer/compose.yaml', 7, /^portainer: 9000:9000$/)
    hasNot('F4', 'traefik-golang/compose.yaml')
  })

  it('finds container escape settings in wireguard and plex (F7) and the writable /lib/modules (F8)', () => {
    has('F7', 'wireguard/compose.yaml', 8, /cap_add: SYS_MODULE/)
    has('F7', 'plex/compose.yaml', 5, /network_mode: host/)
    has('F8', 'wireguard/compose.yaml', 22, /\/lib\/modules/)
  })

  it('reads Traefik flags from a command string: HTTP-only entry point (F6), exposedByDefault=false honoured (F5)', () => {
    has('F6', 'traefik-golang/compose.yaml', 4, /entrypoint web :80/)
    hasNot('F5', 'traefik-golang/compose.yaml')
  })

  it('finds the Docker socket mounted in traefik-golang and portainer (F2)', () => {
    has('F2', 'traefik-golang/compose.yaml', 10, /frontend: \/var\/run\/docker.sock/)
    has('F2', 'portainer/compose.yaml', 9, /portainer: \/var\/run\/docker.sock/)
  })

  it('agrees with dclint on unbound port interfaces for every compared service (documented differences applied)', function () {
    this.timeout(120_000)
    const comparisons = compareVerdicts(AWESOME_COMPOSE!, runDclint(ROOT, AWESOME_COMPOSE!), result.findings, new Set(result.trials.map((t) => t.spec.id)))
    const f4 = comparisons.find((c) => c.khaosTrial === 'F4')!
    assert.ok(f4.compared > 50, `compared ${f4.compared}`)
    assert.deepEqual(f4.disagreements, [])
    assert.ok(f4.exempted.some((e) => e.service === 'frontend' && e.file === 'traefik-golang/compose.yaml'))
  })
})
