import {strict as assert} from 'node:assert'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {khaos, ROOT} from '../helpers/cli.js'

describe('start-up path of the built CLI', () => {
  it('answers --version before oclif loads with the line oclif itself would print', async () => {
    const {Config} = await import('@oclif/core')
    const config = await Config.load({root: ROOT})
    const result = await khaos(['--version'])
    assert.equal(result.exitCode, 0)
    assert.equal(result.stdout.trim(), config.userAgent)
  })

  it('runs every command through the one bundled copy of @oclif/core', () => {
    const bundle = readFileSync(join(ROOT, 'dist', 'shared', 'oclif.js'), 'utf8')
    assert.ok(bundle.length > 100_000, 'dist/shared/oclif.js is the esbuild bundle, not a one-line re-export')
    assert.doesNotMatch(bundle, /from\s*["']@oclif\/core["']/)
  })

  it('still loads commands, topics, help and the did-you-mean hook', async () => {
    assert.match((await khaos(['trial', 'list'])).stdout, /trial\(s\)/)
    assert.match((await khaos(['dao', '--help'])).stdout, /khaos dao COMMAND/)
    assert.match((await khaos(['help', 'verify'])).stdout, /USAGE/)
    const typo = await khaos(['dao', 'lst'])
    assert.equal(typo.exitCode, 2)
    assert.match(typo.stderr, /Did you mean "khaos dao list"/)
  })
})
