import {Flags} from '../shared/oclif.js'

import {KhaosCommand} from '../base-command.js'
import {DEFAULT_KEY_NAME} from '../notary/keys.js'
import {type NotarizeResult, notarize} from '../notary/notarize.js'
import {resolveSigningKey} from '../notary/signing-key.js'
import {InputError} from '../shared/errors.js'
import {note, startStage, warn} from '../shared/output.js'
import {terminalSafe as safe} from '../shared/text.js'
import {resolveTimestamp} from '../shared/time.js'

export default class Notarize extends KhaosCommand<typeof Notarize> {
  static override description = `Sign artifacts so that anyone can check them, with khaos or with standard tools.

Writes a notary directory: an in-toto statement (RFC 8785 JSON) in a DSSE envelope, a SHA256 manifest signed for signify-openbsd -C, a minisign signature per file, and the public key. Files are named relative to --base (default: the current directory). The directory is written atomically and never replaced without --force.`
  static override examples = [
    '<%= config.bin %> notarize dist/app.tgz dist/app.sbom.json --out notary',
    '<%= config.bin %> notarize report.pdf --out notary --key release --timestamp 2026-01-31T12:00:00Z',
    'cd build && <%= config.bin %> notarize * --out ../notary --base .',
  ]
  static override flags = {
    base: Flags.string({description: 'Directory the file names are relative to (default: the current directory).'}),
    force: Flags.boolean({description: 'Replace the output directory if it exists.'}),
    key: Flags.string({char: 'k', description: `Signing key name (default: ${DEFAULT_KEY_NAME}, created unencrypted on first use).`}),
    'no-minisig': Flags.boolean({
      description: 'Skip the per-file minisign signatures (saves a BLAKE2b pass over every file; the statement and SHA256.sig still cover every byte).',
    }),
    out: Flags.string({char: 'o', description: 'Notary directory to create.', required: true}),
    'passphrase-stdin': Flags.boolean({description: "Read the key's passphrase from the first line of stdin."}),
    timestamp: Flags.string({description: 'Signing time to record (ISO 8601 with zone); default SOURCE_DATE_EPOCH, else the clock.'}),
  }

  static override strict = false
  static override usage = 'notarize FILE... --out DIR [--key NAME] [--base DIR] [--timestamp ISO] [--no-minisig] [--force]'

  async run(): Promise<Omit<NotarizeResult, 'timestamp'> & {timestamp: string; timestampSource: string}> {
    const files = this.positionals
    if (files.length === 0) throw new InputError('nothing to notarize: name at least one file (khaos notarize FILE... --out DIR)')
    const timestamp = resolveTimestamp(this.flags.timestamp)
    const {created, encrypted, key, secretKeyPath} = await resolveSigningKey(this.stateRoot, {
      name: this.flags.key,
      passphraseStdin: this.flags['passphrase-stdin'],
    })
    if (created)
      note(
        `created signing key "${key.name}" (id ${key.keyId}, ${encrypted ? 'passphrase-protected' : 'not encrypted'}) in ${secretKeyPath}${encrypted ? '' : '; for a passphrase-protected key instead: khaos keys generate --force (a new key)'}`,
      )
    if (timestamp.source === 'clock' && !this.jsonEnabled())
      note(`signing time ${timestamp.iso} from this machine's clock (self-asserted; pass --timestamp or SOURCE_DATE_EPOCH for reproducible output)`)
    const stage = await startStage(`notarizing ${files.length} file${files.length === 1 ? '' : 's'}`, {silent: this.jsonEnabled()})
    let result: NotarizeResult
    try {
      result = await notarize({
        baseDir: this.flags.base,
        files,
        key,
        minisig: !this.flags['no-minisig'],
        outDir: this.flags.out,
        final: true,
        overwrite: this.flags.force,
        timestamp,
        toolVersion: this.config.version,
      })
    } catch (error) {
      stage.fail()
      throw error
    }

    stage.succeed(`${result.subjects.length} subject${result.subjects.length === 1 ? '' : 's'}`)
    if (!this.jsonEnabled()) {
      for (const subject of result.subjects) this.log(`${subject.sha256}  ${subject.cid}  ${safe(subject.name)}`)
      this.log(`notary written to ${safe(result.outDir)} (key ${result.keyId}, base ${safe(result.base)})`)
      this.log(
        `check it: khaos verify ${this.flags.out} --key ${key.name === DEFAULT_KEY_NAME ? '<your copy of khaos.pub>' : `<your copy of ${key.name}.pub>`}`,
      )
      if (result.subjects.some((s) => s.size === 0)) warn('an empty file was notarized')
    }

    const {timestamp: time, ...rest} = result
    return {...rest, timestamp: time.iso, timestampSource: time.source}
  }
}
