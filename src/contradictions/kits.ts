import {writeDirAtomic} from '../shared/atomic.js'
import {InputError} from '../shared/errors.js'
import {escapeHtml} from '../shared/html.js'
import {mdText} from '../shared/markdown.js'
import {truncate} from '../shared/text.js'
import type {Catalog, Tension} from './catalog.js'

/**
 * Kits generated from the catalog. None carries a timestamp: the same catalog gives byte-identical files.
 */

export const KIT_FILES = [
  'CONVERSION_PLAYBOOK.md',
  'PROOF_METRICS.md',
  'contradictions.json',
  'discord-commands.json',
  'grafana_dashboard.json',
  'landing_sections.html',
] as const

const PROMQL_KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'inf', 'nan'])

/**
 * The metric names a PromQL expression reads: identifiers that are not functions or aggregations (followed by
 * "("), keywords, label names (inside {…} or by/on (…)) or durations ([30d]).
 */
export function proofMetrics(promql: string): string[] {
  const bare = promql
    .replaceAll(/"(?:\\.|[^"\\])*"/g, '""')
    .replaceAll(/\{[^}]*\}/g, ' ')
    .replaceAll(/\[[^\]]*\]/g, ' ')
    .replaceAll(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
  const names = new Set<string>()
  for (const match of bare.matchAll(/[A-Za-z_:][\w:]*(?!\s*\()/g)) {
    const name = match[0]
    // The regex's lookahead can stop one letter short of a function name ("su" of "sum("): only whole words count.
    const next = bare.slice(match.index + name.length).trimStart()[0]
    if (next === '(' || /\w/.test(bare[match.index + name.length] ?? '') || PROMQL_KEYWORDS.has(name.toLowerCase())) continue
    names.add(name)
  }

  return [...names].sort()
}

/** Which tensions' proofs can be drawn: all of their metrics are among those the user's Prometheus has. */
export interface ProofCoverage {
  /** The tensions kept on the dashboard, in catalog order. */
  kept: Tension[]
  /** Metric name -> ids of the tensions whose proof needs it, for the metrics the Prometheus lacks. */
  missing: Map<string, string[]>
}

export function proofCoverage(catalog: Catalog, available?: ReadonlySet<string>): ProofCoverage {
  const missing = new Map<string, string[]>()
  const kept: Tension[] = []
  for (const t of catalog.tensions) {
    const absent = available ? proofMetrics(t.proof.promql).filter((m) => !available.has(m)) : []
    for (const m of absent) missing.set(m, [...(missing.get(m) ?? []), t.id])
    if (absent.length === 0) kept.push(t)
  }

  return {kept, missing: new Map([...missing].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}
}

/**
 * Metric names from a file a user can get from their Prometheus: the JSON of /api/v1/label/__name__/values,
 * an exposition (a /metrics page or a .prom file), or one name per line.
 */
export function parseMetricNames(text: string): Set<string> {
  const trimmed = text.trim()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let value: unknown
    try {
      value = JSON.parse(trimmed)
    } catch {
      throw new InputError('not valid JSON (expected the answer of /api/v1/label/__name__/values, an exposition, or one metric name per line)')
    }

    const list = Array.isArray(value) ? value : (value as {data?: unknown})?.data
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) throw new InputError('JSON without a list of metric names ("data": [...])')
    return new Set(list as string[])
  }

  const names = new Set<string>()
  for (const line of trimmed.split(/\r?\n/)) {
    const text = line.trim()
    const typed = /^#\s*(?:HELP|TYPE)\s+([A-Za-z_:][\w:]*)/.exec(text)
    if (typed) names.add(typed[1])
    if (text === '' || text.startsWith('#')) continue
    const name = /^[A-Za-z_:][\w:]*/.exec(text)
    if (!name) throw new InputError(`not a metric name or sample: ${JSON.stringify(text.slice(0, 60))}`)
    names.add(name[0])
  }

  // A histogram's series (_bucket, _sum, _count) are named in its HELP line by the base name only.
  for (const name of [...names]) for (const suffix of ['_bucket', '_sum', '_count']) if (!name.endsWith(suffix)) names.add(`${name}${suffix}`)
  return names
}

/** PROOF_METRICS.md: what each tension's proof reads, so a team knows what to export before the dashboard shows anything. */
function proofMetricsDoc(catalog: Catalog, available?: ReadonlySet<string>): string {
  const out = [
    '# Metrics the tension proofs read',
    '',
    "Each tension's proof is a PromQL query over metrics **your services and tools export**; khaos itself does not",
    'emit them (its own metrics are on `khaos metrics dashboard`). A panel of `grafana_dashboard.json` shows data only',
    'once its metrics exist in your Prometheus.',
    '',
  ]
  if (available) {
    const {kept, missing} = proofCoverage(catalog, available)
    out.push(
      `Checked against the metric names given with \`--available-metrics\`: ${kept.length} of ${catalog.tensions.length} proofs can be drawn and are on the dashboard; the others are left off until these metrics exist:`,
      '',
    )
    if (missing.size === 0) out.push('- none missing')
    for (const [metric, ids] of missing) out.push(`- \`${metric}\`: ${ids.join(', ')}`)
    out.push('')
  } else {
    out.push('Not checked against a Prometheus: run `khaos contradictions generate --available-metrics FILE` to keep only the panels it can answer.', '')
  }

  out.push('| tension | metrics |', '| --- | --- |')
  for (const t of catalog.tensions)
    out.push(
      `| ${mdText(t.name)} | ${proofMetrics(t.proof.promql)
        .map((m) => `\`${m}\``)
        .join(', ')} |`,
    )
  return out.join('\n') + '\n'
}

export {escapeHtml} from '../shared/html.js'

function catalogJson(catalog: Catalog): string {
  return JSON.stringify({tensions: catalog.tensions, version: 1}, null, 2) + '\n'
}

export function playbook(catalog: Catalog): string {
  const out = [
    '# Conversion playbook',
    '',
    `${catalog.tensions.length} product tensions, each with the words that signal its poles, a hook, the resolution, a pricing line and the proof that the resolution holds.`,
    '',
  ]
  out.push('## Contents', '')
  for (const [i, t] of catalog.tensions.entries()) out.push(`${i + 1}. [${mdText(t.name)}](#${t.id})`)
  out.push('')
  for (const [i, t] of catalog.tensions.entries()) {
    out.push(`<a id="${t.id}"></a>`, '', `## ${i + 1}. ${mdText(t.name)}`, '')
    out.push(`**Hook.** ${mdText(t.hook)}`, '')
    for (const pole of t.poles) out.push(`- **${mdText(pole.name)}** is signalled by: ${pole.signals.map((s) => `“${mdText(s)}”`).join(', ')}`)
    out.push('', `**Resolution.** ${mdText(t.resolution)}`, '', `**Pricing.** ${mdText(t.pricing)}`, '')
    out.push(`**Proof.** ${mdText(t.proof.description)} Target: ${mdText(t.proof.target)}.`, '', '```promql', t.proof.promql, '```', '')
  }

  return out.join('\n')
}

export interface DiscordCommand {
  name: string
  type: 1
  description: string
  options?: Array<{type: number; name: string; description: string; required?: boolean}>
}

/**
 * A payload for Discord's bulk overwrite of global application commands (PUT
 * /applications/{id}/commands): one chat-input command per tension plus `/tensions`. Names are lowercase,
 * 1–32 characters; descriptions 1–100 characters.
 */
export function discordCommands(catalog: Catalog): DiscordCommand[] {
  const commands: DiscordCommand[] = [
    {
      description: truncate(`List the ${catalog.tensions.length} product tensions of the khaos catalog`, 100, {atWord: true}),
      name: 'tensions',
      options: [{description: 'Only tensions whose name or signals contain this word', name: 'filter', required: false, type: 3}],
      type: 1,
    },
  ]
  for (const t of catalog.tensions) commands.push({description: truncate(`${t.name}: ${t.hook}`, 100, {atWord: true}), name: t.id, type: 1})
  return commands
}

export function landingSections(catalog: Catalog): string {
  const out = ['<!-- Generated by `khaos contradictions generate` from the tension catalog. Every string is HTML-escaped. -->']
  for (const t of catalog.tensions) {
    out.push(
      `<section class="tension" id="${escapeHtml(t.id)}">`,
      `  <h2>${escapeHtml(t.name)}</h2>`,
      `  <p class="hook">${escapeHtml(t.hook)}</p>`,
      '  <ul class="poles">',
      ...t.poles.map((p) => `    <li><strong>${escapeHtml(p.name)}</strong>: ${p.signals.map((s) => escapeHtml(s)).join(', ')}</li>`),
      '  </ul>',
      `  <p class="resolution">${escapeHtml(t.resolution)}</p>`,
      `  <p class="pricing">${escapeHtml(t.pricing)}</p>`,
      `  <p class="proof">${escapeHtml(t.proof.description)} <code>${escapeHtml(t.proof.promql)}</code> ${escapeHtml(t.proof.target)}</p>`,
      '</section>',
    )
  }

  return out.join('\n') + '\n'
}

function panel(t: Tension, index: number) {
  const datasource = {type: 'prometheus', uid: '${datasource}'}
  return {
    datasource,
    description: `${t.proof.description} Target: ${t.proof.target}. Resolution: ${t.resolution} Needs metrics your services export: ${proofMetrics(t.proof.promql).join(', ')}.`,
    fieldConfig: {defaults: {}, overrides: []},
    gridPos: {h: 8, w: 12, x: (index % 2) * 12, y: Math.floor(index / 2) * 8},
    id: index + 1,
    options: {legend: {displayMode: 'list', placement: 'bottom', showLegend: true}, tooltip: {mode: 'single', sort: 'none'}},
    targets: [{datasource, expr: t.proof.promql, legendFormat: t.id, refId: 'A'}],
    title: t.name,
    type: 'timeseries',
  }
}

/** A Grafana dashboard model (importable JSON): one time-series panel per tension, querying its proof. */
export function grafanaDashboard(catalog: Catalog, available?: ReadonlySet<string>) {
  const {kept} = proofCoverage(catalog, available)
  return {
    annotations: {list: []},
    description:
      "Proof metrics of the khaos tension catalog: each panel shows whether a tension's resolution holds. The metrics come from your services, not from khaos (see PROOF_METRICS.md).",
    editable: true,
    graphTooltip: 0,
    id: null,
    links: [],
    panels: kept.map((t, i) => panel(t, i)),
    refresh: '5m',
    schemaVersion: 39,
    tags: ['khaos', 'tensions'],
    templating: {list: [{current: {}, hide: 0, label: 'Prometheus', name: 'datasource', options: [], query: 'prometheus', refresh: 1, type: 'datasource'}]},
    time: {from: 'now-7d', to: 'now'},
    timepicker: {},
    timezone: 'utc',
    title: 'khaos tensions: proof of resolution',
    uid: 'khaos-tensions',
    version: 1,
  }
}

export function renderKits(catalog: Catalog, available?: ReadonlySet<string>): Record<(typeof KIT_FILES)[number], string> {
  return {
    'CONVERSION_PLAYBOOK.md': playbook(catalog),
    'PROOF_METRICS.md': proofMetricsDoc(catalog, available),
    'contradictions.json': catalogJson(catalog),
    'discord-commands.json': JSON.stringify(discordCommands(catalog), null, 2) + '\n',
    'grafana_dashboard.json': JSON.stringify(grafanaDashboard(catalog, available), null, 2) + '\n',
    'landing_sections.html': landingSections(catalog),
  }
}

export function writeKits(outDir: string, catalog: Catalog, options: {available?: ReadonlySet<string>; overwrite?: boolean} = {}): {files: string[]} {
  writeDirAtomic(outDir, renderKits(catalog, options.available), {overwrite: options.overwrite})
  return {files: [...KIT_FILES]}
}
