import {strict as assert} from 'node:assert'

import {khaos, tempDir} from '../helpers/cli.js'

describe('khaos drill verify --all', () => {
  it('every drill present: solution passes, wrong answers and hard-coded answers fail (3 seeds)', async function () {
    this.timeout(600_000)
    const home = tempDir()
    try {
      const r = await khaos(['drill', 'verify', '--all', '--seeds', '3', '--json'], {env: {KHAOS_HOME: home.path}, timeout: 590_000})
      const report = JSON.parse(r.stdout)
      const bad = report.drills.filter((d: {status: string}) => d.status === 'fail')
      assert.deepEqual(bad, [], JSON.stringify(bad, null, 2))
      for (const d of report.drills) {
        assert.ok(['pass', 'skip'].includes(d.status))
        if (d.status === 'skip') assert.match(d.reason, /missing tool/)
      }

      assert.equal(r.exitCode, report.failed > 0 ? 1 : 0)
      assert.equal(report.passed + report.failed + report.skipped, report.drills.length)
    } finally {
      home.cleanup()
    }
  })
})
