import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {writeFileAtomic} from './atomic.js'

/** Where khaos keeps results it can always rebuild: `<state root>/cache`. */
export function cacheDirOf(stateRoot: string): string {
  return join(stateRoot, 'cache')
}

export interface ContentMemo<T> {
  /** The cache folder (cacheDirOf); undefined: no memo, build every time. */
  cacheDir: string | undefined
  /** One file per name (`memo-<name>.json`), replaced when the content changes: the cache never grows. */
  name: string
  /** Everything the result depends on (file names, texts, schemas), in a stable order. */
  inputs: string[]
  /** The module that builds the result (its import.meta.url): its own text is part of the key, so new code is a new key. */
  builder: string
  build: () => Promise<T>
}

/**
 * A result memoized by the content it is built from. Catalog commands (`trial list`, `drill list`) spend most
 * of their start-up importing yaml and ajv and validating files that rarely change; with the memo they read one
 * JSON file. The key is a SHA-256 over the inputs and the builder's source, so any edit to a catalog file, a
 * schema or the loader rebuilds it; a damaged or foreign memo is ignored; a read-only state root only costs speed.
 */
export async function memoizeByContent<T>(memo: ContentMemo<T>): Promise<T> {
  if (!memo.cacheDir) return memo.build()
  const hash = createHash('sha256')
  hash.update(readFileSync(fileURLToPath(memo.builder)))
  for (const input of memo.inputs) hash.update('\0').update(input)
  const key = hash.digest('hex')
  const file = join(memo.cacheDir, `memo-${memo.name}.json`)
  if (existsSync(file)) {
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as {key?: unknown; value?: T}
      if (stored.key === key && stored.value !== undefined) return stored.value
    } catch {
      // Rebuilt below.
    }
  }

  const value = await memo.build()
  try {
    mkdirSync(memo.cacheDir, {mode: 0o700, recursive: true})
    writeFileAtomic(file, JSON.stringify({key, value}), {overwrite: true})
  } catch {
    // A read-only or full state root only costs speed.
  }

  return value
}
