import assert from 'node:assert/strict'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {khaos, tempDir} from '../helpers/cli.js'
import {escapeNamesTree, gitlinkTree, hasTerminalControls, hostileGitTree, includeIfTree, markersFound} from './hostile.js'

/**
 * The standing abuse suite, hostile trees: what a scanned tree, a notary folder or an input file can hold to
 * attack the user running khaos. Every test goes through the real CLI.
 */
describe('abuse: hostile trees', function () {
  this.timeout(120_000)

  describe('a scanned tree never executes anything from its git config', () => {
    let dir: {cleanup: () => void; path: string}
    let markers: string
    let env: Record<string, string>
    before(() => {
      dir = tempDir('khaos-abuse-git-')
      markers = join(dir.path, 'markers')
      env = {KHAOS_HOME: join(dir.path, 'home')}
    })
    after(() => dir.cleanup())

    const variants: Array<[string, (tree: string) => string[]]> = [
      ['trial run', (tree) => ['trial', 'run', tree, '--no-report']],
      ['trial run --only F13,F26', (tree) => ['trial', 'run', tree, '--only', 'F13,F26', '--no-report']],
      ['trial run --format sarif', (tree) => ['trial', 'run', tree, '--format', 'sarif', '--no-report']],
      ['trial run on a subdirectory', (tree) => ['trial', 'run', join(tree, 'sub'), '--no-report']],
      ['trial run --json', (tree) => ['trial', 'run', tree, '--json', '--no-report']],
      ['trial simulate --only F13,F26', (tree) => ['trial', 'simulate', tree, '--only', 'F13,F26']],
    ]
    const trees: Array<[string, (root: string, markers: string) => string]> = [
      ['fsmonitor, hooks, pager, diff/filter/merge drivers and core programs in .git/config', hostileGitTree],
      ['programs set through includeIf and include', includeIfTree],
      ['a .git gitlink file pointing at a hostile git directory', gitlinkTree],
    ]

    for (const [what, build] of trees) {
      it(`runs none of: ${what}`, async () => {
        const tree = build(dir.path, markers)
        for (const [name, args] of variants) {
          const r = await khaos(args(tree), {env})
          assert.ok([0, 1].includes(r.exitCode), `${name}: exit ${r.exitCode}\n${r.stderr}`)
          assert.doesNotMatch(r.stderr, /^\s+at /m, `${name}: stack trace`)
          assert.deepEqual(markersFound(markers), [], `${name} executed programs from the scanned tree's git config`)
        }
      })
    }

    it("ignores git settings in khaos's own environment too (GIT_CONFIG_PARAMETERS, GIT_DIR, GIT_EXTERNAL_DIFF)", async () => {
      const tree = join(dir.path, 'configured')
      const fsmonitor = join(dir.path, 'bin-configured', 'fsmonitor')
      const r = await khaos(['trial', 'run', tree, '--only', 'F13', '--no-report'], {
        env: {...env, GIT_CONFIG_PARAMETERS: `'core.fsmonitor'='${fsmonitor}'`, GIT_DIR: join(dir.path, 'nowhere'), GIT_EXTERNAL_DIFF: fsmonitor},
      })
      assert.ok([0, 1].includes(r.exitCode), r.stderr)
      assert.deepEqual(markersFound(markers), [])
      assert.match(r.stdout, /\.env/, 'the tracked .env is still found through the pinned repository')
    })

    it('still reads what git tracks in the hostile repository (F13 sees the tracked .env)', async () => {
      const tree = join(dir.path, 'configured')
      const r = await khaos(['trial', 'run', tree, '--only', 'F13', '--format', 'json', '--no-report'], {env})
      const report = JSON.parse(r.stdout)
      assert.ok(report.findings.some((f: {evidence: string}) => f.evidence === '.env tracked'), r.stdout)
      assert.deepEqual(markersFound(markers), [])
    })
  })

  describe('names from a scanned tree never reach the terminal or the report as controls', () => {
    let dir: {cleanup: () => void; path: string}
    let tree: string
    let env: Record<string, string>
    before(() => {
      dir = tempDir('khaos-abuse-names-')
      tree = escapeNamesTree(dir.path)
      env = {KHAOS_HOME: join(dir.path, 'home')}
    })
    after(() => dir.cleanup())

    it('trial run table: escapes shown as \\e, one row per finding, the forged PASS stays inside its row', async () => {
      const r = await khaos(['trial', 'run', tree, '--only', 'F2,F13', '--no-report'], {env})
      assert.equal(r.exitCode, 1, r.stderr)
      assert.equal(hasTerminalControls(r.stdout), false, JSON.stringify(r.stdout))
      assert.equal(hasTerminalControls(r.stderr), false, JSON.stringify(r.stderr))
      const rows = r.stdout.split('\n').filter((line) => line.includes('pwned'))
      assert.ok(rows.length >= 2, r.stdout)
      for (const row of rows) assert.match(row, /^(critical|high)\s+F(2|13)\s/, `a name split a row: ${JSON.stringify(row)}`)
      assert.doesNotMatch(r.stdout, /^PASS/m)
    })

    it('moc_report.md: a newline in a name does not split its table row', async () => {
      const cwd = join(dir.path, 'cwd')
      const {mkdirSync} = await import('node:fs')
      mkdirSync(cwd, {recursive: true})
      const r = await khaos(['trial', 'run', tree, '--only', 'F2,F13'], {cwd, env})
      assert.equal(r.exitCode, 1, r.stderr)
      const report = join(cwd, 'moc_trial_results', 'moc_report.md')
      assert.ok(existsSync(report), r.stderr)
      const md = readFileSync(report, 'utf8')
      assert.equal(hasTerminalControls(md), false)
      for (const line of md.split('\n').filter((l) => l.includes('pwned'))) assert.match(line, /^\| (critical|high) \|.*\|$/, `row split: ${JSON.stringify(line)}`)
    })

    it('an error quoting a hostile path is shown inert (exit 2, one line)', async () => {
      const r = await khaos(['trial', 'run', join(dir.path, 'missing\u001B]0;x\u0007'), '--no-report'], {env})
      assert.equal(r.exitCode, 2)
      assert.equal(hasTerminalControls(r.stderr), false, JSON.stringify(r.stderr))
    })
  })
})
