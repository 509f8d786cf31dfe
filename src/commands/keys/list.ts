import {KhaosCommand} from '../../base-command.js'
import {keysDir, listKeys} from '../../notary/keys.js'

export default class KeysList extends KhaosCommand<typeof KeysList> {
  static override description = 'List the signing keys in the khaos state directory.'
  static override examples = ['<%= config.bin %> keys list', '<%= config.bin %> keys list --json']

  async run(): Promise<{dir: string; keys: ReturnType<typeof listKeys>}> {
    const dir = keysDir(this.stateRoot)
    const keys = listKeys(this.stateRoot)
    if (!this.jsonEnabled()) {
      if (keys.length === 0) this.log(`no keys in ${dir}; create one with: khaos keys generate`)
      for (const key of keys) {
        if ('error' in key) this.log(`${key.name.padEnd(20)} unreadable: ${key.error}`)
        else
          this.log(
            `${key.name.padEnd(20)} ${key.keyId}  ${key.encrypted === undefined ? 'public key only' : key.encrypted ? 'passphrase-protected' : 'not encrypted'}`,
          )
      }
    }

    return {dir, keys}
  }
}
