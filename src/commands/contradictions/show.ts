import {Args} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {findTension, loadCatalog, type Tension} from '../../contradictions/index.js'

export default class ContradictionsShow extends KhaosCommand<typeof ContradictionsShow> {
  static override args = {id: Args.string({description: 'Tension id, as `contradictions list` prints it', required: true})}
  static override description = 'Show one tension: its poles and their signals, hook, resolution, pricing and proof.'
  static override examples = [
    '<%= config.bin %> contradictions show privacy-vs-personalization',
    '<%= config.bin %> contradictions show speed-vs-security --json',
  ]

  async run(): Promise<Tension> {
    const tension = findTension(loadCatalog(this.config.root), this.args.id)
    if (!this.jsonEnabled()) {
      this.log(`${tension.name} (${tension.id})\n`)
      this.log(`Hook        ${tension.hook}`)
      for (const pole of tension.poles) this.log(`Pole        ${pole.name}: ${pole.signals.join(', ')}`)
      this.log(`Resolution  ${tension.resolution}`)
      this.log(`Pricing     ${tension.pricing}`)
      this.log(`Proof       ${tension.proof.description}`)
      this.log(`            ${tension.proof.promql}`)
      this.log(`            target: ${tension.proof.target}`)
    }

    return tension
  }
}
