/**
 * Checks a candidate meeting folder before it joins the prose evaluation set (test/fixtures/prose/), with the set's
 * own integrity rules (bench/prose-set.ts integrityProblems) and one more: its domain is no existing meeting's.
 *
 *   node --import tsx scripts/check-meeting.ts <folder>
 *
 * A helper writing a meeting runs this and nothing else of the project (see test/fixtures/prose/WRITING.md). Like the
 * integrity test, it names entries and fields, never quoted text. Exit 0 when the folder passes, 1 when it does not,
 * 2 when it cannot be read.
 */
import {existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join, resolve} from 'node:path'

import {HALVES, integrityProblems, loadHalf, loadMeeting, wordCount} from '../bench/prose-set.js'
import {loadCatalog} from '../src/contradictions/catalog.js'
import {terminalSafe} from '../src/shared/text.js'

const root = new URL('..', import.meta.url).pathname
const folder = process.argv[2]
if (!folder || !existsSync(join(folder, 'meeting.yaml'))) {
  console.error(`usage: node --import tsx scripts/check-meeting.ts <folder with meeting.yaml>`)
  process.exit(2)
}

// loadMeeting reads <root>/<half>/<slug>: the folder is linked under a scratch root so that it loads as the set's do.
const slug = basename(resolve(folder))
const scratch = mkdtempSync(join(tmpdir(), 'khaos-meeting-'))
let problems: string[]
let summary: string
try {
  mkdirSync(join(scratch, 'holdout'))
  symlinkSync(resolve(folder), join(scratch, 'holdout', slug))
  const meeting = loadMeeting('holdout', slug, scratch)
  problems = integrityProblems(meeting, new Set(loadCatalog(root).tensions.map((tension) => tension.id)))
  const domain = String(meeting.info.domain ?? '')
    .trim()
    .toLowerCase()
  for (const existing of HALVES.flatMap((h) => loadHalf(h)))
    if (existing.slug !== slug && String(existing.info.domain).trim().toLowerCase() === domain)
      problems.push(`${slug} meeting.yaml: domain repeats ${existing.half}/${existing.slug}'s`)
  const words = [...meeting.lines].map(([file, lines]) => `${file} ${wordCount(lines.join('\n'))}`).join(', ')
  const internal = meeting.contradictions.filter((entry) => entry.kind === 'internal').length
  summary = `${slug}: ${meeting.contradictions.length} contradictions (${internal} internal), ${meeting.traps.length} traps, ${meeting.agreements.length} agreements; words: ${words}`
} catch (error) {
  console.error(terminalSafe(`${slug}: cannot be read: ${(error as Error).message.split('\n')[0]}`))
  process.exit(2)
} finally {
  rmSync(scratch, {force: true, recursive: true})
}

// (What a candidate's files name, its folder, domain and file names, is printed without terminal escapes.)
console.log(terminalSafe(summary))
if (problems.length > 0) {
  for (const problem of problems) console.log(terminalSafe(`  ${problem}`))
  process.exit(1)
}

console.log('OK')
