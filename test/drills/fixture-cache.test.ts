import {strict as assert} from 'node:assert'
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {findDrill, loadCatalog, type Drill} from '../../src/drills/catalog.js'
import {generatorHash} from '../../src/drills/fixture-cache.js'
import {prepareSeed} from '../../src/drills/fixture.js'
import type {DrillModule, Fixture} from '../../src/drills/types.js'
import {ROOT, tempDir} from '../helpers/cli.js'

/**
 * The fixture cache (drills 13 and 20): a seed's fixture is generated once and reused; a changed drill file
 * gets a new entry, never the stale one; a module with relative mtimes is refused; disposing a prepared seed
 * leaves the shared entry in place.
 */
describe('drill fixture cache', () => {
  let drill: Drill
  const scratch = tempDir()
  let calls = 0
  const module: DrillModule = {
    cacheFixture: true,
    generate(seed: number): Fixture {
      calls++
      return {expected: `answer ${seed}\n`, files: {'data.txt': `seed ${seed}\n`}}
    },
  }

  before(async () => {
    // A copy of drill 13's YAML, so the test can change "the drill" without touching the package.
    const real = findDrill(await loadCatalog(ROOT), '13')
    mkdirSync(scratch.path, {recursive: true})
    const file = join(scratch.path, '13-certificates.yaml')
    copyFileSync(real.file, file)
    drill = {...real, file}
  })

  after(() => scratch.cleanup())

  it('generates a seed once, then reuses it; dispose keeps the entry', async () => {
    const cache = join(scratch.path, 'cache')
    const runs = join(scratch.path, 'runs')
    calls = 0
    const a = await prepareSeed(drill, module, 5, runs, cache)
    assert.equal(readFileSync(join(a.template, 'data.txt'), 'utf8'), 'seed 5\n')
    assert.equal(a.expected, 'answer 5\n')
    a.dispose()
    assert.ok(existsSync(a.template), 'the cache entry survives dispose()')
    const b = await prepareSeed(drill, module, 5, runs, cache)
    assert.equal(b.template, a.template)
    assert.equal(calls, 1, 'the second prepare is a cache hit')
    await prepareSeed(drill, module, 6, runs, cache)
    assert.equal(calls, 2, 'another seed is another entry')
    // Without a cache root (verify, tests) nothing is cached.
    const c = await prepareSeed(drill, module, 5, runs)
    assert.notEqual(c.template, a.template)
    c.dispose()
    assert.equal(calls, 3)
  })

  it('a changed drill file changes the key, so a stale fixture is never reused', async () => {
    const cache = join(scratch.path, 'cache2')
    const before = generatorHash(drill)
    const first = await prepareSeed(drill, module, 5, join(scratch.path, 'runs'), cache)
    writeFileSync(drill.file, readFileSync(drill.file, 'utf8') + '# edited\n')
    assert.notEqual(generatorHash(drill), before)
    calls = 0
    const second = await prepareSeed(drill, module, 5, join(scratch.path, 'runs'), cache)
    assert.equal(calls, 1, 'regenerated after the change')
    assert.notEqual(second.template, first.template)
    assert.deepEqual(readdirSync(join(cache, 'fixtures', drill.key)).length, 2)
  })

  it('refuses a fixture with relative mtimes (they would be frozen at the first check)', async () => {
    const dated: DrillModule = {cacheFixture: true, generate: () => ({expected: 'x\n', files: {'old.log': {data: 'x\n', mtimeDaysAgo: 3}}})}
    await assert.rejects(prepareSeed(drill, dated, 1, join(scratch.path, 'runs'), join(scratch.path, 'cache3')), /relative mtime/)
    assert.deepEqual(readdirSync(join(scratch.path, 'cache3', 'fixtures', drill.key)), [], 'nothing half-built is left')
  })
})
