import assert from 'node:assert/strict'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {fingerprint, findSuppression, parseBaseline, toFinding} from '../../src/trials/findings.js'
import {buildModel} from '../../src/trials/model/index.js'
import {loadTrialSpecs} from '../../src/trials/spec.js'
import f13 from '../../src/trials/detectors/13-env-file-exposed.js'
import {ignoredBy} from '../../src/trials/detectors/tracked.js'
import {tempDir} from '../helpers/cli.js'

describe('trial findings, suppressions, baselines, schema', () => {
  it('fingerprints ignore the line and whitespace/quotes in evidence, not the trial or file', () => {
    assert.equal(fingerprint('F2', 'a.yml', 'svc:  "/var/run/docker.sock"'), fingerprint('F2', 'a.yml', 'svc: /var/run/docker.sock'))
    assert.notEqual(fingerprint('F2', 'a.yml', 'x'), fingerprint('F7', 'a.yml', 'x'))
    assert.notEqual(fingerprint('F2', 'a.yml', 'x'), fingerprint('F2', 'b.yml', 'x'))
  })

  it('carries the service of a finding, and every service when one flaw affects several (sorted, deduplicated)', () => {
    const spec = {family: 'network', id: 'F2', severity: 'critical'} as const
    const one = toFinding(spec, {evidence: 'e', file: 'a.yml', line: 3, message: 'm', service: 'web'})
    assert.equal(one.service, 'web')
    assert.equal(one.services, undefined)
    const several = toFinding(spec, {evidence: 'e', file: '.env', line: 1, message: 'm', services: ['worker', 'api', 'worker']})
    assert.equal(several.service, 'api')
    assert.deepEqual(several.services, ['api', 'worker'])
    assert.equal(toFinding(spec, {evidence: 'e', file: 'x', line: 1, message: 'm'}).service, undefined)
  })

  it('finds khaos-ignore in #, // and <!-- --> comments, on the line or the line above, for listed ids only', () => {
    const text = ['a # khaos-ignore F4: lab only', '// khaos-ignore F2, F7: build VM', 'b', 'c <!-- khaos-ignore F11: fixture -->', 'd # khaos-ignore F9'].join(
      '\n',
    )
    assert.deepEqual(findSuppression(text, {line: 1, trial: 'F4'}), {line: 1, reason: 'lab only'})
    assert.deepEqual(findSuppression(text, {line: 3, trial: 'F7'}), {line: 2, reason: 'build VM'})
    assert.equal(findSuppression(text, {line: 3, trial: 'F4'}), undefined)
    assert.deepEqual(findSuppression(text, {line: 4, trial: 'F11'}), {line: 4, reason: 'fixture'})
    assert.deepEqual(findSuppression(text, {line: 5, trial: 'F9'}), {line: 5, reason: undefined})
  })

  it('takes trial ids in khaos-ignore the way --only does: any case, leading zeros (the folder names)', () => {
    const text = 'a: 1  # khaos-ignore F04: lab only\nb: 2  # khaos-ignore f2, F007: build VM\nc: 3  # khaos-ignore F40: no such trial\n'
    assert.deepEqual(findSuppression(text, {line: 1, trial: 'F4'}), {line: 1, reason: 'lab only'})
    assert.deepEqual(findSuppression(text, {line: 2, trial: 'F2'}), {line: 2, reason: 'build VM'})
    assert.deepEqual(findSuppression(text, {line: 2, trial: 'F7'}), {line: 2, reason: 'build VM'})
    assert.equal(findSuppression(text, {line: 3, trial: 'F4'}), undefined)
  })

  it('reads baselines from a json report or a fingerprint list and refuses anything else', () => {
    assert.deepEqual([...parseBaseline({findings: [{fingerprint: 'abc'}], summary: {}})], ['abc'])
    assert.deepEqual([...parseBaseline({fingerprints: ['x', 'y']})], ['x', 'y'])
    assert.throws(() => parseBaseline({something: 1}), /not a khaos baseline/)
  })

  it('names the file and field of an invalid trial.yaml', async () => {
    const dir = tempDir('khaos-spec-')
    try {
      mkdirSync(join(dir.path, 'trials', 'F02-demo'), {recursive: true})
      writeFileSync(
        join(dir.path, 'trials', 'F02-demo', 'trial.yaml'),
        'id: F2\nfamily: network\ntitle: Demo trial\nseverity: extreme\nrationale: long enough rationale text here\nremediation: do the right thing\nreferences: []\nfixtures: {expect: [{file: a, line: 1}]}\n',
      )
      await assert.rejects(loadTrialSpecs(dir.path), /trials\/F02-demo\/trial\.yaml:4:1 severity: must be one of: low, medium, high, critical/)
    } finally {
      dir.cleanup()
    }
  })

  it('F13 outside git reads .gitignore: an ignored .env is quiet, an unignored one is reported', () => {
    const dir = tempDir('khaos-f13-')
    try {
      writeFileSync(join(dir.path, '.env'), 'A=1\n')
      mkdirSync(join(dir.path, 'svc'))
      writeFileSync(join(dir.path, 'svc', '.env.local'), 'B=2\n')
      writeFileSync(join(dir.path, '.gitignore'), '/.env\n')
      const found = f13.detect(buildModel(dir.path)).map((f) => f.file)
      assert.deepEqual(found, ['svc/.env.local'])
      assert.equal(ignoredBy('.env*\n!.env.example\n', '.env.example'), false)
      assert.equal(ignoredBy('.env*\n!.env.example\n', 'sub/.env.prod'), true)
    } finally {
      dir.cleanup()
    }
  })
})
