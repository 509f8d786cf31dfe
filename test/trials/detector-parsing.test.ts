import assert from 'node:assert/strict'
import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {secretInUrl} from '../../src/trials/detectors/22-monitoring-plaintext-credentials.js'
import {mutableReason} from '../../src/trials/detectors/27-mutable-image.js'
import {logicalLines} from '../../src/trials/detectors/30-curl-pipe-shell.js'
import {unpinnedReason} from '../../src/trials/detectors/32-unpinned-actions.js'
import {dockerIgnored} from '../../src/trials/detectors/33-secrets-in-images.js'
import {secretWordName as secretName} from '../../src/trials/detectors/secrets.js'
import {readRedisConf} from '../../src/trials/detectors/35-redis-open.js'
import {llmFlows} from '../../src/trials/detectors/36-llm-prompt-injection.js'
import {loadTrials, selectTrials} from '../../src/trials/registry.js'
import {scan} from '../../src/trials/runner.js'
import {ROOT, tempDir} from '../helpers/cli.js'

// Focused checks of the parsing that the fixtures exercise only indirectly.
describe('trial detectors: parsing details', () => {
  it('F27 judges image references the way dclint does (tag on the last path segment, digests pinned)', () => {
    assert.equal(mutableReason('redis'), 'no tag, i.e. latest')
    assert.equal(mutableReason('localhost:5000/mirror/nginx'), 'no tag, i.e. latest')
    assert.equal(mutableReason('localhost:5000/mirror/nginx:1.27.1'), undefined)
    assert.equal(mutableReason('nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'), undefined)
    assert.equal(mutableReason('node:LTS'), 'moving tag :LTS')
    assert.equal(mutableReason('postgres:16.4-alpine'), undefined)
  })

  it('F32 accepts only full 40-hex SHAs, local actions and docker digests', () => {
    assert.equal(unpinnedReason('./.github/actions/setup'), undefined)
    assert.equal(unpinnedReason('actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683'), undefined)
    assert.equal(unpinnedReason('docker://alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'), undefined)
    assert.equal(unpinnedReason('actions/checkout@v4'), 'mutable ref @v4')
    assert.match(unpinnedReason('actions/checkout@11bd719') ?? '', /^short SHA/)
    assert.equal(unpinnedReason('docker://alpine:3.20'), 'docker image without a digest')
    assert.equal(unpinnedReason('owner/repo'), 'no ref at all')
  })

  it('F22 recognises secret-bearing URLs and leaves references alone', () => {
    assert.match(secretInUrl('https://hooks.slack.com/services/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') ?? '', /webhook/)
    assert.equal(secretInUrl('https://user:${SMTP_PASSWORD}@smtp.example.org'), undefined)
    assert.equal(secretInUrl('https://api.example.org/alerts?token=short'), undefined)
    assert.match(secretInUrl('https://api.example.org/alerts?token=Zq81XvB20mLk7pWc9RtY') ?? '', /query/)
    assert.match(secretInUrl('https://alert:Wq7mZ2kR9pLx@relay.example.org/hook') ?? '', /password/)
  })

  it('F30 joins continuation lines, keeps the first line number and drops comments', () => {
    const lines = logicalLines('# curl x | sh\nRUN curl -fsSL https://x.example \\\n    | bash -\necho ok\n')
    assert.deepEqual(lines, [
      {line: 2, text: 'RUN curl -fsSL https://x.example  | bash -'},
      {line: 4, text: 'echo ok'},
    ])
  })

  it('F33 reads secret-looking names like Docker build checks, minus names that point at a secret', () => {
    for (const name of ['NPM_TOKEN', 'API_KEY', 'DATABASE_PASSWORD', 'GITHUB_TOKEN', 'aws_secret']) assert.ok(secretName(name), name)
    for (const name of ['DATABASE_PASSWORD_FILE', 'KEY_ID', 'MONKEY', 'TOKEN_URL', 'NODE_VERSION', 'PASSWORD_LENGTH']) assert.ok(!secretName(name), name)
  })

  it('F33 applies .dockerignore rules: globs, ** and ! re-inclusion, last match wins', () => {
    const ignore = '# secrets\n*.key\n**/.npmrc\ndeploy/\n!deploy/public.key\n'
    assert.equal(dockerIgnored(ignore, 'server.key'), true)
    assert.equal(dockerIgnored(ignore, 'certs/server.key'), false) // `*.key` matches at the context root only
    assert.equal(dockerIgnored(ignore, 'pkg/a/.npmrc'), true)
    assert.equal(dockerIgnored(ignore, 'deploy/id_ed25519'), true)
    assert.equal(dockerIgnored(ignore, 'deploy/public.key'), false)
    assert.equal(dockerIgnored(undefined, '.npmrc'), false)
  })

  it('F35 reads redis.conf auth: requirepass, aclfile, ACL users with a password (not nopass)', () => {
    assert.equal(readRedisConf('r.conf', 'requirepass "s3cret"\n').auth, true)
    assert.equal(readRedisConf('r.conf', 'aclfile /etc/redis/users.acl\n').auth, true)
    assert.equal(readRedisConf('r.conf', 'user app on >s3cret ~* +@all\n').auth, true)
    assert.equal(readRedisConf('r.conf', 'user default on nopass ~* +@all\nprotected-mode no\n').auth, false)
    assert.equal(readRedisConf('r.conf', '# protected-mode no\nprotected-mode no\n').protectedModeOff, 2)
  })

  it('F36 needs the whole chain: untrusted text → LLM → sink', () => {
    const head = "import OpenAI from 'openai'\nconst openai = new OpenAI()\n"
    const flow = `${head}bot.on('message', async (message) => {\n  const r = await openai.chat.completions.create({messages: [{role: 'user', content: message.content}]})\n  const cmd = r.choices[0].message.content\n  exec(cmd)\n})\n`
    assert.deepEqual(
      llmFlows(flow).map((f) => [f.line, f.source, f.via, f.sink]),
      [[6, 'message.content', 'chat.completions.create', 'exec']],
    )
    // Same file, but the model's answer is only sent back, and exec runs a constant.
    const quiet = flow.replace('  exec(cmd)\n', "  await message.reply(cmd)\n  exec('uptime')\n")
    assert.deepEqual(llmFlows(quiet), [])
    // A prompt built from trusted text only: no chain even though output reaches exec.
    const trusted = flow.replace('content: message.content', "content: 'list disks'").replace("bot.on('message', async (message) =>", 'setInterval(async () =>')
    assert.deepEqual(llmFlows(trusted), [])
  })

  it('never puts a fixture secret in full into evidence (F22, F28, F33)', async () => {
    const secrets = [
      'Wq7!mZ2#kR9pLx4v',
      'ghp_4Xq9ZbT2vLm8Kw3NcR7pYs1HdF6jGa0eUiOu',
      '8c1f2d9e7a6b5c4d3e2f1a0b9c8d7e6f-2a3b4c5d',
      'q8ZkP3xW7vN2mLr5tY9bC1dE',
      'Tr0ub4dor&3-grafana',
      'Xk29!vLq7mWp',
      '9f8e7d6c5b4a3f2e1d0cAb8a7Z',
      'Hq5-Zt8r-Pw2x',
      'Pg-2024-prod-Zk81',
      'ghp_R8xK2mQ7vT4wN9pL3sZ6yB1cF5hJ0dG8aE2u',
    ]
    const trials = selectTrials(await loadTrials(ROOT), {only: ['F22', 'F28', 'F33']})
    const evidence: string[] = []
    for (const dir of ['F22-monitoring-plaintext-credentials', 'F28-credentials-in-urls', 'F33-secrets-in-images']) {
      const result = await scan(join(ROOT, 'trials', dir, 'vulnerable'), trials)
      evidence.push(...result.findings.flatMap((f) => [f.evidence, f.message]))
    }

    assert.ok(evidence.length >= 10)
    for (const secret of secrets) assert.ok(!evidence.some((e) => e.includes(secret)), `${secret.slice(0, 4)}… leaked into a finding`)
  })

  /** Scans files written to a fresh directory with one trial; returns "file:line evidence" lines. */
  async function scanFiles(trial: string, files: Record<string, string>): Promise<string[]> {
    const dir = tempDir('khaos-det-')
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir.path, path)), {recursive: true})
        writeFileSync(join(dir.path, path), text)
      }

      const result = await scan(dir.path, selectTrials(await loadTrials(ROOT), {only: [trial]}))
      assert.deepEqual(result.errors, [])
      return result.findings.map((f) => `${f.file}:${f.line} ${f.evidence}`)
    } finally {
      dir.cleanup()
    }
  }

  it('F29 covers Socket.IO wildcard CORS (unless allowRequest) and ASGI endpoints that never read Origin', async () => {
    const io = "import {Server} from 'socket.io'\nconst io = new Server(server, {cors: {origin: '*'}})\n"
    assert.deepEqual(await scanFiles('F29', {'io.js': io}), ["io.js:2 socket.io server with cors origin '*'"])
    assert.deepEqual(
      await scanFiles('F29', {'io.js': io.replace("origin: '*'}", "origin: '*'}, allowRequest: (req, cb) => cb(null, ok(req.headers.origin))")}),
      [],
    )
    const asgi =
      'from fastapi import FastAPI, WebSocket\napp = FastAPI()\n\n@app.websocket("/ws")\nasync def ws(websocket: WebSocket):\n    await websocket.accept()\n'
    assert.deepEqual(await scanFiles('F29', {'main.py': asgi}), ['main.py:4 @app.websocket( endpoint without an Origin check'])
    assert.deepEqual(
      await scanFiles('F29', {
        'main.py': asgi.replace(
          '    await websocket.accept()',
          '    if websocket.headers.get("origin") not in ALLOWED:\n        return await websocket.close()\n    await websocket.accept()',
        ),
      }),
      [],
    )
  })

  it('F30 covers PowerShell download-and-execute and sh -c "$(curl …)"', async () => {
    assert.deepEqual(
      await scanFiles('F30', {
        'install.ps1': 'iwr -useb https://get.example.org/install.ps1 | iex\n',
        'setup.sh': 'sh -c "$(curl -fsSL https://raw.example.org/install.sh)"\ncurl -fsSL https://example.org/data.json | jq .\n',
      }),
      ['install.ps1:1 iwr -useb https://get.example.org/install.ps1 | iex', 'setup.sh:1 sh -c "$(curl -fsSL https://raw.example.org/install.sh)"'],
    )
  })

  it('F31 ignores untrusted fields in if: and env:, and fires for head_ref in run:', async () => {
    const wf = [
      'on: pull_request_target',
      'jobs:',
      '  j:',
      "    if: contains(github.event.pull_request.title, 'docs')",
      '    runs-on: ubuntu-24.04',
      '    steps:',
      '      - run: echo "$TITLE"',
      '        env:',
      '          TITLE: ${{ github.event.pull_request.title }}',
      '      - run: git push origin "${{ github.head_ref }}"',
      '',
    ].join('\n')
    // The trigger itself is reported once too (zizmor's dangerous-triggers): the job runs a script.
    assert.deepEqual(await scanFiles('F31', {'.github/workflows/w.yml': wf}), [
      '.github/workflows/w.yml:1 on: pull_request_target',
      '.github/workflows/w.yml:10 j: ${{ github.head_ref }} in run:',
    ])
  })

  it('F28 reports log formats that write the Authorization header, at their own line', async () => {
    const nginx = 'http {\n\n    log_format withauth \'$remote_addr "$request" $http_authorization\';\n    log_format main \'$remote_addr "$request"\';\n}\n'
    assert.deepEqual(await scanFiles('F28', {'nginx/nginx.conf': nginx}), ['nginx/nginx.conf:3 access log format includes the Authorization header'])
  })

  it('F22 reads credentials from Alertmanager webhook URLs and http_config, not from plain URLs', async () => {
    const am = [
      'route: {receiver: hook}',
      'receivers:',
      '  - name: hook',
      '    webhook_configs:',
      '      - url: https://alert:Wq7mZ2kR9pLx@relay.example.org/hook',
      '      - url: http://alert-relay:8080/hook',
      '        http_config:',
      '          basic_auth: {username: am, password: Zt8r-Pw2x-Hq5}',
      '',
    ].join('\n')
    assert.deepEqual(await scanFiles('F22', {'alertmanager.yml': am}), [
      'alertmanager.yml:5 alertmanager: receivers[0].webhook_configs[0].url=https://relay.example.org/<redacted 49 chars>',
      'alertmanager.yml:8 alertmanager: receivers[0].webhook_configs[1].http_config.basic_auth.password=Zt8r…<redacted 13 chars>',
    ])
  })

  it('F19 flags Alertmanager routed by Traefik without auth; an auth middleware or a web config silences it', async () => {
    const compose = (extra: string) =>
      [
        'services:',
        '  alertmanager:',
        '    image: prom/alertmanager:v0.27.0',
        '    labels:',
        '      traefik.http.routers.am.rule: Host(`am.example.org`)',
        extra,
        '',
      ].join('\n')
    assert.deepEqual(await scanFiles('F19', {'compose.yaml': compose('')}), [
      'compose.yaml:5 alertmanager: routed by Traefik router am without auth middleware',
    ])
    assert.deepEqual(
      await scanFiles('F19', {
        'compose.yaml': compose('      traefik.http.routers.am.middlewares: am-auth\n      traefik.http.middlewares.am-auth.basicauth.usersfile: /auth/users'),
      }),
      [],
    )
    assert.deepEqual(await scanFiles('F19', {'compose.yaml': compose('    command: --web.config.file=/etc/alertmanager/web.yml')}), [])
  })

  it('F20 follows the port Loki listens on (server.http_listen_port) and stays quiet when auth is on', async () => {
    const compose =
      'services:\n  loki:\n    image: grafana/loki:3.1.1\n    command: -config.file=/etc/loki/config.yaml\n    ports: ["3200:3200", "9095:9095"]\n'
    const config = (auth: string) => `auth_enabled: ${auth}\nserver:\n  http_listen_port: 3200\nschema_config: {}\ncommon: {path_prefix: /loki}\n`
    assert.deepEqual(await scanFiles('F20', {'compose.yaml': compose, 'loki/config.yaml': config('false')}), [
      'compose.yaml:5 loki: port 3200 published as *:3200, auth_enabled false (loki/config.yaml)',
    ])
    assert.deepEqual(await scanFiles('F20', {'compose.yaml': compose, 'loki/config.yaml': config('true')}), [])
  })

  it('F21 reads GF_* variables from env_file and list-form environment', async () => {
    const files = {
      'compose.yaml':
        'services:\n  grafana:\n    image: grafana/grafana-oss:11.1.4\n    env_file: grafana.env\n    environment:\n      - GF_USERS_ALLOW_SIGN_UP=true\n',
      'grafana.env': 'GF_SERVER_ROOT_URL=https://grafana.example.org\nGF_AUTH_ANONYMOUS_ENABLED=true\nGF_AUTH_ANONYMOUS_ORG_ROLE=Editor\n',
    }
    assert.deepEqual(await scanFiles('F21', files), [
      'compose.yaml:6 grafana: GF_USERS_ALLOW_SIGN_UP=true',
      'grafana.env:2 grafana: GF_AUTH_ANONYMOUS_ENABLED=true, org role Editor',
    ])
  })

  it('F23 trusts a daemon.json in the tree that caps json-file logs', async () => {
    const compose = 'services:\n  api:\n    image: ghcr.io/example/api:1.0.0\n'
    assert.deepEqual(await scanFiles('F23', {'compose.yaml': compose}), ['compose.yaml:1 json-file logs without max-size: api'])
    assert.deepEqual(
      await scanFiles('F23', {'compose.yaml': compose, 'host/daemon.json': '{"log-driver": "json-file", "log-opts": {"max-size": "10m", "max-file": "3"}}'}),
      [],
    )
  })

  it('F34 reads the deprecated `mc policy public` form and skips commented-out commands', async () => {
    assert.deepEqual(
      await scanFiles('F34', {
        'init.sh': '#!/bin/sh\nmc policy public minio/media\n# mc anonymous set download minio/old\nmc anonymous set none minio/private\n',
      }),
      ['init.sh:2 mc anonymous public on minio/media'],
    )
  })

  it('F35 honours REDIS_ARGS=--requirepass (redis-stack) and reports ephemeral publication', async () => {
    const compose = (env: string) => `services:\n  stack:\n    image: redis/redis-stack-server:7.4.0-v0\n    ports: ["6379"]\n${env}`
    assert.deepEqual(await scanFiles('F35', {'compose.yaml': compose('')}), ['compose.yaml:4 stack: redis without a password published as *:ephemeral'])
    assert.deepEqual(await scanFiles('F35', {'compose.yaml': compose('    environment:\n      REDIS_ARGS: "--requirepass ${REDIS_PASSWORD}"\n')}), [])
  })
})
