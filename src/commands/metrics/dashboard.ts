import {Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {writeFileAtomic} from '../../shared/atomic.js'

export default class MetricsDashboard extends KhaosCommand<typeof MetricsDashboard> {
  static override description = `Write a Grafana dashboard (JSON, importable) for the metrics khaos writes with --metrics.

Panels: drill completion and streaks, critical findings (the KPI is zero), notary verification, findings by severity and per trial, contradictions per kind, synthesis stage durations, drills passed and Leitner boxes. The Prometheus datasource is a dashboard variable.`

  static override examples = [
    '<%= config.bin %> metrics dashboard > khaos-dashboard.json',
    '<%= config.bin %> metrics dashboard --output grafana/khaos.json --force',
  ]

  static override flags = {
    force: Flags.boolean({description: 'Overwrite --output if it exists.'}),
    output: Flags.string({char: 'o', description: 'Write the dashboard to this file (atomically) instead of stdout.'}),
  }

  async run(): Promise<unknown> {
    const {metricsDashboard} = await import('../../metrics/dashboard.js')
    const dashboard = metricsDashboard()
    const text = `${JSON.stringify(dashboard, null, 2)}\n`
    if (this.flags.output) {
      writeFileAtomic(this.flags.output, text, {overwrite: this.flags.force})
      if (!this.jsonEnabled()) this.logToStderr(`wrote ${this.flags.output}`)
    } else if (!this.jsonEnabled()) process.stdout.write(text)
    return dashboard
  }
}
