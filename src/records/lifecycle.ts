import {userInfo} from 'node:os'
import {resolve} from 'node:path'

import {writeFilesAtomic} from '../shared/atomic.js'
import {InputError} from '../shared/errors.js'
import {assertValidOutput} from './create.js'
import {migrateRecord} from './migrate.js'
import {type DecisionRecord, INVERSE_RELATION, type LinkRelation, type RecordStatus, schemaVersionOf, type StatusChange} from './schema.js'
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

export type LinkKind = LinkRelation | 'supersedes'

export interface LinkResult {
  from: {id: number; path: string; record: DecisionRecord}
  to: {id: number; path: string; record: DecisionRecord}
  relation: LinkKind
}

/**
 * Links record `fromId` to record `toId`, both files rewritten in one atomic step under the folder's lock.
 * `supersedes` is the supersession adr-tools writes with `-s`: the older record becomes superseded (its history
 * says by whom and when) and both carry the link; other relations go on both records with their inverse.
 */
export function linkRecords(dir: string, fromId: number, toId: number, relation: LinkKind, options: {at: string; by: string}): LinkResult {
  const by = oneLine(options.by, '--by')
  if (fromId === toId) throw new InputError(`a record cannot be linked to itself (${fromId})`)
  return withFolderLock(dir, () => {
    const decision = (id: number) => {
      const found = findRecordById(dir, id)
      if (found.record.record_type !== 'decision') throw new InputError(`record ${id} is the organization profile, not a decision`)
      return {file: found.file, record: migrateRecord(found.record)}
    }

    const from = decision(fromId)
    const to = decision(toId)
    let [a, b] = [from.record, to.record]
    if (relation === 'supersedes') {
      if (a.supersedes !== null) throw new InputError(`record ${fromId} already supersedes record ${a.supersedes}`, {code: 'ILLEGAL_TRANSITION'})
      if (b.superseded_by !== null) throw new InputError(`record ${toId} is already superseded by record ${b.superseded_by}`, {code: 'ILLEGAL_TRANSITION'})
      if (b.status === 'rejected') throw new InputError(`record ${toId} was rejected: there is nothing to supersede`, {code: 'ILLEGAL_TRANSITION'})
      // Following what `to` supersedes must never come back to `from`: supersession has no cycles.
      for (let id: null | number = b.supersedes, steps = 0; id !== null && steps < 10_000; steps++) {
        if (id === fromId)
          throw new InputError(`record ${toId} already (indirectly) supersedes record ${fromId}: that would be a cycle`, {code: 'ILLEGAL_TRANSITION'})
        const next = findRecordById(dir, id).record
        id = next.record_type === 'decision' ? next.supersedes : null
      }

      a = {...a, supersedes: toId}
      const change: StatusChange = {at: options.at, by, from: b.status, note: `superseded by record ${fromId}`, to: 'superseded'}
      b = {...b, status: 'superseded', status_history: [...(b.status_history ?? []), change], superseded_by: fromId}
    } else {
      if ((a.links ?? []).some((l) => l.id === toId && l.relation === relation)) throw new InputError(`record ${fromId} already ${relation} record ${toId}`)
      a = {...a, links: [...(a.links ?? []), {id: toId, relation}]}
      b = {...b, links: [...(b.links ?? []), {id: fromId, relation: INVERSE_RELATION[relation]}]}
    }

    const [yamlA, yamlB] = [serializeRecord(a), serializeRecord(b)]
    assertValidOutput(yamlA, from.file)
    assertValidOutput(yamlB, to.file)
    writeFilesAtomic([
      {data: yamlA, overwrite: true, path: from.file},
      {data: yamlB, overwrite: true, path: to.file},
    ])
    return {from: {id: fromId, path: resolve(from.file), record: a}, relation, to: {id: toId, path: resolve(to.file), record: b}}
  })
}
