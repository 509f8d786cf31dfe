import assert from 'node:assert/strict'
import {existsSync} from 'node:fs'
import {join, resolve} from 'node:path'

import {loadTrials} from '../../src/trials/registry.js'
import {scan, type ScanResult} from '../../src/trials/runner.js'
import {ROOT, SHARED} from '../helpers/cli.js'

// The shared corpus sits beside the project root (../shared); in a git worktree under wt/ it is one level up.
export const AWESOME_COMPOSE = [process.env.KHAOS_SHARED, SHARED, resolve(ROOT, '..', '..', 'shared')]
  .filter((p): p is string => Boolean(p)).map((p) => join(p, 'corpora', 'awesome-compose')).find((p) => existsSync(p))

describe('awesome-compose corpus', function () {
  let result: ScanResult
  before(async function () {
    if (!AWESOME_COMPOSE) {
      console.log('      (skipped: ../shared/corpora/awesome-compose not present)')
      this.skip()
    }

    result = await scan(AWESOME_COMPOSE!, await loadTrials(ROOT))
  })

  const has = (trial: string, file: string, line: number, evidence?: RegExp) => {
    const hit = result.findings.find((f) => f.trial === trial && f.file === file && f.line === line && (!evidence || evidence.test(f.evidence)))
    assert.ok(hit, `expected ${trial} at ${file}:${line}; got ${result.findings.filter((f) => f.file === file).map((f) => `${f.trial}@${f.line}`).join(' ')}`)
  }

  it('scans every file without a detector error', () => {
    assert.deepEqual(result.errors, [])
    assert.ok(result.filesScanned >= 50)
  })

  it('finds the Docker socket mounted in traefik-golang and portainer (F2)', () => {
    has('F2', 'traefik-golang/compose.yaml', 10, /frontend: \/var\/run\/docker.sock/)
    has('F2', 'portainer/compose.yaml', 9, /portainer: \/var\/run\/docker.sock/)
  })
})
