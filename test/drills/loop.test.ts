import {strict as assert} from 'node:assert'
import {existsSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'

import {BIN, ROOT, khaos, tempDir} from '../helpers/cli.js'
import {hasTmux, tmuxSession} from '../helpers/tmux.js'

/** A drill's reference solution for this machine (GNU userland on Linux), read from its catalog file. */
function reference(nn: string): string {
  const file = readdirSync(join(ROOT, 'drills')).find((f) => f.startsWith(`${nn}-`))!
  return (parse(readFileSync(join(ROOT, 'drills', file), 'utf8')) as {solutions: {gnu: string}}).solutions.gnu
}

const catalogSize = () => readdirSync(join(ROOT, 'drills')).filter((f) => /^\d\d-.*\.yaml$/.test(f)).length

describe("the learner's loop: check --file, --show-solution, list", function () {
  this.timeout(120_000)
  let work: ReturnType<typeof tempDir>
  let env: Record<string, string>
  beforeEach(() => {
    work = tempDir()
    env = {KHAOS_HOME: join(work.path, 'home')}
  })
  afterEach(() => work.cleanup())

  it('drill check N --file runs the file as the command: no quoting, $1 untouched', async () => {
    // A solution with quotes and $-fields that would need escaping after `--`.
    writeFileSync(join(work.path, 'solution.sh'), `# my answer\n${reference('02')}`)
    const pass = await khaos(['drill', 'check', '2', '--file', 'solution.sh', '--show-solution'], {cwd: work.path, env})
    assert.equal(pass.exitCode, 0, pass.stdout + pass.stderr)
    assert.match(pass.stdout, /^PASS {2}drill 02/m)
    assert.match(pass.stdout, /reference solution \(gnu\):\n {2}awk/)
    const json = await khaos(['drill', 'check', '2', '--file', 'solution.sh', '--show-solution', '--json'], {cwd: work.path, env})
    assert.equal(JSON.parse(json.stdout).solution.trim(), reference('02').trim())

    writeFileSync(join(work.path, 'wrong.sh'), "awk '{print $1}' auth.log\n")
    const fail = await khaos(['drill', 'check', '2', '--file', 'wrong.sh', '--show-solution'], {cwd: work.path, env})
    assert.equal(fail.exitCode, 1)
    assert.match(fail.stdout, /^FAIL {2}drill 02/m)
    assert.doesNotMatch(fail.stdout, /reference solution \(/, 'the reference is shown only after a pass')
    assert.match(fail.stdout, /shown after a pass/)

    assert.equal((await khaos(['drill', 'check', '2', '--file', 'nope.sh'], {cwd: work.path, env})).exitCode, 2)
    assert.equal((await khaos(['drill', 'check', '2', '--file', 'wrong.sh', '--', 'ls'], {cwd: work.path, env})).exitCode, 2)
    writeFileSync(join(work.path, 'empty.sh'), '  \n')
    const empty = await khaos(['drill', 'check', '2', '--file', 'empty.sh'], {cwd: work.path, env})
    assert.equal(empty.exitCode, 2)
    assert.match(empty.stderr, /empty/)
  })

  it('drill list has a header, a legend for E/C, tools with install status, and a plain progress bar', async () => {
    writeFileSync(join(work.path, 'solution.sh'), reference('02'))
    assert.equal((await khaos(['drill', 'check', '2', '--file', 'solution.sh'], {cwd: work.path, env})).exitCode, 0)
    const list = await khaos(['drill', 'list'], {env})
    assert.equal(list.exitCode, 0, list.stderr)
    const lines = list.stdout.split('\n')
    assert.match(lines[0], new RegExp(`^\\[#-+\\] 1/${catalogSize()} passed \\(\\d+%\\)$`))
    assert.ok(
      lines.some((l) => /^ # +L +status +tools +drill$/.test(l)),
      'a header row',
    )
    assert.match(list.stdout, /E evaluating .*C creating/)
    assert.match(list.stdout, /^02 {2}E {2}passed +awk,sort +SSH attack-surface audit/m)
    assert.doesNotMatch(list.stdout, /\u001B\[/, 'no colour when piped / NO_COLOR')
    const json = JSON.parse((await khaos(['drill', 'list', '--json'], {env})).stdout)
    assert.equal(json.total, catalogSize())
    assert.equal(json.passed, 1)
    assert.ok(
      json.drills.every((d: {tools: string[]; toolsMissing: string[]}) => Array.isArray(d.toolsMissing) && d.toolsMissing.every((t) => d.tools.includes(t))),
    )

    // A tool that is not installed is marked: PATH without the drills' tools (bash found by absolute path).
    const bare = join(work.path, 'bare-bin')
    const {mkdirSync, symlinkSync} = await import('node:fs')
    mkdirSync(bare)
    symlinkSync('/bin/bash', join(bare, 'bash'))
    symlinkSync(process.execPath, join(bare, 'node'))
    const noTools = await khaos(['drill', 'list', '--json'], {env: {...env, PATH: bare}})
    const drill2 = JSON.parse(noTools.stdout).drills.find((d: {id: number}) => d.id === 2)
    assert.deepEqual(drill2.toolsMissing, ['awk', 'sort'])
  })

  it('drill progress shows the bar', async () => {
    const progress = await khaos(['drill', 'progress'], {env})
    assert.match(progress.stdout, new RegExp(`^\\[-+\\] 0/${catalogSize()} passed \\(0%\\)`))
  })
})

describe('khaos drill watch on a real terminal (tmux)', function () {
  this.timeout(180_000)

  it('re-checks the solution file on save, shows FAIL then PASS, moves on, and exits 130 on Ctrl-C', async function () {
    if (!hasTmux()) this.skip() // installed by .ci/run
    const work = tempDir('khaos-watch-')
    const home = join(work.path, 'home')
    const term = tmuxSession('watch', `cd ${work.path} && env -u CI -u NO_COLOR KHAOS_HOME=${home} node ${BIN} drill watch 2; echo "EXIT=$?"; sleep 120`)
    try {
      await term.waitFor(/watching .*solution-02\.sh/)
      const file = join(work.path, 'solution-02.sh')
      assert.match(readFileSync(file, 'utf8'), /^# drill 02 · SSH attack-surface audit/, 'created with the task as comments')

      writeFileSync(file, "awk '{print $1}' auth.log\n")
      let screen = await term.waitFor(/FAIL +drill 02/)
      assert.match(screen, /first difference at line 1/)
      assert.match(screen, /\[\d+(;\d+)*m|█|░/, 'a progress bar on the terminal')

      writeFileSync(file, reference('02'))
      screen = await term.waitFor(/next: drill 03/)
      assert.match(screen, /PASS +drill 02/)
      await term.waitFor(/watching .*solution-03\.sh/)
      assert.ok(existsSync(join(work.path, 'solution-03.sh')), "the next drill's file")

      term.keys('C-c')
      screen = await term.waitFor(/EXIT=\d+/)
      assert.match(screen, /stopped watching/)
      assert.match(screen, /EXIT=130/)
      const list = JSON.parse((await khaos(['drill', 'list', '--json'], {env: {KHAOS_HOME: home}})).stdout)
      assert.equal(list.drills.find((d: {id: number}) => d.id === 2).status, 'passed', 'the pass is in the progress file')
      assert.deepEqual(
        readdirSync(join(home, 'drills', 'runs')).filter((n) => !n.startsWith('.')),
        [],
        'no scratch copy left behind',
      )
    } finally {
      term.kill()
      work.cleanup()
    }
  })
})
