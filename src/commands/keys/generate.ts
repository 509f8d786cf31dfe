import {Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {DEFAULT_KEY_NAME, type KeyInfo, generateKey} from '../../notary/keys.js'
import {readPassphrase} from '../../notary/passphrase.js'
import {beginCommit} from '../../shared/atomic.js'
import {assertSafeName} from '../../shared/names.js'
import {note} from '../../shared/output.js'

export default class KeysGenerate extends KhaosCommand<typeof KeysGenerate> {
  static override description = `Generate an Ed25519 signing key pair (signify/minisign compatible).

The secret key is written in minisign's format, scrypt-encrypted with a passphrase unless --no-passphrase, mode 0600; the public key is readable by signify-openbsd -V -p and minisign -V -p. The passphrase is asked on the terminal, or read from the first line of stdin with --passphrase-stdin.`
  static override examples = [
    '<%= config.bin %> keys generate',
    '<%= config.bin %> keys generate --name release --no-passphrase',
    'printf "%s\\n" "$PASS" | <%= config.bin %> keys generate --name ci --passphrase-stdin',
  ]
  static override flags = {
    force: Flags.boolean({description: 'Replace an existing key of that name (the old key is lost).'}),
    name: Flags.string({char: 'n', default: DEFAULT_KEY_NAME, description: 'Key name (A-Z a-z 0-9 . _ -).'}),
    'no-passphrase': Flags.boolean({description: 'Store the secret key unencrypted (protected by file permissions only).', exclusive: ['passphrase-stdin']}),
    'passphrase-stdin': Flags.boolean({description: 'Read the passphrase from the first line of stdin.'}),
  }

  async run(): Promise<KeyInfo> {
    const name = assertSafeName(this.flags.name, 'key name')
    let passphrase: string | undefined
    if (!this.flags['no-passphrase']) {
      passphrase = await readPassphrase({
        alternatives: 'pass --passphrase-stdin (first line of stdin) or --no-passphrase',
        confirm: true,
        stdin: this.flags['passphrase-stdin'],
        what: `the new key "${name}"`,
      })
      if (passphrase.length < 8) note('note: a passphrase under 8 characters is weak even with scrypt')
    }

    if (passphrase !== undefined) note("deriving the encryption key with scrypt (minisign's parameters: 1 GiB, a few seconds)…")
    // The write below is this command's one commit: a signal from here on lets it complete (exit 0, all in
    // place) rather than exit 130 with the work done anyway.
    beginCommit()
    const info = generateKey(this.stateRoot, {name, overwrite: this.flags.force, passphrase})

    if (!this.jsonEnabled()) {
      this.log(`generated key "${info.name}" (id ${info.keyId}, ${info.encrypted ? 'passphrase-protected' : 'NOT encrypted'})`)
      this.log(`public key  ${info.publicKeyPath}`)
      this.log(`secret key  ${info.secretKeyPath}`)
      this.log(`share the public key: ${info.publicKey}`)
    }

    return info
  }
}
