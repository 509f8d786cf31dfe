import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, truncateSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {copyScannable} from '../../src/trials/simulate.js'
import {khaos, ROOT, tempDir} from '../helpers/cli.js'
import {escapeNamesTree, gitlinkTree, HOSTILE_NAME, hasTerminalControls, hostileGitTree, includeIfTree, markersFound} from './hostile.js'

/** oclif wraps error messages at the terminal width behind " ›   ": one line again, for matching. */
const flat = (text: string) => text.replace(/ ?\n ›\s+/g, ' ')

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
    // Every way in on the fully hostile tree; the two other routes to a config get the plain and subdirectory runs.
    const quick = variants.filter(([name]) => name === 'trial run' || name === 'trial run on a subdirectory')
    const trees: Array<[string, (root: string, markers: string) => string, typeof variants]> = [
      ['fsmonitor, hooks, pager, diff/filter/merge drivers and core programs in .git/config', hostileGitTree, variants],
      ['programs set through includeIf and include', includeIfTree, quick],
      ['a .git gitlink file pointing at a hostile git directory', gitlinkTree, quick],
    ]

    for (const [what, build, ways] of trees) {
      it(`runs none of: ${what}`, async () => {
        const tree = build(dir.path, markers)
        for (const [name, args] of ways) {
          const r = await khaos(args(tree), {env})
          assert.ok([0, 1].includes(r.exitCode), `${name}: exit ${r.exitCode}\n${r.stderr}`)
          assert.doesNotMatch(r.stderr, /^\s+at /m, `${name}: stack trace`)
          assert.deepEqual(markersFound(markers), [], `${name} executed programs from the scanned tree's git config`)
        }
      })
    }

    it('a git config include pointing at a FIFO costs a note, not a hang', async function () {
      const tree = join(dir.path, 'fifo-include')
      mkdirSync(tree)
      writeFileSync(join(tree, '.env'), 'A=1\n')
      const {plainGit} = await import('./hostile.js')
      plainGit(tree, 'init', '-q')
      if (spawnSync('mkfifo', [join(tree, 'pipe')]).status !== 0) this.skip()
      writeFileSync(join(tree, '.git', 'config'), `[core]\n\trepositoryformatversion = 0\n[include]\n\tpath = ${join(tree, 'pipe')}\n`)
      const r = await khaos(['trial', 'run', tree, '--only', 'F13', '--format', 'json', '--no-report'], {env, timeout: 40_000})
      assert.ok([0, 1].includes(r.exitCode), r.stderr)
      assert.ok(
        JSON.parse(r.stdout).summary.notes.some((n: string) => /git failed/.test(n)),
        r.stdout,
      )
    })

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
      assert.ok(
        report.findings.some((f: {evidence: string}) => f.evidence === '.env tracked'),
        r.stdout,
      )
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

    it('trial_report.md: a newline in a name does not split its table row', async () => {
      const cwd = join(dir.path, 'cwd')
      mkdirSync(cwd, {recursive: true})
      const r = await khaos(['trial', 'run', tree, '--only', 'F2,F13'], {cwd, env})
      assert.equal(r.exitCode, 1, r.stderr)
      const report = join(cwd, 'khaos_trial_results', 'trial_report.md')
      assert.ok(existsSync(report), r.stderr)
      const md = readFileSync(report, 'utf8')
      assert.equal(hasTerminalControls(md), false)
      for (const line of md.split('\n').filter((l) => l.includes('pwned')))
        assert.match(line, /^\| (critical|high) \|.*\|$/, `row split: ${JSON.stringify(line)}`)
    })

    it('notarize, verify, synthesize and analyze show hostile input names inert', async () => {
      const work = join(dir.path, 'names-work')
      mkdirSync(work, {recursive: true})
      const odd = join(work, `${HOSTILE_NAME.replaceAll('\n', ' ').replaceAll('/', '_')}.md`)
      writeFileSync(odd, 'We must ship faster.\nWe must never ship without review.\n')
      const notarized = await khaos(['notarize', odd, '--base', work, '--out', join(work, 'notary')], {cwd: work, env})
      assert.equal(notarized.exitCode, 2, 'a name with controls cannot be carried by the manifest')
      const synthesized = await khaos(['synthesize', '-t', `topic ${HOSTILE_NAME}`, '-i', odd, '--no-sign', '-o', join(work, 'out')], {cwd: work, env})
      assert.equal(synthesized.exitCode, 0, synthesized.stderr)
      // A notary whose (signed or not) subject name carries escapes: verify reports it without replaying them.
      writeFileSync(join(work, 'plain.txt'), 'x\n')
      assert.equal((await khaos(['notarize', join(work, 'plain.txt'), '--base', work, '--out', join(work, 'n2')], {cwd: work, env})).exitCode, 0)
      const manifest = join(work, 'n2', 'SHA256')
      writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('plain.txt', `plain${HOSTILE_NAME.replaceAll('\n', '')}.txt`))
      const verified = await khaos(['verify', join(work, 'n2'), '--trust-embedded-key'], {env})
      assert.equal(verified.exitCode, 1)
      // Any command line that quotes input goes through the base command's safe log (here: analyze's "wrote DIR").
      const analyzed = await khaos(['contradictions', 'analyze', '-i', odd, '-o', join(work, `out ${HOSTILE_NAME.replaceAll('/', '_')}`)], {cwd: work, env})
      assert.equal(analyzed.exitCode, 0, analyzed.stderr)
      for (const r of [notarized, synthesized, verified, analyzed]) {
        assert.equal(hasTerminalControls(r.stdout), false, JSON.stringify(r.stdout))
        assert.equal(hasTerminalControls(r.stderr), false, JSON.stringify(r.stderr))
      }
    })

    it('an error quoting a hostile path is shown inert (exit 2, one line)', async () => {
      const r = await khaos(['trial', 'run', join(dir.path, 'missing\u001B]0;x\u0007'), '--no-report'], {env})
      assert.equal(r.exitCode, 2)
      assert.equal(hasTerminalControls(r.stderr), false, JSON.stringify(r.stderr))
    })
  })

  describe('notarize and verify read only inside the base', () => {
    let dir: {cleanup: () => void; path: string}
    let env: Record<string, string>
    let base: string
    const TS = '2026-01-31T12:00:00Z'
    beforeEach(async () => {
      dir = tempDir('khaos-abuse-notary-')
      env = {KHAOS_HOME: join(dir.path, 'home')}
      base = join(dir.path, 'release')
      mkdirSync(base)
      writeFileSync(join(base, 'a.txt'), 'artifact\n')
      writeFileSync(join(dir.path, 'secret.txt'), 'outside the base\n')
    })
    afterEach(() => dir.cleanup())

    const notarize = (files: string[], out = join(base, 'notary')) =>
      khaos(['notarize', ...files, '--out', out, '--base', base, '--timestamp', TS], {cwd: base, env})

    it('verify does not follow an unsigned notary.json base outside the notary\'s parent (exit 2, {"error"} with --json)', async () => {
      const out = join(base, 'notary')
      assert.equal((await notarize([join(base, 'a.txt')])).exitCode, 0)
      // The attacker lists a file they want hashed and points the unsigned base at its folder.
      const locator = JSON.parse(readFileSync(join(out, 'notary.json'), 'utf8'))
      writeFileSync(join(out, 'notary.json'), JSON.stringify({...locator, base: '/'}))
      const r = await khaos(['verify', out, '--trust-embedded-key'], {env})
      assert.equal(r.exitCode, 2, r.stdout + r.stderr)
      assert.match(flat(r.stderr), /outside the notary's parent/)
      const json = await khaos(['verify', out, '--json', '--trust-embedded-key'], {env})
      assert.equal(json.exitCode, 2)
      assert.match(JSON.parse(json.stdout).error.message, /unsigned/)
      // The base the user names is followed.
      const named = await khaos(['verify', out, '--base', base, '--trust-embedded-key'], {env})
      assert.equal(named.exitCode, 0, named.stdout + named.stderr)
    })

    it('notarize refuses a symlink whose target is outside the base', async () => {
      symlinkSync(join(dir.path, 'secret.txt'), join(base, 'link.txt'))
      const r = await notarize([join(base, 'link.txt')])
      assert.equal(r.exitCode, 2, r.stderr)
      assert.match(flat(r.stderr), /symlink leading outside the base/)
      assert.equal(existsSync(join(base, 'notary')), false)
    })

    it('verify refuses a subject swapped for a symlink out of the base (exit 1, the file not hashed)', async () => {
      const out = join(base, 'notary')
      assert.equal((await notarize([join(base, 'a.txt')])).exitCode, 0)
      const {rmSync} = await import('node:fs')
      rmSync(join(base, 'a.txt'))
      symlinkSync(join(dir.path, 'secret.txt'), join(base, 'a.txt'))
      const r = await khaos(['verify', out, '--json', '--trust-embedded-key'], {env})
      assert.equal(r.exitCode, 1, r.stderr)
      const report = JSON.parse(r.stdout)
      assert.ok(
        report.failures.some((f: string) => /symlink leading outside the base/.test(f)),
        r.stdout,
      )
      assert.equal(r.stdout.includes('sha256 '), false, 'no hash of the outside file is reported')
    })

    it('notarize of a symlink loop is bad input (exit 2), not an internal error', async () => {
      symlinkSync(join(base, 'loop-b'), join(base, 'loop-a'))
      symlinkSync(join(base, 'loop-a'), join(base, 'loop-b'))
      const r = await notarize([join(base, 'loop-a')])
      assert.equal(r.exitCode, 2, r.stderr)
      assert.match(flat(r.stderr), /symbolic links/)
      const json = await khaos(['notarize', join(base, 'loop-a'), '--out', join(base, 'n2'), '--base', base, '--json'], {cwd: base, env})
      assert.equal(json.exitCode, 2)
      assert.ok(JSON.parse(json.stdout).error)
    })

    it('a secret key replaced by a FIFO is refused at once, not waited on (exit 2)', async function () {
      assert.equal((await notarize([join(base, 'a.txt')])).exitCode, 0)
      const key = join(dir.path, 'home', 'keys', 'khaos.key')
      const {rmSync} = await import('node:fs')
      rmSync(key)
      if (spawnSync('mkfifo', [key]).status !== 0) this.skip()
      const r = await khaos(['notarize', join(base, 'a.txt'), '--out', join(base, 'n2'), '--base', base, '--json'], {cwd: base, env, timeout: 30_000})
      assert.equal(r.exitCode, 2, r.stderr)
      assert.match(JSON.parse(r.stdout).error.message, /not a regular file/)
    })

    it('verify of a notary whose files are FIFOs answers at once instead of waiting on them', async function () {
      const out = join(base, 'notary')
      assert.equal((await notarize([join(base, 'a.txt')])).exitCode, 0)
      const {rmSync} = await import('node:fs')
      for (const file of ['SHA256', 'statement.dsse.json']) {
        rmSync(join(out, file))
        if (spawnSync('mkfifo', [join(out, file)]).status !== 0) this.skip()
      }

      const r = await khaos(['verify', out, '--json', '--trust-embedded-key'], {env, timeout: 30_000})
      assert.ok([1, 2].includes(r.exitCode), `exit ${r.exitCode}: ${r.stderr}`)
      if (r.exitCode === 2) assert.match(JSON.parse(r.stdout).error.message, /not a regular file/)
    })

    it('a key directory writable by others is refused like ssh does, with the chmod that fixes it', async () => {
      assert.equal((await notarize([join(base, 'a.txt')])).exitCode, 0)
      const {chmodSync} = await import('node:fs')
      chmodSync(join(dir.path, 'home', 'keys'), 0o777)
      const r = await notarize([join(base, 'a.txt')], join(base, 'n2'))
      assert.equal(r.exitCode, 2, r.stderr)
      assert.match(flat(r.stderr), /writable by group or others/)
      assert.match(flat(r.stderr), /chmod 700/)
      chmodSync(join(dir.path, 'home', 'keys'), 0o700)
      assert.equal((await notarize([join(base, 'a.txt')], join(base, 'n2'))).exitCode, 0)
    })

    it('--out never creates a missing path above the last folder', async () => {
      const missing = join(dir.path, 'no', 'such')
      const outs: string[][] = [
        ['notarize', join(base, 'a.txt'), '--base', base, '--out', join(missing, 'notary')],
        ['trial', 'run', base, '--no-report', '--format', 'sarif', '-o', join(missing, 'r.sarif')],
        ['contradictions', 'analyze', '-i', join(base, 'a.txt'), '-o', join(missing, 'analysis')],
        ['synthesize', '-t', 'topic', '--no-sign', '-o', join(missing, 'out')],
      ]
      for (const args of outs) {
        const r = await khaos([...args, '--json'], {cwd: base, env})
        assert.equal(r.exitCode, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`)
        assert.match(JSON.parse(r.stdout).error.message, /does not exist/)
        assert.equal(existsSync(join(dir.path, 'no')), false, `${args[0]} created ${join(dir.path, 'no')}`)
      }

      // The last folder itself is created when its parent exists.
      const r = await khaos(['synthesize', '-t', 'topic', '--no-sign', '-o', join(dir.path, 'out')], {cwd: base, env})
      assert.equal(r.exitCode, 0, r.stderr)
      assert.ok(existsSync(join(dir.path, 'out')))
    })

    it('verify of a DSSE payload that decodes to null fails the check (exit 1), not an internal error', async () => {
      const out = join(base, 'notary')
      assert.equal((await notarize([join(base, 'a.txt')])).exitCode, 0)
      for (const payload of ['null', '[]', '"text"', '42']) {
        const envelope = JSON.parse(readFileSync(join(out, 'statement.dsse.json'), 'utf8'))
        writeFileSync(join(out, 'statement.dsse.json'), JSON.stringify({...envelope, payload: Buffer.from(payload).toString('base64')}))
        const r = await khaos(['verify', out, '--trust-embedded-key'], {env})
        assert.equal(r.exitCode, 1, `${payload}: ${r.stderr}`)
        assert.match(r.stdout + r.stderr, /not a JSON object/)
      }
    })
  })

  describe('trial simulate on a tree with a FIFO, a huge file, loops and a flaw it already has', () => {
    let dir: {cleanup: () => void; path: string}
    let tree: string
    before(function () {
      dir = tempDir('khaos-abuse-sim-')
      tree = join(dir.path, 'stack')
      mkdirSync(tree)
      copyFileSync(join(ROOT, 'trials', 'F02-runtime-socket', 'vulnerable', 'compose.yaml'), join(tree, 'compose.yaml'))
      if (spawnSync('mkfifo', [join(tree, 'pipe')]).status !== 0) this.skip() // no mkfifo: nothing to test here
      writeFileSync(join(tree, 'huge.bin'), '')
      truncateSync(join(tree, 'huge.bin'), 1024 ** 3) // sparse 1 GiB: instant to make, slow to copy
      symlinkSync('loop-b', join(tree, 'loop-a'))
      symlinkSync('loop-a', join(tree, 'loop-b'))
    })
    after(() => dir?.cleanup())

    it('copies only what the trials read: no FIFO, no huge file, no loop', () => {
      const copy = copyScannable(tree)
      try {
        assert.deepEqual(readdirSync(copy.path).sort(), ['compose.yaml'])
        assert.ok(copy.skipped >= 3, `skipped ${copy.skipped}`)
      } finally {
        copy.cleanup()
      }
    })

    it('trial run skips the FIFO, the huge file and the loop with a reason, and ends', async () => {
      const r = await khaos(['trial', 'run', tree, '--format', 'json', '--no-report'], {env: {KHAOS_HOME: join(dir.path, 'home')}})
      assert.equal(r.exitCode, 1, r.stderr)
      const skipped = new Map(JSON.parse(r.stdout).summary.skipped.map((k: {path: string; reason: string}) => [k.path, k.reason]))
      assert.match(String(skipped.get('huge.bin')), /size cap/)
      assert.match(String(skipped.get('pipe')), /not a regular file/)
      assert.ok(skipped.has('loop-a'), JSON.stringify([...skipped]))
    })

    it('ends with a verdict (not exit 70) and says a flaw the stack already has is already present', async () => {
      const r = await khaos(['trial', 'simulate', tree, '--only', 'F2,F4'], {env: {KHAOS_HOME: join(dir.path, 'home')}})
      assert.equal(r.exitCode, 0, r.stdout + r.stderr)
      assert.match(r.stdout, /^present\s+F2 /m)
      assert.match(r.stdout, /already present in the target/)
      assert.match(r.stdout, /^verified\s+F4 /m)
      const json = await khaos(['trial', 'simulate', tree, '--only', 'F2', '--json'], {env: {KHAOS_HOME: join(dir.path, 'home')}})
      assert.equal(JSON.parse(json.stdout).results[0].alreadyPresent, true)
    })
  })
})
