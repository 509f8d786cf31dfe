import {existsSync, statSync} from 'node:fs'
import {resolve} from 'node:path'

import {writeFilesAtomic, type PlannedWrite} from '../shared/atomic.js'
import {InputError} from '../shared/errors.js'
import {assertValidOutput} from './create.js'
import {shownPath} from './paths.js'
import {type ContradictionResolved, type DecisionRecord, type OpenContradiction, SCHEMA_VERSION, schemaVersionOf} from './schema.js'
import {serializeRecord} from './serialize.js'
import {scanRecords, withFolderLock} from './store.js'
import {formatIssue} from './validate.js'

/**
 * Schema 1 → schema 2. Nothing a person wrote is rewritten: context, decision, consequences, links and x- keys
 * stay as they are. A contradiction listed without a resolution was never resolved, so it moves to
 * open_contradictions, saying honestly that schema 1 kept no quotes for it; one with a resolution stays in
 * contradictions_resolved. The MADR lists start empty and the status history starts now.
 */
export function migrateRecord(record: DecisionRecord): DecisionRecord {
  if (schemaVersionOf(record) >= SCHEMA_VERSION) return record
  const resolved: ContradictionResolved[] = []
  const open: OpenContradiction[] = []
  for (const item of record.contradictions_resolved ?? []) {
    if (typeof item.resolution === 'string' && item.resolution.trim() !== '') {
      resolved.push(item)
      continue
    }

    const tension = item.tension ? ` The record named catalog tension ${item.tension}.` : ''
    open.push({
      claims: [],
      explanation: `Listed by a schema 1 record without a resolution; schema 1 kept no quotes or explanation for it (the session's analysis.json has them).${tension}`,
      id: item.id,
      ...(item.kind ? {kind: item.kind} : {}),
    })
  }

  return {
    ...record,
    considered_options: [],
    contradictions_resolved: resolved,
    decision_drivers: [],
    open_contradictions: open,
    schema_version: SCHEMA_VERSION,
    status_history: [],
  }
}

export interface MigrationEntry {
  file: string
  id: number
}

export interface MigrationReport {
  dir: string
  dryRun: boolean
  /** Decision records upgraded (or, with dryRun, that would be). */
  migrated: MigrationEntry[]
  /** Decision records already at the current schema. */
  current: MigrationEntry[]
  /** Organization profiles: their schema did not change. */
  untouched: MigrationEntry[]
}

/**
 * Upgrades every schema-1 decision record of a folder, all in one atomic step under the folder's lock: either
 * every file is rewritten or none is. A folder holding an invalid record file is refused before anything is
 * written (fix it first: `khaos dao validate DIR`), and so is a record that schema 2 cannot hold as it is.
 */
export function migrateFolder(dir: string, options: {dryRun?: boolean} = {}): MigrationReport {
  const path = resolve(dir)
  if (!existsSync(path)) throw new InputError(`records folder ${dir}: no such directory`, {code: 'ENOENT'})
  if (!statSync(path).isDirectory()) throw new InputError(`records folder ${dir}: not a directory`)
  const plan = (): {report: MigrationReport; writes: PlannedWrite[]} => {
    const report: MigrationReport = {current: [], dir: path, dryRun: Boolean(options.dryRun), migrated: [], untouched: []}
    const writes: PlannedWrite[] = []
    const entries = scanRecords(path)
    const bad = entries.filter((e) => !e.valid)
    if (bad.length > 0) {
      const first = bad[0]
      const why = first.unreadable ?? (first.issues[0] ? formatIssue({...first.issues[0], file: shownPath(first.issues[0].file)}) : 'invalid')
      throw new InputError(`cannot migrate ${shownPath(path)}: ${bad.length} invalid record file(s), e.g. ${why}; nothing was written`, {
        code: 'INVALID_RECORD',
        hint: `khaos dao validate ${shownPath(path)}`,
      })
    }

    for (const entry of entries) {
      const record = entry.record!
      const item = {file: entry.file, id: record.id}
      if (record.record_type !== 'decision') {
        report.untouched.push(item)
        continue
      }

      if (schemaVersionOf(record) >= SCHEMA_VERSION) {
        report.current.push(item)
        continue
      }

      if (record.status === 'accepted' && (record.decision === null || record.decision.trim() === '')) {
        throw new InputError(
          `cannot migrate ${shownPath(entry.file)}: record ${record.id} is accepted but says no decision (schema 2 requires one); nothing was written`,
          {
            hint: `write its decision into the file (decision: ...), then run khaos dao migrate again`,
          },
        )
      }

      const yaml = serializeRecord(migrateRecord(record))
      assertValidOutput(yaml, entry.file)
      writes.push({data: yaml, overwrite: true, path: entry.file})
      report.migrated.push(item)
    }

    return {report, writes}
  }

  if (options.dryRun) return plan().report
  return withFolderLock(path, () => {
    const {report, writes} = plan()
    if (writes.length > 0) writeFilesAtomic(writes)
    return report
  })
}
