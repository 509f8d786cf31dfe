import {Flags} from '../shared/oclif.js'

import {KhaosCommand} from '../base-command.js'
import {oneLine} from '../shared/text.js'

export default class Audit extends KhaosCommand<typeof Audit> {
  static override description = `Read the audit log: one line per state-changing command (time, user, host, command, arguments with secrets redacted, result, exit code, artifacts with SHA-256).

The log is $KHAOS_AUDIT_LOG, else audit.path in khaos.yaml, else audit.jsonl under the state root; rotated segments are read too, oldest first.`

  static override examples = [
    '<%= config.bin %> audit --since 24h',
    '<%= config.bin %> audit --command notarize --json',
    '<%= config.bin %> audit --since 2026-01-01 --command "keys generate"',
  ]

  static override flags = {
    command: Flags.string({char: 'c', description: 'Only this command, e.g. notarize or "keys generate".'}),
    file: Flags.string({description: 'Read this audit log instead of the configured one.'}),
    limit: Flags.integer({description: 'Only the newest N entries.', min: 1}),
    since: Flags.string({char: 's', description: 'Only entries at or after this time: ISO date/time, or a duration back from now (30m, 24h, 7d).'}),
  }

  async run(): Promise<unknown> {
    const [{auditSettings}, {readAudit}] = await Promise.all([import('../audit/record.js'), import('../audit/log.js')])
    const path = this.flags.file ?? (await auditSettings(this.stateRoot)).path
    const {entries: all, files, unreadable} = readAudit(path, {command: this.flags.command, since: this.flags.since})
    const entries = this.flags.limit ? all.slice(-this.flags.limit) : all
    if (!this.jsonEnabled()) {
      if (unreadable > 0) this.logToStderr(`warning: ${unreadable} line(s) of the audit log are not JSON entries and were skipped`)
      if (files.length === 0) this.logToStderr(`no audit log yet at ${path}`)
      for (const e of entries) {
        const args = oneLine(e.args.join(' '))
        this.log(
          `${e.time}  ${oneLine(e.user)}@${oneLine(e.host)}  ${oneLine(e.command).padEnd(18)} ${e.result.padEnd(6)} exit ${e.exit}  ${args.length > 80 ? `${args.slice(0, 79)}…` : args}${e.artifacts.length > 0 ? `  [${e.artifacts.length} artifact(s)]` : ''}`,
        )
      }

      this.logToStderr(`${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} from ${path}`)
    }

    return {entries, path, unreadable}
  }
}
