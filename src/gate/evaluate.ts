import {existsSync, statSync} from 'node:fs'

import {readTextFile} from '../shared/input.js'
import {oneLine} from '../shared/text.js'
import {type Gate, type GatesConfig, fromGatesFile} from './config.js'
import {coberturaCoverage, compare, jsonNumber, lcovCoverage, promNumber, type Read} from './evidence.js'

/**
 * Evaluates each gate over its evidence. Missing or unreadable evidence fails the gate (the point of a gate
 * is that the evidence exists), with the reason in words; only a broken gates file is a usage error.
 *
 * Gates compose other areas' public entry points (trial scan, notary verification, records, drill
 * progress), as src/pipeline does; each is imported only by the gate kind that needs it.
 */

export interface GateResult {
  name: string
  kind: Gate['kind']
  ok: boolean
  /** What was found, in words: why the gate passed or failed. */
  reason: string
  evidence?: string
}

export interface GateContext {
  /** Package root (catalogs: trials, drills). */
  root: string
  stateRoot: string
}

const SEVERITIES = ['low', 'medium', 'high', 'critical']
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

function readEvidence(path: string, what: string): Read<string> {
  if (!existsSync(path)) return {ok: false, reason: `${what} ${path} does not exist`}
  try {
    if (!statSync(path).isFile()) return {ok: false, reason: `${what} ${path} is not a file`}
    return {ok: true, value: readTextFile(path, {what})}
  } catch (error) {
    return {ok: false, reason: oneLine((error as Error).message)}
  }
}

function parseJson(text: string, path: string): Read<unknown> {
  try {
    return {ok: true, value: JSON.parse(text)}
  } catch {
    return {ok: false, reason: `${path} is not valid JSON`}
  }
}

type Finding = {trial: string; severity: string; file: string; line: number; message: string}

async function trialsGate(gate: Extract<Gate, {kind: 'trials'}>, config: GatesConfig, context: GateContext): Promise<Omit<GateResult, 'kind' | 'name'>> {
  let findings: Finding[]
  let evidence: string
  if (gate.report) {
    evidence = fromGatesFile(config, gate.report)
    const text = readEvidence(evidence, 'trial report')
    if (!text.ok) return {evidence, ok: false, reason: text.reason}
    const data = parseJson(text.value, evidence)
    if (!data.ok) return {evidence, ok: false, reason: data.reason}
    const list = (data.value as {findings?: unknown}).findings
    if (!Array.isArray(list) || list.some((f) => !f || typeof f !== 'object' || typeof (f as Finding).severity !== 'string')) {
      return {evidence, ok: false, reason: `${evidence} is not a khaos trial run --format json report`}
    }

    findings = list as Finding[]
  } else {
    evidence = fromGatesFile(config, gate.scan!)
    if (!existsSync(evidence)) return {evidence, ok: false, reason: `scan target ${evidence} does not exist`}
    const [{loadTrials, selectTrials}, {scan}] = await Promise.all([import('../trials/registry.js'), import('../trials/runner.js')])
    const result = await scan(evidence, selectTrials(await loadTrials(context.root), {only: gate.only}))
    if (result.errors.length > 0) return {evidence, ok: false, reason: `the scan could not run every trial: ${oneLine(result.errors[0].message)}`}
    findings = result.findings
  }

  if (gate.only && gate.only.length > 0) findings = findings.filter((f) => gate.only!.includes(f.trial))
  const floor = SEVERITIES.indexOf(gate.fail_on)
  const blocking = findings.filter((f) => SEVERITIES.indexOf(f.severity) >= floor)
  if (blocking.length === 0) return {evidence, ok: true, reason: `no finding at or above ${gate.fail_on} (${plural(findings.length, 'finding')} below)`}
  const first = blocking[0]
  return {
    evidence,
    ok: false,
    reason: `${plural(blocking.length, 'finding')} at or above ${gate.fail_on}, e.g. ${first.severity} ${first.trial} at ${oneLine(first.file)}:${first.line}: ${oneLine(first.message)}`,
  }
}

async function notaryGate(gate: Extract<Gate, {kind: 'notary'}>, config: GatesConfig): Promise<Omit<GateResult, 'kind' | 'name'>> {
  const dir = fromGatesFile(config, gate.dir)
  const key = fromGatesFile(config, gate.key)
  if (!existsSync(dir)) return {evidence: dir, ok: false, reason: `notary ${dir} does not exist`}
  if (!existsSync(key)) return {evidence: dir, ok: false, reason: `pinned key ${key} does not exist`}
  const {verifyNotary} = await import('../notary/verify.js')
  try {
    const report = await verifyNotary({baseDir: gate.base ? fromGatesFile(config, gate.base) : undefined, dir, publicKey: key})
    if (report.ok) return {evidence: dir, ok: true, reason: `${plural(report.subjects.length, 'subject')} verified with pinned key ${report.key.keyId}`}
    return {
      evidence: dir,
      ok: false,
      reason: `verification failed with pinned key ${report.key.keyId}: ${oneLine(report.failures[0] ?? 'unknown problem')}${report.failures.length > 1 ? ` (and ${report.failures.length - 1} more)` : ''}`,
    }
  } catch (error) {
    return {evidence: dir, ok: false, reason: `cannot verify: ${oneLine((error as Error).message)}`}
  }
}

async function decisionGate(gate: Extract<Gate, {kind: 'decision'}>, config: GatesConfig): Promise<Omit<GateResult, 'kind' | 'name'>> {
  const dir = fromGatesFile(config, gate.dir)
  if (!existsSync(dir)) return {evidence: dir, ok: false, reason: `records folder ${dir} does not exist`}
  const {findRecordById} = await import('../records/store.js')
  try {
    const {file, record} = findRecordById(dir, gate.id)
    const status = (record as {status?: unknown}).status
    const title = oneLine(String((record as {title?: unknown}).title ?? ''))
    if (status === gate.status) return {evidence: file, ok: true, reason: `record ${gate.id} "${title}" is ${gate.status}`}
    return {evidence: file, ok: false, reason: `record ${gate.id} "${title}" is ${oneLine(String(status ?? 'without a status'))}, not ${gate.status}`}
  } catch (error) {
    return {evidence: dir, ok: false, reason: oneLine((error as Error).message)}
  }
}

async function drillsGate(gate: Extract<Gate, {kind: 'drills'}>, config: GatesConfig, context: GateContext): Promise<Omit<GateResult, 'kind' | 'name'>> {
  const required = config.roles[gate.role]
  const [{loadCatalog}, {loadProgress}, {buildReport}] = await Promise.all([
    import('../drills/catalog.js'),
    import('../drills/progress.js'),
    import('../drills/report.js'),
  ])
  const catalog = await loadCatalog(context.root)
  const unknown = required.filter((id) => !catalog.some((d) => d.id === id))
  if (unknown.length > 0) return {ok: false, reason: `role ${gate.role} requires drill(s) ${unknown.join(', ')}, which the catalog does not have`}
  const stateRoot = gate.progress ? fromGatesFile(config, gate.progress) : context.stateRoot
  let report
  try {
    report = buildReport(catalog, loadProgress(stateRoot), new Date(0).toISOString())
  } catch (error) {
    return {evidence: stateRoot, ok: false, reason: `cannot read drill progress: ${oneLine((error as Error).message)}`}
  }

  const label = (id: number) => String(id).padStart(2, '0')
  const missing = required.filter((id) => report.drills.find((d) => d.id === id)?.status !== 'passed')
  if (missing.length === 0)
    return {evidence: stateRoot, ok: true, reason: `role ${gate.role}: passed all ${required.length} required drill(s) (${required.map(label).join(', ')})`}
  return {
    evidence: stateRoot,
    ok: false,
    reason: `role ${gate.role}: ${plural(missing.length, 'required drill')} not passed yet (${missing.map(label).join(', ')}); passed ${required.length - missing.length}/${required.length}`,
  }
}

function coverageGate(gate: Extract<Gate, {kind: 'coverage'}>, config: GatesConfig): Omit<GateResult, 'kind' | 'name'> {
  const file = fromGatesFile(config, gate.file)
  const text = readEvidence(file, 'coverage report')
  if (!text.ok) return {evidence: file, ok: false, reason: text.reason}
  const format = gate.format ?? (/\.xml$/i.test(file) || text.value.trimStart().startsWith('<') ? 'cobertura' : 'lcov')
  const read = format === 'cobertura' ? coberturaCoverage(text.value) : lcovCoverage(text.value)
  if (!read.ok) return {evidence: file, ok: false, reason: `${file}: ${read.reason}`}
  const percent = Math.floor(read.value.percent * 100) / 100
  const lines = read.value.found === undefined ? '' : ` (${read.value.hit}/${read.value.found} lines)`
  return read.value.percent >= gate.min
    ? {evidence: file, ok: true, reason: `line coverage ${percent}%${lines} is at least ${gate.min}%`}
    : {evidence: file, ok: false, reason: `line coverage ${percent}%${lines} is below ${gate.min}%`}
}

function sloGate(gate: Extract<Gate, {kind: 'slo'}>, config: GatesConfig): Omit<GateResult, 'kind' | 'name'> {
  const file = fromGatesFile(config, gate.file)
  const text = readEvidence(file, 'SLO evidence')
  if (!text.ok) return {evidence: file, ok: false, reason: text.reason}
  const format =
    gate.format ??
    (/\.json$/i.test(file) ? 'json' : /\.(prom|txt|metrics)$/i.test(file) ? 'prometheus' : text.value.trimStart().startsWith('{') ? 'json' : 'prometheus')
  let read: Read<number>
  if (format === 'json') {
    const data = parseJson(text.value, file)
    read = data.ok ? jsonNumber(data.value, gate.metric) : data
  } else read = promNumber(text.value, gate.metric)
  if (!read.ok) return {evidence: file, ok: false, reason: `${file}: ${read.reason}`}
  return compare(read.value, gate.op, gate.value)
    ? {evidence: file, ok: true, reason: `${gate.metric} = ${read.value}, which is ${gate.op} ${gate.value}`}
    : {evidence: file, ok: false, reason: `${gate.metric} = ${read.value}, which is not ${gate.op} ${gate.value}`}
}

export async function evaluateGates(config: GatesConfig, context: GateContext): Promise<GateResult[]> {
  const results: GateResult[] = []
  for (const gate of config.gates) {
    let outcome: Omit<GateResult, 'kind' | 'name'>
    switch (gate.kind) {
      case 'trials':
        outcome = await trialsGate(gate, config, context)
        break
      case 'notary':
        outcome = await notaryGate(gate, config)
        break
      case 'decision':
        outcome = await decisionGate(gate, config)
        break
      case 'drills':
        outcome = await drillsGate(gate, config, context)
        break
      case 'coverage':
        outcome = coverageGate(gate, config)
        break
      default:
        outcome = sloGate(gate, config)
    }

    results.push({kind: gate.kind, name: gate.name, ...outcome})
  }

  return results
}
