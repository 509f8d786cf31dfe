import {strict as assert} from 'node:assert'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {memoizeByContent} from '../../src/shared/memo.js'
import {tempDir} from '../helpers/cli.js'

describe('shared/memo: results memoized by the content they are built from', () => {
  let work: ReturnType<typeof tempDir>
  beforeEach(() => {
    work = tempDir('khaos-memo-')
  })
  afterEach(() => work.cleanup())

  function memo(inputs: string[], counter: {builds: number}, cacheDir: string | undefined = join(work.path, 'cache')) {
    return memoizeByContent({
      async build() {
        counter.builds++
        return {joined: inputs.join('+')}
      },
      builder: import.meta.url,
      cacheDir,
      inputs,
      name: 'test',
    })
  }

  it('builds once, then reads the memo while the inputs are the same', async () => {
    const counter = {builds: 0}
    assert.deepEqual(await memo(['a', 'b'], counter), {joined: 'a+b'})
    assert.deepEqual(await memo(['a', 'b'], counter), {joined: 'a+b'})
    assert.equal(counter.builds, 1)
  })

  it('rebuilds when any input changes, and keeps one file per name', async () => {
    const counter = {builds: 0}
    await memo(['a', 'b'], counter)
    assert.deepEqual(await memo(['a', 'c'], counter), {joined: 'a+c'})
    // Inputs are separated, so a different split of the same characters is a different key.
    assert.deepEqual(await memo(['a+', 'c'], counter), {joined: 'a++c'})
    assert.equal(counter.builds, 3)
    assert.match(readFileSync(join(work.path, 'cache', 'memo-test.json'), 'utf8'), /a\+\+c/)
  })

  it('ignores a damaged or foreign memo and rebuilds it', async () => {
    const counter = {builds: 0}
    await memo(['x'], counter)
    const file = join(work.path, 'cache', 'memo-test.json')
    writeFileSync(file, '{"key": "forged", "value": {"joined": "evil"}}')
    assert.deepEqual(await memo(['x'], counter), {joined: 'x'})
    writeFileSync(file, '{not json')
    assert.deepEqual(await memo(['x'], counter), {joined: 'x'})
    assert.equal(counter.builds, 3)
  })

  it('still answers when the cache folder cannot be made, and without one', async () => {
    const counter = {builds: 0}
    // A file where the folder should be: mkdir fails even for root.
    const blocked = join(work.path, 'blocked')
    writeFileSync(blocked, '')
    assert.deepEqual(await memo(['r'], counter, join(blocked, 'cache')), {joined: 'r'})
    assert.deepEqual(await memo(['r'], counter, undefined), {joined: 'r'})
    assert.equal(counter.builds, 2)
  })

  it('does not propagate a build error into the memo', async () => {
    const failing = () =>
      memoizeByContent({
        build: () => Promise.reject(new Error('bad catalog')),
        builder: import.meta.url,
        cacheDir: join(work.path, 'cache'),
        inputs: ['y'],
        name: 'test',
      })
    await assert.rejects(failing, /bad catalog/)
    await assert.rejects(failing, /bad catalog/)
  })
})
