// Integrity of the prose evaluation set (test/fixtures/prose/). No engine figures here: floors on the engine's
// precision/recall belong with the engine; this only checks the set is what its README says it is.
import assert from 'node:assert/strict'

import {HALVES, integrityProblems, loadHalf} from '../../bench/prose-set.js'

const MIN_MEETINGS = {holdout: 5, tune: 5}

describe('contradictions: prose evaluation set', () => {
  for (const half of HALVES) {
    describe(`${half} half`, () => {
      const meetings = loadHalf(half)

      it(`has at least ${MIN_MEETINGS[half]} meetings`, () => {
        assert.ok(meetings.length >= MIN_MEETINGS[half], `${half}: ${meetings.length} meetings`)
      })

      it('has well-formed meetings whose gold quotes sit on the named lines, with at least as many traps as contradictions', () => {
        // Messages carry ids and fields only, never quoted text (the hold-out half stays unread).
        assert.deepEqual(meetings.flatMap((meeting) => integrityProblems(meeting)), [])
      })

      it('has meetings in different domains', () => {
        const domains = meetings.map((meeting) => meeting.info.domain)
        assert.equal(new Set(domains).size, domains.length, `${half}: a domain repeats`)
      })
    })
  }

  it('covers different domains in each half', () => {
    const [tune, holdout] = HALVES.map((half) => new Set(loadHalf(half).map((meeting) => meeting.info.domain)))
    assert.deepEqual([...tune].filter((domain) => holdout.has(domain)), [])
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
})
