import {Args, Flags} from '../shared/oclif.js'

import {KhaosCommand} from '../base-command.js'
import {signFile, type SignFileResult} from '../notary/sign-file.js'
import {resolveSigningKey} from '../notary/signing-key.js'
import {note} from '../shared/output.js'
import {terminalSafe as safe} from '../shared/text.js'
import {resolveTimestamp} from '../shared/time.js'

export default class Sign extends KhaosCommand<typeof Sign> {
  static override args = {
    file: Args.string({description: 'The file to sign.', required: true}),
  }

  static override description = `Sign one file in place, as minisign -Sm does: writes FILE.minisig beside it.

The signature is minisign's prehashed form with its trusted comment (timestamp, file name), so \`minisign -Vm FILE -p KEY.pub\` verifies it. An existing FILE.minisig is replaced, as minisign does.`
  static override examples = [
    '<%= config.bin %> sign release.tar.gz',
    '<%= config.bin %> sign release.tar.gz --key release --passphrase-stdin < passphrase.txt',
    'minisign -Vm release.tar.gz -p "$(khaos keys show --json | jq -r .publicKeyPath)"',
  ]
  static override flags = {
    key: Flags.string({char: 'k', description: 'Signing key name (default: khaos; created on first use, asked on a terminal).'}),
    'passphrase-stdin': Flags.boolean({description: "Read the signing key's passphrase from the first line of stdin."}),
    timestamp: Flags.string({description: 'Time in the trusted comment (ISO 8601 with zone); default SOURCE_DATE_EPOCH, else the clock.'}),
  }

  async run(): Promise<SignFileResult & {publicKeyPath?: string}> {
    const timestamp = resolveTimestamp(this.flags.timestamp)
    const {created, encrypted, key, secretKeyPath} = await resolveSigningKey(this.stateRoot, {
      name: this.flags.key,
      passphraseStdin: this.flags['passphrase-stdin'],
    })
    if (created) note(`created signing key "${key.name}" (id ${key.keyId}, ${encrypted ? 'passphrase-protected' : 'not encrypted'}) in ${secretKeyPath}`)
    const result = await signFile(this.args.file, key, timestamp)
    if (!this.jsonEnabled()) {
      this.log(`signed ${safe(result.file)} with key ${key.name} (id ${key.keyId}): ${safe(result.signature)}`)
      if (key.publicKeyPath) this.log(`verify: minisign -Vm ${safe(result.file)} -p ${safe(key.publicKeyPath)}`)
    }

    return {...result, publicKeyPath: key.publicKeyPath}
  }
}
