import {strict as assert} from 'node:assert'
import {spawn} from 'node:child_process'
import {join} from 'node:path'

import {loadProgress} from '../../src/drills/progress.js'
import {ROOT, tempDir} from '../helpers/cli.js'

describe('drill progress under concurrent checks', function () {
  this.timeout(120_000)
  it('parallel updates of different drills lose no attempt', async () => {
    const tmp = tempDir('khaos-progress-')
    try {
      const procs = 4
      const each = 15
      const code = (key: string) => `
        import {newEntry, updateProgress} from ${JSON.stringify(join(ROOT, 'src', 'drills', 'progress.ts'))}
        for (let i = 0; i < ${each}; i++) updateProgress(${JSON.stringify(tmp.path)}, (p) => {
          const entry = p.drills[${JSON.stringify(key)}] ?? newEntry(1, '2026-01-31T12:00:00Z')
          p.drills[${JSON.stringify(key)}] = {...entry, attempts: entry.attempts + 1}
        })`
      const keys = Array.from({length: procs}, (_, i) => String(i + 1).padStart(2, '0'))
      const codes = await Promise.all(
        keys.map(
          (key) =>
            new Promise<number | null>((resolve) => {
              spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code(key)], {cwd: ROOT, stdio: 'inherit'}).on('exit', resolve)
            }),
        ),
      )
      assert.deepEqual(
        codes,
        keys.map(() => 0),
      )
      const progress = loadProgress(tmp.path)
      assert.deepEqual(
        keys.map((key) => progress.drills[key]?.attempts),
        keys.map(() => each),
      )
    } finally {
      tmp.cleanup()
    }
  })
})
