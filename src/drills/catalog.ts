import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

import {InputError} from '../shared/errors.js'
import {readTextFile} from '../shared/input.js'
import {type CatalogKind, loadCatalogFiles} from '../shared/catalog.js'
import type {DrillSpec} from './schema.js'
import type {DrillModule} from './types.js'

/** A drill as loaded: its YAML spec plus where it came from. The module is loaded only when needed. */
export interface Drill extends DrillSpec {
  /** `NN-slug`, the YAML base name and the module's base name. */
  key: string
  /** Two-digit id as shown to users: "02". */
  nn: string
  file: string
}

const FILE_NAME = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$/

function drillsDir(root: string): string {
  return join(root, 'drills')
}

/** The drill catalog for the shared loader (shared/catalog.ts): `drills/NN-slug.yaml`, id and slug as named. */
async function drillKind(root: string): Promise<CatalogKind<Drill>> {
  const {drillSchema} = await import('./schema.js')
  return {
    build: (value, entry, match) => ({...(value as unknown as DrillSpec), file: entry.file, key: `${match[1]}-${match[2]}`, nn: match[1]}),
    dir: drillsDir(root),
    id: {field: 'id', fromName: (match) => Number(match[1])},
    alsoFromName: {slug: (match) => match[2]},
    layout: {example: '02-ssh-audit.yaml', files: FILE_NAME},
    maxBytes: 1024 * 1024,
    order: (a, b) => a.id - b.id,
    root,
    schema: drillSchema,
    what: 'drill',
  }
}

function yamlNames(root: string): string[] {
  const dir = drillsDir(root)
  if (!existsSync(dir)) throw new InputError(`drill catalog ${dir}: no such directory`)
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
}

/**
 * Loads and validates every `drills/NN-slug.yaml` under the package root. Errors name the file and field.
 * With a cache folder the validated catalog is memoized by content (shared/memo.ts): later loads read one
 * JSON file instead of importing yaml and ajv, the largest part of `drill list`'s start-up.
 */
export async function loadCatalog(root: string, cacheDir?: string): Promise<Drill[]> {
  return loadCatalogFiles(await drillKind(root), {builder: import.meta.url, cacheDir, name: 'drills'})
}

/**
 * Loads just the drill `ref` names (id or slug): one YAML instead of the whole catalog, which keeps `check`
 * fast (memoized by content like the catalog). Falls back to the whole catalog for the error message (or an
 * ambiguous name).
 */
export async function loadDrill(root: string, ref: string, cacheDir?: string): Promise<Drill> {
  const trimmed = ref.trim()
  const names = yamlNames(root)
  const candidates = /^\d{1,2}$/.test(trimmed)
    ? names.filter((n) => n.startsWith(`${trimmed.padStart(2, '0')}-`))
    : names.filter((n) => n === `${trimmed}.yaml` || n.slice(3) === `${trimmed}.yaml`)
  if (candidates.length === 1) {
    const [name] = candidates
    const file = join(drillsDir(root), name)
    const entries = [{file, name, text: readTextFile(file, {maxBytes: 1024 * 1024, what: 'drill'})}]
    const [drill] = await loadCatalogFiles(await drillKind(root), {builder: import.meta.url, cacheDir, entries, name: `drill-${name.replace(/\.yaml$/, '')}`})
    return drill
  }

  return findDrill(await loadCatalog(root, cacheDir), trimmed)
}

/** Finds a drill by id ("2", "02") or slug; a clear exit-2 error otherwise. */
export function findDrill(drills: Drill[], ref: string): Drill {
  const trimmed = ref.trim()
  const byId = /^\d{1,2}$/.test(trimmed) ? drills.find((d) => d.id === Number(trimmed)) : undefined
  const found = byId ?? drills.find((d) => d.slug === trimmed || d.key === trimmed)
  if (!found) {
    const shown = JSON.stringify(trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed)
    throw new InputError(`no drill ${shown}: run \`khaos drill list\` (ids ${drills.map((d) => d.id).join(', ') || 'none'})`)
  }

  return found
}

/**
 * The registry: a drill's module is found by convention at `<dist or src>/drills/modules/<NN-slug>.js`, so
 * adding a drill never edits a shared list. The module is checked to implement DrillModule.
 */
export async function loadModule(drill: Drill): Promise<DrillModule> {
  const url = new URL(`./modules/${drill.key}.js`, import.meta.url)
  let loaded: {default?: DrillModule}
  try {
    loaded = (await import(url.href)) as {default?: DrillModule}
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(drill.key)) {
      throw new InputError(`drill ${drill.nn} (${drill.file}) has no module src/drills/modules/${drill.key}.ts`)
    }

    throw error
  }

  const module = loaded.default
  if (!module || typeof module.generate !== 'function' || (module.live !== undefined && typeof module.live !== 'function')) {
    throw new InputError(`drill module ${drill.key}: default export must be {generate(seed), live?(context)}`)
  }

  return module
}
