import {Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {cacheDirOf} from '../../shared/memo.js'
import {selectTrials} from '../../trials/registry.js'
import {loadTrialSpecs} from '../../trials/spec.js'
import {FAMILIES} from '../../trials/types.js'

export default class TrialList extends KhaosCommand<typeof TrialList> {
  static override description = 'List the failure-mode trials khaos can run, by family.'
  static override examples = ['<%= config.bin %> trial list', '<%= config.bin %> trial list --family network', '<%= config.bin %> trial list --json']
  static override flags = {
    family: Flags.string({description: 'Only this family: network, identity, observability, workspace.', multiple: true, multipleNonGreedy: true}),
  }

  async run(): Promise<{trials: Array<{family: string; id: string; severity: string; title: string}>}> {
    const trials = selectTrials(
      (await loadTrialSpecs(this.config.root, cacheDirOf(this.stateRoot))).map((spec) => ({spec})),
      {family: this.flags.family},
    )
    const out = trials.map((t) => ({family: FAMILIES[t.spec.family], id: t.spec.id, severity: t.spec.severity, title: t.spec.title}))
    if (!this.jsonEnabled()) {
      let family = ''
      for (const t of out) {
        if (t.family !== family) {
          if (family) this.log('')
          family = t.family
          this.log(family)
        }

        this.log(`  ${t.id.padEnd(4)} ${t.severity.padEnd(9)} ${t.title}`)
      }

      this.log(`\n${out.length} trial(s). Details: khaos trial explain F2`)
    }

    return {trials: out}
  }
}
