import {readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'

import {InputError} from './errors.js'
import {readTextFile} from './input.js'
import {memoizeByContent} from './memo.js'

/**
 * The one loader of khaos's catalogs (drills, trials, tensions): data files, one entry each, validated against a
 * JSON Schema. The listing and reading live here (no heavy import); parsing and validation live in
 * catalog-check.ts, loaded only when the content changed since the memo (shared/memo.ts) was written.
 */

export interface CatalogEntry {
  /** The file or folder name the entry is listed under (it says the entry's id). */
  name: string
  file: string
  text: string
}

export interface CatalogKind<T> {
  /** What an entry is, for messages: "drill", "trial", "tension". */
  what: string
  /** Where the catalog is read from. */
  dir: string
  /** Paths in messages are shown relative to this folder (the package root). */
  root: string
  /** One YAML file per entry (`NN-slug.yaml`), or one folder per entry holding `file` (`F02-slug/trial.yaml`). */
  layout: {files: RegExp; example: string} | {folders: RegExp; file: string; example: string}
  maxBytes: number
  schema: object
  /** The field holding the entry's id, and the id its file or folder name says: they must agree. */
  id: {field: string; fromName(match: RegExpExecArray): number | string}
  /** Other fields the name says (drills: slug). */
  alsoFromName?: Record<string, (match: RegExpExecArray) => string>
  /** Fields that must be unique across the catalog, compared case-insensitively (the id always is). */
  unique?: string[]
  /** Checks the schema cannot express; returns [field path, message] on a problem. */
  check?(value: Record<string, unknown>): [Array<number | string>, string] | undefined
  /** The loaded entry from its validated value. */
  build(value: Record<string, unknown>, entry: CatalogEntry, match: RegExpExecArray): T
  order(a: T, b: T): number
}

/** Lists and reads the entries in name order; a misnamed file or folder is one clear error. */
export function readCatalogEntries(kind: CatalogKind<unknown>): CatalogEntry[] {
  let names: string[]
  try {
    names = readdirSync(kind.dir).sort()
  } catch {
    throw new InputError(`${kind.what} catalog ${kind.dir}: no such directory (is khaos installed completely?)`, {code: 'CATALOG'})
  }

  const entries: CatalogEntry[] = []
  for (const name of names) {
    const path = join(kind.dir, name)
    if ('files' in kind.layout) {
      if (!/\.ya?ml$/.test(name)) continue
      if (!kind.layout.files.test(name)) throw new InputError(`${path}: ${kind.what} files are named like ${kind.layout.example}`, {code: 'CATALOG'})
      entries.push({file: path, name, text: readTextFile(path, {maxBytes: kind.maxBytes, what: kind.what})})
    } else {
      if (!statSync(path).isDirectory()) continue
      if (!kind.layout.folders.test(name)) throw new InputError(`${path}: ${kind.what} folders are named like ${kind.layout.example}`, {code: 'CATALOG'})
      const file = join(path, kind.layout.file)
      entries.push({file, name, text: readTextFile(file, {maxBytes: kind.maxBytes, what: kind.what})})
    }
  }

  if (entries.length === 0) throw new InputError(`${kind.what} catalog ${kind.dir}: no entries`, {code: 'CATALOG'})
  return entries
}

/**
 * Loads a catalog, memoized by content in `cacheDir` when given: a later load with the same files reads one
 * JSON file instead of importing yaml and ajv. `builder` is the caller's module URL (a new build of it is a
 * new memo).
 */
export async function loadCatalogFiles<T>(
  kind: CatalogKind<T>,
  options: {builder: string; cacheDir?: string; name: string; entries?: CatalogEntry[]},
): Promise<T[]> {
  const entries = options.entries ?? readCatalogEntries(kind)
  return memoizeByContent({
    build: async () => (await import('./catalog-check.js')).checkCatalog(kind, entries),
    builder: options.builder,
    cacheDir: options.cacheDir,
    inputs: [JSON.stringify(kind.schema), kind.dir, ...entries.flatMap((e) => [e.name, e.text])],
    name: options.name,
  })
}
