import {strict as assert} from 'node:assert'
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, symlinkSync} from 'node:fs'
import {join} from 'node:path'

import {BIN, khaos, tempDir} from '../helpers/cli.js'

/** Processes of a process group that are still running (zombies waiting for a busy PID 1 do not count). */
function liveMembers(pgid: number): string[] {
  const ps = spawnSync('ps', ['-eo', 'pgid=,stat=,comm='], {encoding: 'utf8'})
  return ps.stdout.split('\n').filter((line) => {
    const [group, stat] = line.trim().split(/\s+/)
    return Number(group) === pgid && stat !== undefined && !stat.startsWith('Z')
  })
}

async function gone(pgid: number): Promise<string[]> {
  for (let i = 0; i < 50; i++) {
    const left = liveMembers(pgid)
    if (left.length === 0) return left
    await new Promise((resolve) => setTimeout(resolve, 100))
  }

  return liveMembers(pgid)
}

describe('live drill fixtures through the real command', () => {
  let home: ReturnType<typeof tempDir>
  beforeEach(() => {
    home = tempDir()
  })
  afterEach(() => home.cleanup())
  const run = (args: string[], env: Record<string, string> = {}) => khaos(args, {env: {KHAOS_HOME: home.path, ...env}})

  it('drill 10: a right answer passes against real sockets; counting both ends fails with a diff', async () => {
    const right = `ss -tan "sport = :$PORT" | awk 'NR > 1 { n[$1]++ } END { printf "ESTABLISHED %d\\nCLOSE_WAIT %d\\n", n["ESTAB"], n["CLOSE-WAIT"] }'`
    const ok = await run(['drill', 'check', '10', '--json', '--', right])
    assert.equal(ok.exitCode, 0, ok.stdout + ok.stderr)
    const wrong = `ss -tan | awk -v p=":$PORT" '$4 ~ p"$" || $5 ~ p"$" { n[$1]++ } END { printf "ESTABLISHED %d\\nCLOSE_WAIT %d\\n", n["ESTAB"], n["CLOSE-WAIT"] }'`
    const bad = await run(['drill', 'check', '10', '--', wrong])
    assert.equal(bad.exitCode, 1)
    assert.match(bad.stdout, /expected: "ESTABLISHED \d+"/)
  })

  it('start --live keeps the process tree up until Ctrl-C, then nothing is left', async function () {
    this.timeout(60_000)
    const child = spawn('node', [BIN, 'drill', 'start', '8', '--live'], {
      env: {...process.env, CI: 'true', KHAOS_HOME: home.path, NO_COLOR: '1'},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    let out = ''
    const pid = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const match = /export DRILL_PID="(\d+)"/.exec(out)
        if (match && out.includes('Ctrl-C')) resolve(Number(match[1]))
      })
      child.on('close', () => reject(new Error(`start --live ended early: ${out}`)))
    })
    assert.ok(liveMembers(pid).length >= 5, 'the tree runs while start --live waits')
    child.kill('SIGINT')
    assert.equal(await closed, 130)
    assert.deepEqual(await gone(pid), [], 'every process of the tree is stopped on Ctrl-C')
  })

  it('check interrupted by SIGINT while the tree runs leaves nothing behind', async function () {
    this.timeout(60_000)
    const pidFile = join(home.path, 'drill.pid')
    const child = spawn('node', [BIN, 'drill', 'check', '8', '--', `echo "$DRILL_PID" > '${pidFile}'; sleep 30`], {
      env: {...process.env, CI: 'true', KHAOS_HOME: home.path, NO_COLOR: '1'},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    let pid = 0
    for (let i = 0; i < 300 && !pid; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      if (existsSync(pidFile)) pid = Number(readFileSync(pidFile, 'utf8').trim())
    }

    assert.ok(pid > 0, 'the command ran with DRILL_PID set')
    assert.ok(liveMembers(pid).length >= 5, 'the tree runs while the command runs')
    child.kill('SIGINT')
    assert.equal(await closed, 130)
    assert.deepEqual(await gone(pid), [], 'the process tree is stopped')
  })

  it('even when khaos is SIGKILLed (no handler runs), the process tree removes itself', async function () {
    this.timeout(60_000)
    const pidFile = join(home.path, 'drill.pid')
    const child = spawn('node', [BIN, 'drill', 'check', '8', '--', `echo "$DRILL_PID" > '${pidFile}'; sleep 30`], {
      env: {...process.env, CI: 'true', KHAOS_HOME: home.path, NO_COLOR: '1'},
      stdio: 'ignore',
    })
    const closed = new Promise((resolve) => child.on('close', resolve))
    let pid = 0
    for (let i = 0; i < 300 && !pid; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      if (existsSync(pidFile)) pid = Number(readFileSync(pidFile, 'utf8').trim())
    }

    assert.ok(pid > 0)
    child.kill('SIGKILL')
    await closed
    // The supervisor polls khaos once a second.
    assert.deepEqual(await gone(pid), [], 'the watchdog killed the tree')
  })

  it('verify SKIPs a drill whose tool is missing, with the reason; --strict makes it a failure', async () => {
    // A PATH with everything drill 09 needs except jq.
    const bin = join(home.path, 'bin')
    mkdirSync(bin)
    for (const tool of ['node', 'bash', 'cat', 'sort', 'awk']) {
      const found = spawnSync('bash', ['-c', `command -v ${tool}`], {encoding: 'utf8'}).stdout.trim()
      symlinkSync(found, join(bin, tool))
    }

    const env = {PATH: bin}
    const skip = await run(['drill', 'verify', '9', '--seeds', '1', '--json'], env)
    assert.equal(skip.exitCode, 0, skip.stderr)
    const report = JSON.parse(skip.stdout)
    assert.deepEqual(
      report.drills.map((d: {status: string}) => d.status),
      ['skip'],
    )
    assert.match(report.drills[0].reason, /missing tool\(s\): jq/)
    assert.equal(report.skipped, 1)
    const strict = await run(['drill', 'verify', '9', '--seeds', '1', '--strict', '--json'], env)
    assert.equal(strict.exitCode, 1)
  })
})
