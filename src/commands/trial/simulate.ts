import {Args, Flags} from '../../shared/oclif.js'
import {existsSync, statSync} from 'node:fs'

import {KhaosCommand} from '../../base-command.js'
import {cacheDirOf} from '../../shared/memo.js'
import {InputError, KhaosError} from '../../shared/errors.js'
import {terminalSafe} from '../../shared/text.js'
import {loadTrials, selectTrials} from '../../trials/registry.js'
import {simulateTrial, type SimulationOutcome} from '../../trials/simulate.js'

export default class TrialSimulate extends KhaosCommand<typeof TrialSimulate> {
  static override args = {
    path: Args.string({
      description: 'Project to inject failure modes into (a copy is used; the project is never modified). Without it, the trial fixtures are used.',
    }),
  }

  static override description = `Prove each trial's defence works: inject its failure mode (into a copy of PATH, or from the trial's vulnerable/ fixture) and check the detector fires, and that it stays quiet on the trial's fixed/ fixture.

Exit 0 when every defence is verified, 1 otherwise.`

  static override examples = [
    '<%= config.bin %> trial simulate',
    '<%= config.bin %> trial simulate ./stack --only F2',
    '<%= config.bin %> trial simulate --json',
  ]
  static override flags = {
    family: Flags.string({description: 'Only trials of this family.', multiple: true, multipleNonGreedy: true}),
    only: Flags.string({description: 'Only these trials, e.g. F2,F7.', multiple: true, multipleNonGreedy: true}),
  }

  async run(): Promise<{results: SimulationOutcome[]; summary: {total: number; verified: number}}> {
    let trials
    try {
      trials = selectTrials(await loadTrials(this.config.root, cacheDirOf(this.stateRoot)), {family: this.flags.family, only: this.flags.only})
    } catch (error) {
      if (error instanceof KhaosError) throw new InputError(error.message)
      throw error
    }

    const target = this.args.path
    if (target !== undefined && (!existsSync(target) || !statSync(target).isDirectory())) throw new InputError(`simulate target ${target}: not a directory`)
    const results: SimulationOutcome[] = []
    for (const trial of trials) {
      const r = await simulateTrial(trial, target)
      results.push(r)
      if (!this.jsonEnabled()) {
        // A flaw the stack already has proves the detector as well as an injected one does; it is said so.
        const status = r.verified ? (r.alreadyPresent ? 'present ' : 'verified') : 'FAILED  '
        this.log(`${status}  ${r.trial.padEnd(4)} ${r.title}`)
        this.log(`          ${r.method}: ${terminalSafe(r.detail)}${r.quietOnFixed ? '; quiet on fixed/' : '; FIRED ON fixed/'}`)
      }
    }

    const verified = results.filter((r) => r.verified).length
    if (!this.jsonEnabled()) this.log(`\n${verified}/${results.length} defences verified`)
    if (verified !== results.length) process.exitCode = 1
    return {results, summary: {total: results.length, verified}}
  }
}
