import {distance} from 'fastest-levenshtein'

/**
 * The candidate closest to a mistyped word ("lst" → "list", "synthesise" → "synthesize"), or undefined when
 * none is close enough to be a plausible typo: at most 2 edits, or a third of the word for long words.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3))
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase())
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate
      bestDistance = d
    }
  }

  return bestDistance <= limit ? best : undefined
}
