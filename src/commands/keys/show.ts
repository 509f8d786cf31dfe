import {Args} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {DEFAULT_KEY_NAME, type KeyInfo, keyInfo} from '../../notary/keys.js'
import {assertSafeName} from '../../shared/names.js'

export default class KeysShow extends KhaosCommand<typeof KeysShow> {
  static override args = {
    name: Args.string({default: DEFAULT_KEY_NAME, description: 'Key name.'}),
  }

  static override description = 'Show a key: its public key, key id, files, and how others verify what it signs.'
  static override examples = ['<%= config.bin %> keys show', '<%= config.bin %> keys show release --json']

  async run(): Promise<KeyInfo & {verifyWith: {minisign: string; signify: string; khaos: string}}> {
    const name = assertSafeName(this.args.name, 'key name')
    const info = keyInfo(this.stateRoot, name)
    const verifyWith = {
      khaos: `khaos verify NOTARY_DIR --key ${info.publicKeyPath}`,
      minisign: `minisign -Vm FILE -x NOTARY_DIR/minisig/FILE.minisig -P ${info.publicKey}`,
      signify: `cd BASE_DIR && signify-openbsd -C -p ${info.publicKeyPath} -x NOTARY_DIR/SHA256.sig`,
    }
    if (!this.jsonEnabled()) {
      this.log(`key         ${info.name} (id ${info.keyId})`)
      this.log(`public key  ${info.publicKey}`)
      this.log(`files       ${info.publicKeyPath}`)
      this.log(`            ${info.secretKeyPath} (${info.encrypted === undefined ? 'absent' : info.encrypted ? 'passphrase-protected' : 'not encrypted'})`)
      this.log('verify what it signs with:')
      this.log(`  ${verifyWith.khaos}`)
      this.log(`  ${verifyWith.signify}`)
      this.log(`  ${verifyWith.minisign}`)
    }

    return {...info, verifyWith}
  }
}
