import assert from 'node:assert/strict'
import {chmodSync, mkdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {buildModel, interpolate, parsePort, parseYaml} from '../../src/trials/model/index.js'
import {tempDir} from '../helpers/cli.js'

const noVars = (s: string) => interpolate(s, new Map())

describe('trial model', () => {
  let dir: {cleanup: () => void; path: string}
  beforeEach(() => {
    dir = tempDir('khaos-model-')
  })
  afterEach(() => dir.cleanup())

  it('normalises short and long syntax, merge keys, env map/list, env_file, labels and interpolation', () => {
    writeFileSync(join(dir.path, '.env'), 'PASS=s3cret\nTAG=1.2\n')
    writeFileSync(join(dir.path, 'app.env'), '# comment\nAPI_KEY="abc def"\n')
    writeFileSync(
      join(dir.path, 'compose.yaml'),
      [
        'x-common: &common',
        '  environment:',
        '    - DB_PASSWORD=${PASS}',
        '    - ADMIN=${ADMIN_USER:-admin}',
        '  labels:',
        '    traefik.enable: "true"',
        'services:',
        '  web:',
        '    <<: *common',
        '    image: nginx:${TAG}',
        '    env_file: app.env',
        '    ports:',
        '      - "127.0.0.1:8080:80"',
        '      - target: 443',
        '        published: 8443',
        '    volumes:',
        '      - ./html:/usr/share/nginx/html:ro',
        '      - type: volume',
        '        source: data',
        '        target: /data',
      ].join('\n'),
    )
    writeFileSync(join(dir.path, 'compose.override.yaml'), 'services:\n  web:\n    ports: ["9000:9000"]\n    labels: ["extra=1"]\n')
    const model = buildModel(dir.path)
    const [web] = model.services
    assert.equal(web.name, 'web')
    assert.equal(web.image?.value, 'nginx:1.2')
    assert.deepEqual(
      web.ports.map((p) => [p.hostIp, p.published, p.target, p.file, p.line]),
      [
        ['127.0.0.1', '8080', '80', 'compose.yaml', 13],
        [undefined, '8443', '443', 'compose.yaml', 14],
        [undefined, '9000', '9000', 'compose.override.yaml', 3],
      ],
    )
    assert.deepEqual(
      web.volumes.map((v) => [v.type, v.source, v.target, v.readOnly]),
      [
        ['bind', './html', '/usr/share/nginx/html', true],
        ['volume', 'data', '/data', false],
      ],
    )
    const env = Object.fromEntries(web.environment.map((e) => [e.name, [e.value, e.raw, e.file, e.line]]))
    assert.deepEqual(env.DB_PASSWORD, ['s3cret', '${PASS}', 'compose.yaml', 3])
    assert.deepEqual(env.ADMIN, ['admin', '${ADMIN_USER:-admin}', 'compose.yaml', 4])
    assert.deepEqual(env.API_KEY, ['abc def', 'abc def', 'app.env', 2])
    assert.deepEqual(web.labels.map((l) => `${l.key}=${l.value}`).sort(), ['extra=1', 'traefik.enable=true'])
  })

  it('parses port strings the way Compose does', () => {
    assert.deepEqual(parsePort('[::1]:53:53/udp', noVars), {
      hostIp: '::1',
      isPublished: true,
      protocol: 'udp',
      published: '53',
      raw: '[::1]:53:53/udp',
      target: '53',
    })
    assert.equal(parsePort('3000', noVars)?.hostIp, undefined)
    assert.equal(parsePort('8000-8010:8000-8010', noVars)?.published, '8000-8010')
  })

  it('reports malformed YAML with its line and refuses alias bombs quickly', () => {
    assert.equal(parseYaml('a: 1\nb: [1, 2\nc: 3\n').error?.line, 3)
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (let i = 1; i < 9; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      )
    const started = Date.now()
    assert.match(parseYaml(levels.join('\n')).error?.message ?? '', /alias/)
    assert.ok(Date.now() - started < 2000)
  })

  it('skips symlinks out of the tree, binary, huge and unreadable files without crashing', () => {
    mkdirSync(join(dir.path, 'sub'))
    symlinkSync('/etc/passwd', join(dir.path, 'sub', 'passwd.yml'))
    symlinkSync('/', join(dir.path, 'rootlink'))
    writeFileSync(join(dir.path, 'blob.yml'), Buffer.from([0x61, 0, 0x62]))
    writeFileSync(join(dir.path, 'huge.yml'), 'a'.repeat(2 * 1024 * 1024))
    writeFileSync(join(dir.path, 'secret.yml'), 'a: 1\n')
    chmodSync(join(dir.path, 'secret.yml'), 0o000)
    writeFileSync(join(dir.path, 'ok.yml'), 'a: 1\n')
    const model = buildModel(dir.path)
    const reasons = Object.fromEntries(model.skipped.map((s) => [s.path, s.reason]))
    assert.match(reasons['sub/passwd.yml'], /out of the scanned tree/)
    assert.match(reasons['blob.yml'], /binary/)
    assert.match(reasons['huge.yml'], /size cap/)
    // root can read a 0000 file; only assert the unreadable case when the OS enforces it
    if (process.getuid?.() !== 0) assert.match(reasons['secret.yml'], /unreadable/)
    assert.ok(model.files.some((f) => f.path === 'ok.yml'))
    assert.ok(!model.files.some((f) => f.path.startsWith('rootlink')))
  })

  it('merges Traefik static flags, labels and dynamic files', () => {
    writeFileSync(
      join(dir.path, 'compose.yaml'),
      [
        'services:',
        '  traefik:',
        '    image: traefik:v3.1',
        '    command: ["--api.insecure=true", "--providers.docker.exposedByDefault=false"]',
        '  app:',
        '    image: app:1',
        '    labels:',
        '      - traefik.http.routers.app.rule=Host(`app.example.com`)',
        '      - traefik.http.routers.app.middlewares=auth@file',
      ].join('\n'),
    )
    writeFileSync(
      join(dir.path, 'dynamic.yml'),
      'http:\n  middlewares:\n    auth:\n      basicAuth:\n        users: ["u:$$apr1$$x"]\n  routers:\n    dash:\n      rule: Host(`t.example.com`)\n      service: api@internal\n',
    )
    const t = buildModel(dir.path).traefik
    assert.equal(t.statics[0].settings.get('api.insecure')?.value, 'true')
    assert.equal(t.statics[0].settings.get('providers.docker.exposedbydefault')?.line, 4)
    assert.deepEqual(t.routers.map((r) => [r.name, r.provider, r.middlewares, r.file, r.line]).sort(), [
      ['app', 'docker', ['auth@file'], 'compose.yaml', 8],
      ['dash', 'file', [], 'dynamic.yml', 8],
    ])
    assert.deepEqual(
      t.middlewares.map((m) => [m.name, m.type]),
      [['auth', 'basicauth']],
    )
  })

  it('lists Helm/Jinja templates as skipped instead of reporting them as malformed YAML', () => {
    mkdirSync(join(dir.path, 'templates'))
    writeFileSync(join(dir.path, 'templates', 'svc.yaml'), 'metadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include "x" . | nindent 4 }}\n')
    writeFileSync(join(dir.path, 'broken.yml'), 'a: [1\n')
    const model = buildModel(dir.path)
    assert.deepEqual(
      model.parseProblems.map((p) => p.file),
      ['broken.yml'],
    )
    assert.ok(model.skipped.some((s) => s.path === 'templates/svc.yaml' && /template/.test(s.reason)))
  })

  it("resolves extends: in the same file and from another file, keeping each entry's own file and line", () => {
    writeFileSync(
      join(dir.path, 'common.yml'),
      'services:\n  hardened:\n    image: alpine:3.20\n    privileged: true\n    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n',
    )
    writeFileSync(
      join(dir.path, 'compose.yaml'),
      [
        'services:',
        '  base:',
        '    image: nginx:1.27',
        '    ports: ["8080:80"]',
        '  web:',
        '    extends: base',
        '    environment: [A=1]',
        '  agent:',
        '    extends: {service: hardened, file: common.yml}',
        '  loop:',
        '    extends: loop',
      ].join('\n'),
    )
    const byName = new Map(buildModel(dir.path).services.map((s) => [s.name, s]))
    const web = byName.get('web')!
    assert.equal(web.image?.value, 'nginx:1.27')
    assert.deepEqual(
      web.ports.map((p) => [p.raw, p.file, p.line]),
      [['8080:80', 'compose.yaml', 4]],
    )
    assert.deepEqual([web.file, web.line], ['compose.yaml', 5])
    const agent = byName.get('agent')!
    assert.deepEqual(
      agent.volumes.map((v) => [v.source, v.file, v.line]),
      [['/var/run/docker.sock', 'common.yml', 5]],
    )
    assert.equal(agent.fields.get('privileged')?.file, 'common.yml')
    assert.ok(byName.has('loop'))
  })
})
