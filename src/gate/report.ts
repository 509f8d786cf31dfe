import {stripControls} from '../shared/text.js'
import type {GateResult} from './evaluate.js'

/** The gate results as a terminal table, GitHub-flavoured Markdown (step summary), JUnit XML or JSON. */

export interface GateReport {
  ok: boolean
  passed: number
  failed: number
  file: string
  gates: GateResult[]
}

export function gateReport(file: string, gates: GateResult[]): GateReport {
  const failed = gates.filter((g) => !g.ok).length
  return {failed, file, gates, ok: failed === 0, passed: gates.length - failed}
}

const flat = (text: string) => stripControls(text).replace(/\s+/g, ' ').trim()

export function renderText(report: GateReport): string {
  const width = Math.min(40, Math.max(4, ...report.gates.map((g) => flat(g.name).length)))
  const kindWidth = Math.max(4, ...report.gates.map((g) => g.kind.length))
  const lines = report.gates.map(
    (g) => `${g.ok ? 'PASS' : 'FAIL'}  ${flat(g.name).slice(0, width).padEnd(width)}  ${g.kind.padEnd(kindWidth)}  ${flat(g.reason)}`,
  )
  lines.push(report.ok ? `all ${report.gates.length} gate(s) passed` : `${report.failed} of ${report.gates.length} gate(s) FAILED`)
  return `${lines.join('\n')}\n`
}

/** Table cells: pipes and HTML made literal, one line. */
const cell = (text: string) => flat(text).replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`)

export function renderMarkdown(report: GateReport): string {
  const rows = report.gates.map((g) => `| ${g.ok ? '✅ pass' : '❌ fail'} | ${cell(g.name)} | ${g.kind} | ${cell(g.reason)} |`)
  return (
    [
      `### khaos gates: ${report.ok ? `all ${report.gates.length} passed` : `${report.failed} of ${report.gates.length} failed`}`,
      '',
      '| result | gate | kind | reason |',
      '| --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n') + '\n'
  )
}

const xml = (text: string) =>
  stripControls(text)
    .replace(/[\n\t]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')

export function renderJunit(report: GateReport): string {
  const cases = report.gates.map((g) =>
    g.ok
      ? `    <testcase classname="khaos.gate.${g.kind}" name="${xml(g.name)}"><system-out>${xml(g.reason)}</system-out></testcase>`
      : `    <testcase classname="khaos.gate.${g.kind}" name="${xml(g.name)}">\n      <failure message="${xml(g.reason)}" type="${g.kind}">${xml(g.reason)}</failure>\n    </testcase>`,
  )
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="khaos gates" tests="${report.gates.length}" failures="${report.failed}">`,
    `  <testsuite name="khaos gates" tests="${report.gates.length}" failures="${report.failed}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}
