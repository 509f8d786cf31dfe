import {KhaosCommand} from '../../base-command.js'
import {loadCatalog, type Tension} from '../../contradictions/index.js'

export default class ContradictionsList extends KhaosCommand<typeof ContradictionsList> {
  static override description = 'List the tensions of the catalog (catalog/tensions/*.yaml): id and name; --json gives every field.'
  static override examples = ['<%= config.bin %> contradictions list', "<%= config.bin %> contradictions list --json | jq -r '.tensions[].id'"]

  async run(): Promise<{tensions: Tension[]}> {
    const catalog = loadCatalog(this.config.root)
    if (!this.jsonEnabled()) {
      const width = Math.max(...catalog.tensions.map((t) => t.id.length))
      for (const t of catalog.tensions) this.log(`${t.id.padEnd(width)}  ${t.name}${t.legacy ? '  (from the original catalog)' : ''}`)
      this.log(`\n${catalog.tensions.length} tensions. Details: khaos contradictions show ID`)
    }

    return {tensions: catalog.tensions}
  }
}
