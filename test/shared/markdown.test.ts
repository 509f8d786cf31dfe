import assert from 'node:assert/strict'

import {mdCell, mdCode, mdText} from '../../src/shared/markdown.js'

describe('shared: Markdown text written by construction', () => {
  it('a code span shows its text as written: no backslash, a fence longer than any backtick run inside', () => {
    assert.equal(mdCode('../records'), '`../records`')
    assert.equal(mdCode('a `b` c'), '``a `b` c``')
    assert.equal(mdCode('`x`'), '`` `x` ``', 'padded when the text touches a backtick')
    assert.equal(mdCode('a\nb\u001b'), '`a b\uFFFD`', 'one line, no controls')
    assert.equal(mdCode('x | y'), '`x | y`')
    assert.equal(mdCode('x | y', {inTable: true}), '`x \\| y`', 'a | in a table cell is escaped even in a span')
  })

  it('text and cells cannot become links, HTML or emphasis', () => {
    assert.equal(mdText('<b>[x](http://evil) *y*'), '&lt;b&gt;\\[x\\](http\\://evil) \\*y\\*')
    assert.equal(mdCell('a|b\nc'), 'a\\|b ↵ c')
  })
})
