/*
 * The evidence of a choice where one side picks an option over the one the other side picks:
 * '"wasmtime" over "v8" vs "v8"' (compareChoices). Read by the explanation and by the map's open question.
 */

/** Verbs the tagger may keep with the option picked ("use bundlewatch"): not part of the option's name. */
export const PICKING_VERBS: ReadonlySet<string> = new Set(['adopt', 'choose', 'keep', 'pick', 'prefer', 'use'])

const PICKED_OVER = /^"([^"]+)" over "([^"]+)" vs "\2"$/

/** The option picked and the one it is picked over, or undefined for any other evidence. */
export function pickedOver(evidence: string): {chosen: string; rejected: string} | undefined {
  const match = PICKED_OVER.exec(evidence)
  if (!match) return undefined
  const words = match[1].split(' ')
  const chosen = words.length > 1 && PICKING_VERBS.has(words[0]) ? words.slice(1).join(' ') : match[1]
  return {chosen, rejected: match[2]}
}
