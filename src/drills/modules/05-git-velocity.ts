import {join} from 'node:path'

import {KhaosError} from '../../shared/errors.js'
import {runGit} from '../../shared/git.js'
import {byteCompare, Rng} from '../rng.js'
import type {DrillModule, Fixture} from '../types.js'

/**
 * Drill 05: a generated git repository (built with one `git fast-import`, so it is fast and every hash is
 * the same for a seed). Expected, for commits in March 2026 (UTC): per author email, non-merge commits that
 * touch something outside vendor/, and the lines they added outside vendor/, as `EMAIL COMMITS ADDED`,
 * ADDED descending then EMAIL. Traps in every seed: commits in February and April, a merge of a feature
 * branch, vendor-only commits, commits touching src/ and vendor/ together, one email under two names.
 */

const PEOPLE = [
  ['Ann Lee', 'ann@example.org'],
  ['Bo Novak', 'bo@example.org'],
  ['Chen Ito', 'chen@example.org'],
  ['Dara Silva', 'dara@example.org'],
  ['Eli Berg', 'eli@example.org'],
  ['Fay Haddad', 'fay@example.org'],
] as const
const SRC = ['src/app.ts', 'src/db.ts', 'src/http.ts', 'src/util.ts', 'README.md', 'docs/ops.md', 'test/app.test.ts']
const VENDOR = ['vendor/leftpad/index.js', 'vendor/yaml/parser.js']
const WORDS = ['retry', 'cache', 'parse', 'flush', 'index', 'merge', 'queue', 'token', 'guard', 'audit']

interface Change {
  path: string
  lines: number
}

interface Commit {
  author: {email: string; name: string}
  at: number
  branch: 'main' | 'feature'
  changes: Change[]
  merge?: boolean
  message: string
}

const day = (month: number, d: number, rng: Rng) => Date.UTC(2026, month - 1, d, rng.int(6, 20), rng.int(0, 59), rng.int(0, 59)) / 1000

export function generate(seed: number): Fixture {
  const rng = new Rng(seed)
  const people = rng.sample(PEOPLE, rng.int(3, 5)).map(([name, email]) => ({email, name}))
  // One person committed under two spellings of their name: group by email.
  const alias = {email: people[0].email, name: people[0].name.split(' ')[0].toLowerCase()}
  const who = () => (rng.chance(0.15) ? alias : rng.pick(people))
  const srcChanges = (): Change[] => rng.sample(SRC, rng.int(1, 3)).map((path) => ({lines: rng.int(1, 40), path}))

  const main: Commit[] = []
  for (let i = rng.int(3, 6); i > 0; i--)
    main.push({at: day(2, rng.int(1, 27), rng), author: who(), branch: 'main', changes: srcChanges(), message: 'february work'})
  for (let i = rng.int(3, 6); i > 0; i--)
    main.push({at: day(4, rng.int(2, 27), rng), author: who(), branch: 'main', changes: srcChanges(), message: 'april work'})
  const march = rng.int(10, 18)
  for (let i = 0; i < march; i++) {
    const kind = i === 0 ? 'vendor' : i === 1 ? 'mixed' : i === 2 ? 'alias' : rng.pick(['src', 'src', 'src', 'vendor', 'mixed'])
    const author = kind === 'alias' ? alias : who()
    let changes: Change[]
    if (kind === 'vendor') changes = [{lines: rng.int(50, 400), path: rng.pick(VENDOR)}]
    else if (kind === 'mixed') changes = [...srcChanges(), {lines: rng.int(50, 400), path: rng.pick(VENDOR)}]
    else changes = srcChanges()
    main.push({at: day(3, rng.int(2, 20), rng), author, branch: 'main', changes, message: kind === 'vendor' ? 'vendor: update' : `${rng.pick(WORDS)}: improve`})
  }

  main.sort((a, b) => a.at - b.at)
  // A feature branch forked in March, merged on March 28-30 (after every other March commit on main).
  const fork = main.filter((c) => c.at < Date.UTC(2026, 2, 21) / 1000).length
  const feature: Commit[] = []
  for (let i = rng.int(1, 3); i > 0; i--) {
    feature.push({
      at: day(3, rng.int(22, 27), rng),
      author: who(),
      branch: 'feature',
      changes: [{lines: rng.int(5, 60), path: `feature/${rng.pick(WORDS)}-${i}.ts`}],
      message: 'feature: step',
    })
  }

  feature.sort((a, b) => a.at - b.at)
  const merger = rng.pick(people)
  const mergeCommit: Commit = {at: day(3, rng.int(28, 30), rng), author: merger, branch: 'main', changes: [], merge: true, message: "Merge branch 'feature'"}
  // The trunk also changes src/ after the fork, so the merge differs from both parents.
  const late: Commit = {at: day(3, 21, rng), author: who(), branch: 'main', changes: srcChanges(), message: 'hotfix'}
  const trunk = [
    ...main.slice(0, fork),
    late,
    ...main.slice(fork).filter((c) => c.at < Date.UTC(2026, 3, 1) / 1000),
    mergeCommit,
    ...main.slice(fork).filter((c) => c.at >= Date.UTC(2026, 3, 1) / 1000),
  ]

  // Expected answer from the model (not from git): the drill checks git against an independent count.
  const start = Date.UTC(2026, 2, 1) / 1000
  const end = Date.UTC(2026, 3, 1) / 1000
  const stats = new Map<string, {added: number; commits: number}>()
  for (const c of [...trunk, ...feature]) {
    if (c.merge || c.at < start || c.at >= end) continue
    const own = c.changes.filter((ch) => !ch.path.startsWith('vendor/'))
    if (own.length === 0) continue
    const s = stats.get(c.author.email) ?? {added: 0, commits: 0}
    s.commits += 1
    s.added += own.reduce((n, ch) => n + ch.lines, 0)
    stats.set(c.author.email, s)
  }

  const expected = [...stats].sort((a, b) => b[1].added - a[1].added || byteCompare(a[0], b[0])).map(([email, s]) => `${email} ${s.commits} ${s.added}`)
  const stream = fastImport(trunk, feature, fork, rng)
  return {
    build: (dir) => buildRepo(dir, stream),
    expected: expected.join('\n') + '\n',
    files: {},
  }
}

function fastImport(trunk: Commit[], feature: Commit[], fork: number, rng: Rng): string {
  const out: string[] = []
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}`
  let mark = 0
  const contents = {feature: new Map<string, string>(), main: new Map<string, string>()}
  const heads: Record<'feature' | 'main', number | undefined> = {feature: undefined, main: undefined}
  let serial = 0
  const emit = (c: Commit, mergeFrom?: number) => {
    const files = contents[c.branch]
    const modified: Array<[string, number]> = []
    for (const ch of c.changes) {
      let text = files.get(ch.path) ?? ''
      for (let i = 0; i < ch.lines; i++) text += `${rng.pick(WORDS)} ${++serial}\n`
      files.set(ch.path, text)
      out.push(`blob\nmark :${++mark}\n${data(text)}`)
      modified.push([ch.path, mark])
    }

    const commitMark = ++mark
    const id = `${c.author.name} <${c.author.email}> ${c.at} +0000`
    out.push(`commit refs/heads/${c.branch}\nmark :${commitMark}\nauthor ${id}\ncommitter ${id}\n${data(`${c.message}\n`)}`)
    if (heads[c.branch] !== undefined) out.push(`from :${heads[c.branch]}\n`)
    if (mergeFrom !== undefined) out.push(`merge :${mergeFrom}\n`)
    for (const [path, blob] of modified) out.push(`M 100644 :${blob} ${path}\n`)
    out.push('\n')
    heads[c.branch] = commitMark
  }

  for (const [i, c] of trunk.entries()) {
    if (i === fork) {
      // Branch off here: the feature branch starts from the trunk's current head and files.
      heads.feature = heads.main
      contents.feature = new Map(contents.main)
      for (const f of feature) emit(f)
    }

    if (c.merge) {
      for (const [path, text] of contents.feature) if (path.startsWith('feature/')) contents.main.set(path, text)
      const mergeFrom = heads.feature
      // The merge commit carries the feature files into the trunk's tree.
      const files = [...contents.main].filter(([path]) => path.startsWith('feature/'))
      const blobs: Array<[string, number]> = files.map(([path, text]) => {
        out.push(`blob\nmark :${++mark}\n${data(text)}`)
        return [path, mark]
      })
      const commitMark = ++mark
      const id = `${c.author.name} <${c.author.email}> ${c.at} +0000`
      out.push(
        `commit refs/heads/main\nmark :${commitMark}\nauthor ${id}\ncommitter ${id}\n${data(`${c.message}\n`)}from :${heads.main}\nmerge :${mergeFrom}\n`,
      )
      for (const [path, blob] of blobs) out.push(`M 100644 :${blob} ${path}\n`)
      out.push('\n')
      heads.main = commitMark
      continue
    }

    emit(c)
  }

  return out.join('')
}

function buildRepo(dir: string, stream: string): void {
  const repo = {gitDir: join(dir, '.git'), workTree: dir}
  const git = (args: string[], input?: string) => {
    const r = runGit(repo, args, {env: {LC_ALL: 'C'}, input})
    if (r.error || r.status !== 0) throw new KhaosError(`drill 05 fixture: git ${args[0]} failed: ${(r.error?.message ?? r.stderr).trim()}`)
  }

  git(['-c', 'init.defaultBranch=main', 'init', '-q'])
  git(['fast-import', '--quiet'], stream)
  git(['reset', '-q', '--hard'])
}

const drill: DrillModule = {generate}
export default drill
