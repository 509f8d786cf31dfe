import assert from 'node:assert/strict'
import {cpSync, existsSync, mkdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {loadTrialSpecs} from '../../src/trials/spec.js'
import {khaos, ROOT, tempDir} from '../helpers/cli.js'

const F2_VULN = join(ROOT, 'trials', 'F02-runtime-socket', 'vulnerable')
const specs = await loadTrialSpecs(ROOT)

describe('khaos trial (CLI): explain, github annotations, report place, excerpts', () => {
  let dir: {cleanup: () => void; path: string}
  let env: Record<string, string>
  beforeEach(() => {
    dir = tempDir('khaos-trial-ux-')
    env = {KHAOS_HOME: join(dir.path, 'home')}
  })
  afterEach(() => dir.cleanup())

  it('explain accepts F4, f4 and F04 alike and gives why, how, fixes and equivalent rules', async () => {
    const outs = await Promise.all(['F4', 'f4', 'F04'].map((id) => khaos(['trial', 'explain', id, '--json'], {env})))
    for (const r of outs) assert.equal(r.exitCode, 0, r.stderr)
    assert.equal(outs[1].stdout, outs[0].stdout)
    assert.equal(outs[2].stdout, outs[0].stdout)
    const e = JSON.parse(outs[0].stdout)
    const spec = specs.find((s) => s.id === 'F4')!
    assert.equal(e.id, 'F4')
    assert.equal(e.rationale, spec.rationale.trim())
    assert.deepEqual(
      e.fixes.map((f: {id: string}) => f.id),
      spec.fix,
    )
    assert.ok(e.references.some((r: {id: string; tool: string}) => r.tool === 'compose-lint' && r.id === 'CL-0005'))
    assert.equal(e.docs, 'https://github.com/khaos-cli/khaos/blob/main/docs/trials.md#f4')
    const text = await khaos(['trial', 'explain', 'F4'], {env})
    assert.match(text.stdout, /^Why it matters$/m)
    assert.match(text.stdout, /^How to fix$/m)
    assert.match(text.stdout, /^ {2}compose-lint\n {4}CL-0005 /m)
    const none = await khaos(['trial', 'explain', 'F1'], {env})
    assert.match(none.stdout, /Mechanical fix: none/)
    assert.equal((await khaos(['trial', 'explain', 'F99'], {env})).exitCode, 2)
  })

  it('--format github prints one annotation per finding with the path from the repository root', async () => {
    const r = await khaos(['trial', 'run', F2_VULN, '--only', 'F2', '--format', 'github'], {env})
    assert.equal(r.exitCode, 1, r.stderr)
    const commands = r.stdout.split('\n').filter((l) => l.startsWith('::'))
    const json = JSON.parse((await khaos(['trial', 'run', F2_VULN, '--only', 'F2', '--json'], {env})).stdout)
    assert.equal(commands.length, json.findings.length)
    assert.ok(
      commands.some((c) => c.startsWith('::error file=trials/F02-runtime-socket/vulnerable/compose.yaml,line=8,title=F2 ')),
      commands.join('\n'),
    )
    const bad = await khaos(['trial', 'run', F2_VULN, '--format', 'nope'], {env})
    assert.equal(bad.exitCode, 2)
    assert.match(bad.stderr, /github/)
  })

  it('the markdown report goes to the current directory, or --report PATH, never into a scanned tree that is not the cwd', async () => {
    const stack = join(dir.path, 'stack')
    cpSync(F2_VULN, stack, {recursive: true})
    mkdirSync(join(stack, 'sub'))
    // Scanning the current directory: the report goes there (the user asked for it by standing there).
    const here = await khaos(['trial', 'run', '.', '--only', 'F2'], {cwd: stack, env})
    assert.equal(here.exitCode, 1, here.stderr)
    assert.ok(existsSync(join(stack, 'khaos_trial_results', 'trial_report.md')))
    // From inside the scanned tree, scanning its parent: no report written into it, and a note says why.
    const inside = await khaos(['trial', 'run', '..', '--only', 'F2'], {cwd: join(stack, 'sub'), env})
    assert.equal(inside.exitCode, 1, inside.stderr)
    assert.ok(!existsSync(join(stack, 'sub', 'khaos_trial_results')))
    assert.match(inside.stderr, /report not written: .* inside the scanned tree/)
    const refused = await khaos(['trial', 'run', '..', '--only', 'F2', '--report', 'r.md'], {cwd: join(stack, 'sub'), env})
    assert.equal(refused.exitCode, 2)
    assert.ok(!existsSync(join(stack, 'sub', 'r.md')))
    // --report PATH elsewhere, also with another --format.
    const elsewhere = join(dir.path, 'reports', 'stack.md')
    const asked = await khaos(['trial', 'run', stack, '--only', 'F2', '--format', 'sarif', '--output', join(dir.path, 'x.sarif'), '--report', elsewhere], {
      cwd: dir.path,
      env,
    })
    assert.equal(asked.exitCode, 1, asked.stderr)
    assert.match(readFileSync(elsewhere, 'utf8'), /^<!-- khaos trial report -->/)
  })

  it('--excerpt prints the source under each finding with the value marked; --no-excerpt does not', async () => {
    const r = await khaos(['trial', 'run', F2_VULN, '--only', 'F2', '--excerpt', '--no-report'], {env})
    assert.match(r.stdout, /^ {4} *8 │ .*\/var\/run\/docker\.sock:\/var\/run\/docker\.sock:ro\n {4} *│ +\^+$/m)
    const plain = await khaos(['trial', 'run', F2_VULN, '--only', 'F2', '--no-excerpt', '--no-report'], {env})
    assert.ok(!plain.stdout.includes('│'))
  })

  it('outside a git work tree the note says which trials were skipped or judged differently', async () => {
    const stack = join(dir.path, 'plain')
    cpSync(join(ROOT, 'trials', 'F26-sensitive-data-tracked', 'fixed'), stack, {recursive: true})
    const r = await khaos(['trial', 'run', stack, '--only', 'F26,F13', '--no-report'], {cwd: dir.path, env})
    assert.match(
      r.stdout,
      /^note: not a git work tree, so khaos cannot tell committed files from the rest: F13 read the \.gitignore files itself[^\n]*F26 \(sensitive data files tracked in git\) was skipped/m,
    )
  })
})

describe('khaos trial run on a real terminal (tmux)', function () {
  it('shows excerpts by default, the value underlined in colour, the secret masked', async function () {
    const {spawnSync} = await import('node:child_process')
    if (spawnSync('tmux', ['-V']).status !== 0) {
      console.log('      (skipped: tmux not installed)')
      this.skip()
    }

    const socket = `khaos-trial-${process.pid}`
    const dir = tempDir('khaos-trial-tty-')
    const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'})
    try {
      const target = join(ROOT, 'trials', 'F11-literal-env-secrets', 'vulnerable')
      const command = `cd ${dir.path} && env -u NO_COLOR -u CI KHAOS_HOME=${join(dir.path, 'home')} node ${join(ROOT, 'bin', 'run.js')} trial run ${target} --only F11 --no-report; echo KHAOS-DONE; sleep 60`
      assert.equal(tmux('new-session', '-d', '-s', 'k', '-x', '200', '-y', '100', command).status, 0)
      let screen = ''
      for (let i = 0; i < 120 && !screen.includes('KHAOS-DONE'); i++) {
        await new Promise((r) => setTimeout(r, 500))
        screen = tmux('capture-pane', '-p', '-e', '-S', '-', '-t', 'k').stdout
      }

      assert.ok(screen.includes('KHAOS-DONE'), screen)
      assert.match(screen, /│/, 'an excerpt is shown on a terminal without --excerpt')
      assert.ok(screen.includes('\u001b[4m'), 'the marked value is underlined')
      const secret = /PASSWORD:\s*"?([^"\s$][^"\s]{5,})/.exec(readFileSync(join(target, 'compose.yaml'), 'utf8'))
      assert.ok(secret, 'the F11 fixture holds a literal password')
      assert.ok(!screen.includes(secret[1]), `secret ${secret[1]} shown on the terminal`)
    } finally {
      tmux('kill-server')
      dir.cleanup()
    }
  })
})
