import assert from 'node:assert/strict'
import {mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {loadHistory, MAX_TREND_RUNS, runFromReport, trendRuns, type HistoryRun} from '../../src/trials/history.js'
import {renderHtml, trendChart} from '../../src/trials/report/html.js'
import type {ReportContext, ReportFinding} from '../../src/trials/report/model.js'
import {checkInChromium, loadPage} from '../helpers/chromium.js'
import {khaos, ROOT, tempDir} from '../helpers/cli.js'
import {finding, reportContext} from '../helpers/trial-report.js'

const STACK = join(ROOT, 'test', 'fixtures', 'trial-stacks', 'compose-file')
const HOSTILE = '</code></td><script>alert(1)</script><img src=x onerror=alert(2)>\u202Eevil\u001B]0;title\u0007'

function context(findings: ReportFinding[], generatedAt = '2026-01-31T12:00:00Z'): ReportContext {
  return reportContext(findings, {failed: false, generatedAt, notes: [HOSTILE], skipped: [{path: HOSTILE, reason: 'too large'}], target: HOSTILE})
}

/** Markup outside the inline SVGs: the part built from strings of the scanned tree. */
const outsideSvg = (html: string) => html.replace(/<svg[\s\S]*?<\/svg>/g, '<svg/>')

describe('trial report: HTML', () => {
  it('escapes every string from the scanned tree and fetches nothing', async () => {
    const html = await renderHtml(context([finding({evidence: HOSTILE, file: HOSTILE, message: HOSTILE, service: HOSTILE})]))
    const markup = outsideSvg(html)
    assert.doesNotMatch(html, /<script|<img|\u202E|\u001B/i)
    assert.match(markup, /&lt;\/code&gt;&lt;\/td&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(2\)&gt;\\u202eevil\\e\]0;title\\x07/)
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/)
    // Self-contained: no src= or stylesheet link; the only URLs are the SVG namespaces and the trial docs links.
    assert.doesNotMatch(html, /<[a-z][^>]*\s(src|href)=(?!\x22https:\/\/github\.com\/khaos-cli\/)|<link|@import|url\(/i)
    for (const url of html.match(/https?:\/\/[^"'\s<>)]+/g) ?? [])
      assert.match(url, /^http:\/\/www\.w3\.org\/|^https:\/\/github\.com\/khaos-cli\/khaos\/blob\/main\/docs\/trials\.md#f\d+$/, url)
  })

  it('draws both charts as inline SVG, the same bytes for the same input', async () => {
    const c = context([finding({}), finding({family: 'Identity & SSO', line: 9, severity: 'critical', trial: 'F9'})])
    const html = await renderHtml(c)
    assert.equal(html.match(/<svg /g)?.length, 2)
    assert.match(html, /<figure class="chart" id="chart-families"[\s\S]*?<svg [^>]*class="marks"[\s\S]*?Findings by family and severity/)
    assert.match(html, /<figure class="chart" id="chart-trend"[\s\S]*?<svg [\s\S]*?Findings across 1 run/)
    assert.equal(await renderHtml(c), html)
  })

  it("reads the history folder by the reports' own times, skipping what is not a khaos report", async () => {
    const dir = tempDir()
    try {
      const report = (at: string, findings: ReportFinding[]) => JSON.stringify(context(findings, at).report)
      // Names sort the other way round from the times: the order must come from generatedAt.
      writeFileSync(join(dir.path, 'a.json'), report('2026-01-03T00:00:00Z', [finding({})]))
      writeFileSync(join(dir.path, 'b.json'), report('2026-01-01T00:00:00Z', [finding({}), finding({line: 4, severity: 'high'})]))
      writeFileSync(join(dir.path, 'c.json'), '{"summary": {"tool": {"name": "other"}}, "findings": []}')
      writeFileSync(join(dir.path, `${HOSTILE.replace(/[/\u001B\u0007]/g, '_')}.json`), 'not json')
      writeFileSync(join(dir.path, 'd.json'), report('2026-01-02T00:00:00Z', [finding({family: '<b>x</b>'})]))
      writeFileSync(join(dir.path, 'notes.txt'), 'ignored')
      const outside = tempDir()
      writeFileSync(join(outside.path, 'x.json'), report('2026-01-04T00:00:00Z', []))
      symlinkSync(join(outside.path, 'x.json'), join(dir.path, 'link.json'))
      const history = loadHistory(dir.path)
      outside.cleanup()
      assert.deepEqual(
        history.runs.map((r) => [r.source, r.generatedAt, r.total]),
        [
          ['b.json', '2026-01-01T00:00:00Z', 2],
          ['a.json', '2026-01-03T00:00:00Z', 1],
        ],
      )
      assert.deepEqual(history.runs[0].bySeverity, {critical: 0, high: 1, low: 0, medium: 1})
      assert.deepEqual(history.skipped.map((s) => s.reason).sort(), [
        'a finding has an unknown family',
        'not a regular file (links are not followed)',
        'not valid JSON',
        'not written by khaos (summary.tool.name)',
      ])
      const html = await renderHtml(context([finding({})], '2026-01-05T00:00:00Z'), {history})
      assert.match(html, /Findings across 3 run\(s\)/)
      assert.match(html, /history file <code>&lt;_code&gt;&lt;_td&gt;&lt;script&gt;/)
      assert.doesNotMatch(outsideSvg(html), /<script|<b>x/)
    } finally {
      dir.cleanup()
    }
  })

  it('the trend ends with this run, once, and keeps the last runs only', () => {
    const run = (day: number, total = 1): HistoryRun => ({
      byFamily: {},
      bySeverity: {critical: 0, high: 0, low: total, medium: 0},
      generatedAt: `2026-01-${String(day).padStart(2, '0')}T00:00:00Z`,
      total,
    })
    const current = run(31)
    assert.deepEqual(
      trendRuns([run(1), {...run(31), source: 'same.json'}], current).runs,
      [run(1), current],
      'a history file that is this run is not drawn twice',
    )
    const many = Array.from({length: MAX_TREND_RUNS + 5}, (_, i) => ({...run(1 + (i % 28)), source: `r${i}.json`}))
    const trend = trendRuns(many, current)
    assert.equal(trend.runs.length, MAX_TREND_RUNS)
    assert.equal(trend.dropped, 6)
    assert.equal(trend.runs.at(-1), current)
    const labels = (trendChart([run(1), run(1), current]).data as {values: Array<{run: string}>}).values.map((v) => v.run)
    assert.deepEqual([...new Set(labels)], ['2026-01-01 00:00', '2026-01-01 00:00 #2', '2026-01-31 00:00'])
    assert.equal(typeof runFromReport({findings: [], summary: {generatedAt: 'yesterday', tool: {name: 'khaos'}}}), 'string')
  })

  it('through the CLI: --format html --history, byte-identical under --timestamp; --history needs html', async () => {
    const dir = tempDir()
    try {
      const history = join(dir.path, 'history')
      mkdirSync(history)
      const first = await khaos(['trial', 'run', STACK, '--format', 'json', '--output', join(history, 'run1.json'), '--timestamp', '2026-11-01T10:00:00Z'])
      assert.equal(first.exitCode, 1, first.stderr)
      const args = (out: string) => [
        'trial',
        'run',
        STACK,
        '--format',
        'html',
        '--history',
        history,
        '--output',
        join(dir.path, out),
        '--timestamp',
        '2026-11-02T10:00:00Z',
      ]
      const a = await khaos(args('a.html'))
      const b = await khaos(args('b.html'))
      assert.equal(a.exitCode, 1, a.stderr)
      assert.equal(b.exitCode, 1, b.stderr)
      assert.match(a.stderr, /html report written to/)
      const html = readFileSync(join(dir.path, 'a.html'), 'utf8')
      assert.equal(readFileSync(join(dir.path, 'b.html'), 'utf8'), html)
      assert.match(html, /Findings across 2 run\(s\)/)
      const misuse = await khaos(['trial', 'run', STACK, '--history', history, '--no-report'])
      assert.equal(misuse.exitCode, 2)
      assert.match(misuse.stderr, /--history draws the trend of the HTML report: add --format html/)
      const missing = await khaos(['trial', 'run', STACK, '--format', 'html', '--history', join(dir.path, 'nope')])
      assert.equal(missing.exitCode, 2)
      assert.match(missing.stderr, /no such folder/)
    } finally {
      dir.cleanup()
    }
  })

  it('in headless Chromium: a non-blank page, both charts in the DOM, no console error', async function () {
    const page = await checkInChromium(
      this,
      await renderHtml(context([finding({service: HOSTILE}), finding({family: 'Identity & SSO', line: 9, severity: 'critical', trial: 'F9'})])),
    )
    assert.match(page.dom, /<figure class="chart" id="chart-families"[^>]*><svg /)
    assert.match(page.dom, /<figure class="chart" id="chart-trend"[^>]*><svg /)
    assert.ok((page.dom.match(/<path |<rect /g) ?? []).length > 10, 'the charts have marks')
    assert.doesNotMatch(page.dom, /<script/i, 'the hostile service name stayed text')
    // The check itself can fail: a page whose load is blocked shows up as a console message.
    const dir = tempDir()
    try {
      writeFileSync(
        join(dir.path, 'bad.html'),
        `<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><img src="https://example.invalid/x.png">`,
      )
      assert.ok((await loadPage(join(dir.path, 'bad.html'))).console.length > 0)
    } finally {
      dir.cleanup()
    }
  })
})
