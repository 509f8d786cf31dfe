import {existsSync} from 'node:fs'

import {KhaosError} from '../shared/errors.js'
import {assertSafeName} from '../shared/names.js'
import {canPrompt} from '../shared/output.js'
import {DEFAULT_KEY_NAME, ensureDefaultKey, generateKey, isKeyEncrypted, keyPaths, loadSigningKey, type SigningKey} from './keys.js'
import {readPassphrase} from './passphrase.js'

export interface ResolvedSigningKey {
  key: SigningKey
  /** True when this call created the default key (a fresh machine's first signing run). */
  created: boolean
  /** Where the secret key is, for the message that says a key was created. */
  secretKeyPath: string
  /** Whether the key is passphrase-protected (the message about a created key says which). */
  encrypted: boolean
}

/**
 * The signing key a command should use: `--key NAME`, else the default key. On first use the default key is
 * created: on a terminal only after asking (with a passphrase, unencrypted, or cancel); without one (CI) it is
 * created unencrypted and the caller says so. An encrypted key asks for its passphrase (stdin with
 * `--passphrase-stdin`, else a TTY prompt, else an error).
 */
export async function resolveSigningKey(stateRoot: string, options: {name?: string; passphraseStdin?: boolean}): Promise<ResolvedSigningKey> {
  let name = DEFAULT_KEY_NAME
  let created = false
  let secretKeyPath = ''
  let passphrase: string | undefined
  if (options.name === undefined && !options.passphraseStdin && canPrompt() && !existsSync(keyPaths(stateRoot, DEFAULT_KEY_NAME).sec)) {
    passphrase = await askToCreateDefaultKey(stateRoot)
    created = true
    secretKeyPath = keyPaths(stateRoot, DEFAULT_KEY_NAME).sec
  } else if (options.name === undefined) {
    const ensured = ensureDefaultKey(stateRoot)
    created = ensured.created
    secretKeyPath = ensured.key.secretKeyPath
  } else {
    name = assertSafeName(options.name, 'key name')
  }

  if (passphrase === undefined && isKeyEncrypted(stateRoot, name)) {
    passphrase = await readPassphrase({
      alternatives: 'pass --passphrase-stdin (first line of stdin)',
      stdin: options.passphraseStdin,
      what: `key "${name}"`,
    })
  }

  const key = loadSigningKey(stateRoot, name, {passphrase})
  return {created, encrypted: passphrase !== undefined, key, secretKeyPath}
}

/** Asks on the terminal how to create the default key, creates it; returns its passphrase (undefined: unencrypted). */
async function askToCreateDefaultKey(stateRoot: string): Promise<string | undefined> {
  const {sec} = keyPaths(stateRoot, DEFAULT_KEY_NAME)
  // Loaded only here: the prompt library is heavy and most runs never ask.
  const {select} = await import('@inquirer/prompts')
  let choice: 'cancel' | 'passphrase' | 'plain'
  try {
    choice = await select({
      choices: [
        {name: 'with a passphrase (asked again each time it signs)', value: 'passphrase' as const},
        {name: 'unencrypted (anyone who can read the file can sign as you)', value: 'plain' as const},
        {name: 'cancel (sign nothing: run again with --no-sign, or khaos keys generate first)', value: 'cancel' as const},
      ],
      message: `No signing key yet. Create key "${DEFAULT_KEY_NAME}" in ${sec}`,
    })
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError') throw new KhaosError('cancelled at the key prompt', {code: 'CANCELLED', exitCode: 130})
    throw error
  }

  if (choice === 'cancel')
    throw new KhaosError('no signing key created; run again with --no-sign, or create one first: khaos keys generate', {code: 'NO_KEY', exitCode: 2})
  const passphrase =
    choice === 'passphrase'
      ? await readPassphrase({alternatives: 'create it with: khaos keys generate', confirm: true, what: `the new key "${DEFAULT_KEY_NAME}"`})
      : undefined
  generateKey(stateRoot, {name: DEFAULT_KEY_NAME, passphrase})
  return passphrase
}
