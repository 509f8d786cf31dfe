import {strict as assert} from 'node:assert'
import {cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import Ajv from 'ajv'

import {loadCatalog, loadDrill, loadModule} from '../../src/drills/catalog.js'
import {drillSchema} from '../../src/drills/schema.js'
import {InputError} from '../../src/shared/errors.js'
import {ROOT, tempDir} from '../helpers/cli.js'

describe('drill catalog', () => {
  it('the schema itself is a valid JSON Schema under a strict ajv (run time skips this check for speed)', () => {
    const ajv = new Ajv.default({allErrors: true, strict: true})
    assert.doesNotThrow(() => ajv.compile(drillSchema))
  })

  it('every drill in the package loads, and its module implements generate()', async () => {
    const drills = await loadCatalog(ROOT)
    assert.ok(drills.length >= 1)
    for (const drill of drills) {
      assert.equal(drill.hints.length, 3, drill.key)
      const module = await loadModule(drill)
      const a = module.generate(1)
      const b = module.generate(1)
      assert.deepEqual(a.files, b.files, `${drill.key}: same seed, same fixture`)
      assert.equal(a.expected, b.expected)
    }
  })

  it('loadDrill finds one drill by id or slug without the whole catalog', async () => {
    assert.equal((await loadDrill(ROOT, '2')).slug, 'ssh-audit')
    assert.equal((await loadDrill(ROOT, 'ssh-audit')).id, 2)
    await assert.rejects(loadDrill(ROOT, '../etc'), /no drill/)
  })

  it('loadDrill memoizes a validated spec by content: an edited YAML is validated again', async () => {
    const dir = tempDir()
    try {
      mkdirSync(join(dir.path, 'drills'))
      const yaml = join(dir.path, 'drills', '02-ssh-audit.yaml')
      cpSync(join(ROOT, 'drills', '02-ssh-audit.yaml'), yaml)
      const cache = join(dir.path, 'cache')
      const first = await loadDrill(dir.path, '2', cache)
      assert.equal(readdirSync(cache).length, 1)
      assert.deepEqual(await loadDrill(dir.path, '2', cache), first, 'the memo gives the same drill')
      writeFileSync(join(cache, readdirSync(cache)[0]), '{damaged')
      assert.deepEqual(await loadDrill(dir.path, '2', cache), first, 'a damaged memo is ignored')
      writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('timeout: 10', 'timeout: "soon"'))
      await assert.rejects(loadDrill(dir.path, '2', cache), /drills\/02-ssh-audit\.yaml:\d+:\d+ timeout: must be number/)
    } finally {
      dir.cleanup()
    }
  })

  describe('bad drill files give one clear error naming the file and field', () => {
    let dir: ReturnType<typeof tempDir>
    const good = () => cpSync(join(ROOT, 'drills', '02-ssh-audit.yaml'), join(dir.path, 'drills', '02-ssh-audit.yaml'))
    beforeEach(() => {
      dir = tempDir()
      mkdirSync(join(dir.path, 'drills'))
    })
    afterEach(() => dir.cleanup())

    const cases: Array<[string, string, RegExp]> = [
      ['03-bad.yaml', 'id: 3\nslug: bad\n  title: [', /03-bad\.yaml:2:7 \(yaml\): /],
      ['03-bad.yaml', 'id: 3\nslug: bad\ntitle: x\n', /03-bad\.yaml:1:1 bloom: is required/],
      ['04-x.yaml', 'id: 5\n', /04-x\.yaml/],
      ['bad name.yaml', 'id: 1\n', /named like 02-ssh-audit\.yaml/],
    ]
    for (const [name, text, error] of cases) {
      it(`${name}: ${error}`, async () => {
        good()
        writeFileSync(join(dir.path, 'drills', name), text)
        await assert.rejects(loadCatalog(dir.path), (e: unknown) => e instanceof InputError && error.test(e.message))
      })
    }

    it('a wrong field type names the field', async () => {
      good()
      const {parse, stringify} = await import('yaml')
      const {readFileSync} = await import('node:fs')
      const spec = parse(readFileSync(join(ROOT, 'drills', '02-ssh-audit.yaml'), 'utf8'))
      spec.id = 3
      spec.hints = ['only one']
      writeFileSync(join(dir.path, 'drills', '03-ssh-audit.yaml'), stringify(spec))
      await assert.rejects(loadCatalog(dir.path), /03-ssh-audit\.yaml:\d+:\d+ hints: must NOT have fewer than 3 items/)
    })
  })
})
