import {Args, Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {DEFAULT_RECORDS_DIR, migrateFolder, type MigrationReport, SCHEMA_VERSION, shownPath} from '../../records/index.js'

export default class DaoMigrate extends KhaosCommand<typeof DaoMigrate> {
  static override args = {dir: Args.string({description: `Records folder (default ./${DEFAULT_RECORDS_DIR}).`})}

  static override description = `Upgrade the decision records of a folder to the current schema (${SCHEMA_VERSION}, MADR-shaped).

Schema 1 records get schema_version, empty decision drivers and considered options, and an empty status history; a contradiction listed without a resolution moves to open_contradictions (saying that schema 1 kept no quotes for it); context, decision, consequences, links and x- keys are kept as written. Every file is rewritten in one atomic step under the folder's lock, or none is: a folder holding an invalid record is refused (exit 2) before anything is written. --dry-run says what would change and writes nothing.`

  static override examples = ['<%= config.bin %> dao migrate', '<%= config.bin %> dao migrate decisions --dry-run --json']

  static override flags = {
    'dry-run': Flags.boolean({description: 'Say what would be upgraded; write nothing.'}),
  }

  async run(): Promise<MigrationReport> {
    const report = migrateFolder(this.args.dir ?? DEFAULT_RECORDS_DIR, {dryRun: this.flags['dry-run']})
    if (!this.jsonEnabled()) {
      const verb = report.dryRun ? 'would upgrade' : 'upgraded'
      for (const entry of report.migrated) this.log(`${verb} ${shownPath(entry.file)} (record ${entry.id}) to schema ${SCHEMA_VERSION}`)
      const n = report.migrated.length
      this.log(
        `${shownPath(report.dir)}: ${n} record${n === 1 ? '' : 's'} ${verb}, ${report.current.length} already at schema ${SCHEMA_VERSION}${report.untouched.length > 0 ? `, ${report.untouched.length} organization profile(s) unchanged` : ''}`,
      )
    }

    return report
  }
}
