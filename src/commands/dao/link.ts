import {Args, Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {DEFAULT_RECORDS_DIR, defaultActor, LINK_RELATIONS, type LinkKind, linkRecords, parseRecordId, shownPath} from '../../records/index.js'
import {resolveTimestamp} from '../../shared/time.js'

interface LinkReport {
  from: number
  relation: LinkKind
  to: number
  /** The status record TO has now (superseded after --relation supersedes). */
  toStatus: string
  files: string[]
}

const RELATIONS: LinkKind[] = ['supersedes', ...LINK_RELATIONS]

export default class DaoLink extends KhaosCommand<typeof DaoLink> {
  static override args = {
    from: Args.string({description: 'Id of the record the link starts from.', required: true}),
    to: Args.string({description: 'Id of the record it points to.', required: true}),
  }

  static override description = `Link two decision records, as adr-tools' \`adr link\` does: both files are rewritten in one atomic step.

--relation supersedes marks TO superseded by FROM (TO's status history says when and by whom; a cycle is refused). The other relations are written on both records with their inverse: amends / amended-by, depends-on / required-by, relates-to. \`khaos dao show\` lists the links and \`khaos dao graph\` draws them.`

  static override examples = [
    '<%= config.bin %> dao link 5 2 --relation supersedes',
    '<%= config.bin %> dao link 4 3 --relation amends --dir synthesis_output',
    '<%= config.bin %> dao link 6 1',
  ]

  static override flags = {
    by: Flags.string({description: 'Who makes the change, for a supersession (default: your OS user name).'}),
    dir: Flags.string({description: `Records folder (default ./${DEFAULT_RECORDS_DIR}).`}),
    relation: Flags.string({default: 'relates-to', description: 'How FROM relates to TO.', options: RELATIONS}),
    timestamp: Flags.string({description: 'Time of a supersession, ISO 8601 with a zone (default: SOURCE_DATE_EPOCH, else now).'}),
  }

  async run(): Promise<LinkReport> {
    const ids = [this.args.from, this.args.to].map((id) => parseRecordId(id))
    const relation = this.flags.relation as LinkKind
    const result = linkRecords(this.flags.dir ?? DEFAULT_RECORDS_DIR, ids[0], ids[1], relation, {
      at: resolveTimestamp(this.flags.timestamp).iso,
      by: this.flags.by ?? defaultActor(),
    })
    if (!this.jsonEnabled()) {
      const after = relation === 'supersedes' ? ` (record ${result.to.id} is now superseded)` : ''
      this.log(`record ${result.from.id} ${relation} record ${result.to.id}${after}: ${shownPath(result.from.path)}, ${shownPath(result.to.path)}`)
    }

    return {files: [result.from.path, result.to.path], from: result.from.id, relation, to: result.to.id, toStatus: result.to.record.status}
  }
}
