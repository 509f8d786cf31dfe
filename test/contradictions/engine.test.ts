import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'

import {loadCatalog, signalIndex} from '../../src/contradictions/catalog.js'
import {compare, compareTension} from '../../src/contradictions/detect.js'
import {featurize} from '../../src/contradictions/features.js'
import {loadLexicon} from '../../src/contradictions/lexicon.js'
import {extractClaims} from '../../src/contradictions/markdown.js'
import {tokenize, tokenizeMany} from '../../src/contradictions/nlp.js'
import {judgePairs, parsePairs} from '../../src/contradictions/pairs.js'
import {ROOT} from '../helpers/cli.js'
import {precisionRecall, readLabelled, SNLI_FILE} from './helpers.js'

const lexicon = loadLexicon(ROOT)
const catalog = loadCatalog(ROOT)
const judge = (a: string, b: string) => compare(featurize(a), featurize(b), lexicon)

describe('contradictions: the detectors', () => {
  it('reads quantities with units and comparators', () => {
    assert.equal(judge('The checkout API responds in under 2 s.', 'The checkout API responds in 5 s.')?.kind, 'numeric')
    assert.equal(judge('The checkout API responds in under 2 s.', 'The checkout API responds in 1.2 s.'), undefined)
    assert.equal(judge('The SLA guarantees 99.9% uptime.', 'The SLA guarantees 97.5% uptime.')?.kind, 'numeric')
    assert.equal(judge('The plan costs $780 per month.', 'The plan costs $1,200 per month.')?.kind, 'numeric')
    assert.equal(judge('The plan costs $780 per month.', 'The plan costs $9,360 per year.'), undefined, 'different periods are not compared')
    assert.equal(judge('Page load time must stay below 800 ms.', 'Page load time is 0.6 s.'), undefined, 'units are converted')
    assert.equal(judge('Page load time must stay below 800 ms.', 'Page load time is 1.5 s.')?.kind, 'numeric')
  })

  it('counts polarity: negation conflicts, double negation and negated antonyms agree', () => {
    assert.equal(judge('The backup job encrypts the snapshots.', "The backup job doesn't encrypt the snapshots.")?.kind, 'negation')
    assert.equal(judge('The metrics endpoint is public.', 'The metrics endpoint is private.')?.kind, 'antonym')
    assert.equal(judge('The default Redis configuration is secure.', 'The default Redis configuration is insecure.')?.kind, 'antonym')
    assert.equal(judge('The bucket is not insecure.', 'The bucket is secure.'), undefined)
    assert.equal(judge('The API is closed to outside callers.', 'The API is not open to outside callers.'), undefined)
  })

  it('needs the same subject, time and scope before two claims can contradict', () => {
    assert.equal(judge('The admin port is open.', 'The release notes are closed.'), undefined)
    assert.equal(judge('The staging database is public.', 'The production database is private.'), undefined)
    assert.equal(judge('The billing service is stateful.', 'The search service is stateless.'), undefined)
    assert.equal(judge('In 2023 the p99 latency was 5 s.', 'In 2025 the p99 latency is under 2 s.'), undefined)
    assert.equal(judge('We used to deploy manually.', 'We deploy automatically.'), undefined)
    // The phases of a plan are two times; "during incidents" is a condition, not a phase.
    assert.equal(
      judge(
        'after pilot (from week 14): failed repro diff blocks the release',
        'During the pilot, a failed reproduction should open a ticket rather than block the release',
      ),
      undefined,
    )
    assert.equal(featurize('engineering provides input during incidents').times.size, 0)
    // "locally" is a place things run, as "staging" is.
    assert.equal(judge('Every production Dockerfile must pin by digest, not by tag', 'Digest pins in prod, tags allowed locally'), undefined)
  })

  it('reads named times before tense, and the present markers as the present', () => {
    assert.equal(
      judge('Uptime of the API gateway reached 99.9% last quarter.', 'Uptime of the API gateway was 97.5% last quarter.')?.kind,
      'numeric',
      'one named time, whatever the verb',
    )
    assert.equal(
      judge('The deployment pipeline is fully automated today.', 'The deployment pipeline is not automated.')?.kind,
      'negation',
      '"today" is the present, "fully" adds no subject',
    )
    assert.equal(judge('Uptime of the API gateway reached 99.9% last quarter.', 'Uptime of the API gateway is 97.5% this quarter.'), undefined)
    assert.equal(judge('The error rate dropped to 0.5%.', 'The error rate is 3%.'), undefined, 'a past verb after its subject is the past')
    assert.equal(judge('The service was stateful.', 'The service is stateless now.'), undefined)
  })

  it('counts a negation only in the clauses about the shared subject', () => {
    assert.equal(
      judge('The deployment pipeline is fully automated.', 'The deployment pipeline is not automated; two steps still need a manual approval.')?.kind,
      'negation',
    )
    assert.equal(
      judge('The deployment pipeline is not automated, because two steps still need a manual approval.', 'The deployment pipeline is automated.')?.kind,
      'negation',
    )
    assert.equal(
      judge('The deployment pipeline is automated, but nobody reviews the release notes.', 'The deployment pipeline is automated.'),
      undefined,
      'the negation is in a side clause',
    )
  })

  it('uses scene exclusions (man/woman, asleep/running) only for pairs about one situation', () => {
    const [man, woman] = [featurize('A man is sleeping on the bench.'), featurize('A woman is sleeping on the bench.')]
    assert.equal(compare(man, woman, lexicon, {sameSituation: true})?.kind, 'antonym')
    assert.equal(compare(man, woman, lexicon), undefined)
    assert.equal(compare(featurize('He says the API is open.'), featurize('She says the API is open.'), lexicon), undefined)
  })

  it('finds catalog tensions: claims pulling toward opposite poles about one subject', () => {
    const results = judgePairs(
      [{a: 'We collect every click to personalize the checkout page.', b: 'For the checkout page we should collect less data and ask for consent.', id: 't'}],
      ROOT,
      catalog,
    )
    assert.deepEqual(results[0], {contradiction: true, id: 't', kind: 'tension', score: results[0].score})
    assert.ok(results[0].score > 0.5)
    assert.equal(
      compareTension(featurize('The checkout page is fast.'), featurize('The checkout page is slow.')),
      undefined,
      'no catalog signals given, no tension',
    )
    // Opposite sides taken on one object ("data"), through a gapped signal ("control … data"), is one subject.
    const signals = signalIndex(catalog)
    const [collect, control] = [
      featurize('We should collect more behavioural data to personalise the dashboard.', signals),
      featurize('Users should control which data we keep about them.', signals),
    ]
    assert.equal(compareTension(collect, control)?.tension, 'privacy-vs-personalization')
    // One signal and its negation is not a tension about an object: "no control over it" / "control interfaces".
    assert.equal(
      compareTension(featurize('I have no control over the data it keeps.', signals), featurize('Operators get full control of the data.', signals)),
      undefined,
    )
  })

  it('splits Markdown into claims with their lines; code, headings and front matter are not claims, table cells are', () => {
    const claims = extractClaims(readFileSync(new URL('../fixtures/contradictions/alice.md', import.meta.url), 'utf8'))
    const texts = claims.map((c) => c.text)
    assert.ok(texts.includes('The admin port is closed on the firewall.'))
    assert.equal(claims.find((c) => c.text.startsWith('Developers can deploy'))?.line, 9)
    assert.equal(claims.find((c) => c.text.startsWith('The monitoring plan'))?.line, 22)
    assert.ok(!texts.some((t) => /9 s|curl|title|Checkout: where/.test(t)), texts.join(' | '))
    // A table's body cell is a claim named by its row (and its column, unless the column only says "value").
    assert.deepEqual(
      claims.filter((c) => c.text.startsWith('uptime')),
      [{heading: 'Checkout: where we stand', line: 20, text: 'uptime: 97.5%.'}],
    )
    const budgets = extractClaims('| Endpoint | p95 | p99 |\n|---|---|---|\n| /checkout | 300 ms | 800 ms |\n| search | 150 ms | - |\n')
    assert.deepEqual(
      budgets.map((c) => `${c.line} ${c.text}`),
      ['3 /checkout p95: 300 ms.', '3 /checkout p99: 800 ms.', '4 search p95: 150 ms.'],
    )
    // Without a delimiter row, lines with pipes are not a table and say nothing.
    assert.deepEqual(extractClaims('| a | b |\n| 1 | 2 |\n'), [])
  })

  it('keeps line numbers in a long paragraph and stays linear', () => {
    const text = Array.from({length: 20_000}, (_, i) => `Line ${i + 1} says the service is up.`).join('\n')
    const claims = extractClaims(text)
    assert.equal(claims.length, 20_000)
    assert.deepEqual(claims[19_999], {line: 20_000, text: 'Line 20000 says the service is up.'})
  })

  it('batch tokenization gives each sentence exactly the tokens of tokenizing it alone', () => {
    const sentences = [
      "Developers can't deploy on Fridays.",
      'The API costs $1,200/month — “quoted” too',
      'Dogs are running',
      'Café naïve résumé ok.',
      "It isn't 2s; it's 500ms!",
      'No trailing punctuation here',
    ]
    assert.deepEqual(
      tokenizeMany(sentences),
      sentences.map((s) => tokenize(s)),
    )
  })

  it('parses pair files strictly, naming the line', () => {
    assert.deepEqual(parsePairs('{"id":1,"a":"x y z","b":"u v w"}\n\n', 'p.jsonl'), [{a: 'x y z', b: 'u v w', id: 1}])
    assert.throws(() => parsePairs('{"id":1,"a":"x","b":"y"}\nnot json', 'p.jsonl'), /p\.jsonl:2: not valid JSON/)
    assert.throws(() => parsePairs('{"id":1,"a":"x"}', 'p.jsonl'), /p\.jsonl:1: field "b" must be a non-empty string/)
    assert.throws(() => parsePairs('{"id":1,"a":"x","b":"y"}\n{"id":1,"a":"x","b":"y"}', 'p.jsonl'), /duplicate id 1/)
  })
})

describe('contradictions: measured quality (floors a little below the bench figures)', () => {
  // The DevOps pairs are held at their figures: issue 9 asks for no regression on them (a lemma fix once lost one
  // tension pair behind floors of 0.95).
  for (const [file, floor] of [
    ['devops-pairs.jsonl', {precision: 1, recall: 1}],
    ['devops-holdout.jsonl', {precision: 1, recall: 0.92}],
  ] as const) {
    it(`${file}: precision >= ${floor.precision}, recall >= ${floor.recall}`, () => {
      const rows = readLabelled(file)
      const predicted = judgePairs(rows, ROOT, catalog).map((r) => r.contradiction)
      const {precision, recall} = precisionRecall(
        rows.map((r) => r.contradiction),
        predicted,
      )
      assert.ok(precision >= floor.precision && recall >= floor.recall, `precision ${precision}, recall ${recall}`)
    })
  }

  it('SNLI dev subset (contradiction class): precision >= 0.85, recall >= 0.28', function () {
    if (!SNLI_FILE) {
      this.test!.title += " (skipped: ../shared/corpora/snli is absent, as in a user's own clone)"
      this.skip()
    }

    const rows = readFileSync(SNLI_FILE!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as {gold_label: string; pairID: string; sentence1: string; sentence2: string})
    const predicted = judgePairs(
      rows.map((r) => ({a: r.sentence1, b: r.sentence2, id: r.pairID})),
      ROOT,
      catalog,
    ).map((r) => r.contradiction)
    const {precision, recall} = precisionRecall(
      rows.map((r) => r.gold_label === 'contradiction'),
      predicted,
    )
    assert.ok(precision >= 0.85 && recall >= 0.28, `precision ${precision}, recall ${recall}`)
  })
})
