import {readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'

import {KhaosError} from '../shared/errors.js'
import {readTextFile} from '../shared/input.js'
import {memoizeByContent} from '../shared/memo.js'
import {FIX_KINDS} from './fix/kinds.js'
import {FAMILIES, SEVERITIES, type TrialSpec} from './types.js'

/** Id shapes of other tools' rules: compose-lint CL-0001, KICS query UUIDs, hadolint DL3006, zizmor and gitleaks kebab-case. */
const REFERENCE_ID_SHAPES: Record<string, string> = {
  'compose-lint': '^CL-[0-9]{4}$',
  gitleaks: '^[a-z0-9]+(-[a-z0-9]+)*$',
  hadolint: '^(DL|SC)[0-9]{4}$',
  KICS: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  zizmor: '^[a-z]+(-[a-z]+)*$',
}

/** JSON Schema of `trials/Fnn-slug/trial.yaml`. */
const TRIAL_SCHEMA = {
  $id: 'https://khaos.dev/schemas/trial.json',
  additionalProperties: false,
  properties: {
    family: {enum: Object.keys(FAMILIES)},
    fixtures: {
      additionalProperties: false,
      properties: {
        expect: {
          items: {
            additionalProperties: false,
            properties: {file: {minLength: 1, type: 'string'}, line: {minimum: 1, type: 'integer'}},
            required: ['file', 'line'],
            type: 'object',
          },
          minItems: 1,
          type: 'array',
        },
        git: {enum: ['add', 'commit']},
      },
      required: ['expect'],
      type: 'object',
    },
    fix: {items: {enum: Object.keys(FIX_KINDS)}, type: 'array', uniqueItems: true},
    id: {pattern: '^F[1-9][0-9]?$', type: 'string'},
    rationale: {minLength: 20, type: 'string'},
    references: {
      items: {
        additionalProperties: false,
        properties: {
          id: {minLength: 1, type: 'string'},
          title: {type: 'string'},
          tool: {minLength: 1, type: 'string'},
          url: {pattern: '^https://', type: 'string'},
        },
        required: ['tool', 'id'],
        type: 'object',
        // The real id shapes of the tools users compare with, so a made-up or mistyped id fails the catalog load.
        allOf: Object.entries(REFERENCE_ID_SHAPES).map(([tool, pattern]) => ({
          if: {properties: {tool: {const: tool}}},
          then: {properties: {id: {pattern, type: 'string'}}},
        })),
      },
      type: 'array',
    },
    remediation: {minLength: 10, type: 'string'},
    severity: {enum: [...SEVERITIES]},
    simulate: {
      additionalProperties: false,
      properties: {service: {type: 'object'}},
      type: 'object',
    },
    title: {maxLength: 100, minLength: 5, type: 'string'},
    without_git: {maxLength: 200, minLength: 10, type: 'string'},
  },
  required: ['id', 'family', 'title', 'severity', 'rationale', 'remediation', 'references', 'fixtures'],
  type: 'object',
} as const

const FOLDER = /^F(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/

/**
 * Loads and validates every trial under `<packageRoot>/trials`, sorted by number. Errors name file and
 * field. With a cache folder the validated catalog is memoized by content (shared/memo.ts), so `trial list`
 * reads one JSON file instead of importing yaml and ajv.
 */
export async function loadTrialSpecs(packageRoot: string, cacheDir?: string): Promise<TrialSpec[]> {
  const base = join(packageRoot, 'trials')
  let entries: string[]
  try {
    entries = readdirSync(base).sort()
  } catch {
    throw new KhaosError(`trial catalog ${base} not found (is khaos installed completely?)`)
  }

  const folders: Array<{dir: string; name: string; text: string}> = []
  for (const name of entries) {
    const dir = join(base, name)
    if (!statSync(dir).isDirectory()) continue
    if (!FOLDER.test(name)) throw new KhaosError(`trial folder ${dir}: name must look like F02-runtime-socket`)
    folders.push({dir, name, text: readTextFile(join(dir, 'trial.yaml'), {maxBytes: 256 * 1024, what: 'trial'})})
  }

  return memoizeByContent({
    build: () => validateTrialSpecs(base, folders),
    builder: import.meta.url,
    cacheDir,
    inputs: [JSON.stringify(TRIAL_SCHEMA), base, ...folders.flatMap((f) => [f.name, f.text])],
    name: 'trials',
  })
}

async function validateTrialSpecs(base: string, folders: Array<{dir: string; name: string; text: string}>): Promise<TrialSpec[]> {
  const [{parse}, ajvModule] = await Promise.all([import('yaml'), import('ajv')])
  // ajv is CommonJS: under Node's ESM loader its class is `default` (or `default.default` through tsx).
  type AjvCtor = typeof import('ajv').Ajv
  const mod = ajvModule as unknown as {default: AjvCtor & {default?: AjvCtor}}
  const AjvClass: AjvCtor = mod.default.default ?? mod.default
  const validate = new AjvClass({allErrors: true}).compile(TRIAL_SCHEMA)
  const specs: TrialSpec[] = []
  for (const {dir, name, text} of folders) {
    const m = FOLDER.exec(name)!
    const file = join(dir, 'trial.yaml')
    let data: unknown
    try {
      data = parse(text)
    } catch (error) {
      throw new KhaosError(`trial ${file}: ${(error as Error).message.split('\n')[0]}`)
    }

    if (!validate(data)) {
      const e = validate.errors![0]
      throw new KhaosError(
        `trial ${file}: field ${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''}`,
      )
    }

    const spec = data as Omit<TrialSpec, 'dir' | 'number' | 'slug'>
    if (Number(spec.id.slice(1)) !== Number(m[1])) throw new KhaosError(`trial ${file}: field /id ${spec.id} does not match folder ${name}`)
    specs.push({...spec, dir, number: Number(m[1]), slug: m[2]})
  }

  const seen = new Set<string>()
  for (const s of specs) {
    if (seen.has(s.id)) throw new KhaosError(`trial ${s.id} is defined twice in ${base}`)
    seen.add(s.id)
  }

  return specs.sort((a, b) => a.number - b.number)
}
