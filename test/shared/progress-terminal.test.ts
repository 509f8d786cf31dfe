import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'

import {BIN, ROOT, tempDir} from '../helpers/cli.js'

/**
 * Progress on a real pseudo-terminal (util-linux `script`): a terminal reporting 0 columns made the spinner
 * redraw forever (exit 124 under timeout, megabytes of output); NO_COLOR must give plain lines too.
 */
const F2 = join(ROOT, 'trials', 'F02-runtime-socket', 'vulnerable')
const HIDE_CURSOR = '\u001B[?25l' // ora hides the cursor while it spins
const haveScript = spawnSync('script', ['--version'], {encoding: 'utf8'}).status === 0

function onTerminal(setup: string, env: Record<string, string> = {}): {output: string; signal: NodeJS.Signals | null} {
  const home = tempDir('khaos-pty-')
  try {
    const base: NodeJS.ProcessEnv = {}
    for (const [k, v] of Object.entries(process.env)) if (k !== 'CI' && k !== 'NO_COLOR' && k !== 'FORCE_COLOR') base[k] = v
    const command = `${setup}; exec '${process.execPath}' '${BIN}' trial run '${F2}' --no-report`
    const r = spawnSync('script', ['-qc', command, '/dev/null'], {
      encoding: 'utf8',
      env: {...base, KHAOS_HOME: join(home.path, 'home'), TERM: 'xterm', ...env},
      maxBuffer: 64 * 1024 * 1024,
      timeout: 30_000,
    })
    return {output: r.stdout, signal: r.signal}
  } finally {
    home.cleanup()
  }
}

describe('shared/output: progress on terminals of unknown size', function () {
  this.timeout(90_000)
  before(function () {
    if (!haveScript) this.skip() // util-linux `script` is needed for a pseudo-terminal
  })

  it('a terminal reporting 0 columns gets plain progress lines and the run ends', () => {
    const r = onTerminal('stty cols 0 rows 0')
    assert.equal(r.signal, null, 'the run was killed by the timeout: the spinner never stopped')
    assert.ok(r.output.length < 64 * 1024, `${r.output.length} bytes of output`)
    assert.equal(r.output.includes(HIDE_CURSOR), false)
    assert.match(r.output, /✔(\u001B\[39m)? scanning/)
  })

  it('NO_COLOR turns the spinner off on a normal terminal', () => {
    const r = onTerminal('stty cols 100 rows 40', {NO_COLOR: '1'})
    assert.equal(r.signal, null)
    assert.equal(r.output.includes(HIDE_CURSOR), false, 'a spinner ran although NO_COLOR is set')
    assert.match(r.output, /✔(\u001B\[39m)? scanning/)
  })

  it('a normal terminal still gets its spinner (the check above can see one)', () => {
    const r = onTerminal('stty cols 100 rows 40')
    assert.equal(r.signal, null)
    assert.ok(r.output.includes(HIDE_CURSOR), JSON.stringify(r.output.slice(0, 200)))
  })
})
