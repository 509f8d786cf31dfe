import {Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {writeFileAtomic} from '../../shared/atomic.js'
import {InputError} from '../../shared/errors.js'
import {resolveTimestamp} from '../../shared/time.js'
import {buildFragment, type MapFinding, type MapRecord} from '../../map/fragment.js'
import {loadAnalysis, loadRecord} from '../../map/load.js'

export default class MapFragment extends KhaosCommand<typeof MapFragment> {
  static override description = `Emit the Graphviz DOT fragment for one session: a cluster with the topic, participants, the contradictions found (grouped by kind, linked to their catalog tensions) and the decision record.

The fragment is a complete DOT graph (render it alone with "khaos map render") whose session block, between "// khaos:session <id> begin" and "end" comment lines, is what "khaos map merge" copies into the main map. Every label is escaped; node ids come from the session id, never from user text. Without --out the DOT goes to stdout.`

  static override examples = [
    '<%= config.bin %> map fragment --session s1 --topic "Cache or not?" --participants alice,bob',
    '<%= config.bin %> map fragment --session s1 --topic "Cache or not?" --analysis contradictions_s1/analysis.json --record dao_record_s1.yaml --out cognitive_update_s1.dot',
  ]

  static override flags = {
    analysis: Flags.string({description: 'Contradiction engine output (analysis.json) whose findings to show.'}),
    force: Flags.boolean({description: 'Overwrite --out if it exists.'}),
    out: Flags.string({description: 'Write the fragment to this file (atomically) instead of stdout.'}),
    participants: Flags.string({description: 'Comma-separated participant names.'}),
    record: Flags.string({description: "DAO decision record (YAML) to show as the session's decision."}),
    session: Flags.string({description: 'Session id (1-64 of A-Z a-z 0-9 . _ -).', required: true}),
    timestamp: Flags.string({description: 'Show this time (ISO 8601 with a zone) in the cluster label.'}),
    topic: Flags.string({description: 'The session topic.', required: true}),
  }

  async run(): Promise<{counts: ReturnType<typeof buildFragment>['counts']; dot?: string; out?: string; session: string}> {
    const {flags} = this
    if (flags.topic.trim() === '') throw new InputError('--topic is empty')
    let findings: MapFinding[] = []
    let participants = (flags.participants ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')
    if (flags.analysis) {
      const analysis = loadAnalysis(flags.analysis)
      findings = analysis.findings
      participants = [...participants, ...analysis.participants]
    }

    const record: MapRecord | undefined = flags.record ? await loadRecord(flags.record) : undefined
    const fragment = buildFragment({
      findings,
      participants,
      record,
      session: flags.session,
      timestamp: flags.timestamp === undefined ? undefined : resolveTimestamp(flags.timestamp).iso,
      topic: flags.topic,
    })
    if (flags.out) {
      writeFileAtomic(flags.out, fragment.dot, {overwrite: flags.force, userPath: true})
      if (!this.jsonEnabled()) {
        const c = fragment.counts
        this.log(
          `wrote ${flags.out}: session ${fragment.session}, ${c.participants} participant(s), ${c.findings} contradiction(s) in ${c.decisionPoints} decision point(s), ${c.tensions} tension(s)${record ? ', 1 record' : ''}`,
        )
      }

      return {counts: fragment.counts, out: flags.out, session: fragment.session}
    }

    if (!this.jsonEnabled()) process.stdout.write(fragment.dot)
    return {counts: fragment.counts, dot: fragment.dot, session: fragment.session}
  }
}
