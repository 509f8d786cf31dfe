import assert from 'node:assert/strict'
import {existsSync} from 'node:fs'
import {join, resolve} from 'node:path'

import {buildModel} from '../../src/trials/model/index.js'
import {loadTrials} from '../../src/trials/registry.js'
import type {Finding} from '../../src/trials/types.js'
import {scan, type ScanResult} from '../../src/trials/runner.js'
import {compareVerdicts, runDclint} from '../../bench/dclint-verdicts.js'
import {ROOT, SHARED} from '../helpers/cli.js'

// The shared corpus sits beside the project root (../shared); in a git worktree under wt/ it is one level up.
export const AWESOME_COMPOSE = [process.env.KHAOS_SHARED, SHARED, resolve(ROOT, '..', '..', 'shared')]
  .filter((p): p is string => Boolean(p))
  .map((p) => join(p, 'corpora', 'awesome-compose'))
  .find((p) => existsSync(p))

describe('awesome-compose corpus', function () {
  let result: ScanResult
  before(async function () {
    if (!AWESOME_COMPOSE) {
      console.log('      (skipped: ../shared/corpora/awesome-compose not present)')
      this.skip()
    }

    result = await scan(AWESOME_COMPOSE!, await loadTrials(ROOT))
  })

  const find = (trial: string, file: string, line: number, evidence?: RegExp): Finding | undefined =>
    result.findings.find((f) => f.trial === trial && f.file === file && f.line === line && (!evidence || evidence.test(f.evidence)))
  const has = (trial: string, file: string, line: number, evidence?: RegExp) => {
    const hit = find(trial, file, line, evidence)
    assert.ok(
      hit,
      `expected ${trial} at ${file}:${line}; got ${result.findings
        .filter((f) => f.file === file)
        .map((f) => `${f.trial}@${f.line}`)
        .join(' ')}`,
    )
  }

  it('scans every file without a detector error', () => {
    assert.deepEqual(result.errors, [])
    assert.ok(result.filesScanned >= 50)
  })

  const hasNot = (trial: string, file: string) => {
    const hits = result.findings.filter((f) => f.trial === trial && f.file === file)
    assert.deepEqual(
      hits.map((f) => `${f.line} ${f.evidence}`),
      [],
      `${trial} should be quiet on ${file}`,
    )
  }

  it('names the service(s) of every finding in a compose file', () => {
    const composeFiles = new Set(buildModel(AWESOME_COMPOSE!).composeProjects.flatMap((p) => p.files))
    assert.ok(composeFiles.size > 30)
    const nameless = result.findings.filter((f) => composeFiles.has(f.file) && f.service === undefined)
    assert.deepEqual(
      nameless.map((f) => `${f.trial} ${f.file}:${f.line} ${f.evidence}`),
      [],
    )
  })

  it('names the right service per file:line (a sample across trials)', () => {
    const serviceAt = (trial: string, file: string, line: number) => find(trial, file, line)?.service
    assert.equal(serviceAt('F2', 'traefik-golang/compose.yaml', 10), 'frontend')
    assert.equal(serviceAt('F4', 'prometheus-grafana/compose.yaml', 8), 'prometheus')
    assert.equal(serviceAt('F7', 'wireguard/compose.yaml', 8), 'wireguard')
    assert.equal(serviceAt('F28', 'wasmedge-mysql-nginx/compose.yml', 17), 'backend')
    assert.equal(serviceAt('F12', 'postgresql-pgadmin/.env', 2), 'postgres')
  })

  it('parses every YAML file (no F0 finding)', () => {
    assert.deepEqual(
      result.findings.filter((f) => f.trial === 'F0').map((f) => f.file),
      [],
    )
  })

  it('finds the literal, weak Grafana admin password in prometheus-grafana once: F12 reports it and names F11', () => {
    has('F12', 'prometheus-grafana/compose.yaml', 21, /GF_SECURITY_ADMIN_PASSWORD/)
    const f12 = find('F12', 'prometheus-grafana/compose.yaml', 21)!
    assert.deepEqual([f12.service, f12.also], ['grafana', ['F11']])
    hasNot('F11', 'prometheus-grafana/compose.yaml')
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

  it('F35: the two Redis services published on every interface without a password', () => {
    has('F35', 'flask-redis/compose.yaml', 5, /^redis: redis without a password published as \*:6379$/)
    has('F35', 'nginx-nodejs-redis/compose.yaml', 6, /^redis: redis without a password published as \*:6379$/)
    // nextcloud's Redis has no password either but is only `expose`d on an internal network.
    hasNot('F35', 'nextcloud-redis-mariadb/compose.yaml')
  })

  it('F25: stateful services whose data directory is not a volume', () => {
    has('F25', 'prometheus-grafana/compose.yaml', 14, /^grafana: grafana data \/var\/lib\/grafana not on a volume$/)
    has('F25', 'nextcloud-redis-mariadb/compose.yaml', 19, /^redis: redis data \/data not on a volume$/)
    has('F25', 'postgresql-pgadmin/compose.yaml', 4, /^postgres: postgres data \/var\/lib\/postgresql\/data not on a volume$/)
    // Prometheus there keeps /prometheus on the prom_data volume; the nextcloud database is on db_data.
    assert.equal(find('F25', 'prometheus-grafana/compose.yaml', 3, /prometheus/), undefined)
    assert.equal(find('F25', 'nextcloud-redis-mariadb/compose.yaml', 26, /mariadb/), undefined)
  })

  it('F27: images without a tag or with a moving tag, not pinned ones', () => {
    has('F27', 'prometheus-grafana/compose.yaml', 3, /^prometheus: image prom\/prometheus \(no tag/)
    has('F27', 'prometheus-grafana/compose.yaml', 14, /^grafana: image grafana\/grafana \(no tag/)
    has('F27', 'gitea-postgres/compose.yaml', 3, /^gitea: image gitea\/gitea:latest \(moving tag :latest\)$/)
    has('F27', 'wordpress-mysql/compose.yaml', 20, /^wordpress: image wordpress:latest/)
    hasNot('F27', 'elasticsearch-logstash-kibana/compose.yaml') // every image is 7.16.1
    assert.equal(find('F27', 'traefik-golang/compose.yaml', 3, /traefik/), undefined) // traefik:2.6
  })

  it('F24 and F23: one finding per project listing the services without a memory limit or a log cap', () => {
    has('F24', 'prometheus-grafana/compose.yaml', 1, /^no memory limit: grafana, prometheus$/)
    has('F23', 'prometheus-grafana/compose.yaml', 1, /^json-file logs without max-size: grafana, prometheus$/)
    assert.deepEqual(find('F24', 'prometheus-grafana/compose.yaml', 1)!.services, ['grafana', 'prometheus'])
    for (const trial of ['F23', 'F24']) {
      const places = result.findings.filter((f) => f.trial === trial).map((f) => f.file)
      assert.equal(new Set(places).size, places.length, `${trial}: at most one finding per project file`)
    }
  })

  it('F28: the literal MySQL password inside DATABASE_URL of the wasmedge examples, redacted', () => {
    has('F28', 'wasmedge-kafka-mysql/compose.yml', 27, /^mysql:\/\/root:whal…<redacted 10 chars>@db$/)
    has('F28', 'wasmedge-mysql-nginx/compose.yml', 17, /^mysql:\/\/root:whal…<redacted 10 chars>@db$/)
    assert.ok(!result.findings.some((f) => f.evidence.includes('whalehello')), 'the password must never appear in full')
  })

  it('stays quiet where the corpus has nothing of the kind (no workflows, Loki, MinIO, LLM bots)', () => {
    for (const trial of ['F20', 'F29', 'F31', 'F32', 'F34', 'F36'])
      assert.deepEqual(
        result.findings.filter((f) => f.trial === trial),
        [],
        trial,
      )
  })

  it('agrees with dclint on unbound port interfaces and explicit image tags for every compared service (documented differences applied)', function () {
    this.timeout(120_000)
    const comparisons = compareVerdicts(AWESOME_COMPOSE!, runDclint(ROOT, AWESOME_COMPOSE!), result.findings, new Set(result.trials.map((t) => t.spec.id)))
    const f4 = comparisons.find((c) => c.khaosTrial === 'F4')!
    assert.ok(f4.compared > 50, `compared ${f4.compared}`)
    assert.deepEqual(f4.disagreements, [])
    assert.ok(f4.exempted.some((e) => e.service === 'frontend' && e.file === 'traefik-golang/compose.yaml'))
    const f27 = comparisons.find((c) => c.khaosTrial === 'F27')!
    assert.ok(f27.compared > 50, `compared ${f27.compared}`)
    assert.deepEqual(f27.disagreements, [])
  })
})
