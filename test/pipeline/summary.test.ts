import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import MarkdownIt from 'markdown-it'

import {mdQuote, shellQuote} from '../../src/pipeline/markdown.js'
import {renderSummary, type SynthesisSummaryInput} from '../../src/pipeline/summary.js'
import {tempDir} from '../helpers/cli.js'
import {HOSTILE} from '../map/fixtures.js'

// html: true, so any raw HTML that got through would appear in the output as a tag.
const markdown = new MarkdownIt({html: true, linkify: false})
const ALLOWED_TAGS = new Set(['blockquote', 'code', 'h1', 'h2', 'h3', 'p', 'pre', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr'])

const FORMATTING = 'a **bold** _em_ `code` [link](http://x.test) ![img](x.png) ~~del~~ # not a heading | pipe \\ backslash'
const BLOCKY = '# heading\n- item\n+ plus\n1. one\n2) two\n    indented code\n===\n---\n> quoted\n```\nfence\n~~~\n<!-- comment -->\n<https://autolink.test>'

function hostileSummary(overrides: Partial<SynthesisSummaryInput> = {}): SynthesisSummaryInput {
  return {
    artifacts: HOSTILE.slice(0, 4).map((text, i) => ({bytes: i, path: `out/${text}`, role: text, sha256: 'a'.repeat(64)})),
    findings: [...HOSTILE, FORMATTING, BLOCKY].map((text, i) => ({
      a: {line: i, participant: HOSTILE[(i + 1) % HOSTILE.length], source: `${text}.md`, text},
      b: {line: i + 1, participant: 'bob', source: 'b.md', text: `${BLOCKY}\n${text}`},
      id: `f${i} ${text.slice(0, 12)}`,
      kind: HOSTILE[i % HOSTILE.length],
      score: 0.5,
      subject: text,
      tension: i % 2 === 0 ? {id: HOSTILE[3], name: FORMATTING, resolution: text} : undefined,
    })),
    inputs: [{bytes: 10, path: HOSTILE[4], sha256: 'b'.repeat(64)}],
    khaosVersion: '0.1.0',
    notes: [BLOCKY, '- item', '1) one', '+ plus', '42. answer', '=== setext'],
    participants: [...HOSTILE, FORMATTING],
    record: {id: HOSTILE[0], path: HOSTILE[2], status: HOSTILE[3], title: FORMATTING},
    session: 's-1',
    signing: {reason: '--no-sign <b>', signed: false},
    stages: [
      {detail: HOSTILE[4], durationMs: 12.4, name: HOSTILE[2], status: 'ok'},
      {detail: BLOCKY, durationMs: 1500, name: 'record', status: 'ok'},
    ],
    timestamp: {iso: '2026-11-21T10:00:00Z', source: 'flag'},
    topic: [FORMATTING, ...HOSTILE].join('\n'),
    verification: {checksumDir: 'notary', checksumFile: 'SHA256', notaryDir: HOSTILE[0]},
    ...overrides,
  }
}

function tags(html: string): Set<string> {
  return new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1].toLowerCase()))
}

function decode(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}

describe('pipeline: Markdown summary', () => {
  it('hostile strings cannot produce HTML or formatting', () => {
    const md = renderSummary(hostileSummary())
    const html = markdown.render(md)
    const used = tags(html)
    for (const tag of used) assert.ok(ALLOWED_TAGS.has(tag), `unexpected <${tag}> in the rendered summary`)
    assert.doesNotMatch(html, /<script|<b>|<a |<img|<em>|<li>|<hr/)
    // Outside code fences the Markdown itself holds no "<" at all.
    const outsideFences = md.replace(/^(`{3,})sh\n[\s\S]*?\n\1$/gm, '')
    assert.doesNotMatch(outsideFences, /</)
  })

  it('every claim is one block quote whose text reads exactly as written', () => {
    const input = hostileSummary()
    const html = markdown.render(renderSummary(input))
    const quotes = [...html.matchAll(/<blockquote>\n([\s\S]*?)<\/blockquote>/g)].map((m) => decode(m[1]).trim())
    assert.equal(quotes.length, input.findings.length * 2)
    const expected = (text: string) =>
      text
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((line) => line.trim())
        .join('\n')
        .trim()
    // Control characters and lone surrogates become U+FFFD; compare the ones without them.
    for (const [i, f] of input.findings.entries()) {
      if (/[\u0000-\u0008\u000B-\u001F\u007F\uD800-\uDFFF]/.test(f.a.text)) continue
      assert.equal(quotes[i * 2].replace(/\n\n/g, '\n'), expected(f.a.text).replace(/\n\n/g, '\n'))
    }
  })

  it('tables keep their shape: newlines and pipes in cells do not split rows or columns', () => {
    const md = renderSummary(hostileSummary())
    const html = markdown.render(md)
    const tables = [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((m) => m[1])
    assert.equal(tables.length, 5) // facts, stages, record, inputs, artifacts
    const rows = tables.map((t) => (t.match(/<tr>/g) ?? []).length)
    assert.deepEqual(rows, [9, 3, 5, 2, 5])
    for (const table of tables) {
      for (const row of table.match(/<tr>[\s\S]*?<\/tr>/g) ?? []) {
        const cells = (row.match(/<t[hd]>/g) ?? []).length
        assert.ok([2, 3, 4, 5].includes(cells))
      }
    }

    assert.equal((html.match(/<h3>/g) ?? []).length, hostileSummary().findings.length)
    assert.equal((html.match(/<h1>/g) ?? []).length, 1)
  })

  it('says plainly that an unsigned run is unsigned, and a signed one names its key', () => {
    const unsigned = renderSummary(hostileSummary())
    assert.match(unsigned, /\*\*This run is unsigned\.\*\*/)
    assert.match(unsigned, /\| Signing \| \*\*unsigned\*\* \(--no-sign &lt;b&gt;\) \|/)
    const signed = renderSummary(hostileSummary({signing: {key: 'default', keyCreated: true, signed: true}}))
    assert.doesNotMatch(signed, /unsigned/)
    assert.match(signed, /signed with key default \(created by this run: no key existed\)/)
  })

  it('is byte-identical for the same input; durations only when the time came from the clock', () => {
    assert.equal(renderSummary(hostileSummary()), renderSummary(hostileSummary()))
    assert.doesNotMatch(renderSummary(hostileSummary()), /12 ms/)
    const clock = renderSummary(hostileSummary({timestamp: {iso: '2026-11-21T10:00:00Z', source: 'clock'}}))
    assert.match(clock, /\| 12 ms \|/)
    assert.match(clock, /\| 1\.50 s \|/)
    assert.match(clock, /Total: 1\.51 s\./)
  })

  it('an honest empty run: no inputs, no contradictions', () => {
    const md = renderSummary(hostileSummary({artifacts: [], findings: [], inputs: [], record: undefined, verification: {}}))
    assert.match(md, /None: no input files were given/)
    assert.match(md, /none: the topic alone was analysed/)
    assert.match(md, /No decision record was written/)
    assert.match(md, /No verification commands/)
  })

  it('quotes escape block markers at the start of a line', () => {
    assert.equal(mdQuote('# h\n- i\n1. n\n  x  \n\n'), '> \\# h\n> \\- i\n> 1\\. n\n> x')
  })
})

describe('pipeline: verification commands', () => {
  it('shellQuote survives quotes, $(), backticks, newlines and leading dashes', () => {
    assert.equal(shellQuote('plain/path.txt'), 'plain/path.txt')
    assert.equal(shellQuote("it's"), `'it'\\''s'`)
    assert.equal(shellQuote('-rf'), './-rf')
    assert.equal(shellQuote(''), "''")
    for (const value of ["a'b", '$(touch x)', '`id`', 'new\nline', 'sp ace', '"dq"', '\\', '*', '~']) {
      const result = spawnSync('sh', ['-c', `printf %s ${shellQuote(value)}`], {encoding: 'utf8'})
      assert.equal(result.stdout, value)
    }
  })

  it('the summary\'s commands really work when pasted (sha256sum, signify, minisign) and fail after a one-byte change', function () {
    for (const tool of ['sha256sum', 'signify-openbsd', 'minisign']) {
      if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) this.skip()
    }

    const tmp = tempDir()
    try {
      const base = join(tmp.path, "it's a \"dir\" $(touch pwned) `touch pwned2` ```")
      const notary = join(base, 'notary dir')
      mkdirSync(notary, {recursive: true})
      writeFileSync(join(notary, 'analysis.json'), '{"findings":[]}\n')
      writeFileSync(join(notary, 'record.yaml'), 'id: x\n')
      const run = (cmd: string[], cwd = notary) => {
        const r = spawnSync(cmd[0], cmd.slice(1), {cwd, encoding: 'utf8'})
        assert.equal(r.status, 0, `${cmd.join(' ')}: ${r.stderr}`)
        return r.stdout
      }

      writeFileSync(join(notary, 'SHA256'), run(['sha256sum', '--tag', 'analysis.json', 'record.yaml']))
      run(['signify-openbsd', '-G', '-n', '-p', join(base, 'k.pub'), '-s', join(base, 'k.sec')])
      run(['signify-openbsd', '-S', '-e', '-s', join(base, 'k.sec'), '-m', 'SHA256', '-x', 'SHA256.sig'])
      run(['minisign', '-G', '-W', '-p', join(base, 'm.pub'), '-s', join(base, 'm.key')])
      run(['minisign', '-S', '-s', join(base, 'm.key'), '-m', join(notary, 'SHA256')])

      const md = renderSummary(
        hostileSummary({
          signing: {key: 'default', signed: true},
          verification: {
            checksumDir: notary,
            checksumFile: 'SHA256',
            minisign: {file: join(notary, 'SHA256'), publicKey: join(base, 'm.pub')},
            notaryDir: notary,
            signify: {dir: notary, publicKey: join(base, 'k.pub'), signature: 'SHA256.sig'},
          },
        }),
      )
      const fence = /^(`{3,})sh\n([\s\S]*?)\n\1$/m.exec(md)
      assert.ok(fence, 'a sh code block')
      assert.ok(fence[1].length > 3, 'the fence is longer than the backtick run in the path')
      const lines = fence[2].split('\n')
      assert.match(lines[0], /^khaos verify '/)
      // `khaos verify` belongs to the notary (another branch); run the independent tools here.
      const script = lines.filter((line) => !line.startsWith('khaos verify')).join('\n')
      assert.equal(script.split('\n').length, 3)
      const ok = spawnSync('sh', ['-ec', script], {cwd: tmp.path, encoding: 'utf8'})
      assert.equal(ok.status, 0, ok.stderr + ok.stdout)
      assert.equal(existsSync(join(tmp.path, 'pwned')) || existsSync(join(tmp.path, 'pwned2')), false)

      const file = join(notary, 'record.yaml')
      const bytes = readFileSync(file)
      bytes[0] ^= 1
      writeFileSync(file, bytes)
      for (const line of script.split('\n').slice(0, 2)) {
        const bad = spawnSync('sh', ['-ec', line], {cwd: tmp.path, encoding: 'utf8'})
        assert.notEqual(bad.status, 0, `${line} should fail after tampering`)
      }

      writeFileSync(join(notary, 'SHA256'), `${readFileSync(join(notary, 'SHA256'), 'utf8')} `)
      const minisign = spawnSync('sh', ['-ec', script.split('\n')[2]], {cwd: tmp.path, encoding: 'utf8'})
      assert.notEqual(minisign.status, 0)
    } finally {
      tmp.cleanup()
    }
  })
})
