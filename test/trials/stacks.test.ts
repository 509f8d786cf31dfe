import assert from 'node:assert/strict'
import {join} from 'node:path'

import {buildModel} from '../../src/trials/model/index.js'
import {loadTrials} from '../../src/trials/registry.js'
import {scan, type ScanResult} from '../../src/trials/runner.js'
import type {Finding} from '../../src/trials/types.js'
import {khaos, ROOT} from '../helpers/cli.js'

// Small realistic multi-file stacks (several compose files side by side, overrides, include:, COMPOSE_FILE,
// .env interpolation): each expectation names the file and line that hold the flaw and the services it affects.
const STACKS = join(ROOT, 'test', 'fixtures', 'trial-stacks')

describe('trial regression stacks (multi-file Compose projects)', () => {
  let result: ScanResult
  before(async () => {
    result = await scan(STACKS, await loadTrials(ROOT))
  })

  const at = (trial: string, file: string, line: number): Finding[] => result.findings.filter((f) => f.trial === trial && f.file === file && f.line === line)
  const has = (trial: string, file: string, line: number, services: string[], evidence?: RegExp): Finding => {
    const hits = at(trial, file, line).filter((f) => !evidence || evidence.test(f.evidence))
    assert.equal(
      hits.length,
      1,
      `expected one ${trial} at ${file}:${line}; got ${result.findings
        .filter((f) => f.file === file)
        .map((f) => `${f.trial}@${f.line} ${f.evidence}`)
        .join(' | ')}`,
    )
    assert.deepEqual(hits[0].services ?? [hits[0].service], services, `${trial} at ${file}:${line}: services`)
    return hits[0]
  }

  const quiet = (trial: string, file: string) =>
    assert.deepEqual(
      result.findings.filter((f) => f.trial === trial && f.file === file).map((f) => `${f.line} ${f.evidence}`),
      [],
      `${trial} should be quiet on ${file}`,
    )

  it('scans every stack without a detector error or a parse problem', () => {
    assert.deepEqual(result.errors, [])
    assert.deepEqual(
      result.findings.filter((f) => f.trial === 'F0'),
      [],
    )
  })

  it('forms projects the way Compose does: default + override, COMPOSE_FILE, include:, every other file on its own', () => {
    const projects = buildModel(STACKS).composeProjects.map((p) => `${p.kind}: ${p.files.join(' + ')}`)
    assert.deepEqual(
      projects.sort(),
      [
        'compose-file: compose-file/base.yml + compose-file/prod.yml',
        'config: configured/deploy/base.yml + configured/deploy/prod.yml',
        'default: hardened/compose.yaml',
        'default: include/monitoring/compose.monitoring.yaml + include/compose.yaml',
        'default: interpolation/compose.yaml',
        'default: side-by-side/docker-compose.yml + side-by-side/docker-compose.override.yml',
        'standalone: compose-file/demo.yml',
        'standalone: side-by-side/docker-compose-v2.yml',
        'standalone: side-by-side/docker-stack.yml',
        'default: traefik-v1/docker-compose.yml',
      ].sort(),
    )
  })

  describe('side-by-side: docker-compose.yml, its override, docker-stack.yml and a -v2 variant', () => {
    it("reports the stack file's flaws in the stack file (not merged into docker-compose.yml)", () => {
      has('F7', 'side-by-side/docker-stack.yml', 10, ['agent'], /privileged: true/)
      has('F2', 'side-by-side/docker-stack.yml', 12, ['agent'])
      has('F27', 'side-by-side/docker-stack.yml', 4, ['app'], /no tag/)
      quiet('F27', 'side-by-side/docker-compose.yml')
      quiet('F7', 'side-by-side/docker-compose.override.yml')
    })

    it("F4: nginx on 8080→80 is a side door, 443:443 is the proxy's web port", () => {
      has('F4', 'side-by-side/docker-compose.override.yml', 5, ['web'], /8080:80/)
      assert.equal(at('F4', 'side-by-side/docker-compose.override.yml', 6).length, 0)
    })

    it('F2: a socket proxy that allows POST and is published on 0.0.0.0, and host / mounted read-only', () => {
      const proxy = has('F2', 'side-by-side/docker-compose-v2.yml', 10, ['proxy'])
      assert.match(proxy.message, /POST=1/)
      assert.match(proxy.message, /0\.0\.0\.0:2375/)
      has('F2', 'side-by-side/docker-compose-v2.yml', 14, ['node-exporter'], /\/:\/host:ro/)
      quiet('F8', 'side-by-side/docker-compose-v2.yml')
    })

    it('summarises missing limits, log caps and hardening once per project, listing the services', () => {
      has('F24', 'side-by-side/docker-stack.yml', 2, ['agent'])
      has('F23', 'side-by-side/docker-stack.yml', 2, ['agent', 'app'])
      has('F7', 'side-by-side/docker-compose.yml', 7, ['app', 'web'], /^not hardened: no-new-privileges, cap_drop \[ALL\], read_only \(app, web\)$/)
      quiet('F24', 'side-by-side/docker-compose.yml')
    })
  })

  describe('interpolation: values from the committed .env', () => {
    it('F12: a weak password interpolated from .env is reported once, at the .env line, for every service reading it', () => {
      const f = has('F12', 'interpolation/.env', 2, ['backup', 'db'])
      assert.match(f.evidence, /^backup, db: DB_ROOT_PASS=pass…<redacted 9 chars> \(from interpolation\/\.env:2\)$/)
      assert.deepEqual(f.also, ['F11'])
      assert.equal(result.findings.filter((x) => x.file === 'interpolation/.env' && x.line === 2).length, 1, 'one finding for one .env line')
    })

    it('F11 (not F12) for a strong random key in a committed .env: strong secrets are not called weak', () => {
      has('F11', 'interpolation/.env', 3, ['web'], /DJANGO_SECRET_KEY=q8Zr…<redacted 50 chars> \(from interpolation\/\.env:3\)/)
      assert.equal(at('F12', 'interpolation/.env', 3).length, 0)
    })

    it('F28: credentials in a URL that comes from .env', () => {
      has('F28', 'interpolation/.env', 4, ['web'], /postgres:\/\/app:Vx9-…<redacted 13 chars>@db \(from interpolation\/\.env:4\)/)
    })

    it('switches are not passwords: MYSQL_RANDOM_ROOT_PASSWORD=yes is quiet, ALLOW_EMPTY_PASSWORD=yes is no password at all', () => {
      assert.equal(at('F12', 'interpolation/compose.yaml', 22).length, 0)
      has('F12', 'interpolation/compose.yaml', 26, ['cache'], /ALLOW_EMPTY_PASSWORD=yes/)
    })

    it('F4: a host IP the project leaves to a variable is unknown, not every interface; a loopback default is loopback', () => {
      quiet('F4', 'interpolation/compose.yaml')
    })

    it('F27: an image tag from .env is resolved (mariadb:${MARIADB_TAG} is mariadb:11.4)', () => {
      quiet('F27', 'interpolation/compose.yaml')
    })

    it('never prints a secret from .env in full', () => {
      for (const secret of ['password1', 'q8Zr2vN5xW1kT7mB4cJ9hL0pF3sD6gY2uE8aR5nV1zX4bQ7wKe', 'Vx9-Lm2q-Zt7r']) {
        assert.ok(!result.findings.some((f) => f.evidence.includes(secret) || f.message.includes(secret)), secret)
      }
    })
  })

  describe('include: and COMPOSE_FILE', () => {
    it("follows include: and reports the included file's flaws in that file, interpolated with its own .env", () => {
      has('F12', 'include/monitoring/compose.monitoring.yaml', 6, ['grafana'])
      has('F4', 'include/monitoring/compose.monitoring.yaml', 4, ['grafana'])
      quiet('F27', 'include/monitoring/compose.monitoring.yaml')
      has('F24', 'include/compose.yaml', 4, ['app', 'grafana'])
    })

    it('merges the COMPOSE_FILE set (prod.yml pins the tag base.yml leaves open) and keeps demo.yml on its own', () => {
      quiet('F27', 'compose-file/base.yml')
      has('F7', 'compose-file/demo.yml', 5, ['demo'], /privileged/)
      quiet('F7', 'compose-file/prod.yml')
    })
  })

  it('reads Traefik 1.x: --api is an unauthenticated dashboard, [docker] exposes by default, frontend labels are routers', () => {
    const api = has('F3', 'traefik-v1/docker-compose.yml', 6, ['traefik'], /api\.insecure=true/)
    assert.equal(api.severity, 'critical', '8080 is published')
    has('F5', 'traefik-v1/docker-compose.yml', 7, ['traefik'])
    has('F18', 'traefik-v1/docker-compose.yml', 15, ['portainer'], /Host:portainer\.example\.com/)
    assert.equal(result.findings.filter((f) => f.trial === 'F18' && f.service === 'grafana').length, 0, 'basic auth label protects grafana')
  })

  it('takes file sets from .khaos-trials.yaml at the scan root, and notes an entry that leaves the tree', () => {
    quiet('F27', 'configured/deploy/base.yml')
    assert.ok(
      result.notes.some((n) => /\.khaos-trials\.yaml: compose\.projects\[1\] ignored/.test(n)),
      result.notes.join('\n'),
    )
  })

  it('every finding in a compose file names its service(s)', () => {
    const composeFiles = new Set(buildModel(STACKS).composeProjects.flatMap((p) => p.files))
    const nameless = result.findings.filter((f) => composeFiles.has(f.file) && f.service === undefined)
    assert.deepEqual(
      nameless.map((f) => `${f.trial} ${f.file}:${f.line}`),
      [],
    )
  })

  it('a hardened stack gives zero findings at --fail-on low (through the CLI)', async () => {
    const run = await khaos(['trial', 'run', join(STACKS, 'hardened'), '--json', '--fail-on', 'low', '--no-report'])
    assert.equal(run.exitCode, 0, run.stdout + run.stderr)
    assert.deepEqual(JSON.parse(run.stdout).findings, [])
  })
})
