import assert from 'node:assert/strict'

import {lowerFirst, oneLine, stripControls, terminalSafe, truncate} from '../../src/shared/text.js'

describe('shared/text: what reaches a terminal', () => {
  it('terminalSafe shows ESC/OSC/CSI, BEL, C1, bidi overrides and line breaks instead of passing them on', () => {
    assert.equal(terminalSafe('a\u001B]0;t\u0007b'), 'a\\e]0;t\\x07b')
    assert.equal(terminalSafe('\u009B2J'), '\\x9b2J')
    assert.equal(terminalSafe('x\u202Etxt.exe'), 'x\\u202etxt.exe')
    assert.equal(terminalSafe('row\nPASS\r'), 'row\\nPASS\\r')
    assert.equal(terminalSafe('tab\there'), 'tab\\there')
    assert.equal(terminalSafe('\uD800x'), '\uFFFDx', 'a lone surrogate becomes U+FFFD')
    assert.equal(terminalSafe('plain ünïcode 😀 text'), 'plain ünïcode 😀 text', 'ordinary text is untouched')
  })

  it('keepLines keeps newlines and tabs of a multi-line message, still showing CR and ESC', () => {
    assert.equal(terminalSafe('one\n\ttwo\r\u001B[2J', {keepLines: true}), 'one\n\ttwo\\r\\e[2J')
  })

  it('truncate cuts by code point and, with atWord, at a word boundary', () => {
    assert.equal(truncate('😀😀😀', 2), '😀…')
    assert.equal(truncate('short', 10), 'short')
    assert.equal(truncate('alpha beta  gamma delta', 14, {atWord: true}), 'alpha beta…')
  })

  it('keepStyle lets colour (SGR) through and still shows every other escape, title and screen clear', () => {
    const red = '\u001B[31mFAIL\u001B[39m'
    assert.equal(terminalSafe(red, {keepStyle: true}), red)
    assert.equal(terminalSafe(`${red}\u001B]0;pwned\u0007\u001B[2J`, {keepStyle: true}), `${red}\\e]0;pwned\\x07\\e[2J`)
    assert.equal(terminalSafe(red), '\\e[31mFAIL\\e[39m')
  })
})

describe('shared/text: chat-safe text', () => {
  it('stripControls removes escapes, C1 controls and bidi overrides, keeps tabs and newlines', () => {
    assert.equal(stripControls('a\u001b[31mred\u001b]0;title\u0007\u009b2J\u202eb\r\nc\td'), 'a[31mred]0;title2Jb\nc\td')
  })

  it('oneLine folds every run of whitespace into one space', () => {
    assert.equal(oneLine('  two\n\nlines\u0000 here  '), 'two lines here')
  })

  it('truncate counts UTF-16 units for chat limits and never splits a surrogate pair', () => {
    assert.equal(truncate('abcdef', 4, {utf16: true}), 'abc…')
    assert.equal(truncate('ab😀def', 4, {utf16: true}), 'ab…')
    assert.equal(truncate('ab😀def', 4), 'ab😀…')
    assert.equal(truncate('abc', 3, {utf16: true}), 'abc')
  })
})

describe('shared/text: text that goes on after other words', () => {
  it('lowers the first letter, but never an acronym ("TTL", "API instance")', () => {
    assert.equal(lowerFirst('Default ttl'), 'default ttl')
    assert.equal(lowerFirst('TTL'), 'TTL')
    assert.equal(lowerFirst('API instance: allkeys-lru'), 'API instance: allkeys-lru')
    assert.equal(lowerFirst(''), '')
  })
})
