// The notary core: keys, notarize, verify. Plain TypeScript, callable without oclif.
export {blake2b} from './blake2b.js'
export {base32Lower, digestFile, rawCid} from './hash.js'
export type {FileDigest} from './hash.js'
export {keyIdOf, parsePublicKey, scryptParams} from './formats.js'
export {
  DEFAULT_KEY_NAME,
  ensureDefaultKey,
  generateKey,
  isKeyEncrypted,
  keyInfo,
  keyPaths,
  keysDir,
  listKeys,
  loadSigningKey,
  readPublicKeyFile,
} from './keys.js'
export type {GenerateOptions, KeyInfo, SigningKey} from './keys.js'
export * from './layout.js'
export {notarize} from './notarize.js'
export type {NotarizeOptions, NotarizeResult, NotarizedSubject} from './notarize.js'
export {verifyNotary} from './verify.js'
export type {VerifyCheck, VerifyOptions, VerifyReport} from './verify.js'
export {readPassphrase} from './passphrase.js'
export {resolveSigningKey, type ResolvedSigningKey} from './signing-key.js'
