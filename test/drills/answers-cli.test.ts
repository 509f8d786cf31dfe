import {strict as assert} from 'node:assert'
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, readFileSync, symlinkSync} from 'node:fs'
import {join} from 'node:path'

import {BIN, khaos, tempDir} from '../helpers/cli.js'
import {alive} from './alive.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('drills 11-20 through the real command', function () {
  this.timeout(120_000)
  let home: ReturnType<typeof tempDir>
  beforeEach(() => {
    home = tempDir()
  })
  afterEach(() => home.cleanup())
  const run = (args: string[]) => khaos(args, {env: {KHAOS_HOME: home.path}, timeout: 110_000})

  it('18: start prints the task; check gets $PROM_URL of a live stand-in and passes a right answer', async () => {
    const start = await run(['drill', 'start', '18', '--seed', '4', '--json'])
    assert.equal(start.exitCode, 0, start.stderr)
    const right = `t=$(curl -fsS "$PROM_URL/api/v1/targets")
printf '%s' "$t" | jq -r '.data.activeTargets[] | select(.health == "down") | "\\(.labels.job) \\(.labels.instance)"' | sort
printf '%s' "$t" | jq -r '.data.activeTargets | group_by(.labels.job) | map({j: .[0].labels.job, d: (map(select(.health == "down")) | length), n: length}) | map(select(.d > 0)) | sort_by(-(.d / .n), -.d, .j) | "worst \\(.[0].j)"'`
    const r = await run(['drill', 'check', '18', '--json', '--', right])
    assert.equal(r.exitCode, 0, r.stdout + r.stderr)
    assert.deepEqual(JSON.parse(r.stdout).seeds, [4, 5])
  })

  it('19: a wrong answer fails with exit 1 and shows expected vs actual', async () => {
    await run(['drill', 'start', '19', '--seed', '6'])
    const r = await run([
      'drill',
      'check',
      '19',
      '--',
      `awk 'FNR==NR{c[$1]=$2;next} {n=FILENAME; sub(/.*\\//,"",n); sub(/\\.uptime$/,"",n); printf "%s %.2f\\n", n, $(NF-2)/c[n]}' cluster/cpus.txt cluster/*.uptime | sort -k2,2nr -k1,1`,
    ])
    assert.equal(r.exitCode, 1)
    assert.match(r.stdout, /first difference at line \d+/)
    assert.match(r.stdout, /expected: /)
  })

  it('18: verify SKIPs with the reason when curl and jq are missing (and --strict fails)', async () => {
    const bin = tempDir()
    try {
      symlinkSync(spawnSync('bash', ['-c', 'command -v bash'], {encoding: 'utf8'}).stdout.trim(), join(bin.path, 'bash'))
      const env = {CI: 'true', HOME: home.path, KHAOS_HOME: home.path, NO_COLOR: '1', PATH: bin.path}
      const r = spawnSync(process.execPath, [BIN, 'drill', 'verify', '18', '--seeds', '1', '--json'], {encoding: 'utf8', env})
      assert.equal(r.status, 0, r.stderr)
      const report = JSON.parse(r.stdout)
      assert.equal(report.drills[0].status, 'skip')
      assert.match(report.drills[0].reason, /missing tool\(s\): .*curl.*jq/)
      const strict = spawnSync(process.execPath, [BIN, 'drill', 'verify', '18', '--seeds', '1', '--strict'], {encoding: 'utf8', env})
      assert.equal(strict.status, 1, strict.stdout + strict.stderr)
    } finally {
      bin.cleanup()
    }
  })

  it('16: Ctrl-C during check stops the live process tree and the learner command', async function () {
    if (process.platform !== 'linux') this.skip()
    const scratch = tempDir()
    try {
      const pidFile = join(scratch.path, 'root.pid')
      const child = spawn('node', [BIN, 'drill', 'check', '16', '--', `echo $$ > '${pidFile}.learner'; echo "$ROOT_PID" > '${pidFile}'; sleep 60`], {
        env: {...process.env, CI: 'true', KHAOS_HOME: home.path, NO_COLOR: '1'},
        stdio: 'ignore',
      })
      const closed = new Promise((resolve) => child.on('close', resolve))
      // (The shell creates the file before it writes the pid: wait for the number, not the file, or a busy machine
      // reads "" and `ps -g 0` lists every process.)
      const rootPid = () => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim() || 0) : 0)
      for (let i = 0; i < 400 && rootPid() === 0; i++) await sleep(50)
      const root = rootPid()
      assert.ok(root > 1, `the check should have written its root pid: ${root}`)
      await sleep(100)
      const group = spawnSync('ps', ['-o', 'pid=', '-g', String(root)], {encoding: 'utf8'})
        .stdout.trim()
        .split(/\s+/)
        .map(Number)
      assert.ok(group.length >= 4, `the tree should be running: ${group.join(' ')}`)
      child.kill('SIGINT')
      await closed
      await sleep(300)
      assert.deepEqual(
        group.filter((pid) => alive(pid)),
        [],
        'every process of the tree must be gone',
      )
      const learner = Number(readFileSync(`${pidFile}.learner`, 'utf8'))
      assert.ok(!alive(learner), 'the learner command (its process group) must be gone')
    } finally {
      scratch.cleanup()
    }
  })
})
