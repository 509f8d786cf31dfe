import {assertSafeName} from '../shared/names.js'
import {DEFAULT_KEY_NAME, ensureDefaultKey, isKeyEncrypted, loadSigningKey, type SigningKey} from './keys.js'
import {readPassphrase} from './passphrase.js'

export interface ResolvedSigningKey {
  key: SigningKey
  /** True when this call created the default key (a fresh machine's first signing run). */
  created: boolean
  /** Where the secret key is, for the message that says a key was created. */
  secretKeyPath: string
}

/**
 * The signing key a command should use: `--key NAME`, else the default key, created unencrypted on first use.
 * An encrypted key asks for its passphrase (stdin with `--passphrase-stdin`, else a TTY prompt, else an error).
 */
export async function resolveSigningKey(stateRoot: string, options: {name?: string; passphraseStdin?: boolean}): Promise<ResolvedSigningKey> {
  let name = DEFAULT_KEY_NAME
  let created = false
  let secretKeyPath = ''
  if (options.name === undefined) {
    const ensured = ensureDefaultKey(stateRoot)
    created = ensured.created
    secretKeyPath = ensured.key.secretKeyPath
  } else {
    name = assertSafeName(options.name, 'key name')
  }

  let passphrase: string | undefined
  if (isKeyEncrypted(stateRoot, name)) {
    passphrase = await readPassphrase({
      alternatives: 'pass --passphrase-stdin (first line of stdin)',
      stdin: options.passphraseStdin,
      what: `key "${name}"`,
    })
  }

  const key = loadSigningKey(stateRoot, name, {passphrase})
  return {created, key, secretKeyPath}
}
