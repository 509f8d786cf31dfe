/**
 * A Grafana dashboard (importable JSON, schemaVersion 39) over the series `--metrics` writes, with the
 * practice's KPIs first: drill completion and streaks, zero critical findings, contradictions found,
 * notary verification. The datasource is a variable, so it imports into any Grafana with Prometheus.
 */

interface PanelSpec {
  title: string
  type: 'stat' | 'timeseries' | 'table' | 'bargauge'
  expr: string
  legend?: string
  unit?: string
  description: string
  thresholds?: Array<{color: string; value: number | null}>
  width?: number
}

const PANELS: PanelSpec[] = [
  {
    description: 'Share of the drill catalog passed at least once.',
    expr: 'max(khaos_drill_completion_ratio)',
    thresholds: [
      {color: 'red', value: null},
      {color: 'yellow', value: 0.5},
      {color: 'green', value: 0.9},
    ],
    title: 'Drill completion',
    type: 'stat',
    unit: 'percentunit',
  },
  {description: 'Longest current streak of passing checks.', expr: 'max(khaos_drill_current_streak_max)', title: 'Current streak', type: 'stat'},
  {
    description: 'Critical findings of the last trial run: the KPI is zero.',
    expr: 'sum(khaos_trial_findings_by_severity{severity="critical"})',
    thresholds: [
      {color: 'green', value: null},
      {color: 'red', value: 1},
    ],
    title: 'Critical findings',
    type: 'stat',
  },
  {
    description: '1 when the last notary verification passed.',
    expr: 'min(khaos_verify_ok)',
    thresholds: [
      {color: 'red', value: null},
      {color: 'green', value: 1},
    ],
    title: 'Notary verified',
    type: 'stat',
  },
  {
    description: 'Findings of the last trial run per severity, over time.',
    expr: 'sum by (severity) (khaos_trial_findings_by_severity)',
    legend: '{{severity}}',
    title: 'Trial findings by severity',
    type: 'timeseries',
    width: 12,
  },
  {
    description: 'Trials with findings, worst first.',
    expr: 'topk(15, sum by (trial, severity) (khaos_trial_findings))',
    legend: '{{trial}} {{severity}}',
    title: 'Findings per trial',
    type: 'bargauge',
    width: 12,
  },
  {
    description: 'Contradictions found by the last synthesis, per kind; the monthly count is increase over 30d of the sessions recorded.',
    expr: 'sum by (kind) (khaos_synthesis_contradictions)',
    legend: '{{kind}}',
    title: 'Contradictions per kind',
    type: 'timeseries',
    width: 12,
  },
  {
    description: 'Stage durations of the last synthesis.',
    expr: 'khaos_synthesis_stage_duration_seconds',
    legend: '{{stage}}',
    title: 'Synthesis stage durations',
    type: 'bargauge',
    unit: 's',
    width: 12,
  },
  {
    description: 'Drills passed (1) or not (0), with their Bloom level.',
    expr: 'khaos_drill_passed',
    legend: '{{drill}} ({{bloom}})',
    title: 'Drills passed',
    type: 'table',
    width: 12,
  },
  {
    description: 'Leitner box per drill: higher boxes are reviewed less often.',
    expr: 'khaos_drill_leitner_box',
    legend: '{{drill}}',
    title: 'Leitner boxes',
    type: 'bargauge',
    width: 12,
  },
]

function panel(spec: PanelSpec, index: number, y: number, x: number) {
  const width = spec.width ?? 6
  return {
    datasource: {type: 'prometheus', uid: '${datasource}'},
    description: spec.description,
    fieldConfig: {
      defaults: {
        ...(spec.unit ? {unit: spec.unit} : {}),
        ...(spec.thresholds ? {thresholds: {mode: 'absolute', steps: spec.thresholds}} : {}),
      },
      overrides: [],
    },
    gridPos: {h: spec.type === 'stat' ? 4 : 8, w: width, x, y},
    id: index + 1,
    options: {},
    targets: [
      {
        datasource: {type: 'prometheus', uid: '${datasource}'},
        expr: spec.expr,
        ...(spec.legend ? {legendFormat: spec.legend} : {}),
        refId: 'A',
        ...(spec.type === 'table' ? {format: 'table', instant: true} : {}),
      },
    ],
    title: spec.title,
    type: spec.type,
  }
}

export function metricsDashboard() {
  let x = 0
  let y = 0
  let rowHeight = 0
  const panels = PANELS.map((spec, i) => {
    const width = spec.width ?? 6
    if (x + width > 24) {
      x = 0
      y += rowHeight
      rowHeight = 0
    }

    const p = panel(spec, i, y, x)
    x += width
    rowHeight = Math.max(rowHeight, p.gridPos.h)
    return p
  })
  return {
    annotations: {list: []},
    description: "khaos in the team's loop: drills, trials, contradictions and notary checks, from the textfile metrics khaos writes with --metrics.",
    editable: true,
    graphTooltip: 1,
    id: null,
    links: [],
    panels,
    refresh: '5m',
    schemaVersion: 39,
    tags: ['khaos'],
    templating: {list: [{current: {}, hide: 0, label: 'Prometheus', name: 'datasource', options: [], query: 'prometheus', refresh: 1, type: 'datasource'}]},
    time: {from: 'now-30d', to: 'now'},
    timepicker: {},
    timezone: 'utc',
    title: 'khaos: practice KPIs',
    uid: 'khaos-practice',
    version: 1,
  }
}

/** Every metric name the dashboard queries (a test checks each is one khaos writes). */
export function dashboardMetricNames(): string[] {
  return [...new Set(PANELS.flatMap((p) => p.expr.match(/khaos_[a-z_]+/g) ?? []))].sort()
}
