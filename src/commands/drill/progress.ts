import {Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {cacheDirOf} from '../../shared/memo.js'
import {loadCatalog} from '../../drills/catalog.js'
import {paintStatus, progressBar} from '../../drills/display.js'
import {loadProgress} from '../../drills/progress.js'
import {buildReport, renderMarkdown, type ProgressReport} from '../../drills/report.js'
import {writeFileAtomic} from '../../shared/atomic.js'
import {InputError} from '../../shared/errors.js'
import {resolveTimestamp} from '../../shared/time.js'

export default class DrillProgress extends KhaosCommand<typeof DrillProgress> {
  static override description = 'Your drill progress: status, pass rates, hints, streaks, Leitner box and due date per drill.'
  static override examples = [
    '<%= config.bin %> drill progress',
    '<%= config.bin %> drill progress --markdown > progress.md',
    '<%= config.bin %> drill progress --markdown --output progress.md --timestamp 2026-01-01T00:00:00Z',
    '<%= config.bin %> drill progress --html progress.html   # charts: by Bloom level, passes over time',
  ]

  static override flags = {
    force: Flags.boolean({description: 'Overwrite --output or --html if it exists.'}),
    html: Flags.string({
      description: 'Write a self-contained HTML page with charts (drills by Bloom level, passes over time) to this file, atomically.',
      exclusive: ['markdown', 'output'],
    }),
    markdown: Flags.boolean({description: 'Print a Markdown report for a learner or mentor (Bloom levels, pass rates, streaks).'}),
    metrics: Flags.string({description: 'Also write Prometheus text metrics to this file (node_exporter textfile collector), atomically.'}),
    notify: Flags.boolean({description: 'Also send a notice to the channels khaos.yaml routes this event to.'}),
    output: Flags.string({description: 'Write the Markdown report to this file (atomically) instead of stdout.'}),
    timestamp: Flags.string({description: 'Report time (ISO 8601 with zone); default SOURCE_DATE_EPOCH or now.'}),
  }

  async run(): Promise<ProgressReport> {
    if (this.flags.output && !this.flags.markdown) throw new InputError('--output writes the Markdown report: add --markdown')
    const drills = await loadCatalog(this.config.root, cacheDirOf(this.stateRoot))
    const report = buildReport(drills, loadProgress(this.stateRoot), resolveTimestamp(this.flags.timestamp).iso)
    if (this.flags.metrics) (await import('../../metrics/index.js')).writeMetrics(this.flags.metrics, 'drill', report)
    if (this.flags.notify)
      await (await import('../../notify/index.js')).notifyAfterCommand('drill', report, {stateRoot: this.stateRoot, version: this.config.version})
    if (this.flags.html) {
      const {renderHtml} = await import('../../drills/html.js')
      writeFileAtomic(this.flags.html, await renderHtml(report), {overwrite: this.flags.force})
      if (!this.jsonEnabled()) this.logToStderr(`wrote ${this.flags.html}`)
    }

    if (this.jsonEnabled()) return report
    if (this.flags.html) return report
    if (this.flags.markdown) {
      const text = renderMarkdown(report)
      if (this.flags.output) {
        writeFileAtomic(this.flags.output, text, {overwrite: this.flags.force, userPath: true})
        this.logToStderr(`wrote ${this.flags.output}`)
      } else process.stdout.write(text)
      return report
    }

    const t = report.totals
    this.log(progressBar(t.passed, t.drills))
    this.log(
      `passed ${t.passed}/${t.drills} drills · ${t.attempts} checks · pass rate ${t.passRate === null ? '–' : `${Math.round(t.passRate * 100)}%`} · hints ${t.hintsUsed}`,
    )
    for (const r of report.drills) {
      if (r.status === 'new') continue
      this.log(
        `${String(r.id).padStart(2, '0')}  ${paintStatus(r.status)} checks ${r.attempts} (${r.passes} passed) · hints ${r.hintsUsed}/3 · streak ${r.streak} · box ${r.box ?? '–'} · due ${r.due ?? '–'}  ${r.title}`,
      )
    }

    return report
  }
}
