import {strict as assert} from 'node:assert'
import {mkdirSync, symlinkSync} from 'node:fs'
import {join} from 'node:path'

import {khaos, tempDir} from '../helpers/cli.js'

describe('khaos doctor: tools per feature, Debian packages, exit codes', function () {
  this.timeout(60_000)
  let work: ReturnType<typeof tempDir>
  let bare: string
  beforeEach(() => {
    work = tempDir()
    // A PATH with only bash and node: every other tool is missing.
    bare = join(work.path, 'bin')
    mkdirSync(bare)
    symlinkSync('/bin/bash', join(bare, 'bash'))
    symlinkSync(process.execPath, join(bare, 'node'))
  })
  afterEach(() => work.cleanup())

  it('--feature notary exits 1 when minisign and signify are missing, naming their Debian packages', async () => {
    const env = {KHAOS_HOME: join(work.path, 'home'), PATH: bare}
    const human = await khaos(['doctor', '--feature', 'notary'], {env})
    assert.equal(human.exitCode, 1, human.stdout + human.stderr)
    assert.match(human.stdout, /MISSING +minisign +minisign +notary/)
    assert.match(human.stdout, /MISSING +signify-openbsd +signify-openbsd +notary/)
    assert.match(human.stdout, /to install what is missing: sudo apt-get install -y minisign signify-openbsd/)
    assert.match(human.stderr, /missing for notary: .*minisign \(Debian package minisign\)/)
    const json = await khaos(['doctor', '--feature', 'maps', '--feature', 'drills', '--json'], {env})
    assert.equal(json.exitCode, 1)
    const report = JSON.parse(json.stdout)
    assert.equal(report.ok, false)
    assert.deepEqual(report.features, ['drills', 'maps'])
    const dot = report.tools.find((t: {name: string}) => t.name === 'dot')
    assert.deepEqual({found: dot.found, package: dot.package}, {found: false, package: 'graphviz'})
    assert.equal(report.tools.find((t: {name: string}) => t.name === 'awk').package, 'gawk')
    assert.equal(report.tools.find((t: {name: string}) => t.name === 'bash').found, true)
    assert.match(report.install, /^sudo apt-get install -y .*graphviz/)
  })

  it('without --feature it reports and exits 0; --strict exits 1; a feature whose tools are here exits 0', async () => {
    const env = {KHAOS_HOME: join(work.path, 'home'), PATH: bare}
    const plain = await khaos(['doctor'], {env})
    assert.equal(plain.exitCode, 0)
    assert.match(plain.stdout, /report only: pass --feature NAME/)
    assert.equal((await khaos(['doctor', '--strict'], {env})).exitCode, 1)
    symlinkSync('/usr/bin/git', join(bare, 'git'))
    const trials = await khaos(['doctor', '--feature', 'trials', '--json'], {env})
    assert.equal(trials.exitCode, 0, trials.stdout)
    assert.equal(JSON.parse(trials.stdout).ok, true)
    assert.equal((await khaos(['doctor', '--feature', 'nope'], {env})).exitCode, 2)
  })
})
