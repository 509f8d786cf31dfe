import {strict as assert} from 'node:assert'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {khaos, ROOT, tempDir} from '../helpers/cli.js'

interface Report {
  ok: boolean
  gates: Array<{kind: string; name: string; ok: boolean; reason: string}>
}

const FAILING = [
  'trials from a report fail',
  'fresh scan fails',
  'notary with another key',
  'friday accepted',
  'record 9 accepted',
  'sre drills not passed',
  'lcov below 95',
  'coverage file missing',
  'json p95 under 720',
  'web p95 under 720',
  'ambiguous series',
]
const LCOV = (found: number, hit: number) => `TN:\nSF:src/a.ts\nDA:1,1\nLF:${found}\nLH:${hit}\nend_of_record\n`
const COBERTURA = (valid: number, covered: number) =>
  `<?xml version="1.0" ?>\n<coverage lines-valid="${valid}" lines-covered="${covered}" line-rate="${covered / valid}" version="1">\n<packages/></coverage>\n`
const PROGRESS = (passes: number) =>
  JSON.stringify({
    drills: {
      '01': {
        attempts: 1,
        bestStreak: passes,
        box: 1 + passes,
        due: '2026-01-02T00:00:00Z',
        hintsUsed: 0,
        passes,
        seed: 1,
        startedAt: '2026-01-01T00:00:00Z',
        streak: passes,
        lastAttempt: '2026-01-01T00:00:00Z',
      },
    },
    version: 1,
  })

describe('gate: khaos gate over fixtures, each kind passing and failing once', function () {
  this.timeout(180_000)
  let work: ReturnType<typeof tempDir>
  let env: Record<string, string>

  before(async () => {
    work = tempDir('khaos-gate-')
    env = {KHAOS_HOME: join(work.path, 'home')}
    const w = (name: string, text: string) => {
      mkdirSync(join(work.path, name, '..'), {recursive: true})
      writeFileSync(join(work.path, name), text)
    }

    w('ev/trial-clean.json', JSON.stringify({findings: [{file: 'compose.yml', line: 3, message: 'tag latest', severity: 'low', trial: 'F27'}], summary: {}}))
    w(
      'ev/trial-high.json',
      JSON.stringify({findings: [{file: 'compose.yml', line: 9, message: 'the Docker socket is mounted', severity: 'high', trial: 'F2'}], summary: {}}),
    )
    w('ev/lcov-good.info', LCOV(200, 196))
    w('ev/lcov-bad.info', LCOV(200, 150))
    w('ev/cobertura.xml', COBERTURA(100, 97))
    w('ev/slo.json', JSON.stringify({confidence: 0.85, cost: {usd: 4.2}, latency: {p95_seconds: 900}}))
    w('ev/slo.prom', '# TYPE deploy_latency_p95_seconds gauge\ndeploy_latency_p95_seconds{service="api"} 600\ndeploy_latency_p95_seconds{service="web"} 800\n')
    w('progress-passed/drills/progress.json', PROGRESS(1))
    w('progress-failing/drills/progress.json', PROGRESS(0))
    w('dist/app.txt', 'release 1\n')
    const run = async (args: string[]) => {
      const r = await khaos(args, {cwd: work.path, env})
      assert.equal(r.exitCode, 0, `${args.join(' ')}: ${r.stderr}`)
    }

    await run(['keys', 'generate', '--name', 'release', '--no-passphrase'])
    await run(['keys', 'generate', '--name', 'other', '--no-passphrase'])
    await run(['notarize', 'dist/app.txt', '--key', 'release', '--out', 'notary'])
    await run([
      'dao',
      'record',
      '--dir',
      'records',
      '--topic',
      'Release cadence',
      '--decision',
      'Weekly',
      '--session',
      's1',
      '--participants',
      'ana',
      '--status',
      'accepted',
      '--timestamp',
      '2026-01-01T00:00:00Z',
    ])
    await run([
      'dao',
      'record',
      '--dir',
      'records',
      '--topic',
      'Friday deploys',
      '--decision',
      'Never',
      '--session',
      's2',
      '--participants',
      'ana',
      '--timestamp',
      '2026-01-01T00:00:00Z',
    ])
    const keys = join(work.path, 'home', 'keys')
    writeFileSync(
      join(work.path, 'khaos-gates.yaml'),
      `version: 1
roles:
  sre: [1]
gates:
  - {name: trials from a report pass, kind: trials, report: ev/trial-clean.json, fail_on: high}
  - {name: trials from a report fail, kind: trials, report: ev/trial-high.json, fail_on: high}
  - {name: fresh scan passes, kind: trials, scan: ${join(ROOT, 'trials', 'F02-runtime-socket', 'fixed')}, only: [F2], fail_on: medium}
  - {name: fresh scan fails, kind: trials, scan: ${join(ROOT, 'trials', 'F02-runtime-socket', 'vulnerable')}, only: [F2], fail_on: medium}
  - {name: notary with the release key, kind: notary, dir: notary, key: ${keys}/release.pub}
  - {name: notary with another key, kind: notary, dir: notary, key: ${keys}/other.pub}
  - {name: cadence accepted, kind: decision, dir: records, id: 1}
  - {name: friday accepted, kind: decision, dir: records, id: 2}
  - {name: record 9 accepted, kind: decision, dir: records, id: 9}
  - {name: sre drills passed, kind: drills, role: sre, progress: progress-passed}
  - {name: sre drills not passed, kind: drills, role: sre, progress: progress-failing}
  - {name: lcov at least 95, kind: coverage, file: ev/lcov-good.info, min: 95}
  - {name: lcov below 95, kind: coverage, file: ev/lcov-bad.info, min: 95}
  - {name: cobertura at least 95, kind: coverage, file: ev/cobertura.xml, min: 95}
  - {name: coverage file missing, kind: coverage, file: ev/none.info, min: 95}
  - {name: cost under 5, kind: slo, file: ev/slo.json, metric: cost.usd, op: "<", value: 5}
  - {name: json p95 under 720, kind: slo, file: ev/slo.json, metric: latency.p95_seconds, op: "<", value: 720}
  - {name: confidence at least 0.8, kind: slo, file: ev/slo.json, metric: confidence, op: ">=", value: 0.8}
  - {name: api p95 under 720, kind: slo, file: ev/slo.prom, metric: 'deploy_latency_p95_seconds{service="api"}', op: "<", value: 720}
  - {name: web p95 under 720, kind: slo, file: ev/slo.prom, metric: 'deploy_latency_p95_seconds{service="web"}', op: "<", value: 720}
  - {name: ambiguous series, kind: slo, file: ev/slo.prom, metric: deploy_latency_p95_seconds, op: "<", value: 720}
`,
    )
  })

  after(() => work.cleanup())

  it('passes and fails each kind, with the reason in words; exit 1; Markdown appended to $GITHUB_STEP_SUMMARY', async () => {
    const summary = join(work.path, 'summary.md')
    writeFileSync(summary, 'earlier step\n')
    const result = await khaos(['gate', '--format', 'json'], {cwd: work.path, env: {...env, GITHUB_STEP_SUMMARY: summary}})
    assert.equal(result.exitCode, 1, result.stderr)
    const report = JSON.parse(result.stdout) as Report
    const reason = (name: string, ok: boolean) => {
      const gate = report.gates.find((g) => g.name === name)!
      assert.equal(gate.ok, ok, `${name}: ${gate.reason}`)
      return gate.reason
    }

    assert.match(reason('trials from a report pass', true), /no finding at or above high \(1 finding below\)/)
    assert.match(reason('trials from a report fail', false), /1 finding at or above high, e\.g\. high F2 at compose\.yml:9: the Docker socket is mounted/)
    assert.match(reason('fresh scan passes', true), /no finding at or above medium/)
    assert.match(reason('fresh scan fails', false), /finding(s)? at or above medium, e\.g\. \w+ F2 at /)
    assert.match(reason('notary with the release key', true), /1 subject verified with pinned key [0-9A-F]{16}/)
    assert.match(reason('notary with another key', false), /verification failed with pinned key [0-9A-F]{16}: /)
    assert.match(reason('cadence accepted', true), /record 1 "Release cadence" is accepted/)
    assert.match(reason('friday accepted', false), /record 2 "Friday deploys" is proposed, not accepted/)
    assert.match(reason('record 9 accepted', false), /no record with id 9/)
    assert.match(reason('sre drills passed', true), /role sre: passed all 1 required drill\(s\) \(01\)/)
    assert.match(reason('sre drills not passed', false), /role sre: 1 required drill not passed yet \(01\); passed 0\/1/)
    assert.match(reason('lcov at least 95', true), /line coverage 98% \(196\/200 lines\) is at least 95%/)
    assert.match(reason('lcov below 95', false), /line coverage 75% \(150\/200 lines\) is below 95%/)
    assert.match(reason('cobertura at least 95', true), /line coverage 97% \(97\/100 lines\)/)
    assert.match(reason('coverage file missing', false), /coverage report .*none\.info does not exist/)
    assert.match(reason('cost under 5', true), /cost\.usd = 4\.2, which is < 5/)
    assert.match(reason('json p95 under 720', false), /latency\.p95_seconds = 900, which is not < 720/)
    assert.match(reason('confidence at least 0.8', true), /confidence = 0\.85, which is >= 0\.8/)
    assert.match(reason('api p95 under 720', true), /= 600, which is < 720/)
    assert.match(reason('web p95 under 720', false), /= 800, which is not < 720/)
    assert.match(reason('ambiguous series', false), /2 series match deploy_latency_p95_seconds; add labels/)
    assert.equal(report.gates.length, 21)
    assert.deepEqual(
      report.gates.filter((g) => !g.ok).map((g) => g.name),
      FAILING,
    )
    const md = readFileSync(summary, 'utf8')
    assert.ok(md.startsWith('earlier step\n### khaos gates: 11 of 21 failed'), md.slice(0, 200))
    assert.match(md, /^\| ❌ fail \| friday accepted \| decision \| record 2 "Friday deploys" is proposed, not accepted \|$/m)
  })

  it('text table by default, JUnit with one failure per failed gate, exit 0 when every gate passes', async () => {
    const text = await khaos(['gate'], {cwd: work.path, env})
    assert.equal(text.exitCode, 1)
    assert.match(text.stdout, /^FAIL {2}lcov below 95 +coverage +line coverage 75%/m)
    assert.match(text.stdout, /11 of 21 gate\(s\) FAILED$/m)
    const junit = await khaos(['gate', '--format', 'junit'], {cwd: work.path, env})
    assert.match(junit.stdout, /<testsuite name="khaos gates" tests="21" failures="11"/)
    assert.equal(junit.stdout.match(/<failure /g)?.length, 11)
    const passing = readFileSync(join(work.path, 'khaos-gates.yaml'), 'utf8')
      .split('\n')
      .filter((line) => !FAILING.some((name) => line.includes(`{name: ${name},`)))
      .join('\n')
    writeFileSync(join(work.path, 'passing.yaml'), passing)
    const ok = await khaos(['gate', '--config', 'passing.yaml'], {cwd: work.path, env})
    assert.equal(ok.exitCode, 0, ok.stdout + ok.stderr)
    assert.match(ok.stdout, /all 10 gate\(s\) passed/)
  })

  it('a bad gates file is exit 2 with one line', async () => {
    writeFileSync(join(work.path, 'bad.yaml'), 'version: 1\ngates:\n  - {name: x, kind: coverage, file: a.info, min: 150}\n')
    const bad = await khaos(['gate', '--config', 'bad.yaml'], {cwd: work.path, env})
    assert.equal(bad.exitCode, 2)
    assert.match(bad.stderr.replace(/\s*\n ›\s*/g, ' '), /gates file bad\.yaml: \/gates\/0\/min must be <= 100/)
    writeFileSync(join(work.path, 'bad2.yaml'), 'version: 1\ngates:\n  - {name: x, kind: drills, role: dba}\n')
    const role = await khaos(['gate', '--config', 'bad2.yaml'], {cwd: work.path, env})
    assert.equal(role.exitCode, 2)
    assert.match(role.stderr.replace(/\s*\n ›\s*/g, ' '), /names role dba, which is not under roles/)
    const missing = await khaos(['gate', '--config', 'nope.yaml'], {cwd: work.path, env})
    assert.equal(missing.exitCode, 2)
  })
})

describe('gate: evidence readers on odd input', () => {
  it('reads Prometheus series with escaped labels, Cobertura line-rate only, and refuses XML entities', async () => {
    const {coberturaCoverage, jsonNumber, lcovCoverage, promNumber} = await import('../../src/gate/evidence.js')
    const prom = 'm{path="a\\"b",x="1"} 3 1700000000000\nm{path="c"} 4\n'
    assert.deepEqual(promNumber(prom, 'm{path="a\\"b"}'), {ok: true, value: 3})
    assert.equal(promNumber(prom, 'm{path="zzz"}').ok, false)
    assert.equal(promNumber(prom, 'not a selector{').ok, false)
    assert.deepEqual(coberturaCoverage('<coverage line-rate="0.5">'), {ok: true, value: {percent: 50}})
    assert.equal(coberturaCoverage('<!DOCTYPE x [<!ENTITY a "b">]><coverage line-rate="1">').ok, false)
    assert.equal(lcovCoverage('garbage').ok, false)
    assert.equal(lcovCoverage('LF:10\nLH:11\n').ok, false)
    assert.deepEqual(jsonNumber({a: [{b: '7'}]}, 'a[0].b'), {ok: true, value: 7})
    assert.equal(jsonNumber({a: {}}, 'a.__proto__').ok, false)
  })
})
