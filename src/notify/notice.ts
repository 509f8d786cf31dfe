import {existsSync} from 'node:fs'
import {join} from 'node:path'

import type {NoticeEvent} from '../shared/config.js'
import {readTextFile} from '../shared/input.js'

/**
 * A notice is what khaos has to say about one run, before any platform shapes it: a title, a short
 * description, a few facts and a list of items (findings, failures, drills). The renderers turn it into a
 * Discord, Slack or plain JSON payload within each platform's limits.
 *
 * The inputs are described here by the fields a notice reads (structural types), not imported from the
 * trial, drill, notary or pipeline areas, so that notify depends on none of them: any object of that shape
 * (a command's result, or its saved `--json` output) can be announced.
 */

export type NoticeStatus = 'success' | 'failure' | 'warning' | 'info'
export const SEVERITY_ORDER = ['low', 'medium', 'high', 'critical'] as const
export type SeverityName = (typeof SEVERITY_ORDER)[number]

export interface NoticeItem {
  title: string
  text: string
  severity?: SeverityName
}

export interface Notice {
  event: NoticeEvent
  status: NoticeStatus
  title: string
  description: string
  facts: Array<{name: string; value: string}>
  items: NoticeItem[]
  /** What the items are, plural: "findings", "failures", "drills". */
  itemsLabel: string
  /** Where the whole story is (a report file), named when items had to be left out. */
  artifact?: string
  timestamp?: string
}

export interface TrialReportLike {
  findings: Array<{trial: string; family: string; severity: string; file: string; line: number; message: string; evidence: string}>
  summary: {target: string; generatedAt: string; filesScanned: number; findings: number; bySeverity: Record<string, number>; failOn: string; failed: boolean}
}

export interface SynthesisLike {
  session: string
  topic: string
  findings: number
  recordId: number
  signed: boolean
  keyId?: string
  timestamp: string
  artifacts: {contradictions: string; summary: string; record?: string}
}

export interface AnalysisFindingLike {
  kind: string
  score: number
  /** Analysis v2: calibrated confidence, and whether the finding is below the threshold (the appendix). */
  confidence?: number
  lowConfidence?: boolean
  subject: string[] | string
  evidence?: string
  a: {text: string; participant: string}
  b: {text: string; participant: string}
  tension?: {name: string}
}

export interface DrillReportLike {
  generatedAt: string
  drills: Array<{id: number; title: string; bloom: string; status: string; attempts: number; passes: number; streak: number; box: number | null}>
  totals: {drills: number; passed: number; attempts: number; passRate: number | null; hintsUsed: number; bestStreak: number; currentStreak: number}
}

export interface VerifyReportLike {
  ok: boolean
  dir: string
  key: {keyId: string; source: string}
  subjects: Array<{name: string; ok: boolean}>
  checks: unknown[]
  failures: string[]
}

const rank = (severity: string): number => SEVERITY_ORDER.indexOf(severity as SeverityName)

export function atOrAbove(severity: string | undefined, floor: SeverityName): boolean {
  return severity !== undefined && rank(severity) >= rank(floor)
}

export function trialNotice(report: TrialReportLike, artifact?: string): Notice {
  const s = report.summary
  const findings = [...report.findings].sort((x, y) => rank(y.severity) - rank(x.severity) || x.file.localeCompare(y.file) || x.line - y.line)
  return {
    artifact,
    description:
      s.findings === 0
        ? `No findings in ${s.target} (${s.filesScanned} files scanned).`
        : `${s.findings} finding(s) in ${s.target} (${s.filesScanned} files scanned); the run ${s.failed ? 'FAILED' : 'passed'} at --fail-on ${s.failOn}.`,
    event: 'trial',
    facts: [
      ...SEVERITY_ORDER.slice()
        .reverse()
        .map((sev) => ({name: sev, value: String(s.bySeverity[sev] ?? 0)})),
      {name: 'files scanned', value: String(s.filesScanned)},
      {name: 'result', value: s.failed ? `failed (at or above ${s.failOn})` : 'passed'},
    ],
    items: findings.map((f) => ({
      severity: f.severity as SeverityName,
      text: `${f.message}\n${f.evidence}`,
      title: `${f.severity.toUpperCase()} ${f.trial} ${f.file}:${f.line}`,
    })),
    itemsLabel: 'findings',
    status: s.failed ? 'failure' : s.findings > 0 ? 'warning' : 'success',
    timestamp: s.generatedAt,
    title: `khaos trial run: ${s.findings} finding(s) in ${s.target}`,
  }
}

/** Reads `<contradictions>/analysis.json` of a synthesis, if it is there and has the expected shape. */
export function readAnalysisFindings(contradictionsDir: string): AnalysisFindingLike[] {
  const file = join(contradictionsDir, 'analysis.json')
  if (!existsSync(file)) return []
  try {
    const data = JSON.parse(readTextFile(file, {what: 'analysis'})) as {findings?: unknown}
    return Array.isArray(data.findings) ? (data.findings as AnalysisFindingLike[]).filter((f) => f && typeof f === 'object' && f.a && f.b) : []
  } catch {
    return []
  }
}

export function synthesisNotice(result: SynthesisLike, findings: AnalysisFindingLike[]): Notice {
  // The channel hears about the main list, most confident first; the low-confidence appendix is counted, not posted.
  const main = findings.filter((f) => f.lowConfidence !== true).sort((x, y) => (y.confidence ?? y.score ?? 0) - (x.confidence ?? x.score ?? 0))
  const low = findings.length - main.length
  const count = findings.length > 0 ? main.length : result.findings
  return {
    artifact: result.artifacts.summary,
    description: `Topic: ${result.topic}\n${count} contradiction(s) found${low > 0 ? ` (${low} more of low confidence in the summary's appendix)` : ''}; decision record ${result.recordId}; ${result.signed ? `signed with key ${result.keyId ?? '?'}` : 'UNSIGNED'}.`,
    event: 'synthesis',
    facts: [
      {name: 'session', value: result.session},
      {name: 'contradictions', value: String(count)},
      ...(low > 0 ? [{name: 'low confidence', value: String(low)}] : []),
      {name: 'record', value: String(result.recordId)},
      {name: 'signed', value: result.signed ? 'yes' : 'no'},
    ],
    items: main.map((f) => ({
      text: `${f.a.participant}: ${f.a.text}\n${f.b.participant}: ${f.b.text}`,
      title: `${f.kind}${f.tension ? ` (${f.tension.name})` : ''}: ${Array.isArray(f.subject) ? f.subject.join(' ') : String(f.subject ?? '')}`,
    })),
    itemsLabel: 'contradictions',
    status: count > 0 ? 'warning' : 'success',
    timestamp: result.timestamp,
    title: `khaos synthesis: ${result.topic}`,
  }
}

export function drillNotice(report: DrillReportLike): Notice {
  const t = report.totals
  const rate = t.passRate === null ? 'no checks yet' : `${Math.round(t.passRate * 100)}%`
  return {
    description: `Passed ${t.passed} of ${t.drills} drills; pass rate ${rate}; current streak ${t.currentStreak}, best ${t.bestStreak}.`,
    event: 'drill',
    facts: [
      {name: 'passed', value: `${t.passed}/${t.drills}`},
      {name: 'checks', value: String(t.attempts)},
      {name: 'pass rate', value: rate},
      {name: 'hints used', value: String(t.hintsUsed)},
      {name: 'current streak', value: String(t.currentStreak)},
      {name: 'best streak', value: String(t.bestStreak)},
    ],
    items: report.drills
      .filter((d) => d.status !== 'new')
      .map((d) => ({
        text: `${d.status}; ${d.passes}/${d.attempts} checks passed; streak ${d.streak}; Leitner box ${d.box ?? '-'}; Bloom: ${d.bloom}`,
        title: `${String(d.id).padStart(2, '0')} ${d.title}`,
      })),
    itemsLabel: 'drills',
    status: 'info',
    timestamp: report.generatedAt,
    title: `khaos drill progress: ${t.passed}/${t.drills} passed`,
  }
}

export function verifyNotice(report: VerifyReportLike): Notice {
  const okSubjects = report.subjects.filter((s) => s.ok).length
  return {
    description: report.ok
      ? `${report.subjects.length} subject(s) and ${report.checks.length} checks verified with key ${report.key.keyId} (${report.key.source}).`
      : `${report.failures.length} problem(s); ${okSubjects}/${report.subjects.length} subjects ok; key ${report.key.keyId} (${report.key.source}).`,
    event: 'verify',
    facts: [
      {name: 'result', value: report.ok ? 'verified' : 'FAILED'},
      {name: 'key', value: `${report.key.keyId} (${report.key.source})`},
      {name: 'subjects', value: `${okSubjects}/${report.subjects.length} ok`},
    ],
    items: report.failures.map((failure, i) => ({text: failure, title: `problem ${i + 1}`})),
    itemsLabel: 'problems',
    status: report.ok ? 'success' : 'failure',
    title: `khaos verify ${report.dir}: ${report.ok ? 'verified' : 'FAILED'}`,
  }
}

export function messageNotice(title: string, text: string, timestamp?: string): Notice {
  return {description: text, event: 'message', facts: [], items: [], itemsLabel: 'items', status: 'info', timestamp, title}
}

/** Which notice a saved `--json` output is, by its shape; undefined when it is none khaos knows. */
export function noticeFromJson(data: unknown, artifact?: string): Notice | undefined {
  const d = data as Record<string, unknown>
  if (!d || typeof d !== 'object') return undefined
  if (Array.isArray(d.findings) && d.summary && typeof d.summary === 'object' && 'bySeverity' in (d.summary as object))
    return trialNotice(d as unknown as TrialReportLike, artifact)
  if (typeof d.session === 'string' && d.artifacts && typeof d.recordId === 'number') {
    const result = d as unknown as SynthesisLike
    return synthesisNotice(result, readAnalysisFindings(result.artifacts.contradictions))
  }

  if (Array.isArray(d.drills) && d.totals && typeof d.totals === 'object') return drillNotice(d as unknown as DrillReportLike)
  if (typeof d.ok === 'boolean' && Array.isArray(d.failures) && d.key) return verifyNotice(d as unknown as VerifyReportLike)
  return undefined
}
