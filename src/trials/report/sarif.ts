import {realpathSync, statSync} from 'node:fs'
import {dirname, isAbsolute, relative, resolve, sep} from 'node:path'

import {findRepository} from '../../shared/git.js'
import type {Severity} from '../types.js'
import {servicesOf, trialDocsUri, type ReportContext} from './model.js'

/** GitHub code scanning reads `security-severity` (a number as a string) to rank alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = {critical: '9.5', high: '8.0', low: '3.0', medium: '5.5'}
const LEVEL: Record<Severity, 'error' | 'note' | 'warning'> = {critical: 'error', high: 'error', low: 'note', medium: 'warning'}

function ruleName(title: string): string {
  return title
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('')
}

/** SARIF 2.1.0: one run, one rule per trial that ran, fingerprints from the evidence (not the line). */
export function renderSarif(
  {report, specs}: ReportContext,
  options: {suppressed?: Array<ReportContext['report']['findings'][number] & {reason: string}>; uriPrefix?: string} = {},
): string {
  const prefix = options.uriPrefix ?? ''
  const ruleIndex = new Map(specs.map((s, i) => [s.id, i]))
  const result = (f: ReportContext['report']['findings'][number], suppression?: string) => ({
    level: LEVEL[f.severity],
    locations: [{physicalLocation: {artifactLocation: {uri: encodeURI(`${prefix}${f.file}`), uriBaseId: '%SRCROOT%'}, region: {startLine: f.line}}}],
    message: {text: `${f.message} [${f.evidence}]`},
    partialFingerprints: {'khaosEvidence/v1': f.fingerprint},
    properties: {'security-severity': SECURITY_SEVERITY[f.severity], severity: f.severity, ...serviceProperties(f), ...(f.also ? {also: f.also} : {})},
    ruleId: f.trial,
    ruleIndex: ruleIndex.get(f.trial) ?? 0,
    ...(suppression === undefined ? {} : {suppressions: [{justification: suppression, kind: 'inSource'}]}),
  })
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        automationDetails: {id: 'khaos-trial/'},
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: {'%SRCROOT%': {description: {text: 'The root of the repository holding the scanned directory (or the working directory)'}}},
        results: [...report.findings.map((f) => result(f)), ...(options.suppressed ?? []).map((f) => result(f, f.reason))],
        tool: {
          driver: {
            informationUri: 'https://github.com/khaos-cli/khaos',
            name: 'khaos',
            rules: specs.map((s) => ({
              defaultConfiguration: {level: LEVEL[s.severity]},
              fullDescription: {text: s.rationale.trim()},
              ...(s.id === 'F0' ? {} : {helpUri: trialDocsUri(s.id)}),
              help: {
                markdown: `**${s.title}**\n\n${s.rationale.trim()}\n\n**Remediation.** ${s.remediation.trim()}`,
                text: `${s.rationale.trim()}\n\nRemediation: ${s.remediation.trim()}`,
              },
              id: s.id,
              name: ruleName(s.title),
              properties: {'security-severity': SECURITY_SEVERITY[s.severity], tags: ['security', s.family]},
              shortDescription: {text: s.title},
            })),
            semanticVersion: report.summary.tool.version,
            version: report.summary.tool.version,
          },
        },
      },
    ],
    version: '2.1.0',
  }
  return `${JSON.stringify(sarif, null, 2)}\n`
}

/** `service` (one) or `services` (several) in a result's properties, as in the JSON report. */
function serviceProperties(f: Parameters<typeof servicesOf>[0]): {service?: string; services?: string[]} {
  const services = servicesOf(f)
  if (services.length === 0) return {}
  return services.length === 1 ? {service: services[0]} : {service: services[0], services}
}

/**
 * Where the scanned directory sits below the repository root, as a URI prefix (`deploy/stack/`), so that GitHub
 * code scanning, which resolves relative URIs against the checkout, points at the right file when a
 * subdirectory is scanned. Outside git: relative to the working directory when the target is below it; else ''.
 */
export function sarifUriPrefix(target: string): string {
  let root: string
  try {
    root = realpathSync(target)
    if (!statSync(root).isDirectory()) root = dirname(root)
  } catch {
    return ''
  }

  // The repository root is found by looking for .git, not by asking git: nothing in the tree runs.
  const top = findRepository(root).repo?.workTree
  let base = resolve(process.cwd())
  try {
    base = realpathSync(top ?? base)
  } catch {
    // keep the unresolved path
  }

  const rel = relative(base, root)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return ''
  return `${rel.split(sep).join('/')}/`
}
