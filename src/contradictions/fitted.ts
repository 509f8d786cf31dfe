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
