import {Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {loadCatalog, writeKits} from '../../contradictions/index.js'

export default class ContradictionsGenerate extends KhaosCommand<typeof ContradictionsGenerate> {
  static override description = `Write the kits generated from the catalog into a new folder: contradictions.json, CONVERSION_PLAYBOOK.md, discord-commands.json (Discord bulk command registration), landing_sections.html and grafana_dashboard.json (one panel per tension's proof).`

  static override examples = ['<%= config.bin %> contradictions generate --out kits', '<%= config.bin %> contradictions generate --out kits --force --json']
  static override flags = {
    force: Flags.boolean({description: 'Replace an existing --out folder.'}),
    out: Flags.string({char: 'o', description: 'Folder to create.', required: true}),
  }

  async run(): Promise<{files: string[]; out: string; tensions: number}> {
    const catalog = loadCatalog(this.config.root)
    const {files} = writeKits(this.flags.out, catalog, {overwrite: this.flags.force})
    if (!this.jsonEnabled()) this.log(`wrote ${files.length} files for ${catalog.tensions.length} tensions into ${this.flags.out}: ${files.join(', ')}`)
    return {files, out: this.flags.out, tensions: catalog.tensions.length}
  }
}
