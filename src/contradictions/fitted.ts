import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {InputError} from '../shared/errors.js'

/*
 * Models fitted by scripts on the tune half and committed under catalog/ (tension-model.json, calibration-words.json):
 * read once per root; an absent file leaves its refinement off, a damaged one is one clear error.
 */
const cache = new Map<string, unknown>()

export function loadFitted<T>(root: string, name: string): T | undefined {
  const file = join(root, 'catalog', name)
  if (!cache.has(file)) {
    let value: unknown
    if (existsSync(file)) {
      try {
        value = JSON.parse(readFileSync(file, 'utf8'))
      } catch (error) {
        throw new InputError(`catalog/${name}: not valid JSON (${(error as Error).message}); restore it from the package`)
      }

      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`catalog/${name}: expected a JSON object`)
    }

    cache.set(file, value)
  }

  return cache.get(file) as T | undefined
}

/** A fitted weight or a confidence as the committed files keep it: to two places (small enough to review in a diff). */
export const toHundredths = (x: number): number => Math.round(x * 100) / 100

/**
 * The tokens a sparse model is fitted over: those in at least `minRows` of the rows (a meeting's one-off names say
 * nothing of other meetings), in code-unit order so that a fit does not depend on the order rows arrive in; and each
 * row as the indexes of its kept tokens.
 */
export function sparseRows(rows: Iterable<string>[], minRows: number): {vocabulary: string[]; active: number[][]} {
  const seen = new Map<string, number>()
  const sets = rows.map((row) => new Set(row))
  for (const row of sets) for (const token of row) seen.set(token, (seen.get(token) ?? 0) + 1)
  const vocabulary = [...seen]
    .filter(([, n]) => n >= minRows)
    .map(([token]) => token)
    .sort()
  const index = new Map(vocabulary.map((token, k) => [token, k]))
  return {active: sets.map((row) => [...row].flatMap((token) => (index.has(token) ? [index.get(token)!] : []))), vocabulary}
}
