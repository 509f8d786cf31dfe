import {Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {loadCatalog, parseMetricNames, proofCoverage, writeKits} from '../../contradictions/index.js'
import {InputError} from '../../shared/errors.js'
import {readTextFile} from '../../shared/input.js'
import {warn} from '../../shared/output.js'

interface GenerateReport {
  files: string[]
  /** Metrics the proofs need that the --available-metrics list lacks; null when no list was given. */
  missingMetrics: Record<string, string[]> | null
  out: string
  panels: number
  tensions: number
}

export default class ContradictionsGenerate extends KhaosCommand<typeof ContradictionsGenerate> {
  static override description = `Write the kits generated from the catalog into a new folder: contradictions.json, CONVERSION_PLAYBOOK.md, discord-commands.json (Discord bulk command registration), landing_sections.html, grafana_dashboard.json (one panel per tension's proof) and PROOF_METRICS.md (the metrics each proof reads).

The proofs query metrics your services export (pages_total, deployments_total, …), not metrics khaos emits. Give --available-metrics (the JSON of your Prometheus's /api/v1/label/__name__/values, a /metrics page, or one name per line) to keep only the panels your Prometheus can answer; PROOF_METRICS.md lists what is missing for the rest.`

  static override examples = [
    '<%= config.bin %> contradictions generate --out kits',
    'curl -s http://prometheus:9090/api/v1/label/__name__/values > names.json && <%= config.bin %> contradictions generate --out kits --available-metrics names.json',
    '<%= config.bin %> contradictions generate --out kits --force --json',
  ]

  static override flags = {
    'available-metrics': Flags.string({
      description: 'Metric names your Prometheus has (label-values JSON, an exposition, or one per line): only panels it can answer are kept.',
    }),
    force: Flags.boolean({description: 'Replace an existing --out folder.'}),
    out: Flags.string({char: 'o', description: 'Folder to create.', required: true}),
  }

  async run(): Promise<GenerateReport> {
    const catalog = loadCatalog(this.config.root)
    const file = this.flags['available-metrics']
    let available: Set<string> | undefined
    if (file !== undefined) {
      const text = readTextFile(file, {what: '--available-metrics'})
      try {
        available = parseMetricNames(text)
      } catch (error) {
        if (error instanceof InputError) throw new InputError(`--available-metrics ${file}: ${error.message}`)
        throw error
      }
    }

    const {kept, missing} = proofCoverage(catalog, available)
    const {files} = writeKits(this.flags.out, catalog, {available, overwrite: this.flags.force})
    if (!this.jsonEnabled()) {
      this.log(`wrote ${files.length} files for ${catalog.tensions.length} tensions into ${this.flags.out}: ${files.join(', ')}`)
      if (available) {
        this.log(
          `grafana_dashboard.json: ${kept.length} of ${catalog.tensions.length} proof panels; ${missing.size} metric(s) missing from your list (PROOF_METRICS.md)`,
        )
      } else {
        warn(
          'grafana_dashboard.json queries metrics your services must export (khaos does not emit them; see PROOF_METRICS.md). Pass --available-metrics to keep only the panels your Prometheus can answer.',
        )
      }
    }

    return {
      files,
      missingMetrics: available ? Object.fromEntries(missing) : null,
      out: this.flags.out,
      panels: kept.length,
      tensions: catalog.tensions.length,
    }
  }
}
