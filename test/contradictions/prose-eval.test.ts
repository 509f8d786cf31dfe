// Integrity of the prose evaluation set (test/fixtures/prose/) and of the bench's scoring. No engine figures
// here: floors on the engine's precision/recall belong with the engine; this checks the set is what its README
// says it is, and that bench/prose.ts counts what it says it counts.
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {cpSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {claimSentence, namesSubject, readAnalysis, scoreSynthesize} from '../../bench/prose-score.js'
import {contradictionKeys, HALVES, integrityProblems, loadHalf, pairKey, selectMeetings, UNSCORED_FILE, unscoredSlugs} from '../../bench/prose-set.js'
import {loadCatalog} from '../../src/contradictions/catalog.js'
import {ROOT, tempDir} from '../helpers/cli.js'

const MIN_MEETINGS = {holdout: 5, tune: 5}

describe('contradictions: prose evaluation set', () => {
  for (const half of HALVES) {
    describe(`${half} half`, () => {
      const meetings = loadHalf(half)
      const tensionIds = new Set(loadCatalog(ROOT).tensions.map((tension) => tension.id))

      it(`has at least ${MIN_MEETINGS[half]} meetings`, () => {
        assert.ok(meetings.length >= MIN_MEETINGS[half], `${half}: ${meetings.length} meetings`)
      })

      it('has well-formed meetings whose gold quotes sit on the named lines, with at least as many traps as contradictions', () => {
        // Messages carry ids and fields only, never quoted text (the hold-out half stays unread). Tension labels name
        // catalog tensions and every gold contradiction.
        assert.deepEqual(
          meetings.flatMap((meeting) => integrityProblems(meeting, tensionIds)),
          [],
        )
      })

      it('has meetings in different domains', () => {
        const domains = meetings.map((meeting) => meeting.info.domain)
        assert.equal(new Set(domains).size, domains.length, `${half}: a domain repeats`)
      })
    })
  }

  it('covers different domains in each half', () => {
    const [tune, holdout] = HALVES.map((half) => new Set(loadHalf(half).map((meeting) => meeting.info.domain)))
    assert.deepEqual(
      [...tune].filter((domain) => holdout.has(domain)),
      [],
    )
  })

  it('selects the meetings a bench run scores, and refuses a slug that is not in the half', () => {
    const slugs = ['a', 'b', 'c']
    assert.deepEqual(selectMeetings('holdout', slugs, {}), slugs)
    assert.deepEqual(selectMeetings('holdout', slugs, {only: ['c', 'a']}), ['a', 'c'])
    assert.deepEqual(selectMeetings('holdout', slugs, {except: ['b']}), ['a', 'c'])
    assert.throws(() => selectMeetings('tune', slugs, {except: ['typo']}), /not tune meetings: typo/)
  })

  it('keeps unscored only hold-out meetings that exist, each with its gold and tension labels committed', () => {
    const meetings = loadHalf('holdout')
    const holdout = new Set(meetings.map((meeting) => meeting.slug))
    const labelled = new Set(meetings.flatMap((meeting) => (meeting.tensions ? [meeting.slug] : [])))
    for (const slug of unscoredSlugs()) {
      assert.ok(holdout.has(slug), `${UNSCORED_FILE}: ${slug} is not a hold-out meeting`)
      assert.ok(labelled.has(slug), `${UNSCORED_FILE}: ${slug} has no tensions.yaml (label before any engine runs on it)`)
    }
  })

  it('checks a candidate meeting outside the set with the same rules (scripts/check-meeting.ts), and a new domain', () => {
    const [source] = loadHalf('tune')
    const {cleanup, path} = tempDir()
    try {
      const folder = join(path, 'candidate')
      cpSync(source.dir, folder, {recursive: true})
      const check = () => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'check-meeting.ts'), folder], {cwd: ROOT, encoding: 'utf8'})
      // (A copy repeats its source's domain; the set's rules hold otherwise.)
      let result = check()
      assert.equal(result.status, 1, result.stderr)
      assert.match(result.stdout, new RegExp(`domain repeats tune/${source.slug}'s`))
      writeFileSync(
        join(folder, 'meeting.yaml'),
        readFileSync(join(folder, 'meeting.yaml'), 'utf8').replace(/^domain: .*$/m, 'domain: A domain no meeting has'),
      )
      result = check()
      assert.equal(result.status, 0, result.stdout)
      assert.match(result.stdout, /^OK$/m)
      writeFileSync(join(folder, 'gold.yaml'), readFileSync(join(folder, 'gold.yaml'), 'utf8').replace(/line: \d+/, 'line: 100000'))
      result = check()
      assert.equal(result.status, 1)
      assert.match(result.stdout, /line is past the end of the file/)
      // (A participant's name is a file in the folder, never a path out of it, and nothing it holds reaches the terminal.)
      writeFileSync(
        join(folder, 'meeting.yaml'),
        readFileSync(join(folder, 'meeting.yaml'), 'utf8').replace(/^participants: \[/m, 'participants: ["../../outside\\u001b[31m", '),
      )
      writeFileSync(join(path, 'outside\u001b[31m.md'), 'outside the folder\n')
      result = check()
      assert.equal(result.status, 1)
      assert.match(result.stdout, /participant 1 is not a plain name/)
      assert.doesNotMatch(result.stdout, /\u001b/)
    } finally {
      cleanup()
    }
  })

  it('catches a misplaced quote, a missing file and too few traps', () => {
    const [meeting] = loadHalf('tune')
    const broken = structuredClone({...meeting, lines: undefined}) as unknown as typeof meeting
    broken.lines = new Map(meeting.lines)
    broken.contradictions[0].a.line += 1
    broken.contradictions[0].b.file = 'nobody.md'
    broken.traps = []
    const problems = integrityProblems(broken).join('\n')
    assert.match(problems, /C1: a\.quote is not a substring of line/)
    assert.match(problems, /C1: b\.file is not the participant's file/)
    assert.match(problems, /0 traps for \d+ contradictions/)
  })

  it('catches tension labels that name no catalog tension or leave a contradiction unlabelled', () => {
    const [meeting] = loadHalf('tune')
    const labelled = {
      ...meeting,
      tensions: {
        contradictions: new Map([
          ['C1', 'speed-vs-nothing'],
          ['C99', undefined],
        ]),
        topic: ['a', 'b', 'c'],
      },
    }
    const problems = integrityProblems(labelled, new Set(['a', 'b'])).join('\n')
    assert.match(problems, /C1: tension speed-vs-nothing is not in the catalog/)
    assert.match(problems, /C99 is not a gold contradiction/)
    assert.match(problems, /C2 is not labelled/)
    assert.match(problems, /more than 2 topic tensions/)
    assert.match(problems, /topic tension c is not in the catalog/)
  })

  describe('scoring (bench/prose.ts), on made-up findings over a tune meeting', () => {
    const meeting = loadHalf('tune').find((m) => m.contradictions.length >= 2 && m.traps.length > 0 && m.agreements.length > 0)!
    const [first, second] = meeting.contradictions
    const trap = meeting.traps[0]
    const agreement = meeting.agreements[0]
    const claim = (c: {file: string; line: number}, dir = '/anywhere/') => ({line: c.line, source: `${dir}${c.file}`, text: 'x'})
    const finding = (a: {file: string; line: number}, b: {file: string; line: number}, extra: Record<string, unknown> = {}) => ({
      a: claim(a),
      b: claim(b),
      kind: 'numeric',
      score: 0.9,
      ...extra,
    })

    it('matches a gold pair in either order, counts a repeated pair once, leaves the appendix out and counts the rest as false positives', () => {
      const run = readAnalysis({
        agreements: [
          {a: claim(agreement.a), b: claim(agreement.b)},
          {a: claim(first.a), b: claim(first.b)},
        ],
        findings: [
          finding(first.b, first.a),
          finding(first.a, first.b, {score: 0.5}),
          finding(second.a, second.b, {lowConfidence: true}),
          finding(trap.a, trap.b),
          finding({file: first.a.file, line: 1}, {file: first.b.file, line: 2}),
        ],
      })
      const {falsePositives, misses, synthesize} = scoreSynthesize(meeting, run)
      assert.equal(synthesize.reported, 3)
      assert.equal(synthesize.matchedFindings, 1)
      assert.equal(synthesize.matchedGold, 1)
      assert.equal(synthesize.appendix, 1)
      assert.equal(synthesize.trapsReported, 1)
      assert.equal(synthesize.gold, meeting.contradictions.length)
      assert.equal(misses.length, meeting.contradictions.length - 1)
      assert.ok(misses.includes(second), 'an appendix finding does not find its contradiction')
      assert.deepEqual(
        falsePositives.map((fp) => fp.trap ?? null),
        [trap.id, null],
      )
      assert.equal(synthesize.agreementsReported, 2)
      assert.equal(synthesize.agreementsMatched, 1)
      assert.equal(synthesize.agreementsOnContradictions, 1)
    })

    it("counts the right findings whose decision point heading names the gold subject's thing", () => {
      const run = readAnalysis({
        findings: [
          finding(first.a, first.b, {decisionPoint: {heading: first.subject.toUpperCase()}}),
          finding(second.a, second.b, {decisionPoint: {heading: 'Xyzzy of the plugh'}}),
          finding(trap.a, trap.b, {decisionPoint: {heading: trap.subject}}),
        ],
      })
      const {headingsNamingSubject, headingsOfMatches} = scoreSynthesize(meeting, run).synthesize
      assert.deepEqual([headingsNamingSubject, headingsOfMatches], [1, 2])
      assert.ok(namesSubject('Retention period of the audit logs', 'Audit log retention'))
      assert.ok(!namesSubject('Retention period of the PAT', 'Maximum expiry of personal access tokens'))
    })

    it("scores the topic's tensions and the findings' tensions against the labels", () => {
      const labelled = {
        ...meeting,
        tensions: {
          contradictions: new Map([
            [first.id, 'cost-vs-reliability'],
            [second.id, undefined],
          ]),
          topic: ['cost-vs-reliability', 'speed-vs-security'],
        },
      }
      const run = readAnalysis({
        findings: [
          finding(first.a, first.b, {tension: {id: 'cost-vs-reliability'}}),
          finding(second.a, second.b, {tension: {id: 'speed-vs-security'}}),
          finding(trap.a, trap.b, {tension: {id: 'cost-vs-reliability'}}),
        ],
      })
      const {tensions} = scoreSynthesize(labelled, {...run, topicTensions: ['cost-vs-reliability', 'build-vs-buy']}).synthesize
      assert.deepEqual(tensions, {
        labelled: 1,
        onFindings: 3,
        onFindingsInMeeting: 3,
        onFindingsRight: 1,
        topicFound: 1,
        topicLabels: 2,
        topicRight: 1,
        topicShown: 2,
      })
      // (A meeting without labels counts nothing.)
      assert.equal(scoreSynthesize({...meeting, tensions: undefined}, run).synthesize.tensions.onFindings, 0)
    })

    it('matches a restatement listed under also', () => {
      const restated = structuredClone(meeting)
      restated.contradictions[0].also = [{a: {...first.a, line: 1}, b: {...first.b, line: 2}}]
      const run = readAnalysis({findings: [finding({file: first.b.file, line: 2}, {file: first.a.file, line: 1})]})
      const {synthesize} = scoreSynthesize(restated, run)
      assert.equal(synthesize.matchedGold, 1)
      assert.equal(synthesize.matchedFindings, 1)
    })

    it('pairs a restatement of one position with a restatement of the other, never over a trap, and keeps to listed pairs when strict', () => {
      const restated = structuredClone(meeting)
      // The entry: (a1, b1) listed, (a2, b2) under also; a2 against b1 is the same disagreement, unless a trap.
      const [a1, b1] = [first.a, first.b]
      const [a2, b2] = [
        {...first.a, line: 1},
        {...first.b, line: 2},
      ]
      restated.contradictions[0].also = [{a: a2, b: b2}]
      const run = readAnalysis({findings: [finding(b1, a2)]})
      assert.equal(scoreSynthesize(restated, run).synthesize.matchedGold, 1)
      assert.equal(scoreSynthesize(restated, run, {strict: true}).synthesize.matchedGold, 0)
      assert.ok(contradictionKeys(restated).has(pairKey(a1, b2)))
      restated.traps.push({...restated.traps[0], a: a2, b: b1, id: 'T-restated'})
      assert.equal(scoreSynthesize(restated, run).synthesize.matchedGold, 0, 'a listed trap stays a trap')
    })

    it('puts a third participant who restates one side on that side: two restatements of one side are no dispute', () => {
      const three = structuredClone(meeting)
      const entry = three.contradictions[0]
      assert.equal(entry.kind, 'between', 'the meeting used here opens with a dispute between two participants')
      // A third participant (c) restates a's position against b: c's line sides with a, so (a, c) is no pair.
      const c = {...entry.a, file: 'carol.md', line: 3, participant: 'carol'}
      entry.also = [{a: c, b: entry.b}]
      const keys = contradictionKeys(three)
      assert.ok(keys.has(pairKey(c, entry.b)))
      assert.ok(!keys.has(pairKey(entry.a, c)), 'two restatements of the same side')
    })

    it('gives the pairs judge the sentence that holds the quote, without Markdown marks', () => {
      assert.equal(
        claimSentence('- **Target:** 99.95%. Given that checkout matters, three nines may be too lenient.', '**Target:** 99.95%.'),
        'Target: 99.95%.',
      )
      assert.equal(claimSentence('1. We keep it; it works. Then we stop.', 'it works'), 'We keep it; it works.')
      assert.equal(claimSentence('- no quote here', 'absent'), 'no quote here')
    })
  })
})
