import {Flags} from '../shared/oclif.js'

import {KhaosCommand} from '../base-command.js'
import {resolveSigningKey} from '../notary/signing-key.js'
import {DEFAULT_OUT_DIR, synthesize, type SynthesisResult} from '../pipeline/synthesize.js'
import {note, startStage, type StageHandle} from '../shared/output.js'
import {terminalSafe as safe} from '../shared/text.js'
import {resolveTimestamp} from '../shared/time.js'

export default class Synthesize extends KhaosCommand<typeof Synthesize> {
  static override description = `Run the whole meta-synthesis chain on one topic: contradictions → DAO record → notary → cognitive map → summary.

Reads what the participants wrote (Markdown or text, one --input per participant), finds where they contradict each other and which catalog tension is at stake, writes a decision record with the proposed resolutions, signs the analysis, the record and the map fragment, merges the session into the main cognitive map, and writes SYNTHESIS_SUMMARY_<session>.md. A session is written all at once, or not at all, and never replaced without --force.`
  static override examples = [
    '<%= config.bin %> synthesize --topic "Privacy vs Personalization"',
    '<%= config.bin %> synthesize --topic "Release cadence" --input notes/alice.md --input notes/bob.md --participants alice,bob',
    '<%= config.bin %> synthesize --topic "Speed vs Security" --session q3-review --timestamp 2026-01-31T12:00:00Z --no-sign --json',
  ]
  static override flags = {
    force: Flags.boolean({description: 'Replace an existing session with the same id.'}),
    input: Flags.string({char: 'i', description: "A participant's input (Markdown or text); repeat for each participant.", multiple: true}),
    key: Flags.string({char: 'k', description: 'Signing key name (default: khaos, created unencrypted on first use).', exclusive: ['no-sign']}),
    metrics: Flags.string({description: 'Also write Prometheus text metrics to this file (node_exporter textfile collector), atomically.'}),
    notify: Flags.boolean({description: 'Also send a notice to the channels khaos.yaml routes this event to.'}),
    'no-sign': Flags.boolean({description: 'Sign nothing; the summary says the artifacts are unsigned.'}),
    out: Flags.string({char: 'o', default: DEFAULT_OUT_DIR, description: 'Output folder.'}),
    participants: Flags.string({char: 'p', description: 'Comma-separated participant names; with inputs, one per --input in order.'}),
    'passphrase-stdin': Flags.boolean({description: "Read the signing key's passphrase from the first line of stdin."}),
    session: Flags.string({char: 's', description: 'Session id ([A-Za-z0-9._-], 1-64); default: topic slug + timestamp.'}),
    timestamp: Flags.string({description: 'Time recorded in every artifact (ISO 8601 with zone); default SOURCE_DATE_EPOCH, else the clock.'}),
    topic: Flags.string({char: 't', description: 'What the session is about.', required: true}),
  }

  async run(): Promise<SynthesisResult> {
    const timestamp = resolveTimestamp(this.flags.timestamp)
    let key
    let keyCreated = false
    if (!this.flags['no-sign']) {
      const resolved = await resolveSigningKey(this.stateRoot, {name: this.flags.key, passphraseStdin: this.flags['passphrase-stdin']})
      key = resolved.key
      keyCreated = resolved.created
      if (keyCreated && resolved.encrypted)
        note(
          `created signing key "${key.name}" (id ${key.keyId}, passphrase-protected) in ${resolved.secretKeyPath}; its public key ${key.publicKeyPath} is what verifiers pin`,
        )
      else if (keyCreated)
        note(
          `created signing key "${key.name}" (id ${key.keyId}, not encrypted) in ${resolved.secretKeyPath}; its public key ${key.publicKeyPath} is what verifiers pin; for a passphrase-protected key instead: khaos keys generate --force (a new key)`,
        )
    }

    const silent = this.jsonEnabled()
    const handles = new Map<string, StageHandle>()
    const result = await synthesize({
      force: this.flags.force,
      inputs: this.flags.input,
      key,
      keyCreated,
      async onStage(event) {
        if (event.status === 'start') handles.set(event.stage, await startStage(event.stage, {silent}))
        else if (event.status === 'ok') handles.get(event.stage)?.succeed(event.detail)
        else if (event.status === 'failed') handles.get(event.stage)?.fail(event.detail)
        else if (!silent) note(`- ${event.stage} skipped: ${event.detail}`)
      },
      onNote: (message) => note(message),
      outDir: this.flags.out,
      participants: this.flags.participants,
      root: this.config.root,
      session: this.flags.session,
      timestamp,
      toolVersion: this.config.version,
      topic: this.flags.topic,
    })

    if (!this.jsonEnabled()) {
      this.log(
        `session ${result.session}: ${result.decisionPoints} decision point(s) from ${result.findings} contradiction(s) (${result.lowConfidence} low-confidence), ${result.agreements} agreed point(s), record ${result.recordId}, ${result.signed ? `signed with key ${result.keyId}` : 'UNSIGNED (--no-sign)'}`,
      )
      for (const [what, path] of Object.entries(result.artifacts)) if (path) this.log(`  ${what.padEnd(14)} ${safe(path)}`)
      this.log(`read: ${safe(result.artifacts.summary)}`)
    }

    if (this.flags.metrics) (await import('../metrics/index.js')).writeMetrics(this.flags.metrics, 'synthesis', result)
    if (this.flags.notify)
      await (await import('../notify/index.js')).notifyAfterCommand('synthesis', result, {stateRoot: this.stateRoot, version: this.config.version})
    return result
  }
}
