import {strict as assert} from 'node:assert'
import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {compareOutput} from '../../src/drills/compare.js'
import {sweepStaleScratch} from '../../src/drills/fixture.js'
import {pickNext, recordAttempt, newEntry, type ProgressFile} from '../../src/drills/progress.js'
import {runCommand} from '../../src/drills/runner.js'
import {hardcodedCommand} from '../../src/drills/verify.js'
import {generate as sshFixture} from '../../src/drills/modules/02-ssh-audit.js'
import {BIN, khaos, tempDir} from '../helpers/cli.js'
import {alive} from './alive.js'

const RIGHT_02 = `awk '/Failed password/{for(i=1;i<NF;i++) if($i=="from") n[$(i+1)]++} /Accepted/{for(i=1;i<NF;i++) if($i=="from") ok[$(i+1)]=1} END{for(ip in n) if(n[ip]>=5 && !(ip in ok)) print n[ip], ip}' auth.log | sort -k1,1nr -k2,2`

/** oclif wraps long error lines; join them back. */
const oneLine = (text: string) => text.replace(/\s*\n ›\s+/g, ' ')

describe('drill framework', () => {
  describe('compare', () => {
    it('exact ignores only trailing newlines', () => {
      assert.ok(compareOutput('a\nb\n', 'a\nb\n\n\n', 'exact').equal)
      assert.ok(!compareOutput('a b\n', 'a  b\n', 'exact').equal)
    })
    it('spacing forgives uniq -c widths but not a stray \\r', () => {
      assert.ok(compareOutput('3 x\n12 y\n', '      3 x\n     12 y\n', 'spacing').equal)
      const crlf = compareOutput('3 x\n', '3 x\r\n', 'spacing')
      assert.ok(!crlf.equal)
      assert.match(crlf.diff, /\\r/)
    })
    it('unordered ignores order, json compares data', () => {
      assert.ok(compareOutput('a 1\nb 2\n', 'b 2\na 1\n', 'unordered').equal)
      assert.ok(compareOutput('[{"a":1,"b":2}]', '[\n  {"b": 2, "a": 1}\n]\n', 'json').equal)
      assert.ok(!compareOutput('[1,2]', '[2,1]', 'json').equal)
      assert.match(compareOutput('[1]', 'nope', 'json').diff, /not valid JSON/)
    })
    it('diff starts at the first differing line and shows both sides', () => {
      const {diff, line} = compareOutput('a\nb\nc\n', 'a\nB\nc\n', 'exact')
      assert.equal(line, 2)
      assert.match(diff, /line 2/)
      assert.match(diff, /expected: "b"/)
      assert.match(diff, /actual: {3}"B"/)
    })
  })

  describe('runner', () => {
    it('closes stdin, uses the C locale and UTC', async () => {
      const dir = tempDir()
      try {
        const r = await runCommand('cat; echo "$LC_ALL $TZ"', {cwd: dir.path, timeoutMs: 5000})
        assert.equal(r.stdout, 'C UTC\n')
        assert.equal(r.timedOut, false)
      } finally {
        dir.cleanup()
      }
    })
    it('kills the whole process group at the timeout, background jobs included', async () => {
      const dir = tempDir()
      try {
        const r = await runCommand(`sleep 30 & echo $! > bg.pid; sleep 30`, {cwd: dir.path, timeoutMs: 500})
        assert.equal(r.timedOut, true)
        assert.ok(r.ms < 5000, `took ${r.ms} ms`)
        const bg = Number(readFileSync(join(dir.path, 'bg.pid'), 'utf8'))
        await new Promise((resolve) => setTimeout(resolve, 100))
        assert.ok(!alive(bg), 'the background sleep must be gone')
      } finally {
        dir.cleanup()
      }
    })
    it('caps output and kills a flood', async () => {
      const dir = tempDir()
      try {
        const r = await runCommand('yes', {cwd: dir.path, maxStdoutBytes: 10_000, timeoutMs: 10_000})
        assert.equal(r.overflow, true)
        assert.equal(r.stdout.length, 10_000)
      } finally {
        dir.cleanup()
      }
    })
  })

  describe('scratch sweeping', () => {
    it('removes only scratch directories older than the limit', () => {
      const dir = tempDir()
      try {
        mkdirSync(join(dir.path, 'old'))
        mkdirSync(join(dir.path, 'new'))
        const past = new Date(Date.now() - 7 * 3600 * 1000)
        utimesSync(join(dir.path, 'old'), past, past)
        sweepStaleScratch(dir.path)
        assert.deepEqual(readdirSync(dir.path), ['new'])
      } finally {
        dir.cleanup()
      }
    })
  })

  describe('Leitner scheduling', () => {
    it('a pass moves a drill up and out; a failure brings it back soon', () => {
      const t0 = '2026-01-01T00:00:00Z'
      let e = recordAttempt(newEntry(1, t0), true, t0)
      assert.equal(e.box, 2)
      assert.equal(e.due, '2026-01-04T00:00:00Z')
      e = recordAttempt(e, false, t0)
      assert.equal(e.box, 1)
      assert.equal(e.streak, 0)
      assert.equal(e.bestStreak, 1, 'the longest streak is kept after a failure')
      assert.equal(e.due, '2026-01-01T00:10:00Z')
      const progress: ProgressFile = {drills: {'01': recordAttempt(newEntry(1, t0), true, t0), '02': e}, version: 1}
      assert.equal(pickNext([1, 2, 3], progress, '2026-01-01T00:05:00Z')?.id, 3, 'nothing due: a new drill')
      assert.equal(pickNext([1, 2, 3], progress, '2026-01-01T00:11:00Z')?.id, 2, 'the failed one is due again')
      assert.equal(pickNext([1, 2], progress, '2026-01-01T00:05:00Z')?.id, 2, 'nothing due, nothing new: soonest due')
    })
  })

  describe('through the real command (drill 02)', () => {
    let home: ReturnType<typeof tempDir>
    beforeEach(() => {
      home = tempDir()
    })
    afterEach(() => home.cleanup())
    const run = (args: string[], input?: string) => khaos(args, {env: {KHAOS_HOME: home.path}, input})

    it('lists drills with the --json shape others rely on', async () => {
      const r = await run(['drill', 'list', '--json'])
      assert.equal(r.exitCode, 0, r.stderr)
      const {drills} = JSON.parse(r.stdout)
      const d = drills.find((x: {id: number}) => x.id === 2)
      for (const key of ['id', 'slug', 'title', 'bloom']) assert.ok(key in d, key)
    })

    it('start lays out the fixture; a right answer passes and is recorded', async () => {
      const start = await run(['drill', 'start', '2', '--seed', '41', '--json'])
      assert.equal(start.exitCode, 0, start.stderr)
      const {workspace} = JSON.parse(start.stdout)
      assert.ok(existsSync(join(workspace, 'auth.log')))
      assert.equal(readFileSync(join(workspace, 'auth.log'), 'utf8'), sshFixture(41).files['auth.log'])
      const r = await run(['drill', 'check', '2', '--json', '--', RIGHT_02])
      assert.equal(r.exitCode, 0, r.stdout + r.stderr)
      const result = JSON.parse(r.stdout)
      assert.equal(result.verdict, 'pass')
      assert.deepEqual(result.seeds, [41, 42])
      const progress = JSON.parse(readFileSync(join(home.path, 'drills', 'progress.json'), 'utf8'))
      assert.equal(progress.drills['02'].passes, 1)
      assert.equal(progress.drills['02'].box, 2)
      assert.ok(progress.drills['02'].firstPass)
    })

    it('start keeps a workspace of the same seed and refuses another seed without --force', async () => {
      assert.equal((await run(['drill', 'start', '2', '--seed', '7'])).exitCode, 0)
      const again = JSON.parse((await run(['drill', 'start', '2', '--json'])).stdout)
      assert.equal(again.seed, 7)
      assert.equal(again.laidOut, false)
      const other = await run(['drill', 'start', '2', '--seed', '8'])
      assert.equal(other.exitCode, 2)
      assert.match(oneLine(other.stderr), /another seed \(7\); pass --force/)
      const forced = JSON.parse((await run(['drill', 'start', '2', '--seed', '8', '--force', '--json'])).stdout)
      assert.equal(forced.laidOut, true)
      assert.equal(readFileSync(join(forced.workspace, 'auth.log'), 'utf8'), sshFixture(8).files['auth.log'])
    })

    it('the command can come from stdin; a wrong answer fails with exit 1 and a diff', async () => {
      await run(['drill', 'start', '2', '--seed', '5'])
      const r = await run(
        ['drill', 'check', '2', '--stdin'],
        "grep 'Failed password' auth.log | awk '{print $(NF-3)}' | sort | uniq -c | awk '$1>=5' | sort -k1,1nr -k2,2",
      )
      assert.equal(r.exitCode, 1)
      assert.match(r.stdout, /FAIL/)
      assert.match(r.stdout, /first difference at line \d+/)
      assert.match(r.stdout, /expected: /)
      assert.match(r.stdout, /actual: /)
    })

    it('a hard-coded answer passes its seed but fails on the fresh one, and says so', async () => {
      await run(['drill', 'start', '2', '--seed', '9'])
      const expected = sshFixture(9).expected!
      const r = await run(['drill', 'check', '2', '--json', '--', hardcodedCommand(expected)])
      assert.equal(r.exitCode, 1)
      const result = JSON.parse(r.stdout)
      assert.equal(result.verdict, 'hardcoded')
      assert.match(result.message, /hard-coded/)
      assert.deepEqual(result.seeds, [9, 10])
    })

    it('a command that hangs is killed at the timeout', async () => {
      await run(['drill', 'start', '2', '--seed', '3'])
      const started = Date.now()
      const r = await run(['drill', 'check', '2', '--json', '--', 'sleep 600 | cat'])
      assert.equal(r.exitCode, 1)
      assert.equal(JSON.parse(r.stdout).verdict, 'timeout')
      assert.ok(Date.now() - started < 30_000)
    })

    it('no command and no TTY: a clear usage error, exit 2', async () => {
      const r = await run(['drill', 'check', '2'])
      assert.equal(r.exitCode, 2)
      assert.match(r.stderr, /no command/)
    })

    it('unknown drill and bad seed are usage errors', async () => {
      assert.equal((await run(['drill', 'show', '99'])).exitCode, 2)
      assert.equal((await run(['drill', 'start', '2', '--seed', '../x'])).exitCode, 2)
    })

    it('hints are graded and counted; reset forgets', async () => {
      for (let i = 1; i <= 4; i++) {
        const r = JSON.parse((await run(['drill', 'hint', '2', '--json'])).stdout)
        assert.equal(r.hintsUsed, Math.min(i, 3))
      }

      assert.equal((await run(['drill', 'reset', '2'])).exitCode, 0)
      const r = JSON.parse((await run(['drill', 'show', '2', '--json'])).stdout)
      assert.equal(r.hintsUsed, 0)
    })

    it('a damaged progress file is a clear error, not a crash', async () => {
      await run(['drill', 'hint', '2'])
      writeFileSync(join(home.path, 'drills', 'progress.json'), '{"version":1,"drills":')
      const r = await run(['drill', 'progress'])
      assert.equal(r.exitCode, 2)
      assert.match(oneLine(r.stderr), /progress file is not valid JSON.*reset --all/)
    })

    it('the fix a damaged progress entry suggests (drill reset NN) works, and keeps the other drills', async () => {
      await run(['drill', 'hint', '2'])
      await run(['drill', 'hint', '3'])
      const path = join(home.path, 'drills', 'progress.json')
      const data = JSON.parse(readFileSync(path, 'utf8'))
      data.drills['02'].attempts = 'many'
      writeFileSync(path, JSON.stringify(data))
      const broken = await run(['drill', 'progress'])
      assert.equal(broken.exitCode, 2)
      const suggested = /run `khaos (drill reset \d+)`/.exec(oneLine(broken.stderr))
      assert.ok(suggested, broken.stderr)
      const fixed = await run(suggested[1].split(' '))
      assert.equal(fixed.exitCode, 0, fixed.stderr)
      const after = JSON.parse(readFileSync(path, 'utf8'))
      assert.deepEqual(Object.keys(after.drills), ['03'])
      assert.equal((await run(['drill', 'progress'])).exitCode, 0)
    })

    it('progress survives being killed mid-write', async function () {
      this.timeout(120_000)
      await run(['drill', 'hint', '2'])
      const path = join(home.path, 'drills', 'progress.json')
      for (let i = 0; i < 12; i++) {
        // Kill `check` at varied moments, some during the progress write at its end.
        const child = spawn('node', [BIN, 'drill', 'check', '2', '--', 'cat auth.log >/dev/null; echo x'], {
          env: {...process.env, CI: 'true', KHAOS_HOME: home.path, NO_COLOR: '1'},
          stdio: 'ignore',
        })
        const closed = new Promise((resolve) => child.on('close', resolve))
        const delay = 100 + ((i * 131) % 1400)
        await new Promise((resolve) => setTimeout(resolve, delay))
        child.kill('SIGKILL')
        await closed
        const data = JSON.parse(readFileSync(path, 'utf8'))
        assert.equal(data.version, 1)
        assert.equal(data.drills['02'].hintsUsed, 1)
      }

      // Leftover temp files from killed writers never confuse the next run.
      const r = await run(['drill', 'progress', '--json'])
      assert.equal(r.exitCode, 0, r.stderr)
      assert.ok(readdirSync(join(home.path, 'drills')).includes('progress.json'))
    })

    it('next picks a failed drill first, then new ones; progress --json reports it', async () => {
      await run(['drill', 'start', '2', '--seed', '5'])
      await run(['drill', 'check', '2', '--', 'echo nope'])
      const next = await run(['drill', 'next', '--json'])
      assert.equal(next.exitCode, 0, next.stderr)
      // The failure is due again only after 10 minutes: until then a new drill comes first.
      assert.notEqual(JSON.parse(next.stdout).id, 2)
      assert.match(JSON.parse(next.stdout).reason, /not started/)
      const later = await khaos(['drill', 'next', '--json'], {env: {KHAOS_HOME: home.path, SOURCE_DATE_EPOCH: String(Math.floor(Date.now() / 1000) + 3600)}})
      assert.equal(JSON.parse(later.stdout).id, 2)
      assert.match(JSON.parse(later.stdout).reason, /failed/)
      const progress = JSON.parse((await run(['drill', 'progress', '--json'])).stdout)
      const row = progress.drills.find((d: {id: number}) => d.id === 2)
      assert.equal(row.status, 'failing')
      assert.equal(row.attempts, 1)
      assert.equal(row.box, 1)
    })

    it('progress --markdown is byte-identical with a fixed timestamp', async () => {
      await run(['drill', 'start', '2', '--seed', '41'])
      await run(['drill', 'check', '2', '--', RIGHT_02])
      const a = await run(['drill', 'progress', '--markdown', '--timestamp', '2026-01-01T00:00:00Z'])
      const b = await run(['drill', 'progress', '--markdown', '--timestamp', '2026-01-01T00:00:00Z'])
      assert.equal(a.exitCode, 0, a.stderr)
      assert.equal(a.stdout, b.stdout)
      assert.match(a.stdout, /## By Bloom level/)
      assert.match(a.stdout, /\| 02 \| SSH attack-surface audit \| evaluating \| passed \| 1 \| 100% \|/)
    })
  })
})
