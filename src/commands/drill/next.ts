import {KhaosCommand} from '../../base-command.js'
import {cacheDirOf} from '../../shared/memo.js'
import {loadCatalog} from '../../drills/catalog.js'
import {loadProgress, pickNext} from '../../drills/progress.js'
import {resolveTimestamp} from '../../shared/time.js'

export default class DrillNext extends KhaosCommand<typeof DrillNext> {
  static override description = 'Pick the drill to do next by spaced repetition (Leitner boxes: failed drills come back soon, passed ones later).'
  static override examples = ['<%= config.bin %> drill next', '<%= config.bin %> drill next --json']

  async run(): Promise<{due: string | null; id: number; reason: string; slug: string; title: string} | {id: null; reason: string}> {
    const drills = await loadCatalog(this.config.root, cacheDirOf(this.stateRoot))
    const pick = pickNext(
      drills.map((d) => d.id),
      loadProgress(this.stateRoot),
      resolveTimestamp().iso,
    )
    if (!pick) {
      if (!this.jsonEnabled()) this.log('no drills')
      return {id: null, reason: 'no drills'}
    }

    const drill = drills.find((d) => d.id === pick.id)!
    if (!this.jsonEnabled()) {
      this.log(`next: drill ${drill.nn} · ${drill.title} — ${pick.reason}`)
      this.log(`  khaos drill start ${drill.id}`)
    }

    return {due: pick.due ?? null, id: drill.id, reason: pick.reason, slug: drill.slug, title: drill.title}
  }
}
