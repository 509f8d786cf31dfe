import {Args} from '@oclif/core'

import {KhaosCommand} from '../../base-command.js'
import {InputError} from '../../shared/errors.js'
import {selectTrials} from '../../trials/registry.js'
import {loadTrialSpecs} from '../../trials/spec.js'
import {FAMILIES, type Reference} from '../../trials/types.js'

export default class TrialShow extends KhaosCommand<typeof TrialShow> {
  static override args = {
    id: Args.string({description: 'Trial id, e.g. F2.', required: true}),
  }

  static override description = 'Show one trial: what it checks, why it matters, how to fix it, equivalent rules in other tools.'
  static override examples = ['<%= config.bin %> trial show F2', '<%= config.bin %> trial show F7 --json']

  async run(): Promise<{family: string; id: string; rationale: string; references: Reference[]; remediation: string; severity: string; title: string}> {
    let selected
    try {
      selected = selectTrials((await loadTrialSpecs(this.config.root)).map((spec) => ({spec})), {only: [this.args.id]})
    } catch (error) {
      throw new InputError((error as Error).message)
    }

    const {spec} = selected[0]
    const out = {family: FAMILIES[spec.family], id: spec.id, rationale: spec.rationale.trim(), references: spec.references, remediation: spec.remediation.trim(), severity: spec.severity, title: spec.title}
    if (!this.jsonEnabled()) {
      this.log(`${out.id} ${out.title}`)
      this.log(`${out.family} · severity ${out.severity}\n`)
      this.log(`Why: ${out.rationale}\n`)
      this.log(`Fix: ${out.remediation}`)
      if (out.references.length > 0) {
        this.log('\nEquivalent rules:')
        for (const r of out.references) this.log(`  ${r.tool}: ${r.id}${r.title ? ` (${r.title})` : ''}`)
      }
    }

    return out
  }
}
