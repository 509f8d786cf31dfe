/**
 * A gap in a catalog signal ("control … data", also written "control ... data"): up to three words may stand
 * between its two sides. Its own module so the catalog (loaded by `list`) and the featurizer share it cheaply.
 */
export const SIGNAL_GAP = '…'

/** A signal's words, lower-cased, with "..." written as the gap token. */
export function signalWords(signal: string): string[] {
  return signal
    .toLowerCase()
    .replace(/\.\.\./g, SIGNAL_GAP)
    .split(/\s+/)
}
