import {strict as assert} from 'node:assert'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {userInfo} from 'node:os'
import {join} from 'node:path'
import {parse} from 'yaml'

import {migrateRecord, STATUS_TRANSITIONS, validateRecordFile, type DecisionRecord} from '../../src/records/index.js'
import {khaos, type RunOptions, tempDir} from '../helpers/cli.js'

const T = '2026-01-31T12:00:00Z'
const LATER = '2026-02-14T09:30:00Z'

/** A record exactly as khaos 0.1 wrote it (schema 1), from a synthesize run: contradictions with null resolutions. */
const V1_RECORD = `record_type: decision
id: 1
session_id: s1
title: Release process
topic: Release process
status: proposed
date: "2026-01-31"
participants:
  decision_makers:
    - Alice
    - Bob
  consulted: []
  informed: []
context: Synthesis of 2 input(s) from 2 participant(s).
decision: |-
  2 contradiction(s) found between the participants' claims.
  To be decided by the decision makers.
consequences: null
contradictions_resolved:
  - id: f-1
    kind: negation
    tension: null
    resolution: null
  - id: f-2
    kind: numeric
    tension: speed-vs-safety
    resolution: Ship behind a flag
artifacts: []
supersedes: null
superseded_by: null
generated:
  tool: khaos
  version: 0.1.0
  timestamp: "2026-01-31T12:00:00Z"
x-ticket: OPS-7
`

describe('khaos dao: status lifecycle and schema migration', function () {
  this.timeout(120_000)
  let tmp: ReturnType<typeof tempDir>
  let records: string
  let run: (args: string[], options?: RunOptions) => ReturnType<typeof khaos>
  const file = () => join(records, 'dao_record_s1.yaml')
  const read = () => parse(readFileSync(file(), 'utf8')) as DecisionRecord

  beforeEach(() => {
    tmp = tempDir()
    records = join(tmp.path, 'dao_records')
    run = async (args, options = {}) => {
      const result = await khaos(args, {cwd: tmp.path, ...options, env: {KHAOS_HOME: join(tmp.path, 'home'), ...options.env}})
      return {...result, stderr: result.stderr.replaceAll(/ ?\n ›  +/g, ' ')}
    }
  })
  afterEach(() => tmp.cleanup())

  it('accept keeps the id, file and participants, sets the outcome and appends who and when to the history', async () => {
    const made = await run(['dao', 'record', '--topic', 'Log retention', '--session', 's1', '--participants', 'ana,bo', '--consulted', 'cy', '--timestamp', T])
    assert.equal(made.exitCode, 0, made.stderr)
    const bare = await run(['dao', 'accept', '1'])
    assert.equal(bare.exitCode, 2)
    assert.match(bare.stderr, /record 1 says no decision yet \(to be decided\); accept it with --decision/)
    const accepted = await run([
      'dao',
      'accept',
      '1',
      '--decision',
      'Keep 30 days',
      '--by',
      'Ana Lima',
      '--note',
      'agreed in the ops review',
      '--timestamp',
      LATER,
      '--json',
    ])
    assert.equal(accepted.exitCode, 0, accepted.stderr)
    assert.deepEqual(JSON.parse(accepted.stdout), {at: LATER, by: 'Ana Lima', from: 'proposed', id: 1, migrated: false, path: file(), status: 'accepted'})
    const record = read()
    assert.equal(record.id, 1)
    assert.equal(record.status, 'accepted')
    assert.equal(record.decision, 'Keep 30 days')
    assert.deepEqual(record.participants, {consulted: ['cy'], decision_makers: ['ana', 'bo'], informed: []})
    assert.deepEqual(record.status_history, [{at: LATER, by: 'Ana Lima', from: 'proposed', note: 'agreed in the ops review', to: 'accepted'}])
    assert.equal(validateRecordFile(file()).valid, true)

    // Without --by: the OS user name (no git involved).
    const deprecated = await run(['dao', 'deprecate', '1', '--timestamp', '2026-03-01T00:00:00Z'])
    assert.equal(deprecated.exitCode, 0, deprecated.stderr)
    assert.equal(deprecated.stdout.trim(), `record 1: accepted → deprecated by ${userInfo().username} (dao_records/dao_record_s1.yaml)`)
    assert.deepEqual(
      read().status_history!.map((c) => [c.from, c.to, c.by]),
      [
        ['proposed', 'accepted', 'Ana Lima'],
        ['accepted', 'deprecated', userInfo().username],
      ],
    )

    const shown = await run(['dao', 'show', '1'])
    assert.equal(shown.exitCode, 0, shown.stderr)
    assert.match(shown.stdout, /^Record 1: Log retention\nStatus: {4}deprecated\n/)
    assert.match(shown.stdout, /Decision outcome\n {2}Keep 30 days\n/)
    assert.match(shown.stdout, /2026-02-14T09:30:00Z {2}proposed → accepted by Ana Lima: agreed in the ops review\n/)
    const json = await run(['dao', 'show', '1', '--json'])
    assert.deepEqual(JSON.parse(json.stdout).record.status_history, read().status_history)
  })

  it('refuses to write an accepted record that does not say what was decided', async () => {
    const result = await run(['dao', 'record', '--topic', 'T', '--session', 's1', '--status', 'accepted', '--timestamp', T])
    assert.equal(result.exitCode, 2)
    assert.match(result.stderr, /an accepted record says what was decided: pass --decision/)
    const draft = join(tmp.path, 'draft.yaml')
    writeFileSync(draft, 'topic: T\nstatus: accepted\ndecision: null\n')
    const fromDraft = await run(['dao', 'record', '--from', draft, '--session', 's1', '--timestamp', T])
    assert.equal(fromDraft.exitCode, 2)
    // And through validate: schema 2 says the same of a hand-edited file.
    await run(['dao', 'record', '--topic', 'T', '--session', 's1', '--timestamp', T])
    writeFileSync(file(), readFileSync(file(), 'utf8').replace('status: proposed', 'status: accepted'))
    const validate = await run(['dao', 'validate', file()])
    assert.equal(validate.exitCode, 1)
    assert.match(validate.stdout, /decision: must be string/)
  })

  it('refuses illegal transitions with exit 2 and leaves the file as it was', async () => {
    await run(['dao', 'record', '--topic', 'T', '--session', 's1', '--timestamp', T])
    const rejected = await run(['dao', 'reject', '1', '--by', 'bo', '--timestamp', T])
    assert.equal(rejected.exitCode, 0, rejected.stderr)
    const before = readFileSync(file())
    const cases: Array<[string[], RegExp]> = [
      [['dao', 'accept', '1', '--decision', 'x', '--by', 'a'], /cannot go from rejected to accepted: rejected is final/],
      [['dao', 'reject', '1', '--by', 'a'], /record 1 is already rejected/],
      [['dao', 'deprecate', '1', '--by', 'a'], /cannot go from rejected to deprecated/],
      [['dao', 'accept', '9', '--decision', 'x', '--by', 'a'], /no record with id 9/],
      [['dao', 'accept', 'one', '--decision', 'x', '--by', 'a'], /invalid record id "one"/],
      [['dao', 'reject', '1', '--by', 'a', '--decision', 'x'], /Nonexistent flag: --decision|--decision goes with accept/],
      [['dao', 'show', '1', '--dir', 'nowhere'], /records folder nowhere: no such directory/],
    ]
    for (const [args, message] of cases) {
      const result = await run(args)
      assert.equal(result.exitCode, 2, `${args.join(' ')}: ${result.stderr}`)
      assert.match(result.stderr, message)
    }

    const json = await run(['dao', 'reject', '1', '--by', 'a', '--json'])
    assert.equal(json.exitCode, 2)
    assert.equal(JSON.parse(json.stdout).error.code, 'ILLEGAL_TRANSITION')
    assert.deepEqual(readFileSync(file()), before)
    // Derived from the table, so a change to the lifecycle shows here: only proposed and accepted records move on.
    assert.deepEqual(
      Object.entries(STATUS_TRANSITIONS)
        .filter(([, to]) => to.length > 0)
        .map(([from]) => from)
        .sort(),
      ['accepted', 'proposed'],
    )
  })

  it('two concurrent accepts: the records lock lets exactly one through', async () => {
    await run(['dao', 'record', '--topic', 'T', '--session', 's1', '--timestamp', T])
    const results = await Promise.all(['a', 'b', 'c'].map((by) => run(['dao', 'accept', '1', '--decision', `by ${by}`, '--by', by, '--timestamp', LATER])))
    assert.deepEqual(results.map((r) => r.exitCode).sort(), [0, 2, 2], results.map((r) => r.stderr).join('\n'))
    for (const r of results.filter((x) => x.exitCode === 2)) assert.match(r.stderr, /already accepted/)
    assert.equal(read().status_history!.length, 1)
    assert.equal(validateRecordFile(file()).valid, true)
  })

  it('is byte-identical for the same changes under --timestamp and --by', async () => {
    const texts: string[] = []
    for (const dir of ['one', 'two']) {
      await run(['dao', 'record', '--topic', 'T', '--session', 's1', '--dir', dir, '--timestamp', T])
      const accepted = await run(['dao', 'accept', '1', '--dir', dir, '--decision', 'Yes', '--by', 'ana'], {env: {SOURCE_DATE_EPOCH: '1770000000'}})
      assert.equal(accepted.exitCode, 0, accepted.stderr)
      texts.push(readFileSync(join(tmp.path, dir, 'dao_record_s1.yaml'), 'utf8'))
    }

    assert.equal(texts[0], texts[1])
    assert.match(texts[0], /at: "2026-02-02T02:40:00Z"/)
  })

  it('superseding a record appends the change to its history', async () => {
    await run(['dao', 'record', '--topic', 'T', '--session', 's1', '--timestamp', T])
    const second = await run(['dao', 'record', '--topic', 'T2', '--session', 's2', '--supersedes', '1', '--timestamp', LATER])
    assert.equal(second.exitCode, 0, second.stderr)
    assert.deepEqual(read().status_history, [{at: LATER, by: userInfo().username, from: 'proposed', note: 'superseded by record 2', to: 'superseded'}])
    const again = await run(['dao', 'deprecate', '1', '--by', 'a'])
    assert.equal(again.exitCode, 2)
    assert.match(again.stderr, /cannot go from superseded to deprecated: it was replaced by record 2/)
  })

  it('dao show neutralises terminal escapes from the record', async () => {
    await run([
      'dao',
      'record',
      '--topic',
      'Title \u001B]0;pwned\u0007 \u001B[31mred',
      '--session',
      's1',
      '--context',
      'line one\n\u001B[2Jcleared',
      '--timestamp',
      T,
    ])
    const shown = await run(['dao', 'show', '1'])
    assert.equal(shown.exitCode, 0, shown.stderr)
    assert.doesNotMatch(shown.stdout, /[\u0000-\u0008\u000B-\u001F\u007F]/)
    assert.match(shown.stdout, /Title \]0;pwned \[31mred/)
    assert.match(shown.stdout, /Decision outcome\n {2}to be decided\n/)
  })

  describe('schema 1 records', () => {
    beforeEach(() => {
      mkdirSync(records, {recursive: true})
      writeFileSync(file(), V1_RECORD)
      writeFileSync(join(records, '.khaos-records.json'), '{"last_id": 1}\n')
    })

    it('are still valid, and dao migrate upgrades them in one step (--dry-run writes nothing)', async () => {
      const validate = await run(['dao', 'validate', 'dao_records'])
      assert.equal(validate.exitCode, 0, validate.stdout + validate.stderr)
      const dry = await run(['dao', 'migrate', '--dry-run', '--json'])
      assert.equal(dry.exitCode, 0, dry.stderr)
      assert.deepEqual(JSON.parse(dry.stdout).migrated, [{file: file(), id: 1}])
      assert.equal(readFileSync(file(), 'utf8'), V1_RECORD)

      const migrated = await run(['dao', 'migrate'])
      assert.equal(migrated.exitCode, 0, migrated.stderr)
      assert.match(migrated.stdout, /upgraded dao_records\/dao_record_s1\.yaml \(record 1\) to schema 2\ndao_records: 1 record upgraded, 0 already at schema 2/)
      const record = read()
      assert.equal(record.schema_version, 2)
      // What a person wrote is kept; the unresolved contradiction is open now, the resolved one stays resolved.
      assert.equal(record.decision, parse(V1_RECORD).decision)
      assert.equal(record['x-ticket'], 'OPS-7')
      assert.deepEqual(
        record.contradictions_resolved.map((c) => c.id),
        ['f-2'],
      )
      assert.deepEqual(
        record.open_contradictions!.map((c) => [c.id, c.kind, c.claims.length]),
        [['f-1', 'negation', 0]],
      )
      assert.match(record.open_contradictions![0].explanation, /schema 1 kept no quotes/)
      assert.equal(validateRecordFile(file()).valid, true)
      const again = await run(['dao', 'migrate', '--json'])
      assert.deepEqual(JSON.parse(again.stdout).migrated, [])
      // The same upgrade as the core function, byte for byte through the CLI.
      assert.deepEqual(read(), {...migrateRecord(parse(V1_RECORD)), contradictions_resolved: record.contradictions_resolved})
    })

    it('a folder holding an invalid record is refused before anything is written', async () => {
      writeFileSync(join(records, 'broken.yaml'), 'record_type: decision\nid: 2\n')
      const result = await run(['dao', 'migrate'])
      assert.equal(result.exitCode, 2)
      assert.match(result.stderr, /cannot migrate dao_records: 1 invalid record file\(s\), e\.g\. dao_records\/broken\.yaml:\d+:\d+ .*nothing was written/)
      assert.equal(readFileSync(file(), 'utf8'), V1_RECORD)
    })

    it('a status change upgrades the one record it rewrites', async () => {
      const accepted = await run(['dao', 'accept', '1', '--decision', 'Ship on Fridays behind a flag', '--by', 'Alice', '--timestamp', LATER, '--json'])
      assert.equal(accepted.exitCode, 0, accepted.stderr)
      assert.equal(JSON.parse(accepted.stdout).migrated, true)
      const record = read()
      assert.equal(record.schema_version, 2)
      assert.equal(record.decision, 'Ship on Fridays behind a flag')
      assert.equal(validateRecordFile(file()).valid, true)
    })
  })

  it('dao link: supersession keeps both ids and writes the history; other links go on both records; dao graph draws them', async () => {
    for (const [i, title] of ['Use Postgres 16', 'Pool connections with <PgBouncer> "transaction" mode', 'Move to Postgres 17'].entries()) {
      const made = await run(['dao', 'record', '--topic', title, '--session', `s${i + 1}`, '--participants', 'ana', '--timestamp', T])
      assert.equal(made.exitCode, 0, made.stderr)
    }

    const superseded = await run(['dao', 'link', '3', '1', '--relation', 'supersedes', '--by', 'Ana', '--timestamp', LATER, '--json'])
    assert.equal(superseded.exitCode, 0, superseded.stderr)
    assert.deepEqual(JSON.parse(superseded.stdout).toStatus, 'superseded')
    const old = parse(readFileSync(join(records, 'dao_record_s1.yaml'), 'utf8')) as DecisionRecord
    assert.deepEqual([old.id, old.status, old.superseded_by], [1, 'superseded', 3])
    assert.deepEqual(old.status_history, [{at: LATER, by: 'Ana', from: 'proposed', note: 'superseded by record 3', to: 'superseded'}])
    const amends = await run(['dao', 'link', '2', '3', '--relation', 'amends'])
    assert.equal(amends.exitCode, 0, amends.stderr)
    assert.deepEqual((parse(readFileSync(join(records, 'dao_record_s3.yaml'), 'utf8')) as DecisionRecord).links, [{id: 2, relation: 'amended-by'}])
    const shown = await run(['dao', 'show', '2'])
    assert.match(shown.stdout, /^Links: {5}amends 3$/m)
    const validate = await run(['dao', 'validate', records])
    assert.equal(validate.exitCode, 0, validate.stdout + validate.stderr)

    // Refused, with one line each: a cycle, a second supersession, itself, an unknown id.
    for (const [args, message] of [
      [['1', '3', '--relation', 'supersedes'], /that would be a cycle/],
      [['3', '2', '--relation', 'supersedes'], /record 3 already supersedes record 1/],
      [['2', '2'], /cannot be linked to itself/],
      [['2', '9'], /9/],
    ] as const) {
      const refused = await run(['dao', 'link', ...args])
      assert.equal(refused.exitCode, 2, `${args.join(' ')}: ${refused.stderr}`)
      assert.match(refused.stderr, message)
    }

    const graph = await run(['dao', 'graph'])
    assert.equal(graph.exitCode, 0, graph.stderr)
    assert.match(graph.stdout, /^ {2}r3 -> r1 \[label="supersedes", style=bold\];$/m)
    assert.match(graph.stdout, /^ {2}r2 -> r3 \[label="amends", style=dashed\];$/m)
    assert.ok(graph.stdout.includes('&lt;PgBouncer&gt; \\"transaction\\" mode'), 'titles are DOT-escaped')
    assert.equal((await run(['dao', 'graph'])).stdout, graph.stdout, 'same folder, same bytes')
    const svg = await run(['dao', 'graph', '--format', 'svg', '--out', 'decisions.svg', '--json'])
    assert.equal(svg.exitCode, 0, svg.stderr)
    assert.deepEqual(JSON.parse(svg.stdout), {edges: 2, format: 'svg', out: 'decisions.svg', records: 3})
    assert.match(readFileSync(join(tmp.path, 'decisions.svg'), 'utf8'), /<svg[^>]*>[\s\S]*Move to Postgres 17/)
  })

  it('dao new: the MADR template in $EDITOR creates the record once valid; without a terminal nothing is asked', async () => {
    const editor = join(tmp.path, 'editor.cjs')
    writeFileSync(
      editor,
      `const fs = require('fs'); const f = process.argv[2]; const t = fs.readFileSync(f, 'utf8');
fs.writeFileSync(f, process.env.MODE === 'bad' ? 'status: [' : process.env.MODE === 'empty' ? '# nothing\\n' : t.replace('context: null', 'context: The queue drops messages on failover.').replace('decision_drivers: []', 'decision_drivers: [durability]'))`,
    )
    const env = (mode: string) => ({EDITOR: `${process.execPath} ${editor}`, MODE: mode})
    // Not a terminal: the editor is never started, even with $EDITOR set; the record is created from the flags.
    const plain = await run(['dao', 'new', '--title', 'Move the queue to NATS', '--participants', 'ana,bo', '--timestamp', T, '--json'], {env: env('good')})
    assert.equal(plain.exitCode, 0, plain.stderr)
    assert.equal(JSON.parse(plain.stdout).edited, false)
    const first = parse(readFileSync(JSON.parse(plain.stdout).path, 'utf8')) as DecisionRecord
    assert.deepEqual([first.id, first.status, first.decision, first.participants.decision_makers], [1, 'proposed', null, ['ana', 'bo']])

    const edited = await run(['dao', 'new', '--title', 'Retire the v1 API', '--edit', '--timestamp', T, '--json'], {env: env('good')})
    assert.equal(edited.exitCode, 0, edited.stderr)
    const record = parse(readFileSync(JSON.parse(edited.stdout).path, 'utf8')) as DecisionRecord
    assert.deepEqual([record.id, record.context, record.decision_drivers, record.decision], [2, 'The queue drops messages on failover.', ['durability'], null])
    assert.equal(validateRecordFile(JSON.parse(edited.stdout).path).valid, true)

    const bad = await run(['dao', 'new', '--title', 'Broken', '--edit', '--timestamp', T], {env: env('bad')})
    assert.equal(bad.exitCode, 2)
    assert.match(bad.stderr, /your draft is kept: \S+drafts\/record-\S+\.yaml/)
    const cancelled = await run(['dao', 'new', '--title', 'Nope', '--edit', '--timestamp', T], {env: env('empty')})
    assert.equal(cancelled.exitCode, 1)
    assert.match(cancelled.stderr, /cancelled/)
    const list = await run(['dao', 'list', '--json'])
    assert.equal(JSON.parse(list.stdout).records.length, 2, 'a broken or cancelled draft creates no record')
  })
})
