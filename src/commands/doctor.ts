import {Flags} from '../shared/oclif.js'

import {KhaosCommand} from '../base-command.js'
import {cacheDirOf} from '../shared/memo.js'
import {FEATURES, installCommand, probeTools, toolsFor, type Feature, type ToolStatus} from '../doctor/tools.js'
import {CheckFailedError} from '../shared/errors.js'
import {canAnimate, canPrompt, isCI} from '../shared/output.js'

interface DoctorReport {
  ci: boolean
  interactive: boolean
  node: string
  stateRoot: string
  version: string
  /** The features checked: the chosen ones (--feature), else all. */
  features: Feature[]
  tools: ToolStatus[]
  /** The apt-get line that installs what is missing, if anything is. */
  install?: string
  ok: boolean
}

export default class Doctor extends KhaosCommand<typeof Doctor> {
  static override description = `Report the environment khaos runs in: state root, terminal, and the external tools its features use.

Each tool is listed with the features that use it and the Debian package that provides it. With --feature, exit 1 when a tool that feature needs is missing (and print the apt-get line that installs it); without, report everything and exit 0 (--strict: exit 1 when anything is missing). The main job (synthesize) needs no external tool.`
  static override examples = [
    '<%= config.bin %> doctor',
    '<%= config.bin %> doctor --feature drills            # exit 1 if a drill tool is missing',
    '<%= config.bin %> doctor --feature notary --feature maps --json',
  ]

  static override flags = {
    feature: Flags.string({
      description: 'A feature you mean to use; exit 1 when a tool it needs is missing. Repeatable.',
      multiple: true,
      options: [...FEATURES],
    }),
    strict: Flags.boolean({description: 'Exit 1 when any tool of any feature is missing.'}),
  }

  async run(): Promise<DoctorReport> {
    const chosen = this.flags.feature as Feature[] | undefined
    const features = chosen && chosen.length > 0 ? [...new Set(chosen)].sort() : [...FEATURES]
    const drillTools = features.includes('drills')
      ? (await import('../drills/catalog.js')).loadCatalog(this.config.root, cacheDirOf(this.stateRoot)).then((drills) => drills.flatMap((d) => d.tools))
      : []
    const tools = probeTools(toolsFor(features, await drillTools))
    const install = installCommand(tools)
    const missing = tools.filter((t) => !t.found)
    const enforced = Boolean(chosen && chosen.length > 0) || this.flags.strict
    const report: DoctorReport = {
      ci: isCI(),
      features,
      install,
      interactive: canPrompt(),
      node: process.version,
      ok: !enforced || missing.length === 0,
      stateRoot: this.stateRoot,
      tools,
      version: this.config.version,
    }
    if (!this.jsonEnabled()) {
      this.log(`khaos ${report.version} on Node ${report.node}`)
      this.log(`state root   ${report.stateRoot}`)
      this.log(`terminal     ${report.interactive ? 'interactive' : 'non-interactive'}${report.ci ? ' (CI)' : ''}, spinners ${canAnimate() ? 'on' : 'off'}`)
      this.log('')
      const width = Math.max(...tools.map((t) => t.name.length), 4)
      this.log(`${'status'.padEnd(7)}  ${'tool'.padEnd(width)}  ${'debian package'.padEnd(16)}  used by`)
      for (const tool of tools)
        this.log(`${tool.found ? 'found  ' : 'MISSING'}  ${tool.name.padEnd(width)}  ${tool.package.padEnd(16)}  ${tool.features.join(', ')}`)
      this.log('')
      this.log(install ? `to install what is missing: ${install}` : `every tool ${chosen ? 'these features need' : 'khaos can use'} is installed`)
      if (!enforced && missing.length > 0) this.log('(report only: pass --feature NAME to fail when that feature cannot work here)')
    }

    if (!report.ok) {
      const names = missing.map((t) => `${t.name} (Debian package ${t.package})`).join(', ')
      if (this.jsonEnabled()) process.exitCode = 1
      else throw new CheckFailedError(`missing for ${features.join(', ')}: ${names}`, {hint: install})
    }

    return report
  }
}
