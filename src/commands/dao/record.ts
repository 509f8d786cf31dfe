import {Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {beginCommit} from '../../shared/atomic.js'
import {InputError} from '../../shared/errors.js'
import {resolveTimestamp} from '../../shared/time.js'
import {
  artifactRefs,
  createDecisionRecord,
  defaultActor,
  createOrganizationRecord,
  DEFAULT_RECORDS_DIR,
  readDecisionDraft,
  readOrganizationProfile,
  RECORD_STATUSES,
  recordsDirFor,
  shownPath,
  type WriteTarget,
} from '../../records/index.js'

interface RecordReport {
  id: number
  path: string
  record_type: 'decision' | 'organization'
  status: null | string
  superseded: null | {id: number; path: string}
}

const names = (description: string) => Flags.string({delimiter: ',', description, multiple: true})

export default class DaoRecord extends KhaosCommand<typeof DaoRecord> {
  static override description = `Write a DAO decision record (YAML, validated against the record schema).

The record goes to ${DEFAULT_RECORDS_DIR}/dao_record_<session>.yaml unless --dir or --out say otherwise. Its id is the folder's next one (kept in ${DEFAULT_RECORDS_DIR}/.khaos-records.json; an id is never reused). With --supersedes ID the older record in the same folder is rewritten as superseded, in the same atomic step. --from FILE reads the fields from a YAML draft (flags given beside it win). With --type organization, the record is the organization profile read from your own YAML (--from).`

  static override examples = [
    '<%= config.bin %> dao record --topic "Privacy vs Personalization" --session s1 --participants alice,bob --consulted carol',
    '<%= config.bin %> dao record --topic "Retention" --session s2 --decision "Keep logs 30 days" --status accepted --supersedes 1',
    '<%= config.bin %> dao record --topic T --session s3 --timestamp 2026-01-31T12:00:00Z --out decisions/s3.yaml --json',
    '<%= config.bin %> dao record --from draft.yaml --session s4 --artifact map.svg',
    '<%= config.bin %> dao record --type organization --from profile.yaml',
  ]

  static override flags = {
    artifact: Flags.string({description: 'A file this decision produced or relies on; its SHA-256 is recorded (repeatable).', multiple: true}),
    consequences: Flags.string({description: 'What follows from the decision.'}),
    consulted: names('People consulted (comma-separated or repeated).'),
    context: Flags.string({description: 'The situation that called for a decision.'}),
    decision: Flags.string({description: 'What was decided.'}),
    dir: Flags.string({description: `Records folder (default ./${DEFAULT_RECORDS_DIR}).`, exclusive: ['out']}),
    force: Flags.boolean({description: 'Overwrite an existing record file.'}),
    from: Flags.string({
      description:
        'Read fields from YAML: a decision draft (topic, context, decision, contradictions_resolved …), or with --type organization your organization profile.',
    }),
    informed: names('People kept informed (comma-separated or repeated).'),
    out: Flags.string({description: 'Write the record to this file; its folder is the records folder.', exclusive: ['dir']}),
    participants: names('Decision makers (comma-separated or repeated).'),
    resolves: Flags.string({description: 'Id of a contradiction this decision resolves (repeatable).', multiple: true}),
    session: Flags.string({description: 'Session id ([A-Za-z0-9._-], 1-64 characters).'}),
    status: Flags.string({
      description: 'Status of the decision (default: proposed; it becomes superseded only through a later --supersedes).',
      options: RECORD_STATUSES.filter((s) => s !== 'superseded'),
    }),
    supersedes: Flags.integer({description: 'Id of the record this one replaces (same folder).', min: 1}),
    timestamp: Flags.string({description: 'Record time, ISO 8601 with a zone (default: SOURCE_DATE_EPOCH, else now).'}),
    title: Flags.string({description: 'Short title (default: the topic).'}),
    topic: Flags.string({description: 'What the decision is about.'}),
    type: Flags.string({default: 'decision', description: 'Record type.', options: ['decision', 'organization']}),
  }

  async run(): Promise<RecordReport> {
    const f = this.flags
    const target: WriteTarget = {dir: f.dir, generator: {tool: 'khaos', version: this.config.version}, out: f.out, overwrite: f.force}
    const {iso} = resolveTimestamp(f.timestamp)
    let report: RecordReport
    if (f.type === 'organization') {
      const stray = [
        'topic',
        'session',
        'participants',
        'consulted',
        'informed',
        'decision',
        'context',
        'consequences',
        'status',
        'supersedes',
        'resolves',
        'artifact',
        'title',
      ].filter((name) => f[name as keyof typeof f] !== undefined)
      if (stray.length > 0) throw new InputError(`--type organization takes its fields from --from; remove --${stray.join(', --')}`)
      if (f.from === undefined) throw new InputError('--type organization needs --from FILE (your organization profile in YAML, with at least name:)')
      beginCommit()
      const created = createOrganizationRecord(readOrganizationProfile(f.from), {timestamp: iso}, target)
      report = {id: created.record.id, path: created.path, record_type: 'organization', status: null, superseded: null}
    } else {
      // A draft file gives the long fields; flags given beside it win, role by role for participants.
      const draft = f.from === undefined ? {} : readDecisionDraft(f.from)
      const topic = f.topic ?? draft.topic
      const sessionId = f.session ?? draft.sessionId
      if (topic === undefined) throw new InputError('missing --topic: what the decision is about')
      if (sessionId === undefined) throw new InputError('missing --session: the id of the session that made the decision')
      const draftRoles = Array.isArray(draft.participants) ? {decision_makers: draft.participants} : (draft.participants ?? {})
      const artifacts = await artifactRefs(f.artifact ?? [], recordsDirFor(target))
      beginCommit()
      const created = createDecisionRecord(
        {
          ...draft,
          artifacts,
          changedBy: (f.supersedes ?? draft.supersedes) ? actorOrTool() : undefined,
          consequences: f.consequences ?? draft.consequences,
          context: f.context ?? draft.context,
          contradictionsResolved: f.resolves === undefined ? draft.contradictionsResolved : f.resolves.map((id) => ({id})),
          decision: f.decision ?? draft.decision,
          participants: {
            consulted: f.consulted ?? draftRoles.consulted,
            decision_makers: f.participants ?? draftRoles.decision_makers,
            informed: f.informed ?? draftRoles.informed,
          },
          sessionId,
          status: (f.status ?? draft.status) as (typeof RECORD_STATUSES)[number] | undefined,
          supersedes: f.supersedes ?? draft.supersedes,
          timestamp: iso,
          title: f.title ?? draft.title,
          topic,
        },
        target,
      )
      const {record, superseded} = created
      report = {
        id: record.id,
        path: created.path,
        record_type: 'decision',
        status: record.status,
        superseded: superseded ? {id: superseded.record.id, path: superseded.path} : null,
      }
    }

    if (!this.jsonEnabled()) {
      this.log(`wrote ${shownPath(report.path)} (${report.record_type} record ${report.id}${report.status ? `, ${report.status}` : ''})`)
      if (report.superseded) this.log(`updated ${shownPath(report.superseded.path)} (record ${report.superseded.id}, now superseded by ${report.id})`)
    }

    return report
  }
}

/** Who supersedes a record, for its status history: the OS user, else khaos itself. */
function actorOrTool(): string {
  try {
    return defaultActor()
  } catch {
    return 'khaos'
  }
}
