import {strict as assert} from 'node:assert'

import {closestMatch} from '../../src/shared/suggest.js'
import {khaos} from '../helpers/cli.js'

describe('mistakes at the terminal: did you mean, one line, no internal codes', () => {
  for (const [typed, expected] of [
    [['dao', 'lst'], 'khaos dao list'],
    [['drill', 'chek', '2'], 'khaos drill check 2'],
    [['synthesise', '--topic', 'x'], 'khaos synthesize'],
  ] as const) {
    it(`khaos ${typed.join(' ')} suggests "${expected}" (exit 2, no help dump)`, async () => {
      const result = await khaos([...typed])
      assert.equal(result.exitCode, 2)
      const text = result.stderr.replace(/\s*›\s*/g, ' ')
      assert.match(text, new RegExp(`Did you mean "${expected}"\\?`))
      assert.doesNotMatch(text, /dao:lst|drill:chek/, 'no internal command ids')
      assert.doesNotMatch(result.stderr, /USAGE|FLAGS/, 'no help dump')
      assert.ok(result.stderr.trim().split('\n').length <= 4, result.stderr)
    })
  }

  it('names no command when nothing is close, and keeps the suggestion in --json', async () => {
    const far = await khaos(['xyzzyplugh'])
    assert.equal(far.exitCode, 2)
    assert.doesNotMatch(far.stderr, /Did you mean/)
    const json = await khaos(['dao', 'lst', '--json'])
    assert.equal(json.exitCode, 2)
    const parsed = JSON.parse(json.stdout)
    assert.equal(parsed.error.code, 'COMMAND_NOT_FOUND')
    assert.equal(parsed.error.suggestion, 'dao list')
  })

  it('suggests the closest flag for --topc and --no-colr, in a few lines', async () => {
    const topic = await khaos(['synthesize', '--topc', 'x'])
    assert.equal(topic.exitCode, 2)
    const text = topic.stderr.replace(/\s*›\s*/g, ' ')
    assert.match(text, /Nonexistent flag: --topc/)
    assert.match(text, /Did you mean --topic \(not --topc\)\?/)
    assert.match(text, /See: khaos synthesize --help/)
    assert.doesNotMatch(topic.stderr, /USAGE|FLAGS|See more help/)
    const color = await khaos(['keys', 'list', '--no-colr'])
    assert.match(color.stderr, /Did you mean --no-color/)
  })

  it('human errors carry no "Code: INPUT" line; --json keeps the code', async () => {
    const human = await khaos(['verify', '/nonexistent-khaos-dir', '--key', 'x'])
    assert.equal(human.exitCode, 2)
    assert.match(human.stderr, /no such directory/)
    assert.doesNotMatch(human.stderr, /Code:/)
    const json = await khaos(['verify', '/nonexistent-khaos-dir', '--key', 'x', '--json'])
    assert.equal(JSON.parse(json.stdout).error.code, 'ENOENT')
    const unpinned = await khaos(['drill', 'show', '9999'])
    assert.equal(unpinned.exitCode, 2)
    assert.doesNotMatch(unpinned.stderr, /Code:/)
    assert.equal(JSON.parse((await khaos(['drill', 'show', '9999', '--json'])).stdout).error.code, 'INPUT')
  })

  it('closestMatch: typos within reach, nothing for unrelated words', () => {
    assert.equal(closestMatch('lst', ['list', 'record', 'index']), 'list')
    assert.equal(closestMatch('topc', ['topic', 'timestamp', 'out']), 'topic')
    assert.equal(closestMatch('banana', ['topic', 'timestamp', 'out']), undefined)
  })
})
