import {type KeyObject} from 'node:crypto'

import {ed25519Sign, ed25519Verify} from './ed25519.js'
import {type Minisig, type SignatureBlob, formatEmbedded, formatMinisig, parseEmbedded, parseMinisig} from './formats.js'

/** Signing material: enough to sign, with the keynum that signify/minisign check before verifying. */
export interface Signer {
  keynum: Buffer
  keyId: string
  privateKey: KeyObject
}

export interface Verifier {
  keynum: Buffer
  keyId: string
  publicKey: KeyObject
}

// ---- minisign ----------------------------------------------------------------------------------------------

/** A prehashed minisign signature ("ED": Ed25519 over BLAKE2b-512 of the file) with a signed trusted comment. */
export function signMinisigPrehashed(signer: Signer, blake2b512: Buffer, trustedComment: string): string {
  const signature = ed25519Sign(signer.privateKey, blake2b512)
  const globalSignature = ed25519Sign(signer.privateKey, Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]))
  const sig: Minisig = {algorithm: 'ED', globalSignature, keynum: signer.keynum, signature, trustedComment}
  return formatMinisig(sig, `signature from khaos key ${signer.keyId}`)
}

export type CheckOutcome = {ok: true; detail?: string} | {ok: false; reason: string}

/**
 * Verifies a minisign signature file against a file's BLAKE2b-512 (prehashed, "ED") or, for legacy "Ed"
 * signatures, its full contents (read lazily, only then). Both the signature and the trusted comment count.
 */
export function verifyMinisig(
  text: string,
  what: string,
  verifier: Verifier,
  blake2b512: Buffer,
  readContents: () => Buffer,
): CheckOutcome & {trustedComment?: string} {
  let sig: Minisig
  try {
    sig = parseMinisig(text, what)
  } catch (error) {
    return {ok: false, reason: (error as Error).message}
  }

  if (!sig.keynum.equals(verifier.keynum)) return {ok: false, reason: `signed by key ${keyIdHex(sig.keynum)}, not ${verifier.keyId}`}
  let message: Buffer
  try {
    message = sig.algorithm === 'ED' ? blake2b512 : readContents()
  } catch (error) {
    // Legacy signatures cover the whole file, which must fit in memory (Node buffers stop at a few GiB).
    return {ok: false, reason: `legacy (non-prehashed) signature, and the file cannot be loaded whole: ${(error as Error).message}`}
  }

  if (!ed25519Verify(verifier.publicKey, message, sig.signature)) return {ok: false, reason: 'signature does not match the file'}
  const global = Buffer.concat([sig.signature, Buffer.from(sig.trustedComment, 'utf8')])
  if (!ed25519Verify(verifier.publicKey, global, sig.globalSignature)) return {ok: false, reason: 'trusted comment signature is invalid'}
  return {detail: sig.algorithm === 'ED' ? 'prehashed' : 'legacy', ok: true, trustedComment: sig.trustedComment}
}

function keyIdHex(keynum: Buffer): string {
  return Buffer.from(keynum).reverse().toString('hex').toUpperCase()
}

// ---- signify embedded --------------------------------------------------------------------------------------

export function signEmbedded(signer: Signer, message: Buffer, pubName: string): Buffer {
  const sig: SignatureBlob = {algorithm: 'Ed', keynum: signer.keynum, signature: ed25519Sign(signer.privateKey, message)}
  // signify -C without -p derives the key file from "verify with X.pub"; keep that form.
  return formatEmbedded(sig, message, `verify with ${pubName}`)
}

export function verifyEmbedded(bytes: Buffer, what: string, verifier: Verifier): CheckOutcome & {message?: Buffer} {
  let parsed
  try {
    parsed = parseEmbedded(bytes, what)
  } catch (error) {
    return {ok: false, reason: (error as Error).message}
  }

  if (parsed.sig.algorithm !== 'Ed') return {message: parsed.message, ok: false, reason: 'not a signify signature (prehashed minisign form)'}
  if (!parsed.sig.keynum.equals(verifier.keynum))
    return {message: parsed.message, ok: false, reason: `signed by key ${keyIdHex(parsed.sig.keynum)}, not ${verifier.keyId}`}
  if (!ed25519Verify(verifier.publicKey, parsed.message, parsed.sig.signature))
    return {message: parsed.message, ok: false, reason: 'signature does not match its message'}
  return {message: parsed.message, ok: true}
}

// ---- DSSE --------------------------------------------------------------------------------------------------

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json'

/** DSSE pre-authentication encoding: "DSSEv1" SP len(type) SP type SP len(body) SP body (lengths in bytes). */
function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8')
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload])
}

export interface DsseEnvelope {
  payload: string
  payloadType: string
  signatures: Array<{keyid?: string; sig: string}>
}

export function signDsse(signer: Signer, payloadType: string, payload: Buffer): DsseEnvelope {
  const sig = ed25519Sign(signer.privateKey, pae(payloadType, payload))
  return {payload: payload.toString('base64'), payloadType, signatures: [{keyid: signer.keyId, sig: sig.toString('base64')}]}
}

/** Accepts the envelope when any of its signatures verifies under the key (DSSE allows several signers). */
export function verifyDsse(envelope: DsseEnvelope, verifier: Verifier): CheckOutcome {
  const payload = Buffer.from(envelope.payload, 'base64')
  const message = pae(envelope.payloadType, payload)
  for (const entry of envelope.signatures) {
    if (typeof entry?.sig !== 'string') continue
    if (ed25519Verify(verifier.publicKey, message, Buffer.from(entry.sig, 'base64'))) return {ok: true}
  }

  return {ok: false, reason: `no signature by key ${verifier.keyId}`}
}
