import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

import {InputError} from '../shared/errors.js'
import {readTextFile} from '../shared/input.js'
import {memoizeByContent} from '../shared/memo.js'
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

type Parse = (text: string) => unknown
type Validate = ((data: unknown) => boolean) & {errors?: Array<{instancePath: string; message?: string; params?: Record<string, unknown>}> | null}

/**
 * yaml and ajv are imported lazily, so commands that never read the catalog do not pay for them. The schema
 * is our own constant, so ajv's meta-schema validation (the costliest part of compiling) is skipped at run
 * time; test/drills/catalog.test.ts validates the schema itself with a strict ajv instead.
 */
async function tools(): Promise<{parse: Parse; validate: Validate}> {
  const [{parse}, {default: Ajv}, {drillSchema}] = await Promise.all([import('yaml'), import('ajv'), import('./schema.js')])
  const ajv = new Ajv.default({allErrors: false, strict: false, validateSchema: false})
  return {parse, validate: ajv.compile(drillSchema) as Validate}
}

function readDrillText(file: string): string {
  return readTextFile(file, {maxBytes: 1024 * 1024, what: 'drill'})
}

function loadFile(file: string, name: string, text: string, {parse, validate}: {parse: Parse; validate: Validate}): Drill {
  const match = FILE_NAME.exec(name)
  if (!match) throw new InputError(`${file}: drill files are named NN-slug.yaml (e.g. 02-ssh-audit.yaml)`)
  let data: unknown
  try {
    data = parse(text)
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(`${file}: malformed YAML: ${(error as Error).message.split('\n')[0]}`)
  }

  if (!validate(data)) {
    const first = validate.errors![0]
    const where = first.instancePath === '' ? '(top level)' : first.instancePath.slice(1).replaceAll('/', '.')
    const extra = first.params && 'additionalProperty' in first.params ? ` "${String(first.params.additionalProperty)}"` : ''
    throw new InputError(`${file}: drill field ${where}: ${first.message}${extra}`)
  }

  const spec = data as DrillSpec
  const nn = match[1]
  if (spec.id !== Number(nn)) throw new InputError(`${file}: drill field id: ${spec.id} does not match the file name (${nn})`)
  if (spec.slug !== match[2]) throw new InputError(`${file}: drill field slug: "${spec.slug}" does not match the file name (${match[2]})`)
  return {...spec, file, key: `${nn}-${spec.slug}`, nn}
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
  const files = yamlNames(root).map((name) => {
    const file = join(drillsDir(root), name)
    return {file, name, text: readDrillText(file)}
  })
  const {drillSchema} = await import('./schema.js')
  return memoizeByContent({
    async build() {
      const loaders = await tools()
      const drills: Drill[] = []
      const seen = new Map<number, string>()
      for (const {file, name, text} of files) {
        const drill = loadFile(file, name, text, loaders)
        if (seen.has(drill.id)) throw new InputError(`${drill.file}: drill id ${drill.id} is also used by ${seen.get(drill.id)}`)
        seen.set(drill.id, name)
        drills.push(drill)
      }

      return drills.sort((a, b) => a.id - b.id)
    },
    builder: import.meta.url,
    cacheDir,
    inputs: [JSON.stringify(drillSchema), root, ...files.flatMap((f) => [f.name, f.text])],
    name: 'drills',
  })
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
    const text = readDrillText(file)
    const {drillSchema} = await import('./schema.js')
    return memoizeByContent({
      build: async () => loadFile(file, name, text, await tools()),
      builder: import.meta.url,
      cacheDir,
      inputs: [JSON.stringify(drillSchema), file, text],
      name: `drill-${name.replace(/\.yaml$/, '')}`,
    })
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
