import {Flags} from '../../shared/oclif.js'
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'

import {KhaosCommand} from '../../base-command.js'
import {createDecisionRecord, decisionTemplate, DEFAULT_RECORDS_DIR, readDecisionDraft, shownPath} from '../../records/index.js'
import {beginCommit, writeFileAtomic} from '../../shared/atomic.js'
import {InputError, KhaosError} from '../../shared/errors.js'
import {canPrompt} from '../../shared/output.js'
import {resolveTimestamp} from '../../shared/time.js'
import {defaultSessionId} from '../../shared/names.js'

interface NewReport {
  id: number
  path: string
  /** Whether the record was written in an editor (else straight from the flags). */
  edited: boolean
}

export default class DaoNew extends KhaosCommand<typeof DaoNew> {
  static override description = `Start a decision record from the MADR-shaped template, as adr-tools' \`adr new\` does.

On a terminal with $VISUAL or $EDITOR set, the template opens in your editor (context, decision drivers, considered options, outcome, consequences, each explained); saving creates the record, with the folder's next id, once it validates. An invalid draft is kept (its path is printed) and nothing is created; an emptied draft cancels. Without a terminal or an editor nothing is asked: the record is created as proposed from the flags (--edit forces the editor, --no-edit skips it).`

  static override examples = [
    '<%= config.bin %> dao new --title "Move the queue to NATS" --participants ana,bo',
    'EDITOR=vim <%= config.bin %> dao new --title "Retire the v1 API" --dir decisions',
    '<%= config.bin %> dao new --title "Adopt OpenTofu" --no-edit --json',
  ]

  static override flags = {
    dir: Flags.string({description: `Records folder (default ./${DEFAULT_RECORDS_DIR}).`}),
    edit: Flags.boolean({allowNo: true, description: 'Open the template in $VISUAL/$EDITOR (default: when on a terminal and one is set).'}),
    participants: Flags.string({description: 'Decision makers, comma-separated.'}),
    session: Flags.string({description: 'Session id, which names the file (default: from the title and the time).'}),
    timestamp: Flags.string({description: 'Record time, ISO 8601 with a zone (default: SOURCE_DATE_EPOCH, else now).'}),
    title: Flags.string({description: 'What the decision is about, in a line.', required: true}),
  }

  async run(): Promise<NewReport> {
    const {flags} = this
    const {iso} = resolveTimestamp(flags.timestamp)
    const dir = flags.dir ?? DEFAULT_RECORDS_DIR
    const title = flags.title.trim()
    if (title === '' || /[\r\n]/.test(title)) throw new InputError('--title must be one non-empty line')
    const participants = (flags.participants ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
    // The session id names the file: from the title and the time, as synthesize names its sessions.
    const sessionId = flags.session ?? defaultSessionId(title, iso)
    const editor = (process.env.VISUAL || process.env.EDITOR || '').trim()
    const edit = flags.edit ?? (editor !== '' && canPrompt())
    if (edit && editor === '') throw new InputError('--edit needs an editor: set $VISUAL or $EDITOR')

    let input = {participants: {consulted: [], decision_makers: participants, informed: []}, sessionId, status: 'proposed' as const, title, topic: title}
    if (edit) {
      const drafts = join(this.stateRoot, 'drafts')
      mkdirSync(drafts, {mode: 0o700, recursive: true})
      const draft = join(drafts, `record-${iso.replace(/[-:]/g, '')}-${process.pid}.yaml`)
      writeFileAtomic(draft, decisionTemplate({participants, sessionId, title}))
      // The editor is run directly, never through a shell: "code -w" is a program and its arguments.
      const [program, ...args] = editor.split(/\s+/)
      const ran = spawnSync(program, [...args, draft], {stdio: 'inherit'})
      if (ran.error || ran.status !== 0) {
        throw new KhaosError(
          `the editor (${program}) ${ran.error ? `did not start: ${ran.error.message}` : `exited ${ran.status}`}; your draft is kept: ${draft}`,
          {
            code: 'EDITOR_FAILED',
            exitCode: 2,
          },
        )
      }

      if (
        readFileSync(draft, 'utf8')
          .replace(/^\s*#.*$/gm, '')
          .trim() === ''
      ) {
        rmSync(draft, {force: true})
        throw new KhaosError('cancelled: the draft was emptied; no record was created', {code: 'CANCELLED', exitCode: 1})
      }

      let created: ReturnType<typeof createDecisionRecord>
      try {
        input = {...input, ...readDecisionDraft(draft)} as typeof input
        beginCommit()
        created = createDecisionRecord({...input, timestamp: iso}, {dir})
      } catch (error) {
        if (error instanceof KhaosError) throw new InputError(`${error.message}; your draft is kept: ${draft} (fix it, then: khaos dao record --from ${draft})`)
        throw error
      }

      if (existsSync(draft)) rmSync(draft, {force: true})
      return this.report({edited: true, id: created.record.id, path: created.path})
    }

    beginCommit()
    const created = createDecisionRecord({...input, timestamp: iso}, {dir})
    return this.report({edited: false, id: created.record.id, path: created.path})
  }

  private report(report: NewReport): NewReport {
    if (!this.jsonEnabled()) {
      this.log(`wrote ${shownPath(report.path)} (decision record ${report.id}, proposed)`)
      if (!report.edited) this.log(`fill in its context, options and consequences in ${shownPath(report.path)}; khaos dao validate checks it`)
    }

    return report
  }
}
