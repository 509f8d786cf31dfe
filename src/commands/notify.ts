import {Flags} from '../shared/oclif.js'

import {KhaosCommand} from '../base-command.js'
import {InputError} from '../shared/errors.js'
import {readTextFile} from '../shared/input.js'
import {resolveTimestamp} from '../shared/time.js'

export default class Notify extends KhaosCommand<typeof Notify> {
  static override description = `Send a notice to Discord, Slack or a JSON webhook, as routed in khaos.yaml.

A notice is a message (--title with --message or --message-file), or the saved --json output of trial run, synthesize, drill progress or verify (--from). khaos.yaml maps each channel to the environment variable that holds its webhook URL and routes events to channels; --channel sends to named channels instead. Payloads respect each platform's limits and can never ping anyone. --dry-run prints the exact payloads and sends nothing. Exit 0 delivered, 1 a delivery failed, 2 usage or config error.`

  static override examples = [
    '<%= config.bin %> notify --channel dev-feed --title "Deploy done" --message "v1.4.2 is live"',
    '<%= config.bin %> trial run . --json > trial.json; <%= config.bin %> notify --from trial.json',
    '<%= config.bin %> notify --from trial.json --dry-run',
  ]

  static override flags = {
    channel: Flags.string({
      char: 'c',
      description: 'Send to this channel (a name under channels in khaos.yaml) instead of the routes; repeatable.',
      multiple: true,
    }),
    config: Flags.string({description: 'khaos.yaml to use (default: $KHAOS_CONFIG, ./khaos.yaml, then the state root).'}),
    'dry-run': Flags.boolean({description: 'Print the exact payloads (one JSON body per line) and send nothing.'}),
    from: Flags.string({description: 'A saved --json output of trial run, synthesize, drill progress or verify.', exclusive: ['message', 'message-file']}),
    message: Flags.string({char: 'm', description: 'Message text.', exclusive: ['message-file']}),
    'message-file': Flags.string({description: 'Read the message text from this file (UTF-8, at most 1 MiB).'}),
    timestamp: Flags.string({description: 'Time shown in the notice (ISO 8601 with zone); default SOURCE_DATE_EPOCH or now.'}),
    title: Flags.string({char: 't', description: 'Title of a message notice.'}),
  }

  async run(): Promise<unknown> {
    const {flags} = this
    const [{loadConfig}, notify] = await Promise.all([import('../shared/config.js'), import('../notify/index.js')])
    let notice
    if (flags.from) {
      let data: unknown
      try {
        data = JSON.parse(readTextFile(flags.from, {what: 'notice source'}))
      } catch (error) {
        if (error instanceof InputError) throw error
        throw new InputError(`notice source ${flags.from}: not valid JSON; use the --json output of a khaos command`)
      }

      notice = notify.noticeFromJson(data, flags.from)
      if (!notice) throw new InputError(`notice source ${flags.from}: not the --json output of trial run, synthesize, drill progress or verify`)
    } else {
      const text = flags['message-file'] ? readTextFile(flags['message-file'], {maxBytes: 1024 * 1024, what: 'message'}) : flags.message
      if (text === undefined && flags.title === undefined) throw new InputError('nothing to send: give --title/--message, --message-file or --from')
      notice = notify.messageNotice(flags.title ?? 'khaos', text ?? '', resolveTimestamp(flags.timestamp).iso)
    }

    const config = await loadConfig({file: flags.config, stateRoot: this.stateRoot})
    const outcome = await notify.notify({channels: flags.channel, config, dryRun: flags['dry-run'], notice, version: this.config.version})
    if (!this.jsonEnabled()) {
      if (outcome.dryRun) process.stdout.write(notify.renderDryRun(outcome))
      for (const line of notify.describeOutcome(outcome)) this.logToStderr(line)
    }

    if (!outcome.ok) process.exitCode = 1
    return outcome
  }
}
