/**
 * The notary directory, one file per claim so that tools nobody here wrote can check each one:
 *
 *   statement.json        in-toto Statement v1, RFC 8785 canonical JSON (byte-identical to the DSSE payload)
 *   statement.dsse.json   DSSE envelope signing statement.json (payloadType application/vnd.in-toto+json)
 *   SHA256                `sha256sum --tag` manifest, names relative to the base directory
 *   SHA256.sig            signify embedded signature of SHA256 (`signify-openbsd -C -p khaos.pub -x SHA256.sig`)
 *   minisig/NAME.minisig  prehashed minisign signature per artifact (`minisign -Vm FILE -x … -p khaos.pub`)
 *   khaos.pub             the signer's public key, for convenience only: pin trust with `verify --key`
 *   notary.json           UNSIGNED locator: where the base directory is relative to this directory
 *   anchors/              UNSIGNED, reserved: later timestamp proofs (OpenTimestamps, RFC 3161) over statement.json
 */
export const STATEMENT = 'statement.json'
export const ENVELOPE = 'statement.dsse.json'
export const MANIFEST = 'SHA256'
export const MANIFEST_SIG = 'SHA256.sig'
export const PUBLIC_KEY = 'khaos.pub'
export const LOCATOR = 'notary.json'
export const MINISIG_DIR = 'minisig'
export const ANCHORS_DIR = 'anchors'
export const NOTARY_FORMAT = 'khaos-notary/1'

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1'
export const PREDICATE_TYPE = 'urn:khaos:notary:v1'

export function minisigPath(name: string): string {
  return `${MINISIG_DIR}/${name}.minisig`
}

/** One `sha256sum --tag` line; signify -C parses exactly this shape. */
export function manifestLine(name: string, sha256Hex: string): string {
  return `SHA256 (${name}) = ${sha256Hex}\n`
}

/** Parses a manifest; lines signify could not parse are errors, not skipped. */
export function parseManifest(text: string): {entries: Map<string, string>; errors: string[]} {
  const entries = new Map<string, string>()
  const errors: string[] = []
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  for (const [index, line] of lines.entries()) {
    const match = /^SHA256 \((.+)\) = ([0-9a-f]{64})$/.exec(line)
    if (!match) errors.push(`${MANIFEST} line ${index + 1} is not a "SHA256 (name) = hex" line`)
    else if (entries.has(match[1])) errors.push(`${MANIFEST} lists ${match[1]} twice`)
    else entries.set(match[1], match[2])
  }

  return {entries, errors}
}

/**
 * Subject names travel through the SHA256 manifest, which signify reads with a whitespace-delimited scanner
 * and sha256sum escapes; so a name may not contain whitespace, control characters or backslashes.
 */
export function checkSubjectName(name: string): string | undefined {
  if (/[\s\\\u0000-\u001f\u007f]/u.test(name))
    return 'whitespace, control characters and backslashes cannot be carried by the SHA256 manifest (signify and sha256sum --tag)'
  if (name.length > 1000) return 'names over 1000 characters are too long for signify'
  return undefined
}
