import {Args, Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {writeFileAtomic} from '../../shared/atomic.js'
import {starterMap} from '../../map/merge.js'

export default class MapInit extends KhaosCommand<typeof MapInit> {
  static override args = {
    file: Args.string({default: 'cognitive_map.dot', description: 'Where to create the map.'}),
  }

  static override description = 'Create a starter cognitive map: an empty graph whose comments explain where khaos adds sessions and where your own notes go.'
  static override examples = ['<%= config.bin %> map init', '<%= config.bin %> map init docs/cognitive_map.dot']
  static override flags = {
    force: Flags.boolean({description: 'Replace an existing map with the starter map.'}),
  }

  async run(): Promise<{map: string}> {
    writeFileAtomic(this.args.file, starterMap(), {overwrite: this.flags.force, userPath: true})
    if (!this.jsonEnabled()) this.log(`created ${this.args.file}; add sessions with: khaos map merge <fragment> --into ${this.args.file}`)
    return {map: this.args.file}
  }
}
