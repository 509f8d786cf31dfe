import assert from 'node:assert/strict'

import {compareChoices} from '../../src/contradictions/detect.js'
import {featurize} from '../../src/contradictions/features.js'
import {decisionPointOf} from '../../src/contradictions/judgement.js'
import {loadLexicon} from '../../src/contradictions/lexicon.js'
import {versionsIn} from '../../src/contradictions/versions.js'
import {ROOT} from '../helpers/cli.js'

const lexicon = loadLexicon(ROOT)
const choice = (a: string, b: string) => compareChoices(featurize(a), featurize(b), lexicon)

describe('contradictions: versions', () => {
  it('reads versions with their product and the range they allow, and no decimal with a unit', () => {
    const [opensearch] = versionsIn('Target OpenSearch 2.11.1 on a new cluster')
    assert.deepEqual([opensearch.product, opensearch.low, opensearch.high], ['opensearch', [2, 11, 1], [2, 11, 1]])
    const [line] = versionsIn('prod target = 1.3.x')
    assert.deepEqual([line.product, line.low, line.high], [undefined, [1, 3, 0], [1, 3, Infinity]])
    assert.deepEqual(versionsIn('helm 3.14+ everywhere')[0].high, [Infinity, Infinity, Infinity])
    assert.equal(versionsIn('must be on the OSS build of 7.12.1 or older')[0].text, '7.12.1 or older')
    assert.equal(versionsIn('pin the exact patch (traefik:v3.1.4)')[0].product, 'traefik')
    assert.deepEqual(versionsIn('retention 1.5 days, 2.5 GB, 99.9% and 0.5 cores'), [])
    assert.deepEqual(versionsIn('3.5 engineers on it, 20.5 MHz apart, 1.5/day, 1.5 GiB'), [])
    // ("replicas → 8.0" moves the replicas to 8.0: "replicas" is no product.)
    assert.equal(versionsIn('replicas → 8.0 first')[0].product, undefined)
  })

  it('finds two versions of one product that cannot both hold', () => {
    assert.equal(choice('kafka 3.6.0 on msk', 'kafka 3.5.1, what our connect + streams apps are tested against')?.kind, 'choice')
    assert.equal(choice('helm 3.14+ everywhere, local + CI', 'CI runner image pins helm 3.12.3')?.evidence, '"helm 3.14+" vs "helm 3.12.3"')
    // …and a version named without its product, when both claims set the target.
    assert.equal(choice('Approve 8.0.37 as the fleet-wide target', 'target 8.0.39, pinned.')?.kind, 'choice')
  })

  it('leaves alone versions that agree, belong to two products, are weighed in one claim or reported', () => {
    assert.equal(choice('kafka 3.6 on msk', 'kafka 3.6.0 on msk'), undefined)
    assert.equal(choice('helm 3.14 everywhere', 'kubectl 1.29 everywhere'), undefined)
    assert.equal(choice('go straight from 1.6 to containerd 2.0, skipping 1.7', 'containerd 1.7 is the target'), undefined)
    assert.equal(choice('The OpenTelemetry agent 1.32 is the target', 'prod still runs agent 1.28'), undefined)
    assert.equal(choice('the 1.3 line is close to the end of its maintenance window', 'Target OpenSearch 2.11.1'), undefined)
    // (…or sit in two settings: "prod pgvector stays pinned at 0.5.1" / "on staging pgvector 0.7.4".)
    assert.equal(choice('prod pgvector stays pinned at 0.5.1', 'pin pgvector 0.7.4 on staging'), undefined)
  })

  it('heads a dispute over versions by the product, as written', () => {
    const heading = (a: string, b: string) => {
      const [fa, fb] = [featurize(a), featurize(b)]
      const verdict = compareChoices(fa, fb, lexicon)
      assert.ok(verdict)
      return decisionPointOf(verdict.subject, fa, fb, verdict).heading
    }

    assert.equal(heading('min version TLS 1.3 in prod', 'TLS 1.2 minimum in prod'), 'TLS version')
    assert.equal(heading('Approve 8.0.37 as the fleet-wide target', 'target 8.0.39, pinned.'), 'Target version')
  })
})
