import {strict as assert} from 'node:assert'
import {spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {BIN, khaos, tempDir} from '../helpers/cli.js'

describe('shell completion: ids, and its cache under KHAOS_HOME', function () {
  this.timeout(120_000)
  let work: ReturnType<typeof tempDir>
  let env: Record<string, string>
  beforeEach(() => {
    work = tempDir()
    // HOME elsewhere too: nothing may land in the user's own ~/.cache.
    env = {HOME: join(work.path, 'user-home'), KHAOS_HOME: join(work.path, 'home'), XDG_CACHE_HOME: join(work.path, 'user-home', '.cache')}
  })
  afterEach(() => work.cleanup())

  /** What bash offers for `khaos WORDS<TAB>` with the generated completion function loaded. */
  function complete(words: string[]): string[] {
    const shim = join(work.path, 'bin')
    mkdirSync(shim, {recursive: true})
    writeFileSync(join(shim, 'khaos'), `#!/bin/sh\nexec node ${JSON.stringify(BIN)} "$@"\n`)
    chmodSync(join(shim, 'khaos'), 0o755)
    const script = `source "$KHAOS_HOME/cache/autocomplete/functions/bash/khaos.bash"
COMP_WORDS=(khaos ${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length}
_khaos_ids_autocomplete; printf '%s\\n' "\${COMPREPLY[@]}"`
    const result = spawnSync('bash', ['-c', script], {encoding: 'utf8', env: {...process.env, ...env, PATH: `${shim}:${process.env.PATH}`}})
    assert.equal(result.status, 0, result.stderr)
    return result.stdout.split('\n').filter(Boolean)
  }

  it('writes the completion cache under $KHAOS_HOME/cache, and offers drill, trial and key ids', async () => {
    const setup = await khaos(['autocomplete', '--refresh-cache'], {env})
    assert.equal(setup.exitCode, 0, setup.stderr)
    assert.ok(existsSync(join(env.KHAOS_HOME, 'cache', 'autocomplete', 'functions', 'bash', 'khaos.bash')))
    assert.equal(existsSync(join(env.HOME)), false, 'nothing written under HOME')
    assert.equal((await khaos(['keys', 'generate', '--name', 'release', '--no-passphrase'], {env})).exitCode, 0)

    const drills = complete(['drill', 'check', ''])
    assert.ok(drills.includes('2') && drills.includes('ssh-audit'), drills.join(' '))
    assert.deepEqual(complete(['drill', 'watch', 'ssh-']), ['ssh-audit'])
    const trials = complete(['trial', 'explain', 'F1'])
    assert.ok(trials.includes('F1') && trials.includes('F11') && trials.every((t) => t.startsWith('F1')), trials.join(' '))
    assert.deepEqual(complete(['keys', 'show', 're']), ['release'])
    assert.deepEqual(complete(['verify', 'notary', '--key', '']), ['release'])
    // Commands still complete as before.
    assert.ok(complete(['dr']).includes('drill'))
  })
})
