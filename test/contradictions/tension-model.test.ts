import assert from 'node:assert/strict'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {loadHalf} from '../../bench/prose-set.js'
import {disputes, TRAINING} from '../../scripts/train-tensions.js'
import {loadCatalog, signalIndex} from '../../src/contradictions/catalog.js'
import {loadFitted} from '../../src/contradictions/fitted.js'
import {fitTensionModel, loadTensionModel, predictTension, tensionOfDispute, tensionWords} from '../../src/contradictions/tension-model.js'
import {type KhaosError} from '../../src/shared/errors.js'
import {ROOT, tempDir} from '../helpers/cli.js'

describe('contradictions: the tension model', () => {
  const model = loadTensionModel(ROOT)!

  it("is the one the tune half's labels give, over catalog tensions only", function () {
    this.timeout(120_000)
    assert.ok(model, 'catalog/tension-model.json is committed')
    const ids = new Set(loadCatalog(ROOT).tensions.map((t) => t.id))
    assert.deepEqual(
      model.classes.slice(1).filter((id) => !ids.has(id)),
      [],
    )
    const tune = disputes(loadHalf('tune'))
    const refit = fitTensionModel(
      tune.map((d) => ({label: d.label, words: tensionWords(...d.lines)})),
      {...TRAINING, trainedOn: model.trainedOn},
    )
    assert.deepEqual(refit, model, 'run node --import tsx scripts/train-tensions.ts --write')
  })

  it('names a tension only when it is sure of one', () => {
    const automerge = predictTension(
      model,
      'dependabot patch bumps → auto-merge once CI is green, no human review',
      'dependabot: no auto-merge, ever, not even patch',
    )
    assert.equal(automerge?.id, 'automation-vs-human-judgment')
    assert.ok(automerge.probability >= model.threshold)
    // (Two dates of one plan are about no trade-off.)
    assert.equal(predictTension(model, 'cutover to the new cluster on 3 March', 'cutover no earlier than mid-April'), undefined)
  })

  it('gives a dispute its tension only when one of its lines signals a pole of it', () => {
    const signals = signalIndex(loadCatalog(ROOT))
    const automerge = ['dependabot patch bumps → auto-merge once CI is green, no human review', 'dependabot: no auto-merge, ever, not even patch'] as const
    assert.equal(tensionOfDispute(model, automerge, signals), 'automation-vs-human-judgment')
    // (A model that reads alert routing as Alert Coverage vs Alert Fatigue, as the fitted one has at times: neither
    // line says a word of its poles, so the dispute gets none. A toy model, so that the check does not hang on a refit.)
    const routing = ['- **Warnings:** #alerts, repeated daily.', '- warnings OUT of #alerts. per-team channels (whatever each team already watches)'] as const
    const examples = [
      ...Array.from({length: 6}, () => ({label: 'alert-coverage-vs-alert-fatigue', words: new Set(['warning', 'channel'])})),
      ...Array.from({length: 6}, () => ({words: new Set(['date', 'cutover'])})),
    ]
    const toy = fitTensionModel(examples, {iterations: 200, lambda: 1e-3, threshold: 0.5, trainedOn: 'toy'})
    assert.equal(predictTension(toy, ...routing)?.id, 'alert-coverage-vs-alert-fatigue')
    assert.equal(tensionOfDispute(toy, routing, signals), undefined)
  })

  it('learns the words of labelled disputes and leaves "none" to the rest', () => {
    const examples = [
      ...Array.from({length: 6}, () => ({label: 'cost-vs-reliability', words: new Set(['budget', 'replica'])})),
      ...Array.from({length: 6}, () => ({words: new Set(['date', 'cutover'])})),
    ]
    const toy = fitTensionModel(examples, {iterations: 200, lambda: 1e-3, threshold: 0.5, trainedOn: 'toy'})
    assert.deepEqual(toy.classes, ['none', 'cost-vs-reliability'])
    assert.equal(predictTension(toy, 'the replica budget', 'one more replica')?.id, 'cost-vs-reliability')
    assert.equal(predictTension(toy, 'cutover date', 'the date moves'), undefined)
  })
})

describe('contradictions: fitted models under catalog/', () => {
  it('reads an absent model as none and refuses a damaged one in one line', () => {
    const {cleanup, path: root} = tempDir()
    try {
      mkdirSync(join(root, 'catalog'))
      assert.equal(loadFitted(root, 'absent.json'), undefined)
      writeFileSync(join(root, 'catalog', 'broken.json'), '{"weights": ')
      assert.throws(
        () => loadFitted(root, 'broken.json'),
        (error: KhaosError) => error.exitCode === 2 && /^catalog\/broken\.json: not valid JSON/.test(error.message),
      )
      writeFileSync(join(root, 'catalog', 'list.json'), '[1, 2]')
      assert.throws(() => loadFitted(root, 'list.json'), /catalog\/list\.json: expected a JSON object/)
    } finally {
      cleanup()
    }
  })
})
