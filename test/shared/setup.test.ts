import {strict as assert} from 'node:assert'
import {spawnSync} from 'node:child_process'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {ROOT, tempDir} from '../helpers/cli.js'

/** The `oclif manifest` step exactly as package.json's build script writes it. */
function manifestStep(): string {
  const build = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.build as string
  const step = build
    .split('&&')
    .map((s) => s.trim())
    .find((s) => s.endsWith('oclif manifest'))
  assert.ok(step, `no oclif manifest step in: ${build}`)
  return step
}

describe('setup as the README writes it', function () {
  this.timeout(180_000)

  it('the build prints no "update available" warning (oclif\'s own update check is off)', () => {
    const cache = tempDir()
    try {
      // A cached "latest" far ahead: oclif's warn-if-update-available would warn from it, without the network.
      mkdirSync(join(cache.path, 'oclif'), {recursive: true})
      writeFileSync(join(cache.path, 'oclif', 'version'), JSON.stringify({latest: '99.0.0'}))
      const env: NodeJS.ProcessEnv = {...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`, XDG_CACHE_HOME: cache.path}
      delete env.OCLIF_SKIP_NEW_VERSION_CHECK
      // Control: the bare command does warn, so the check below can fail.
      const bare = spawnSync('sh', ['-c', 'oclif manifest'], {cwd: ROOT, encoding: 'utf8', env})
      assert.match(bare.stderr + bare.stdout, /update available/, 'the control did not warn: the test cannot tell')
      const built = spawnSync('sh', ['-c', manifestStep()], {cwd: ROOT, encoding: 'utf8', env})
      assert.equal(built.status, 0, built.stderr)
      assert.doesNotMatch(built.stderr + built.stdout, /update available/)
    } finally {
      cache.cleanup()
    }
  })

  it('npm link leaves `khaos` runnable from a fresh shell (README: npm install && npm link)', () => {
    const prefix = tempDir()
    try {
      const env = {...process.env, npm_config_prefix: prefix.path}
      const link = spawnSync('npm', ['link', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], {cwd: ROOT, encoding: 'utf8', env})
      assert.equal(link.status, 0, link.stderr)
      const shell = spawnSync('bash', ['-c', 'cd / && khaos --version && khaos dao lst; echo "exit=$?"'], {
        encoding: 'utf8',
        env: {...process.env, PATH: `${join(prefix.path, 'bin')}:${process.env.PATH}`},
      })
      assert.match(shell.stdout, /^khaos\/\d+\.\d+\.\d+ /)
      assert.match(shell.stdout, /exit=2/)
      assert.match(shell.stderr, /Did you mean "khaos dao list"/)
    } finally {
      prefix.cleanup()
    }
  })

  it("the README's setup line is the one tested here", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    assert.match(readme, /^ {4}npm install && npm link$/m)
    assert.doesNotMatch(readme, /npx khaos synthesize/, 'commands in the walkthrough use khaos from PATH')
  })
})
