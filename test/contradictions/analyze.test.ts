import assert from 'node:assert/strict'
import {closeSync, existsSync, openSync, readFileSync, readdirSync, writeFileSync, writeSync} from 'node:fs'
import {join} from 'node:path'

import {analyze, capWithinBudget, defaultParticipants, mapParticipants, renderReport, writeAnalysis} from '../../src/contradictions/analyze.js'
import {wordKeys} from '../../src/contradictions/words.js'
import {loadCatalog} from '../../src/contradictions/catalog.js'
import {type KhaosError} from '../../src/shared/errors.js'
import {ROOT, tempDir} from '../helpers/cli.js'
import {FIXTURES} from './helpers.js'

const catalog = loadCatalog(ROOT)
const run = (inputs: Array<{participant?: string; path: string}>, extra: {maxInputBytes?: number; onSkip?: (p: string, r: string) => void} = {}) =>
  analyze({catalog, generatedAt: '2026-01-01T00:00:00Z', inputs, root: ROOT, ...extra})
const fixtures = mapParticipants(
  ['alice.md', 'bob.md', 'carol.md'].map((f) => join(FIXTURES, f)),
  'alice,bob,carol',
)

describe('contradictions: analyze', () => {
  const analysis = run(fixtures)

  it('finds each kind of conflict across participants, with sources, lines and the tension at stake', () => {
    const summary = analysis.findings.map((f) => `${f.kind} ${f.a.participant}:${f.a.line} ${f.b.participant}:${f.b.line}`).sort()
    assert.deepEqual(summary, [
      'antonym alice:9 bob:3',
      'negation alice:9 bob:4',
      'negation alice:9 carol:5',
      'numeric alice:22 bob:8',
      'numeric alice:8 bob:3',
      'tension alice:11 bob:6',
    ])
    const tension = analysis.findings.find((f) => f.kind === 'tension')!
    assert.equal(tension.tension?.id, 'privacy-vs-personalization')
    assert.ok(tension.tension?.resolution.length)
    assert.ok(analysis.tensions.some((t) => t.id === 'privacy-vs-personalization'))
    for (const f of analysis.findings) {
      assert.match(f.id, /^f-[0-9a-f]{12}$/)
      assert.ok(f.subject.length > 0 && f.score > 0 && f.score <= 1)
    }
  })

  it("finds what a reader sees at once in the pipeline's three participants' notes", () => {
    const notes = run(
      mapParticipants(
        ['alice.md', 'bob.md', 'carol.md'].map((f) => join(FIXTURES, '..', 'synthesis', f)),
        'alice,bob,carol',
      ),
    )
    const found = (kind: string, a: RegExp, b: RegExp) =>
      notes.findings.find((f) => f.kind === kind && ((a.test(f.a.text) && b.test(f.b.text)) || (a.test(f.b.text) && b.test(f.a.text))))
    const summary = notes.findings.map((f) => `${f.kind}: ${f.a.text} / ${f.b.text}`).join('\n')
    assert.ok(found('negation', /fully automated today/, /is not automated/), summary)
    assert.ok(found('numeric', /reached 99\.9%/, /was 97\.5%/), summary)
    assert.equal(found('tension', /collect more behavioural data/, /control which data/)?.tension?.id, 'privacy-vs-personalization', summary)
    assert.ok(found('negation', /every day, including Fridays/, /never happen on Fridays/), summary)
    assert.ok(found('numeric', /under 2 s/, /5 s during the evening peak/), summary)
    assert.ok(found('antonym', /stay open/, /be closed/), summary)
    // Carol repeats Alice's sentence word for word: one claim seen twice, never a conflict with itself.
    assert.ok(
      notes.findings.every((f) => f.a.text !== f.b.text),
      summary,
    )
  })

  it('does not flag agreement, other times or other subjects', () => {
    const texts = analysis.findings.flatMap((f) => [f.a.text, f.b.text])
    assert.ok(!texts.some((t) => /search API|staging database|production database/.test(t)), texts.join('\n'))
  })

  it('blocks on cheap word keys first: only claims sharing a key with another claim are read by the NLP pass', () => {
    assert.deepEqual([...wordKeys('The replicas of these policies, as men said, are not THE issue.')], ['replica', 'policy', 'man', 'said', 'issue'])
    assert.ok(analysis.stats.claimsRead > 0 && analysis.stats.claimsRead < analysis.stats.distinctClaims, JSON.stringify(analysis.stats))
    const dir = tempDir()
    try {
      writeFileSync(join(dir.path, 'lonely.md'), 'Zebras graze quietly near Lisbon harbour.\n\nThe admin port is open.\n\nThe admin port is closed.\n')
      const lonely = run([{path: join(dir.path, 'lonely.md')}])
      assert.deepEqual([lonely.stats.distinctClaims, lonely.stats.claimsRead, lonely.stats.candidatePairs, lonely.findings.length], [3, 2, 1, 1])
    } finally {
      dir.cleanup()
    }
  })

  it('lowers the term frequency cap only when blocking would exceed the pair budget', () => {
    // Ten terms in 30 claims each make 4,350 pairs; ten in 3 claims each, 30.
    const postings = new Map<string, number[]>()
    for (let t = 0; t < 10; t++)
      postings.set(
        `often${t}`,
        Array.from({length: 30}, (_, k) => k),
      )
    for (let t = 0; t < 10; t++) postings.set(`rare${t}`, [t, t + 1, t + 2])
    assert.equal(capWithinBudget(postings, 40, 10_000), 40, 'within the budget the cap stays')
    assert.equal(capWithinBudget(postings, 40, 1000), 29, 'over it, terms in 30 claims are left out')
    assert.equal(capWithinBudget(postings, 40, 10), 2, 'the cap never goes below two')
    assert.equal(analysis.stats.maxTermFrequency, 60, "a meeting's notes never come near the budget")
  })

  it('records inputs with participant, size and sha256, and claims with ids', () => {
    assert.deepEqual(
      analysis.inputs.map((i) => i.participant),
      ['alice', 'bob', 'carol'],
    )
    assert.match(analysis.inputs[0].sha256, /^[0-9a-f]{64}$/)
    assert.equal(analysis.claims[0].id, 'c0001')
    assert.equal(analysis.stats.claims, analysis.claims.length)
  })

  it('is deterministic: same inputs, same JSON', () => {
    assert.equal(JSON.stringify(run(fixtures)), JSON.stringify(analysis))
  })

  it('with no inputs is valid and empty (topic only); a topic tension is named only when the inputs back it', () => {
    const empty = run([])
    assert.deepEqual([empty.findings, empty.claims, empty.inputs, empty.topicTensions], [[], [], [], undefined])
    assert.match(renderReport(empty), /No inputs were given/)
    const topic = analyze({catalog, generatedAt: '2026-01-01T00:00:00Z', inputs: [], root: ROOT, topic: 'Privacy vs Personalization'})
    assert.deepEqual(topic.topicTensions, [], 'a topic alone is no evidence of a tension')
    const dir = tempDir()
    try {
      const notes = join(dir.path, 'notes.md')
      writeFileSync(notes, 'We want to personalize the feed from every click.\n\nUsers must give consent before we collect anything.\n')
      const backed = analyze({catalog, generatedAt: '2026-01-01T00:00:00Z', inputs: [{path: notes}], root: ROOT, topic: 'Privacy vs Personalization'})
      assert.equal(backed.topicTensions?.[0].id, 'privacy-vs-personalization')
      assert.match(renderReport(backed), /Catalog tensions for this topic: Privacy vs Personalization \(1\)/)
      // A topic that shares one word of two with several tensions ("Data contracts") is backed only by signals of
      // both poles, each whole in one claim: "collect" here and "less" there make no "collect less".
      writeFileSync(notes, 'We collect the schema in CI.\n\nLess friction for producers matters.\n\nMore teams will follow.\n')
      const scattered = analyze({catalog, generatedAt: '2026-01-01T00:00:00Z', inputs: [{path: notes}], root: ROOT, topic: 'Data contracts'})
      assert.deepEqual(scattered.topicTensions, [])
      // …while a topic naming most of a tension's words is backed by one pole in the notes.
      writeFileSync(notes, 'Every launch needs a security review and a pen test first.\n')
      const named = analyze({catalog, generatedAt: '2026-01-01T00:00:00Z', inputs: [{path: notes}], root: ROOT, topic: 'security review'})
      assert.deepEqual(
        named.topicTensions?.map((t) => t.id),
        ['speed-vs-security'],
      )
    } finally {
      dir.cleanup()
    }
  })

  it('skips an empty input clearly and goes on', () => {
    const dir = tempDir()
    try {
      writeFileSync(join(dir.path, 'empty.md'), '  \n')
      const skipped: string[] = []
      const result = run([{path: join(dir.path, 'empty.md')}, ...fixtures], {onSkip: (p, r) => skipped.push(`${p}: ${r}`)})
      assert.equal(result.inputs[0].skipped, 'empty')
      assert.equal(skipped.length, 1)
      assert.equal(result.findings.length, analysis.findings.length)
    } finally {
      dir.cleanup()
    }
  })

  it('refuses binary, non-UTF-8 and oversized inputs with a clear error, before reading a huge file', () => {
    const dir = tempDir()
    try {
      writeFileSync(join(dir.path, 'bin.md'), Buffer.from([0x41, 0x00, 0x42]))
      writeFileSync(join(dir.path, 'latin1.md'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]))
      // 200 MB, sparse: the size check must refuse it without reading it.
      const fd = openSync(join(dir.path, 'huge.md'), 'w')
      writeSync(fd, 'x', 200 * 1024 * 1024 - 1)
      closeSync(fd)
      const expect = (file: string, message: RegExp) =>
        assert.throws(
          () => run([{path: join(dir.path, file)}]),
          (e: KhaosError) => e.exitCode === 2 && message.test(e.message),
        )
      expect('bin.md', /binary data/)
      expect('latin1.md', /not valid UTF-8/)
      expect('huge.md', /200 MiB is over the 32 MiB limit/)
      expect('missing.md', /no such file/)
    } finally {
      dir.cleanup()
    }
  })

  it('maps --participants to inputs in order and refuses a count mismatch', () => {
    assert.deepEqual(mapParticipants(['a.md', 'b.md']), [{path: 'a.md'}, {path: 'b.md'}])
    assert.throws(() => mapParticipants(['a.md', 'b.md'], 'x'), /names 1 participant\(s\) for 2 input\(s\)/)
    assert.throws(() => mapParticipants(['a.md'], ' '), /empty name/)
  })

  it('writes analysis.json and report.md atomically and refuses to overwrite without --force', () => {
    const dir = tempDir()
    try {
      const out = join(dir.path, 'out')
      writeAnalysis(out, analysis)
      assert.deepEqual(readdirSync(out).sort(), ['analysis.json', 'report.md'])
      assert.deepEqual(JSON.parse(readFileSync(join(out, 'analysis.json'), 'utf8')).findings, analysis.findings)
      const report = readFileSync(join(out, 'report.md'), 'utf8')
      assert.match(report, /Privacy vs Personalization/)
      assert.match(report, /alice\.md:9/)
      assert.throws(() => writeAnalysis(out, analysis), /pass --force/)
      writeAnalysis(out, analysis, {overwrite: true})
      assert.ok(existsSync(join(out, 'report.md')))
      assert.equal(readdirSync(dir.path).length, 1, 'no temp folder left behind')
    } finally {
      dir.cleanup()
    }
  })
})

describe('contradictions: participants named by their files', () => {
  it('names each input without a participant by its file, without the extension, unless two would share it', () => {
    assert.deepEqual(defaultParticipants([{path: 'notes/hugo.md'}, {path: 'amara.txt'}, {participant: 'Selin', path: 'selin.md'}]), ['hugo', 'amara', 'Selin'])
    // (Two "notes" are told apart by their file names, two "notes.md" by their paths.)
    assert.deepEqual(defaultParticipants([{path: 'a/notes.md'}, {path: 'b/notes.txt'}]), ['notes.md', 'notes.txt'])
    assert.deepEqual(defaultParticipants([{path: 'a/notes.md'}, {path: 'b/notes.md'}]), ['a/notes.md', 'b/notes.md'])
  })
})
