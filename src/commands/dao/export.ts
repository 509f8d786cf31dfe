import {Flags} from '../../shared/oclif.js'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {KhaosCommand} from '../../base-command.js'
import {DEFAULT_RECORDS_DIR, EXPORT_MARKER, recordFileName, recordMarkdown, scanRecords, shownPath} from '../../records/index.js'
import {ensureFolder, writeFilesAtomic} from '../../shared/atomic.js'
import {InputError} from '../../shared/errors.js'

interface ExportReport {
  files: string[]
  out: string
  skipped: number
}

export default class DaoExport extends KhaosCommand<typeof DaoExport> {
  static override description = `Write each decision record as a MADR Markdown file with a numbered name, as adr-tools keeps them (0007-move-the-queue-to-nats.md).

The YAML records stay the source: the Markdown files are derived, marked as exported, and replaced by the next export; any other existing file of that name is refused without --force. Invalid records are skipped and counted. The same folder gives the same bytes.`

  static override examples = ['<%= config.bin %> dao export --out docs/decisions', '<%= config.bin %> dao export --dir synthesis_output --out docs/adr --json']

  static override flags = {
    dir: Flags.string({description: `Records folder (default ./${DEFAULT_RECORDS_DIR}).`}),
    force: Flags.boolean({description: 'Overwrite existing files that khaos did not export.'}),
    out: Flags.string({description: 'Folder for the Markdown files (created if missing; its parent must exist).', required: true}),
  }

  async run(): Promise<ExportReport> {
    const dir = this.flags.dir ?? DEFAULT_RECORDS_DIR
    if (!existsSync(dir)) throw new InputError(`records folder ${shownPath(dir)}: no such directory`, {code: 'ENOENT'})
    const entries = scanRecords(dir)
    const records = entries
      .flatMap((e) => (e.record?.record_type === 'decision' ? [{file: e.file, record: e.record}] : []))
      .sort((a, b) => a.record.id - b.record.id)
    const names = new Map(records.map(({record}) => [record.id, recordFileName(record)]))
    ensureFolder(this.flags.out, {shown: this.flags.out, userPath: true})
    const files = records.map(({record}) => {
      const path = join(this.flags.out, names.get(record.id)!)
      const ours = existsSync(path) && readFileSync(path, 'utf8').startsWith(EXPORT_MARKER)
      if (existsSync(path) && !ours && !this.flags.force)
        throw new InputError(`${shownPath(path)} exists and khaos did not export it; pass --force to replace it`)
      return {data: recordMarkdown(record, names), overwrite: true, path}
    })
    writeFilesAtomic(files)
    const report = {files: files.map((f) => f.path), out: this.flags.out, skipped: entries.filter((e) => !e.record).length}
    if (!this.jsonEnabled())
      this.log(
        `wrote ${files.length} Markdown record(s) into ${shownPath(this.flags.out)}${report.skipped > 0 ? `; ${report.skipped} invalid record file(s) skipped (khaos dao validate)` : ''}`,
      )
    return report
  }
}
