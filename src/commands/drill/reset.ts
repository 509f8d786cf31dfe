import {Args, Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {cacheDirOf} from '../../shared/memo.js'
import {loadDrill} from '../../drills/catalog.js'
import {resetAll, resetDrill} from '../../drills/workspace.js'
import {InputError} from '../../shared/errors.js'

export default class DrillReset extends KhaosCommand<typeof DrillReset> {
  static override args = {drill: Args.string({description: 'Drill id (e.g. 2) or slug.', ignoreStdin: true})}
  static override description = 'Forget your progress on one drill (or all) and remove its workspace.'
  static override examples = ['<%= config.bin %> drill reset 2', '<%= config.bin %> drill reset --all']
  static override flags = {all: Flags.boolean({description: 'Reset every drill (progress file and all workspaces).'})}

  async run(): Promise<{reset: number[] | 'all'}> {
    if (this.flags.all && this.args.drill) throw new InputError('give a drill or --all, not both')
    if (this.flags.all) {
      resetAll(this.stateRoot)
      if (!this.jsonEnabled()) this.log('all drill progress and workspaces removed')
      return {reset: 'all'}
    }

    if (!this.args.drill) throw new InputError('which drill? `khaos drill reset N` or `khaos drill reset --all`')
    const drill = await loadDrill(this.config.root, this.args.drill, cacheDirOf(this.stateRoot))
    const had = resetDrill(this.stateRoot, drill)
    if (!this.jsonEnabled()) this.log(had ? `drill ${drill.nn} reset` : `drill ${drill.nn} had no progress`)
    return {reset: [drill.id]}
  }
}
