import {Flags} from '../shared/oclif.js'
import {closeSync, openSync, writeSync} from 'node:fs'

import {KhaosCommand} from '../base-command.js'

export default class Gate extends KhaosCommand<typeof Gate> {
  static override description = `Evaluate the stage gates of khaos-gates.yaml and exit 1 when one fails.

Gate kinds: trials (no finding at or above a severity, from a --format json report or a fresh scan), notary (verifies with a pinned key), decision (a DAO record exists with a status, accepted by default), drills (every drill a role requires is passed), coverage (line coverage from lcov or Cobertura at least a minimum), slo (a number in a JSON or Prometheus text file compared with a target). Missing evidence fails its gate. Prints a table; appends Markdown to $GITHUB_STEP_SUMMARY when set. Exit 0 all passed, 1 a gate failed, 2 a bad gates file.`

  static override examples = [
    '<%= config.bin %> gate',
    '<%= config.bin %> gate --config ci/khaos-gates.yaml --format junit > gates.xml',
    '<%= config.bin %> gate --format json',
  ]

  static override flags = {
    config: Flags.string({char: 'c', default: 'khaos-gates.yaml', description: 'The gates file.'}),
    format: Flags.string({default: 'text', description: 'Output format.', options: ['text', 'markdown', 'json', 'junit']}),
  }

  async run(): Promise<unknown> {
    const [{loadGates}, {evaluateGates}, render] = await Promise.all([import('../gate/config.js'), import('../gate/evaluate.js'), import('../gate/report.js')])
    const config = await loadGates(this.flags.config)
    const report = render.gateReport(this.flags.config, await evaluateGates(config, {root: this.config.root, stateRoot: this.stateRoot}))
    const summary = process.env.GITHUB_STEP_SUMMARY
    if (summary) {
      // Appended, as GitHub expects: other steps' summaries in the same job stay.
      const fd = openSync(summary, 'a')
      try {
        writeSync(fd, render.renderMarkdown(report))
      } finally {
        closeSync(fd)
      }
    }

    if (!this.jsonEnabled()) {
      const format = this.flags.format
      process.stdout.write(
        format === 'json'
          ? `${JSON.stringify(report, null, 2)}\n`
          : format === 'junit'
            ? render.renderJunit(report)
            : format === 'markdown'
              ? render.renderMarkdown(report)
              : render.renderText(report),
      )
    }

    if (!report.ok) process.exitCode = 1
    return report
  }
}
