import {compareForReport, type ReportContext, type ReportFinding, type TrialReport} from '../../src/trials/report/model.js'
import {loadTrialSpecs} from '../../src/trials/spec.js'
import {ROOT} from './cli.js'

/** Report contexts built by hand for the renderers' tests: the real trial specs, findings as given. */

const specs = await loadTrialSpecs(ROOT)

export function finding(over: Partial<ReportFinding>): ReportFinding {
  return {
    evidence: 'db: 5432:5432',
    family: 'Network & Gateway',
    file: 'compose.yaml',
    fingerprint: 'f'.repeat(32),
    line: 3,
    message: 'published on all interfaces',
    severity: 'medium',
    trial: 'F4',
    ...over,
  }
}

export function reportContext(findings: ReportFinding[], summary: Partial<TrialReport['summary']> = {}): ReportContext {
  const bySeverity = {critical: 0, high: 0, low: 0, medium: 0}
  for (const f of findings) bySeverity[f.severity]++
  return {
    report: {
      findings: [...findings].sort(compareForReport),
      summary: {
        baselined: 0,
        bySeverity,
        errors: [],
        failOn: 'high',
        failed: findings.some((f) => f.severity === 'high' || f.severity === 'critical'),
        filesScanned: 1,
        findings: findings.length,
        generatedAt: '2026-01-31T12:00:00.000Z',
        notes: [],
        skipped: [],
        suppressed: [],
        target: '.',
        tool: {name: 'khaos', version: '0.0.0'},
        trials: specs.map((s) => s.id),
        unjustifiedSuppressions: [],
        ...summary,
      },
    },
    specs,
  }
}
