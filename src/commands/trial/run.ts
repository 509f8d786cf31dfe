import {Args, Flags} from '../../shared/oclif.js'
import chalk from 'chalk'
import {existsSync, readFileSync, realpathSync, statSync} from 'node:fs'
import {dirname, isAbsolute, relative, resolve} from 'node:path'

import {KhaosCommand} from '../../base-command.js'
import {cacheDirOf} from '../../shared/memo.js'
import {writeFileAtomic} from '../../shared/atomic.js'
import {InputError, KhaosError} from '../../shared/errors.js'
import {readTextFile} from '../../shared/input.js'
import {note, startStage} from '../../shared/output.js'
import {resolveTimestamp} from '../../shared/time.js'
import {parseBaseline} from '../../trials/findings.js'
import {loadTrials, selectTrials} from '../../trials/registry.js'
import {FORMAT_IDS, REPORT_FORMATS, renderReport, type FormatId, type RenderInput} from '../../trials/report/index.js'
import {MARKDOWN_MARKER} from '../../trials/report/markdown.js'
import {buildReport, type TrialReport} from '../../trials/report/model.js'
import {parseSeverity} from '../../trials/runner.js'

export const DEFAULT_REPORT = 'khaos_trial_results/trial_report.md'

export default class TrialRun extends KhaosCommand<typeof TrialRun> {
  static override args = {
    path: Args.string({default: '.', description: 'Project directory (or one file) to scan.'}),
  }

  static override description = `Run the failure-mode trials against a project's files and report what is really present, with file and line.

Prints a table, worst first, with a source excerpt under each finding on a terminal, and writes the markdown report to ${DEFAULT_REPORT} in the current directory (--report PATH elsewhere; never into the scanned tree unless it is the current directory). --format chooses another output; with --output it goes to a file. Formats:
${FORMAT_IDS.map((id) => `  ${id.padEnd(9)}${REPORT_FORMATS[id].description}`).join('\n')}
Exit 0 clean, 1 findings at or above --fail-on, 2 usage or tool error.
Suppress one finding inline with a comment on its line or the line above: # khaos-ignore F4: reason`

  static override examples = [
    '<%= config.bin %> trial run',
    '<%= config.bin %> trial run ./stack --only F2,F7 --fail-on critical',
    '<%= config.bin %> trial run . --format sarif --output khaos.sarif',
    '<%= config.bin %> trial run . --format github   # annotations in a GitHub Actions job',
    '<%= config.bin %> trial run ./stack --report reports/stack.md',
    '<%= config.bin %> trial run . --format html --history reports/ --output khaos.html   # charts; reports/ holds earlier --format json runs',
    '<%= config.bin %> trial run . --format json --output baseline.json && <%= config.bin %> trial run . --baseline baseline.json',
  ]

  static override flags = {
    baseline: Flags.string({description: 'Ignore findings whose fingerprint is in this file (a previous --format json report, or {"fingerprints":[...]}).'}),
    'fail-on': Flags.string({
      default: 'high',
      description: 'Exit 1 when a finding is at or above this severity.',
      options: ['low', 'medium', 'high', 'critical'],
    }),
    family: Flags.string({
      description: 'Only trials of this family (network, identity, observability, workspace); repeatable or comma-separated.',
      multiple: true,
      multipleNonGreedy: true,
    }),
    force: Flags.boolean({description: 'Overwrite an existing --output file.'}),
    excerpt: Flags.boolean({allowNo: true, description: 'Print a source excerpt under each finding (default: when stdout is a terminal).'}),
    format: Flags.string({default: 'text', description: 'Output format (see above).', options: FORMAT_IDS}),
    history: Flags.string({description: 'With --format html: a folder of earlier --format json reports, drawn as the trend of findings across runs.'}),
    live: Flags.boolean({description: 'Also probe services on 127.0.0.1 (Traefik API, Grafana default login, …). Never contacts another host.'}),
    metrics: Flags.string({description: 'Also write Prometheus text metrics to this file (node_exporter textfile collector), atomically.'}),
    'no-report': Flags.boolean({description: `Do not write the markdown report.`, exclusive: ['report']}),
    notify: Flags.boolean({description: 'Also send a notice to the channels khaos.yaml routes this event to.'}),
    only: Flags.string({description: 'Only these trials, e.g. F2,F7; repeatable.', multiple: true, multipleNonGreedy: true}),
    output: Flags.string({char: 'o', description: 'Write the report in --format to this file instead of stdout.'}),
    report: Flags.string({
      description: `Write the markdown report here instead of ./${DEFAULT_REPORT} (outside the scanned tree, unless that is the current directory).`,
    }),
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
      trials = selectTrials(await loadTrials(this.config.root, cacheDirOf(this.stateRoot)), {family: flags.family, only: flags.only})
    } catch (error) {
      if (error instanceof KhaosError) throw new InputError(error.message)
      throw error
    }

    if (!existsSync(this.args.path)) throw new InputError(`scan target ${this.args.path}: no such file or directory`)
    const format = (this.jsonEnabled() ? 'json' : flags.format) as FormatId
    if (flags.history !== undefined && format !== 'html') throw new InputError('--history draws the trend of the HTML report: add --format html')
    const history = flags.history === undefined ? undefined : (await import('../../trials/history.js')).loadHistory(flags.history)
    const wantReport = flags.report !== undefined || (format === 'text' && !flags.output && !flags['no-report'] && !this.jsonEnabled())
    const reportPlace = wantReport ? reportTarget(this.args.path, flags.report) : undefined
    const stage = await startStage(`scanning ${this.args.path} with ${trials.length} trial(s)`, {silent: this.jsonEnabled() && !process.stderr.isTTY})
    const [{buildModel}, {scanModel}] = await Promise.all([import('../../trials/model/index.js'), import('../../trials/runner.js')])
    const model = buildModel(this.args.path)
    const result = await scanModel(model, this.args.path, trials, {baseline, live: flags.live})
    stage.succeed(`${result.filesScanned} files`)
    const context = buildReport(result, {failOn, generatedAt, version: this.config.version})
    const showExcerpts = flags.excerpt ?? Boolean(process.stdout.isTTY)
    const input: RenderInput = {
      context,
      excerpts: showExcerpts ? {color: chalk.level > 0, read: (file) => model.text(file)} : undefined,
      history,
      suppressed: result.suppressed,
      target: this.args.path,
      width: process.stdout.columns || 160,
    }
    const rendered = await renderReport(format, input)

    if (flags.output) {
      writeFileAtomic(flags.output, rendered, {overwrite: flags.force, userPath: true})
      if (!this.jsonEnabled()) note(`${format} report written to ${flags.output}`)
    } else if (!this.jsonEnabled()) {
      process.stdout.write(rendered)
    }

    if (reportPlace?.path) {
      writeReport(reportPlace.path, await renderReport('markdown', input), reportPlace.shown)
      if (!this.jsonEnabled()) note(`report written to ${reportPlace.shown}`)
    } else if (reportPlace?.skipped) {
      note(reportPlace.skipped)
    }

    if (flags.output && !this.jsonEnabled() && format !== 'text') process.stdout.write(await renderReport('text', {...input, excerpts: undefined}))

    if (result.errors.length > 0) process.exitCode = 2
    else if (context.report.summary.failed) process.exitCode = 1
    if (flags.metrics) (await import('../../metrics/index.js')).writeMetrics(flags.metrics, 'trial', context.report)
    if (flags.notify)
      await (
        await import('../../notify/index.js')
      ).notifyAfterCommand('trial', context.report, {
        artifact: flags.output ?? (reportPlace?.path ? reportPlace.shown : undefined),
        stateRoot: this.stateRoot,
        version: this.config.version,
      })
    return context.report
  }
}

/** The folder a scan covers: the target directory, or the directory of a target file. */
function scannedRoot(target: string): string {
  const real = realpathSync(target)
  return statSync(real).isDirectory() ? real : dirname(real)
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/** The real path a report would have: its deepest existing ancestor resolved (symlinks included), the rest appended. */
function realTarget(path: string): string {
  let dir = resolve(path)
  const rest: string[] = []
  while (!existsSync(dir)) {
    rest.unshift(dir.slice(dirname(dir).length + 1))
    if (dirname(dir) === dir) break
    dir = dirname(dir)
  }

  return resolve(realpathSync(dir), ...rest)
}

/**
 * Where the markdown report goes: --report PATH, else ./khaos_trial_results/trial_report.md. Never into the scanned
 * tree unless the scanned tree is the current directory (a scan of ../repo from inside it must not litter it):
 * the default is then skipped with a note, an explicit --report there is refused.
 */
function reportTarget(target: string, explicit: string | undefined): {path?: string; shown: string; skipped?: string} {
  const shown = explicit ?? DEFAULT_REPORT
  const root = scannedRoot(target)
  const cwd = realpathSync(process.cwd())
  const path = realTarget(shown)
  if (!inside(root, path) || root === cwd) return {path, shown}
  const why = `${shown} would be inside the scanned tree ${target}, which is not the current directory`
  if (explicit) throw new InputError(`refusing to write the report: ${why}; choose a path outside it`)
  return {shown, skipped: `report not written: ${why} (pass --report PATH outside it, or run from ${target})`}
}

/** The report is khaos's own file: replaced on each run, but never a file khaos did not write. */
function writeReport(path: string, markdown: string, shown: string): void {
  let overwrite = false
  if (existsSync(path)) {
    const head = readFileSync(path, 'utf8').slice(0, MARKDOWN_MARKER.length)
    if (head !== MARKDOWN_MARKER) throw new InputError(`${shown} exists and was not written by khaos; move it away or use --report PATH/--no-report`)
    overwrite = true
  }

  writeFileAtomic(path, markdown, {overwrite})
}
