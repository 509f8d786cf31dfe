import {Flags} from '../../shared/oclif.js'
import {existsSync} from 'node:fs'
import {resolve} from 'node:path'

import {KhaosCommand} from '../../base-command.js'
import {DEFAULT_RECORDS_DIR, type FolderReport, readRecordsFolder, reportLines, shownPath} from '../../records/index.js'
import {note, warn} from '../../shared/output.js'
import {terminalSafe, truncate} from '../../shared/text.js'

export default class DaoList extends KhaosCommand<typeof DaoList> {
  static override description = `List the records of a records folder, sorted by id.

Files that are not valid records, and broken supersession links, are reported on stderr (and under "invalid" and "problems" with --json); run khaos dao validate on the folder to fail a build on them.`

  static override examples = ['<%= config.bin %> dao list', '<%= config.bin %> dao list --dir decisions --json']

  static override flags = {
    dir: Flags.string({description: `Records folder (default ./${DEFAULT_RECORDS_DIR}).`}),
  }

  async run(): Promise<FolderReport> {
    const dir = this.flags.dir ?? DEFAULT_RECORDS_DIR
    // A fresh project has no folder yet: that is an empty list, not an error. A named folder must exist.
    if (this.flags.dir === undefined && !existsSync(dir)) {
      if (!this.jsonEnabled()) note(`no records yet (./${DEFAULT_RECORDS_DIR} does not exist); write one with: khaos dao record`)
      return {dir: resolve(dir), invalid: [], problems: [], records: []}
    }

    const report = readRecordsFolder(dir)
    if (!this.jsonEnabled()) {
      const rows = report.records.map((r) => [
        String(r.id),
        r.record_type === 'organization' ? 'organization' : (r.status ?? ''),
        r.date,
        r.session_id ?? '',
        [r.supersedes === null ? '' : `replaces ${r.supersedes}`, r.superseded_by === null ? '' : `replaced by ${r.superseded_by}`].filter(Boolean).join(', '),
        oneLine(r.title),
        terminalSafe(shownPath(r.file)),
      ])
      const header = ['ID', 'STATUS', 'DATE', 'SESSION', 'LINKS', 'TITLE', 'FILE']
      if (rows.length === 0) note(`no records in ${shownPath(report.dir)}`)
      else for (const line of table([header, ...rows])) this.log(line)
      for (const problem of reportLines(report)) warn(problem)
    }

    return report
  }
}

function oneLine(text: string): string {
  // Control characters (an ESC sequence in a title) must not reach the terminal; spaces and line breaks fold.
  return truncate(terminalSafe(text.replaceAll(/[ \t\n\r]+/g, ' ')), 60)
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => [...row[col]].length)))
  return rows.map((row) =>
    row
      .map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col] + (cell.length - [...cell].length))))
      .join('  ')
      .trimEnd(),
  )
}
