import {KhaosCommand} from '../../base-command.js'
import {cacheDirOf} from '../../shared/memo.js'
import {loadCatalog} from '../../drills/catalog.js'
import {BLOOM_LEGEND, paintMissing, paintStatus, progressBar} from '../../drills/display.js'
import {toolsNotOnPath} from '../../shared/tools.js'
import {loadProgress} from '../../drills/progress.js'
import {statusOf} from '../../drills/report.js'

interface ListRow {
  bloom: string
  compare: string
  id: number
  skill: string
  slug: string
  status: string
  title: string
  tools: string[]
  toolsMissing: string[]
}

export default class DrillList extends KhaosCommand<typeof DrillList> {
  static override description = 'List the drills with their Bloom level, your status, and the tools each needs (and whether they are installed).'
  static override examples = [
    '<%= config.bin %> drill list',
    '<%= config.bin %> drill list --json',
    'NO_COLOR=1 <%= config.bin %> drill list   # plain, as when piped',
  ]

  async run(): Promise<{drills: ListRow[]; passed: number; total: number}> {
    const drills = await loadCatalog(this.config.root, cacheDirOf(this.stateRoot))
    const progress = loadProgress(this.stateRoot)
    const missing = toolsNotOnPath(drills.flatMap((d) => d.tools))
    const rows: ListRow[] = drills.map((d) => ({
      bloom: d.bloom,
      compare: d.compare,
      id: d.id,
      skill: d.skill,
      slug: d.slug,
      status: statusOf(progress.drills[d.nn]),
      title: d.title,
      tools: d.tools,
      toolsMissing: d.tools.filter((t) => missing.has(t)),
    }))
    const passed = rows.filter((r) => r.status === 'passed').length
    if (!this.jsonEnabled()) {
      if (rows.length === 0) {
        this.log('no drills found')
      } else {
        this.log(progressBar(passed, rows.length))
        this.log('')
        const toolsWidth = Math.max(5, ...rows.map((r) => this.toolsText(r).length))
        this.log(` #  L  ${'status'.padEnd(8)}  ${'tools'.padEnd(toolsWidth)}  drill`)
        for (const r of rows) {
          const tools = this.toolsText(r)
          const shown = r.toolsMissing.length > 0 ? paintMissing(tools) : tools
          this.log(
            `${String(r.id).padStart(2, '0')}  ${r.bloom === 'creating' ? 'C' : 'E'}  ${paintStatus(r.status)}  ${shown}${' '.repeat(toolsWidth - tools.length)}  ${r.title} (${r.slug})`,
          )
        }

        this.log('')
        this.log(BLOOM_LEGEND)
        this.log('status: new, started (no check yet), failing (checked, not passed yet), passed')
        const absent = [...missing].sort()
        this.log(
          absent.length > 0
            ? `tools: "!" marks one not installed here (${absent.join(', ')}); khaos doctor names the Debian package`
            : 'tools: every tool the drills need is installed',
        )
        this.log('start: khaos drill start N · check: khaos drill check N --file solution.sh · live: khaos drill watch N')
      }
    }

    return {drills: rows, passed, total: rows.length}
  }

  private toolsText(row: ListRow): string {
    return row.tools.map((t) => (row.toolsMissing.includes(t) ? `${t}!` : t)).join(',')
  }
}
