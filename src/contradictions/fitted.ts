import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

/*
 * Models fitted by scripts on the tune half and committed under catalog/ (tension-model.json, calibration-words.json):
 * read once per root; an absent file leaves its refinement off.
 */
const cache = new Map<string, unknown>()

export function loadFitted<T>(root: string, name: string): T | undefined {
  const file = join(root, 'catalog', name)
  if (!cache.has(file)) cache.set(file, existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined)
  return cache.get(file) as T | undefined
}
