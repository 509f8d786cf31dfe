import {InputError} from '../shared/errors.js'

/**
 * Prometheus text exposition format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/),
 * the input of node_exporter's textfile collector. Hand-written rather than prom-client: khaos writes a
 * snapshot file once per run, with no registry, process metrics or HTTP server, and needs byte-identical
 * output for the same inputs (families and series sorted, no timestamps unless given).
 */

export type MetricType = 'counter' | 'gauge'

export interface Series {
  labels: Record<string, string>
  value: number
}

export interface MetricFamily {
  name: string
  help: string
  type: MetricType
  series: Series[]
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
const escapeLabel = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  return String(value)
}

export function renderExposition(families: MetricFamily[]): string {
  const lines: string[] = []
  for (const family of [...families].sort((a, b) => a.name.localeCompare(b.name))) {
    if (!METRIC_NAME.test(family.name)) throw new Error(`bad metric name ${family.name}`)
    if (family.type === 'counter' && !family.name.endsWith('_total')) throw new Error(`counter ${family.name} must end in _total`)
    if (family.type !== 'counter' && family.name.endsWith('_total')) throw new Error(`gauge ${family.name} must not end in _total`)
    if (family.series.length === 0) continue
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`)
    const rendered = family.series.map((s) => {
      const names = Object.keys(s.labels).sort()
      for (const name of names) if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new Error(`bad label name ${name}`)
      const labels = names.map((name) => `${name}="${escapeLabel(s.labels[name])}"`).join(',')
      return `${family.name}${labels ? `{${labels}}` : ''} ${formatValue(s.value)}`
    })
    const sorted = [...rendered].sort()
    for (let i = 1; i < sorted.length; i++)
      if (sorted[i].slice(0, sorted[i].lastIndexOf(' ')) === sorted[i - 1].slice(0, sorted[i - 1].lastIndexOf(' ')))
        throw new Error(`duplicate series ${sorted[i]}`)
    lines.push(...sorted)
  }

  return lines.length > 0 ? `${lines.join('\n')}\n` : ''
}

/** A label value from hostile text: control characters out, bounded (a label is an index key, not a document). */
export function labelValue(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim()
  return clean.length > 200 ? clean.slice(0, 200) : clean
}

export function checkMetricsPath(path: string): void {
  if (path.trim() === '') throw new InputError('--metrics: give a file path, e.g. /var/lib/prometheus/node-exporter/khaos_trial.prom')
}
