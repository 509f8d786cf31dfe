/**
 * The loop's hot paths (never a test). Run: node --import tsx bench/loop.ts
 *
 * 1. Audit append: 5,000 lines through appendAudit (open O_APPEND, fstat, one write, close) against
 *    appendFileSync of the same lines, the floor for "one line per command".
 * 2. Notice rendering: a 2,000-finding trial report to Discord, Slack and JSON payloads against
 *    JSON.stringify of the report itself.
 * 3. Metrics: the exposition of that report against JSON.stringify of it.
 */
import {appendFileSync, mkdtempSync, rmSync} from 'node:fs'
import {cpus, loadavg, tmpdir} from 'node:os'
import {join} from 'node:path'

import {appendAudit, type AuditEntry} from '../src/audit/log.js'
import {renderMetrics} from '../src/metrics/index.js'
import {trialNotice} from '../src/notify/notice.js'
import {renderPayloads} from '../src/notify/render.js'

const work = mkdtempSync(join(tmpdir(), 'khaos-bench-loop-'))
const time = (f: () => void): number => {
  const start = process.hrtime.bigint()
  f()
  return Number(process.hrtime.bigint() - start) / 1e6
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

try {
  const entry = (i: number): AuditEntry => ({
    args: ['--name', `k${i}`, '--no-passphrase'],
    artifacts: [{bytes: 93, path: '/x/keys/k.pub', sha256: 'a'.repeat(64)}],
    command: 'keys generate',
    cwd: '/src/app',
    durationMs: 40,
    exit: 0,
    host: 'h',
    pid: 1,
    result: 'ok',
    time: '2026-01-31T12:00:00.000Z',
    user: 'u',
    version: '0.1.0',
  })
  const LINES = 5000
  const audit: number[] = []
  const floor: number[] = []
  for (let round = 0; round < 5; round++) {
    const a = join(work, `audit-${round}.jsonl`)
    const b = join(work, `plain-${round}.jsonl`)
    floor.push(
      time(() => {
        for (let i = 0; i < LINES; i++) appendFileSync(b, `${JSON.stringify(entry(i))}\n`)
      }),
    )
    audit.push(
      time(() => {
        for (let i = 0; i < LINES; i++) appendAudit(entry(i), {keep: 5, maxBytes: 1024 * 1024 * 1024, path: a})
      }),
    )
  }

  const severities = ['low', 'medium', 'high', 'critical']
  const findings = Array.from({length: 2000}, (_, i) => ({
    evidence: `image: redis:${i}`,
    family: 'network',
    file: `compose-${i % 13}.yml`,
    fingerprint: `f${i}`,
    line: i,
    message: 'port published on all interfaces '.repeat(3),
    severity: severities[i % 4],
    trial: `F${(i % 36) + 1}`,
  }))
  const report = {
    findings,
    summary: {
      bySeverity: {critical: 500, high: 500, low: 500, medium: 500},
      errors: [],
      failOn: 'high',
      failed: true,
      filesScanned: 13,
      findings: 2000,
      generatedAt: '2026-01-31T12:00:00Z',
      target: '.',
      trials: ['F1'],
    },
  }
  const stringify: number[] = []
  const render: number[] = []
  const metrics: number[] = []
  for (let round = 0; round < 9; round++) {
    stringify.push(time(() => JSON.stringify(report)))
    render.push(
      time(() => {
        const notice = trialNotice(report)
        for (const type of ['discord', 'slack', 'json'] as const) renderPayloads(type, notice, {maxMessages: 3, version: '0'})
      }),
    )
    metrics.push(time(() => renderMetrics('trial', report)))
  }

  console.log(`loop bench — ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}`)
  console.log(
    `  audit: ${LINES} lines appendFileSync ${median(floor).toFixed(0)} ms (reference); appendAudit ${median(audit).toFixed(0)} ms, ratio ${(median(audit) / median(floor)).toFixed(2)}x, ${((median(audit) / LINES) * 1000).toFixed(0)} µs per line`,
  )
  console.log(
    `  notices: 2,000 findings JSON.stringify ${median(stringify).toFixed(1)} ms (reference); Discord+Slack+JSON payloads ${median(render).toFixed(1)} ms, ratio ${(median(render) / median(stringify)).toFixed(1)}x`,
  )
  console.log(`  metrics: exposition of the same report ${median(metrics).toFixed(1)} ms, ratio ${(median(metrics) / median(stringify)).toFixed(1)}x`)
} finally {
  rmSync(work, {force: true, recursive: true})
}
