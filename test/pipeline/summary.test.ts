import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import MarkdownIt from 'markdown-it'

import {groupDecisionPoints} from '../../src/map/decision-points.js'
import {loadAnalysis} from '../../src/map/load.js'
import {mdQuote, shellQuote} from '../../src/shared/markdown.js'
import {renderSummary, type SynthesisSummaryInput} from '../../src/pipeline/summary.js'
import {ROOT, tempDir} from '../helpers/cli.js'
import {HOSTILE} from '../map/fixtures.js'

// html: true, so any raw HTML that got through would appear in the output as a tag.
const markdown = new MarkdownIt({html: true, linkify: false})
const ALLOWED_TAGS = new Set(['blockquote', 'code', 'h1', 'h2', 'h3', 'li', 'ol', 'p', 'pre', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr'])

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
    assert.doesNotMatch(html, /<script|<b>|<a |<img|<em>|<ul>|<hr/)
    // The one list is the open questions: one item per decision point, none made by user text.
    assert.equal((html.match(/<li>/g) ?? []).length, hostileSummary().findings.length)
    // Outside code fences the Markdown itself holds no "<" at all.
    const outsideFences = md.replace(/^(`{3,})sh\n[\s\S]*?\n\1$/gm, '')
    assert.doesNotMatch(outsideFences, /</)
  })

  it('every position is one block quote whose text reads exactly as written', () => {
    const input = hostileSummary()
    const html = markdown.render(renderSummary(input))
    // Wrapped lines render as soft breaks: compare with runs of white space folded, as a browser shows them.
    const fold = (text: string) => text.replace(/\s+/g, ' ').trim()
    const quotes = new Set([...html.matchAll(/<blockquote>\n([\s\S]*?)<\/blockquote>/g)].map((m) => fold(decode(m[1]))))
    assert.equal([...html.matchAll(/<blockquote>/g)].length, input.findings.length * 2)
    // Control characters and lone surrogates become U+FFFD; compare the ones without them.
    for (const f of input.findings) {
      for (const text of [f.a.text, f.b.text]) {
        if (/[\u0000-\u0008\u000B-\u001F\u007F\uD800-\uDFFF]/.test(text)) continue
        assert.ok(quotes.has(fold(text)), `no quote reads ${JSON.stringify(text.slice(0, 60))}`)
      }
    }
  })

  it('tables keep their shape: newlines and pipes in cells do not split rows or columns', () => {
    const md = renderSummary(hostileSummary())
    const html = markdown.render(md)
    const tables = [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((m) => m[1])
    assert.equal(tables.length, 5) // facts, record, then the provenance: stages, inputs, artifacts
    const rows = tables.map((t) => (t.match(/<tr>/g) ?? []).length)
    assert.deepEqual(rows, [11, 5, 3, 2, 5])
    for (const table of tables) {
      for (const row of table.match(/<tr>[\s\S]*?<\/tr>/g) ?? []) {
        const cells = (row.match(/<t[hd]>/g) ?? []).length
        assert.ok([2, 3, 4, 5].includes(cells))
      }
    }

    // One h3 per decision point (each hostile subject is its own), plus Stages, Inputs, Artifacts and Verify.
    assert.equal((html.match(/<h3>/g) ?? []).length, hostileSummary().findings.length + 4)
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

/** The summary of a fixture meeting (three participants; the analysis as the engine writes it, version 2). */
function meetingSummary(
  agreementsOf: (analysis: ReturnType<typeof loadAnalysis>) => ReturnType<typeof loadAnalysis>['agreements'] = (analysis) => analysis.agreements,
): {analysis: ReturnType<typeof loadAnalysis>; md: string} {
  const analysis = loadAnalysis(join(ROOT, 'test', 'fixtures', 'summary', 'meeting-analysis.json'))
  const md = renderSummary({
    agreements: agreementsOf(analysis),
    artifacts: [{bytes: 10, path: 'contradictions_m1/analysis.json', role: 'contradiction analysis', sha256: 'c'.repeat(64)}],
    findings: analysis.findings,
    inputs: ['alice', 'bob', 'carol'].map((name) => ({bytes: 1000, path: `notes/${name}.md`, sha256: name[0].repeat(64)})),
    khaosVersion: '0.1.0',
    participants: ['Alice', 'Bob', 'Carol'],
    record: {id: '7', path: 'dao_record_m1.yaml', status: 'proposed', title: 'Release and on-call policy'},
    recordsDir: 'synthesis_output',
    session: 'm1',
    signing: {key: 'khaos', signed: true},
    stages: [{detail: '5 finding(s)', durationMs: 3, name: 'contradictions', status: 'ok'}],
    timestamp: {iso: '2026-01-31T12:00:00Z', source: 'flag'},
    topic: 'Release and on-call policy',
    verification: {checksumDir: 'synthesis_output', checksumFile: 'notary_m1/SHA256', notaryDir: 'synthesis_output/notary_m1'},
  })
  return {analysis, md}
}

describe('pipeline: the summary of a fixture meeting', () => {
  const {analysis, md} = meetingSummary()
  const sections = md.split(/^(?=## )/m)
  const section = (title: string) => sections.find((s) => s.startsWith(`## ${title}`)) ?? assert.fail(`no section "${title}"`)
  const fold = (text: string) => text.replace(/\n> /g, ' ').replace(/\s+/g, ' ')

  it('is built around decision points, each with a plain heading, best first', () => {
    const {points} = groupDecisionPoints(analysis.findings)
    const headings = [...section('Decision points').matchAll(/^### \d+\. (.+)$/gm)].map((m) => m[1])
    assert.deepEqual(
      headings,
      points.map((p) => p.heading),
    )
    assert.deepEqual(headings, ['Retention period of the audit logs', 'Second approver for production releases', 'Automation of the deployment pipeline'])
    // Two findings about one subject make one decision point, not two, and each says whose claims it sets apart.
    const automation = points.find((p) => p.key === 'automated|deployment pipeline')!
    assert.equal(automation.findings.length, 2)
    const reasons = [
      ...section('Decision points')
        .split(/^### /m)[3]
        .matchAll(/^- (.+)$/gm),
    ].map((m) => m[1])
    assert.deepEqual(
      reasons.map((r) => r.split(':')[0]),
      automation.findings.map((f) => (f.a.participant === f.b.participant ? f.a.participant! : `${f.a.participant} vs ${f.b.participant}`)),
    )
  })

  it('quotes both positions in full sentences with file:line, and says why they conflict and what to decide', () => {
    const retention = fold(section('Decision points').split(/^### /m)[1])
    assert.match(retention, /^1\. Retention period of the audit logs/)
    assert.match(retention, /Between Alice and Bob\./)
    assert.ok(
      retention.includes("**Alice** (notes/alice.md:7): Audit logs are kept for 90 days, which is what the auditors asked for after last year's review."),
    )
    assert.ok(retention.includes('**Bob** (notes/bob.md:4): We keep audit logs for 30 days; anything older goes to cold storage that nobody queries.'))
    assert.match(retention, /\*\*Why they conflict:\*\* retention of the audit logs: 90 days vs 30 days \(finding f-retention, numeric, confidence 0\.91\)/)
    assert.match(retention, /\*\*To decide:\*\* Decide the retention period of the audit logs: 90 days \(Alice\) or 30 days \(Bob\), or another value\?/)
    // The full sentence, not the clause the engine compared ("The deployment pipeline is not automated").
    assert.ok(fold(md).includes(' The deployment pipeline is not automated; two steps still need a manual approval.'))
  })

  it('labels an internal contradiction as such', () => {
    const approver = fold(section('Decision points').split(/^### /m)[2])
    assert.match(approver, /\*\*Internal:\*\* Bob contradicts themselves/)
    assert.doesNotMatch(approver, /Between/)
    assert.match(approver, /Bob states both/)
  })

  it('brings the catalog resolution only where a tension is attached to the findings', () => {
    const points = section('Decision points').split(/^### /m).slice(1)
    assert.deepEqual(
      points.map((p) => p.includes('**Catalog resolution**')),
      [false, false, true],
    )
    assert.match(fold(points[2]), /Automation vs Human Judgment\): Automate the reversible and the frequent/)
  })

  it('lists the agreed points with both claims, the open questions, and the low-confidence appendix', () => {
    const agreed = fold(section('Agreed points (1)'))
    assert.match(agreed, /### A1\. Escalation time of an unacknowledged page/)
    assert.match(agreed, /15 minutes = a quarter of an hour/)
    assert.ok(agreed.includes('**Carol** (notes/carol.md:8): If the primary does not acknowledge, the secondary is paged after a quarter of an hour.'))
    assert.equal([...section('Open questions').matchAll(/^\d+\. /gm)].length, 3)
    const appendix = fold(section('Low-confidence findings'))
    assert.match(appendix, /### L1\. Monthly cost/)
    assert.match(appendix, /confidence 0\.22/)
    // Never in the main list.
    assert.doesNotMatch(section('Decision points'), /staging cluster|f-cost/)
    assert.match(section('Decision record'), /khaos dao accept 7 --dir synthesis_output --decision/)
  })

  it('shows an agreement on a disputed point as common ground there, not as a settled point', () => {
    // Two participants agreeing on what a third disputes: the same decision point key as a main-list finding.
    const {md: shared} = meetingSummary((a) => {
      const point = a.findings.find((f) => !f.lowConfidence)!.decisionPoint!
      return a.agreements.map((agreement) => ({...agreement, decisionPoint: point}))
    })
    const parts = shared.split(/^(?=## )/m)
    const agreed = parts.find((p) => p.startsWith('## Agreed points'))!
    assert.match(agreed, /^## Agreed points \(0\)/)
    assert.match(agreed, /1 more agreement\(s\) sit on disputed decision points/)
    const points = parts.find((p) => p.startsWith('## Decision points'))!
    assert.match(points.replace(/\s+/g, ' '), /\*\*Common ground:\*\* \S+ and \S+ agree: /)
    // (The fixture's own agreement is on a point nobody disputes: it stays settled.)
    assert.doesNotMatch(md, /Common ground/)
  })

  it('ends with the provenance: stages, hashes and verify commands', () => {
    const order = ['Decision points', 'Agreed points', 'Open questions', 'Decision record', 'Low-confidence findings', 'Provenance'].map((title) =>
      md.indexOf(`\n## ${title}`),
    )
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      'sections out of order',
    )
    assert.ok(order.every((at) => at > 0))
    const provenance = md.slice(md.indexOf('\n## Provenance'))
    assert.doesNotMatch(provenance, /\n## (?!Provenance)/, 'a section after the provenance')
    for (const part of ['### Stages', '### Inputs', '### Artifacts', '### Verify', '`aaaaaaaa', 'khaos verify synthesis_output/notary_m1'])
      assert.ok(provenance.includes(part), part)
  })

  it('passes markdownlint (markdownlint-cli2, every default rule; lines of prose within 100 columns)', function () {
    const bin = join(ROOT, 'node_modules', '.bin', 'markdownlint-cli2')
    if (!existsSync(bin)) this.skip() // a dev dependency: installed by npm ci
    const tmp = tempDir()
    try {
      const file = join(tmp.path, 'SYNTHESIS_SUMMARY_m1.md')
      writeFileSync(file, md)
      const config = join(ROOT, 'docs', 'summary.markdownlint-cli2.jsonc')
      const lint = spawnSync(bin, ['--config', config, file], {cwd: tmp.path, encoding: 'utf8'})
      assert.equal(lint.status, 0, lint.stdout + lint.stderr)
      assert.match(lint.stdout + lint.stderr, /Summary: 0 error\(s\)/)
      // The linter does see problems: the same file with a heading level skipped and a bare list fails.
      writeFileSync(file, `${md}\n#### skipped level\n* star\n`)
      const bad = spawnSync(bin, ['--config', config, file], {cwd: tmp.path, encoding: 'utf8'})
      assert.equal(bad.status, 1, bad.stdout + bad.stderr)
      assert.match(bad.stdout + bad.stderr, /MD001|MD004|MD022|MD032/)
      // The hostile summary is lint-clean too.
      writeFileSync(file, renderSummary(hostileSummary()))
      const hostile = spawnSync(bin, ['--config', config, file], {cwd: tmp.path, encoding: 'utf8'})
      assert.equal(hostile.status, 0, hostile.stdout + hostile.stderr)
    } finally {
      tmp.cleanup()
    }
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

  it("the summary's commands really work when pasted (sha256sum, signify, minisign) and fail after a one-byte change", function () {
    for (const tool of ['sha256sum', 'signify-openbsd', 'minisign']) {
      if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) this.skip()
    }

    const tmp = tempDir()
    try {
      const base = join(tmp.path, 'it\'s a "dir" $(touch pwned) `touch pwned2` ```')
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
