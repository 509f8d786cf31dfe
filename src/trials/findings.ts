import {createHash} from 'node:crypto'

import {SEVERITIES, type Finding, type RawFinding, type Severity, type TrialSpec} from './types.js'
import {FAMILIES} from './types.js'

/**
 * Findings: fingerprints, ordering, inline suppressions and baselines.
 * The fingerprint hashes trial + file + normalised evidence, never the line, so a finding keeps its
 * identity when lines move above it (baselines and GitHub code scanning rely on that).
 */

function normaliseEvidence(evidence: string): string {
  return evidence.replace(/\s+/g, ' ').replace(/["']/g, '').trim()
}

export function fingerprint(trial: string, file: string, evidence: string): string {
  return createHash('sha256')
    .update(`${trial}\0${file}\0${normaliseEvidence(evidence)}`)
    .digest('hex')
    .slice(0, 32)
}

export function toFinding(spec: Pick<TrialSpec, 'family' | 'id' | 'severity'>, raw: RawFinding): Finding {
  const evidence = oneLine(raw.evidence)
  const services = raw.services && raw.services.length > 0 ? [...new Set(raw.services)].sort() : undefined
  const service = raw.service ?? services?.[0]
  return {
    ...(service === undefined ? {} : {service}),
    ...(services && services.length > 1 ? {services} : {}),
    evidence,
    family: FAMILIES[spec.family],
    file: raw.file,
    fingerprint: fingerprint(spec.id, raw.file, evidence),
    line: Math.max(1, raw.line || 1),
    message: oneLine(raw.message),
    severity: raw.severity ?? spec.severity,
    trial: spec.id,
  }
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim()
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s)
}

const trialNumber = (id: string) => Number(id.slice(1))

function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    trialNumber(a.trial) - trialNumber(b.trial) ||
    (a.evidence < b.evidence ? -1 : a.evidence > b.evidence ? 1 : 0)
  )
}

/**
 * One finding per flaw within a trial: raw findings at the same file and line whose evidence differs only by
 * its `service: ` prefix (one `.env` line read by three services, an anchor shared by five) become one that
 * lists every service.
 */
export function mergeServices(raw: RawFinding[]): RawFinding[] {
  const groups = new Map<string, {first: RawFinding; rest: string; services: Set<string>}>()
  const out: RawFinding[] = []
  for (const r of raw) {
    const names = r.services ?? (r.service === undefined ? [] : [r.service])
    const prefix = r.service !== undefined && r.evidence.startsWith(`${r.service}: `) ? `${r.service}: ` : ''
    if (names.length === 0 || prefix === '') {
      out.push(r)
      continue
    }

    const rest = r.evidence.slice(prefix.length)
    const key = `${r.file}\0${r.line}\0${rest}`
    const group = groups.get(key)
    if (group) {
      for (const n of names) group.services.add(n)
      continue
    }

    const entry = {first: r, rest, services: new Set(names)}
    groups.set(key, entry)
    out.push(r)
  }

  return out.map((r) => {
    const names = r.service === undefined ? undefined : groups.get(`${r.file}\0${r.line}\0${r.evidence.slice(r.service.length + 2)}`)
    if (!names || names.first !== r || names.services.size < 2) return r
    const services = [...names.services].sort()
    const quoted = services.map((n) => `"${n}"`).join(', ')
    return {...r, evidence: `${services.join(', ')}: ${names.rest}`, message: r.message.replace(`"${r.service}"`, quoted), service: services[0], services}
  })
}

/**
 * Trials whose finding is folded into another trial's finding at the same file and line: that one is the stronger
 * reading of the same flaw (a weak password is also a literal secret; `/` mounted is also a sensitive path; a
 * product's open port is also a port on every interface). `*` folds into any other trial of at least equal severity.
 */
const FOLDS_INTO: Record<string, string[] | '*'> = {F4: '*', F8: ['F2', 'F7'], F11: ['F12'], F28: ['F11', 'F12']}

/** Folds the weaker of two trials that see the same line into the stronger one, which names it (`also`). */
export function foldOverlaps(findings: Finding[], titles: ReadonlyMap<string, string>): Finding[] {
  const byPlace = new Map<string, Finding[]>()
  for (const f of findings) {
    const key = `${f.file}\0${f.line}`
    if (!byPlace.has(key)) byPlace.set(key, [])
    byPlace.get(key)!.push(f)
  }

  const dropped = new Set<Finding>()
  const also = new Map<Finding, Set<string>>()
  for (const group of byPlace.values()) {
    if (group.length < 2) continue
    for (const weak of group) {
      const into = FOLDS_INTO[weak.trial]
      if (!into || into.length === 0) continue
      const strong = group
        .filter(
          (g) =>
            g !== weak &&
            !dropped.has(g) &&
            g.trial !== weak.trial &&
            (into === '*' ? severityRank(g.severity) >= severityRank(weak.severity) : into.includes(g.trial)),
        )
        .sort((a, b) => severityRank(b.severity) - severityRank(a.severity))[0]
      if (!strong) continue
      dropped.add(weak)
      if (!also.has(strong)) also.set(strong, new Set())
      also.get(strong)!.add(weak.trial)
    }
  }

  return findings
    .filter((f) => !dropped.has(f))
    .map((f) => {
      const names = also.get(f)
      if (!names) return f
      const list = [...names].sort((a, b) => trialNumber(a) - trialNumber(b))
      return {...f, also: list, message: `${f.message} (also ${list.map((t) => `${t} ${titles.get(t) ?? ''}`.trim()).join('; ')})`}
    })
}

/** Drops exact duplicates (same trial, place and evidence) and sorts. */
export function dedupeAndSort(findings: Finding[]): Finding[] {
  const seen = new Set<string>()
  const out: Finding[] = []
  for (const f of findings) {
    const key = `${f.fingerprint}:${f.line}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(f)
  }

  return out.sort(compareFindings)
}

export interface Suppression {
  reason: string
  file: string
  line: number
}

// Ids as `--only` takes them: any case, leading zeros allowed (F04 is F4, like the trials/F04-… folder).
const IGNORE = /khaos-ignore\s+((?:F\d{1,3}\s*,\s*)*F\d{1,3})\s*(?::\s*(.*))?$/i

/**
 * Inline suppression: `# khaos-ignore F4: reason` (or `//`, `<!--`) on the finding's line or on the line
 * just above it. A reason is required; a bare `khaos-ignore F4` does not suppress (it is reported).
 */
export function findSuppression(text: string | undefined, finding: Pick<Finding, 'line' | 'trial'>): {reason?: string; line: number} | undefined {
  if (text === undefined) return undefined
  const lines = text.split(/\r?\n/, finding.line)
  for (const n of [finding.line, finding.line - 1]) {
    const line = lines[n - 1]
    if (line === undefined || !line.includes('khaos-ignore')) continue
    const m = IGNORE.exec(line.replace(/\s*(-->|\*\/)\s*$/, ''))
    if (!m) continue
    const ids = m[1].split(',').map((s) => `F${Number(s.trim().slice(1))}`)
    if (!ids.includes(finding.trial)) continue
    const reason = m[2]?.trim()
    return {line: n, reason: reason === '' ? undefined : reason}
  }

  return undefined
}

/** Reads fingerprints from a baseline: a previous `--format json` report or `{"fingerprints": [...]}`. */
export function parseBaseline(json: unknown): Set<string> {
  const out = new Set<string>()
  if (json && typeof json === 'object') {
    const o = json as {findings?: unknown; fingerprints?: unknown}
    if (Array.isArray(o.findings)) for (const f of o.findings) if (f && typeof (f as Finding).fingerprint === 'string') out.add((f as Finding).fingerprint)
    if (Array.isArray(o.fingerprints)) for (const f of o.fingerprints) if (typeof f === 'string') out.add(f)
    if (Array.isArray(o.findings) || Array.isArray(o.fingerprints)) return out
  }

  throw new Error('not a khaos baseline: expected a `--format json` report or {"fingerprints": [...]}')
}
