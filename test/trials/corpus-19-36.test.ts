import assert from 'node:assert/strict'
import {existsSync} from 'node:fs'
import {join, resolve} from 'node:path'

import type {Finding} from '../../src/trials/types.js'
import {loadTrials} from '../../src/trials/registry.js'
import {scan, type ScanResult} from '../../src/trials/runner.js'
import {ROOT, SHARED} from '../helpers/cli.js'

// The shared corpus sits beside the project root (../shared); from a git worktree under wt/ it is one level higher.
const CORPUS = [process.env.KHAOS_SHARED, SHARED, resolve(ROOT, '..', '..', 'shared')]
  .filter((p): p is string => Boolean(p)).map((p) => join(p, 'corpora', 'awesome-compose')).find((p) => existsSync(p))

describe('awesome-compose corpus: trials F19-F36', function () {
  let result: ScanResult
  before(async function () {
    if (!CORPUS) {
      console.log('      (skipped: ../shared/corpora/awesome-compose not present)')
      this.skip()
    }

    const trials = (await loadTrials(ROOT)).filter((t) => t.spec.number >= 19 && t.spec.number <= 36)
    result = await scan(CORPUS!, trials)
  })

  const find = (trial: string, file: string, line: number, evidence: RegExp): Finding | undefined =>
    result.findings.find((f) => f.trial === trial && f.file === file && f.line === line && evidence.test(f.evidence))
  const has = (trial: string, file: string, line: number, evidence: RegExp) => {
    assert.ok(find(trial, file, line, evidence), `expected ${trial} at ${file}:${line} ~ ${evidence}; got ${result.findings.filter((f) => f.file === file && f.trial === trial).map((f) => `${f.line} ${f.evidence}`).join(' | ')}`)
  }

  const hasNot = (trial: string, file: string) => {
    const hits = result.findings.filter((f) => f.trial === trial && f.file === file)
    assert.deepEqual(hits.map((f) => `${f.line} ${f.evidence}`), [], `${trial} should be quiet on ${file}`)
  }

  it('scans the corpus without a detector error', () => {
    assert.deepEqual(result.errors, [])
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

  it('F24: services without a memory limit, e.g. both services of prometheus-grafana', () => {
    has('F24', 'prometheus-grafana/compose.yaml', 2, /^prometheus: no memory limit, no cpu limit$/)
    has('F24', 'prometheus-grafana/compose.yaml', 13, /^grafana: no memory limit, no cpu limit$/)
  })

  it('F23: json-file logs without a size cap', () => {
    has('F23', 'prometheus-grafana/compose.yaml', 13, /^grafana: no logging options/)
  })

  it('F28: the literal MySQL password inside DATABASE_URL of the wasmedge examples, redacted', () => {
    has('F28', 'wasmedge-kafka-mysql/compose.yml', 27, /^mysql:\/\/root:whal…<redacted 10 chars>@db$/)
    has('F28', 'wasmedge-mysql-nginx/compose.yml', 17, /^mysql:\/\/root:whal…<redacted 10 chars>@db$/)
    assert.ok(!result.findings.some((f) => f.evidence.includes('whalehello')), 'the password must never appear in full')
  })

  it('stays quiet where the corpus has nothing of the kind (no workflows, Loki, MinIO, LLM bots)', () => {
    for (const trial of ['F20', 'F29', 'F31', 'F32', 'F34', 'F36']) assert.deepEqual(result.findings.filter((f) => f.trial === trial), [], trial)
  })
})
