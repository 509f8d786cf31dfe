import assert from 'node:assert/strict'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {loadTrialSpecs} from '../../src/trials/spec.js'
import {khaos, ROOT, tempDir} from '../helpers/cli.js'

const F2_VULN = join(ROOT, 'trials', 'F02-runtime-socket', 'vulnerable')
const TS = '2026-01-31T12:00:00Z'
// One F2 finding per flaw the fixture declares: the count comes from the catalog, not a literal.
const F2_EXPECTED = (await loadTrialSpecs(ROOT)).find((t) => t.id === 'F2')!.fixtures.expect.length

describe('khaos trial (CLI)', () => {
  let dir: {cleanup: () => void; path: string}
  let env: Record<string, string>
  beforeEach(() => {
    dir = tempDir('khaos-trial-cli-')
    env = {KHAOS_HOME: join(dir.path, 'home')}
  })
  afterEach(() => dir.cleanup())

  it('list --json gives {trials:[{id,family,title,severity}]}', async () => {
    const r = await khaos(['trial', 'list', '--json'], {env})
    assert.equal(r.exitCode, 0, r.stderr)
    const {trials} = JSON.parse(r.stdout)
    const f2 = trials.find((t: {id: string}) => t.id === 'F2')
    assert.deepEqual(f2, {family: 'Network & Gateway', id: 'F2', severity: 'critical', title: 'Container runtime socket mounted into a container'})
  })

  it('show F2 prints rationale and remediation; an unknown id exits 2', async () => {
    const r = await khaos(['trial', 'show', 'F2'], {env})
    assert.equal(r.exitCode, 0)
    assert.match(r.stdout, /socket proxy/)
    const bad = await khaos(['trial', 'show', 'F99'], {env})
    assert.equal(bad.exitCode, 2)
    assert.match(bad.stderr, /unknown trial F99/)
  })

  it('run --format json has the documented shape and exits 1 on critical findings', async () => {
    const r = await khaos(['trial', 'run', F2_VULN, '--only', 'F2', '--format', 'json', '--timestamp', TS], {env})
    assert.equal(r.exitCode, 1, r.stderr)
    const report = JSON.parse(r.stdout)
    const f = report.findings.find((x: {file: string; line: number}) => x.file === 'compose.yaml' && x.line === 8)
    // `service` sits after the location (`services` too when one flaw affects several).
    assert.deepEqual(Object.keys(f), ['trial', 'family', 'severity', 'file', 'line', 'service', 'evidence', 'message', 'fingerprint'])
    assert.equal(f.service, 'traefik')
    assert.equal(f.trial, 'F2')
    assert.equal(f.evidence, 'traefik: /var/run/docker.sock:/var/run/docker.sock:ro')
    assert.match(f.fingerprint, /^[0-9a-f]{32}$/)
    assert.equal(report.summary.failed, true)
    assert.equal(report.summary.generatedAt, TS)
    const again = await khaos(['trial', 'run', F2_VULN, '--only', 'F2', '--format', 'json', '--timestamp', TS], {env})
    assert.equal(again.stdout, r.stdout, 'same input and timestamp give byte-identical output')
  })

  it('--fail-on critical passes on medium-only findings; clean fixtures exit 0', async () => {
    const clean = await khaos(['trial', 'run', join(ROOT, 'trials', 'F02-runtime-socket', 'fixed'), '--only', 'F2', '--no-report'], {env})
    assert.equal(clean.exitCode, 0, clean.stdout + clean.stderr)
    assert.match(clean.stdout, /PASS/)
  })

  it('writes SARIF 2.1.0 with numeric security-severity and evidence fingerprints, refusing to overwrite', async () => {
    const out = join(dir.path, 'khaos.sarif')
    const r = await khaos(['trial', 'run', F2_VULN, '--only', 'F2', '--format', 'sarif', '--output', out, '--timestamp', TS], {env})
    assert.equal(r.exitCode, 1, r.stderr)
    const sarif = JSON.parse(readFileSync(out, 'utf8'))
    assert.equal(sarif.version, '2.1.0')
    assert.equal(sarif.runs.length, 1)
    const rule = sarif.runs[0].tool.driver.rules.find((x: {id: string}) => x.id === 'F2')
    assert.ok(!Number.isNaN(Number(rule.properties['security-severity'])))
    assert.equal(rule.properties['security-severity'], '9.5')
    const result = sarif.runs[0].results.find(
      (x: {locations: Array<{physicalLocation: {region: {startLine: number}}}>}) => x.locations[0].physicalLocation.region.startLine === 8,
    )
    assert.equal(result.ruleId, 'F2')
    assert.match(result.partialFingerprints['khaosEvidence/v1'], /^[0-9a-f]{32}$/)
    const again = await khaos(['trial', 'run', F2_VULN, '--only', 'F2', '--format', 'sarif', '--output', out], {env})
    assert.equal(again.exitCode, 2)
    assert.match(again.stderr, /--force/)
  })

  it('writes JUnit with a failing testcase per trial with findings', async () => {
    const r = await khaos(['trial', 'run', F2_VULN, '--only', 'F2', '--format', 'junit', '--timestamp', TS], {env})
    assert.equal(r.exitCode, 1)
    assert.match(
      r.stdout,
      new RegExp(
        String.raw`<testcase classname="khaos.trial.network" name="F2 Container runtime socket mounted into a container">\s*<failure message="${F2_EXPECTED} finding\(s\), worst critical"`,
      ),
    )
  })

  it('honours inline khaos-ignore with a reason, and a baseline by fingerprint', async () => {
    const project = join(dir.path, 'p')
    mkdirSync(project)
    writeFileSync(
      join(project, 'compose.yaml'),
      [
        'services:',
        '  agent:',
        '    image: jenkins/agent:3.0',
        '    volumes:',
        '      # khaos-ignore F2: isolated build VM, no other tenant',
        '      - /var/run/docker.sock:/var/run/docker.sock',
        '  other:',
        '    image: portainer/portainer-ce:2.21.0',
        '    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]  # khaos-ignore F2',
      ].join('\n'),
    )
    const r = await khaos(['trial', 'run', project, '--only', 'F2', '--format', 'json'], {env})
    const report = JSON.parse(r.stdout)
    assert.deepEqual(
      report.summary.suppressed.map((s: {line: number; reason: string}) => [s.line, s.reason]),
      [[6, 'isolated build VM, no other tenant']],
    )
    assert.deepEqual(
      report.findings.map((f: {line: number}) => f.line),
      [9],
      'a khaos-ignore without a reason does not suppress',
    )
    assert.deepEqual(report.summary.unjustifiedSuppressions, [{file: 'compose.yaml', line: 9, trial: 'F2'}])
    const baseline = join(dir.path, 'baseline.json')
    writeFileSync(baseline, r.stdout)
    // Lines move: the fingerprint does not depend on them.
    writeFileSync(join(project, 'compose.yaml'), `# a new first line\n${readFileSync(join(project, 'compose.yaml'), 'utf8')}`)
    const b = await khaos(['trial', 'run', project, '--only', 'F2', '--format', 'json', '--baseline', baseline], {env})
    assert.equal(b.exitCode, 0, b.stdout)
    assert.equal(JSON.parse(b.stdout).summary.baselined, 1)
    const bad = await khaos(['trial', 'run', project, '--baseline', join(project, 'compose.yaml')], {env})
    assert.equal(bad.exitCode, 2)
    assert.match(bad.stderr, /baseline/)
  })

  it('reports malformed YAML as a finding with its line and scans the rest', async () => {
    const project = join(dir.path, 'p')
    mkdirSync(project)
    writeFileSync(join(project, 'broken.yml'), 'services:\n  a:\n    image: [x\n  b: 1\n')
    writeFileSync(
      join(project, 'compose.yaml'),
      'services:\n  p:\n    image: portainer/portainer-ce:2\n    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n',
    )
    const r = await khaos(['trial', 'run', project, '--format', 'json', '--fail-on', 'critical'], {env})
    const report = JSON.parse(r.stdout)
    assert.ok(report.findings.some((f: {file: string; trial: string}) => f.trial === 'F0' && f.file === 'broken.yml'))
    assert.ok(report.findings.some((f: {file: string; line: number; trial: string}) => f.trial === 'F2' && f.file === 'compose.yaml' && f.line === 4))
  })

  it('writes the default markdown report in the working directory and replaces only its own report', async () => {
    const r = await khaos(['trial', 'run', F2_VULN, '--only', 'F2', '--timestamp', TS], {cwd: dir.path, env})
    assert.equal(r.exitCode, 1)
    assert.match(r.stdout, /critical\s+F2\s+compose.yaml:8/)
    const md = readFileSync(join(dir.path, 'khaos_trial_results', 'trial_report.md'), 'utf8')
    assert.match(md, /## Network & Gateway/)
    assert.match(md, /`compose.yaml:8`/)
    assert.match(md, /\*\*Remediation\.\*\*/)
    const second = await khaos(['trial', 'run', F2_VULN, '--only', 'F2'], {cwd: dir.path, env})
    assert.equal(second.exitCode, 1, second.stderr)
    writeFileSync(join(dir.path, 'khaos_trial_results', 'trial_report.md'), 'my notes')
    const refused = await khaos(['trial', 'run', F2_VULN, '--only', 'F2'], {cwd: dir.path, env})
    assert.equal(refused.exitCode, 2)
    assert.equal(readFileSync(join(dir.path, 'khaos_trial_results', 'trial_report.md'), 'utf8'), 'my notes')
  })

  it('exits 2 on a missing target and on an unknown trial or family', async () => {
    assert.equal((await khaos(['trial', 'run', join(dir.path, 'nope')], {env})).exitCode, 2)
    assert.equal((await khaos(['trial', 'run', '.', '--only', 'F77'], {env})).exitCode, 2)
    assert.equal((await khaos(['trial', 'run', '.', '--family', 'nonsense'], {env})).exitCode, 2)
    assert.ok(!existsSync(join(dir.path, 'khaos_trial_results')))
  })

  it('simulate verifies every defence on the fixtures', async () => {
    const r = await khaos(['trial', 'simulate', '--json'], {env})
    assert.equal(r.exitCode, 0, r.stdout + r.stderr)
    const {results, summary} = JSON.parse(r.stdout)
    assert.equal(summary.verified, summary.total)
    assert.ok(results.some((x: {trial: string; verified: boolean}) => x.trial === 'F2' && x.verified))
  })

  it('--json returns the report and exits 1; --only before PATH does not swallow PATH', async () => {
    const r = await khaos(['trial', 'run', '--only', 'F2', F2_VULN, '--json', '--timestamp', TS], {cwd: dir.path, env})
    assert.equal(r.exitCode, 1, r.stderr)
    const report = JSON.parse(r.stdout)
    assert.deepEqual(report.summary.trials, ['F2'])
    assert.equal(report.summary.findings, F2_EXPECTED)
    assert.ok(!existsSync(join(dir.path, 'khaos_trial_results')), '--json writes no markdown report')
  })

  it('simulate PATH injects into a copy of a real project and leaves the project untouched', async () => {
    const project = join(dir.path, 'stack')
    mkdirSync(project)
    const compose = 'services:\n  web:\n    image: nginx:1.27\n    ports: ["127.0.0.1:8080:80"]\n'
    writeFileSync(join(project, 'compose.yaml'), compose)
    const r = await khaos(['trial', 'simulate', project, '--only', 'F2,F7,F13'], {env})
    assert.equal(r.exitCode, 0, r.stdout + r.stderr)
    assert.match(r.stdout, /verified\s+F2 .*\n\s+target: injected into compose.yaml \(service web\): fired at compose.yaml:\d+; quiet on fixed\//)
    assert.match(r.stdout, /verified\s+F13 .*\n\s+overlay: overlaid vulnerable\/ into khaos-simulated-F13\//)
    assert.match(r.stdout, /3\/3 defences verified/)
    assert.equal(readFileSync(join(project, 'compose.yaml'), 'utf8'), compose)
    // No compose file in the target: the failure mode is injected into a copy of the trial's fixed/ fixture, past
    // services the detector rightly exempts (F2's socket proxy).
    const docs = join(dir.path, 'docs')
    mkdirSync(docs)
    writeFileSync(join(docs, 'README.md'), '# docs\n')
    const d = await khaos(['trial', 'simulate', docs, '--only', 'F2', '--json'], {env})
    assert.equal(d.exitCode, 0, d.stdout + d.stderr)
    const [outcome] = JSON.parse(d.stdout).results
    assert.equal(outcome.method, 'fixed')
    assert.match(outcome.detail, /service traefik\): fired at compose.yaml:\d+/)
  })

  it('markdown, SARIF and JUnit are byte-identical for the same input and SOURCE_DATE_EPOCH', async () => {
    for (const format of ['markdown', 'sarif', 'junit']) {
      const run = () => khaos(['trial', 'run', F2_VULN, '--only', 'F2', '--format', format], {env: {...env, SOURCE_DATE_EPOCH: '1767225600'}})
      const [a, b] = [await run(), await run()]
      assert.equal(a.exitCode, 1)
      assert.ok(a.stdout.length > 200)
      assert.equal(a.stdout, b.stdout, format)
    }
  })
})
