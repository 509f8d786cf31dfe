import assert from 'node:assert/strict'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {loadCatalog} from '../../src/drills/catalog.js'
import {bloomChart, passesOverTime, renderHtml} from '../../src/drills/html.js'
import {newEntry, recordAttempt, type ProgressFile} from '../../src/drills/progress.js'
import {buildReport} from '../../src/drills/report.js'
import {checkInChromium} from '../helpers/chromium.js'
import {khaos, ROOT, tempDir} from '../helpers/cli.js'

const drills = await loadCatalog(ROOT)
const NOW = '2026-11-06T00:00:00Z'

/** Progress through the real recordAttempt: three drills first passed on two days, a fourth failing. */
function progress(): ProgressFile {
  const file: ProgressFile = {drills: {}, version: 1}
  const days = ['2026-11-01T10:00:00Z', '2026-11-01T18:00:00Z', '2026-11-04T09:00:00Z']
  drills.slice(0, 3).forEach((d, i) => {
    file.drills[d.nn] = recordAttempt(recordAttempt(newEntry(i, days[i]), false, days[i]), true, days[i])
  })
  file.drills[drills[3].nn] = recordAttempt(newEntry(3, days[2]), false, days[2])
  return file
}

describe('drill progress: HTML', () => {
  it("counts passes over time by the day of each first pass, running on to the report's day", () => {
    const report = buildReport(drills, progress(), NOW)
    assert.deepEqual(passesOverTime(report), [
      {day: '2026-11-01', firstPasses: 2, passed: 2},
      {day: '2026-11-04', firstPasses: 1, passed: 3},
      {day: '2026-11-06', firstPasses: 0, passed: 3},
    ])
    const values = (bloomChart(report).data as {values: Array<{drills: number; level: string; status: string}>}).values
    assert.equal(
      values.reduce((n, v) => n + v.drills, 0),
      drills.length,
      'every drill is in one bar',
    )
    const levels = new Set(drills.map((d) => d.bloom))
    assert.equal(values.length, levels.size * 4)
    assert.equal(
      values.filter((v) => v.status === 'passed').reduce((n, v) => n + v.drills, 0),
      3,
    )
  })

  it('draws both charts as inline SVG; with no pass yet, says so instead of an empty chart', async () => {
    const html = await renderHtml(buildReport(drills, progress(), NOW))
    assert.equal(html.match(/<svg /g)?.length, 2)
    assert.match(html, /id="chart-bloom"[\s\S]*?Drills by Bloom level/)
    assert.match(html, /id="chart-time"[\s\S]*?Drills passed over time/)
    assert.ok(html.includes(`<b>3/${drills.length}</b>drills passed`))
    const fresh = await renderHtml(buildReport(drills, {drills: {}, version: 1}, NOW))
    assert.equal(fresh.match(/<svg /g)?.length, 1)
    assert.match(fresh, /No drill passed yet/)
  })

  it('through the CLI: --html FILE, byte-identical under --timestamp, refuses to overwrite without --force', async () => {
    const home = tempDir()
    try {
      mkdirSync(join(home.path, 'drills'), {recursive: true})
      writeFileSync(join(home.path, 'drills', 'progress.json'), JSON.stringify(progress()))
      const out = join(home.path, 'p.html')
      const run = (...extra: string[]) => khaos(['drill', 'progress', '--html', out, '--timestamp', NOW, ...extra], {env: {KHAOS_HOME: home.path}})
      const first = await run()
      assert.equal(first.exitCode, 0, first.stderr)
      const html = readFileSync(out, 'utf8')
      assert.match(html, /^<!DOCTYPE html>/)
      const again = await run()
      assert.equal(again.exitCode, 2)
      assert.match(again.stderr, /exist/)
      assert.equal((await run('--force')).exitCode, 0)
      assert.equal(readFileSync(out, 'utf8'), html)
      const both = await khaos(['drill', 'progress', '--html', out, '--markdown'], {env: {KHAOS_HOME: home.path}})
      assert.equal(both.exitCode, 2)
    } finally {
      home.cleanup()
    }
  })

  it('in headless Chromium: a non-blank page, both charts in the DOM, no console error', async function () {
    const page = await checkInChromium(this, await renderHtml(buildReport(drills, progress(), NOW)))
    assert.match(page.dom, /<figure class="chart" id="chart-bloom"[^>]*><svg /)
    assert.match(page.dom, /<figure class="chart" id="chart-time"[^>]*><svg /)
    assert.equal(page.dom.match(/<tr><td class="num">/g)?.length, drills.length)
  })
})
