import {strict as assert} from 'node:assert'
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {scratchDir, sweepStaleScratch} from '../../src/drills/fixture.js'
import {ROOT, tempDir} from '../helpers/cli.js'

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

/** Polls (bounded) until `test` holds; false if it never did. Not a timing assertion: the bound is generous. */
async function eventually(test: () => boolean, maxMs = 20_000): Promise<boolean> {
  for (let waited = 0; waited < maxMs; waited += 100) {
    if (test()) return true
    await new Promise((resolve) => {
      setTimeout(resolve, 100)
    })
  }

  return test()
}

/**
 * A khaos stand-in running `code` (which starts a group whose first command writes its group id to
 * $SCRATCH/pgid); resolves once that id is known.
 */
async function startHolder(code: string, scratch: string): Promise<{child: ReturnType<typeof spawn>; pgid: number}> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: ROOT,
    env: {...process.env, SCRATCH: scratch},
    stdio: 'inherit',
  })
  const file = join(scratch, 'pgid')
  const ready = await eventually(() => existsSync(file) && /^\s*\d+\s*$/.test(readFileSync(file, 'utf8')))
  if (!ready) {
    child.kill('SIGKILL')
    throw new Error('the group never started')
  }

  return {child, pgid: Number(readFileSync(file, 'utf8').trim())}
}

/** Writes the group id atomically (so a half-written number is never read), then keeps the group busy. */
const GROUP_BODY = 'ps -o pgid= -p $$ > "$SCRATCH/pgid.tmp" && mv "$SCRATCH/pgid.tmp" "$SCRATCH/pgid"; sleep 300 & sleep 300 & wait'

describe('drill process groups outlive no SIGKILLed khaos', function () {
  this.timeout(120_000)
  let tmp: ReturnType<typeof tempDir>
  beforeEach(() => {
    tmp = tempDir('khaos-orphans-')
  })
  afterEach(() => tmp.cleanup())

  it("a learner's command group (drill check) dies when khaos is killed with SIGKILL", async () => {
    const code = `
      import {runCommand} from ${JSON.stringify(join(ROOT, 'src', 'drills', 'runner.ts'))}
      await runCommand(${JSON.stringify(GROUP_BODY)}, {cwd: process.env.SCRATCH, env: {SCRATCH: process.env.SCRATCH}, timeoutMs: 600000})`
    const {child, pgid} = await startHolder(code, tmp.path)
    assert.ok(groupAlive(pgid), 'the command group runs while khaos does')
    child.kill('SIGKILL')
    const gone = await eventually(() => !groupAlive(pgid))
    if (!gone) process.kill(-pgid, 'SIGKILL')
    assert.ok(gone, `process group ${pgid} still running after its khaos was killed`)
  })

  it('a live fixture group (startProcessGroup) dies when khaos is killed with SIGKILL', async () => {
    const code = `
      import {startProcessGroup} from ${JSON.stringify(join(ROOT, 'src', 'drills', 'process-group.ts'))}
      startProcessGroup('sh', ['-c', ${JSON.stringify(GROUP_BODY)}], {cwd: process.env.SCRATCH, scratch: process.env.SCRATCH + '/none'})
      setInterval(() => {}, 1000)`
    const {child, pgid} = await startHolder(code, tmp.path)
    assert.ok(groupAlive(pgid))
    child.kill('SIGKILL')
    const gone = await eventually(() => !groupAlive(pgid))
    if (!gone) process.kill(-pgid, 'SIGKILL')
    assert.ok(gone, `process group ${pgid} still running after its khaos was killed`)
  })
})

describe('drills/runs scratch folders of a killed khaos', () => {
  let tmp: ReturnType<typeof tempDir>
  beforeEach(() => {
    tmp = tempDir('khaos-runs-')
  })
  afterEach(() => tmp.cleanup())

  it("are swept at the next run as soon as their owner is gone; a live run's are kept", () => {
    const runs = join(tmp.path, 'runs')
    const dead = spawnSync('true').pid!
    const mine = scratchDir(runs, 'run-')
    assert.match(mine, new RegExp(`run-p${process.pid}-[A-Za-z0-9]{6}$`), "a scratch folder carries its owner's pid")
    for (const name of [`run-p${dead}-AbC123`, `08-s42-p${dead}-xYz789`]) mkdirSync(join(runs, name))
    mkdirSync(join(runs, 'not-ours'))
    sweepStaleScratch(runs)
    assert.deepEqual(readdirSync(runs).sort(), [mine.slice(runs.length + 1), 'not-ours'].sort())
  })
})
