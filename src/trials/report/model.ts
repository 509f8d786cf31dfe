import {severityRank} from '../findings.js'
import {countBySeverity, failsAt, PARSE_TRIAL, type ScanResult} from '../runner.js'
import {type Finding, type Severity, type TrialSpec} from '../types.js'

export {TRIAL_DOCS_URL, trialDocsUri} from '../docs.js'

/** The service(s) a finding concerns, when the detector says (compose findings do). */
export interface ServiceFields {
  service?: string
  services?: string[]
}

export type ReportFinding = Pick<Finding, 'also' | 'evidence' | 'family' | 'file' | 'fingerprint' | 'line' | 'message' | 'severity' | 'trial'> & ServiceFields

/** The services of a finding as one list: `services` when given, else `service`, else none. */
export function servicesOf(f: ServiceFields): string[] {
  if (Array.isArray(f.services) && f.services.length > 0) return f.services
  return typeof f.service === 'string' && f.service !== '' ? [f.service] : []
}

/** Worst first, then by place: a person reads the criticals before the lows (the runner's order is by place). */
export function compareForReport(a: ReportFinding, b: ReportFinding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    Number(a.trial.slice(1)) - Number(b.trial.slice(1)) ||
    (a.evidence < b.evidence ? -1 : a.evidence > b.evidence ? 1 : 0)
  )
}

/** The report every format renders: the `--format json` shape, plus the trial specs the other formats need. */
export interface TrialReport {
  /** Sorted by severity (worst first), then file, line and trial. */
  findings: ReportFinding[]
  summary: {
    target: string
    generatedAt: string
    tool: {name: 'khaos'; version: string}
    trials: string[]
    filesScanned: number
    findings: number
    bySeverity: Record<Severity, number>
    failOn: Severity
    failed: boolean
    suppressed: Array<{trial: string; file: string; line: number; fingerprint: string; reason: string}>
    baselined: number
    unjustifiedSuppressions: Array<{file: string; line: number; trial: string}>
    skipped: Array<{path: string; reason: string}>
    errors: Array<{trial: string; message: string}>
    notes: string[]
  }
}

export interface ReportContext {
  report: TrialReport
  /** Specs of the trials that ran, plus the F0 parse pseudo-trial: rules for SARIF/JUnit/markdown. */
  specs: Array<Pick<TrialSpec, 'family' | 'id' | 'rationale' | 'remediation' | 'severity' | 'title'> & {references?: TrialSpec['references']}>
}

const PARSE_SPEC: ReportContext['specs'][number] = {
  ...PARSE_TRIAL,
  rationale: 'A file khaos could not parse was not checked by any trial; a broken compose or workflow file may also break deployment.',
  references: [],
  remediation: 'Fix the syntax error at the reported line (or exclude the file); then re-run the scan.',
}

export function buildReport(result: ScanResult, options: {failOn: Severity; generatedAt: string; version: string}): ReportContext {
  const strip = (f: Finding & ServiceFields): ReportFinding => {
    const services = servicesOf(f)
    return {
      trial: f.trial,
      family: f.family,
      severity: f.severity,
      file: f.file,
      line: f.line,
      ...(services.length > 0 ? {service: f.service ?? services[0]} : {}),
      ...(services.length > 1 ? {services} : {}),
      evidence: f.evidence,
      message: f.message,
      fingerprint: f.fingerprint,
      ...(f.also && f.also.length > 0 ? {also: f.also} : {}),
    }
  }
  const report: TrialReport = {
    findings: result.findings.map(strip).sort(compareForReport),
    summary: {
      baselined: result.baselined.length,
      bySeverity: countBySeverity(result.findings),
      errors: result.errors,
      failOn: options.failOn,
      failed: failsAt(result.findings, options.failOn),
      filesScanned: result.filesScanned,
      findings: result.findings.length,
      generatedAt: options.generatedAt,
      notes: result.notes,
      skipped: result.skipped,
      suppressed: result.suppressed.map((f) => ({file: f.file, fingerprint: f.fingerprint, line: f.line, reason: f.reason, trial: f.trial})),
      target: result.target,
      tool: {name: 'khaos', version: options.version},
      trials: result.trials.map((t) => t.spec.id),
      unjustifiedSuppressions: result.unjustified,
    },
  }
  return {report, specs: [PARSE_SPEC, ...result.trials.map((t) => t.spec)]}
}
