import {dirname, isAbsolute, resolve} from 'node:path'

import {readYamlFile} from '../shared/config.js'
import {InputError} from '../shared/errors.js'

/**
 * khaos-gates.yaml: the stage gates a change must pass before it merges, each over one piece of evidence.
 * Validated by a JSON Schema (ajv); paths are relative to the gates file, so the file works from any cwd.
 */

const GATE_KINDS = ['trials', 'notary', 'decision', 'drills', 'coverage', 'slo'] as const
export type GateKind = (typeof GATE_KINDS)[number]
export const SLO_OPERATORS = ['<', '<=', '>', '>=', '==', '!='] as const

interface GateBase {
  name: string
}
export type Gate =
  | (GateBase & {kind: 'trials'; report?: string; scan?: string; fail_on: 'critical' | 'high' | 'low' | 'medium'; only?: string[]})
  | (GateBase & {kind: 'notary'; dir: string; key: string; base?: string})
  | (GateBase & {kind: 'decision'; dir: string; id: number; status: 'accepted' | 'deprecated' | 'proposed' | 'rejected' | 'superseded'})
  | (GateBase & {kind: 'drills'; role: string; progress?: string})
  | (GateBase & {kind: 'coverage'; file: string; min: number; format?: 'cobertura' | 'lcov'})
  | (GateBase & {kind: 'slo'; file: string; metric: string; op: (typeof SLO_OPERATORS)[number]; value: number; format?: 'json' | 'prometheus'})

export interface GatesConfig {
  version: 1
  roles: Record<string, number[]>
  gates: Gate[]
  /** Directory paths in the file are relative to. */
  base: string
  file: string
}

const name = {maxLength: 200, minLength: 1, pattern: '^[^\\r\\n]+$', type: 'string'}
const path = {maxLength: 4096, minLength: 1, type: 'string'}
const gate = (kind: GateKind, properties: Record<string, unknown>, required: string[]) => ({
  additionalProperties: false,
  properties: {kind: {const: kind}, name, ...properties},
  required: ['kind', 'name', ...required],
  type: 'object',
})

const GATES_SCHEMA = {
  $id: 'urn:khaos:schema:gates:1',
  additionalProperties: false,
  properties: {
    gates: {
      items: {
        discriminator: {propertyName: 'kind'},
        oneOf: [
          gate(
            'trials',
            {
              fail_on: {enum: ['low', 'medium', 'high', 'critical']},
              only: {items: {pattern: '^F\\d{1,3}$', type: 'string'}, type: 'array'},
              report: path,
              scan: path,
            },
            [],
          ),
          gate('notary', {base: path, dir: path, key: path}, ['dir', 'key']),
          gate('decision', {dir: path, id: {minimum: 1, type: 'integer'}, status: {enum: ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded']}}, [
            'id',
          ]),
          gate('drills', {progress: path, role: {pattern: '^[A-Za-z0-9._-]{1,64}$', type: 'string'}}, ['role']),
          gate('coverage', {file: path, format: {enum: ['lcov', 'cobertura']}, min: {maximum: 100, minimum: 0, type: 'number'}}, ['file', 'min']),
          gate(
            'slo',
            {
              file: path,
              format: {enum: ['json', 'prometheus']},
              metric: {maxLength: 500, minLength: 1, type: 'string'},
              op: {enum: [...SLO_OPERATORS]},
              value: {type: 'number'},
            },
            ['file', 'metric', 'op', 'value'],
          ),
        ],
        properties: {kind: {enum: [...GATE_KINDS]}},
        required: ['kind'],
        type: 'object',
      },
      minItems: 1,
      type: 'array',
    },
    roles: {
      additionalProperties: false,
      patternProperties: {'^[A-Za-z0-9._-]{1,64}$': {items: {maximum: 999, minimum: 1, type: 'integer'}, minItems: 1, type: 'array', uniqueItems: true}},
      type: 'object',
    },
    version: {const: 1},
  },
  required: ['version', 'gates'],
  type: 'object',
} as const

export async function loadGates(file: string): Promise<GatesConfig> {
  const data = await readYamlFile(file, GATES_SCHEMA, 'gates file')
  const raw = data as {gates: Array<Record<string, unknown>>; roles?: Record<string, number[]>}
  const roles = raw.roles ?? {}
  const gates = raw.gates.map((g) => {
    if (g.kind === 'trials') {
      if ((g.report === undefined) === (g.scan === undefined))
        throw new InputError(`gates file ${file}: gate "${String(g.name)}" needs exactly one of report (a --format json report) or scan (a path to scan now)`)
      return {fail_on: 'high', ...g}
    }

    if (g.kind === 'decision') return {dir: 'dao_records', status: 'accepted', ...g}
    if (g.kind === 'drills' && !(String(g.role) in roles))
      throw new InputError(`gates file ${file}: gate "${String(g.name)}" names role ${String(g.role)}, which is not under roles`)
    return g
  }) as unknown as Gate[]
  const names = new Set<string>()
  for (const g of gates) {
    if (names.has(g.name)) throw new InputError(`gates file ${file}: two gates are named "${g.name}"; names identify gates in reports`)
    names.add(g.name)
  }

  return {base: dirname(resolve(file)), file, gates, roles, version: 1}
}

/** A path from the gates file, relative to the file's directory. */
export function fromGatesFile(config: GatesConfig, path: string): string {
  return isAbsolute(path) ? path : resolve(config.base, path)
}
