import {FAMILIES} from '../types.js'
import type {ReportContext} from './model.js'

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 cannot carry most control characters, even escaped.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')

/** JUnit XML: one testsuite per family, one testcase per trial; a trial with findings fails with all of them listed. */
export function renderJunit({report, specs}: ReportContext): string {
  const s = report.summary
  const suites: string[] = []
  let total = 0
  let failures = 0
  for (const [familyId, family] of Object.entries(FAMILIES)) {
    const inFamily = specs.filter((sp) => sp.family === familyId && (sp.id !== 'F0' || report.findings.some((f) => f.trial === 'F0')))
    if (inFamily.length === 0) continue
    const cases: string[] = []
    let suiteFailures = 0
    for (const spec of inFamily) {
      const findings = report.findings.filter((f) => f.trial === spec.id)
      const name = `${spec.id} ${spec.title}`
      if (findings.length === 0) {
        cases.push(`    <testcase classname="khaos.trial.${familyId}" name="${xml(name)}"/>`)
        continue
      }

      suiteFailures++
      const worst = ['critical', 'high', 'medium', 'low'].find((sev) => findings.some((f) => f.severity === sev))!
      const body = findings.map((f) => `[${f.severity}] ${f.file}:${f.line} ${f.evidence}\n  ${f.message}`).join('\n')
      cases.push(
        `    <testcase classname="khaos.trial.${familyId}" name="${xml(name)}">\n      <failure message="${findings.length} finding(s), worst ${worst}" type="${worst}">${xml(`${body}\nRemediation: ${spec.remediation.trim()}`)}</failure>\n    </testcase>`,
      )
    }

    total += inFamily.length
    failures += suiteFailures
    suites.push(
      `  <testsuite name="${xml(family)}" tests="${inFamily.length}" failures="${suiteFailures}" errors="0" skipped="0" timestamp="${s.generatedAt.replace(/Z$/, '')}">\n${cases.join('\n')}\n  </testsuite>`,
    )
  }

  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="khaos trial" tests="${total}" failures="${failures}" errors="${s.errors.length}">\n${suites.join('\n')}\n</testsuites>\n`
}
