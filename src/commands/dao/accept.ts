import {Args, Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {resolveTimestamp} from '../../shared/time.js'
import {
  changeStatus,
  DEFAULT_RECORDS_DIR,
  defaultActor,
  parseRecordId,
  type RecordStatus,
  shownPath,
  STATUS_OF_VERB,
  type StatusVerb,
} from '../../records/index.js'
import {stripControls} from '../../shared/text.js'

export interface StatusChangeReport {
  by: string
  from: RecordStatus
  id: number
  /** The record was upgraded from schema 1 to hold its history. */
  migrated: boolean
  path: string
  status: RecordStatus
  at: string
}

const flags = {
  by: Flags.string({description: 'Who makes the change (default: your OS user name).'}),
  dir: Flags.string({description: `Records folder (default ./${DEFAULT_RECORDS_DIR}).`}),
  note: Flags.string({description: 'Why, in one line: kept in the status history.'}),
  timestamp: Flags.string({description: 'Time of the change, ISO 8601 with a zone (default: SOURCE_DATE_EPOCH, else now).'}),
}

/** accept, reject and deprecate: one status change, same id and file, appended to the record's status_history. */
export function statusCommandDescription(verb: StatusVerb, extra = ''): string {
  const to = STATUS_OF_VERB[verb]
  return `Mark a decision record ${to}, keeping its id, file and participants.

The change is appended to the record's status_history (from, to, when, by whom) and the file is rewritten atomically under the records folder's lock. Allowed: proposed → accepted | rejected; accepted → deprecated. Anything else (a record already ${to}, a superseded record, a rejected one) is refused with exit 2. A schema 1 record is upgraded to schema 2 on the way.${extra}`
}

export async function runStatusChange(
  command: {jsonEnabled(): boolean; log(message?: string): void},
  verb: StatusVerb,
  input: {by?: string; decision?: string; dir?: string; id: string; note?: string; timestamp?: string},
): Promise<StatusChangeReport> {
  const id = parseRecordId(input.id)
  const {iso} = resolveTimestamp(input.timestamp)
  const dir = input.dir ?? DEFAULT_RECORDS_DIR
  const result = changeStatus(dir, id, STATUS_OF_VERB[verb], {
    at: iso,
    by: input.by ?? defaultActor(),
    decision: input.decision,
    note: input.note,
  })
  const report = {
    at: iso,
    by: result.change.by,
    from: result.change.from,
    id: result.record.id,
    migrated: result.migrated,
    path: result.path,
    status: result.record.status,
  }
  if (!command.jsonEnabled()) {
    command.log(`record ${report.id}: ${report.from} → ${report.status} by ${stripControls(report.by)} (${shownPath(report.path)})`)
    if (report.migrated) command.log('the record was upgraded from schema 1 to schema 2 to keep its status history')
  }

  return report
}

export default class DaoAccept extends KhaosCommand<typeof DaoAccept> {
  static override args = {id: Args.string({description: 'Id of the decision record (khaos dao list).', required: true})}

  static override description = statusCommandDescription(
    'accept',
    ' An accepted record says what was decided: pass --decision unless the record already holds the outcome.',
  )

  static override examples = [
    '<%= config.bin %> dao accept 3 --decision "Keep audit logs 400 days; archive after 90"',
    '<%= config.bin %> dao accept 3 --by "Ana Lima" --dir synthesis_output --json',
  ]

  static override flags = {
    ...flags,
    decision: Flags.string({description: "The outcome being accepted (sets the record's decision)."}),
  }

  async run(): Promise<StatusChangeReport> {
    return runStatusChange(this, 'accept', {...this.flags, id: this.args.id})
  }
}

/** reject and deprecate: the same command but for the verb (accept adds --decision). */
export function statusCommand(verb: Exclude<StatusVerb, 'accept'>, extra: string) {
  return class extends KhaosCommand<typeof KhaosCommand> {
    static override args = {id: Args.string({description: 'Id of the decision record (khaos dao list).', required: true})}
    static override description = statusCommandDescription(verb, extra)
    static override examples = [`<%= config.bin %> dao ${verb} 3 --note "see record 5"`, `<%= config.bin %> dao ${verb} 3 --by "Ana Lima" --json`]
    static override flags = flags

    async run(): Promise<StatusChangeReport> {
      const given = this.flags as {by?: string; dir?: string; note?: string; timestamp?: string}
      const {id} = this.args as {id: string}
      return runStatusChange(this, verb, {...given, id})
    }
  }
}
