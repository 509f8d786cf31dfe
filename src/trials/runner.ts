import {buildModel, type ProjectModel, type SkippedFile} from './model/index.js'
import {dedupeAndSort, findSuppression, foldOverlaps, mergeServices, severityRank, toFinding} from './findings.js'
import {explainGitNote} from './git-note.js'
import type {Trial} from './registry.js'
import {SEVERITIES, type Finding, type RawFinding, type Severity} from './types.js'

/** The pseudo-trial for files khaos could not parse: the scan goes on, the gap is reported. */
export const PARSE_TRIAL = {family: 'workspace', id: 'F0', severity: 'medium', title: 'File could not be parsed'} as const

export interface SuppressedFinding extends Finding {
  reason: string
}

export interface ScanResult {
  target: string
  trials: Trial[]
  findings: Finding[]
  suppressed: SuppressedFinding[]
  baselined: Finding[]
  /** `khaos-ignore` comments without a reason: not honoured, listed so they get fixed. */
  unjustified: Array<{file: string; line: number; trial: string}>
  skipped: SkippedFile[]
  filesScanned: number
  /** Detectors that threw: a bug, reported instead of aborting the scan. */
  errors: Array<{trial: string; message: string}>
  notes: string[]
}

export interface ScanOptions {
  baseline?: Set<string>
  live?: boolean
  liveTimeoutMs?: number
}

/** Runs the given trials against an already-built model. */
export async function scanModel(model: ProjectModel, target: string, trials: Trial[], options: ScanOptions = {}): Promise<ScanResult> {
  const all: Finding[] = []
  const errors: ScanResult['errors'] = []
  const notes: string[] = []
  for (const p of model.parseProblems) {
    all.push(toFinding(PARSE_TRIAL, {evidence: p.message, file: p.file, line: p.line, message: `malformed YAML, not scanned: ${p.message}`}))
  }

  for (const {detector, spec} of trials) {
    let raw: RawFinding[] = []
    try {
      raw = detector.detect(model)
      if (options.live && detector.live) raw = [...raw, ...(await detector.live({host: '127.0.0.1', model, timeoutMs: options.liveTimeoutMs ?? 3000}))]
    } catch (error) {
      errors.push({message: (error as Error).message, trial: spec.id})
      continue
    }

    // Detectors that read text (F28's URLs, Traefik labels) know the line, not the service: the model does.
    for (const r of raw)
      if (r.service === undefined && r.services === undefined) {
        const service = model.serviceAt(r.file, r.line)
        if (service !== undefined) r.service = service
      }

    for (const r of mergeServices(raw)) all.push(toFinding(spec, r))
  }

  if (options.live) {
    const probes = trials.filter((t) => t.detector.live).map((t) => t.spec.id)
    notes.push(probes.length > 0 ? `live probes (127.0.0.1 only) ran for ${probes.join(', ')}` : 'no selected trial has a live probe')
  }

  // The note matters only to the trials that ask git what is tracked.
  if (model.git.note && trials.some((t) => t.spec.without_git !== undefined))
    notes.push(
      explainGitNote(
        model.git.note,
        trials.map((t) => t.spec),
      ),
    )
  notes.push(...model.notes)

  const findings: Finding[] = []
  const suppressed: SuppressedFinding[] = []
  const baselined: Finding[] = []
  const unjustified: ScanResult['unjustified'] = []
  const titles = new Map(trials.map((t) => [t.spec.id, t.spec.title]))
  for (const f of foldOverlaps(dedupeAndSort(all), titles)) {
    const s = findSuppression(model.text(f.file), f)
    if (s?.reason) {
      suppressed.push({...f, reason: s.reason})
      continue
    }

    if (s) unjustified.push({file: f.file, line: s.line, trial: f.trial})
    if (options.baseline?.has(f.fingerprint)) baselined.push(f)
    else findings.push(f)
  }

  const skipped = [...model.skipped].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return {baselined, errors, filesScanned: model.files.length, findings, notes, skipped, suppressed, target, trials, unjustified}
}

export async function scan(target: string, trials: Trial[], options: ScanOptions = {}): Promise<ScanResult> {
  return scanModel(buildModel(target), target, trials, options)
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts = {critical: 0, high: 0, low: 0, medium: 0}
  for (const f of findings) counts[f.severity]++
  return counts
}

export function failsAt(findings: Finding[], failOn: Severity): boolean {
  return findings.some((f) => severityRank(f.severity) >= severityRank(failOn))
}

export function parseSeverity(value: string): Severity {
  const v = value.toLowerCase() === 'med' ? 'medium' : value.toLowerCase() === 'crit' ? 'critical' : value.toLowerCase()
  if (!(SEVERITIES as readonly string[]).includes(v)) throw new Error(`unknown severity ${JSON.stringify(value)}: use low, medium, high or critical`)
  return v as Severity
}
