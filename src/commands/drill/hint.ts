import {Args, Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {cacheDirOf} from '../../shared/memo.js'
import {loadDrill} from '../../drills/catalog.js'
import {loadProgress, saveProgress} from '../../drills/progress.js'
import {ensureEntry} from '../../drills/workspace.js'
import {resolveTimestamp} from '../../shared/time.js'

export default class DrillHint extends KhaosCommand<typeof DrillHint> {
  static override args = {drill: Args.string({description: 'Drill id (e.g. 2) or slug.', ignoreStdin: true, required: true})}
  static override description = "Reveal the next of a drill's three graded hints (and the ones already seen). Hints used are recorded."
  static override examples = ['<%= config.bin %> drill hint 2', '<%= config.bin %> drill hint 2 --again']
  static override flags = {
    again: Flags.boolean({description: 'Show the hints already revealed without revealing a new one.'}),
  }

  async run(): Promise<{hints: string[]; hintsUsed: number; id: number; remaining: number}> {
    const drill = await loadDrill(this.config.root, this.args.drill, cacheDirOf(this.stateRoot))
    const progress = loadProgress(this.stateRoot)
    const {entry} = ensureEntry(progress, drill, resolveTimestamp().iso)
    if (!this.flags.again) entry.hintsUsed = Math.min(drill.hints.length, entry.hintsUsed + 1)
    saveProgress(this.stateRoot, progress)
    const hints = drill.hints.slice(0, entry.hintsUsed)
    if (!this.jsonEnabled()) {
      if (hints.length === 0) this.log('no hint revealed yet: run without --again')
      for (const [i, hint] of hints.entries()) this.log(`hint ${i + 1}/3: ${hint}`)
      if (entry.hintsUsed >= drill.hints.length && !this.flags.again) this.log('(that was the last hint)')
    }

    return {hints, hintsUsed: entry.hintsUsed, id: drill.id, remaining: drill.hints.length - entry.hintsUsed}
  }
}
