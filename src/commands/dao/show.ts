import {Args, Flags} from '../../shared/oclif.js'
import {existsSync} from 'node:fs'
import {resolve} from 'node:path'

import {KhaosCommand} from '../../base-command.js'
import {InputError} from '../../shared/errors.js'
import {type DaoRecord, DEFAULT_RECORDS_DIR, findRecordById, parseRecordId, shownPath, showRecord} from '../../records/index.js'

interface ShowReport {
  file: string
  record: DaoRecord
}

export default class DaoShow extends KhaosCommand<typeof DaoShow> {
  static override args = {id: Args.string({description: 'Id of the record (khaos dao list).', required: true})}

  static override description = `Show one record: context, decision drivers, considered options, the outcome (or "to be decided"), consequences, open contradictions and the status history.

--json gives the record as validated, with its file.`

  static override examples = ['<%= config.bin %> dao show 3', '<%= config.bin %> dao show 3 --dir synthesis_output --json']

  static override flags = {
    dir: Flags.string({description: `Records folder (default ./${DEFAULT_RECORDS_DIR}).`}),
  }

  async run(): Promise<ShowReport> {
    const {id} = this.args
    const dir = this.flags.dir ?? DEFAULT_RECORDS_DIR
    if (!existsSync(dir)) throw new InputError(`records folder ${shownPath(dir)}: no such directory`, {code: 'ENOENT'})
    const {file, record} = findRecordById(dir, parseRecordId(id))
    if (!this.jsonEnabled()) for (const line of showRecord(record, file)) this.log(line)
    return {file: resolve(file), record}
  }
}
