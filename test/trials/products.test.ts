import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {buildModel} from '../../src/trials/model/index.js'
import {loadTrials, selectTrials} from '../../src/trials/registry.js'
import {scan} from '../../src/trials/runner.js'
import {imageIs, productOf} from '../../src/trials/detectors/products.js'
import {ROOT, tempDir} from '../helpers/cli.js'

// One notion of "which product a service runs" for every trial: F9/F12 used to match `grafana-*`, `minio-*` and
// `mongo-*` by prefix while F19-F36 used the product patterns, so the two halves disagreed about the same image.
describe('trial helpers: which product a service runs', () => {
  let dir: {cleanup: () => void; path: string}
  beforeEach(() => {
    dir = tempDir('khaos-trial-products-')
  })
  afterEach(() => dir.cleanup())

  const compose = [
    'services:',
    '  renderer:',
    '    image: grafana/grafana-image-renderer:3.10.0',
    '  mc:',
    '    image: bitnami/minio-client:2024.1.1',
    '  ui:',
    '    image: mongo-express:1.0.2',
    '  cache:',
    '    image: redislabs/redismod:7.2',
    '  grafana:',
    '    image: docker.io/grafana/grafana-oss:11.1.0',
    '  proxy:',
    '    image: jc21/nginx-proxy-manager:2.11.3',
  ].join('\n')

  it('a known product matches only that product; other names keep the prefix rule', () => {
    writeFileSync(join(dir.path, 'compose.yaml'), compose)
    const svc = Object.fromEntries(buildModel(dir.path).services.map((s) => [s.name, s]))
    assert.equal(imageIs(svc.renderer, 'grafana'), false)
    assert.equal(imageIs(svc.mc, 'minio'), false)
    assert.equal(imageIs(svc.ui, 'mongo'), false)
    assert.equal(imageIs(svc.ui, 'mongo-express'), true)
    assert.equal(imageIs(svc.cache, 'redis'), true)
    assert.equal(productOf(svc.cache), 'redis')
    assert.equal(imageIs(svc.grafana, 'grafana'), true)
    assert.equal(imageIs(svc.proxy, 'nginx-proxy'), true)
  })

  it('F12 does not call the image renderer or the MinIO client a default-credential admin; F9 sees redismod as Redis', async () => {
    writeFileSync(join(dir.path, 'compose.yaml'), compose)
    const result = await scan(dir.path, selectTrials(await loadTrials(ROOT), {only: ['F9', 'F12']}))
    const hits = result.findings.map((f) => `${f.trial} ${f.evidence}`)
    assert.ok(hits.includes('F9 cache: networks default'), hits.join(' | '))
    assert.ok(hits.includes('F12 grafana: grafana without GF_SECURITY_ADMIN_PASSWORD'), hits.join(' | '))
    assert.deepEqual(
      hits.filter((h) => /renderer|mc:|ui:/.test(h)),
      [],
    )
  })
})
