import {strict as assert} from 'node:assert'
import {spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdirSync, readFileSync, symlinkSync} from 'node:fs'
import {join} from 'node:path'

import {BIN, ROOT, tempDir} from '../helpers/cli.js'

/** The README's walkthrough block: the first ```sh fence under "## Walkthrough". */
function walkthroughLines(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const section = readme.split(/^## Walkthrough$/m)[1]
  if (!section) throw new Error('README.md has no "## Walkthrough" section')
  const block = /```sh\n([\s\S]*?)```/.exec(section.split(/^## /m)[0])
  if (!block) throw new Error('the Walkthrough section has no ```sh block')
  return block[1].split('\n').filter((line) => line.trim() !== '')
}

describe('README walkthrough, pasted line by line into a fresh shell', function () {
  this.timeout(300_000)

  it('runs every line with the exit code the README gives it', function () {
    for (const tool of ['bash', 'minisign']) {
      if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) this.skip()
    }

    const work = tempDir('khaos-walkthrough-')
    try {
      // What the setup command leaves: `khaos` on PATH (npm link makes the same symlink to bin/run.js).
      const bin = join(work.path, 'bin')
      mkdirSync(bin)
      symlinkSync(BIN, join(bin, 'khaos'))
      const home = join(work.path, 'home')
      mkdirSync(home)
      const cwd = join(work.path, 'clone')
      mkdirSync(cwd)
      cpSync(join(ROOT, 'examples'), join(cwd, 'examples'), {recursive: true})
      // A fresh login shell's environment: no khaos variables, no CI, the user's own HOME.
      const env = {HOME: home, LANG: 'C.UTF-8', PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, TERM: 'dumb'}

      const lines = walkthroughLines()
      assert.ok(lines.length > 5, 'the walkthrough has lines')
      for (const line of lines) {
        const expected = /#\s*exit (\d+)/.exec(line)?.[1] ?? '0'
        const run = spawnSync('bash', ['--noprofile', '--norc', '-c', line], {cwd, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000})
        const output = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-6).join('\n')
        assert.equal(String(run.status), expected, `${line}\n${output}`)
        assert.doesNotMatch(run.stderr, /Error: |command not found| {4}at /, line)
      }

      assert.ok(existsSync(join(cwd, 'synthesis_output', 'cognitive_map.svg')), 'the map was rendered')
      assert.ok(existsSync(join(cwd, 'trial-report.md')), 'the trial report was written')
    } finally {
      work.cleanup()
    }
  })
})
