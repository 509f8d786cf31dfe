import {strict as assert} from 'node:assert'
import {type ChildProcess, spawn, spawnSync} from 'node:child_process'
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {join} from 'node:path'

import {dashboardMetricNames} from '../../src/metrics/dashboard.js'
import {synthesisMetrics} from '../../src/metrics/sets.js'
import {khaos, ROOT, tempDir} from '../helpers/cli.js'

const TS = '2026-01-31T12:00:00Z'
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0
const PROMTOOL = has('promtool')
const EXPORTER = has('prometheus-node-exporter')

function promtoolCheck(file: string): void {
  const result = spawnSync('promtool', ['check', 'metrics'], {encoding: 'utf8', input: readFileSync(file)})
  assert.equal(result.status, 0, `promtool check metrics ${file}: ${result.stdout}${result.stderr}`)
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const {port} = probe.address() as {port: number}
      probe.close(() => resolve(port))
    })
  })
}

async function scrape(url: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const response = await fetch(url)
      if (response.ok) return await response.text()
    } catch {
      // Not listening yet.
    }

    await new Promise((resolve) => {
      setTimeout(resolve, 100)
    })
  }

  throw new Error(`node_exporter did not answer on ${url}`)
}

describe('metrics: --metrics textfiles, checked by promtool and scraped through node_exporter', function () {
  this.timeout(240_000)
  let work: ReturnType<typeof tempDir>
  let env: Record<string, string>
  let textfiles: string
  const written: Record<string, string> = {}

  before(async () => {
    work = tempDir('khaos-metrics-')
    env = {KHAOS_HOME: join(work.path, 'home')}
    textfiles = join(work.path, 'textfile')
    mkdirSync(textfiles)
    const vulnerable = join(ROOT, 'trials', 'F02-runtime-socket', 'vulnerable')
    written.trial = join(textfiles, 'khaos_trial.prom')
    const trial = await khaos(['trial', 'run', vulnerable, '--no-report', '--timestamp', TS, '--metrics', written.trial], {cwd: work.path, env})
    assert.equal(trial.exitCode, 1, trial.stderr)
    written.drill = join(textfiles, 'khaos_drill.prom')
    assert.equal((await khaos(['drill', 'start', '1'], {cwd: work.path, env})).exitCode, 0)
    const drill = await khaos(['drill', 'progress', '--timestamp', TS, '--metrics', written.drill], {cwd: work.path, env})
    assert.equal(drill.exitCode, 0, drill.stderr)
    written.synthesis = join(textfiles, 'khaos_synthesis.prom')
    const inputs = ['alice', 'bob', 'carol'].flatMap((p) => ['--input', join(ROOT, 'test', 'fixtures', 'synthesis', `${p}.md`)])
    const synthesis = await khaos(
      ['synthesize', '--topic', 'Release cadence', ...inputs, '--no-sign', '--timestamp', TS, '--out', join(work.path, 'out'), '--metrics', written.synthesis],
      {cwd: work.path, env},
    )
    assert.equal(synthesis.exitCode, 0, synthesis.stderr)
    writeFileSync(join(work.path, 'a.txt'), 'a\n')
    assert.equal((await khaos(['keys', 'generate', '--name', 'm', '--no-passphrase'], {cwd: work.path, env})).exitCode, 0)
    assert.equal((await khaos(['notarize', 'a.txt', '--key', 'm', '--out', 'notary'], {cwd: work.path, env})).exitCode, 0)
    written.verify = join(textfiles, 'khaos_verify.prom')
    const verify = await khaos(['verify', 'notary', '--key', 'm', '--metrics', written.verify], {
      cwd: work.path,
      env: {...env, SOURCE_DATE_EPOCH: '1769860800'},
    })
    assert.equal(verify.exitCode, 0, verify.stderr)
  })

  after(() => work.cleanup())

  it('writes the series each command promises, with Prometheus names and labels', async () => {
    const trial = readFileSync(written.trial, 'utf8')
    assert.match(trial, /^khaos_trial_findings\{family="[^"]+",severity="[^"]+",trial="F2"\} [1-9]\d*$/m)
    assert.match(trial, /^khaos_trial_failed 1$/m)
    assert.match(trial, /^khaos_trial_findings_by_severity\{severity="critical"\} \d+$/m)
    const catalog = JSON.parse((await khaos(['drill', 'list', '--json'], {env})).stdout) as unknown[]
    const drill = readFileSync(written.drill, 'utf8')
    assert.equal(
      drill.match(/^khaos_drill_passed\{bloom="[^"]+",drill="\d\d-[^"]+"\} 0$/gm)?.length,
      (Array.isArray(catalog) ? catalog : (catalog as {drills: unknown[]}).drills).length,
    )
    assert.match(drill, /^khaos_drill_completion_ratio 0$/m)
    const synthesis = readFileSync(written.synthesis, 'utf8')
    assert.match(synthesis, /^khaos_synthesis_contradictions\{kind="[a-z-]+"\} [1-9]\d*$/m)
    assert.match(synthesis, /^khaos_synthesis_stage_duration_seconds\{stage="contradictions",status="ok"\} [\d.e-]+$/m)
    // The main list and the low-confidence appendix are counted apart, and together they are every finding.
    const analysisPath = (readdirSync(join(work.path, 'out'), {recursive: true}) as string[]).find((p) => p.endsWith('analysis.json'))
    assert.ok(analysisPath, 'the session wrote its analysis')
    const result = JSON.parse(readFileSync(join(work.path, 'out', analysisPath), 'utf8')) as {findings: Array<{lowConfidence: boolean}>}
    const main = result.findings.filter((f) => !f.lowConfidence).length
    assert.match(synthesis, new RegExp(`^khaos_synthesis_contradictions_found ${main}$`, 'm'))
    assert.match(synthesis, new RegExp(`^khaos_synthesis_low_confidence_findings ${result.findings.length - main}$`, 'm'))
    assert.match(readFileSync(written.verify, 'utf8'), /^khaos_verify_ok 1$/m)
    assert.match(readFileSync(written.verify, 'utf8'), /^khaos_verify_last_run_timestamp_seconds 1769860800$/m)
  })

  it('the same inputs and --timestamp give byte-identical files', async () => {
    const again = join(work.path, 'again.prom')
    await khaos(['trial', 'run', join(ROOT, 'trials', 'F02-runtime-socket', 'vulnerable'), '--no-report', '--timestamp', TS, '--metrics', again], {
      cwd: work.path,
      env,
    })
    assert.equal(readFileSync(again, 'utf8'), readFileSync(written.trial, 'utf8'))
  })

  it('promtool check metrics passes on every file khaos writes', function () {
    if (!PROMTOOL) this.skip() // .ci/run installs the prometheus package (promtool)
    for (const file of Object.values(written)) promtoolCheck(file)
  })

  it("node_exporter's textfile collector serves every family, with no scrape error", async function () {
    if (!EXPORTER) this.skip() // .ci/run installs prometheus-node-exporter
    const port = await freePort()
    const exporter: ChildProcess = spawn(
      'prometheus-node-exporter',
      ['--collector.disable-defaults', '--collector.textfile', `--collector.textfile.directory=${textfiles}`, `--web.listen-address=127.0.0.1:${port}`],
      {stdio: 'ignore'},
    )
    try {
      const text = await scrape(`http://127.0.0.1:${port}/metrics`)
      assert.match(text, /^node_textfile_scrape_error 0$/m)
      for (const file of Object.values(written)) {
        for (const name of readFileSync(file, 'utf8')
          .match(/^# TYPE (\S+)/gm)!
          .map((l) => l.slice(7))) {
          assert.match(text, new RegExp(`^${name}(\\{| )`, 'm'), `${name} from ${file} not served`)
        }
      }

      assert.match(text, /^khaos_trial_findings\{family="[^"]+",severity="[^"]+",trial="F2"\} [1-9]/m)
      assert.match(text, /^khaos_verify_ok 1$/m)
    } finally {
      exporter.kill()
    }
  })

  it('metrics dashboard writes Grafana JSON whose every query names a series khaos writes', async () => {
    const result = await khaos(['metrics', 'dashboard'], {cwd: work.path, env})
    assert.equal(result.exitCode, 0, result.stderr)
    const dashboard = JSON.parse(result.stdout) as {panels: Array<{targets: Array<{expr: string}>}>; uid: string}
    assert.equal(dashboard.uid, 'khaos-practice')
    const all = Object.values(written)
      .map((f) => readFileSync(f, 'utf8'))
      .join('')
    for (const name of dashboardMetricNames()) assert.match(all, new RegExp(`^# TYPE ${name} `, 'm'), `${name} is queried but never written`)
    assert.equal((await khaos(['metrics', 'dashboard'], {cwd: work.path, env})).stdout, result.stdout)
  })

  it('a directory as --metrics is exit 2 with one line', async () => {
    const result = await khaos(['drill', 'progress', '--metrics', textfiles], {cwd: work.path, env})
    assert.equal(result.exitCode, 2)
    assert.match(result.stderr, /is a directory/)
  })
})

describe('metrics: exposition of hostile label values', () => {
  it('escapes quotes, backslashes and newlines so promtool accepts the file, and refuses bad names', async function () {
    const {labelValue, renderExposition} = await import('../../src/metrics/exposition.js')
    const text = renderExposition([
      {
        help: 'Help with a \\ backslash\nand a newline.',
        name: 'khaos_test_value',
        series: [
          {labels: {kind: labelValue('a"b\\c\nd\u001b[31m')}, value: 1},
          {labels: {kind: 'plain'}, value: 0.5},
        ],
        type: 'gauge',
      },
    ])
    assert.match(text, /^khaos_test_value\{kind="a\\"b\\\\c d \[31m"\} 1$/m)
    assert.throws(() => renderExposition([{help: 'h', name: 'khaos_x_total', series: [{labels: {}, value: 1}], type: 'gauge'}]), /must not end in _total/)
    assert.throws(() => renderExposition([{help: 'h', name: 'bad-name', series: [{labels: {}, value: 1}], type: 'gauge'}]), /bad metric name/)
    assert.throws(
      () =>
        renderExposition([
          {
            help: 'h',
            name: 'k',
            series: [
              {labels: {a: '1'}, value: 1},
              {labels: {a: '1'}, value: 2},
            ],
            type: 'gauge',
          },
        ]),
      /duplicate series/,
    )
    if (!PROMTOOL) this.skip()
    const result = spawnSync('promtool', ['check', 'metrics'], {encoding: 'utf8', input: text})
    assert.equal(result.status, 0, result.stdout + result.stderr)
  })
})

describe('metrics: the synthesis counts', () => {
  it('without a readable analysis, falls back to the totals the synthesis reported', () => {
    const families = synthesisMetrics({
      artifacts: {contradictions: join(ROOT, 'no-such-folder')},
      findings: 7,
      lowConfidence: 3,
      signed: false,
      stages: [],
      timestamp: '2026-01-01T00:00:00Z',
    })
    const value = (name: string) => families.find((f) => f.name === name)?.series[0]?.value
    assert.equal(value('khaos_synthesis_contradictions_found'), 4)
    assert.equal(value('khaos_synthesis_low_confidence_findings'), 3)
    assert.deepEqual(families.find((f) => f.name === 'khaos_synthesis_contradictions')?.series, [])
  })
})
