import {statSync} from 'node:fs'
import {basename} from 'node:path'

import {writeFileAtomic} from '../shared/atomic.js'
import {InputError} from '../shared/errors.js'
import {type ResolvedTime} from '../shared/time.js'
import {digestFile} from './hash.js'
import {type SigningKey} from './keys.js'
import {epochSeconds} from './notarize.js'
import {signMinisigPrehashed} from './signatures.js'

export interface SignFileResult {
  file: string
  signature: string
  keyId: string
  trustedComment: string
}

/**
 * Signs one file the way `minisign -Sm FILE` does: a prehashed Ed25519 signature of its BLAKE2b-512 with
 * minisign's trusted comment (`timestamp:… file:… hashed`), written atomically to FILE.minisig (replaced if
 * there, as minisign does). `minisign -Vm FILE -p KEY.pub` verifies it.
 */
export async function signFile(file: string, key: SigningKey, timestamp: ResolvedTime): Promise<SignFileResult> {
  let size: number
  try {
    const stats = statSync(file)
    if (!stats.isFile()) throw new InputError(`${file}: not a regular file`)
    size = stats.size
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(`${file}: no such file`)
    throw error
  }

  const digest = await digestFile(file, size, {blake2b: true})
  const trustedComment = `timestamp:${epochSeconds(timestamp.iso)}\tfile:${basename(file)}\thashed`
  const signature = `${file}.minisig`
  writeFileAtomic(signature, signMinisigPrehashed(key, digest.blake2b512!, trustedComment), {overwrite: true})
  return {file, keyId: key.keyId, signature, trustedComment}
}
