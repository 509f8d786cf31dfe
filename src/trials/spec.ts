import {join} from 'node:path'

import {loadCatalogFiles} from '../shared/catalog.js'
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
  return loadCatalogFiles<TrialSpec>(
    {
      build: (value, entry, match) => ({
        ...(value as unknown as Omit<TrialSpec, 'dir' | 'number' | 'slug'>),
        dir: join(base, entry.name),
        number: Number(match[1]),
        slug: match[2],
      }),
      dir: base,
      id: {field: 'id', fromName: (match) => `F${Number(match[1])}`},
      layout: {example: 'F02-runtime-socket', file: 'trial.yaml', folders: FOLDER},
      maxBytes: 256 * 1024,
      order: (a, b) => a.number - b.number,
      root: packageRoot,
      schema: TRIAL_SCHEMA,
      what: 'trial',
    },
    {builder: import.meta.url, cacheDir, name: 'trials'},
  )
}
