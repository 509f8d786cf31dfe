import assert from 'node:assert/strict'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {checkCatalog} from '../../src/shared/catalog-check.js'
import {type CatalogKind, loadCatalogFiles, readCatalogEntries} from '../../src/shared/catalog.js'
import {tempDir} from '../helpers/cli.js'

// A made-up catalog of the same shape as the real ones: NN-slug.yaml files with a schema.
const kind = (dir: string): CatalogKind<{id: number; name: string}> => ({
  build: (value) => ({id: value.id as number, name: value.name as string}),
  dir,
  id: {field: 'id', fromName: (match) => Number(match[1])},
  layout: {example: '01-first.yaml', files: /^(\d{2})-[a-z]+\.yaml$/},
  maxBytes: 4096,
  order: (a, b) => a.id - b.id,
  root: dir,
  schema: {additionalProperties: false, properties: {id: {type: 'integer'}, name: {minLength: 1, type: 'string'}}, required: ['id', 'name'], type: 'object'},
  unique: ['name'],
  what: 'widget',
})

describe('shared: the catalog loader (drills, trials and tensions use it)', () => {
  let dir: ReturnType<typeof tempDir>
  const write = (name: string, text: string) => writeFileSync(join(dir.path, 'w', name), text)
  const load = () => checkCatalog(kind(join(dir.path, 'w')), readCatalogEntries(kind(join(dir.path, 'w'))))
  beforeEach(() => {
    dir = tempDir()
    mkdirSync(join(dir.path, 'w'))
  })
  afterEach(() => dir.cleanup())

  it('loads entries in id order', () => {
    write('02-second.yaml', 'id: 2\nname: second\n')
    write('01-first.yaml', 'id: 1\nname: first\n')
    assert.deepEqual(load(), [
      {id: 1, name: 'first'},
      {id: 2, name: 'second'},
    ])
  })

  it('names file, line, column and field of the first problem, and how many more', () => {
    write('01-first.yaml', 'id: 1\nname: first\ncolour: red\n')
    write('02-second.yaml', 'id: 3\nname: second\n')
    assert.throws(load, /^InputError: widget catalog: 01-first\.yaml:3:1 colour: is not a known field \(and 1 more\)$/)
  })

  it('refuses an id that does not match its file name, a duplicate field, malformed YAML and a misnamed file', () => {
    write('01-first.yaml', 'id: 1\nname: same\n')
    write('02-second.yaml', 'id: 2\nname: Same\n')
    assert.throws(load, /02-second\.yaml:2:1 name: "Same" is also used by 01-first\.yaml/)
    write('02-second.yaml', 'id: 5\nname: other\n')
    assert.throws(load, /02-second\.yaml:1:1 id: 5 does not match the file name 02-second\.yaml/)
    write('02-second.yaml', 'id: [\n')
    assert.throws(load, /02-second\.yaml:2:1 \(yaml\): /)
    write('2-bad.yaml', 'id: 2\n')
    assert.throws(load, /2-bad\.yaml: widget files are named like 01-first\.yaml/)
  })

  it('memoizes by content: an edited file is validated again', async () => {
    write('01-first.yaml', 'id: 1\nname: first\n')
    const cacheDir = join(dir.path, 'cache')
    const options = {builder: import.meta.url, cacheDir, name: 'widgets'}
    assert.deepEqual(await loadCatalogFiles(kind(join(dir.path, 'w')), options), [{id: 1, name: 'first'}])
    write('01-first.yaml', 'id: 1\nname: ""\n')
    await assert.rejects(loadCatalogFiles(kind(join(dir.path, 'w')), options), /01-first\.yaml:2:1 name: must NOT have fewer than 1 characters/)
  })
})
