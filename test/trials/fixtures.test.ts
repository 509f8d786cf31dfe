import assert from 'node:assert/strict'

import {prepareFixture} from '../../src/trials/fixtures.js'
import {loadTrials} from '../../src/trials/registry.js'
import {scan} from '../../src/trials/runner.js'
import {simulateTrial} from '../../src/trials/simulate.js'
import {ROOT, tempDir} from '../helpers/cli.js'

// Every trial present in trials/ is checked both ways: its vulnerable/ fixture must produce at least the
// findings its trial.yaml expects (file and line), and its fixed/ fixture must give that trial no finding.
const trials = await loadTrials(ROOT)

describe('trial fixtures', () => {
  it('has trials to check', () => {
    assert.ok(trials.length > 0)
  })

  for (const trial of trials) {
    const {spec} = trial
    describe(`${spec.id} ${spec.slug}`, () => {
      it('fires on vulnerable/ at every expected file:line', async () => {
        const fixture = prepareFixture(spec, 'vulnerable')
        try {
          const result = await scan(fixture.path, [trial])
          assert.deepEqual(result.errors, [])
          const got = result.findings.filter((f) => f.trial === spec.id).map((f) => `${f.file}:${f.line}`)
          for (const e of spec.fixtures.expect)
            assert.ok(got.includes(`${e.file}:${e.line}`), `${spec.id}: expected a finding at ${e.file}:${e.line}, got ${JSON.stringify(got)}`)
        } finally {
          fixture.cleanup()
        }
      })

      if (spec.simulate?.service) {
        it('its simulate.service injection into fixed/ makes it fire', async () => {
          const empty = tempDir('khaos-sim-target-')
          try {
            const outcome = await simulateTrial(trial, empty.path)
            assert.equal(outcome.method, 'fixed')
            assert.ok(outcome.verified, `${spec.id}: ${outcome.detail}`)
          } finally {
            empty.cleanup()
          }
        })
      }

      it('stays quiet on fixed/', async () => {
        const fixture = prepareFixture(spec, 'fixed')
        try {
          const result = await scan(fixture.path, [trial])
          assert.deepEqual(result.errors, [])
          const got = result.findings.filter((f) => f.trial === spec.id)
          assert.deepEqual(
            got.map((f) => `${f.file}:${f.line} ${f.evidence}`),
            [],
            `${spec.id} fired on fixed/`,
          )
        } finally {
          fixture.cleanup()
        }
      })
    })
  }
})
