import {Args, Flags} from '@oclif/core'
import {existsSync, readFileSync} from 'node:fs'

import {KhaosCommand} from '../../base-command.js'
import {writeFileAtomic} from '../../shared/atomic.js'
import {InputError, KhaosError} from '../../shared/errors.js'
import {readTextFile} from '../../shared/input.js'
import {note, startStage} from '../../shared/output.js'
import {resolveTimestamp} from '../../shared/time.js'
import {parseBaseline} from '../../trials/findings.js'
import {loadTrials, selectTrials} from '../../trials/registry.js'
import {buildReport, type TrialReport} from '../../trials/report/model.js'
import {parseSeverity, scan} from '../../trials/runner.js'

export const DEFAULT_REPORT = 'moc_trial_results/moc_report.md'

export default class TrialRun extends KhaosCommand<typeof TrialRun> {
  static override args = {
    path: Args.string({default: '.', description: 'Project directory (or one file) to scan.'}),
  }

  static override description = `Run the failure-mode trials against a project's files and report what is really present, with file and line.

Prints a table and writes ${DEFAULT_REPORT} (markdown, per family). --format chooses another output (json, sarif for GitHub code scanning, junit); with --output it goes to a file. Exit 0 clean, 1 findings at or above --fail-on, 2 usage or tool error.
Suppress one finding inline with a comment on its line or the line above: # khaos-ignore F4: reason`

  static override examples = [
    '<%= config.bin %> trial run',
    '<%= config.bin %> trial run ./stack --only F2,F7 --fail-on critical',
    '<%= config.bin %> trial run . --format sarif --output khaos.sarif',
    '<%= config.bin %> trial run . --format json --output baseline.json && <%= config.bin %> trial run . --baseline baseline.json',
  ]

  static override flags = {
    baseline: Flags.string({description: 'Ignore findings whose fingerprint is in this file (a previous --format json report, or {"fingerprints":[...]}).'}),
    'fail-on': Flags.string({default: 'high', description: 'Exit 1 when a finding is at or above this severity.', options: ['low', 'medium', 'high', 'critical']}),
    family: Flags.string({description: 'Only trials of this family (network, identity, observability, workspace); repeatable or comma-separated.', multiple: true, multipleNonGreedy: true}),
    force: Flags.boolean({description: 'Overwrite an existing --output file.'}),
    format: Flags.string({default: 'text', description: 'Output format.', options: ['text', 'markdown', 'json', 'sarif', 'junit']}),
    live: Flags.boolean({description: 'Also probe services on 127.0.0.1 (Traefik API, Grafana default login, …). Never contacts another host.'}),
    metrics: Flags.string({description: 'Also write Prometheus text metrics to this file (node_exporter textfile collector), atomically.'}),
    'no-report': Flags.boolean({description: `Do not write ${DEFAULT_REPORT}.`}),
    notify: Flags.boolean({description: 'Also send a notice to the channels khaos.yaml routes this event to.'}),
    only: Flags.string({description: 'Only these trials, e.g. F2,F7; repeatable.', multiple: true, multipleNonGreedy: true}),
    output: Flags.string({char: 'o', description: 'Write the report in --format to this file instead of stdout.'}),
    timestamp: Flags.string({description: 'Report time (ISO 8601 with zone) for byte-identical output; default SOURCE_DATE_EPOCH or now.'}),
  }

  async run(): Promise<TrialReport> {
    const {flags} = this
    const failOn = parseSeverity(flags['fail-on'])
    const generatedAt = resolveTimestamp(flags.timestamp).iso
    let baseline: Set<string> | undefined
    if (flags.baseline) {
      const text = readTextFile(flags.baseline, {what: 'baseline'})
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        throw new InputError(`baseline ${flags.baseline}: not valid JSON; use a \`khaos trial run --format json\` report`)
      }

      try {
        baseline = parseBaseline(json)
      } catch (error) {
        throw new InputError(`baseline ${flags.baseline}: ${(error as Error).message}`)
      }
    }

    let trials
    try {
      trials = selectTrials(await loadTrials(this.config.root), {family: flags.family, only: flags.only})
    } catch (error) {
      if (error instanceof KhaosError) throw new InputError(error.message)
      throw error
    }

    if (!existsSync(this.args.path)) throw new InputError(`scan target ${this.args.path}: no such file or directory`)
    const stage = await startStage(`scanning ${this.args.path} with ${trials.length} trial(s)`, {silent: this.jsonEnabled() && !process.stderr.isTTY})
    const result = await scan(this.args.path, trials, {baseline, live: flags.live})
    stage.succeed(`${result.filesScanned} files`)
    const context = buildReport(result, {failOn, generatedAt, version: this.config.version})
    const format = this.jsonEnabled() ? 'json' : flags.format
    const rendered = await render(format, context, result, this.args.path)

    if (flags.output) {
      writeFileAtomic(flags.output, rendered, {overwrite: flags.force})
      if (!this.jsonEnabled()) note(`${format} report written to ${flags.output}`)
    } else if (!this.jsonEnabled()) {
      process.stdout.write(rendered)
    }

    if (format === 'text' && !flags.output && !flags['no-report'] && !this.jsonEnabled()) {
      writeDefaultReport(await render('markdown', context, result))
      note(`report written to ${DEFAULT_REPORT}`)
    }

    if (flags.output && !this.jsonEnabled() && format !== 'text') {
      const {renderText} = await import('../../trials/report/text.js')
      process.stdout.write(renderText(context))
    }

    if (result.errors.length > 0) process.exitCode = 2
    else if (context.report.summary.failed) process.exitCode = 1
    if (flags.metrics) (await import('../../metrics/index.js')).writeMetrics(flags.metrics, 'trial', context.report)
    if (flags.notify) await (await import('../../notify/index.js')).notifyAfterCommand('trial', context.report, {artifact: flags.output ?? (flags['no-report'] ? undefined : DEFAULT_REPORT), stateRoot: this.stateRoot, version: this.config.version})
    return context.report
  }
}

async function render(format: string, context: ReturnType<typeof buildReport>, result: Awaited<ReturnType<typeof scan>>, target = '.'): Promise<string> {
  switch (format) {
    case 'json': return `${JSON.stringify(context.report, null, 2)}\n`
    case 'markdown': return (await import('../../trials/report/markdown.js')).renderMarkdown(context)
    case 'sarif': {
      const {renderSarif, sarifUriPrefix} = await import('../../trials/report/sarif.js')
      return renderSarif(context, {suppressed: result.suppressed, uriPrefix: sarifUriPrefix(target)})
    }

    case 'junit': return (await import('../../trials/report/junit.js')).renderJunit(context)
    default: return (await import('../../trials/report/text.js')).renderText(context, {width: process.stdout.columns || 160})
  }
}

/** The default report is khaos's own file: replaced on each run, but never a file khaos did not write. */
function writeDefaultReport(markdown: string): void {
  const {MARKDOWN_MARKER} = {MARKDOWN_MARKER: '<!-- khaos trial report -->'}
  let overwrite = false
  if (existsSync(DEFAULT_REPORT)) {
    const head = readFileSync(DEFAULT_REPORT, 'utf8').slice(0, MARKDOWN_MARKER.length)
    if (head !== MARKDOWN_MARKER) throw new InputError(`${DEFAULT_REPORT} exists and was not written by khaos; move it away or use --output/--no-report`)
    overwrite = true
  }

  writeFileAtomic(DEFAULT_REPORT, markdown, {overwrite})
}
