import {Args, Flags} from '../shared/oclif.js'
import {existsSync} from 'node:fs'

import {KhaosCommand} from '../base-command.js'
import {keyPaths} from '../notary/keys.js'
import {PUBLIC_KEY} from '../notary/layout.js'
import {type VerifyReport, verifyNotary} from '../notary/verify.js'
import {isSafeName} from '../shared/names.js'
import {warn} from '../shared/output.js'
import {terminalSafe as safe} from '../shared/text.js'

export default class Verify extends KhaosCommand<typeof Verify> {
  static override args = {
    dir: Args.string({description: 'Notary directory (made by khaos notarize).', required: true}),
  }

  static override description = `Check a notary directory: every hash and every signature, and nothing missing or extra.

Accepts signatures made by khaos, signify-openbsd (SHA256.sig) and minisign (.minisig, prehashed or legacy). Trust is pinned with --key; without it verify refuses (exit 2), as minisign and signify do without -p. --trust-embedded-key checks against the folder's own khaos.pub instead, which only proves the folder is self-consistent, not who signed it. Exit 0 when everything checks, 1 when anything failed, 2 when the input is unusable.`
  static override examples = [
    '<%= config.bin %> verify notary --key release.pub',
    '<%= config.bin %> verify notary --key release --json',
    '<%= config.bin %> verify notary --base elsewhere/dist --key release.pub',
    '<%= config.bin %> verify notary --trust-embedded-key',
  ]
  static override flags = {
    base: Flags.string({description: 'Directory holding the notarized files (default: the one recorded in the notary).'}),
    key: Flags.string({
      char: 'k',
      description:
        'Public key to trust: a .pub file (khaos, signify or minisign), or the name of a key in the khaos key store. Required unless --trust-embedded-key.',
    }),
    metrics: Flags.string({description: 'Also write Prometheus text metrics to this file (node_exporter textfile collector), atomically.'}),
    notify: Flags.boolean({description: 'Also send a notice to the channels khaos.yaml routes this event to.'}),
    'trust-embedded-key': Flags.boolean({
      description: 'Trust the khaos.pub inside the folder: proves it is self-consistent, NOT who signed it.',
      exclusive: ['key'],
    }),
  }

  async run(): Promise<VerifyReport> {
    let publicKey = this.flags.key
    // A bare key name that is not a file means a key from the store.
    if (publicKey !== undefined && !existsSync(publicKey) && isSafeName(publicKey) && existsSync(keyPaths(this.stateRoot, publicKey).pub)) {
      publicKey = keyPaths(this.stateRoot, publicKey).pub
    }

    const trustEmbeddedKey = this.flags['trust-embedded-key']
    const report = await verifyNotary({baseDir: this.flags.base, dir: this.args.dir, publicKey, trustEmbeddedKey})
    // Loud even under --json (stderr): a pass here is no proof of origin.
    if (trustEmbeddedKey)
      process.stderr.write(
        `WARNING: --trust-embedded-key: checked against the folder's own ${PUBLIC_KEY}, so this only proves the folder is self-consistent, not who signed it; anyone who can rewrite the folder can replace that key. Pin the signer's key with --key.\n`,
      )
    if (!this.jsonEnabled()) {
      for (const warning of report.warnings) if (!trustEmbeddedKey || !warning.startsWith('trust is not pinned')) warn(warning)
      this.log(`key ${safe(report.key.keyId)} (${report.key.source === 'pinned' ? 'pinned' : 'embedded, NOT pinned'}: ${safe(report.key.path)})`)
      this.log(`base ${safe(report.baseDir)}`)
      for (const check of report.checks)
        this.log(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.kind.padEnd(11)} ${safe(check.ok ? `${check.target}: ${check.detail}` : check.detail)}`)
      const okCount = report.subjects.filter((s) => s.ok).length
      this.log(
        report.ok
          ? `verified: ${report.subjects.length} subject${report.subjects.length === 1 ? '' : 's'}, ${report.checks.length} checks passed`
          : `FAILED: ${report.failures.length} problem${report.failures.length === 1 ? '' : 's'} (${okCount}/${report.subjects.length} subjects ok)`,
      )
    }

    if (!report.ok) process.exitCode = 1
    if (this.flags.metrics) (await import('../metrics/index.js')).writeMetrics(this.flags.metrics, 'verify', report)
    if (this.flags.notify)
      await (await import('../notify/index.js')).notifyAfterCommand('verify', report, {stateRoot: this.stateRoot, version: this.config.version})
    return report
  }
}
