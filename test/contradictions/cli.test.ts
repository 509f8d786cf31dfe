import assert from 'node:assert/strict'
import {existsSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {CATALOG_FILES} from '../helpers/catalogs.js'
import {khaos, tempDir} from '../helpers/cli.js'
import {FIXTURES, precisionRecall, SNLI_FILE} from './helpers.js'

describe('khaos contradictions (CLI)', () => {
  let home: ReturnType<typeof tempDir>
  before(() => {
    home = tempDir()
  })
  after(() => home.cleanup())
  const env = () => ({KHAOS_HOME: home.path})

  it('list --json prints {"tensions":[…]} with one entry per catalog file; show prints one, exit 2 for an unknown id', async () => {
    const list = await khaos(['contradictions', 'list', '--json'], {env: env()})
    assert.equal(list.exitCode, 0, list.stderr)
    assert.equal(JSON.parse(list.stdout).tensions.length, CATALOG_FILES.tensions.length)
    const show = await khaos(['contradictions', 'show', 'privacy-vs-personalization'], {env: env()})
    assert.equal(show.exitCode, 0)
    assert.match(show.stdout, /Privacy vs Personalization[\s\S]*Resolution/)
    const unknown = await khaos(['contradictions', 'show', 'nope', '--json'], {env: env()})
    assert.equal(unknown.exitCode, 2)
    assert.match(JSON.parse(unknown.stdout).error.message, /no tension "nope"/)
  })

  it('analyze writes analysis.json and report.md, byte-identical with --timestamp, and refuses to overwrite', async () => {
    const dir = tempDir()
    try {
      const args = (out: string) => [
        'contradictions',
        'analyze',
        '-i',
        'alice.md',
        '-i',
        'bob.md',
        '-i',
        'carol.md',
        '--participants',
        'alice,bob,carol',
        '--out',
        out,
        '--timestamp',
        '2026-01-01T00:00:00Z',
        '--json',
      ]
      const first = await khaos(args(join(dir.path, 'one')), {cwd: FIXTURES, env: env()})
      assert.equal(first.exitCode, 0, first.stderr)
      const summary = JSON.parse(first.stdout)
      assert.equal(summary.findings.length, 6)
      assert.equal(summary.generatedAt, '2026-01-01T00:00:00Z')
      assert.equal(summary.claims, undefined, 'claims stay in analysis.json, not on stdout')
      const second = await khaos(args(join(dir.path, 'two')), {cwd: FIXTURES, env: env()})
      assert.equal(second.exitCode, 0)
      for (const file of ['analysis.json', 'report.md']) {
        assert.equal(readFileSync(join(dir.path, 'one', file), 'utf8'), readFileSync(join(dir.path, 'two', file), 'utf8'), file)
      }

      const again = await khaos(args(join(dir.path, 'one')), {cwd: FIXTURES, env: env()})
      assert.equal(again.exitCode, 2)
      assert.match(JSON.parse(again.stdout).error.message, /already exists; pass --force/)
      assert.deepEqual(readdirSync(dir.path).sort(), ['one', 'two'], 'nothing half-written')
      // A taken --out is refused before any input is read, not after the analysis.
      const early = await khaos(['contradictions', 'analyze', '--input', 'no-such-notes.md', '--out', join(dir.path, 'one'), '--json'], {
        cwd: FIXTURES,
        env: env(),
      })
      assert.equal(early.exitCode, 2)
      assert.match(JSON.parse(early.stdout).error.message, /already exists; pass --force/)
    } finally {
      dir.cleanup()
    }
  })

  it('analyze: clear errors and exit codes for bad input; --fail-on-findings exits 1', async () => {
    const dir = tempDir()
    try {
      writeFileSync(join(dir.path, 'bin.md'), Buffer.from([1, 0, 2]))
      const binary = await khaos(['contradictions', 'analyze', '-i', join(dir.path, 'bin.md')], {env: env()})
      assert.equal(binary.exitCode, 2)
      assert.match(binary.stderr, /binary data/)
      const mismatch = await khaos(['contradictions', 'analyze', '-i', 'a.md', '-i', 'b.md', '--participants', 'x'], {env: env()})
      assert.equal(mismatch.exitCode, 2)
      assert.match(mismatch.stderr, /participant/)
      const none = await khaos(['contradictions', 'analyze'], {env: env()})
      assert.equal(none.exitCode, 2)
      const topic = await khaos(['contradictions', 'analyze', '--topic', 'Privacy vs Personalization', '--json'], {env: env()})
      assert.equal(topic.exitCode, 0, topic.stderr)
      // A topic alone backs no tension: topic tensions are named only when the inputs use both poles' signals.
      assert.deepEqual([JSON.parse(topic.stdout).findings, JSON.parse(topic.stdout).topicTensions], [[], []])
      const fail = await khaos(['contradictions', 'analyze', '-i', 'alice.md', '-i', 'bob.md', '--fail-on-findings'], {cwd: FIXTURES, env: env()})
      assert.equal(fail.exitCode, 1)
      assert.match(fail.stdout, /\d+ contradiction\(s\) \(\d+ between participants, \d+ internal\)/)
      // A low-confidence finding (one participant's own two rules, in the appendix) does not fail the check.
      writeFileSync(join(dir.path, 'own.md'), 'Every production release needs two approvals.\n\nHotfixes can go to production with a single approval.\n')
      const low = await khaos(['contradictions', 'analyze', '-i', join(dir.path, 'own.md'), '--json', '--fail-on-findings'], {env: env()})
      const lowFindings = (JSON.parse(low.stdout) as {findings: Array<{lowConfidence: boolean}>}).findings
      assert.ok(lowFindings.length > 0 && lowFindings.every((f) => f.lowConfidence), low.stdout)
      assert.equal(low.exitCode, 0)
    } finally {
      dir.cleanup()
    }
  })

  it('pairs --json keeps input order and names a malformed line', async () => {
    const dir = tempDir()
    try {
      const file = join(dir.path, 'p.jsonl')
      writeFileSync(
        file,
        [
          {a: 'The admin port is open.', b: 'The admin port is closed.', id: 'x'},
          {a: 'The API responds in under 2 s.', b: 'The API responds in 1.2 s.', id: 2},
          {a: 'Backups are encrypted.', b: 'Backups are not encrypted.', id: 'a'},
        ]
          .map((r) => JSON.stringify(r))
          .join('\n') + '\n',
      )
      const result = await khaos(['contradictions', 'pairs', file, '--json'], {env: env()})
      assert.equal(result.exitCode, 0, result.stderr)
      assert.deepEqual(JSON.parse(result.stdout), {
        results: [
          {contradiction: true, id: 'x', kind: 'antonym', score: JSON.parse(result.stdout).results[0].score},
          {contradiction: false, id: 2, kind: null, score: 0},
          {contradiction: true, id: 'a', kind: 'negation', score: JSON.parse(result.stdout).results[2].score},
        ],
      })
      writeFileSync(file, '{"id":1,"a":"x y","b":"y z"}\n{"id":2,"a":"x y"}\n')
      const bad = await khaos(['contradictions', 'pairs', file], {env: env()})
      assert.equal(bad.exitCode, 2)
      assert.match(bad.stderr, /p\.jsonl:2: field "b"/)
    } finally {
      dir.cleanup()
    }
  })

  it('pairs on SNLI (the measurement): precision >= 0.85 at recall >= 0.25', async function () {
    if (!SNLI_FILE) {
      this.test!.title += " (skipped: ../shared/corpora/snli is absent, as in a user's own clone)"
      this.skip()
    }
    const dir = tempDir()
    try {
      const rows = readFileSync(SNLI_FILE!, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as {gold_label: string; pairID: string; sentence1: string; sentence2: string})
      const file = join(dir.path, 'snli.jsonl')
      writeFileSync(file, rows.map((r) => JSON.stringify({a: r.sentence1, b: r.sentence2, id: r.pairID})).join('\n') + '\n')
      const result = await khaos(['contradictions', 'pairs', file, '--json'], {env: env()})
      assert.equal(result.exitCode, 0, result.stderr)
      const results = JSON.parse(result.stdout).results as Array<{contradiction: boolean; id: string}>
      assert.deepEqual(
        results.map((r) => r.id),
        rows.map((r) => r.pairID),
      )
      const {precision, recall} = precisionRecall(
        rows.map((r) => r.gold_label === 'contradiction'),
        results.map((r) => r.contradiction),
      )
      assert.ok(precision >= 0.85 && recall >= 0.25, `precision ${precision}, recall ${recall}`)
    } finally {
      dir.cleanup()
    }
  })

  it('analyze --format: text a person reads, and GitHub annotations on both lines of each dispute, safe from hostile notes', async () => {
    const dir = tempDir()
    try {
      writeFileSync(join(dir.path, 'ana.md'), '# Notes\n\nRaw request logs must be kept for 30 days, because the payment audit asks for them.\n')
      writeFileSync(
        join(dir.path, 'ben.md'),
        '# Notes\n\nRequest logs need not be kept longer than 14 days.\n\nThe \u001b]0;pwned\u0007 cache is fine::error::x\n',
      )
      const args = ['contradictions', 'analyze', '-i', 'ana.md', '-i', 'ben.md', '--participants', 'ana,ben']
      const text = await khaos(args, {cwd: dir.path, env: env()})
      assert.equal(text.exitCode, 0, text.stderr)
      assert.match(text.stdout, /^Retention period of the raw request logs {2}\(numeric, ana and ben disagree, confidence 0\.\d\d\)$/m)
      assert.match(
        text.stdout,
        /^ {2}ana {2}ana\.md:3 {2}“Raw request logs must be kept for 30 days, because the payment audit asks for them\.”$/m,
        'the full sentence, quoted',
      )
      assert.match(text.stdout, /^ {2}why: 30 days vs/m)
      const github = await khaos([...args, '--format', 'github'], {cwd: dir.path, env: env()})
      assert.equal(github.exitCode, 0, github.stderr)
      const lines = github.stdout.trim().split('\n')
      assert.deepEqual(
        lines.filter((l) => l.startsWith('::')).map((l) => /^::warning file=([^,]+),line=(\d+),/.exec(l)?.slice(1)),
        [
          ['ana.md', '3'],
          ['ben.md', '3'],
        ],
      )
      assert.ok(!github.stdout.includes('\u001b'), 'no escape reaches the log')
      const markdown = await khaos([...args, '--format', 'markdown'], {cwd: dir.path, env: env()})
      assert.match(markdown.stdout, /^# Contradiction analysis/)
      const bad = await khaos([...args, '--format', 'yaml'], {cwd: dir.path, env: env()})
      assert.equal(bad.exitCode, 2)
    } finally {
      dir.cleanup()
    }
  })

  it('generate --out writes the kits, the same bytes every time, and refuses to overwrite', async () => {
    const dir = tempDir()
    try {
      const one = await khaos(['contradictions', 'generate', '--out', join(dir.path, 'one'), '--json'], {env: env()})
      assert.equal(one.exitCode, 0, one.stderr)
      assert.deepEqual(JSON.parse(one.stdout).files, [
        'CONVERSION_PLAYBOOK.md',
        'PROOF_METRICS.md',
        'contradictions.json',
        'discord-commands.json',
        'grafana_dashboard.json',
        'landing_sections.html',
      ])
      await khaos(['contradictions', 'generate', '--out', join(dir.path, 'two')], {env: env()})
      for (const file of readdirSync(join(dir.path, 'one'))) {
        assert.equal(readFileSync(join(dir.path, 'one', file), 'utf8'), readFileSync(join(dir.path, 'two', file), 'utf8'), file)
      }

      const again = await khaos(['contradictions', 'generate', '--out', join(dir.path, 'one')], {env: env()})
      assert.equal(again.exitCode, 2)
      assert.match(again.stderr, /pass --force/)
      const forced = await khaos(['contradictions', 'generate', '--out', join(dir.path, 'one'), '--force'], {env: env()})
      assert.equal(forced.exitCode, 0)
    } finally {
      dir.cleanup()
    }
  })

  it('generate says the proofs need metrics khaos does not emit, and --available-metrics keeps only the panels a Prometheus can answer', async () => {
    const dir = tempDir()
    try {
      const plain = await khaos(['contradictions', 'generate', '--out', join(dir.path, 'all')], {env: env()})
      assert.equal(plain.exitCode, 0, plain.stderr)
      assert.match(plain.stderr, /khaos does not emit them/)
      // As Prometheus answers GET /api/v1/label/__name__/values.
      const names = join(dir.path, 'names.json')
      writeFileSync(names, JSON.stringify({data: ['http_requests_total', 'pages_total', 'up'], status: 'success'}))
      const some = await khaos(['contradictions', 'generate', '--out', join(dir.path, 'some'), '--available-metrics', names, '--json'], {env: env()})
      assert.equal(some.exitCode, 0, some.stderr)
      const report = JSON.parse(some.stdout)
      const dashboard = JSON.parse(readFileSync(join(dir.path, 'some', 'grafana_dashboard.json'), 'utf8'))
      assert.equal(dashboard.panels.length, report.panels)
      assert.ok(report.panels > 0 && report.panels < report.tensions, `${report.panels} of ${report.tensions}`)
      for (const panel of dashboard.panels)
        for (const metric of panel.targets[0].expr.match(/[a-z_]+_total|\bup\b/g) ?? [])
          assert.ok(['http_requests_total', 'pages_total', 'up'].includes(metric), metric)
      assert.ok(Object.keys(report.missingMetrics).includes('deployments_total'))
      assert.match(readFileSync(join(dir.path, 'some', 'PROOF_METRICS.md'), 'utf8'), /`deployments_total`: /)
      const bad = join(dir.path, 'bad.txt')
      writeFileSync(bad, 'pages_total\n{"not": "a name"}\n')
      const refused = await khaos(['contradictions', 'generate', '--out', join(dir.path, 'bad'), '--available-metrics', bad], {env: env()})
      assert.equal(refused.exitCode, 2)
      assert.match(refused.stderr.replaceAll(/\s*›\s*/g, ' '), /--available-metrics .*bad\.txt: not a metric name/)
      assert.ok(!existsSync(join(dir.path, 'bad')), 'nothing written on bad input')
    } finally {
      dir.cleanup()
    }
  })
})
