import {userInfo} from 'node:os'
import {resolve} from 'node:path'

import {writeFilesAtomic} from '../shared/atomic.js'
import {InputError} from '../shared/errors.js'
import {assertValidOutput} from './create.js'
import {migrateRecord} from './migrate.js'
import {type DecisionRecord, type RecordStatus, schemaVersionOf, type StatusChange} from './schema.js'
import {serializeRecord} from './serialize.js'
import {findRecordById, withFolderLock} from './store.js'

/**
 * The status lifecycle of a decision record, after MADR and adr-tools: a proposal is accepted or rejected; an
 * accepted decision may later be deprecated; superseding is done by a new record (`dao record --supersedes`).
 * A status change keeps the record's id, file and participants, and appends to its status_history.
 */
export const STATUS_TRANSITIONS: Readonly<Record<RecordStatus, readonly RecordStatus[]>> = {
  accepted: ['deprecated'],
  deprecated: [],
  proposed: ['accepted', 'rejected'],
  rejected: [],
  superseded: [],
}

export type StatusVerb = 'accept' | 'deprecate' | 'reject'
export const STATUS_OF_VERB: Readonly<Record<StatusVerb, RecordStatus>> = {accept: 'accepted', deprecate: 'deprecated', reject: 'rejected'}

export interface StatusChangeOptions {
  /** Who makes the change (the CLI's --by, else the OS user name). */
  by: string
  /** ISO 8601 UTC (resolveTimestamp). */
  at: string
  /** The outcome, set on acceptance (required then, unless the record already says it). */
  decision?: string
  /** Why, in a sentence: kept in the history entry. */
  note?: string
}

export interface StatusChangeResult {
  path: string
  record: DecisionRecord
  change: StatusChange
  /** The record was schema 1 and was upgraded to the current schema to hold its history. */
  migrated: boolean
  yaml: string
}

function oneLine(value: string, what: string): string {
  const trimmed = value.trim()
  if (trimmed === '') throw new InputError(`${what} is empty`)
  if (/[\r\n]/.test(trimmed)) throw new InputError(`${what} must be one line`)
  return trimmed
}

/** Who is changing a status when no --by is given: the OS account name (no git, no network). */
export function defaultActor(env: NodeJS.ProcessEnv = process.env): string {
  let name: string | undefined
  try {
    name = userInfo().username
  } catch {
    name = env.USER ?? env.LOGNAME
  }

  if (!name || name.trim() === '') throw new InputError('cannot tell who you are (no user name for this account); pass --by NAME')
  return name.trim()
}

/** Applies one status change to record `id` of `dir`, atomically, under the folder's lock. */
export function changeStatus(dir: string, id: number, to: RecordStatus, options: StatusChangeOptions): StatusChangeResult {
  const by = oneLine(options.by, '--by')
  if ([...by].length > 200) throw new InputError('--by is over 200 characters')
  const note = options.note === undefined ? undefined : oneLine(options.note, '--note')
  const decision = options.decision === undefined ? undefined : options.decision.trim()
  if (decision !== undefined && decision === '') throw new InputError('--decision is empty')
  if (decision !== undefined && to !== 'accepted')
    throw new InputError('--decision goes with accept (the outcome that is accepted); say why with --note instead')
  return withFolderLock(dir, () => {
    const found = findRecordById(dir, id)
    if (found.record.record_type !== 'decision') throw new InputError(`record ${id} is the organization profile; it has no status`)
    const current = found.record
    const from = current.status
    if (from === to) throw new InputError(`record ${id} is already ${to}`, {code: 'ILLEGAL_TRANSITION'})
    if (!STATUS_TRANSITIONS[from].includes(to)) {
      const allowed = STATUS_TRANSITIONS[from]
      const how =
        from === 'superseded'
          ? `it was replaced by record ${current.superseded_by}`
          : allowed.length === 0
            ? `${from} is final`
            : `from ${from} it can only become ${allowed.join(' or ')}`
      throw new InputError(`record ${id} cannot go from ${from} to ${to}: ${how}`, {
        code: 'ILLEGAL_TRANSITION',
        hint: from === 'accepted' || from === 'deprecated' ? 'to change a decision, write a new record with khaos dao record --supersedes ' + id : undefined,
      })
    }

    const outcome = decision ?? current.decision
    if (to === 'accepted' && (outcome === null || outcome.trim() === '')) {
      throw new InputError(`record ${id} says no decision yet (to be decided); accept it with --decision "what was decided"`, {code: 'NO_DECISION'})
    }

    const migrated = schemaVersionOf(current) < 2
    const base = migrateRecord(current)
    const change: StatusChange = {at: options.at, by, from, to, ...(note ? {note} : {})}
    const record: DecisionRecord = {...base, decision: outcome, status: to, status_history: [...(base.status_history ?? []), change]}
    const yaml = serializeRecord(record)
    assertValidOutput(yaml, found.file)
    writeFilesAtomic([{data: yaml, overwrite: true, path: found.file}])
    return {change, migrated, path: resolve(found.file), record, yaml}
  })
}

export function describeTransitions(): string {
  return Object.entries(STATUS_TRANSITIONS)
    .filter(([, to]) => to.length > 0)
    .map(([from, to]) => `${from} → ${to.join(' | ')}`)
    .join('; ')
}
