import assert from 'node:assert/strict'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {findTension, loadCatalog, matchTensions} from '../../src/contradictions/catalog.js'
import {type KhaosError} from '../../src/shared/errors.js'
import {CATALOG_FILES} from '../helpers/catalogs.js'
import {ROOT, tempDir} from '../helpers/cli.js'

describe('contradictions: the tension catalog', () => {
  const catalog = loadCatalog(ROOT)

  it('holds one distinct tension per file, sorted by id, the five original ones kept', () => {
    assert.equal(catalog.tensions.length, CATALOG_FILES.tensions.length)
    assert.deepEqual(catalog.tensions.map((t) => `${t.id}.yaml`).sort(), CATALOG_FILES.tensions)
    const ids = catalog.tensions.map((t) => t.id)
    assert.deepEqual(ids, [...ids].sort())
    assert.equal(new Set(catalog.tensions.map((t) => t.name.toLowerCase())).size, catalog.tensions.length)
    const legacy = catalog.tensions
      .filter((t) => t.legacy)
      .map((t) => t.name)
      .sort()
    assert.deepEqual(legacy, ['Global vs Local', 'Open vs Profitable', 'Privacy vs Personalization', 'Simple vs Powerful', 'Speed vs Security'])
  })

  it('gives every tension two poles with signals, a hook, a resolution, a pricing line and a PromQL proof', () => {
    const poleNames = new Set<string>()
    for (const t of catalog.tensions) {
      assert.equal(t.poles.length, 2, t.id)
      for (const pole of t.poles) assert.ok(pole.signals.length >= 3, `${t.id}/${pole.name}`)
      for (const field of [t.hook, t.resolution, t.pricing, t.proof.promql, t.proof.target, t.proof.description]) assert.ok(field.trim().length > 10, t.id)
      assert.match(t.proof.promql, /[a-z_]+(\{|\[|\()/, `${t.id}: proof should be a PromQL expression`)
      assert.ok(t.id.length <= 32 && /^[a-z0-9-]+$/.test(t.id))
      poleNames.add(
        t.poles
          .map((p) => p.name)
          .sort()
          .join(' / '),
      )
    }

    assert.equal(poleNames.size, catalog.tensions.length, 'no two tensions share the same pair of poles')
  })

  it('finds a tension by id and suggests ids for a near miss', () => {
    assert.equal(findTension(catalog, 'speed-vs-security').name, 'Speed vs Security')
    assert.throws(
      () => findTension(catalog, 'privacy'),
      (e: KhaosError) => e.exitCode === 2 && /no tension "privacy"/.test(e.message) && /privacy-vs-personalization/.test(e.hint ?? ''),
    )
  })

  it('matches a topic string to tensions, the exact name first', () => {
    assert.deepEqual(matchTensions('Privacy vs Personalization', catalog)[0], {id: 'privacy-vs-personalization', name: 'Privacy vs Personalization', score: 1})
    assert.equal(matchTensions('should we split the monolith into microservices?', catalog)[0].id, 'monolith-vs-microservices')
    assert.deepEqual(matchTensions('zzz qqq', catalog), [])
  })

  describe('a malformed catalog names the file, the entry and the field', () => {
    const good = readFileSync(join(ROOT, 'catalog', 'tensions', 'speed-vs-security.yaml'), 'utf8')
    const cases: Array<[string, string, RegExp]> = [
      ['missing field', good.replace(/^pricing:.*\n/m, ''), /speed-vs-security\.yaml:1:1 pricing: is required/],
      ['wrong type', good.replace(/^hook:.*$/m, 'hook: [1, 2]'), /speed-vs-security\.yaml:9:1 hook: must be string/],
      ['unknown field', good + 'colour: red\n', /colour: is not a known field$/],
      ['one pole', good.replace(/ {2}- name: Security[\s\S]*?(?=^hook:)/m, ''), /poles: must NOT have fewer than 2 items/],
      ['bad signal list', good.replace(/signals: \[security,[^\]]*\]/, 'signals: security'), /poles\[1\]\.signals: must be array/],
      [
        'signal on both poles',
        good.replace('signals: [security,', 'signals: [velocity, security,'),
        /:8:15 poles\[1\]\.signals\[0\]: "velocity" signals both poles/,
      ],
      [
        'a gap at the end of a signal',
        good.replace('signals: [security,', 'signals: [scan …, security,'),
        /poles\[1\]\.signals\[0\]: "scan …": a gap \(…\) must stand between two words/,
      ],
      ['id not the file name', good.replace(/^id: .*$/m, 'id: other-id'), /id: "other-id" does not match the file name speed-vs-security\.yaml/],
      ['malformed YAML', 'id: [unclosed\n', /speed-vs-security\.yaml:2:1 \(yaml\): /],
    ]
    for (const [name, body, message] of cases) {
      it(name, () => {
        const dir = tempDir()
        try {
          mkdirSync(join(dir.path, 'tensions'))
          writeFileSync(join(dir.path, 'tensions', 'speed-vs-security.yaml'), body)
          assert.throws(
            () => loadCatalog(dir.path, join(dir.path, 'tensions')),
            (e: KhaosError) => e.exitCode === 2 && message.test(e.message),
          )
        } finally {
          dir.cleanup()
        }
      })
    }

    it('an empty catalog folder', () => {
      const dir = tempDir()
      try {
        assert.throws(() => loadCatalog(dir.path, dir.path), /tension catalog .*: no entries/)
      } finally {
        dir.cleanup()
      }
    })
  })
})
