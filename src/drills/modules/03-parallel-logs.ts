import {gzipSync} from 'node:zlib'

import {Rng} from '../rng.js'
import type {DrillModule, Fixture, FixtureFile} from '../types.js'

/**
 * Drill 03: a tree of logs, some gzip'd, some old, some with spaces in their names. Expected: for each
 * .log / .log.gz file modified in the last 7 days, the number of lines whose level (field 2) is ERROR,
 * as `COUNT PATH` (files with none omitted), in any order. Traps present in every seed: a recent .gz with
 * errors, a recent file whose path has spaces, an old file with errors, a recent .log.bak with errors,
 * and INFO lines that mention the word ERROR.
 */

const DIRS = ['app', 'app server', 'db', 'web 2', 'batch', 'edge proxy']
const WORDS = ['cache', 'payments', 'auth', 'ingest', 'report', 'sync', 'mailer', 'search']
const MESSAGES = ['request served', 'cache miss', 'retrying upstream', 'slow query', 'user login', 'job done']

function logText(rng: Rng, errors: number, decoys: number): string {
  const lines: string[] = []
  const total = errors + decoys + rng.int(5, 25)
  const kinds = rng.shuffle([
    ...Array.from({length: errors}, () => 'E'),
    ...Array.from({length: decoys}, () => 'D'),
    ...Array.from({length: total - errors - decoys}, () => 'N'),
  ])
  for (const [i, kind] of kinds.entries()) {
    const ts = `2026-03-0${1 + (i % 9)}T${String(i % 24).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}:00Z`
    if (kind === 'E') lines.push(`${ts} ERROR ${rng.pick(MESSAGES)} failed (code ${rng.int(1, 99)})`)
    else if (kind === 'D') lines.push(`${ts} INFO previous ERROR cleared: ${rng.pick(MESSAGES)}`)
    else lines.push(`${ts} ${rng.pick(['INFO', 'WARN', 'DEBUG'])} ${rng.pick(MESSAGES)}`)
  }

  return lines.join('\n') + '\n'
}

export function generate(seed: number): Fixture {
  const rng = new Rng(seed)
  const files: Record<string, FixtureFile> = {}
  const expected: string[] = []
  const used = new Set<string>()
  const add = (opts: {dir?: string; errors: number; decoys?: number; gz?: boolean; old?: boolean; suffix?: string; spaced?: boolean}) => {
    let path: string
    do {
      const dir = opts.dir ?? rng.pick(DIRS)
      const base = `${rng.pick(WORDS)}${opts.spaced ? ' ' + rng.pick(['copy', 'node 2', 'eu west']) : '-' + rng.int(1, 99)}`
      path = `logs/${dir}/${base}${opts.suffix ?? (opts.gz ? '.log.gz' : '.log')}`
    } while (used.has(path))
    used.add(path)
    const text = logText(rng, opts.errors, opts.decoys ?? rng.int(0, 2))
    const data = opts.gz ? gzipSync(Buffer.from(text)) : text
    const mtimeDaysAgo = opts.old ? rng.int(9, 60) + 0.5 : rng.int(0, 5) + 0.25
    files[path] = {data, mtimeDaysAgo}
    const counted = !opts.old && opts.suffix === undefined
    if (counted && opts.errors > 0) expected.push(`${opts.errors} ${path}`)
  }

  add({decoys: 2, errors: rng.int(1, 30), gz: true})
  add({errors: rng.int(1, 30), spaced: true, dir: rng.pick(['app server', 'web 2', 'edge proxy'])})
  add({errors: rng.int(1, 30), old: true})
  add({errors: rng.int(1, 30), old: true, gz: true})
  add({errors: rng.int(1, 9), suffix: '.log.bak'})
  add({decoys: 3, errors: 0})
  for (let i = rng.int(3, 8); i > 0; i--)
    add({errors: rng.chance(0.8) ? rng.int(1, 40) : 0, gz: rng.chance(0.4), old: rng.chance(0.3), spaced: rng.chance(0.3)})
  files['logs/README.txt'] = {data: 'ERROR ERROR ERROR: not a log\n'}
  return {expected: expected.sort().join('\n') + '\n', files}
}

const drill: DrillModule = {generate}
export default drill
