import {KhaosCommand} from '../../base-command.js'
import {loadCatalog} from '../../drills/catalog.js'
import {loadProgress} from '../../drills/progress.js'
import {statusOf} from '../../drills/report.js'

export default class DrillList extends KhaosCommand<typeof DrillList> {
  static override description = 'List the drills with their Bloom level, tools and your status.'
  static override examples = ['<%= config.bin %> drill list', '<%= config.bin %> drill list --json']

  async run(): Promise<{drills: Array<{bloom: string; compare: string; id: number; skill: string; slug: string; status: string; title: string; tools: string[]}>}> {
    const drills = await loadCatalog(this.config.root)
    const progress = loadProgress(this.stateRoot)
    const rows = drills.map((d) => ({
      bloom: d.bloom, compare: d.compare, id: d.id, skill: d.skill, slug: d.slug, status: statusOf(progress.drills[d.nn]), title: d.title, tools: d.tools,
    }))
    if (!this.jsonEnabled()) {
      for (const r of rows) this.log(`${String(r.id).padStart(2, '0')}  ${r.bloom === 'creating' ? 'C' : 'E'}  ${r.status.padEnd(9)} ${r.title}  (${r.slug})`)
      if (rows.length === 0) this.log('no drills found')
    }

    return {drills: rows}
  }
}
