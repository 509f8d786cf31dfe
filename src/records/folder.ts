import {existsSync, statSync} from 'node:fs'
import {basename, dirname, join, relative, resolve, sep} from 'node:path'

import {InputError} from '../shared/errors.js'
import {type DaoRecord, INVERSE_RELATION, type RecordLink} from './schema.js'
import {shownPath} from './paths.js'
import {COUNTER_FILE, readCounter, scanRecords} from './store.js'
import {formatIssue, type RecordIssue} from './validate.js'
import {mdCell, mdCode} from '../shared/markdown.js'

/** One line of `khaos dao list`: what a person scans for. */
export interface RecordSummary {
  date: string
  file: string
  id: number
  /** Links other than supersession (dao link), as the record lists them. */
  links: RecordLink[]
  record_type: DaoRecord['record_type']
  session_id: null | string
  status: null | string
  superseded_by: null | number
  supersedes: null | number
  title: string
}

/** Something wrong with a folder as a whole, or with one file in it. */
export interface FolderProblem {
  file: string
  message: string
}

/** A record file of the folder that is not a valid record. */
export interface InvalidFile {
  file: string
  issues: RecordIssue[]
  /** Set when the file could not be read as text at all (binary, too large). */
  unreadable?: string
}

export interface FolderReport {
  dir: string
  /** Files that are not valid records, with their issues. */
  invalid: InvalidFile[]
  /** Problems of the folder as a whole: duplicate ids, one-way or dangling links, the id counter. */
  problems: FolderProblem[]
  /** Valid records, sorted by id. */
  records: RecordSummary[]
}

/**
 * Every problem of a folder report as one line each (`file:line:col field: message` or `file: message`),
 * invalid files first, each file path shown through `show`.
 */
export function reportLines(report: FolderReport, show: (file: string) => string = shownPath): string[] {
  const lines: string[] = []
  for (const entry of report.invalid) {
    if (entry.unreadable) lines.push(`${show(entry.file)}: ${entry.unreadable.replace(/^record \S.*?: /, '')}`)
    for (const issue of entry.issues) lines.push(formatIssue({...issue, file: show(issue.file)}))
  }

  for (const problem of report.problems) lines.push(`${show(problem.file)}: ${problem.message}`)
  return lines
}

function summarize(record: DaoRecord, file: string): RecordSummary {
  if (record.record_type === 'organization') {
    return {
      date: record.generated.timestamp.slice(0, 10),
      file,
      id: record.id,
      links: [],
      record_type: 'organization',
      session_id: null,
      status: null,
      superseded_by: null,
      supersedes: null,
      title: record.name,
    }
  }

  return {
    date: record.date,
    file,
    id: record.id,
    links: record.links ?? [],
    record_type: 'decision',
    session_id: record.session_id,
    status: record.status,
    superseded_by: record.superseded_by,
    supersedes: record.supersedes,
    title: record.title,
  }
}

/**
 * Reads a records folder and checks it as a whole: every file valid, ids unique and not ahead of the counter,
 * and every supersession link present at both ends. Records are sorted by id.
 */
export function readRecordsFolder(dir: string): FolderReport {
  const path = resolve(dir)
  if (!existsSync(path)) throw new InputError(`records folder ${dir}: no such directory`, {code: 'ENOENT'})
  if (!statSync(path).isDirectory()) throw new InputError(`records folder ${dir}: not a directory`)
  const problems: FolderProblem[] = []
  const records: RecordSummary[] = []
  const invalid: InvalidFile[] = []
  for (const entry of scanRecords(path)) {
    if (entry.record) records.push(summarize(entry.record, entry.file))
    else invalid.push({file: entry.file, issues: entry.issues, ...(entry.unreadable ? {unreadable: entry.unreadable} : {})})
  }

  records.sort((a, b) => a.id - b.id || a.file.localeCompare(b.file))
  const byId = new Map<number, RecordSummary>()
  for (const record of records) {
    const first = byId.get(record.id)
    if (first) problems.push({file: record.file, message: `id ${record.id} is also used by ${basename(first.file)}`})
    else byId.set(record.id, record)
  }

  let counter: number | undefined
  try {
    counter = readCounter(path)
  } catch (error) {
    problems.push({file: join(path, COUNTER_FILE), message: (error as Error).message.replace(/^.*?: /, '')})
  }

  const highest = records.at(-1)?.id ?? 0
  if (counter !== undefined && highest > counter) {
    problems.push({
      file: join(path, COUNTER_FILE),
      message: `the id counter is at ${counter} but record ${highest} exists (the next record still takes ${highest + 1})`,
    })
  }

  for (const record of records) {
    if (record.supersedes !== null) {
      const older = byId.get(record.supersedes)
      if (!older) problems.push({file: record.file, message: `supersedes ${record.supersedes}, which is not in the folder`})
      else if (older.superseded_by !== record.id) {
        problems.push({file: record.file, message: `supersedes ${older.id}, but ${basename(older.file)} says superseded_by ${older.superseded_by ?? 'null'}`})
      }
    }

    if (record.superseded_by !== null) {
      const newer = byId.get(record.superseded_by)
      if (!newer) problems.push({file: record.file, message: `superseded_by ${record.superseded_by}, which is not in the folder`})
      else if (newer.supersedes !== record.id) {
        problems.push({file: record.file, message: `superseded_by ${newer.id}, but ${basename(newer.file)} says supersedes ${newer.supersedes ?? 'null'}`})
      }
    }
  }

  // A link is written on both records (dao link): one end missing means a file was edited or lost.
  for (const record of records) {
    for (const link of record.links) {
      const other = byId.get(link.id)
      if (!other) problems.push({file: record.file, message: `${link.relation} ${link.id}, which is not in the folder`})
      else if (!other.links.some((l) => l.id === record.id && l.relation === INVERSE_RELATION[link.relation])) {
        problems.push({
          file: record.file,
          message: `${link.relation} ${link.id}, but ${basename(other.file)} does not say ${INVERSE_RELATION[link.relation]} ${record.id}`,
        })
      }
    }
  }

  // Links that agree both ways can still go round in a circle (1 → 2 → 3 → 1): no record is current then.
  for (const cycle of supersessionCycles(records)) {
    problems.push({file: byId.get(cycle[0])!.file, message: `supersession cycle: ${[...cycle, cycle[0]].join(' → ')} (no record in it is current)`})
  }

  return {dir: path, invalid, problems, records}
}

/**
 * Supersession cycles of any length, each listed once, starting at its smallest id, in superseded_by order.
 * Follows superseded_by and (backwards) supersedes, so a cycle made of one-way links is found too.
 */
export function supersessionCycles(records: RecordSummary[]): number[][] {
  const byId = new Map(records.map((r) => [r.id, r]))
  const found = new Map<string, number[]>()
  const walk = (step: (r: RecordSummary) => null | number, reverse: boolean) => {
    const done = new Set<number>()
    for (const start of records) {
      if (done.has(start.id)) continue
      const path: number[] = []
      const onPath = new Map<number, number>()
      let current: RecordSummary | undefined = start
      while (current && !done.has(current.id) && !onPath.has(current.id)) {
        onPath.set(current.id, path.length)
        path.push(current.id)
        const next = step(current)
        current = next === null ? undefined : byId.get(next)
      }

      if (current && onPath.has(current.id)) {
        let cycle = path.slice(onPath.get(current.id))
        if (reverse) cycle = cycle.reverse()
        const low = cycle.indexOf(Math.min(...cycle))
        cycle = [...cycle.slice(low), ...cycle.slice(0, low)]
        found.set(cycle.join(','), cycle)
      }

      for (const id of path) done.add(id)
    }
  }

  walk((r) => r.superseded_by, false)
  walk((r) => r.supersedes, true)
  return [...found.values()].sort((a, b) => a[0] - b[0])
}

/** Supersession chains (oldest first), each with at least two records. */
export function supersessionChains(records: RecordSummary[]): number[][] {
  const byId = new Map(records.map((r) => [r.id, r]))
  const chains: number[][] = []
  for (const start of records) {
    // A chain starts at a record that supersedes nothing present in the folder.
    if (start.superseded_by === null || (start.supersedes !== null && byId.has(start.supersedes))) continue
    const chain = [start.id]
    const seen = new Set(chain)
    let next = start.superseded_by === null ? undefined : byId.get(start.superseded_by)
    while (next && !seen.has(next.id)) {
      chain.push(next.id)
      seen.add(next.id)
      next = next.superseded_by === null ? undefined : byId.get(next.superseded_by)
    }

    chains.push(chain)
  }

  return chains
}

function linkTarget(fromDir: string, file: string): string {
  const rel = relative(fromDir, file).split(sep).join('/')
  // encodeURIComponent leaves ( ) alone, and a bare ) would end the Markdown link early.
  return rel
    .split('/')
    .map((segment) => encodeURIComponent(segment).replaceAll('(', '%28').replaceAll(')', '%29'))
    .join('/')
}

/**
 * The Markdown index a person reads: one table of all records, then the supersession chains, then any
 * problems found. No clock in it, so the same folder always gives the same bytes.
 */
export function renderIndex(report: FolderReport, indexPath: string, version: string): string {
  const at = dirname(resolve(indexPath))
  const link = (r: RecordSummary) => `[${r.id}](${linkTarget(at, r.file)})`
  const lines = [
    '<!-- generated by khaos dao index; regenerate instead of editing -->',
    '# DAO records',
    '',
    `${report.records.length} record${report.records.length === 1 ? '' : 's'} in ${mdCode(relative(at, report.dir) || '.')}, generated by khaos ${version}.`,
    '',
  ]
  if (report.records.length > 0) {
    lines.push('| Id | Title | Status | Date | Session | Supersedes | Superseded by |', '| ---: | --- | --- | --- | --- | ---: | ---: |')
    const byId = new Map(report.records.map((r) => [r.id, r]))
    const ref = (id: null | number) => {
      if (id === null) return ''
      const target = byId.get(id)
      return target ? link(target) : `${id} (missing)`
    }

    for (const r of report.records) {
      const status = r.record_type === 'organization' ? 'organization profile' : (r.status ?? '')
      lines.push(`| ${link(r)} | ${mdCell(r.title)} | ${status} | ${r.date} | ${mdCell(r.session_id ?? '')} | ${ref(r.supersedes)} | ${ref(r.superseded_by)} |`)
    }

    lines.push('')
  }

  const chains = supersessionChains(report.records)
  // A cycle has no start, so no chain shows it: list it here too rather than let its records drop out.
  const cycles = supersessionCycles(report.records)
  if (chains.length > 0 || cycles.length > 0) {
    lines.push('## Supersession chains', '')
    const byId = new Map(report.records.map((r) => [r.id, r]))
    for (const chain of chains) {
      const current = byId.get(chain.at(-1)!)!
      lines.push(`- ${chain.map((id) => link(byId.get(id)!)).join(' → ')} (current: ${mdCell(current.title)}, ${current.status})`)
    }

    for (const cycle of cycles)
      lines.push(`- ${[...cycle, cycle[0]].map((id) => link(byId.get(id)!)).join(' → ')} (a cycle: no record in it is current; fix the links)`)

    lines.push('')
  }

  // Paths relative to the index, so the same folder gives the same index wherever it lives.
  const problems = reportLines(report, (file) => relative(at, file).split(sep).join('/'))
  if (problems.length > 0) {
    lines.push('## Problems', '', 'Run `khaos dao validate` on the folder for details.', '')
    for (const problem of problems) lines.push(`- ${mdCell(problem)}`)
    lines.push('')
  }

  return lines.join('\n')
}
