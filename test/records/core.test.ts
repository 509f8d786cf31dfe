import {strict as assert} from 'node:assert'
import {spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {hostname} from 'node:os'
import {parse} from 'yaml'

import {
  COUNTER_FILE,
  createDecisionRecord,
  DAO_RECORD_SCHEMA,
  DECISION_DRAFT_SCHEMA,
  DECISION_RECORD_SCHEMA,
  ORGANIZATION_PROFILE_SCHEMA,
  ORGANIZATION_RECORD_SCHEMA,
  createOrganizationRecord,
  type DecisionRecord,
  formatIssue,
  LOCK_FILE,
  loadRecord,
  readDecisionDraft,
  readOrganizationProfile,
  readRecordsFolder,
  renderIndex,
  serializeRecord,
  supersessionChains,
  validateRecordFile,
  validateRecordText,
} from '../../src/records/index.js'
import {withFolderLock} from '../../src/records/store.js'
import {writeFilesAtomic} from '../../src/shared/atomic.js'
import {InputError} from '../../src/shared/errors.js'
import {tempDir} from '../helpers/cli.js'

const T = '2026-01-31T12:00:00Z'
const GEN = {tool: 'khaos', version: '0.0.0-test'}

/** Strings that break naive YAML/Markdown writers; each must come back exactly. */
const HOSTILE = [
  'He said "no", then \'yes\'',
  'line one\nline two\n\nline four after a blank',
  'trailing newline\n',
  '  leading and trailing spaces  ',
  'closing } and ] and {{ template }}',
  '<script>alert("x")</script>',
  'emoji 🎉🔥 and combining é and CJK 漢字',
  'tab\there, CR\r\nLF, form feed\f, NUL-free bell \u0007',
  '# not a comment',
  '- not a list item',
  'key: value',
  '&anchor *alias !tag %directive @at `backtick`',
  'null',
  'true',
  '0x1F',
  '1e3',
  '2026-01-31',
  '---\n...\n',
  '| pipe | in | table |',
  'back\\slash \\n not a newline',
  'x'.repeat(10 * 1024),
  `${'long line with words '.repeat(600)}\nand a second`,
]

function newDecision(dir: string, extra: Partial<Parameters<typeof createDecisionRecord>[0]> = {}, session = 's1') {
  return createDecisionRecord({sessionId: session, timestamp: T, topic: 'Privacy vs Personalization', ...extra}, {dir, generator: GEN})
}

describe('dao records (core)', () => {
  let tmp: ReturnType<typeof tempDir>
  let dir: string
  beforeEach(() => {
    tmp = tempDir()
    dir = join(tmp.path, 'records')
  })
  afterEach(() => tmp.cleanup())

  describe('createDecisionRecord', () => {
    it('writes a valid record with the documented fields and key order', () => {
      const {path, record, yaml} = newDecision(dir, {
        artifacts: [
          {path: 'b.txt', sha256: 'b'.repeat(64)},
          {path: 'a.txt', sha256: 'a'.repeat(64)},
        ],
        consequences: 'Fewer features',
        context: 'Users asked',
        contradictionsResolved: [{id: 'C-7', kind: 'tension', resolution: 'opt-in', tension: 'privacy vs personalization'}],
        decision: 'Opt-in only',
        participants: {consulted: ['carol'], decision_makers: ['alice', 'bob'], informed: ['dave']},
        status: 'accepted',
      })
      assert.equal(path, join(dir, 'dao_record_s1.yaml'))
      assert.equal(readFileSync(path, 'utf8'), yaml)
      const keys = Object.keys(parse(yaml))
      assert.deepEqual(keys, [
        'record_type',
        'schema_version',
        'id',
        'session_id',
        'title',
        'topic',
        'status',
        'date',
        'participants',
        'context',
        'decision_drivers',
        'considered_options',
        'decision',
        'consequences',
        'open_contradictions',
        'contradictions_resolved',
        'artifacts',
        'supersedes',
        'superseded_by',
        'status_history',
        'generated',
      ])
      assert.equal(record.id, 1)
      assert.equal(record.title, 'Privacy vs Personalization')
      assert.equal(record.date, '2026-01-31')
      assert.deepEqual(record.generated, {timestamp: T, tool: 'khaos', version: '0.0.0-test'})
      assert.deepEqual(
        record.artifacts.map((a) => a.path),
        ['a.txt', 'b.txt'],
        'artifacts sorted by path',
      )
      assert.deepEqual(loadRecord(path), record)
      assert.ok(validateRecordFile(path).valid)
      // Integrity is the notary's job: the record carries no hash of its own bytes.
      assert.equal(yaml.includes(createHash('sha256').update(yaml).digest('hex')), false)
      assert.equal(
        Object.keys(parse(yaml)).some((k) => /hash|sha|checksum|digest/i.test(k)),
        false,
      )
    })

    it('puts a plain participant list under decision_makers and refuses a name in two roles', () => {
      assert.deepEqual(newDecision(dir, {participants: [' alice ', 'bob', 'alice']}).record.participants, {
        consulted: [],
        decision_makers: ['alice', 'bob'],
        informed: [],
      })
      assert.throws(() => newDecision(dir, {participants: {consulted: ['alice'], decision_makers: ['alice']}}, 's2'), /both decision_makers and consulted/)
    })

    it('allocates ids monotonically and never reuses one, even after deletes', () => {
      assert.equal(newDecision(dir, {}, 'a').record.id, 1)
      assert.equal(newDecision(dir, {}, 'b').record.id, 2)
      const third = newDecision(dir, {}, 'c')
      assert.equal(third.record.id, 3)
      rmSync(third.path)
      assert.equal(newDecision(dir, {}, 'd').record.id, 4, 'deleting record 3 does not free id 3')
      assert.deepEqual(JSON.parse(readFileSync(join(dir, COUNTER_FILE), 'utf8')), {last_id: 4})
      // Without the counter, khaos continues after the highest id it can see.
      rmSync(join(dir, COUNTER_FILE))
      assert.equal(newDecision(dir, {}, 'e').record.id, 5)
      assert.equal(existsSync(join(dir, LOCK_FILE)), false, 'lock released')
    })

    it('refuses a damaged counter instead of guessing', () => {
      mkdirSync(dir)
      writeFileSync(join(dir, COUNTER_FILE), '{"last_id": "seven"}')
      assert.throws(() => newDecision(dir), /damaged id counter/)
      assert.deepEqual(readdirSync(dir), [COUNTER_FILE])
    })

    it('takes over a lock left by a dead process, waits for a live one', () => {
      mkdirSync(dir)
      writeFileSync(join(dir, LOCK_FILE), '999999999\n')
      assert.equal(newDecision(dir).record.id, 1)
      assert.equal(existsSync(join(dir, LOCK_FILE)), false)
      // An empty lock (written by hand, a damaged disk) is stale once older than a short grace.
      writeFileSync(join(dir, LOCK_FILE), '')
      utimesSync(join(dir, LOCK_FILE), new Date(Date.now() - 120_000), new Date(Date.now() - 120_000))
      assert.equal(newDecision(dir, {}, 's2').record.id, 2)
      // A live holder (this very process) is waited for, then named.
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({host: hostname(), nonce: 'n', pid: process.pid, since: '2026-01-31T12:00:00Z'}))
      assert.throws(() => withFolderLock(dir, () => 0, 100), /is locked by khaos pid \d+ since \S+ \(waited/)
      rmSync(join(dir, LOCK_FILE))
    })

    it('refuses bad input with an InputError and writes nothing', () => {
      const bad: Array<[Partial<Parameters<typeof createDecisionRecord>[0]>, RegExp]> = [
        [{sessionId: '../x'}, /invalid session id/],
        [{sessionId: '.'}, /invalid session id/],
        [{topic: '   '}, /topic is empty/],
        [{title: 'two\nlines'}, /title must be one line/],
        [{timestamp: '2026-01-31'}, /invalid timestamp/],
        [{status: 'maybe' as never}, /invalid status/],
        [{status: 'superseded'}, /cannot start as superseded/],
        [{supersedes: 0}, /invalid --supersedes/],
        [{decision: 'broken \uD800 surrogate'}, /lone UTF-16 surrogate/],
        [{artifacts: [{path: 'a', sha256: 'nothex'}]}, /artifacts\[0\]\.sha256: must be 64 lowercase hex/],
        [{contradictionsResolved: [{id: 'C1'}, {id: 'C1'}]}, /repeats contradictions_resolved\[0\]/],
        [{participants: ['x'.repeat(201)]}, /participants\.decision_makers\[0\]/],
      ]
      for (const [input, message] of bad) {
        assert.throws(
          () => newDecision(dir, input),
          (error: unknown) => error instanceof InputError && message.test(error.message),
          String(message),
        )
      }

      assert.equal(existsSync(dir), false, 'nothing written, no id burnt')
    })

    it('refuses to overwrite without overwrite, and takes a new id with it', () => {
      newDecision(dir)
      assert.throws(() => newDecision(dir), /already exists; pass --force/)
      const again = createDecisionRecord({sessionId: 's1', timestamp: T, topic: 'Second try'}, {dir, generator: GEN, overwrite: true})
      assert.equal(again.record.id, 2)
      assert.equal((loadRecord(again.path) as DecisionRecord).title, 'Second try')
    })

    it('is read the same by a YAML 1.1 reader (PyYAML), hostile text included', function () {
      const probe = spawnSync('python3', ['-c', 'import yaml'], {encoding: 'utf8'})
      if (probe.error || probe.status !== 0) this.skip() // python3 with PyYAML is optional: an interop check only
      const {path, yaml} = newDecision(dir, {
        context: HOSTILE.join('\n'),
        decision: HOSTILE.slice(0, 20).join(' | '),
        participants: {consulted: ['yes', 'no', 'on'], decision_makers: ['0777', '1:20', '2026-01-31']},
        title: 'yes',
        topic: 'null',
      })
      const script = 'import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding="utf-8")), ensure_ascii=False))'
      const python = spawnSync('python3', ['-c', script, path], {encoding: 'utf8', maxBuffer: 1 << 26})
      assert.equal(python.status, 0, python.stderr)
      assert.deepEqual(JSON.parse(python.stdout), parse(yaml))
    })

    it('writes the same bytes for the same input in fresh folders', () => {
      const input = {decision: HOSTILE.join('|'), participants: ['alice', 'bob']}
      const one = newDecision(join(tmp.path, 'one'), input)
      const two = newDecision(join(tmp.path, 'two'), input)
      assert.equal(readFileSync(one.path, 'utf8'), readFileSync(two.path, 'utf8'))
    })

    for (const [index, text] of HOSTILE.entries()) {
      it(`round-trips hostile text #${index} exactly (${JSON.stringify(text.slice(0, 30))}${text.length > 30 ? '…' : ''})`, () => {
        const oneLine = text.trim().replaceAll(/\s+/g, ' ') || 'x'
        const {path, yaml} = newDecision(dir, {
          consequences: text,
          context: text,
          contradictionsResolved: [{id: oneLine.slice(0, 200), resolution: text, tension: text}],
          decision: text,
          participants: {decision_makers: [oneLine.slice(0, 200)]},
          title: oneLine.slice(0, 500),
          topic: oneLine.slice(0, 500),
        })
        const back = loadRecord(path) as DecisionRecord
        assert.equal(back.decision, text)
        assert.equal(back.context, text)
        assert.equal(back.consequences, text)
        assert.equal(back.contradictions_resolved[0].tension, text)
        assert.equal(back.title, oneLine.slice(0, 500))
        assert.equal(back.participants.decision_makers[0], oneLine.slice(0, 200))
        // And serialising what was read gives the same bytes: stable across rewrites.
        assert.equal(serializeRecord(back), yaml)
      })
    }
  })

  describe('supersession', () => {
    it('links both records and rewrites the old one as superseded', () => {
      const first = newDecision(dir, {decision: 'A', status: 'accepted', 'x-ticket': 'OPS-1'} as never, 's1')
      writeFileSync(first.path, readFileSync(first.path, 'utf8').replace('generated:', 'x-ticket: OPS-1\ngenerated:'))
      const second = newDecision(dir, {decision: 'B', status: 'accepted', supersedes: 1}, 's2')
      assert.equal(second.record.supersedes, 1)
      assert.equal(second.superseded?.path, first.path)
      const old = loadRecord(first.path) as DecisionRecord
      assert.equal(old.status, 'superseded')
      assert.equal(old.superseded_by, 2)
      assert.equal(old.decision, 'A')
      assert.equal((old as unknown as Record<string, unknown>)['x-ticket'], 'OPS-1', 'extension keys survive the rewrite')
      const third = newDecision(dir, {supersedes: 2}, 's3')
      const folder = readRecordsFolder(dir)
      assert.deepEqual(folder.problems, [])
      assert.deepEqual(supersessionChains(folder.records), [[1, 2, 3]])
      assert.equal(third.record.id, 3)
    })

    it('refuses a missing, an already superseded, and an invalid target, changing nothing', () => {
      newDecision(dir, {}, 's1')
      newDecision(dir, {supersedes: 1}, 's2')
      const before = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]))
      assert.throws(() => newDecision(dir, {supersedes: 9}, 's3'), /no record with id 9/)
      assert.throws(() => newDecision(dir, {supersedes: 1}, 's3'), /already superseded by record 2/)
      writeFileSync(join(dir, 'broken.yaml'), 'record_type: decision\nid: 7\nstatus: [\n')
      assert.throws(() => newDecision(dir, {supersedes: 7}, 's3'), /record 7 \(.*broken\.yaml\) is not a valid record/)
      rmSync(join(dir, 'broken.yaml'))
      const after = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]))
      assert.deepEqual(after, before)
    })

    it('refuses to overwrite a linked record even with overwrite', () => {
      newDecision(dir, {}, 's1')
      newDecision(dir, {supersedes: 1}, 's2')
      assert.throws(
        () => createDecisionRecord({sessionId: 's2', timestamp: T, topic: 't'}, {dir, generator: GEN, overwrite: true}),
        /refusing to overwrite .*record 2 supersedes 1/,
      )
    })

    it('writes two files all-or-nothing: a failed second move undoes the first', () => {
      mkdirSync(join(dir, 'blocker.yaml'), {recursive: true}) // a directory where a file must go
      writeFileSync(join(dir, 'keep.yaml'), 'original')
      assert.throws(() =>
        writeFilesAtomic([
          {data: 'new', overwrite: false, path: join(dir, 'new.yaml')},
          {data: 'rewritten', overwrite: true, path: join(dir, 'blocker.yaml')},
        ]),
      )
      assert.deepEqual(readdirSync(dir).sort(), ['blocker.yaml', 'keep.yaml'], 'no new file, no temp file left')
      writeFilesAtomic([
        {data: 'new', overwrite: false, path: join(dir, 'new.yaml')},
        {data: 'rewritten', overwrite: true, path: join(dir, 'keep.yaml')},
      ])
      assert.equal(readFileSync(join(dir, 'keep.yaml'), 'utf8'), 'rewritten')
      assert.deepEqual(readdirSync(dir).sort(), ['blocker.yaml', 'keep.yaml', 'new.yaml'])
    })
  })

  describe('the schemas', () => {
    it('are valid JSON Schema 2020-12 (khaos skips this check at run time)', async () => {
      const {Ajv2020} = await import('ajv/dist/2020.js')
      const ajv = new Ajv2020({allowUnionTypes: true, discriminator: true, strict: true, strictRequired: false})
      for (const schema of [DAO_RECORD_SCHEMA, DECISION_RECORD_SCHEMA, ORGANIZATION_RECORD_SCHEMA, DECISION_DRAFT_SCHEMA, ORGANIZATION_PROFILE_SCHEMA]) {
        assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors))
        assert.equal(typeof ajv.compile(schema), 'function')
      }
    })
  })

  describe('validation with positions', () => {
    const valid = (over = '') => `record_type: decision
id: 3
session_id: s1
title: T
topic: T
status: proposed
date: 2026-01-31
participants:
  decision_makers: [alice]
  consulted: []
  informed: []
decision: null
generated:
  tool: khaos
  version: 0.1.0
  timestamp: 2026-01-31T12:00:00Z
${over}`

    it('accepts a minimal hand-written record and fills the optional lists', () => {
      const result = validateRecordText(valid(), 'r.yaml')
      assert.deepEqual(result.issues, [])
      assert.deepEqual((result.record as DecisionRecord).artifacts, [])
      assert.equal((result.record as DecisionRecord).supersedes, null)
    })

    it('names file, line, column and field of each schema problem', () => {
      const text = valid('consequence: typo\nx-team: ops\n')
        .replace('status: proposed', 'status: maybe')
        .replace('date: 2026-01-31', 'date: 2026-02-30')
        .replace('  informed: []\n', '')
        .replace('session_id: s1', 'session_id: ../x')
      const lines = validateRecordText(text, 'dir/r.yaml').issues.map(formatIssue)
      assert.deepEqual(lines, [
        'dir/r.yaml:3:1 session_id: must use only A-Z a-z 0-9 . _ -',
        'dir/r.yaml:6:1 status: must be one of: proposed, accepted, rejected, deprecated, superseded',
        'dir/r.yaml:7:1 date: is not a real calendar date',
        'dir/r.yaml:8:1 participants.informed: is required',
        'dir/r.yaml:16:1 consequence: is not a known field (extensions must start with "x-")',
      ])
    })

    it('keeps supersession two-way inside one record', () => {
      const superseded = validateRecordText(valid().replace('status: proposed', 'status: superseded'), 'r.yaml')
      assert.match(superseded.issues.map(formatIssue).join('\n'), /r\.yaml:1:1 superseded_by: is required/)
      const linked = validateRecordText(valid('superseded_by: 4\n'), 'r.yaml')
      assert.match(linked.issues.map(formatIssue).join('\n'), /r\.yaml:6:1 status: must be "superseded"/)
      const self = validateRecordText(valid('supersedes: 3\n'), 'r.yaml')
      assert.match(self.issues.map(formatIssue).join('\n'), /r\.yaml:17:1 supersedes: cannot point at the record itself/)
    })

    it('reports malformed YAML with its line, and other non-records', () => {
      const cases: Array<[string, RegExp]> = [
        ['record_type: decision\nid: 1\ntitle: "unterminated\n', /^r\.yaml:4:1 \(yaml\): Missing closing "quote/],
        ['a: 1\na: 2\n', /^r\.yaml:2:1 \(yaml\): Map keys must be unique/],
        ['', /^r\.yaml:1:1 \(record\): is empty/],
        ['- a\n- b\n', /^r\.yaml:1:1 \(record\): must be a YAML mapping/],
        ['record_type: memo\n', /^r\.yaml:1:1 record_type: must be "decision" or "organization"/],
        ['title: x\n', /^r\.yaml:1:1 record_type: is required/],
        ['a: &a [1]\nb: [*a, *a]\n---\nc: 2\n', /^r\.yaml:3:1 \(yaml\): Source contains multiple documents/],
      ]
      for (const [text, message] of cases) {
        const result = validateRecordText(text, 'r.yaml')
        assert.equal(result.valid, false)
        assert.match(formatIssue(result.issues[0]), message)
      }
    })

    it('refuses a billion-laughs alias bomb without expanding it', () => {
      const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
      for (let i = 0; i < 8; i++) {
        const prev = String.fromCodePoint(97 + i)
        bomb.push(`${String.fromCodePoint(98 + i)}: &${String.fromCodePoint(98 + i)} [${Array.from({length: 9}, () => `*${prev}`).join(',')}]`)
      }

      const result = validateRecordText(bomb.join('\n'), 'bomb.yaml')
      assert.equal(result.valid, false)
      assert.match(formatIssue(result.issues[0]), /bomb\.yaml:1:1 \(yaml\): .*alias/i)
    })

    it('refuses files that are not text: missing, binary, a directory', () => {
      assert.throws(() => validateRecordFile(join(tmp.path, 'none.yaml')), /no such file/)
      writeFileSync(join(tmp.path, 'bin.yaml'), Buffer.from([0x72, 0x00, 0x01]))
      assert.throws(() => validateRecordFile(join(tmp.path, 'bin.yaml')), /binary data/)
      assert.throws(() => validateRecordFile(tmp.path), /is a directory/)
      assert.throws(() => loadRecord(join(tmp.path, 'none.yaml')), InputError)
    })

    it('loadRecord throws one line naming the first problem', () => {
      writeFileSync(join(tmp.path, 'bad.yaml'), valid().replace('status: proposed', 'status: maybe'))
      assert.throws(
        () => loadRecord(join(tmp.path, 'bad.yaml')),
        (error: Error) =>
          error instanceof InputError && /^invalid record .*bad\.yaml:6:1 status: must be one of/.test(error.message) && !error.message.includes('\n'),
      )
    })
  })

  describe('decision draft', () => {
    it('reads the writable fields, refuses the ones khaos sets, with positions', () => {
      const draft = join(tmp.path, 'draft.yaml')
      writeFileSync(
        draft,
        [
          'topic: Retention',
          'session_id: s9',
          'context: |',
          '  Logs hold personal data.',
          '  Support needs two weeks.',
          'participants:',
          '  consulted: [legal]',
          'contradictions_resolved:',
          '  - id: C-4',
          '    tension: privacy vs supportability',
          '    resolution: 30 days',
          'x-ticket: OPS-7',
          '',
        ].join('\n'),
      )
      const input = readDecisionDraft(draft)
      assert.deepEqual(input, {
        context: 'Logs hold personal data.\nSupport needs two weeks.\n',
        contradictionsResolved: [{id: 'C-4', resolution: '30 days', tension: 'privacy vs supportability'}],
        extensions: {'x-ticket': 'OPS-7'},
        participants: {consulted: ['legal']},
        sessionId: 's9',
        topic: 'Retention',
      })
      const {record, yaml} = createDecisionRecord({...input, sessionId: input.sessionId!, timestamp: T, topic: input.topic!}, {dir, generator: GEN})
      assert.equal(record.participants.consulted[0], 'legal')
      assert.match(yaml, /\ngenerated:\n[\s\S]*\nx-ticket: OPS-7\n$/)
      writeFileSync(draft, 'topic: T\nid: 4\nstatus: superseded\n')
      assert.throws(
        () => readDecisionDraft(draft),
        /^InputError: invalid draft .*draft\.yaml:2:1 id: is not a known field \(extensions must start with "x-"\) \(and 1 more\)$/,
      )
      writeFileSync(draft, 'topic: [\n')
      assert.throws(() => readDecisionDraft(draft), /invalid draft .*draft\.yaml:2:1 \(yaml\)/)
    })
  })

  describe('organization profile', () => {
    it('is built only from the user file, with positions on a bad field', () => {
      const profile = join(tmp.path, 'profile.yaml')
      writeFileSync(profile, 'name: Example Collective\nkind: cooperative\nmembers:\n  - name: Ana\n    role: steward\n')
      const created = createOrganizationRecord(readOrganizationProfile(profile), {timestamp: T}, {dir, generator: GEN})
      assert.equal(created.path, join(dir, 'organization.yaml'))
      assert.deepEqual(Object.keys(parse(created.yaml)), ['record_type', 'id', 'name', 'kind', 'members', 'generated'])
      assert.equal(created.record.name, 'Example Collective')
      assert.ok(validateRecordFile(created.path).valid)
      writeFileSync(profile, 'name: X\nmembers:\n  - role: steward\nemail: a@b\n')
      assert.throws(() => readOrganizationProfile(profile), /profile\.yaml:3:5 members\[0\]\.name: is required/)
      writeFileSync(profile, 'kind: dao\n')
      assert.throws(() => readOrganizationProfile(profile), /profile\.yaml:1:1 name: is required/)
      writeFileSync(profile, 'name: X\nid: 5\n')
      assert.throws(() => readOrganizationProfile(profile), /profile\.yaml:2:1 id: is not a known field/)
    })
  })

  describe('folder report and index', () => {
    it('finds broken links, duplicate ids and invalid files', () => {
      newDecision(dir, {}, 's1')
      newDecision(dir, {supersedes: 1}, 's2')
      // Break the back link by hand, copy a record (duplicate id), add junk.
      const s1 = join(dir, 'dao_record_s1.yaml')
      writeFileSync(s1, readFileSync(s1, 'utf8').replace('superseded_by: 2', 'superseded_by: 9'))
      writeFileSync(join(dir, 'copy.yaml'), readFileSync(join(dir, 'dao_record_s2.yaml')))
      writeFileSync(join(dir, 'junk.yml'), 'not: [valid')
      const report = readRecordsFolder(dir)
      assert.deepEqual(
        report.records.map((r) => r.id),
        [1, 2, 2],
      )
      assert.deepEqual(
        report.invalid.map((i) => i.file),
        [join(dir, 'junk.yml')],
      )
      const problems = report.problems.map((p) => p.message).join('\n')
      assert.match(problems, /id 2 is also used by/)
      assert.match(problems, /superseded_by 9, which is not in the folder/)
      assert.match(problems, /supersedes 1, but .* says superseded_by 9/)
    })

    it('renders a deterministic Markdown index with escaped titles and relative links', () => {
      newDecision(dir, {title: 'Use <script> | pipes [x](y) *bold*'}, 's1')
      newDecision(dir, {supersedes: 1}, 's2')
      const markdown = renderIndex(readRecordsFolder(dir), join(tmp.path, 'docs', 'INDEX.md'), '1.2.3')
      assert.doesNotMatch(markdown, /<script>/)
      assert.match(markdown, /Use &lt;script&gt; \\\| pipes \\\[x\\\]\(y\) \\\*bold\\\*/)
      assert.match(markdown, /records in `\.\.\/records`, generated/, 'a path in a code span has no backslashes')
      assert.match(markdown, /\| \[1\]\(\.\.\/records\/dao_record_s1\.yaml\) \|/)
      assert.match(markdown, /## Supersession chains\n\n- \[1\]\(\.\.\/records\/dao_record_s1\.yaml\) → \[2\]/)
      assert.equal(markdown, renderIndex(readRecordsFolder(dir), join(tmp.path, 'docs', 'INDEX.md'), '1.2.3'))
    })
  })
})
