import type {ValidateFunction} from 'ajv/dist/2020.js'
import {relative} from 'node:path'

import type {CatalogEntry, CatalogKind} from './catalog.js'
import {InputError} from './errors.js'
import {compileSchema, fieldName, formatIssue, parseYamlText, positionOf, schemaErrors, type YamlIssue} from './yaml-check.js'

const compiled = new WeakMap<object, ValidateFunction>()

/**
 * Parses and validates every entry: YAML syntax, the schema, the id against the file or folder name, the kind's
 * own checks, unique ids and fields; then sorts. The first problem is one InputError `file:line:col field: message`,
 * naming how many more there are.
 */
export function checkCatalog<T>(kind: CatalogKind<T>, entries: CatalogEntry[]): T[] {
  let validate = compiled.get(kind.schema)
  if (!validate) compiled.set(kind.schema, (validate = compileSchema(kind.schema)))
  const issues: YamlIssue[] = []
  const loaded: T[] = []
  const seen = new Map<string, string>()
  for (const entry of entries) {
    const shown = relative(kind.root, entry.file) || entry.file
    const parsedResult = parseYamlText(entry.text, shown)
    const {parsed} = parsedResult
    if (!parsed) {
      issues.push(...parsedResult.issues)
      continue
    }

    const value = parsed.value as Record<string, unknown>
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      issues.push({col: 1, field: `(${kind.what})`, file: shown, line: 1, message: 'must be a YAML mapping (key: value)'})
      continue
    }

    const found = schemaErrors(parsed, shown, validate, `(${kind.what})`)
    if (found.length > 0) {
      issues.push(...found)
      continue
    }

    const at = (segments: Array<number | string>, message: string) =>
      issues.push({...positionOf(parsed, segments), field: fieldName(segments, `(${kind.what})`), file: shown, message})
    const match = ('files' in kind.layout ? kind.layout.files : kind.layout.folders).exec(entry.name)!
    const id = kind.id.fromName(match)
    if (value[kind.id.field] !== id) {
      at([kind.id.field], `${JSON.stringify(value[kind.id.field])} does not match the ${'files' in kind.layout ? 'file' : 'folder'} name ${entry.name}`)
      continue
    }

    const mismatch = Object.entries(kind.alsoFromName ?? {}).find(([field, from]) => value[field] !== from(match))
    if (mismatch) {
      at([mismatch[0]], `${JSON.stringify(value[mismatch[0]])} does not match the name ${entry.name}`)
      continue
    }

    const problem = kind.check?.(value)
    if (problem) {
      at(...problem)
      continue
    }

    let duplicate = false
    for (const field of [kind.id.field, ...(kind.unique ?? [])]) {
      const key = `${field}\0${String(value[field]).toLowerCase()}`
      const first = seen.get(key)
      if (first) {
        at([field], `${JSON.stringify(value[field])} is also used by ${first}`)
        duplicate = true
      } else {
        seen.set(key, shown)
      }
    }

    if (!duplicate) loaded.push(kind.build(value, entry, match))
  }

  if (issues.length > 0) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
    throw new InputError(`${kind.what} catalog: ${formatIssue(issues[0])}${more}`, {code: 'CATALOG'})
  }

  return loaded.sort(kind.order)
}
