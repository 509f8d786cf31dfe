import {renderChartSvg, SEVERITY_COLORS, type ChartSpec} from '../../shared/charts.js'
import {escapeHtml, htmlPage, htmlText} from '../../shared/html.js'
import {terminalSafe} from '../../shared/text.js'
import {runFromReport, trendRuns, type History, type HistoryRun} from '../history.js'
import {FAMILIES, type Severity} from '../types.js'
import {servicesOf, trialDocsUri, type ReportContext} from './model.js'

/**
 * `khaos trial run --format html`: one self-contained page (inline CSS and SVG, no script, a CSP that forbids
 * anything fetched) with the findings by family and severity, their trend across runs (--history DIR), and the
 * findings table. Every string from the scanned tree or a history file is escaped (htmlText).
 */

const WORST_FIRST: Severity[] = ['critical', 'high', 'medium', 'low']
const SEVERITY_SCALE = {domain: WORST_FIRST, range: WORST_FIRST.map((s) => SEVERITY_COLORS[s])}

/** A run's label on the trend axis: its minute (UTC), numbered when two runs share one (the order stays the runs'). */
function runLabels(runs: HistoryRun[]): string[] {
  const seen = new Map<string, number>()
  return runs.map((r) => {
    const base = r.generatedAt.slice(0, 16).replace('T', ' ')
    const n = (seen.get(base) ?? 0) + 1
    seen.set(base, n)
    return n === 1 ? base : `${base} #${n}`
  })
}

function familyChart(context: ReportContext): ChartSpec {
  const families = Object.values(FAMILIES) as string[]
  const values = families.flatMap((family) =>
    WORST_FIRST.map((severity) => ({
      family,
      findings: context.report.findings.filter((f) => f.family === family && f.severity === severity).length,
      severity,
    })),
  )
  return {
    data: {values},
    encoding: {
      color: {field: 'severity', legend: {orient: 'bottom', title: 'Severity'}, scale: SEVERITY_SCALE, sort: WORST_FIRST, type: 'nominal'},
      order: {field: 'rank', type: 'quantitative'},
      x: {axis: {tickMinStep: 1}, field: 'findings', stack: 'zero', title: 'Findings', type: 'quantitative'},
      y: {axis: {labelLimit: 260}, field: 'family', sort: families, title: null, type: 'nominal'},
    },
    height: {step: 34},
    mark: {type: 'bar'},
    title: 'Findings by family and severity',
    transform: [{as: 'rank', calculate: `indexof(${JSON.stringify(WORST_FIRST)}, datum.severity)`}],
    width: 460,
  }
}

export function trendChart(runs: HistoryRun[]): ChartSpec {
  const labels = runLabels(runs)
  const values = runs.flatMap((run, i) => [...WORST_FIRST.map((severity) => ({findings: run.bySeverity[severity], run: labels[i], series: severity}))])
  return {
    data: {values},
    encoding: {
      color: {field: 'series', legend: {orient: 'bottom', title: 'Severity'}, scale: SEVERITY_SCALE, sort: WORST_FIRST, type: 'nominal'},
      x: {axis: {labelAngle: -35, labelLimit: 200}, field: 'run', sort: null, title: 'Run (UTC); the last is this run', type: 'ordinal'},
      y: {axis: {tickMinStep: 1}, field: 'findings', title: 'Findings', type: 'quantitative'},
    },
    height: 220,
    mark: {point: true, type: 'line'},
    padding: {bottom: 5, left: 50, right: 10, top: 5},
    title: `Findings across ${runs.length} run(s)`,
    width: Math.max(300, Math.min(720, 40 * runs.length)),
  }
}

function figure(id: string, svg: string, caption: string): string {
  return `<figure class="chart" id="chart-${id}" role="img" aria-label="${escapeHtml(caption)}">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`
}

export async function renderHtml(context: ReportContext, options: {history?: History} = {}): Promise<string> {
  const {report, specs} = context
  const s = report.summary
  const current = runFromReport(report)
  if (typeof current === 'string') throw new Error(`the current report does not count: ${current}`)
  const trend = trendRuns(options.history?.runs ?? [], current)
  const [familySvg, trendSvg] = await Promise.all([renderChartSvg(familyChart(context)), renderChartSvg(trendChart(trend.runs))])
  const titles = new Map(specs.map((sp) => [sp.id, sp.title]))
  const body: string[] = [
    '<header>',
    '<h1>khaos trial report</h1>',
    `<p class="meta">Target <code>${htmlText(s.target)}</code> · generated ${escapeHtml(s.generatedAt)} by khaos ${escapeHtml(s.tool.version)} · ${s.trials.length} trials · ${s.filesScanned} files scanned</p>`,
    '</header>',
    '<section class="cards">',
    `<div class="card"><b class="${s.failed ? 'bad' : 'ok'}">${s.failed ? 'FAIL' : 'PASS'}</b>fail-on ${escapeHtml(s.failOn)}</div>`,
    `<div class="card"><b>${s.findings}</b>findings</div>`,
    ...WORST_FIRST.map((k) => `<div class="card"><b>${s.bySeverity[k]}</b><span class="sev sev-${k}">${k}</span></div>`),
    `<div class="card"><b>${s.suppressed.length + s.baselined}</b>suppressed or baselined</div>`,
    '</section>',
    '<section class="charts">',
    figure('families', familySvg, `${s.findings} finding(s) in the four families, stacked by severity.`),
    figure(
      'trend',
      trendSvg,
      options.history
        ? `Findings per run by severity: ${trend.runs.length - 1} earlier report(s) from the history folder, then this run.${trend.dropped > 0 ? ` ${trend.dropped} older run(s) not drawn.` : ''}`
        : 'This run only: pass --history DIR (a folder of earlier --format json reports) for a trend.',
    ),
    '</section>',
  ]

  body.push('<h2>Findings</h2>')
  if (report.findings.length === 0) {
    body.push('<p class="ok">No findings.</p>')
  } else {
    body.push(
      '<table id="findings"><thead><tr><th>Severity</th><th>Trial</th><th>Family</th><th>Location</th><th>Service</th><th>Evidence</th><th>Finding</th></tr></thead><tbody>',
    )
    for (const f of report.findings) {
      const trial = f.trial === 'F0' ? escapeHtml(f.trial) : `<a href="${escapeHtml(trialDocsUri(f.trial))}">${escapeHtml(f.trial)}</a>`
      body.push(
        `<tr><td><span class="sev sev-${escapeHtml(f.severity)}">${escapeHtml(f.severity)}</span></td><td>${trial} ${htmlText(titles.get(f.trial) ?? '')}</td><td>${htmlText(f.family)}</td>` +
          `<td><code>${htmlText(f.file)}:${f.line}</code></td><td>${htmlText(servicesOf(f).join(', '))}</td><td><code>${htmlText(f.evidence)}</code></td><td>${htmlText(f.message)}</td></tr>`,
      )
    }

    body.push('</tbody></table>')
  }

  const notes = [
    ...s.errors.map((e) => `detector ${htmlText(e.trial)} failed: ${htmlText(e.message)}`),
    ...s.skipped.map((k) => `not scanned: <code>${htmlText(k.path)}</code>: ${htmlText(k.reason)}`),
    ...s.notes.map((n) => htmlText(n)),
    ...(options.history?.skipped ?? []).map((k) => `history file <code>${htmlText(k.file)}</code> not used: ${htmlText(k.reason)}`),
  ]
  if (notes.length > 0) body.push('<h2>Notes</h2>', '<ul>', ...notes.map((n) => `<li>${n}</li>`), '</ul>')
  return htmlPage({body: body.join('\n'), title: `khaos trial report: ${terminalSafe(s.target)}`})
}
