import {renderChartSvg, type ChartSpec} from '../shared/charts.js'
import {escapeHtml, htmlPage, htmlText} from '../shared/html.js'
import type {DrillStatus, ProgressReport} from './report.js'

/**
 * `khaos drill progress --html FILE`: one self-contained page (inline CSS and SVG, no script) with drills passed
 * by Bloom level, drills passed over time (each drill counted on the day of its first pass, from the progress
 * file), and the per-drill table. The same progress file and --timestamp give the same bytes.
 */

const STATUSES: DrillStatus[] = ['passed', 'failing', 'started', 'new']
const STATUS_COLORS = ['#1a7f37', '#d53e4f', '#e6a700', '#c4ccd4']
/** Bloom's revised taxonomy, lowest first: levels sort by it, unknown ones after, by name. */
const BLOOM_ORDER = ['remembering', 'understanding', 'applying', 'analyzing', 'evaluating', 'creating']

function bloomSort(levels: string[]): string[] {
  const rank = (l: string) => (BLOOM_ORDER.includes(l) ? BLOOM_ORDER.indexOf(l) : BLOOM_ORDER.length)
  return [...levels].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
}

export function bloomChart(report: ProgressReport): ChartSpec {
  const levels = bloomSort(report.bloom.map((b) => b.level))
  const values = levels.flatMap((level) =>
    STATUSES.map((status, rank) => ({
      drills: report.drills.filter((d) => d.bloom === level && d.status === status).length,
      level,
      rank,
      status,
    })),
  )
  return {
    data: {values},
    encoding: {
      color: {field: 'status', legend: {orient: 'bottom', title: 'Status'}, scale: {domain: STATUSES, range: STATUS_COLORS}, sort: STATUSES, type: 'nominal'},
      order: {field: 'rank', type: 'quantitative'},
      x: {axis: {tickMinStep: 1}, field: 'drills', stack: 'zero', title: 'Drills', type: 'quantitative'},
      y: {axis: {labelLimit: 200}, field: 'level', sort: levels, title: 'Bloom level', type: 'nominal'},
    },
    height: {step: 40},
    mark: {type: 'bar'},
    title: 'Drills by Bloom level',
    width: 420,
  }
}

/** Drills passed so far, by day of first pass (UTC): one point per day with a first pass, then the report's day. */
export function passesOverTime(report: ProgressReport): Array<{day: string; passed: number; firstPasses: number}> {
  const days = new Map<string, number>()
  for (const d of report.drills) if (d.firstPass) days.set(d.firstPass.slice(0, 10), (days.get(d.firstPass.slice(0, 10)) ?? 0) + 1)
  let passed = 0
  const points = [...days.keys()].sort().map((day) => {
    passed += days.get(day)!
    return {day, firstPasses: days.get(day)!, passed}
  })
  // The line runs on to the report's day (--timestamp), so a quiet week shows as a flat line, not an early end.
  const today = report.generatedAt.slice(0, 10)
  if (points.length > 0 && today > points.at(-1)!.day) points.push({day: today, firstPasses: 0, passed})
  return points
}

function timeChart(report: ProgressReport): ChartSpec {
  return {
    data: {values: passesOverTime(report)},
    encoding: {
      x: {
        axis: {format: '%Y-%m-%d', labelAngle: -35, tickCount: 8},
        field: 'day',
        timeUnit: 'utcyearmonthdate',
        title: 'Day of first pass (UTC)',
        type: 'temporal',
      },
      y: {
        axis: {tickMinStep: 1},
        field: 'passed',
        scale: {domain: [0, report.totals.drills]},
        title: `Drills passed (of ${report.totals.drills})`,
        type: 'quantitative',
      },
    },
    height: 220,
    mark: {color: '#1a7f37', interpolate: 'step-after', point: true, type: 'line'},
    padding: {bottom: 5, left: 10, right: 20, top: 5},
    title: 'Drills passed over time',
    width: 420,
  }
}

const shortTime = (iso: string | null): string => (iso === null ? '–' : iso.slice(0, 16).replace('T', ' '))
const pct = (value: number | null): string => (value === null ? '–' : `${Math.round(value * 100)}%`)

function figure(id: string, svg: string, caption: string): string {
  return `<figure class="chart" id="chart-${id}" role="img" aria-label="${escapeHtml(caption)}">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`
}

export async function renderHtml(report: ProgressReport): Promise<string> {
  const t = report.totals
  const timeline = passesOverTime(report)
  const [bloomSvg, timeSvg] = await Promise.all([
    renderChartSvg(bloomChart(report)),
    timeline.length > 0 ? renderChartSvg(timeChart(report)) : Promise.resolve(''),
  ])
  const body = [
    '<header>',
    '<h1>khaos drill progress</h1>',
    `<p class="meta">Generated ${escapeHtml(report.generatedAt)}</p>`,
    '</header>',
    '<section class="cards">',
    `<div class="card"><b>${t.passed}/${t.drills}</b>drills passed</div>`,
    `<div class="card"><b>${t.attempted}</b>attempted</div>`,
    `<div class="card"><b>${t.attempts}</b>checks (${pct(t.passRate)} passed)</div>`,
    `<div class="card"><b>${t.hintsUsed}</b>hints used</div>`,
    `<div class="card"><b>${t.currentStreak} / ${t.bestStreak}</b>streak now / best</div>`,
    '</section>',
    '<section class="charts">',
    figure('bloom', bloomSvg, `${t.passed} of ${t.drills} drills passed, by Bloom level and status.`),
    timeline.length > 0
      ? figure('time', timeSvg, `${t.passed} drill(s) passed, counted on the day of their first pass.`)
      : '<p id="chart-time">No drill passed yet: the chart of passes over time starts with the first pass (<code>khaos drill check N</code>).</p>',
    '</section>',
    '<h2>Drills</h2>',
    '<table id="drills"><thead><tr><th class="num">#</th><th>Drill</th><th>Bloom</th><th>Status</th><th class="num">Checks</th><th class="num">Pass rate</th><th class="num">Hints</th><th class="num">Streak (best)</th><th class="num">Box</th><th>First pass</th><th>Due</th></tr></thead><tbody>',
    ...report.drills.map(
      (r) =>
        `<tr><td class="num">${String(r.id).padStart(2, '0')}</td><td>${htmlText(r.title)}</td><td>${htmlText(r.bloom)}</td><td>${r.status}</td>` +
        `<td class="num">${r.attempts}</td><td class="num">${pct(r.passRate)}</td><td class="num">${r.hintsUsed}/3</td><td class="num">${r.streak} (${r.bestStreak})</td>` +
        `<td class="num">${r.box ?? '–'}</td><td>${htmlText(shortTime(r.firstPass))}</td><td>${htmlText(shortTime(r.due))}</td></tr>`,
    ),
    '</tbody></table>',
  ]
  return htmlPage({body: body.join('\n'), title: 'khaos drill progress'})
}
