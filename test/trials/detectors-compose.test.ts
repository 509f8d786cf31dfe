import assert from 'node:assert/strict'
import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {foldOverlaps, mergeServices, toFinding} from '../../src/trials/findings.js'
import {buildComposeProjects, includesOf, interpolate, parseYaml} from '../../src/trials/model/index.js'
import {loadTrials, selectTrials} from '../../src/trials/registry.js'
import {scan} from '../../src/trials/runner.js'
import type {Finding} from '../../src/trials/types.js'
import {ROOT, tempDir} from '../helpers/cli.js'

const trials = await loadTrials(ROOT)

/** Scans a throw-away tree of the given files with the given trials. */
async function scanFiles(files: Record<string, string>, only: string[]): Promise<Finding[]> {
  const dir = tempDir('khaos-compose-')
  try {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir.path, rel)), {recursive: true})
      writeFileSync(join(dir.path, rel), text)
    }

    const result = await scan(dir.path, selectTrials(trials, {only}))
    assert.deepEqual(result.errors, [])
    return result.findings
  } finally {
    dir.cleanup()
  }
}

describe('Compose detectors: projects, interpolation, one finding per flaw', () => {
  it('interpolation says which .env line a value came from, and leaves unset variables unresolved', () => {
    const vars = new Map([['DB_PASS', 'password1']])
    const origins = new Map([['DB_PASS', {file: '.env', line: 2}]])
    assert.deepEqual(interpolate('${DB_PASS}', vars, origins).refs, [{defined: true, fallback: undefined, from: {file: '.env', line: 2}, name: 'DB_PASS'}])
    assert.equal(interpolate('${UNSET:-admin}', vars, origins).value, 'admin')
    assert.equal(interpolate('${DB_PASS-x}', vars).value, 'password1')
    assert.equal(interpolate('${DB_PASS:?need it}', vars).value, 'password1')
    assert.equal(interpolate('$$DB_PASS', vars).value, '$DB_PASS')
  })

  it('include: paths resolve against the including file and never leave the scanned tree', () => {
    const doc = parseYaml('include:\n  - sub/a.yaml\n  - path: [../b.yaml, c.yaml]\n    env_file: sub/.env\n  - ../../../etc/x.yaml\n').docs[0]
    assert.deepEqual(includesOf(doc, 'stack/compose.yaml'), [
      {envFile: undefined, path: 'stack/sub/a.yaml'},
      {envFile: 'stack/sub/.env', path: 'b.yaml'},
      {envFile: 'stack/sub/.env', path: 'stack/c.yaml'},
    ])
  })

  it('an override file without its base, and X.override.yml beside X.yml, form the projects Compose would', () => {
    const doc = (text: string) => parseYaml(text).docs[0]
    const projects = buildComposeProjects(
      [
        {doc: doc('services:\n  a:\n    image: x:1\n'), path: 'docker-stack.yml'},
        {doc: doc('services:\n  a:\n    ports: ["80:80"]\n'), path: 'docker-stack.override.yml'},
        {doc: doc('services:\n  b:\n    image: y:1\n'), path: 'compose.yaml'},
        {doc: doc('services:\n  c:\n    image: z:1\n'), path: 'docker-compose.yml'},
      ],
      () => undefined,
    )
    assert.deepEqual(
      projects.map((p) => `${p.kind} ${p.files.join('+')}`),
      ['default compose.yaml', 'standalone docker-compose.yml', 'standalone docker-stack.yml+docker-stack.override.yml'],
    )
  })

  it('mounts merge by container path: an override that replaces the socket mount is not reported', async () => {
    const findings = await scanFiles(
      {
        'compose.override.yaml': 'services:\n  ci:\n    volumes:\n      - ./cache:/var/run/docker.sock\n',
        'compose.yaml': 'services:\n  ci:\n    image: jenkins/agent:3.1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n',
      },
      ['F2'],
    )
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line}`),
      [],
    )
  })

  it('F12: a random key is not "the same as the user name"; F11 reports it as a literal secret', async () => {
    const key = 'k9Zr2vN5xW1kT7mB4cJ9hL0pF3sD6gY2uE8aR5nV1zX4bQ7wKe'
    const findings = await scanFiles(
      {'compose.yaml': `services:\n  app:\n    image: app:1.0\n    environment:\n      SECRET_KEY: ${key}\n      ADMIN_USER: ops\n      ADMIN_PASSWORD: ops\n`},
      ['F11', 'F12'],
    )
    assert.deepEqual(
      findings.map((f) => `${f.trial}@${f.line} ${f.service}`),
      ['F11@5 app', 'F12@7 app'],
    )
    assert.match(findings[1].message, /same as the user name/)
  })

  it('F4: the proxy exemption keys on the host port; a variable host IP is unknown, a .env one is known', async () => {
    const findings = await scanFiles(
      {
        '.env': 'PUBLIC_IP=0.0.0.0\n',
        'compose.yaml':
          'services:\n  web:\n    image: nginx:1.27.2\n    ports: ["80:8080", "8080:80", "${BIND_IP}:81:81", "${PUBLIC_IP}:82:82"]\n  api:\n    image: api:1\n    ports:\n      - host_ip: ${API_IP}\n        target: 9000\n        published: "9000"\n',
      },
      ['F4'],
    )
    assert.deepEqual(findings.map((f) => f.evidence).sort(), ['web: ${PUBLIC_IP}:82:82', 'web: 8080:80'])
  })

  it('F7: host-reaching capabilities are high, escape capabilities critical', async () => {
    const findings = await scanFiles(
      {
        'compose.yaml':
          'services:\n  vpn:\n    image: vpn:1\n    read_only: true\n    cap_drop: [ALL]\n    security_opt: [no-new-privileges:true]\n    cap_add: [NET_ADMIN, SYS_MODULE, SYS_TIME, PERFMON]\n',
      },
      ['F7'],
    )
    assert.deepEqual(
      findings.map((f) => `${f.evidence} ${f.severity}`),
      ['vpn: cap_add: NET_ADMIN high', 'vpn: cap_add: PERFMON high', 'vpn: cap_add: SYS_MODULE critical', 'vpn: cap_add: SYS_TIME high'],
    )
  })

  it('F33: FROM scratch and privilege-dropping bases are not "root"; a plain base without USER is', async () => {
    const findings = await scanFiles(
      {
        'a/Dockerfile': 'FROM golang:1.23 AS b\nRUN go build -o /x .\nFROM scratch\nCOPY --from=b /x /x\n',
        'b/Dockerfile': 'FROM redis:7.4.1\nCOPY redis.conf /usr/local/etc/redis/\n',
        'c/Dockerfile': 'FROM debian:12.7\nRUN apt-get update && apt-get install -y gosu\nENTRYPOINT ["gosu", "app", "/run.sh"]\n',
        'd/Dockerfile': 'FROM debian:12.7\nCMD ["/run.sh"]\n',
      },
      ['F33'],
    )
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line}`),
      ['d/Dockerfile:1'],
    )
  })

  it('F17: checkout under permissions: {} is quiet, under the default token it is reported', async () => {
    const wf = (perm: string) =>
      `on: push\n${perm}jobs:\n  b:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n`
    const findings = await scanFiles({'.github/workflows/a.yml': wf('permissions: {}\n'), '.github/workflows/b.yml': wf('permissions:\n  contents: read\n')}, [
      'F17',
    ])
    assert.deepEqual(
      findings.map((f) => f.file),
      ['.github/workflows/b.yml'],
    )
  })

  it("merges one trial's findings at one line that differ only by service, and folds a weaker trial into a stronger one", () => {
    const raw = [
      {evidence: 'api: DB_PASS=<redacted 9 chars>', file: '.env', line: 2, message: 'x for service "api"', service: 'api'},
      {evidence: 'worker: DB_PASS=<redacted 9 chars>', file: '.env', line: 2, message: 'x for service "worker"', service: 'worker'},
      {evidence: 'worker: OTHER=<redacted 9 chars>', file: '.env', line: 2, message: 'y', service: 'worker'},
    ]
    const merged = mergeServices(raw)
    assert.deepEqual(
      merged.map((r) => [r.evidence, r.services]),
      [
        ['api, worker: DB_PASS=<redacted 9 chars>', ['api', 'worker']],
        ['worker: OTHER=<redacted 9 chars>', undefined],
      ],
    )
    assert.equal(merged[0].message, 'x for service "api", "worker"')
    const f12 = toFinding({family: 'identity', id: 'F12', severity: 'high'}, merged[0])
    const f11 = toFinding({family: 'identity', id: 'F11', severity: 'high'}, merged[0])
    const f4 = toFinding({family: 'network', id: 'F4', severity: 'medium'}, {evidence: 'e', file: 'c.yml', line: 9, message: 'm'})
    const f35 = toFinding({family: 'observability', id: 'F35', severity: 'high'}, {evidence: 'e', file: 'c.yml', line: 9, message: 'm'})
    const folded = foldOverlaps(
      [f11, f12, f4, f35],
      new Map([
        ['F11', 'Literal secrets'],
        ['F4', 'Ports on all interfaces'],
      ]),
    )
    assert.deepEqual(
      folded.map((f) => [f.trial, f.also]),
      [
        ['F12', ['F11']],
        ['F35', ['F4']],
      ],
    )
    assert.match(folded[0].message, /\(also F11 Literal secrets\)$/)
    assert.deepEqual(
      foldOverlaps([f11], new Map()).map((f) => f.trial),
      ['F11'],
      'alone, F11 is reported',
    )
  })
})
