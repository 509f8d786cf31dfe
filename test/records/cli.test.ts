import {strict as assert} from 'node:assert'
import {createHash} from 'node:crypto'
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'

import {execa} from 'execa'

import {type DecisionRecord, loadRecord, readRecordsFolder} from '../../src/records/index.js'
import {BIN, khaos, type RunOptions, tempDir} from '../helpers/cli.js'

const T = '2026-01-31T12:00:00Z'

describe('khaos dao (CLI)', function () {
  this.timeout(120_000)
  let tmp: ReturnType<typeof tempDir>
  let home: ReturnType<typeof tempDir>
  let run: (args: string[], options?: RunOptions) => ReturnType<typeof khaos>
  let records: string

  beforeEach(() => {
    tmp = tempDir()
    home = tempDir()
    records = join(tmp.path, 'dao_records')
    // oclif wraps long error lines at the terminal width: join them back for matching.
    run = async (args, options = {}) => {
      const result = await khaos(args, {cwd: tmp.path, ...options, env: {KHAOS_HOME: home.path, ...options.env}})
      return {...result, stderr: result.stderr.replaceAll(/ ?\n ›  +/g, ' ')}
    }
  })
  afterEach(() => {
    tmp.cleanup()
    home.cleanup()
  })

  describe('dao record', () => {
    it('writes ./dao_records/dao_record_<session>.yaml with participants split by role', async () => {
      const result = await run([
        'dao',
        'record',
        '--topic',
        'Privacy vs Personalization',
        '--session',
        's1',
        '--participants',
        'alice,bob',
        '--consulted',
        'carol',
        '--informed',
        'dave',
        '--informed',
        'erin',
        '--decision',
        'Opt-in only',
        '--status',
        'accepted',
        '--resolves',
        'C-3',
        '--timestamp',
        T,
      ])
      assert.equal(result.exitCode, 0, result.stderr)
      assert.equal(result.stdout.trim(), 'wrote dao_records/dao_record_s1.yaml (decision record 1, accepted)')
      const record = loadRecord(join(records, 'dao_record_s1.yaml')) as DecisionRecord
      assert.deepEqual(record.participants, {consulted: ['carol'], decision_makers: ['alice', 'bob'], informed: ['dave', 'erin']})
      assert.deepEqual(record.contradictions_resolved, [{id: 'C-3'}])
      assert.equal(record.generated.timestamp, T)
      assert.match(record.generated.version, /^\d+\.\d+\.\d+/)
    })

    it('reports in JSON, supersedes two-way, and records artifact hashes', async () => {
      await run(['dao', 'record', '--topic', 'Retention', '--session', 's1', '--timestamp', T])
      writeFileSync(join(tmp.path, 'map.dot'), 'digraph { a -> b }\n')
      const result = await run([
        'dao',
        'record',
        '--topic',
        'Retention v2',
        '--session',
        's2',
        '--supersedes',
        '1',
        '--artifact',
        'map.dot',
        '--timestamp',
        T,
        '--json',
      ])
      assert.equal(result.exitCode, 0, result.stderr)
      const report = JSON.parse(result.stdout)
      assert.deepEqual(report, {
        id: 2,
        path: join(records, 'dao_record_s2.yaml'),
        record_type: 'decision',
        status: 'proposed',
        superseded: {id: 1, path: join(records, 'dao_record_s1.yaml')},
      })
      const old = loadRecord(join(records, 'dao_record_s1.yaml')) as DecisionRecord
      assert.equal(old.status, 'superseded')
      assert.equal(old.superseded_by, 2)
      const current = loadRecord(join(records, 'dao_record_s2.yaml')) as DecisionRecord
      assert.deepEqual(current.artifacts, [{path: '../map.dot', sha256: createHash('sha256').update('digraph { a -> b }\n').digest('hex')}])
    })

    it('gives byte-identical records for the same --timestamp in fresh folders', async () => {
      const args = ['dao', 'record', '--topic', 'T "quoted"', '--session', 's1', '--participants', 'a,b', '--decision', 'x\ny', '--timestamp', T]
      const one = await run([...args, '--out', 'one/r.yaml'])
      const two = await run([...args, '--out', 'two/r.yaml'])
      assert.equal(one.exitCode, 0, one.stderr)
      assert.equal(two.exitCode, 0, two.stderr)
      assert.equal(readFileSync(join(tmp.path, 'one/r.yaml'), 'utf8'), readFileSync(join(tmp.path, 'two/r.yaml'), 'utf8'))
      // SOURCE_DATE_EPOCH does the same when no flag is given.
      const env = {SOURCE_DATE_EPOCH: '1769860800'}
      await run(args.slice(0, -2).concat('--out', 'three/r.yaml'), {env})
      assert.equal(readFileSync(join(tmp.path, 'three/r.yaml'), 'utf8'), readFileSync(join(tmp.path, 'one/r.yaml'), 'utf8'))
    })

    it('round-trips hostile text given on the command line exactly', async () => {
      const hostile = 'He said "no" }\n<script>alert(1)</script> 🎉\n  indented\tand trailing  \n' + 'z'.repeat(10 * 1024)
      const result = await run([
        'dao',
        'record',
        '--topic',
        '}{ <b>"x"</b> 🎉',
        '--session',
        's1',
        '--decision',
        hostile,
        '--context',
        hostile,
        '--timestamp',
        T,
      ])
      assert.equal(result.exitCode, 0, result.stderr)
      const record = loadRecord(join(records, 'dao_record_s1.yaml')) as DecisionRecord
      assert.equal(record.decision, hostile)
      assert.equal(record.context, hostile)
      assert.equal(record.topic, '}{ <b>"x"</b> 🎉')
    })

    it('refuses bad input with one line and exit 2, writing nothing', async () => {
      const cases: Array<[string[], RegExp]> = [
        [['--topic', 'x', '--session', '../x'], /invalid session id "\.\.\/x"/],
        [['--topic', 'x'], /missing --session/],
        [['--session', 's1'], /missing --topic/],
        [['--topic', 'x', '--session', 's1', '--supersedes', '4'], /no record with id 4/],
        [['--topic', 'x', '--session', 's1', '--status', 'superseded'], /Expected --status=superseded to be one of/],
        [['--topic', 'x', '--session', 's1', '--timestamp', 'yesterday'], /invalid --timestamp/],
        [['--topic', 'x', '--session', 's1', '--artifact', 'missing.bin'], /artifact missing\.bin: no such file/],
        [['--topic', 'x', '--session', 's1', '--participants', 'a', '--consulted', 'a'], /both decision_makers and consulted/],
        [['--topic', 'x', '--session', 's1', '--out', 'a.yaml', '--dir', 'd'], /cannot also be provided/],
        [['--type', 'organization'], /needs --from FILE/],
        [['--topic', 'x', '--session', 's1', '--out', '.', '--force'], /is not a regular file/],
        [['--topic', 'x', '--session', 's1', '--dir', 'file.txt'], /records folder file\.txt is not a directory/],
        [['--type', 'organization', '--from', 'p.yaml', '--topic', 'x'], /remove --topic/],
      ]
      writeFileSync(join(tmp.path, 'file.txt'), 'not a folder')
      for (const [args, message] of cases) {
        const result = await run(['dao', 'record', ...args])
        assert.equal(result.exitCode, 2, `${args.join(' ')}: ${result.stderr}`)
        assert.match(result.stderr, message)
      }

      assert.deepEqual(readdirSync(tmp.path), ['file.txt'], 'nothing written, not even an id counter')
    })

    it('refuses to overwrite an existing record without --force', async () => {
      await run(['dao', 'record', '--topic', 'one', '--session', 's1', '--timestamp', T])
      const before = readFileSync(join(records, 'dao_record_s1.yaml'), 'utf8')
      const refused = await run(['dao', 'record', '--topic', 'two', '--session', 's1', '--timestamp', T])
      assert.equal(refused.exitCode, 2)
      assert.match(refused.stderr, /already exists; pass --force/)
      assert.equal(readFileSync(join(records, 'dao_record_s1.yaml'), 'utf8'), before)
      const forced = await run(['dao', 'record', '--topic', 'two', '--session', 's1', '--timestamp', T, '--force', '--json'])
      assert.equal(forced.exitCode, 0, forced.stderr)
      assert.equal(JSON.parse(forced.stdout).id, 2, 'a replaced record takes a new id')
      const json = await run(['dao', 'record', '--topic', 'three', '--session', 's1', '--json'])
      assert.equal(json.exitCode, 2)
      assert.equal(JSON.parse(json.stdout).error.exit, 2)
    })

    it('gives unique ids to records written in parallel', async () => {
      const results = await Promise.all(Array.from({length: 6}, (_, i) => run(['dao', 'record', '--topic', `t${i}`, '--session', `p${i}`, '--json'])))
      for (const result of results) assert.equal(result.exitCode, 0, result.stderr)
      const ids = results.map((r) => JSON.parse(r.stdout).id as number).sort((a, b) => a - b)
      assert.deepEqual(ids, [1, 2, 3, 4, 5, 6])
    })

    it('reads a decision draft with --from, flags winning over it', async () => {
      writeFileSync(
        join(tmp.path, 'draft.yaml'),
        'topic: Retention\nstatus: accepted\ndecision: Keep 30 days\nparticipants:\n  decision_makers: [ana]\n  informed: [ops]\n',
      )
      const result = await run(['dao', 'record', '--from', 'draft.yaml', '--session', 's1', '--participants', 'bo', '--timestamp', T])
      assert.equal(result.exitCode, 0, result.stderr)
      const record = loadRecord(join(records, 'dao_record_s1.yaml')) as DecisionRecord
      assert.equal(record.status, 'accepted')
      assert.equal(record.decision, 'Keep 30 days')
      assert.deepEqual(record.participants, {consulted: [], decision_makers: ['bo'], informed: ['ops']})
      const overridden = await run(['dao', 'record', '--from', 'draft.yaml', '--session', 's2', '--status', 'rejected', '--json'])
      assert.equal(JSON.parse(overridden.stdout).status, 'rejected')
      writeFileSync(join(tmp.path, 'bad.yaml'), 'topic: T\nsession: s3\n')
      const bad = await run(['dao', 'record', '--from', 'bad.yaml'])
      assert.equal(bad.exitCode, 2)
      assert.match(bad.stderr, /invalid draft bad\.yaml:2:1 session: is not a known field/)
    })

    it('leaves a consistent folder when interrupted (SIGINT) at any moment of a supersede', async () => {
      // Each run supersedes the latest record; SIGINT lands at a different moment each time (before start-up
      // ends, during the id scan, during the writes, after). Whatever happened, the folder must be whole.
      await run(['dao', 'record', '--topic', 'base', '--session', 'base'])
      for (let i = 0; i < 30; i++)
        writeFileSync(
          join(records, `filler-${i}.yaml`),
          readFileSync(join(records, 'dao_record_base.yaml'), 'utf8')
            .replace('id: 1', `id: ${100 + i}`)
            .replace('session_id: base', `session_id: f${i}`),
        )
      writeFileSync(join(records, '.khaos-records.json'), '{"last_id":129}\n')
      // One uninterrupted run gives the time scale: the signals then land from late start-up to just after the end.
      const started = Date.now()
      const warm = await run(['dao', 'record', '--topic', 'warm', '--session', 'warm', '--supersedes', '1', '--json'])
      assert.equal(warm.exitCode, 0, warm.stderr)
      const full = Date.now() - started
      let latest = JSON.parse(warm.stdout).id as number
      const delays = [0.4, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1].map((f) => Math.round(f * full))
      for (const [trial, delay] of delays.entries()) {
        const child = execa('node', [BIN, 'dao', 'record', '--topic', `t${trial}`, '--session', `c${trial}`, '--supersedes', String(latest), '--json'], {
          cwd: tmp.path,
          env: {CI: 'true', KHAOS_HOME: home.path, NO_COLOR: '1'},
          reject: false,
        })
        setTimeout(() => child.kill('SIGINT'), delay)
        const result = await child
        if (result.exitCode === 0) latest = JSON.parse(String(result.stdout)).id
        const leftovers = readdirSync(records).filter((f) => /\.(tmp|bak)$/.test(f))
        assert.deepEqual(leftovers, [], `trial ${trial}: temp files left`)
        const folder = readRecordsFolder(records)
        assert.deepEqual(folder.invalid, [], `trial ${trial}: invalid files`)
        assert.deepEqual(
          folder.problems.map((p) => p.message),
          [],
          `trial ${trial}: broken links`,
        )
        // A record that got written is linked both ways; the chain's head is the one to supersede next.
        latest = folder.records.find((r) => r.record_type === 'decision' && r.superseded_by === null && (r.supersedes !== null || r.id === 1))!.id
      }

      const after = await run(['dao', 'record', '--topic', 'after', '--session', 'after', '--supersedes', String(latest)])
      assert.equal(after.exitCode, 0, `a lock left by a killed run is taken over: ${after.stderr}`)
    })

    it('writes the organization profile from the user file only', async () => {
      writeFileSync(join(tmp.path, 'profile.yaml'), 'name: Example Collective\njurisdiction: Nowhere\n')
      const result = await run(['dao', 'record', '--type', 'organization', '--from', 'profile.yaml', '--timestamp', T])
      assert.equal(result.exitCode, 0, result.stderr)
      assert.match(result.stdout, /wrote dao_records\/organization\.yaml \(organization record 1\)/)
      const text = readFileSync(join(records, 'organization.yaml'), 'utf8')
      assert.match(text, /^record_type: organization\nid: 1\nname: Example Collective\njurisdiction: Nowhere\ngenerated:/)
      writeFileSync(join(tmp.path, 'bad.yaml'), 'name: X\nwebsite: [1, 2]\n')
      const bad = await run(['dao', 'record', '--type', 'organization', '--from', 'bad.yaml', '--out', 'o2.yaml'])
      assert.equal(bad.exitCode, 2)
      assert.match(bad.stderr, /bad\.yaml:2:1 website: must be string/)
    })
  })

  describe('dao validate', () => {
    const write = (name: string, text: string | Buffer) => {
      mkdirSync(records, {recursive: true})
      writeFileSync(join(records, name), text)
      return join('dao_records', name)
    }

    it('passes valid records (exit 0) and reports each problem as file:line:col field: message (exit 1)', async () => {
      await run(['dao', 'record', '--topic', 'ok', '--session', 's1', '--timestamp', T])
      const good = join('dao_records', 'dao_record_s1.yaml')
      const ok = await run(['dao', 'validate', good])
      assert.equal(ok.exitCode, 0, ok.stderr)
      assert.equal(ok.stdout.trim(), '1 of 1 record valid')
      const text = readFileSync(join(tmp.path, good), 'utf8')
      const bad = write('bad.yaml', text.replace('status: proposed', 'status: done').replace('session_id: s1', 'session_id: ../x'))
      const broken = write('broken.yaml', 'record_type: decision\nid: [1\n')
      const result = await run(['dao', 'validate', good, bad, broken])
      assert.equal(result.exitCode, 1)
      assert.deepEqual(result.stdout.trim().split('\n'), [
        'dao_records/bad.yaml:4:1 session_id: must use only A-Z a-z 0-9 . _ -',
        'dao_records/bad.yaml:7:1 status: must be one of: proposed, accepted, rejected, deprecated, superseded',
        'dao_records/broken.yaml:3:1 (yaml): Flow sequence in block collection must be sufficiently indented and end with a ]',
        '1 of 3 records valid',
      ])
      const json = await run(['dao', 'validate', good, bad, '--json'])
      assert.equal(json.exitCode, 1)
      const report = JSON.parse(json.stdout)
      assert.equal(report.valid, false)
      assert.deepEqual(
        report.files.map((f: {valid: boolean}) => f.valid),
        [true, false],
      )
      assert.deepEqual(report.files[1].issues[0], {col: 1, field: 'session_id', file: bad, line: 4, message: 'must use only A-Z a-z 0-9 . _ -'})
    })

    it('exits 2 for a missing or binary file, still reporting the others', async () => {
      const bin = write('bin.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]))
      const result = await run(['dao', 'validate', 'nope.yaml', bin])
      assert.equal(result.exitCode, 2)
      assert.match(result.stdout, /record nope\.yaml: no such file/)
      assert.match(result.stdout, /record dao_records\/bin\.yaml: binary data/)
      const none = await run(['dao', 'validate'])
      assert.equal(none.exitCode, 2)
      assert.match(none.stderr, /Missing 1 required arg/)
    })

    it('checks a whole folder, including the links between records', async () => {
      await run(['dao', 'record', '--topic', 'a', '--session', 's1'])
      await run(['dao', 'record', '--topic', 'b', '--session', 's2', '--supersedes', '1'])
      const ok = await run(['dao', 'validate', 'dao_records'])
      assert.equal(ok.exitCode, 0, ok.stdout)
      const s2 = join(records, 'dao_record_s2.yaml')
      writeFileSync(s2, readFileSync(s2, 'utf8').replace('supersedes: 1', 'supersedes: null'))
      const broken = await run(['dao', 'validate', 'dao_records', '--json'])
      assert.equal(broken.exitCode, 1)
      const report = JSON.parse(broken.stdout)
      assert.equal(report.files.length, 2)
      assert.match(report.problems[0].message, /superseded_by 2, but .*dao_record_s2\.yaml says supersedes null/)
    })
  })

  describe('dao list', () => {
    it('prints a table sorted by id and the same as JSON; warns about invalid files', async () => {
      await run(['dao', 'record', '--topic', 'First <decision>', '--session', 's1', '--timestamp', T])
      await run(['dao', 'record', '--topic', 'Second', '--session', 's2', '--supersedes', '1', '--status', 'accepted', '--decision', 'Go', '--timestamp', T])
      writeFileSync(join(records, 'zz.yaml'), 'record_type: decision\n')
      const table = await run(['dao', 'list'])
      assert.equal(table.exitCode, 0, table.stderr)
      assert.deepEqual(table.stdout.trimEnd().split('\n'), [
        'ID  STATUS      DATE        SESSION  LINKS          TITLE             FILE',
        '1   superseded  2026-01-31  s1       replaced by 2  First <decision>  dao_records/dao_record_s1.yaml',
        '2   accepted    2026-01-31  s2       replaces 1     Second            dao_records/dao_record_s2.yaml',
      ])
      assert.match(table.stderr, /^warning dao_records\/zz\.yaml:1:1 date: is required$/m)
      assert.match(table.stderr, /^warning dao_records\/zz\.yaml:1:1 id: is required$/m)
      const json = await run(['dao', 'list', '--json'])
      const report = JSON.parse(json.stdout)
      assert.deepEqual(
        report.records.map((r: {id: number; status: string}) => [r.id, r.status]),
        [
          [1, 'superseded'],
          [2, 'accepted'],
        ],
      )
      assert.equal(report.invalid.length, 1)
      await run(['dao', 'record', '--topic', 'evil \u001B[31mred\u001B[0m title', '--session', 's3'])
      const evil = await run(['dao', 'list'])
      assert.equal(evil.stdout.includes('\u001B'), false, 'no terminal escape reaches the table')
      assert.match(evil.stdout, /evil \\e\[31mred\\e\[0m title/, 'shown visibly by the shared terminalSafe')
    })

    it('treats a missing default folder as empty, a missing --dir as an error', async () => {
      const empty = await run(['dao', 'list', '--json'])
      assert.equal(empty.exitCode, 0)
      assert.deepEqual(JSON.parse(empty.stdout).records, [])
      const missing = await run(['dao', 'list', '--dir', 'nowhere'])
      assert.equal(missing.exitCode, 2)
      assert.match(missing.stderr, /records folder nowhere: no such directory/)
    })
  })

  describe('dao schema', () => {
    it('prints the JSON Schema, which another ajv applies to khaos records', async () => {
      const printed = await run(['dao', 'schema'])
      assert.equal(printed.exitCode, 0, printed.stderr)
      const schema = JSON.parse(printed.stdout)
      assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema')
      const {Ajv2020} = await import('ajv/dist/2020.js')
      const validate = new Ajv2020({allowUnionTypes: true, discriminator: true}).compile(schema)
      await run(['dao', 'record', '--topic', 'a', '--session', 's1'])
      const record = parse(readFileSync(join(records, 'dao_record_s1.yaml'), 'utf8'))
      assert.equal(validate(record), true, JSON.stringify(validate.errors))
      assert.equal(validate({...record, status: 'maybe'}), false)
      assert.equal(validate({...record, record_type: 'memo'}), false)
    })
  })

  describe('dao index', () => {
    it('writes a deterministic Markdown index with links and chains, and regenerates its own file', async () => {
      await run(['dao', 'record', '--topic', 'Use <script> | pipes', '--session', 's1', '--timestamp', T])
      await run(['dao', 'record', '--topic', 'Next', '--session', 's2', '--supersedes', '1', '--timestamp', T])
      const first = await run(['dao', 'index'])
      assert.equal(first.exitCode, 0, first.stderr)
      assert.equal(first.stdout.trim(), 'wrote dao_records/INDEX.md (2 records)')
      const markdown = readFileSync(join(records, 'INDEX.md'), 'utf8')
      assert.match(markdown, /^<!-- generated by khaos dao index/)
      assert.match(
        markdown,
        /\| \[1\]\(dao_record_s1\.yaml\) \| Use &lt;script&gt; \\\| pipes \| superseded \| 2026-01-31 \| s1 \| {2}\| \[2\]\(dao_record_s2\.yaml\) \|/,
      )
      assert.match(markdown, /- \[1\]\(dao_record_s1\.yaml\) → \[2\]\(dao_record_s2\.yaml\) \(current: Next, proposed\)/)
      const again = await run(['dao', 'index', '--json'])
      assert.equal(again.exitCode, 0, again.stderr)
      assert.deepEqual(JSON.parse(again.stdout), {path: 'dao_records/INDEX.md', problems: 0, records: 2, written: true})
      assert.equal(readFileSync(join(records, 'INDEX.md'), 'utf8'), markdown)
      const printed = await run(['dao', 'index', '--out', '-'])
      assert.equal(`${printed.stdout}\n`, markdown) // execa drops the final newline
    })

    it('refuses to replace a file it did not write without --force, and a missing folder', async () => {
      await run(['dao', 'record', '--topic', 'a', '--session', 's1'])
      writeFileSync(join(tmp.path, 'NOTES.md'), 'my notes\n')
      const refused = await run(['dao', 'index', '--out', 'NOTES.md'])
      assert.equal(refused.exitCode, 2)
      assert.match(refused.stderr, /NOTES\.md already exists; pass --force/)
      assert.equal(readFileSync(join(tmp.path, 'NOTES.md'), 'utf8'), 'my notes\n')
      const forced = await run(['dao', 'index', '--out', 'NOTES.md', '--force'])
      assert.equal(forced.exitCode, 0, forced.stderr)
      assert.match(readFileSync(join(tmp.path, 'NOTES.md'), 'utf8'), /\[1\]\(dao_records\/dao_record_s1\.yaml\)/)
      const missing = await run(['dao', 'index', '--dir', 'nowhere'])
      assert.equal(missing.exitCode, 2)
      assert.deepEqual(readdirSync(tmp.path).sort(), ['NOTES.md', 'dao_records'])
    })
  })
})
