import {Args} from '../shared/oclif.js'

import {KhaosCommand} from '../base-command.js'
import {cacheDirOf} from '../shared/memo.js'

/** For shell completion (hooks/completion-ids.ts): the ids a command argument can take, one per line. */
export default class CompleteIds extends KhaosCommand<typeof CompleteIds> {
  static override args = {kind: Args.string({description: 'What to list.', options: ['drill', 'key', 'trial'], required: true})}
  static override description = 'Print the drill, trial or key ids shell completion offers, one per line.'
  static override enableJsonFlag = false
  static override hidden = true

  async run(): Promise<void> {
    let ids: string[] = []
    if (this.args.kind === 'drill') {
      const drills = await (await import('../drills/catalog.js')).loadCatalog(this.config.root, cacheDirOf(this.stateRoot))
      ids = drills.flatMap((d) => [String(d.id), d.slug])
    } else if (this.args.kind === 'trial') {
      ids = (await (await import('../trials/spec.js')).loadTrialSpecs(this.config.root, cacheDirOf(this.stateRoot))).map((t) => t.id)
    } else {
      ids = (await import('../notary/keys.js')).listKeys(this.stateRoot).map((k) => k.name)
    }

    // Only plain words: completion feeds these to compgen.
    for (const id of ids) if (/^[\w.-]+$/.test(id)) this.log(id)
  }
}
