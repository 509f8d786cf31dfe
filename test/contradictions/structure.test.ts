import assert from 'node:assert/strict'
import {copyFileSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {claimSentence, fitCalibration, readAnalysis, roundedWeights, scoreSynthesize} from '../../bench/prose-score.js'
import {lineText, loadHalf} from '../../bench/prose-set.js'
import {analyze, SIDING_WITH} from '../../src/contradictions/analyze.js'
import {loadCatalog} from '../../src/contradictions/catalog.js'
import {
  compare,
  compareChoices,
  compareModality,
  compareRoles,
  compareTension,
  deniesInOtherWords,
  opposes,
  plansDisputed,
  quantityWords,
} from '../../src/contradictions/detect.js'
import {featurize, withKinds} from '../../src/contradictions/features.js'
import {
  agree,
  CALIBRATION,
  CALIBRATION_FEATURES,
  CALIBRATION_WEIGHTS,
  calibrate,
  calibrationClass,
  calibrationFeatures,
  decisionPointOf,
  explain,
  groupAgreements,
  lineFindings,
  linesApart,
  loadCalibrationWords,
  questionOf,
} from '../../src/contradictions/judgement.js'
import {kindsIn, loadLexicon, optionsIn} from '../../src/contradictions/lexicon.js'
import {extractClaims, sectionTitles, splitClauses} from '../../src/contradictions/markdown.js'
import {expandShorthand, normaliseNumbers, splitCamelCase} from '../../src/contradictions/numbers.js'
import {tokenizeMany} from '../../src/contradictions/nlp.js'
import {judgePairs} from '../../src/contradictions/pairs.js'
import {versionsIn} from '../../src/contradictions/versions.js'
import {type Quantity} from '../../src/contradictions/quantities.js'
import {ANALYSIS_VERSION, type ClaimRef, type Finding, LOW_CONFIDENCE_THRESHOLD} from '../../src/contradictions/types.js'
import {wordKeys} from '../../src/contradictions/words.js'
import {ROOT, tempDir} from '../helpers/cli.js'
import {InputError} from '../../src/shared/errors.js'

const lexicon = loadLexicon(ROOT)
const catalog = loadCatalog(ROOT)

/** The analysis of one note per named participant, each a line of its own file. */
function analysisOfNamed(notes: Record<string, string>): ReturnType<typeof analyze> {
  const dir = tempDir()
  try {
    const inputs = Object.entries(notes).map(([participant, note]) => {
      writeFileSync(join(dir.path, `${participant}.md`), `- ${note}\n`)
      return {participant, path: join(dir.path, `${participant}.md`)}
    })
    return analyze({catalog, generatedAt: '2026-01-01T00:00:00Z', inputs, root: ROOT, topic: 't'})
  } finally {
    dir.cleanup()
  }
}

/** What analyze finds in one note per named participant. */
const analyzeNamed = (notes: Record<string, string>): Finding[] => analysisOfNamed(notes).findings

/** What analyze finds in one note per participant ("a", "b" …). */
const analyzeNotes = (...notes: string[]): Finding[] => analyzeNamed(Object.fromEntries(notes.map((note, k) => [String.fromCodePoint(97 + k), note])))

/** What compareChoices says of two statements, and its evidence alone. */
const choose = (a: string, b: string) => compareChoices(featurize(a), featurize(b), lexicon)
const chosenEvidence = (a: string, b: string) => choose(a, b)?.evidence

/** Whether loadLexicon, on a copy of the lexicon with `file` replaced by `text`, throws an InputError matching `message`. */
function lexiconRejects(file: string, text: string, message: RegExp): boolean {
  const root = tempDir()
  try {
    const dir = join(root.path, 'catalog', 'lexicon')
    mkdirSync(dir, {recursive: true})
    for (const name of ['antonyms.json', 'antonyms-hand.yaml', 'exclusive.yaml', 'alternatives.yaml', 'kinds.yaml'])
      copyFileSync(join(ROOT, 'catalog', 'lexicon', name), join(dir, name))
    writeFileSync(join(dir, file), text)
    loadLexicon(root.path)
    return false
  } catch (error) {
    return error instanceof InputError && message.test((error as Error).message)
  } finally {
    root.cleanup()
  }
}
const judge = (a: string, b: string) => {
  const [fa, fb] = [featurize(a), featurize(b)]
  return compare(fa, fb, lexicon) ?? compareModality(fa, fb, {lexicon}) ?? compareTension(fa, fb)
}

/** The heading of the decision point two claims make, whichever detector finds them at odds. */
const headingOfPoint = (a: string, b: string) => {
  const [fa, fb] = [featurize(a), featurize(b)]
  const verdict = compare(fa, fb, lexicon) ?? compareModality(fa, fb, {lexicon})
  assert.ok(verdict, `${a} / ${b}`)
  return decisionPointOf(verdict.subject, fa, fb, verdict).heading
}

const interval = (text: string): Quantity => {
  const [q] = featurize(text).quantities
  assert.ok(q, `no quantity read in ${JSON.stringify(text)}`)
  return q
}

describe('contradictions: structured claims (issue 9 patterns)', () => {
  it('reads numbers in words, idioms and multipliers as digits', () => {
    assert.equal(normaliseNumbers('We need five to eight engineers and a dozen runners.'), 'We need 5 to 8 engineers and 12 runners.')
    assert.equal(normaliseNumbers('It costs $3k a week, 1.2M users'), 'It costs $3000 a week, 1200000 users')
    assert.equal(normaliseNumbers('a quarter of an hour'), '0.25 hour')
    assert.equal(normaliseNumbers('wait a quarter hour'), 'wait 0.25 hour')
    assert.equal(normaliseNumbers('keep it for a fortnight'), 'keep it for 2 weeks')
    assert.deepEqual(
      featurize('A quarter of the fleet runs on spot.').quantities.map((q) => [q.kind, q.low, q.high]),
      [['percentage', 25, 25]],
      'a quarter of something is a share of it (25%), not three months',
    )
    assert.equal(normaliseNumbers('ready in a minute and a half'), 'ready in 1.5 minutes')
    assert.equal(normaliseNumbers('No one reviews this one.'), 'No one reviews this one.', '"no one" and "this one" are not numbers')
    assert.match(normaliseNumbers('except 429s'), /HTTP-429/, 'a status code plural is not 429 seconds')
  })

  it('reads ranges, bounds, rates, frequencies and ordered values as intervals in one unit', () => {
    assert.deepEqual([interval('Rollouts take 2-4 weeks.').low, interval('Rollouts take 2-4 weeks.').high], [14 * 86_400, 28 * 86_400])
    assert.deepEqual([interval('Each shard holds between 10 and 20 GB.').low, interval('Each shard holds between 10 and 20 GB.').high], [10e9, 20e9])
    assert.equal(interval('The TTL drops from 600 to 60 seconds.').low, 60, '"drops from 600 to 60" means 60')
    const atMost = interval('Lock the account after no more than 5 failed logins.')
    assert.deepEqual([atMost.low, atMost.high], [Number.NEGATIVE_INFINITY, 5])
    assert.equal(interval('We spend $3k a week.').dimension, interval('We spend $150k a year.').dimension, 'money per period in one unit')
    const monthly = interval('Rotate API keys at least once a month.')
    assert.ok(monthly.high < 31 * 86_400 && monthly.low === Number.NEGATIVE_INFINITY, 'at least once a month = a gap of at most a month')
    assert.equal(interval('The migration finishes in week 12.').kind, 'ordinal')
    assert.equal(interval('We cannot finish before week 20.').low, 20, '"cannot finish before week 20" = from week 20 on')
    assert.equal(interval('Builds may take up to 20 minutes.').permission, true)
    // Dates, months and quarters on one calendar: a month is [m, m + 1), a quarter three of them, a day a point.
    assert.deepEqual([interval('Cutover on 1 Feb.').low, interval('Cutover on Feb 1.').low], [2, 2])
    assert.deepEqual([interval('Ship it in Q3.').low, interval('Ship it in Q3.').high, interval('Ship it in Q3.').highOpen], [7, 10, true])
    assert.deepEqual([interval('Done by the end of March.').low, interval('Done by the end of March.').high], [Number.NEGATIVE_INFINITY, 4])
    assert.equal(interval('Not before Q3.').low, 7, '"not before Q3" = from 1 July')
    assert.equal(interval('Not before Q3.').high, Number.POSITIVE_INFINITY)
    assert.equal(interval('Rollout in mid-January.').dimension, interval('Rollout in Q2 2027.').dimension)
    assert.deepEqual(featurize('The rollout may slip.').quantities, [], 'the modal "may" is no month')
    // Rates written with a slash: "1200 req/min" is 20 requests a second, as "20 rps" and "20 requests per second" are.
    assert.deepEqual([interval('Rate limit: 1200 req/min per client.').dimension, interval('Rate limit: 1200 req/min per client.').low], ['rate:req/s', 20])
    assert.equal(interval('We allow 20 requests per second.').dimension, interval('We allow 20 rps.').dimension)
    // A date a negation opens from afar, "at the earliest" after a date, and a year read into a date without one.
    assert.equal(interval('No prod cutover until the change freeze ends on 1 Feb.').high, Number.POSITIVE_INFINITY)
    assert.equal(interval('Nothing should be enforced for customers before mid-March.').high, Number.POSITIVE_INFINITY)
    assert.equal(interval('Switch it off in July at the earliest.').low, 7)
    assert.equal(interval('Switch it off in July at the earliest.').high, Number.POSITIVE_INFINITY)
    assert.equal(interval('The earliest is 20 January.').high, Number.POSITIVE_INFINITY)
    assert.ok(judge('Slurm is switched off at the end of February 2027.', 'slurm stays up as a fallback, switch off in July at the earliest'))
    assert.ok(judge('Production cutover in mid-January.', 'no prod cutover until the change freeze ends on 1 Feb'))
    assert.equal(judge('Production cutover in mid-February.', 'no prod cutover until the change freeze ends on 1 Feb'), undefined)
    // "CPU utilization" and "cpu target" are both the CPU: a measure noun does not make another thing.
    assert.equal(judge('Target: 70% average CPU utilization.', 'api: 50% cpu target')?.kind, 'numeric')
    // Two things that happened, each in its month, set no rival dates; nor does background against a plan.
    assert.equal(judge('the review queue got bad in jan', '23 PRs merged without review in feb'), undefined)
    assert.equal(judge('context: 2 bad nights for the api in jan', 'nothing changes on the api before q2'), undefined)
    // "hourly updates max" bounds how often (a gap of at least an hour); "even if …" is no condition.
    assert.equal(interval('sev1: hourly updates max').low, 3600)
    assert.equal(featurize('sev1: update every 30 min, even if nothing new').condition, '')
    assert.ok(judge('sev1: update every 30 min, even if nothing new', 'sev1: hourly updates max'))
    // "every 90 days" is a gap between recurrences, as "quarterly" is; "90 days" alone is how long something lasts.
    assert.equal(interval('Rotate the bot token every 90 days.').recurring, true)
    assert.equal(interval('Keep the bot token for 90 days.').recurring, undefined)
  })

  it('finds the numeric contradictions the issue lists, and leaves compatible values alone', () => {
    for (const [a, b] of [
      ['The events queue keeps messages for 7 days.', 'The events queue keeps messages for 2 weeks at least.'],
      ['The migration finishes in week 12.', 'Realistically, the migration cannot finish before week 20.'],
      ['Actions minutes will cost about $4k a month.', 'Expect roughly $100k a year in Actions minutes.'],
      ['Builds may take up to 20 minutes on the new runners.', 'A build must finish within 10 minutes.'],
      ['The TTL drops from 600 to 60 seconds.', 'The TTL stays at 600 seconds.'],
      ['Production cutover happens in mid-January.', 'Production cutover cannot happen before 1 Feb.'],
      ['Sharding ships by the end of Q1.', 'Sharding cannot ship before mid-May.'],
      ['The rate limit is 100 requests per second per IP.', 'The rate limit is about 1200 req/min per IP.'],
    ])
      assert.equal(judge(a, b)?.kind, 'numeric', `${a} / ${b}`)
    // Values ten times apart are calibrated apart from one value disputed: on unseen prose they were most often two
    // measures that share a unit.
    const far = judge('Session tokens expire after 10 minutes.', 'Session tokens expire after 8 hours.')
    const near = judge('Session tokens expire after 10 minutes.', 'Session tokens expire after 30 minutes.')
    assert.deepEqual([far?.farApart, near?.farApart], [true, undefined])
    assert.equal(calibrationClass({...far!, scope: 'between'}), 'numeric/far-apart between')
    assert.ok(calibrate({...far!, scope: 'between'}) < calibrate({...near!, scope: 'between'}))
    // An exception in so many words against a rule for all is more often real than an exception the engine read
    // from a negation; the same finding between the same lines, one written each way.
    const exception = {evidence: 'every vs an exception', kind: 'quantifier' as const, scope: 'between' as const, subject: ['review']}
    const explicit = calibrate(exception, {
      lines: ['Every schema change needs a DBA review, no exceptions.', 'Additive migrations can skip the DBA review.'],
    })
    const implicit = calibrate(exception, {
      lines: ['Every schema change needs a DBA review, no exceptions.', 'Additive migrations are fine with a peer review.'],
    })
    assert.ok(explicit > implicit, `${explicit} > ${implicit}`)
    for (const [a, b] of [
      ['Backups are kept for 14 days.', 'Certificates are renewed every 60 days.'],
      ['Audit logs are kept for a year in the write-once bucket.', 'Retain audit logs for 12 months.'],
      ['Error budget is ten percent.', 'The error budget is 10%.'],
      ['Fixing the findings will take 3 to 5 engineer-days.', 'Fixing the findings is roughly four days of work.'],
      ['We should lock the account after 5 failed logins in a row.', 'Lock an account after at most five failed attempts.'],
      ['p99 latency for POST /orders sits around 850 ms today.', 'The latency SLO for POST /orders should be p99 under 800 ms.'],
      ['We use roughly 100k build minutes a month.', 'Expect about 1.2M build minutes a year.'],
    ])
      assert.equal(judge(a, b), undefined, `${a} / ${b}`)
  })

  it('reads notes as people write them: bounds after the value, abbreviations, accepted levels, narrower groups', () => {
    for (const [a, b] of [
      ['We want a 3-year commitment on savings plans.', 'SP: 1yr only, nothing longer.'],
      ['The staging fleet needs 30 runners by March.', 'staging fleet capped at 24 runners thru Q1, no more'],
      ['Keep disk usage at or below 70% on the log volumes.', 'disk usage 85% on log volumes is fine imo'],
      ['Rotate the signing keys every quarter.', 'signing key rotation twice a yr max'],
      // (shorthand spelled out: "env" is the environment)
      ['Getting a new hire to a working environment takes around three days.', 'new hire env setup takes half a day'],
    ])
      assert.equal(judge(a, b)?.kind, 'numeric', `${a} / ${b}`)
    assert.equal(expandShorthand('regex rules per svc in every env'), 'regular expression rules per service in every environment')
    assert.equal(expandShorthand('certs for devs, approx 3 vulns'), 'certificates for developers, approximately 3 vulnerabilities')
    assert.equal(expandShorthand('pg RPO target: 15 min'), 'Postgres RPO target: 15 min')
    // "ns" is a namespace, except as a unit after a number ("p99 under 500 ns").
    assert.equal(expandShorthand('batch ns stays w/o quota'), 'batch namespace stays without quota')
    assert.equal(expandShorthand('p99 under 500 ns, admin pw in the vault'), 'p99 under 500 ns, admin password in the vault')
    // "300s" after a word that sets a time is seconds; elsewhere "429s" are status codes.
    assert.equal(normaliseNumbers('prod api ttl stays 300s'), 'production api ttl stays 300 s')
    assert.equal(normaliseNumbers('429s hit 18% of all traffic'), 'HTTP-429 responses hit 18% of all traffic')
    // A chat slash command is its act ("can /deploy prod" deploys); a path stays a path.
    assert.equal(normaliseNumbers('only release managers may run `/deploy` in prod'), 'only release managers may deploy in production')
    assert.equal(normaliseNumbers('logs in /var/log and /tmp'), 'logs in /var/log and /tmp')
    assert.equal(
      compareRoles(
        featurize('Only members of release-managers may run /deploy against production.'),
        featurize('any on-call engineer can /deploy prod from chat'),
      )?.kind,
      'role',
    )
    // A possessive before the holder says whose team it is; the team holds it.
    assert.equal(compareRoles(featurize("Kofi's platform team owns certificate expiry alerting."), featurize('cert expiry alerting -> ines'))?.kind, 'role')
    // Reviewing holds a decision as approving does, a participle before the holder modifies it, and "a second
    // person" holds nothing.
    const roles = (a: string, b: string) => compareRoles(featurize(a), featurize(b))?.kind
    // A label of a few words, or one before an arrow, is not the holder; "self-approves" approves; a finding
    // against a reservation names it, and is about what the side with an object names.
    assert.equal(roles('Store submission sign-off: the QA lead approves every submission.', 'store submissions signed off by PM'), 'role')
    assert.equal(roles('Only the on-call SRE may flush the catalogue db in prod.', 'catalogue devs should be able to flush the catalogue db in prod'), 'role')
    // A light verb's act is its object's ("trigger a prod sync" syncs production); "team leads" before the act are people.
    assert.equal(roles('Only members of the platform-sre group may trigger a prod sync.', 'team leads may sync their own prod apps'), 'role')
    assert.equal(roles('only the on-call SRE may run a purge-all', 'any dev may purge the whole cache'), 'role')
    // A held thing named by a pronoun is what the clause before names; "that team" names no holder; "o11y" is observability.
    const held = analyzeNotes(
      'Quota overrides are approved by the platform team through a PR.',
      'Quota overrides are a commercial call: the account manager approves them.',
    )
    assert.deepEqual(
      held.map((f) => [f.kind, f.explanation, f.decisionPoint.heading]),
      [['role', 'quota overrides: held by the platform team vs the account manager', 'Who owns quota overrides']],
    )
    // Access reserved ("should be limited to") against access held by everyone of a wider group, or by others.
    const access = analyzeNotes(
      'Read access to the billing database should be limited to the on-call engineers.',
      'every engineer gets read access to the billing database, for debugging',
    )
    assert.deepEqual(
      access.map((f) => [f.kind, f.explanation, f.decisionPoint.heading]),
      [['role', 'billing database: reserved to the oncall engineers, done by every engineer', 'Who may access the billing database']],
    )
    assert.equal(
      roles('Read access to the billing database should be limited to the on-call engineers.', 'on-call engineers get access to the billing database'),
      undefined,
    )
    // A place is no object: a reserved posting is done by whoever posts there; two places are still two.
    assert.equal(
      compareRoles(featurize('only the IC posts to statuspage'), featurize('any on-call sre can post the first update'))?.evidence,
      'reserved to the ic, done by any oncall sre',
    )
    assert.equal(roles('only the release bot posts to #deployments', 'any engineer can post in #dev-feed'), undefined)
    const synced = analyzeNotes('Only members of the platform-sre group may trigger a prod sync.', 'team leads may sync their own prod apps')
    assert.deepEqual(
      synced.map((f) => f.decisionPoint.heading),
      ['Who may sync production'],
    )
    assert.equal(roles('The Shared folder is owned by platform-observability.', 'shared folder: o11y owns it, fine'), undefined)
    // An actor written as the other's initials is that actor; "owning teams review majors" reviews (a verb the tagger
    // reads as a noun), after a label.
    assert.equal(roles('The product manager should own the final ranking of the backlog', 'PM owns the ranking'), undefined)
    assert.equal(roles('majors go to the platform team for review, not the app teams', 'Reviews: owning teams review majors'), 'role')
    assert.equal(roles('Major updates are assigned to the owning team through CODEOWNERS', 'Reviews: owning teams review majors'), undefined)
    assert.equal(roles('PRs touching a team folder need one approval from that team.', 'the shared folder is owned by o11y'), undefined)
    const reservedTo = compareRoles(featurize('only security approves exceptions'), featurize('exceptions (admin, edr) → team lead approves'))
    assert.deepEqual([reservedTo?.evidence, reservedTo?.subject], ['reserved to security, held by team lead', ['exception']])
    assert.equal(
      compareRoles(featurize('only security approves exceptions'), featurize('service owner self-approves exceptions, w/ a ticket'))?.evidence,
      'reserved to security, held by service owner',
    )
    assert.equal(roles('failures reviewed by db on-call, they open the ticket', 'owning service team reviews the failure, not platform'), 'role')
    assert.equal(
      roles('Every change to the status page must be reviewed by a second person.', 'The Customer Support team should own the status page.'),
      undefined,
    )
    for (const [a, b] of [
      ['Each runner has 8 GB of memory.', 'arm runners are 4 GB, separate pool'],
      ['Disk usage on the log volumes sits at about 55%.', 'disk usage 85% on log volumes is fine imo'],
      ['The staging fleet runs 18 runners today.', 'staging fleet capped at 24 runners, no more'],
    ])
      assert.equal(judge(a, b), undefined, `${a} / ${b}`)
    // Notes start sentences in lower case; `pairs` splits sentences as analyze does, so a trailing one cannot hide the claim.
    const [result] = judgePairs(
      [{a: 'We want a 3-year commitment on savings plans.', b: 'SP: 1yr only, nothing longer. we may move regions next year', id: 1}],
      ROOT,
      catalog,
    )
    assert.equal(result.kind, 'numeric')
  })

  it('reads a time of day, in UTC when a time zone follows, and a window of the day', () => {
    assert.deepEqual([interval('handoff at 16:00 UTC').low, interval('handoff at 16:00 UTC').high], [16, 16])
    assert.equal(interval('handoff at 17:00 CET').low, 16)
    assert.equal(interval('post it at 4:30pm').low, 16.5)
    assert.equal(interval('post it at 4 pm').low, 16)
    assert.deepEqual([interval('sync window 09:00-16:00 UTC').low, interval('sync window 09:00-16:00 UTC').high], [9, 16])
    assert.equal(interval('the sync starts after 20:00').high, Number.POSITIVE_INFINITY)
    assert.deepEqual([interval('no deploys after 16:00').low, interval('no deploys after 16:00').high], [Number.NEGATIVE_INFINITY, 16], 'deploys until 16:00')
    assert.equal(featurize('quiet hours 22:00-06:00').quantities.length, 0, 'an overnight window is not one interval of the day')
    assert.equal(judge('The eu-us handoff is at 16:00 UTC sharp.', 'The eu-us handoff happens at 17:00 UTC.')?.kind, 'numeric')
    assert.equal(judge('The eu-us handoff is at 16:00 UTC.', 'The eu-us handoff happens at 17:00 CET.'), undefined, 'one time, two zones')
  })

  it('reads a day of the week, days and weekends, and not a named day of the year', () => {
    assert.deepEqual([interval('handoff mon 10:00').low, interval('handoff mon 10:00').high], [1, 1])
    assert.deepEqual([interval('sync window Monday to Thursday').low, interval('sync window Monday to Thursday').high], [1, 4])
    assert.deepEqual([interval('deploys mon-thu only').low, interval('deploys mon-thu only').high], [1, 4])
    assert.deepEqual([interval('no rollout bumps on weekends').low, interval('no rollout bumps on weekends').high], [6, 7])
    assert.equal(featurize('the sun is out, mon ami').quantities.length, 0, 'a short name alone is not a day')
    assert.equal(featurize('Black Friday traffic peaks at 4x').quantities[0]?.kind, 'count')
    assert.equal(judge('handoff mon 10:00, lines up with sprint start', 'handoff stays wed 10:00')?.kind, 'numeric')
  })

  it('reads a value named as a bound ("90-day ceiling", ">= 20"), an accepted level against a set value, and a two-word instruction', () => {
    const ceiling = interval('Experiment flags follow the same 90-day ceiling.')
    assert.deepEqual([ceiling.low, ceiling.high], [Number.NEGATIVE_INFINITY, 90 * 86_400])
    assert.equal(interval('A 10 GB cap per repository.').high, 10e9)
    assert.equal(interval('Keep a floor of 3 replicas.').low, 3)
    assert.deepEqual([interval('any cap has to be >= 20 flags').low, interval('any cap has to be >= 20 flags').high], [20, Number.POSITIVE_INFINITY])
    assert.equal(interval('p99 must stay <= 300 ms').high, 0.3)
    // "more often than" bounds how often: a shorter period; negated, a longer one.
    assert.deepEqual(
      [interval('poll more often than every 5 minutes').low, interval('poll more often than every 5 minutes').high],
      [Number.NEGATIVE_INFINITY, 300],
    )
    assert.deepEqual(
      [interval('plain http probes no more often than once a minute').low, interval('plain http probes no more often than once a minute').high],
      [60, Number.POSITIVE_INFINITY],
    )
    for (const arrow of ['=>', '->']) assert.equal(featurize(`bump replicas ${arrow} 5 pods`).quantities[0]?.high, 5, `"${arrow}" is an arrow, not a bound`)
    assert.equal(judge('Experiment flags follow the same 90-day ceiling.', 'Experiment flags need up to 120 days.')?.kind, 'numeric')
    // "1h is fine" accepts more than "15 min" sets; a permission ("may live up to six months") is not an accepted level.
    assert.equal(judge('redis rto 15 min', 'redis rto 1h is fine')?.kind, 'numeric')
    assert.equal(judge('The release flag counts as stale after 14 days.', 'Release flags may live up to six months.'), undefined)
    // "update every 30 min" / "hourly updates max": the value is no modifier that sets two updates apart.
    assert.equal(judge('sev1: update every 30 min, even if nothing new ("next update 14:30")', 'sev1: hourly updates max.')?.kind, 'numeric')
  })

  it('reads a restated value as one value, an earliest date against an earlier one, and a participle before a date as a plan', () => {
    // "by 31 March (end of Q1)" states one date, so it meets the other claim's one date.
    assert.equal(
      judge('The existing backlog should be cleaned up by 31 March (end of Q1).', 'The backlog has no hard deadline; end of Q2 is fine.')?.kind,
      'numeric',
    )
    // …but two different dates in one claim still need an anchor each.
    assert.equal(judge('Phase 1 lands in March and phase 3 in August.', 'We are done by end of Q2.'), undefined)
    // "not before mid-March" answers a date someone set; the event the date hangs on is no other time frame.
    assert.equal(
      judge(
        'Move all remaining teams in February, once the pilot metrics look good.',
        'No team gets moved off Compose before the release freeze ends mid-March.',
      )?.kind,
      'numeric',
    )
    assert.equal(judge('Prod enforcement: Q2 at the earliest.', 'Enforce in prod from 1 February.')?.kind, 'numeric')
    // An earliest date and a deadline with nothing of substance in common are two plans.
    assert.equal(judge('Login checks not before June.', 'HTTP probes by end of April.'), undefined)
    // "deleted end of April" in notes is a plan, not a report of the past.
    assert.equal(featurize('legacy bucket deleted end of April').tense, undefined)
    assert.equal(featurize('the legacy bucket was deleted in April').tense, 'past')
    // "purged after 48h" is a rule's act and its time; a condition inside a reason after a comma is the reason's.
    assert.equal(featurize('untagged manifests purged after 48h').tense, undefined)
    assert.equal(featurize('untagged manifests: keep 7 days, needed for rollback when someone re-tags').condition, '')
    assert.equal(
      judge('untagged manifests purged after 48h (GC job sun + wed nights)', 'untagged manifests: keep 7 days, needed for rollback when someone re-tags')?.kind,
      'numeric',
    )
  })

  it('finds two claims that each hold a different option of one group of alternatives, and leaves mentions alone', () => {
    assert.equal(choose('**Recommendation:** standardise on k6.', 'we go with Locust')?.kind, 'choice')
    assert.equal(
      choose('Every public list endpoint must use cursor-based pagination', 'the admin endpoints can stay on offset pagination')?.evidence,
      'cursor-based pagination vs offset pagination (pagination style)',
    )
    assert.deepEqual(choose('stay on sentinel', 'Failover: ElastiCache, sessions moved in Q2')?.subject, ['redis', 'deployment'])
    // A mention chooses nothing; a stance on a thing of the option ("Snowflake object tags") is not for the option.
    assert.equal(choose('Locust scripts already exist in the repo.', 'standardise on k6'), undefined)
    assert.equal(choose('About a dozen engineers already use TOTP on GitHub today.', 'Every login must use a FIDO2 hardware key.'), undefined)
    assert.equal(choose('Use Snowflake object tags to drive masking.', 'Renew BigQuery for two years.'), undefined)
    // One that names the other's option is weighing both, not holding one against it; nor are two environments one choice.
    assert.equal(choose('go with k6, though Locust would also do', 'we go with Locust'), undefined)
    assert.equal(choose('staging: stay on sentinel', 'prod: move to ElastiCache'), undefined)
    // Two labels of one kind of thing, each a different one, hold options for two things.
    assert.equal(choose('API instance: allkeys-lru', 'api eviction: volatile-lru')?.evidence, 'allkeys-lru vs volatile-lru (redis eviction policy)')
    assert.equal(choose('API instance: allkeys-lru', 'Bot instance: volatile-ttl'), undefined)
    // A labelled value is the option itself, not a sentence about it.
    assert.equal(choose('Slurm shutdown: Slurm is switched off at the end of February.', 'Recommendation: go with Kueue.'), undefined)
    assert.equal(choose("Vault dependency: Vault's SLO is 99.9%.", 'Secrets: SOPS, with age keys per cluster.'), undefined)
    assert.equal(choose('Secrets: Vault, with ESO in every cluster.', 'Secrets: SOPS, with age keys per cluster.')?.kind, 'choice')
    // Where a thing is kept holds that option for it, and a place it must never go turns the option down; only when
    // both claims speak of one thing.
    assert.equal(
      choose('the full-zone purge token lives only in Vault', 'CDN_PURGE_TOKEN = GH Actions org secret, full-zone scope')?.evidence,
      'Vault vs org secret (secrets store)',
    )
    assert.equal(
      choose('The signing key must stay in Vault and must never be copied into CI secrets.', 'cosign key -> GH Actions secret for now, vault later maybe')
        ?.evidence,
      'Actions secret vs not CI secrets (secrets store)',
    )
    assert.equal(choose('No Vault tokens are committed anywhere in git today.', 'The CI key lives in the repo secrets.'), undefined)
    assert.equal(choose('nightly pg dumps -> minio backups bucket', 'offsite copy -> s3 us-east-1, keep it'), undefined)
    // analyze pairs the two claims though they share no word.
    assert.deepEqual(
      analyzeNotes('**Recommendation:** standardise on k6.', 'we go with Locust. team knows python').map((f) => [f.kind, f.evidence]),
      [['choice', 'k6 vs Locust (load testing tool)']],
    )

    // A bad alternatives file is one clear input error, not a crash: a group with one option, a name listed twice.
    assert.ok(lexiconRejects('alternatives.yaml', 'groups:\n  - name: load testing tool\n    options:\n      - [k6]\n', /at least two "options"/))
    assert.ok(
      lexiconRejects(
        'alternatives.yaml',
        'groups:\n  - name: a\n    options: [[k6], [locust]]\n  - name: b\n    options: [[k6], [jmeter]]\n',
        /"k6" is listed twice/,
      ),
    )

    // Every listed name belongs to one option, and every group offers a choice.
    const {groups, names} = lexicon.alternatives
    assert.ok(groups.length > 0 && names.size > groups.length)
    for (const g of groups.keys()) assert.ok(new Set([...names.values()].filter(([h]) => h === g).map(([, o]) => o)).size >= 2, groups[g])
  })

  it('reads a member of a kind as the kind: a password is a credential, an email address personal data', () => {
    const pair = (a: string, b: string) => judgePairs([{a, b, id: 'x'}], ROOT)[0].kind
    assert.equal(pair('Credentials never live in source code.', 'For now, the database password is read from settings.py.'), 'negation')
    assert.equal(pair('Logs must not contain personal data.', "We log the user's email address on every admin action."), 'negation')
    // A configuration name in capitals counts; a longer file name is not the member (".env.example" is no ".env").
    assert.deepEqual(kindsIn(lexicon.kinds, 'the job reads MINIO_SECRET_KEY from the repo'), [0])
    assert.deepEqual(kindsIn(lexicon.kinds, '.env.example files are committed with placeholders'), [])
    assert.equal(withKinds(featurize('Tokens expire after an hour.'), lexicon.kinds).content.has('credential'), false)
    // analyze pairs the two claims on the kind's words and reports the denial.
    assert.deepEqual(
      analyzeNotes(
        'Credentials never live in source code; everything comes from Vault at start-up.',
        'For now, the database password is read from settings.py, which is fine for an internal tool.',
      ).map((f) => f.kind),
      ['negation'],
    )
    // A bad kinds file is one clear input error.
    assert.ok(lexiconRejects('kinds.yaml', 'kinds:\n  - name: credential\n    words: [credential]\n', /kind credential: needs "words" and "members"/))
    assert.ok(
      lexiconRejects(
        'kinds.yaml',
        'kinds:\n  - name: credential\n    words: [credential]\n    members: [password]\n    env_suffixes: [password]\n',
        /"env_suffixes" must list names in capitals/,
      ),
    )
  })

  it('reads the value a named setting is given ("backoffLimit: 3", "keep failedJobsHistoryLimit at 5")', () => {
    assert.equal(interval('backoffLimit: 3 on every job').dimension, 'count:setting backoff limit')
    assert.equal(quantityWords(interval('keep failedJobsHistoryLimit at 5')), 'failed jobs history limit 5')
    assert.equal(interval('replicas: 3').dimension, 'count:pod')
    // A bound in the setting's name bounds the count ("minReplicas: 3" is a floor of three pods); a bound after the
    // counted noun is no part of it ("1k rows max" counts rows).
    assert.deepEqual([interval('minReplicas: 3 in prod').low, interval('minReplicas: 3 in prod').high], [3, Number.POSITIVE_INFINITY])
    assert.equal(interval('maxReplicas: 20').dimension, 'count:pod')
    // A subject that names a bound bounds its value, and sets a rule: "Maximum job duration is 72 hours".
    assert.equal(interval('Maximum job duration is 72 hours').low, Number.NEGATIVE_INFINITY)
    assert.equal(judge('Maximum job duration is 72 hours', 'Our fine-tuning jobs finish in 6-10 hours on one or two nodes'), undefined)
    assert.match(judge('The cost cap for tracing is $1,200 a month', 'Hard cap for tracing cost: $900 a month, all-in')?.evidence ?? '', /two different limits/)
    // "one request in ten" is a share; "64 drives in 4 erasure sets" is a count.
    assert.deepEqual(
      [interval('canary needs at least one request in ten going to it').dimension, interval('canary needs at least one request in ten going to it').low],
      ['percentage:%', 10],
    )
    assert.equal(interval('64 drives in 4 erasure sets').dimension, 'count:drive')
    // …and so does a verb that caps: "cap workers at 12" is at most twelve workers.
    assert.deepEqual([interval('cap workers at 12').dimension, interval('cap workers at 12').low], ['count:worker', Number.NEGATIVE_INFINITY])
    assert.equal(judge('minReplicas: 3 in prod, one per availability zone', 'prod: never below 4 pods')?.kind, 'numeric')
    assert.deepEqual([interval('batch size 1k rows max').dimension, interval('batch size 1k rows max').high], ['count:row', 1000])
    // "not sooner than 14 days" is at least 14 days, "as soon as 48 hours after" is the earliest, "we cap X at 15
    // minutes" a ceiling, and "No single migration may take longer than 5 minutes" forbids more (it permits nothing).
    assert.deepEqual(
      [
        interval('The contract step must not be merged sooner than 14 days after the expand.').low,
        interval('The contract step must not be merged sooner than 14 days after the expand.').high,
      ],
      [14 * 86_400, Number.POSITIVE_INFINITY],
    )
    assert.equal(interval('It can ship as soon as 48 hours after the expand.').low, 48 * 3600)
    assert.equal(interval('we cap migration runtime at 15 minutes').high, 900)
    assert.equal(interval('we cap migration runtime at 15 minutes').low, Number.NEGATIVE_INFINITY)
    const single = interval('No single migration may take longer than 5 minutes end to end.')
    assert.deepEqual([single.high, single.permission, single.anchor], [300, false, 'migration'])
    // A plural the tagger reads as a verb still ends the counted run: "2 exception deploys per day" is a rate.
    assert.equal(interval('cap: max 2 exception deploys per day across all teams').dimension, 'rate:deploy/day')
    assert.equal(judge('cap: max 2 exception deploys per day', 'no more than 10 exception deploys total over the whole freeze'), undefined)
    // A sum of money names its period before it, or as a total for one.
    assert.equal(interval('Set a monthly ceiling of about $10,000 for the cluster.').dimension, 'money-per-period:usd/year')
    assert.equal(featurize('Set a monthly ceiling of about $10,000 for the cluster.').quantities.length, 1)
    assert.equal(interval('gpu budget: $1.2M for the year, hard cap').high, 1_200_000)
    assert.equal(judge('A GPU compute budget of $420k per quarter.', 'gpu budget: $1.2M for the year, hard cap')?.kind, 'numeric')
    assert.equal(judge('Process them in batches of 10,000 rows.', 'batch size 1k rows max')?.kind, 'numeric')
    assert.equal(judge('For billing jobs, `backoffLimit` should be 0.', '`backoffLimit: 3` on every job, billing included.')?.kind, 'numeric')
    assert.equal(judge('Keep `failedJobsHistoryLimit` at 5.', '`failedJobsHistoryLimit: 1` is plenty.')?.kind, 'numeric')
    // An initialism inside a camel-case name is one word of it, and notes give a setting its value with an arrow.
    assert.equal(judge('kubeAPIQPS: 50 on every node', 'kubeAPIQPS -> 10 is plenty')?.kind, 'numeric')
    assert.equal(judge('- imageGCHighThresholdPercent: 85', '- imageGCHighThresholdPercent → 70, start gc way earlier')?.kind, 'numeric')
    // Two settings whose names differ by an opposite are two settings, not a dispute over "high" and "low".
    assert.equal(judge('- imageGCHighThresholdPercent: 85', '- imageGCLowThresholdPercent: 80'), undefined)
    // A number that looks like a year is a size when a unit of size follows it.
    assert.equal(interval("report gen OOM'd at 2048 MB in the load test").dimension, 'data-size:B')
    // A short word and its plural as notes write it ("fn" / "fns") name one thing.
    assert.equal(judge('default fn timeout: 900s', 'default timeout 5 min for all fns')?.kind, 'numeric')
    // One alert threshold written two ways is one setting; two thresholds still differ.
    assert.equal(judge('alert in #alerts when the error rate > 5% over 1h', '5% error rate alert, fine'), undefined)
    assert.equal(judge('alert in #alerts when the error rate > 5% over 1h', '2% error rate alert, fine')?.kind, 'numeric')
    // Two dates that share only their month share no subject: the month is the value.
    assert.equal(judge('first two weeks after 1 Mar are warn-only', 'warnings in #dev-feed from 1 Mar are fine'), undefined)
    assert.equal(judge('The bastion must be powered off on 31 March.', 'Teams migrate in waves over 10-15 working days, starting 2 March.'), undefined)
    // A value set for all but a carve-out still meets a value set for all; a condition ("if …") still sets it apart.
    const kept = 'nightly snapshots must be kept for at least 90 days'
    assert.equal(judge('nightly snapshots older than 30 days are deleted, except the month-end ones', kept)?.kind, 'numeric')
    assert.equal(judge('nightly snapshots older than 30 days are deleted if the bucket is full', kept), undefined)
    // A setting named for its unit gives that unit to its number.
    assert.equal(interval('activeDeadlineSeconds: 3600').high, 3600)
    assert.equal(interval('PR artifacts: retention-days: 7 in the shared workflow').high, 7 * 86_400)
    assert.equal(interval('retention.ms=86400000').high, 86_400)
    // An anchor written as a plural ("PRs") is the word the other claim holds ("PR").
    assert.equal(judge('every PR in a module repo needs 2 approvals, no exceptions', 'docs-only / README PRs → 1 approval is fine')?.kind, 'numeric')
    // The date of another event a plan is placed against is not a second value of the plan.
    assert.equal(
      judge(
        'I want the cross-region copies running by the end of Q1, before the billing migration in April.',
        '**Phase 3 (Q3):** cross-region copy to eu-central-1.',
      )?.kind,
      'numeric',
    )
    // A value after a label naming a bound is that bound; a setting's name is not such a label.
    assert.equal(featurize('finance cap for DR: $2,500/month, hard').quantities[0].low, Number.NEGATIVE_INFINITY)
    assert.equal(featurize('max quarantine: 30 days, then the test is deleted').quantities[0].low, Number.NEGATIVE_INFINITY)
    assert.equal(featurize('minimumReleaseAge: 3 days for npm').quantities[0].low, 3 * 86_400)
    // A rate per month and the same rate per day agree within the calendar's slack.
    assert.equal(judge('=> 1440 runs/day per location', 'at 1/min a single location = 43.2k runs/mo'), undefined)
    // A threshold verb after the counted plural counts it: "once in-flight requests per pod exceed 120".
    assert.equal(interval('start shedding once in-flight requests per pod exceed 120').low, 120)
    assert.equal(featurize('start shedding once in-flight requests per pod exceed 120').quantities[0].unit, 'req/pod')
    // …through a bound written between the name and the number.
    assert.equal(interval('Set `timeout-minutes` to no more than 60 for jobs').high, 3600)
    assert.equal(interval('retention-days: up to 7').high, 7 * 86_400)
    assert.deepEqual(featurize('days: 7').quantities, [])
    assert.equal(judge('PR artifacts: `retention-days: 7` in the shared workflow', 'PR artifacts: 14 days, keep it')?.kind, 'numeric')
    // A word given to a setting written as code is that setting's value, and the colon does not end the claim.
    assert.deepEqual(splitClauses('Every production CronJob must use concurrencyPolicy: Forbid, no exceptions.'), [
      'Every production CronJob must use concurrencyPolicy: Forbid, no exceptions',
    ])
    assert.equal(
      choose('Every production CronJob must use `concurrencyPolicy: Forbid`.', 'invoice-rollup should keep `concurrencyPolicy: Allow` in production')?.evidence,
      '"concurrencyPolicy: Forbid" vs "concurrencyPolicy: Allow"',
    )
    assert.equal(choose('Redirect HTTP to HTTPS once, at the entrypoint.', 'attach the middleware with `frameDeny: true` to every router'), undefined)
    // "opt out" is an exception; "every 5 minutes" says how often, it quantifies nothing.
    assert.equal(
      judge(
        'Every production CronJob must send a heartbeat, no opt-outs.',
        'Teams may opt out of heartbeats for a production CronJob that runs every 5 minutes.',
      )?.kind,
      'quantifier',
    )
    // "one key per head" counts keys per person, as "two keys per person" does; a singular noun before a colon labels
    // what follows ("per person: one on the keyring").
    assert.equal(interval('budget only covers one key per head').dimension, 'count:key/person')
    assert.deepEqual(
      featurize('two keys per person: one on the keyring').quantities.map((q) => q.dimension),
      ['count:key/person'],
    )
    // A label is no setting ("prod: 3"), and two settings are two things.
    assert.deepEqual(featurize('prod: 3').quantities, [])
    assert.equal(judge('`backoffLimit: 3` on every job.', '`successfulJobsHistoryLimit: 1` on every job.'), undefined)
  })

  it('reads the size of a change apart from a level ("cut by 20%", "a saving of $300 a month")', () => {
    assert.equal(featurize('Aim to cut the monthly bill by 20% this quarter.').quantities.find((q) => q.kind === 'percentage')?.change, true)
    assert.equal(interval('A ten percent cut is the most we can do.').change, true)
    assert.equal(interval('The legacy path will be gone by week 14.').change, undefined)
    // "15% off on-demand" is a discount, the size of a change, verb or not.
    assert.equal(featurize('a 1-year plan only gets us around 15% off on-demand').quantities.find((q) => q.kind === 'percentage')?.change, true)
    assert.equal(judge('PR builds hit the cache only about 40% of the time.', 'Caching will cut no more than 20% off the build time.'), undefined)
    // Two sizes of one change still disagree.
    assert.equal(
      judge('Aim to cut the monthly bill by 20% by the end of the quarter.', 'A ten percent cut is the most we can do this quarter.')?.kind,
      'numeric',
    )
  })

  it('reads ", otherwise …" as the claim\'s reason, not as a condition on it', () => {
    assert.equal(featurize('Exceptions should run for three months, otherwise vendor work becomes a fire drill').condition, '')
    assert.notEqual(featurize('Otherwise exceptions run for three months').condition, '')
    assert.ok(judge('Firewall exceptions expire after 30 days at most.', 'Firewall exceptions should run for three months, otherwise renewals pile up.'))
  })

  it('reads how things stand today against a rule as a gap, not a denial', () => {
    assert.equal(judge('Every production alert links a runbook.', 'By my count, 47 alerts currently have no runbook link.'), undefined)
    assert.equal(judge('CI must fail when an alert rule has no runbook link.', 'Today about a third of our alert rules have a runbook link.'), undefined)
    assert.equal(judge('Use Vault-issued ACL users for Redis.', 'redis: no acl users yet, single requirepass'), undefined, '"not yet" is today')
    // A time in the past, or a report label, makes a report: "for context: last yr raw logs sat in loki for 180 days".
    assert.equal(judge('Raw logs must be deleted after 14 days.', 'for context: last yr raw logs sat in loki for 180 days'), undefined)
    assert.equal(featurize('Freeze the last week of the quarter.').tense, undefined)
    // A practice stated in the present is still a position ("is measured at", not "currently").
    assert.equal(
      judge('Latency is measured at the load balancer, not inside the application.', 'Latency should be measured inside the application.')?.kind,
      'negation',
    )
  })

  it('pairs a value given to a label in notes ("redis: weekly") with the claims it meets', () => {
    assert.deepEqual(
      analyzeNotes("redis: daily restore of every instance, rdb files are small so it's cheap", 'redis: weekly, cheap anyway').map((f) => [f.kind, f.evidence]),
      [['numeric', 'daily = 1 day vs weekly = 1 week']],
    )
  })

  it('reads a bare value ("…; end of Q2 is fine") as a value of what the clause before it names', () => {
    assert.deepEqual(
      analyzeNotes(
        'The existing backlog should be cleaned up by 31 March (end of Q1).',
        'The backlog has no hard deadline this quarter; end of Q2 is fine.',
      ).map((f) => f.kind),
      ['numeric'],
    )
    // A value with a thing of its own is that thing's ("…; the freeze ends in Q2").
    assert.deepEqual(analyzeNotes('The existing backlog should be cleaned up by 31 March.', 'The backlog is not urgent; the freeze ends in Q2.'), [])
  })

  it('reads a clause that goes on from its antecedent ("…; it is isolated") with the antecedent\'s polarity', () => {
    // Two participants who agree that nothing should be removed: the second one's "it is …" takes the subject of its
    // antecedent, not a polarity of its own, so it denies nothing the first one says.
    assert.deepEqual(
      analyzeNotes(
        'There is no good reason to rip out `actions/cache` for the GitHub-hosted jobs; it is free up to the quota.',
        'I see no reason to remove `actions/cache` from the GitHub-hosted jobs; it is isolated per repository by GitHub itself.',
      ),
      [],
    )
    // …while a denial of its own still counts: "it must never run" against "keep it running".
    assert.ok(
      analyzeNotes(
        'Keep the nightly export job running on the old cluster.',
        'The nightly export job moves to the new cluster; it must never run on the old cluster again.',
      ).length > 0,
    )
  })

  it('reads a negation inside a trailing condition as part of the condition, not of the claim', () => {
    assert.equal(featurize('CI must fail when a production alert rule has no runbook_url').negations, 0)
    assert.equal(judge('CI must fail when a production alert rule has no runbook_url.', 'And one hard rule: no alert ships without a runbook_url.'), undefined)
    assert.equal(judge('CI must fail when an alert rule has a runbook_url.', 'CI must not fail when an alert rule has a runbook_url.')?.kind, 'negation')
  })

  it('reads ", not …" as turning down an alternative: no denial of a claim that only names the alternative', () => {
    assert.equal(judge('The limit must apply per customer account, not per key.', 'burst: 50 for keys, anything above that gets a 429'), undefined)
    assert.equal(
      judge('Latency is measured at the load balancer, not inside the application.', 'Latency should be measured inside the application.')?.kind,
      'negation',
    )
  })

  it('reads a list of denials ("no A, no B, no C") as one denial, not a double negation', () => {
    const listed = featurize('no internal names in public text (no "redis-primary-0", no "traefik", no pod names)')
    assert.deepEqual([listed.negations, listed.listedDenials.length], [1, 3])
    assert.equal(judge('No secrets and no pull_request_target for fork PRs.', 'fork PRs: no secrets, no pull_request_target')?.kind, undefined)
  })

  it('finds a short denial of an act a long claim sets out', () => {
    // The denial takes in most of the shorter claim, and a fifth of the longer one is enough.
    for (const [a, b] of [
      ['The size bot should not block merges.', 'size bot already blocks PRs over 500 changed lines in CI'],
      ['Never page on message-count lag.', "Page the on-call engineer when any consumer group's lag stays above 10,000 messages for 5 minutes"],
      [
        'no extensions after 31 July, not even for enterprise customers',
        'Allow paid extensions of up to three months for enterprise customers who are actively migrating',
      ],
    ])
      assert.equal(judge(a, b)?.kind, 'negation', `${a} / ${b}`)
    // …but not a denial that shares one word of a long claim.
    assert.equal(judge('Never page on lag.', 'Page the on-call engineer when the error budget burn rate stays above 14x for an hour'), undefined)
  })

  it('reads a switch left on or off as enabled or disabled', () => {
    assert.ok(featurize('prune must stay off for prod apps').content.has('disable'))
    assert.ok(featurize('turn automerge on for docs-site').content.has('enable'))
    assert.equal(featurize('keep the logs on disk').content.has('enable'), false)
    assert.equal(judge('Automerge is enabled for the docs site.', 'automerge stays off for the docs site')?.kind, 'antonym')
  })

  it('reads how long a thing is kept in notes: a bare participle before a figure, one kind of thing under two names', () => {
    // "retained 90 days" in notes sets a retention; it reports no past.
    assert.equal(featurize('denial events retained 90 days for audit').tense, undefined)
    assert.equal(featurize('the bill reached $200k last month').tense, 'past')
    for (const [a, b] of [
      ['denial logs: keep two weeks, then drop', 'denial events retained 90 days for audit'],
      ['keep handoff notes 90 days', 'handoff docs archived after 30 days, then deleted'],
      // (A bound narrows nothing: "max credit in any month" is every credit.)
      ["Credits are capped at 10% of that month's fees", 'max credit in any month is a quarter of the invoice'],
    ])
      assert.equal(judge(a, b)?.kind, 'numeric', `${a} / ${b}`)
    // How things stand, said in an aside, does not make the claim a report.
    assert.equal(featurize('artifact retention: 7 days max, org-level setting (currently 90 = the default)').actual, false)
    assert.equal(
      judge('artifact retention: 7 days max, org-level setting (currently 90 = the default)', 'Set retention-days: 14 on build artifacts')?.kind,
      'numeric',
    )
    // Two kinds of kept thing are two things.
    assert.equal(judge('keep handoff notes 90 days', 'handoff logs archived after 30 days, then deleted')?.kind, undefined)
  })

  it('counts what the tagger misreads: "3 retries" read as a verb, "per free org", "retry up to 5x"', () => {
    assert.equal(interval('max 3 retries on a 429, then give up').unit, 'attempt')
    assert.equal(interval('retry 429s up to 5x with backoff').unit, 'attempt')
    assert.equal(interval('a 14.4x burn rate').unit, 'x')
    assert.equal(interval('max 1 concurrent job per free org').unit, 'job/org')
    // A level one claim calls enough takes a position, as a rule does: two limits of one thing.
    assert.equal(judge('RPO postgres: 5 min max', 'pg RPO target: 15 min is plenty')?.kind, 'numeric')
    // A count per stretch of time is a rate: one command every 5 s is 12 a minute.
    assert.deepEqual(
      [interval('per user: one command every 5 s sustained').dimension, interval('per user: one command every 5 s').high],
      ['rate:command/s', 0.2],
    )
    assert.equal(judge('per user: 30 cmds/min, 1 min sliding window', 'per user: one command every 5 s sustained')?.kind, 'numeric')
    assert.equal(interval('max 1 auto-retry per required job').unit.split('/')[0], 'attempt')
    assert.equal(interval('auto-retry a failed integration job up to three times').unit, 'attempt')
    // (An adverb of manner only: "5 so failed pods stick around" counts no pods.)
    assert.ok(interval('Keep failedJobsHistoryLimit at 5 so failed pods stick around').unit.startsWith('setting '))
    for (const [a, b] of [
      ['max 1 concurrent job per free org', 'free: 2 concurrent jobs per org'],
      ['max 3 retries on a 429, then give up + log', 'retry 429s up to 5x w/ backoff, always respecting retry-after'],
    ])
      assert.equal(judge(a, b)?.kind, 'numeric', `${a} / ${b}`)
  })

  it('reads a denial in other words as agreeing with a negation ("stays blocked" / "must never be")', () => {
    for (const [a, b] of [
      ['force-push to main stays blocked in branch protection', 'main must never be force-pushed, not even by admins'],
      ['Network access must be disabled for every build step after the fetch', 'Hermetic builds with no network access after the fetch step'],
    ])
      assert.equal(judge(a, b)?.kind, undefined, `${a} / ${b}`)
    // A prefix denies what a negation does: "non-paging warnings" / "warnings never page anyone".
    assert.equal(deniesInOtherWords(featurize('#alerts is for non-paging warnings, thats it'), featurize('Warnings go to #alerts and never page anyone')), true)
    assert.equal(deniesInOtherWords(featurize('#alerts is for paging warnings'), featurize('Warnings go to #alerts and never page anyone')), false)
    // A dotted name is denied whole: "not from registry.k8s.io" says nothing of "registry.internal".
    assert.equal(
      judge('The sandbox image should be served from our internal mirror, not from registry.k8s.io', 'Pin the sandbox image to registry.internal/pause:3.10')
        ?.kind,
      undefined,
    )
    // The same verb denied on one side is the dispute.
    assert.equal(judge('the freeze gate blocks merges during the freeze', 'the freeze gate should warn only, never block merges')?.kind, 'negation')
  })

  it('reads leave to act "without approval" as waiving the approval', () => {
    assert.equal(
      judge(
        'Every use of break-glass must be approved by the CISO before the safe is opened.',
        'The incident commander may open break-glass without waiting for approval.',
      )?.kind,
      'modality',
    )
    assert.equal(judge('Every use of break-glass must be approved by the CISO.', 'The incident commander may open the safe.'), undefined)
  })

  it('reads approval and sign-off as one kind of sign-off', () => {
    assert.equal(
      judge('Any change to .sops.yaml must be approved by the security team.', '.sops.yaml -> CODEOWNERS @platform only. no security sign-off needed')?.kind,
      'modality',
    )
  })

  it('reads two thresholds of one alert as two limits, modal verb or not', () => {
    assert.equal(judge('alert in #alerts when hard bounces > 5% over 1h', 'hard bounce > 2% (1h window) -> alert #alerts')?.kind, 'numeric')
    // Two reports are not thresholds.
    assert.equal(judge('last month hard bounces were > 5% for a day', 'hard bounce > 2% (1h window) -> alert #alerts'), undefined)
  })

  it('reads a waiver as waiving the act the rule requires, not another one', () => {
    assert.equal(judge('The break-glass credential must be rotated after every use.', 'vault down -> break-glass creds, skips the approval step'), undefined)
    assert.equal(judge('The break-glass credential must be rotated after every use.', 'no need to rotate after each use')?.kind, 'modality')
    // "excl" and "excluding" say "excluded" in notes' shorthand.
    assert.equal(judge('Lockfiles should be excluded from the line count', 'hard cap 250 changed lines (excl lockfiles), CI fails above it'), undefined)
    assert.equal(featurize('250 changed lines, excluding lockfiles').negations, 1)
  })

  it('reads no unit as the subject of a claim ("10m default" is about the default)', () => {
    assert.equal(featurize('10m default is way too twitchy').subjectPhrase, 'default')
  })

  it('reads "no carve-outs" as a rule for all, "every release binary" as every binary, "always" as over times', () => {
    const rule = featurize('every release binary, internal tools included, no carve-outs, must have its sbom kept for the same period')
    assert.deepEqual([rule.quantifier, rule.noExceptions, rule.negations], ['every', true, 0])
    assert.equal(featurize('Every release gets a changelog entry.').quantifier, undefined, '"every release" alone says how often')
    assert.equal(judge(rule.text, 'internal tools (ops-cli, migrate-runner): skip the sbom')?.kind, 'quantifier')
    // "always … at all" quantifies over times: the release builds are still an exception to the rule for every workflow.
    const always = judge('Every workflow should use the MinIO cache, with no exceptions.', 'Release builds must always run from scratch, with no cache at all.')
    assert.equal(always?.kind, 'quantifier')
  })

  it('reads "out of scope" as denying "in scope"', () => {
    assert.equal(judge('All databases are in scope, the small internal ones included.', 'internal dbs < 5GB out of scope for v1')?.kind, 'negation')
    assert.equal(judge('Loki logs are in scope.', 'Loki logs are in scope for the audit too.'), undefined)
  })

  it('reads a denial of a list of acts as denying each ("must not push branches or open PRs")', () => {
    assert.equal(
      judge('platform eng opens the upgrade PR by hand in each consumer repo', 'platform people must not push branches or open PRs by hand in our repos')?.kind,
      'negation',
    )
  })

  it('reads "not even" after a denial as widening it, not undoing it', () => {
    assert.equal(
      judge(
        'There should be no persistent runners, not even for caching.',
        'monorepo-warm: 4 persistent runners (ephemeral: false) so the layer cache survives',
      )?.kind,
      'negation',
    )
  })

  it('reads moving, running and deploying something somewhere as one act', () => {
    assert.equal(judge('Inference must never run on spot nodes.', 'Move the overnight inference replicas to spot as well.')?.kind, 'negation')
    assert.equal(judge('Inference must never run on spot nodes.', 'Move the nightly reports to the new dashboard.'), undefined, 'another thing moved')
    assert.equal(
      judge(
        "Recovery codes must never be stored in the same vault as the account's password.",
        "Recovery codes go into each person's 1Password vault, next to their password.",
      )?.kind,
      'negation',
    )
  })

  it('finds a denial that shares half of the shorter claim', () => {
    assert.equal(
      judge('Every consumer group on the order topics gets a lag alert, the analytics sink included.', 'analytics ETL consumer: no lag alerting at all')?.kind,
      'negation',
    )
    assert.equal(judge('Every consumer group gets a lag alert.', 'no lag alerting on the staging cluster'), undefined, 'another place is another claim')
    // "no cpu limits" does not deny a "mem limit"; business hours and out of hours are two frames of one rule.
    assert.equal(judge('requests everywhere, no cpu limits, mem limit = request', 'mem limit = request, everywhere in prod'), undefined)
    assert.ok(judge('no cpu limits on any pod', 'every pod gets a cpu limit'))
    assert.equal(
      judge('During business hours an alert must be acknowledged within 15 minutes.', 'Outside business hours, acknowledgement within 2 hours is fine.'),
      undefined,
    )
    // "turn on" is "enable"; "… and must never …" starts a second predicate, so the denial covers its own clause.
    assert.equal(judge('Enable "require review from code owners" in branch protection.', 'dont turn on "require review from code owners"')?.kind, 'negation')
    assert.equal(
      judge('A stale runbook blocks merges.', 'Staleness should post a warning in the alerts channel and must never block a merge or a deploy.')?.kind,
      'negation',
    )
  })

  it('reads "must not" as forbidding, "need not" as waiving, and allows and forbids one act of one actor', () => {
    assert.equal(featurize('Tokens must not be used in any repository').modality, 'must-not')
    assert.equal(featurize('Inference must never run on spot nodes').modality, 'must-not')
    assert.equal(featurize('A second approval is not needed for docs changes').modality, 'may-not')
    assert.equal(
      judge('Developers must not be able to decrypt production secrets', "App developers may decrypt their own team's production secrets")?.kind,
      'modality',
    )
    for (const [a, b] of [
      ['PR builds must not write to the remote cache', 'Only protected-branch builds may write to the shared cache'],
      ['PRs from forks must never save to the cache', 'Fork PRs may restore from the cache read-only'],
      ['Every migration session must start with SET lock_timeout in production', 'A migration that hits lock_timeout must not be retried automatically'],
    ])
      assert.equal(judge(a, b), undefined, `${a} / ${b}`)
  })

  it('reads modality and quantifier scope', () => {
    // "Every exception needs an owner" speaks of exceptions; it makes none and waives nothing.
    assert.equal(featurize('every exception: owner, reason, expiry date').exception, false)
    assert.equal(judge('every exception: owner, reason, expiry date', 'Every exception should have an owner, a justification, and an expiry date.'), undefined)
    assert.equal(featurize('Exception: hotfix branches are never blocked by the flag check.').exception, true)
    // "stop doing X" denies doing X; "… to stop paying" is a purpose, not a denial.
    assert.equal(judge('Stop uploading coverage html as an artifact on every push.', 'Coverage html: keep uploading it on every push.')?.kind, 'negation')
    assert.equal(featurize('Jenkins will be decommissioned right after cut-over to stop paying for the controllers.').negations, 0)
    // A sign-off one requires and the other waives, with one more word in common; "needed" there is no past tense.
    assert.equal(featurize('no platform approval needed').tense, undefined)
    assert.equal(
      judge('Any TTL change requires approval from the platform lead via a PR.', 'web team sets html + asset ttls ourselves, no platform approval needed')
        ?.kind,
      'modality',
    )
    // (Another kind of sign-off is another rule.)
    assert.equal(judge('Any TTL change requires approval from the platform lead.', 'No review needed for TTL changes in staging docs.'), undefined)
    assert.equal(judge('Every schema change needs a DBA review.', 'Additive migrations can skip the DBA review.')?.kind, 'quantifier')
    assert.ok(
      ['quantifier', 'negation'].includes(
        judge('Every release needs a second approver.', 'On weekends no second approver is needed for a release.')?.kind ?? '',
      ),
    )
    assert.equal(judge('Every admin login requires MFA.', 'Break-glass accounts should skip MFA.')?.kind, 'quantifier')
    // Between claims the engine paired itself, a rule and a denial that share one word are about two things.
    assert.equal(
      judge(
        'Every workflow, including the release pipeline, should use the MinIO cache, with no exceptions.',
        'PRs from forks must never save to the cache, whatever backend we pick.',
      ),
      undefined,
    )
    assert.equal(judge('The external penetration test is required before launch.', 'The external penetration test is optional before launch.')?.kind, 'antonym')
    assert.equal(
      judge('Not only the admin UI but also the API must sit behind SSO.', 'The admin UI and the API sit behind SSO.'),
      undefined,
      '"not only … but also" is not a negation',
    )
    assert.equal(judge('We spend roughly $1.5M a year on AWS across all accounts.', '12 accounts have no owner tag.'), undefined, 'a report is not a rule')
    // "with no opt-outs", "with zero exceptions" make the rule; they do not negate it.
    const ruled = featurize('Every bucket tagged compliance must be replicated to the Leeds site, with no opt-outs.')
    assert.deepEqual(
      [ruled.negations, ruled.noExceptions, featurize('No bucket may allow anonymous access, with zero exceptions.').exception],
      [0, true, false],
    )
    assert.equal(
      judge(
        'Every bucket tagged compliance must be replicated to the Leeds site, with no opt-outs.',
        'Teams may skip it for compliance buckets they back up to tape.',
      )?.kind,
      'quantifier',
    )
    // The object right after the verb, whatever the tagger made of it ("restore drill" comes tagged as two verbs).
    assert.equal(
      judge('Every production database, without exception, gets a full restore drill.', 'Tier 2 databases may skip the manual drill.')?.kind,
      'quantifier',
    )
  })

  it('reads notes\' short sentences: "No exceptions." after a rule, a refusal such as "no proxy."', () => {
    const dir = tempDir()
    const findingsOf = (a: string, b: string) => {
      writeFileSync(join(dir.path, 'a.md'), a)
      writeFileSync(join(dir.path, 'b.md'), b)
      const inputs = ['a', 'b'].map((p) => ({participant: p, path: join(dir.path, `${p}.md`)}))
      return analyze({catalog, generatedAt: '2026-01-01T00:00:00Z', inputs, root: ROOT, topic: 't'}).findings.map((f) => [f.kind, f.a.text, f.b.text])
    }

    try {
      assert.deepEqual(findingsOf('- every deployment gets a pdb. No exceptions.\n', '- workers: skip the pdb\n'), [
        ['quantifier', 'every deployment gets a pdb. No exceptions', 'workers: skip the pdb'],
      ])
      assert.deepEqual(findingsOf('- All egress must go through the egress proxy.\n', '- no proxy. cilium policies do the job\n'), [
        ['negation', 'All egress must go through the egress proxy', 'no proxy'],
      ])
      // …with a comma too: "No Criticals into prod, ever".
      assert.deepEqual(
        findingsOf('- No Criticals into prod, ever\n', '- 72h for Criticals already in prod\n').map(([kind]) => kind),
        ['negation'],
      )
      // A verbless note with more in it is not a refusal ("no requests = hpa blind" says what happens without them).
      assert.deepEqual(findingsOf('- HPA utilization is computed against resource requests.\n', '- no requests = hpa blind\n'), [])
      // A two-word instruction with its value ("rotate monthly.") is a claim, compared on the act it names.
      assert.deepEqual(findingsOf('- Rotate the bot token every 90 days.\n', '- rotate monthly. the token can trigger deploys\n'), [
        ['numeric', 'Rotate the bot token every 90 days', 'rotate monthly'],
      ])
      assert.deepEqual(findingsOf('- Enforce the retention rules no earlier than 1 September.\n', '- enforce from 1 jul\n'), [
        ['numeric', 'Enforce the retention rules no earlier than 1 September', 'enforce from 1 jul'],
      ])
    } finally {
      dir.cleanup()
    }

    // ", full stop" makes a rule for every case and names nothing; "fall back" is the fallback.
    const emphatic = featurize('offline has to work, full stop')
    assert.deepEqual([emphatic.noExceptions, emphatic.content.has('stop')], [true, false])
    assert.ok(featurize('If Discord is down, fall back to email.').subjects.has('fallback'))
  })

  it('knows opposites of change, degree, trend and prefixed opposites', () => {
    // ("avoid" denies what it governs: the pair is a denial before it is a pair of opposites.)
    assert.equal(judge('We should adopt reusable workflows from the start.', 'We should avoid reusable workflows from the start.')?.kind, 'negation')
    assert.equal(judge('We should adopt reusable workflows from the start.', 'We should abandon reusable workflows from the start.')?.kind, 'antonym')
    assert.equal(judge('Logging costs have been rising since March.', 'Logging costs have been falling since March.')?.kind, 'antonym')
    assert.equal(judge('The missing rate limit on login is a major issue.', 'The missing rate limit on login is a minor issue.')?.kind, 'antonym')
    assert.equal(judge('The service runs as an unprivileged container.', 'The container needs to run privileged to mount the audit volume.')?.kind, 'antonym')
    assert.equal(judge('Page volume is going down this month.', 'Page volume went up this month.')?.kind, 'antonym')
    // Growing or keeping a thing against ending it.
    assert.equal(judge('me: drop the nix pilot, archive the repo', "I'd suggest we expand the Nix pilot beyond the build-tools repo")?.kind, 'antonym')
    assert.equal(judge('CHANGELOG.md stays and we keep it', 'GitHub Releases replace CHANGELOG.md')?.kind, 'antonym')
    assert.equal(judge('Datadog synthetics stays', 'Synthetic monitoring: adopt Checkly and retire Datadog Synthetics')?.kind, 'antonym')
    // A state said of the one subject ("must stay off") against the act that changes it.
    assert.equal(
      judge('Prune should be enabled on every Application from day one, prod included', 'prune must stay off for prod apps until the first release')?.kind,
      'antonym',
    )
  })

  it('splits clauses the same way in analyze and pairs, so a trailing clause neither hides nor adds a claim', () => {
    // A comma before a pronoun and its verb starts a second statement, unless the first only frames it.
    assert.deepEqual(splitClauses("App teams shouldn't be owning rotation, we don't have the tooling."), [
      "App teams shouldn't be owning rotation",
      "we don't have the tooling",
    ])
    assert.deepEqual(splitClauses('If the page fires, we roll back within 10 minutes.'), ['If the page fires, we roll back within 10 minutes'])
    // …and so does a waiver in notes (", no need to …").
    assert.deepEqual(splitClauses('bg pw rotated quarterly, no need to rotate after each use'), ['bg pw rotated quarterly', 'no need to rotate after each use'])
    // An occasion ("after every use") is content: the waiver meets the rule it waives.
    assert.equal(judge('The break-glass credential must be rotated after every use.', 'no need to rotate after each use')?.kind, 'modality')
    assert.deepEqual(splitClauses('Credentials never live in source code; everything comes from Vault at start-up.'), [
      'Credentials never live in source code',
      'everything comes from Vault at start-up',
    ])
    assert.deepEqual(splitClauses('The pipeline is automated, but nobody reviews the release notes.'), [
      'The pipeline is automated',
      'but nobody reviews the release notes',
    ])
    assert.deepEqual(splitClauses('CPU, memory, and disk are monitored.'), ['CPU, memory, and disk are monitored'])
    // Notes join two statements with a comma: "no email fallback, nobody reads the oncall list" denies once, twice.
    assert.deepEqual(splitClauses('no email fallback, nobody reads the oncall list'), ['no email fallback', 'nobody reads the oncall list'])
    // A statement before a colon stands on its own; a label before one does not.
    assert.deepEqual(splitClauses('MinIO is not free: the new disks add roughly $250 a month.'), [
      'MinIO is not free',
      'the new disks add roughly $250 a month',
    ])
    assert.deepEqual(splitClauses('Kill switches: reviewed yearly and archived after a year.'), ['Kill switches: reviewed yearly and archived after a year'])
    assert.deepEqual(splitClauses('Page volume is going down: 40 pages last month against 65.'), ['Page volume is going down: 40 pages last month against 65'])
    const [free] = judgePairs(
      [{a: 'MinIO will be effectively free: it runs on the storage nodes we have.', b: 'MinIO is not free: new disks add $250 a month.', id: 1}],
      ROOT,
      catalog,
    )
    assert.equal(free.kind, 'negation')
    const [result] = judgePairs(
      [
        {
          a: 'Raw request logs must be kept for 30 days, because the payment audit asks for them.',
          b: 'Request logs need not be kept longer than 14 days.',
          id: 1,
        },
      ],
      ROOT,
      catalog,
    )
    assert.equal(result.kind, 'numeric')
  })
})

describe('contradictions: analysis v2 (findings a decision-maker can act on)', () => {
  it('lists as agreed only one figure both name: not a value a line weighs against another, nor merely compatible ones', () => {
    const dir = tempDir()
    try {
      const [ana, ben] = [join(dir.path, 'ana.md'), join(dir.path, 'ben.md')]
      writeFileSync(
        ana,
        'Release flags must not live longer than 90 days.\n\nAlert when the hard bounce rate of the mail relay passes 5%.\n\nAudit logs are kept for a year in the write-once bucket.\n\nCluster autoscaler at the default 10 minutes.\n',
      )
      writeFileSync(
        ben,
        'Release flags: 6 months max. Ninety days is not realistic for release flags.\n\nAlert on the mail relay hard bounce rate > 2%.\n\nRetain audit logs in the write-once bucket for 12 months.\n\n- scale-down-unneeded-time → 30m. 10m default is way too twitchy, we churned ~40 nodes/day in jan\n',
      )
      const inputs = [
        {participant: 'ana', path: ana},
        {participant: 'ben', path: ben},
      ]
      const analysis = analyze({catalog, generatedAt: '2026-01-01T00:00:00Z', inputs, root: ROOT})
      const agreed = analysis.agreements.map((a) => a.claims.map((c) => c.line).join('/'))
      assert.deepEqual(agreed, ['5/5'], JSON.stringify(analysis.agreements.map((a) => a.explanation)))
    } finally {
      dir.cleanup()
    }
  })

  it('explains each finding, classes it between or internal, calibrates it, and lists agreements', () => {
    const dir = tempDir()
    try {
      const ana = join(dir.path, 'ana.md')
      const ben = join(dir.path, 'ben.md')
      writeFileSync(
        ana,
        'Raw request logs must be kept for 30 days, because the payment audit asks for them.\n\nAudit logs are kept for a year in the write-once bucket.\n\nEvery production deployment needs two approvals.\n\nHotfixes can go to production with a single approval.\n',
      )
      writeFileSync(ben, 'Request logs need not be kept longer than 14 days.\n\nRetain audit logs for 12 months.\n')
      const analysis = analyze({
        catalog,
        generatedAt: '2026-01-01T00:00:00Z',
        inputs: [
          {participant: 'ana', path: ana},
          {participant: 'ben', path: ben},
        ],
        root: ROOT,
      })
      assert.equal(analysis.version, ANALYSIS_VERSION)
      const retention = analysis.findings.find((f) => f.kind === 'numeric' && f.scope === 'between')
      assert.ok(retention, JSON.stringify(analysis.findings.map((f) => f.explanation)))
      assert.match(retention.explanation, /request logs: 30 days vs .*14 days/)
      assert.equal(retention.decisionPoint.heading, 'Retention period of the raw request logs')
      // Two dates that both name a month are about what is dated, not about the month.
      const [fa, fb] = [
        featurize('Tail sampling should be live in production by 15 March.'),
        featurize('Tail sampling in production lands at the end of March.'),
      ]
      const dated = compare(fa, fb, lexicon)
      assert.equal(dated && decisionPointOf(dated.subject, fa, fb, dated).heading, 'Date of the tail sampling')
      // An arrow in notes ends the phrase; an acronym keeps its capitals when the explanation goes on from it.
      const [ma, mb] = [featurize('api redis maxmemory -> 1gb, no more'), featurize('set the API redis maxmemory to 2 GB')]
      const memory = compare(ma, mb, lexicon)
      assert.equal(memory && decisionPointOf(memory.subject, ma, mb, memory).heading, 'Size of the api redis maxmemory')
      // A setting's value is headed by the setting, not as a count of something.
      const [sa, sb] = [featurize('kubeAPIQPS: 50 on every node'), featurize('kubeAPIQPS -> 10 is plenty')]
      const setting = compare(sa, sb, lexicon)
      assert.equal(setting && decisionPointOf(setting.subject, sa, sb, setting).heading, 'Value of the kube apiqps')
      // A count for each of something reads as such.
      const [ja, jb] = [featurize('max 1 concurrent job per free org'), featurize('free: 2 concurrent jobs per org')]
      const jobs = compare(ja, jb, lexicon)
      assert.equal(jobs && decisionPointOf(jobs.subject, ja, jb, jobs).heading, 'Number of jobs per org')
      const [ta, tb] = [featurize('TTL: 5 minutes'), featurize('TTL: 15 min, 5 is too aggressive')]
      const ttl = compare(ta, tb, lexicon)
      assert.ok(ttl && !explain(ttl, ta, tb).startsWith('tTL'), ttl && explain(ttl, ta, tb))
      assert.equal(retention.a.text, 'Raw request logs must be kept for 30 days', 'the clause')
      assert.equal(retention.a.sentence, 'Raw request logs must be kept for 30 days, because the payment audit asks for them.', 'and the full sentence')
      assert.ok(retention.confidence > 0 && retention.confidence <= 1 && retention.lowConfidence === retention.confidence < LOW_CONFIDENCE_THRESHOLD)
      assert.equal(retention.a.structure?.modality, 'must')
      const approvals = analysis.findings.find((f) => f.scope === 'internal')
      assert.ok(approvals, 'one participant contradicting themselves is an internal finding')
      assert.equal(approvals.a.participant, approvals.b.participant)
      // Calibrated on the tune half: most findings within one participant's notes were two subjects, not a dispute.
      assert.equal(approvals.lowConfidence, true, 'an internal every-vs-exception finding goes to the appendix')
      assert.equal(retention.lowConfidence, false, 'a numeric finding between participants stays in the main list')
      const [agreement] = analysis.agreements
      assert.ok(agreement, 'a year and 12 months agree')
      assert.match(agreement.explanation, /1 year/)
      assert.deepEqual(new Set(agreement.claims.map((c) => c.participant)), new Set(['ana', 'ben']))
      assert.ok(JSON.stringify(analysis).includes('"low":null'), 'open bounds are written as null, not lost')
    } finally {
      dir.cleanup()
    }
  })
})

// Floors a little below the figures measured on the tune half (docs/contradictions.md); never the hold-out half.
describe('contradictions: measured quality on the prose tune half', function () {
  this.timeout(300_000)
  const meetings = loadHalf('tune')

  // Floors below the tune half's figures (docs/contradictions.md): they catch a regression, they do not claim a
  // target. 105 meetings on 2026-12-05 (eleventh session), restatements paired (contradictionKeys): precision 0.715
  // (606/847), entries found 0.378 (439/1162), traps 2.1% (32/1541); pairs 0.82 / 0.40 (on the first 101). The tune half grows with
  // meetings measured on arrival, each harder than the tuned ones, so the floors leave room for the next.
  // (Thirtieth session: 256 meetings give 0.741 / 0.349; the ten added were found at 0.23 on arrival, so the recall
  // floor moved from 0.35 to 0.34.)
  it('analyze (what synthesize reports): precision >= 0.67, entries found >= 0.34, traps reported under 3.5%', function () {
    if (meetings.length === 0) this.skip()
    let [reported, matched, found, gold, traps, trapsGold] = [0, 0, 0, 0, 0, 0]
    for (const meeting of meetings) {
      const inputs = meeting.info.participants.map((p) => ({participant: p, path: join(meeting.dir, `${p}.md`)}))
      const analysis = analyze({catalog, generatedAt: '2026-01-01T00:00:00Z', inputs, root: ROOT, topic: meeting.info.topic})
      const scored = scoreSynthesize(meeting, readAnalysis(JSON.parse(JSON.stringify(analysis))))
      reported += scored.synthesize.reported
      matched += scored.synthesize.matchedFindings
      found += scored.synthesize.matchedGold
      gold += scored.synthesize.gold
      traps += scored.synthesize.trapsReported
      trapsGold += scored.synthesize.traps
    }

    const [precision, recall] = [matched / Math.max(1, reported), found / Math.max(1, gold)]
    assert.ok(precision >= 0.67 && recall >= 0.34 && traps < 0.035 * trapsGold, `precision ${precision}, recall ${recall}, traps ${traps} of ${trapsGold}`)
  })

  // Confidence is calibrated on what the engine found on each meeting the day it arrived, so the table must be
  // the one those records and today's calibration classes give.
  it('the calibration table and weights are the ones the arrival records give', function () {
    const recorded = meetings.filter((meeting) => meeting.arrival)
    if (recorded.length === 0) this.skip()
    const {counts, weights, words} = fitCalibration(recorded)
    assert.deepEqual(Object.fromEntries([...counts].sort(([x], [y]) => x.localeCompare(y))), CALIBRATION, 'run scripts/calibrate.ts --write')
    assert.deepEqual(words, loadCalibrationWords(ROOT), 'run scripts/calibrate.ts --write')
    assert.deepEqual(
      roundedWeights(weights),
      CALIBRATION_FEATURES.map((name) => CALIBRATION_WEIGHTS[name]),
      'run scripts/calibrate.ts --write',
    )
    // Each pair of lines counted once, either order; a finding within one line counts that line twice for itself
    // and leaves the line's other findings alone.
    assert.deepEqual(
      lineFindings([
        ['a', 'b'],
        ['a', 'c'],
        ['b', 'a'],
        ['c', 'e'],
        ['d', 'd'],
        ['b', 'b'],
      ]),
      [2, 2, 2, 2, 2, 3],
    )
    // A line in many findings lowers a finding's confidence; a subject of two words or more raises it.
    const finding = {evidence: '7 days vs 30 days', kind: 'numeric' as const, scope: 'between' as const, subject: ['retention']}
    assert.ok(calibrate(finding, {lineFindings: 8}) < calibrate(finding) && calibrate(finding) < calibrate({...finding, subject: ['log', 'retention']}))
    // A value given as an estimate lowers it (read from the evidence as written, before its normalised form);
    // durations raise it, as the records say.
    const counted = {...finding, evidence: '3 replicas vs 5 replicas', measure: 'count' as const}
    assert.ok(calibrate({...counted, evidence: '~ 3 replicas vs 5 replicas'}) < calibrate(counted))
    assert.ok(calibrate({...counted, evidence: '3 replicas vs 5 replicas = about 5 replicas'}) === calibrate(counted))
    const shares = {...finding, evidence: '3% vs 5%', measure: 'percentage' as const}
    assert.ok(calibrate(shares) < calibrate({...shares, evidence: '3 days vs 5 days', measure: 'duration'}))
    // Two lines that name their thing alike raise it; a line that only floats an idea lowers it.
    const alike = ['- Audit logs are kept for 7 days in Loki.', 'Audit logs in Loki: 30 days, not a week.'] as const
    const unlike = ['- Audit logs are kept for 7 days in Loki.', 'Tokens expire after 30 days.'] as const
    assert.ok(calibrate(finding, {lines: unlike}) < calibrate(finding, {lines: alike}))
    assert.ok(calibrate(finding, {lines: [alike[0], 'maybe 30 days for audit logs in Loki?']}) < calibrate(finding, {lines: alike}))
    // The same shared words in two long lines say less; a report of today against a position lowers it too.
    const padded = [
      `${alike[0]} Compliance and finance agreed to this after a long debate in March.`,
      `${alike[1]} The security team asked for exactly that when they went through every bucket.`,
    ] as const
    assert.ok(calibrate(finding, {lines: padded}) < calibrate(finding, {lines: alike}))
    assert.ok(
      calibrate(finding, {lines: [alike[0], 'Audit logs in Loki are currently kept 30 days.']}) <
        calibrate(finding, {lines: [alike[0], 'Audit logs in Loki: keep 30 days.']}),
    )
    // One participant's two claims a few lines apart are one thought worked out more often than a self-contradiction.
    const own = {...finding, scope: 'internal' as const}
    assert.equal(linesApart('notes/ana.md:12', 'notes/ana.md:16'), 4)
    assert.equal(linesApart('ana.md:12', 'ben.md:12'), undefined)
    assert.ok(calibrate(own, {internalDistance: 4}) < calibrate(own, {internalDistance: 40}))
    assert.equal(calibrate(own, {internalDistance: 40}), calibrate(own))
    // Where the lines sit: both in a summary or recommendation raises it, one in a section on how things stand today
    // lowers it, two participants' sections on one thing raise it; a line naming another participant ("as Olga
    // said") is most often a report of their view, and lowers it.
    assert.ok(calibrate(finding, {sections: ['recommendation', 'summary']}) > calibrate(finding, {sections: ['recommendation', undefined]}))
    assert.ok(calibrate(finding, {sections: ['recommendation', undefined]}) > calibrate(finding))
    assert.ok(calibrate(finding, {sections: ['current state', undefined]}) < calibrate(finding))
    assert.ok(calibrate(finding, {sections: ['audit logs', 'log retention']}) > calibrate(finding, {sections: ['audit logs', 'costs']}))
    assert.equal(calibrate(own, {internalDistance: 40, sections: ['audit logs', 'log retention']}), calibrate(own, {internalDistance: 40}))
    const writers = {a: 'Ana', all: ['Ana', 'Olga Ivanova'], b: 'Olga Ivanova'}
    assert.ok(calibrate(finding, {lines: ['As Olga says, keep audit logs 7 days.', alike[1]], writers}) < calibrate(finding, {lines: alike, writers}))
    const ownName = ['Olga: keep audit logs 7 days.', alike[1]] as const
    assert.equal(calibrate(finding, {lines: ownName, writers: {...writers, a: 'Olga Ivanova', b: 'Ana'}}), calibrate(finding, {lines: ownName}))
  })

  it('names the section each line sits under: headings, bold lines and labels on a line of their own', () => {
    const lines = [
      'intro',
      '## Current state',
      '- 7 days today',
      '**Recommendation**',
      'Keep 30 days.',
      'open questions:',
      '- cost?',
      '```',
      '# not a heading',
      '```',
      'after',
    ]
    assert.deepEqual(sectionTitles(lines), [
      undefined,
      undefined,
      'current state',
      'current state',
      'recommendation',
      'recommendation',
      'open questions',
      'open questions',
      'open questions',
      'open questions',
      'open questions',
    ])
  })

  // (Floors under the figures: 0.802 / 0.358 on 174 tune meetings, eighteenth session; 0.792 / 0.336 on 234, twenty-
  // seventh session; 0.799 / 0.334 on 240, twenty-eighth; 0.800 / 0.329 on 250, twenty-ninth: new meetings are harder
  // than the ones the rules were written on, and the ten added this session were found at 0.23 on arrival.)
  it('pairs: precision >= 0.78, recall >= 0.32', function () {
    if (meetings.length === 0) this.skip()
    const rows = meetings.flatMap((meeting) =>
      [...meeting.contradictions.map((e) => ({e, gold: true})), ...meeting.traps.map((e) => ({e, gold: false}))].map(({e, gold}, k) => ({
        a: claimSentence(lineText(meeting, e.a) ?? e.a.quote, e.a.quote),
        b: claimSentence(lineText(meeting, e.b) ?? e.b.quote, e.b.quote),
        gold,
        id: `${meeting.slug}/${k}`,
      })),
    )
    const results = judgePairs(rows, ROOT, catalog)
    const tp = results.filter((r, i) => r.contradiction && rows[i].gold).length
    const fp = results.filter((r, i) => r.contradiction && !rows[i].gold).length
    const [precision, recall] = [tp / Math.max(1, tp + fp), tp / rows.filter((r) => r.gold).length]
    assert.ok(precision >= 0.78 && recall >= 0.32, `precision ${precision}, recall ${recall}`)
  })
})

describe('contradictions: thirteenth-session patterns', () => {
  it('reads a bound or a threshold on a named setting, and a decimal billion', () => {
    const bounded = interval('Keep `autovacuum_freeze_max_age` at or below 200M (the default).')
    assert.equal(bounded.dimension, 'count:setting autovacuum_freeze_max_age')
    assert.deepEqual([bounded.low, bounded.high], [Number.NEGATIVE_INFINITY, 200_000_000])
    assert.equal(interval('page once XID age crosses 1.5B').dimension, 'count:setting xid age')
    assert.equal(interval('page once XID age crosses 1.5B').low, 1_500_000_000)
    // (One singular noun before a threshold verb names no setting: no value is read.)
    assert.equal(featurize('page once latency exceeds 120').quantities.length, 0)
    assert.equal(
      judge('Raise `autovacuum_freeze_max_age` to 400 million.', 'Keep `autovacuum_freeze_max_age` at or below 200M (the default).')?.kind,
      'numeric',
    )
  })

  it('takes "no exceptions" and an explicit waiver as a rule and its exception, however little else they share', () => {
    const verdict = judge(
      'Every merge request that touches application code must pass the gate, no exceptions, hotfixes included',
      'Hotfixes tagged sev1 may bypass the gate, provided tests are backfilled within 5 business days',
    )
    assert.equal(verdict?.kind, 'quantifier')
    // Without "no exceptions" the rule and the waiver share too little to be paired by the engine.
    assert.equal(
      judge(
        'Every merge request that touches application code must pass the gate',
        'Hotfixes tagged sev1 may bypass the gate, provided tests are backfilled within 5 business days',
      ),
      undefined,
    )
  })

  it('reads a claim that names no environment as production when the other names production and more', () => {
    assert.equal(
      judge(
        'every prod deploy must go through canary analysis, config-only changes included',
        'feature-flag flips and config-only changes should be able to skip canary',
      )?.kind,
      'quantifier',
    )
    assert.equal(judge('every staging deploy must go through canary analysis', 'config-only changes should be able to skip canary in production'), undefined)
  })

  it('reads "monthly is overkill" as asking for a longer gap, and heads two cadences as a frequency', () => {
    const [, rejected] = featurize('quarterly restore drills are enough, monthly is overkill for the cost').quantities
    assert.deepEqual([rejected.text, rejected.high], ['monthly', Number.POSITIVE_INFINITY])
    const [drills, overkill] = ['monthly restore drill per db cluster, automated', 'quarterly restore drills are enough, monthly is overkill for the cost']
    const verdict = judge(drills, overkill)
    assert.equal(verdict?.kind, 'numeric')
    // Two cadences are headed as a frequency, not by the verb ("Restore time of the drills").
    assert.match(decisionPointOf(verdict!.subject, featurize(drills), featurize(overkill), verdict).heading, /^Frequency of/)
  })

  it('reads a figure after a label of a past event as a report, which a threshold does not dispute', () => {
    const report = 'last catalog-api deploy: hit ratio was 35% in the first minute, DB CPU up by about 15 points'
    assert.equal(featurize(report).tense, 'past')
    assert.equal(judge('ready only when local hit ratio >= 80% on the replayed set', report), undefined)
    assert.equal(judge('ready only when local hit ratio >= 80% on the replayed set', 'hit ratio should be 35%')?.kind, 'numeric')
  })

  it('does not take the compared value for a narrower group: "hourly snaps" / "snaps every 4h"', () => {
    assert.equal(judge('tier-1: hourly snaps, keep the last 24', 'tier-1 snaps every 4h, dailies 30d, weeklies 12w')?.kind, 'numeric')
    // (A modifier that is not the value still narrows: "gpu nodes" are not every node.)
    assert.equal(judge('gpu nodes are 8 vCPU', 'each node has 16 vCPU'), undefined)
  })

  it('reads "keep X out of Y" as denying what "X stays in Y" says', () => {
    assert.equal(judge('api.* stays in the canary', 'keep api.* out of the canary')?.kind, 'negation')
    // ("out of" after no verb of keeping measures: "3 out of 5 runs" denies nothing.)
    assert.equal(featurize('3 out of 5 runs fail in the canary').negations, 0)
  })

  it('reads "extra" and "more" members as no narrower group, and heads a cost dispute by the cost', () => {
    const verdict = judge('3 extra brokers ~ $120k/yr all-in', 'Cost: three more brokers adds roughly $4k a month with reserved pricing.')
    assert.equal(verdict?.measure, 'money-per-period')
    const [fa, fb] = [featurize('3 extra brokers ~ $120k/yr all-in'), featurize('Cost: three more brokers adds roughly $4k a month')]
    assert.match(decisionPointOf(verdict!.subject, fa, fb, verdict).heading, /^Cost/)
  })

  it('reads Kubernetes millicores and binary memory units, and never takes a unit for the measured thing', () => {
    assert.equal(normaliseNumbers('CPU request: 100m per container'), 'CPU request: 0.1 vCPU per container')
    assert.equal(interval('a 500m CPU request').dimension, 'count:vcpu')
    // (A time stays a time: "CPU above 90% for 15m".)
    assert.equal(featurize('page when CPU is above 90% for 15m').quantities[1].kind, 'duration')
    assert.equal(interval('memory limit 512Mi').high, 512 * 2 ** 20)
    // Two memory limits that share only their unit are about two things.
    assert.equal(judge('LimitRange max mem per container: 4Gi in app namespaces', 'search-indexer: 6Gi limit, stays in search ns'), undefined)
  })

  it('leaves a condition of a clause of its own after the value to that clause', () => {
    assert.equal(featurize('default for new prod topics = 6 partitions, teams ask if they need more').condition, '')
    assert.equal(
      judge('default for new prod topics = 6 partitions, teams ask if they need more', 'New production topics should start at 12 partitions')?.kind,
      'numeric',
    )
    // (A condition of the claim itself stays: "6 partitions if the topic is keyed".)
    assert.notEqual(featurize('default for new prod topics = 6 partitions if the topic is keyed').condition, '')
  })

  it('takes neither a counted 2000 for a year nor "the next night" of a sequence for a time apart', () => {
    assert.deepEqual([...featurize('measured over the fleet of roughly 2000 meshed pods').times], [])
    assert.deepEqual([...featurize('canary soaks one day, then wave 2 goes the next night').times], [])
    assert.deepEqual([...featurize('in 2024 we spent more').times], ['2024'])
    assert.equal(judge('canary soak: min 48h before wave 2, no exceptions', 'canary soaks one day, then wave 2 goes the next night')?.kind, 'numeric')
  })

  it('reads an amount of data per period as a throughput', () => {
    assert.equal(interval('plan for 5 MB/s per partition').dimension, 'rate:B/s')
    assert.equal(interval('assume 36 GB per hour of writes').high, 1e7)
    assert.equal(interval('a monthly ingestion budget of 500 GB').dimension, 'rate:B/s')
    // (A size taken each period is still a size: "a monthly backup of 2 TB".)
    assert.equal(featurize('a monthly backup of 2 TB').quantities.at(-1)?.dimension, 'data-size:B')
  })

  it('reads an imperative as no past, whatever participle it holds', () => {
    assert.equal(featurize('turn on the meraki scheduled auto-upgrade for the APs').tense, undefined)
    assert.equal(featurize('Rotated the keys last week').tense, 'past')
    assert.equal(featurize('Checkout API availability over the last 90 days was 99.87%').tense, 'past')
    assert.equal(judge('auto-upgrade in the meraki dashboard stays OFF', 'turn on the meraki scheduled auto-upgrade for the APs')?.kind, 'antonym')
  })

  it('reads "RF=3 with …" and "stays on RF 2." as values of one setting', () => {
    assert.equal(interval('All prod topics must be RF=3 with min.insync.replicas=2').dimension, 'count:setting rf')
    assert.equal(interval('The clickstream firehose in prod stays on RF 2.').dimension, 'count:setting rf')
    // (A short name before a number that goes on to name something is no setting: "on AZ 2 nodes".)
    assert.equal(featurize('stays on RF 2 brokers').quantities[0]?.dimension, 'count:broker')
  })

  it('takes no scope from an aside of what a claim assumes, nor from "dev" that says whose', () => {
    assert.deepEqual([...featurize('Production rollout complete by 15 March, assuming no surprises from the staging soak').scopes], ['production'])
    assert.deepEqual([...featurize('expand the tier to ap-south-1 in Q3, dev signups from India up 3x').scopes], [])
    assert.deepEqual([...featurize('rollout to the dev cluster first').scopes], ['dev'])
    assert.equal(judge('Production rollout complete by 15 March, assuming no surprises from the staging soak', 'prod not before 7 apr')?.kind, 'numeric')
  })

  it('lets a value agree only with one it could be a value of', () => {
    assert.equal(
      judge(
        'Users should see a warning modal at least five minutes before an idle logout',
        "We'll show the warning modal two minutes before the 15-minute idle timeout",
      )?.kind,
      'numeric',
    )
    // (A line that weighs two values of one thing still agrees by the one it keeps: "6 months max. 90 days is not realistic".)
    assert.equal(judge('Keep audit logs for 90 days', 'audit logs: 6 months max, 90 days would also do'), undefined)
  })

  it('takes an exception in a scope the rule covers as its exception', () => {
    assert.equal(
      judge(
        'every image promoted to staging or prod must be cosign-signed & verified at launch, no exceptions',
        'gpu pool images in prod can skip the signature check for now',
      )?.kind,
      'quantifier',
    )
    // (…not one in a scope the rule leaves out.)
    assert.equal(
      judge('every image promoted to prod must be cosign-signed, no exceptions', 'gpu pool images in staging can skip the signature check for now'),
      undefined,
    )
  })

  it('reads a name spelt two ways as one modifier, and a soak as a property of what soaks', () => {
    assert.equal(judge('every node must pass dcgmi diag -r 3 before uncordon', 'L4 inference nodes can skip the dcgm diag')?.kind, 'quantifier')
    assert.equal(judge('canary soak min 72h before wave 1', '24h on canary is plenty, then wave 1.')?.kind, 'numeric')
    // (Two different names still name two things: "billing service" / "search service".)
    assert.equal(judge('the billing service must answer within 200 ms', 'the search service must answer within 800 ms'), undefined)
  })

  it('sets "no exceptions for X" against an exception taken for X', () => {
    assert.equal(
      judge('no exceptions for svc accts or break-glass in the review population', 'svc accounts owned by terraform can skip the human review')?.kind,
      'quantifier',
    )
    // (…not against an exception for another member.)
    assert.equal(judge('no exceptions for break-glass in the review population', 'svc accounts owned by terraform can skip the human review'), undefined)
  })

  it('keeps a two-word order in notes as a claim', () => {
    assert.deepEqual(
      extractClaims('- drop DKMS. precompiled driver baked into the node image\n').map((c) => c.text),
      ['drop DKMS.', 'precompiled driver baked into the node image'],
    )
    // (Two words that order nothing stay out: "see above.")
    assert.deepEqual(
      extractClaims('- see above. the rest is fine by me\n').map((c) => c.text),
      ['the rest is fine by me'],
    )
  })

  it('counts extra capacity and extra nodes as one thing', () => {
    assert.equal(
      judge("works out to about $12.5k/month in extra edge nodes, finance ok'd up to that", 'Get finance sign-off on roughly $5k/month of extra edge capacity')
        ?.kind,
      'numeric',
    )
  })
})

describe('contradictions: headings of yes-or-no decision points', () => {
  const headingOf = (affirming: string, denying: string) => {
    const [fa, fb] = [featurize(affirming), featurize(denying)]
    const verdict = compare(fa, fb, lexicon) ?? compareModality(fa, fb, {lexicon})
    assert.ok(verdict, `${affirming} / ${denying}`)
    return decisionPointOf(verdict.subject, fa, fb, verdict).heading
  }

  it('asks whether, in the words of the claim that affirms, without its label', () => {
    assert.equal(
      headingOf('Logging: all audit logs must be forwarded to Splunk from day one.', "Please don't forward the pilot's audit logs to Splunk."),
      'Whether all audit logs must be forwarded to Splunk from day one',
    )
  })

  it('asks whether to do what an order says', () => {
    assert.equal(
      questionOf(featurize('Move 20% of their prod traffic onto GKE by end of March.')),
      'to move 20% of their prod traffic onto GKE by end of March',
    )
    assert.equal(questionOf(featurize('so they are in scope')), undefined, 'a pronoun stands for something said before')
    assert.equal(
      questionOf(featurize('events: backfilled events should be emitted to the live topic')),
      'backfilled events should be emitted to the live topic',
    )
  })

  it('heads a note that is no sentence by its label', () => {
    assert.equal(questionOf(featurize('open incidents: sev, link to the incident channel, named owner')), undefined)
    assert.equal(questionOf(featurize('default TTL for API responses: 5 minutes')), undefined)
    assert.equal(questionOf(featurize('coverage html: keep uploading it on every push')), undefined)
  })
})

describe('contradictions: fourteenth-session patterns', () => {
  it('finds a deadline against a later earliest date in no shared word when one side names no thing of its own', () => {
    const [due, later] = [featurize('The new policy must be live by 1 March.'), featurize('Realistically nothing changes before Q2.')]
    assert.equal(plansDisputed(due, later), true, 'analyze pairs them')
    assert.match(compare(due, later, lexicon)?.evidence ?? '', /by 1 march vs before q2/)
    // (Not in another scope, nor against an earliest date before the deadline; two plans that each name their thing
    // are two plans: see "Login checks not before June" above.)
    assert.equal(compare(featurize('Staging must have the new policy by 1 March.'), later, lexicon), undefined)
    assert.equal(compare(featurize('The new policy must be live by 1 June.'), later, lexicon), undefined)
    // analyze pairs them though they share no word.
    assert.deepEqual(
      analyzeNotes('The new policy must be live by 1 March.', 'Realistically nothing changes before Q2.').map((f) => [f.kind, f.decisionPoint.heading]),
      [['numeric', 'Date of the new policy']],
    )
  })

  it('lists no agreement between claims that switch a setting both ways, deny different things or hold opposites', () => {
    const agreeOn = (a: string, b: string) => agree(featurize(a), featurize(b))
    assert.equal(agreeOn('Istio default retries off', 'Istio default retries stay on everywhere'), undefined)
    assert.equal(agreeOn('baseline = live prod fleet, no fresh baseline pods for now', 'fresh baseline, never the live fleet'), undefined)
    assert.ok(agreeOn('Requesters must never approve their own request', 'cant approve your own request, obviously'), 'both deny the same act')
    assert.ok(opposes(featurize('move to Opal for Q4, drop the sheet'), featurize('keep the sheet + slack bot for Q4'), lexicon))
  })

  it('knows more groups of alternatives: MDM platforms, image scanners', () => {
    assert.equal(chosenEvidence('Recommendation: Kandji for the Mac fleet.', 'We should go with Jamf Pro for the Macs.'), 'Kandji vs Jamf Pro (mdm platform)')
    assert.equal(chosenEvidence('Image scanning: going with Grype.', 'Recommendation: Trivy for image scanning.'), 'Grype vs Trivy (container image scanner)')
  })

  it('reads "no human may …" as a rule for everyone, against anyone who does it', () => {
    assert.equal(judge('No human may hold decrypt rights on prod keys.', 'The on-call SRE holds decrypt rights on prod keys.')?.kind, 'negation')
    assert.equal(judge('No one should hold local admin rights.', 'Engineers hold local admin rights.')?.kind, 'negation')
    // (…only of the act it denies: deploying on Fridays is not deploying to staging on a weekday.)
    assert.equal(judge('No engineer may deploy on Fridays.', 'Engineers may deploy to staging on any weekday.'), undefined)
  })

  it('denies nothing the other claim names only to turn it down', () => {
    assert.equal(judge('SSH signing, not gitsign.', 'humans: +1 SSH signing over gitsign'), undefined)
    assert.equal(judge('We will not adopt gitsign for commit signing.', 'We adopt gitsign for commit signing.')?.kind, 'negation')
  })

  it("reads notes' shorthand for weeks, months and years after a number", () => {
    const duration = (text: string) => featurize(text).quantities.find((q) => q.kind === 'duration')?.low
    assert.equal(duration('fallback = hw-backed SSH keys, 1y expiry'), 365 * 86_400)
    assert.equal(duration('raw event tables: 13mo then roll up'), (13 * 365 * 86_400) / 12)
    assert.equal(duration('retention 2w'), 14 * 86_400)
    assert.equal(judge('signing keys expire after 90 days', 'signing keys: 1y expiry')?.kind, 'numeric')
    assert.equal(judge('raw event tables: keep 2 years', 'raw event tables: 13mo then roll up to daily aggregates')?.kind, 'numeric')
  })
})

describe('contradictions: fifteenth-session patterns', () => {
  it('counts a compound as narrowed by its own modifiers ("40 fake access keys" are fake keys)', () => {
    assert.equal(judge('seed 40 fake access keys across production', 'no more than 15 fake keys total')?.kind, 'numeric')
    // (A narrower group that fits in the whole is a part of it, not a rival figure.)
    assert.equal(judge('seed 10 fake access keys across production', 'no more than 15 fake keys total'), undefined)
  })

  it('reads a label with a pronoun as a remark, not the name of a second thing', () => {
    assert.equal(judge('AWS access keys: seed 40 fake access keys', 'keep it small: no more than 15 fake keys total')?.kind, 'numeric')
  })

  it('keeps a two-word refusal in notes as a claim ("don\'t rotate.")', () => {
    assert.deepEqual(
      extractClaims("- don't rotate. leave tokens in place indefinitely").map((c) => c.text),
      ["don't rotate.", 'leave tokens in place indefinitely'],
    )
    const found = analyzeNotes('Rotate every token quarterly.', "don't rotate. leave tokens in place indefinitely")
    assert.ok(found.some((f) => f.kind === 'negation' && /rotate/.test(f.b.text)))
  })

  it('writes the plural of a counted unit as a reader does ("6 primaries")', () => {
    assert.equal(quantityWords(interval('6 primaries')), '6 primaries')
    assert.match(
      analyzeNotes('Redis: start with 6 primaries.', 'Redis: start with 3 primaries.')[0]?.explanation ?? '',
      /^number of primaries for the redis: 6 primaries vs 3 primaries$/,
    )
  })
  it('reads "region-wide" as saying how far, not which ("a regional outage" / "a region-wide outage")', () => {
    assert.equal(
      judge(
        'A regional outage should cost us at most a quarter of an hour of uploads.',
        'losing up to an hour of uploads in a region-wide outage is acceptable',
      )?.kind,
      'numeric',
    )
  })

  it('meets an act one claim turns down with a note that opens on it ("rather than building our own" / "build it ourselves")', () => {
    assert.equal(
      chosenEvidence('I recommend Thinkst Canary rather than building our own canary tooling.', 'build it ourselves: canary iam users + cloudtrail'),
      '"thinkst canary" over "building" vs "build"',
    )
    // (…not one that takes up the option picked: then building is no rival act.)
    assert.equal(chosenEvidence('I recommend Thinkst Canary rather than building our own.', 'build the Thinkst Canary rollout plan first'), undefined)
  })

  it('finds no dispute with a participant a line sides with ("…, same as ruth", "agree with Dana")', () => {
    const found = analyzeNamed({
      anika: 'tmp/ prefix excluded from the rule',
      felix: 'tmp/ prefix excluded from the rule, same as ruth',
      ruth: 'Use one replication rule for the whole bucket, except the tmp/ prefix.',
    })
    const between = (x: string, y: string) => found.some((f) => [f.a.participant, f.b.participant].sort().join() === [x, y].sort().join())
    assert.equal(between('ruth', 'felix'), false)
    // (The same words without siding with ruth are still read against her line.)
    assert.equal(between('ruth', 'anika'), true)
    // Notes' "agree w/ X:" before the point sides too; a word that merely ends in "as" names no one.
    const noted = analyzeNamed({
      ulla: 'moving everyone to bookworm-slim, agree w/ vesna: alpine/musl not worth the pain',
      vesna: 'Moving to pnpm via corepack is worth doing.',
    })
    assert.deepEqual(noted, [])
    assert.equal(SIDING_WITH.exec('the team that owns it was asked: no')?.[1], undefined)
  })
  it('reads "at zero" as a level, not a denial ("a PDB stuck at zero disruptions allowed")', () => {
    assert.equal(featurize('A PDB stuck at zero disruptions allowed for a whole day should raise an alert.').negations, 0)
    assert.equal(featurize('zero standing prod db access').negations, 1)
    assert.equal(
      judge(
        'Alert when a PDB sits at zero allowed disruptions for more than 24 hours.',
        'A PDB stuck at zero disruptions allowed for a whole day should raise an alert.',
      ),
      undefined,
    )
  })
  it('reads a switch set on against the same switch off ("AOF is on today" / "AOF is disabled")', () => {
    assert.equal(chosenEvidence('Persistence: AOF is on today (appendonly yes), plus nightly RDB snapshots.', 'AOF is disabled'), '"on" vs "disabled"')
    assert.equal(chosenEvidence('Delete marker replication: Enabled', 'DeleteMarkerReplication: Disabled.'), '"enabled" vs "disabled"')
    assert.equal(chosenEvidence('Dismiss stale approvals on new commits: keep it on', 'dismiss stale approvals: also OFF.'), '"on" vs "off"')
    // (Two switches, or one switch in two places, or a state that only modifies a noun, are no dispute.)
    assert.equal(chosenEvidence('AOF is on.', 'RDB snapshots are off.'), undefined)
    assert.equal(chosenEvidence('AOF is on in staging.', 'AOF is off in production.'), undefined)
    assert.equal(chosenEvidence('The active node serves reads.', 'AOF is off.'), undefined)
    // A switch set off denies what a negation does: no dispute with "no persistence needed".
    assert.equal(judge('Persistence: off everywhere', 'cat data: no persistence needed'), undefined)
    // A verbless note that sets a switch is a claim analyze pairs.
    assert.ok(analyzeNotes('Dismiss stale approvals on new commits: keep it on.', 'dismiss stale approvals: also OFF.').some((f) => f.kind === 'choice'))
  })
  it('flips no bound across a clause of time after a negated subject ("no verdict before it has soaked for at least 2 wks")', () => {
    const q = interval('no verdict on a new ext before it has soaked in staging for at least 2 wks')
    assert.deepEqual([q.low, q.high], [14 * 86_400, Infinity])
    assert.equal(judge('no verdict on a new ext before it has soaked in staging for at least 2 wks', '2 wks staging soak ok'), undefined)
    // (The negated subject of the value's own clause still bounds it.)
    const single = interval('No single migration may take longer than 5 minutes.')
    assert.deepEqual([single.low, single.high], [-Infinity, 300])
  })
  it('passes over an aside in brackets for what a value is about ("exceptions (ext not on the list) are good for 6 months")', () => {
    assert.equal(interval('exceptions (ext not on the list) are good for 6 months').anchor, 'exception')
    assert.equal(judge('exceptions: ticket, 90d expiry', 'exceptions (ext not on the list) are good for 6 months')?.kind, 'numeric')
  })
  it('reads no second thing into an order opening a label ("Set timeoutSeconds: 3" / "Keep timeoutSeconds: 10")', () => {
    const found = analyzeNotes('Set timeoutSeconds: 3 on every webhook we own.', 'Keep timeoutSeconds: 10, the API server default.')
    assert.equal(found[0]?.kind, 'numeric')
    assert.match(found[0]?.explanation ?? '', /^timeout seconds: 3 = 3 seconds vs 10 = 10 seconds$/)
  })
  it('reads where a longer-named thing is kept or moved as a choice of the place ("Keep the IC schedule, … in PagerDuty")', () => {
    assert.equal(
      chosenEvidence('Keep the IC schedule, overrides and escalation policy in PagerDuty, which we already pay for.', 'move the IC schedule to incident.io'),
      'PagerDuty vs incident.io (paging service)',
    )
    // (What some people do today is still a report, not a choice.)
    assert.equal(chosenEvidence('Today the IC schedule already lives in PagerDuty.', 'move the IC schedule to incident.io'), undefined)
  })
  it('reads a plural the tagger took for a verb by the verb\'s lemma ("breaches" is "breach", not "breache")', () => {
    assert.ok(featurize('breaches should never block merge').subjects.has('breach'))
    assert.equal(analyzeNotes('A budget breach must block merge.', 'breaches should never block merge.')[0]?.kind, 'negation')
  })

  it('keeps a finding between two sentences of one line out of the main list', () => {
    const found = analyzeNotes(
      '**Breaches:** the job should post a warning in #web-perf; breaches should never block merge. Blocking turns a performance signal into a release bottleneck, and people will start gaming it.',
      'A budget breach must block merge.',
    )
    const sameLine = found.filter((f) => f.a.participant === f.b.participant)
    assert.ok(sameLine.length > 0)
    for (const f of sameLine) assert.ok(f.lowConfidence && f.confidence < LOW_CONFIDENCE_THRESHOLD, `at ${f.confidence}`)
    // (…while the line still meets the other participant's in the main list.)
    assert.ok(found.some((f) => f.a.participant !== f.b.participant && !f.lowConfidence))
  })
  it('reads a bare "no" after a label as denying the label ("untrusted PLs + fdw in prod: no")', () => {
    assert.equal(judge('untrusted PLs + fdw in prod: no', 'no untrusted PLs, full stop'), undefined)
  })

  it('reads "not optional" as a requirement, not a prohibition or an exception', () => {
    const f = featurize('pg_stat_statements = baseline, on every cluster, not optional')
    assert.equal(f.modality, 'must')
    assert.equal(f.exception, false)
    assert.equal(judge('pg_stat_statements = baseline, on every cluster, not optional', 'pg_stat_statements mandatory on every cluster'), undefined)
  })
  it('heads a decision point without a pronoun whose referent went before, or a "whether" for a note without a verb', () => {
    assert.equal(
      questionOf(featurize("we're already piloting it for declaring incidents, and pd's schedule UI is the thing people complain about most")),
      undefined,
    )
    assert.equal(
      headingOfPoint('always a secondary IC on the schedule, no exceptions', 'no secondary IC on the schedule for sev3s'),
      'Always a secondary IC on the schedule, no exceptions',
    )
  })

  it('writes an acronym\'s plural in a heading as the notes do ("Number of ICs")', () => {
    const found = analyzeNotes('We need at least 12 trained ICs for the rotation.', '8 ICs is plenty for the rotation.')
    assert.match(found[0]?.decisionPoint.heading ?? '', /^Number of ICs/)
  })
  it('reads a negation written without its apostrophe ("24h isnt", "we dont")', () => {
    assert.equal(featurize('24h isnt, ppl are wrecked after an incident').negations, 1)
    assert.equal(featurize('we dont page on staging').negations, 1)
    assert.equal(
      agree(featurize('24h isnt, ppl are wrecked after an incident'), featurize('codified in tf within 24h, PR linked from the incident')),
      undefined,
    )
  })
  it('keeps an acronym the tagger expands ("Argo CD" is not "Argo could") and reads "3 a.m." as a time of day', () => {
    assert.ok(featurize('Argo CD prod and Backoffice admin: re-authentication every hour.').content.has('cd'))
    const [clock] = featurize('another outage mode at 3 a.m.').quantities
    assert.deepEqual([clock?.unit, clock?.low], ['clock', 3])
    // (Two mentions of the hour something happens at agree on nothing a decision is about.)
    assert.equal(agree(featurize('it adds another outage mode at 3 a.m.'), featurize('being bounced to an Okta prompt at 3 a.m. is the worst case')), undefined)
  })
})

describe('contradictions: sixteenth-session patterns', () => {
  it('reads a name numbered differently in each claim as two things ("Node 18" / "node 20")', () => {
    assert.equal(judge('Node 18 reached end-of-life on 30 April 2025', 'payments target = node 20, cutover mid-aug earliest'), undefined)
    // (The same version on both sides is one thing: its dates are at odds.)
    assert.equal(judge('Node 20 support ends on 30 April 2026', 'node 20 is supported until mid-aug 2026')?.kind, 'numeric')
  })
  it('reads two thresholds of one trigger as one situation at two values', () => {
    assert.equal(judge('page the on-call if the error rate is above 2%', 'page when the error rate exceeds 5%')?.kind, 'numeric')
    // (A condition of another thing is still another situation.)
    assert.equal(judge('page the on-call if the error rate is above 2%', 'page when the queue depth exceeds 5%'), undefined)
  })

  it('reads a rule whose exception names what the other claim exempts as saying the same', () => {
    const rule = 'any change to a tier-1 contract needs sign-off from analytics, except additive optional fields'
    assert.equal(judge("adding an optional field doesn't need analytics sign-off", rule), undefined)
    // (An exception for something else leaves the dispute: renamed fields are not excepted.)
    assert.equal(judge("renaming a field doesn't need analytics sign-off", rule)?.kind, 'negation')
  })
})

describe('contradictions: seventeenth-session patterns', () => {
  it('reads "prefer X over Y" as choosing X and turning Y down', () => {
    assert.equal(choose("use Envoy's built-in V8 engine", 'Prefer Wasmtime over V8.')?.kind, 'choice')
    // ("over" after no verb of preference chooses nothing.)
    assert.equal(choose("use Envoy's built-in V8 engine", 'Wasmtime runs over V8 in the benchmark.'), undefined)
  })

  it('quotes the denial a negation finding rests on, with its auxiliary', () => {
    const explained = (x: string, y: string) => {
      const [fa, fb] = [featurize(x), featurize(y)]
      const verdict = compare(fa, fb, lexicon)
      assert.equal(verdict?.kind, 'negation', `${x} / ${y}`)
      return explain(verdict, fa, fb)
    }

    assert.match(
      explained('Plugins target the proxy-wasm ABI only, with no Envoy-specific host functions.', 'Plugins may call Envoy-specific host functions.'),
      /"no Envoy-specific host functions" in one claim/,
    )
    assert.match(
      explained("We don't need a second approver on weekends", 'Every release needs a second approver on weekends'),
      /"don't need a second approver on weekends" in one claim/,
    )
    assert.match(explained('Staging does not get production data', 'Staging gets production data, masked'), /"does not get production data"/)
    // (…ended on a word of substance, and at a dash: not "never copy the uploads bucket to the".)
    assert.match(
      explained('We never copy the uploads bucket to the MinIO cluster.', 'Copy the uploads bucket to the MinIO cluster nightly.'),
      /"never copy the uploads bucket" in one claim/,
    )
    assert.match(explained('release captain: no ticket needed - its just mc', 'release captain: ticket needed for every mc'), /"no ticket needed" in one claim/)
  })

  it('heads a choice of one option over another by the two options, and says who picks which', () => {
    const [fa, fb] = [featurize('Adopt Proxy-Wasm on V8, with Rust and TinyGo both allowed.'), featurize('Prefer Wasmtime over V8.')]
    const verdict = compareChoices(fa, fb, lexicon)
    assert.ok(verdict)
    assert.equal(decisionPointOf(verdict.subject, fa, fb, verdict).heading, 'Wasmtime or V8')
    assert.equal(explain(verdict, fa, fb), 'v8: one claim picks "wasmtime" over "v8", which the other picks')
    // (The options as written, a hyphenated name whole, not the verb before the one picked.)
    const [ga, gb] = [featurize('Use size-limit with its app preset'), featurize('Use bundlewatch rather than size-limit')]
    const sizes = compareChoices(ga, gb, lexicon)
    assert.ok(sizes)
    assert.equal(decisionPointOf(sizes.subject, ga, gb, sizes).heading, 'Bundlewatch or size-limit')
  })

  it('heads two dates of a thing named by a measure word as its date', () => {
    assert.equal(
      headingOfPoint('hard limits on from mar 1.', 'hard limits from apr 1, after everyone has seen a month of their own numbers'),
      'Date of the hard limits',
    )
    // (A deadline is already a date.)
    assert.equal(headingOfPoint('the deadline is 1 March', 'deadline: mid-April'), 'Deadline')
  })

  it('heads how long a test runs as its duration, initials joined by a slash as one name, a percentile as a latency', () => {
    // ("run" is not a frequency unless both values recur; "A/B" is not the article "a" and a "b".)
    assert.equal(headingOfPoint('A 7-day A/B test is enough.', 'A/B tests: run two weeks minimum.'), 'Duration of the A/B test')
    // (…and two gaps between recurrences of one act are how often to do it.)
    assert.equal(
      headingOfPoint('the guest password on the reception screen changes on the first Monday of each month', "I'd rather it changed every quarter"),
      'How often to change',
    )
    // (A window is what a value is measured over; the value measured at a place is not one.)
    assert.equal(headingOfPoint('p95 must be 150 ms or less, measured at the search API', 'p95 must stay under 300 ms'), 'P95 latency')
    assert.equal(
      headingOfPoint('The canary should be measured over 30 minutes.', 'The canary must be measured over 2 hours.'),
      'Measurement window of the canary',
    )
  })

  it('agrees on a figure one side gives as an estimate, and not on a value one side raises and the other cuts', () => {
    const agreement = (x: string, y: string) => {
      const [tx, ty] = tokenizeMany([normaliseNumbers(x), normaliseNumbers(y)])
      return agree(featurize(x, undefined, tx), featurize(y, undefined, ty))
    }

    assert.match(agreement('~18k partition replicas total', '18,000 replicas across the cluster')?.explanation ?? '', /agree$/)
    // (The same figure, moved opposite ways: the words say so, whatever the numbers.)
    assert.ok(opposes(featurize('bump requests 25%'), featurize('cut requests ~25%'), lexicon))
  })

  it('reads a hyphenated name turned down whole ("rather than size-limit")', () => {
    assert.equal(choose('Use size-limit with its app preset', 'Use bundlewatch rather than size-limit')?.kind, 'choice')
  })
})

describe('contradictions: tensions a finding earns', () => {
  it("attaches no catalog tension to two values of one thing, whatever the claims' other words signal", () => {
    const [finding] = analyzeNotes('Mandate: Templates become mandatory for all new services starting week 10.', 'No mandate before week 14.')
    assert.equal(finding?.kind, 'numeric')
    assert.equal(finding?.tension, undefined)
    // (A yes-or-no dispute between the poles keeps its tension.)
    const [automerge] = analyzeNotes('dependabot patch bumps → auto-merge once CI is green, no human review', 'dependabot: no auto-merge, ever, not even patch')
    assert.equal(automerge?.tension?.id, 'automation-vs-human-judgment')
  })
})

/** The agreements analyze lists between named participants' notes, one line each, as their decision points' keys. */
const agreedKeys = (notes: Record<string, string>): string[] => analysisOfNamed(notes).agreements.map((a) => a.decisionPoint.key)

describe('contradictions: eighteenth-session patterns', () => {
  it('lists no agreement about a participant: two reports of what one person wants settle nothing', () => {
    const ludmila = 'EAP-TLS for staff laptops, certificates from Intune'
    assert.deepEqual(
      agreedKeys({isadora: 'ludmila wants the old network switched off on day one', kaveh: 'ludmila wants EAP-TLS only from day one', ludmila}),
      [],
    )
    // (…while two people giving one value to one thing agree.)
    assert.equal(agreedKeys({isadora: 'guest bandwidth is capped at 100 Mbps', kaveh: 'cap guest bandwidth at 100 Mbps'}).length, 1)
  })
})

describe('contradictions: nineteenth-session patterns', () => {
  it('reads a release number as no count ("8.0 replica", "MySQL 8.0.37", "802.11r")', () => {
    assert.deepEqual(
      featurize('8.0 replica serves production reads for at least one week').quantities.map((q) => q.kind),
      ['duration'],
    )
    assert.deepEqual(featurize('upgrade every MySQL 8.0 replica first').quantities, [])
    assert.deepEqual(featurize('802.11r (FT) on for the scanner SSID').quantities, [])
    // (…while a count with a fraction stays one: "3.5 engineers".)
    assert.equal(interval('we have 3.5 engineers on it').low, 3.5)
  })

  it('measures signal levels and channel widths in their units, below zero too', () => {
    assert.deepEqual([interval('roam trigger: -70 dBm').low, interval('roam trigger: -70 dBm').unit], [-70, 'dbm'])
    assert.equal(judge('roam trigger on the scanners: -70 dBm', 'roam trigger → -65 dBm')?.kind, 'numeric')
    // "20 MHz channels" are channels 20 MHz wide, not twenty channels; and a unit names no measured thing.
    assert.equal(interval('use 20 MHz channels').unit, 'mhz')
    assert.equal(judge('5 GHz, 20 MHz wide', '40 MHz on 5 GHz please'), undefined)
  })

  it('reads JVM sizes and week shorthand ("8g heap", "wk 14")', () => {
    assert.deepEqual([interval('heap 32g on data nodes').kind, interval('heap 32g on data nodes').high], ['data-size', 32e9])
    assert.deepEqual([interval('cutover wk 14').kind, interval('cutover wk 14').low], ['ordinal', 14])
  })

  it("reads no claim in a memo's header: who it is for, who attended, what it is about", () => {
    const memo = [
      '**Prepared for:** Reza (Mobile Platform lead)',
      '**Focus:** What the buf rollout must guarantee for apps we cannot force-update.',
      '**Scope:** What any bot check on the signup form has to meet before we ship it.',
      'attendees: dana, omar, me',
      '',
      '- scope: ALL outbound traffic goes through the egress gateway',
      '- date: enforce on prod from sept 1',
    ].join('\n')
    assert.deepEqual(
      extractClaims(memo).map((c) => c.line),
      [6, 7],
    )
    // (…nor in a sentence that says how the notes came about; the one after it stays.)
    assert.deepEqual(
      extractClaims('*Drafted with an assistant ahead of Thursday, lightly edited.* Scope: every repository in the org.').map((c) => c.text),
      ['Scope: every repository in the org.'],
    )
    assert.deepEqual(extractClaims('notes from tue w/ hamid + carla. payments goes first on the new template.').length, 1)
  })

  it('takes a budget or a default for the frame of a value, not the thing it is of', () => {
    assert.equal(judge('Each person gets two keys per person', 'budget only covers one key per head, no spares')?.kind, 'numeric')
    assert.equal(judge('agent diag logs → Log Analytics, 30d default retention', 'agent diag + job logs retained ≥ 90 days')?.kind, 'numeric')
    // (…while two different things keep their values apart: "CPU at 80%" / "memory at 40%".)
    assert.equal(judge('alert when CPU is at 80%', 'alert when memory is at 40%'), undefined)
  })

  it('reads "every minute and a half" as ninety seconds', () => {
    assert.equal(normaliseNumbers('refresh every minute and a half'), 'refresh every 1.5 minutes')
    assert.equal(normaliseNumbers('1 and a half days'), '1.5 days')
    assert.equal(judge('Leaderboard snapshots should refresh every minute and a half', 'leaderboard ttl 90s'), undefined)
  })

  it('reads a retention ladder rung by rung ("daily 14d / monthly 12 mo", "Monthly full: …, kept for 12 months")', () => {
    assert.equal(headingOfPoint('daily, kept 30 days', 'hourly 2d / daily 14d / weekly 8w / monthly 12 mo'), 'Retention period of the daily copies')
    assert.equal(judge('Monthly full: first of the month, kept for 12 months for audit purposes.', 'monthly 6 months')?.kind, 'numeric')
    // (Two rungs of one ladder are two things; a cadence that only names jobs is no rung.)
    assert.equal(judge('daily 14d', 'monthly 12 mo'), undefined)
    assert.deepEqual(
      featurize('hourly jobs: random jitter of up to 5 min').quantities.map((q) => q.anchor),
      ['job', 'jitter'],
    )
  })

  it('reads "must not only … but also" as a requirement that asks more, and its "only" as no quantifier', () => {
    const more = featurize('Uninstalling an app must not only revoke its access tokens but also kill every refresh token family')
    assert.equal(more.modality, 'must')
    assert.notEqual(more.quantifier, 'only')
    assert.equal(
      judge('Uninstalling an app must not only revoke its access tokens but also kill its refresh tokens', 'Uninstalling an app must revoke its access tokens'),
      undefined,
    )
    // (…while "must not" alone still forbids.)
    assert.equal(featurize('Uninstalling an app must not revoke its access tokens').modality, 'must-not')
  })

  it('heads a value written as a compound by the thing, not its unit ("One-hour access tokens")', () => {
    assert.equal(
      headingOfPoint('One-hour access tokens and a 90-day sliding refresh window.', 'Access tokens: a quarter of an hour.'),
      'Duration of the access tokens',
    )
  })

  it("lists no agreement between a participant's line and another's report of it, unless the reporter takes it up", () => {
    const nasrin = 'move to azure update manager from the march cycle'
    assert.deepEqual(agreedKeys({mehmet: 'nasrin wants azure update manager from the march cycle', nasrin}), [])
    assert.equal(agreedKeys({mehmet: 'nasrin wants azure update manager from the march cycle, fine by me', nasrin}).length, 1)
  })

  it('reads when something last happened as a report, which a plan does not dispute', () => {
    assert.equal(featurize('last security update oct 2023, no ESU on it').actual, true)
    assert.equal(judge('move to azure update manager from the march cycle.', 'last security update oct 2023, no ESU on it'), undefined)
    // ("keep the last 10 tags", "as a last resort" report nothing.)
    assert.equal(featurize('keep the last 10 tags per repository').actual, false)
    assert.equal(featurize('restore from tape only as a last resort in 2027').actual, false)
  })

  it('sets no two cadences of two different acts against each other', () => {
    assert.equal(
      judge(
        'an automated job should restore the latest backup into a scratch instance every week',
        'page on-call if the nightly backup job has not succeeded by 6 AM',
      ),
      undefined,
    )
    // (…while one act named as a verb and as its noun keeps its cadence: "rotated every 90 days" / "rotation (yearly)".)
    assert.equal(judge('Rotation: CMKs must be rotated every 90 days', 'rotation: turn on KMS automatic rotation (yearly)')?.kind, 'numeric')
  })

  it('spells out "txn" as transaction', () => {
    assert.equal(expandShorthand('offline: $100 cap per txn, 3 txns max'), 'offline: $100 cap per transaction, 3 transactions max')
  })

  it('spells out "stg" as staging, so two scopes written two ways are one', () => {
    assert.equal(judge('Shared dev and staging secrets rotate once a quarter', 'shared dev/stg secrets: monthly min')?.kind, 'numeric')
  })
})

describe('contradictions: twentieth-session patterns', () => {
  it('reads two counts of one thing as one measure, whatever noun either anchor lands on', () => {
    assert.equal(judge('Dead-letter after at most 5 attempts', 'Consumers should make at least ten attempts with exponential backoff')?.kind, 'numeric')
    assert.equal(judge('pilot scope = top 25 events by dashboard usage', 'first batch: no more than 10 events')?.kind, 'numeric')
    // (…while two values of two different measures still keep apart by their anchors: "CPU at 80%" / "memory at 40%".)
    assert.equal(judge('Alert when CPU is above 80%', 'Alert when memory is above 40%'), undefined)
  })

  it("gives a range's one multiplier to both ends", () => {
    assert.equal(normaliseNumbers('≈ $10-11k/mo all in'), '≈ $10000-11000/mo all in')
    assert.equal(normaliseNumbers('2–4M events per day'), '2000000–4000000 events per day')
    assert.equal(normaliseNumbers('5 to 10 thousand users'), '5000 to 10000 users')
    // (…unless the first end is already the larger unscaled: "500-2k" is 500 to 2000.)
    assert.equal(normaliseNumbers('500-2k users'), '500-2000 users')
  })

  it('counts two durations from the one event both name, whatever frame either writes it in', () => {
    assert.equal(judge('After cutover the NAS stays read-only for 90 days', 'The NAS should be powered off within two weeks of cutover')?.kind, 'numeric')
  })

  it('keeps a lead-in that takes a position as a claim, and drops one that does not', () => {
    const texts = (source: string) => extractClaims(source).map((c) => c.text)
    assert.deepEqual(texts('Honestly, I think we should abandon Codecov and self-host diff-cover inside our runners:\n\n- cheaper\n'), [
      'Honestly, I think we should abandon Codecov and self-host diff-cover inside our runners',
    ])
    assert.deepEqual(texts('A few practical points about the rollout plan:\n\n- cheaper\n'), [])
  })

  it("reads an opposite's polarity from the negations before it, not from a turn-down after it", () => {
    assert.equal(
      judge('Expand cross-region copies to all prod db volumes rather than only tier-1', 'Cut back cross-region copies to tier-1 only')?.kind,
      'antonym',
    )
    // (…while a negation before the opposite still makes it agree: "not closed" is open.)
    assert.equal(judge('The port is not closed', 'The port is open'), undefined)
  })

  it('weighs two opposites on what the claims assert, not on what either says in brackets', () => {
    assert.equal(
      judge('adopt pre-commit scanning everywhere (gitleaks hook via the shared pre-commit config repo)', 'drop the pre-commit scanning idea')?.kind,
      'antonym',
    )
    assert.deepEqual([...featurize('adopt pre-commit scanning everywhere (gitleaks hook via the shared config repo)').asides].sort(), [
      'configuration',
      'gitleak',
      'hook',
      'repository',
      'shared',
    ])
  })

  it('reads two counts of one noun as that measure, in a meeting all about another word', () => {
    const dlq = new Set(['dlq'])
    const [a, b] = [featurize('A message should be retried up to 5 times before it is moved to the DLQ'), featurize('max 3 attempts then → dlq')]
    assert.equal(compare(a, b, lexicon, {common: dlq})?.kind, 'numeric')
    // …and heads a value in a physical unit by the thing and the unit.
    assert.equal(headingOfPoint('roam trigger on the scanners: -70 dBm', 'roam trigger → -65 dBm'), 'Trigger (dBm)')
    // (…and no unit is a counted noun: "20 MHz wide" / "40 MHz channels" share only the unit.)
    assert.equal(judge('5 GHz, 20 MHz wide, no exceptions', '40 MHz channels'), undefined)
  })

  it('reads two bounds on one measure as two limits, modal verb or not, unless one reports how things stand', () => {
    assert.match(judge('Experiment flags: 3 months max', 'experiment flags: up to 6 months')?.evidence ?? '', /two different limits/)
    assert.equal(judge('The monorepo currently sits at under 6 GB', 'The monorepo cache is capped at under 10 GB'), undefined)
  })
})

describe('contradictions: twenty-first-session patterns', () => {
  it('reads two times to keep one kind of thing, or what one store keeps, as one measure', () => {
    assert.equal(
      judge('Export artifacts should be purged from our bucket after seven days.', 'We keep finished export files around for about a month')?.kind,
      'numeric',
    )
    assert.equal(judge('Raw, unredacted logs are kept at most 72 hours', 'raw bucket: keep 14 days')?.kind, 'numeric')
    // (…headed by what is kept, not by the store or the word both put on it.)
    assert.equal(headingOfPoint('raw per-minute probe results: keep 13 months in s3', '90-day raw data retention'), 'Retention period of the probe results')
    // (…while a store that is a system, not a place things are kept in, is still its own thing.)
    assert.equal(judge('maxmemory for the session store: 8 GB', 'The job queue instance gets 4 GB of maxmemory'), undefined)
  })

  it('reads a word between a plural noun and its schedule as the verb, not a noun the claim is about', () => {
    assert.equal(judge('Minor releases ship every 14 days', 'Minor releases: no more often than monthly.')?.kind, 'numeric')
    assert.equal(featurize('Minor releases ship every 14 days').subjectPhrase, 'minor releases')
  })

  it('reads "auto" written apart from its act as done automatically', () => {
    assert.equal(normaliseNumbers('10s auto refresh, auto merge on green'), '10 s automatically refresh, automatically merge on green')
    assert.equal(normaliseNumbers('auto mode'), 'auto mode')
  })

  it('reads a bound at the end of a longer setting name, and sizes said aloud', () => {
    const [runners] = featurize('linux-default maxRunners: 40').quantities
    assert.deepEqual([runners.unit, runners.low, runners.high], ['runner', -Infinity, 40])
    const [executors] = featurize(normaliseNumbers('maxExecutors capped at 40 per job')).quantities
    assert.deepEqual([executors.unit, executors.high], ['executor', 40])
    const [megs] = featurize('anything under twenty megs stays in normal git').quantities
    assert.deepEqual([megs.dimension, megs.high], ['data-size:B', 20e6])
  })

  it('takes a word that judges a value for no narrower group', () => {
    assert.equal(judge('98% target at day 30', 'realistic target: 95% compliant 30 days after PT')?.kind, 'numeric')
    // (…while a word that does pick out a group still does: "gpu nodes are 8 vCPU" / "each node has 16 vCPU".)
    assert.equal(judge('gpu nodes are 8 vCPU', 'each node has 16 vCPU'), undefined)
  })

  it('meets a value set for every member with one that some members keep', () => {
    assert.equal(
      choose('every prod CronJob must set timeZone: Etc/UTC, no exceptions', 'billing-close and the EU invoice run keep timeZone: Europe/Amsterdam in prod')
        ?.kind,
      'choice',
    )
    // (…not a report of what happened everywhere, against staging.)
    assert.equal(
      choose(
        'Because the webhook ran with failurePolicy: Fail, every pod create in every namespace was rejected, kube-system included',
        'In staging, failurePolicy: Ignore everywhere',
      ),
      undefined,
    )
  })

  it('reads the members an exception is ruled out for after the comma too', () => {
    for (const [rule, exception] of [
      ['every change goes thru staging, no exceptions, hotfixes included', 'hotfixes (sev1 only) may skip staging and go straight to prod canary'],
      ['AGPL is denied outright, with no exceptions, internal tooling included.', 'AGPL components may get an exception when the image is internal-only'],
      // (…and a rule for every member that names some as included rules their exception out as well.)
      [
        'Every support session touching EU data must be logged, read-only sessions included',
        'access logging: optional for read-only sessions, required for any write session',
      ],
      // (…and a permission for such a member, "ok to" as any other, is the exception.)
      [
        'with no exceptions, not even for hotfixes; a fix gets a new patch version',
        'hotfix: ok to re-push same vX.Y.Z within 24h if nothing has deployed it yet',
      ],
    ])
      assert.equal(judge(rule, exception)?.kind, 'quantifier', rule)
  })

  it('keeps two values that share their anchor paired, whatever unanchored value stands beside one', () => {
    assert.equal(judge('Idle timeout: 30 minutes', 'Okta global session: 8-hour maximum, 15-minute idle timeout, remember-device off')?.kind, 'numeric')
  })

  it('reads a cadence given to a thing, or a case mapped to a denial, in notes as a claim', () => {
    const [finding] = analyzeNotes('full DR drill every quarter', 'full drills twice a year')
    assert.equal(finding?.kind, 'numeric')
    // (…and so is a case mapped to a denial.)
    const [denial] = analyzeNotes('The IC is paged for every SEV1 and SEV2, regardless of which service is affected', 'sev2 → no IC')
    assert.equal(denial?.kind, 'negation')
  })

  it('reads what usually happens against a value set in code as a gap, not a dispute', () => {
    assert.equal(
      judge('Our nightly export usually finishes in 20-40 minutes', 'Nightly export: activeDeadlineSeconds: 3600 (one hour), about twice its typical runtime'),
      undefined,
    )
    assert.equal(judge('Nightly export: activeDeadlineSeconds: 3600', 'Nightly export: activeDeadlineSeconds: 1800')?.kind, 'numeric')
  })

  it('lets a rule that rules out every exception reach the narrower members the other claim names', () => {
    const exception = 'For small CSV exports (under 10 MB) we can skip the per-tenant envelope encryption step'
    const rule = "Every production export must be envelope-encrypted with the tenant's own KMS key"
    assert.equal(judge(`${rule}, without exception`, exception)?.kind, 'quantifier')
    // (…not a rule that leaves room: "every production export" without "no exceptions" says nothing of small ones.)
    assert.equal(judge(rule, exception), undefined)
  })

  it('reads what must go, or is removed, as denied in other words', () => {
    assert.equal(judge('ids must be globally unique across shards, no per-shard sequences', 'per-shard sequences must go'), undefined)
    assert.equal(judge('no legacy tokens in the new cluster', 'legacy tokens removed from the new cluster'), undefined)
    // (…while one that keeps what the other denies still disputes it.)
    assert.equal(judge('no legacy tokens in the new cluster', 'legacy tokens stay in the new cluster')?.kind, 'negation')
  })

  it('gives a value after a relative clause to the noun the clause hangs on', () => {
    assert.equal(judge('deregister AMIs + delete snapshots after 90 days', 'keep every AMI that ran in prod for 13 months')?.kind, 'numeric')
    assert.equal(featurize('keep every AMI that ran in prod for 13 months').quantities[0].anchor, 'ami')
  })
})

describe('contradictions: twenty-second-session patterns', () => {
  it('names the tension the model reads only on findings likely enough to be real', () => {
    const meeting = loadHalf('tune').find((m) => m.slug === 'argocd-gitops-adoption')!
    const inputs = meeting.info.participants.map((participant) => ({participant, path: join(meeting.dir, `${participant}.md`)}))
    const {findings} = analyze({catalog: loadCatalog(ROOT), generatedAt: '2026-01-01T00:00:00Z', inputs, root: ROOT, topic: meeting.info.topic})
    assert.ok(findings.some((f) => f.tension))
    assert.deepEqual(
      findings.filter((f) => f.tension && f.kind !== 'tension' && f.confidence < 0.4).map((f) => f.confidence),
      [],
    )
  })

  it('reads a refusal after its label in notes, and a thing mapped to where it goes, as claims', () => {
    assert.deepEqual(
      extractClaims('- timescaledb: no. compression is under the TSL licence, legal said no').map((c) => c.text),
      ['timescaledb: no.', 'compression is under the TSL licence, legal said no'],
    )
    // ("No." before a number is still an abbreviation.)
    assert.equal(extractClaims('See No. 5 in the runbook for the steps.').length, 1)
    const [finding] = analyzeNotes('timescaledb: no.', 'metrics svc → timescaledb')
    assert.equal(finding?.kind, 'negation')
    // (…while two refusals in other words agree.)
    assert.deepEqual(analyzeNotes('GPG is out', 'GPG: no'), [])
  })

  it('keeps a bare refusal of one thing as a clause of its own', () => {
    assert.deepEqual(splitClauses("no geekbot — it's another paid tool per seat"), ['no geekbot', "it's another paid tool per seat"])
    const [finding] = analyzeNotes('async via geekbot, post by 11:00 local', "no geekbot — it's another paid tool per seat, another invoice for procurement")
    assert.equal(finding?.kind, 'negation')
    // (…while a short opening that is not a refusal of one thing still joins what follows.)
    assert.deepEqual(splitClauses('no exceptions — every team posts daily'), ['no exceptions every team posts daily'])
  })
})

describe('contradictions: twenty-third-session patterns', () => {
  it('reads four weeks as a month, and three weeks as less than one', () => {
    assert.deepEqual(analyzeNotes('Run the quotas in warn-only mode for the first four weeks.', 'Warn-only for a month, then enforce.'), [])
    assert.deepEqual(analyzeNotes('Keep the old cluster for 8 weeks after cutover.', 'Keep the old cluster for two months after cutover.'), [])
    const [finding] = analyzeNotes('Run the quotas in warn-only mode for the first three weeks.', 'Warn-only for a month, then enforce.')
    assert.equal(finding?.kind, 'numeric')
  })

  it('keeps two agreements on one decision point apart unless they share a claim', () => {
    const claim = (id: string, participant: string, line: number) =>
      ({id, line, occurrences: 1, participant, sentence: id, source: `${participant}.md`, text: id}) as unknown as ClaimRef
    const [daily, team, stop, only, third] = [
      claim('c1', 'mona', 25),
      claim('c2', 'margit', 16),
      claim('c3', 'mona', 39),
      claim('c4', 'nadir', 35),
      claim('c5', 'nadir', 50),
    ]
    const point = {heading: 'Quota', key: 'quota'}
    const pairs = [
      {a: daily, b: team, explanation: 'frequency of the quota: daily and daily agree', point},
      {a: stop, b: only, explanation: 'quota: both say the same', point},
    ]
    const groups = groupAgreements(pairs, (c) => c, new Set())
    assert.deepEqual(
      groups.map((g) => [g.explanation, g.claims.map((c) => c.id)]),
      [
        ['frequency of the quota: daily and daily agree', ['c1', 'c2']],
        ['quota: both say the same', ['c3', 'c4']],
      ],
    )
    // (…and a pair with a claim of each joins them.)
    assert.equal(groupAgreements([...pairs, {a: team, b: only, explanation: 'x', point}], (c) => c, new Set()).length, 1)
    assert.equal(groupAgreements([...pairs, {a: team, b: third, explanation: 'x', point}], (c) => c, new Set()).length, 2)
  })

  it('reads two picks of one role from the lexicon as a choice: JVM garbage collectors', () => {
    const [finding] = analyzeNotes('GC: standardise on Generational ZGC across the fleet', 'stay on G1 (the default) fleet-wide')
    assert.equal(finding?.kind, 'choice')
    assert.deepEqual(analyzeNotes('GC: standardise on Generational ZGC across the fleet', 'ZGC is fine by me, fleet-wide'), [])
  })

  it('lists a tool whose name is also a word of the trade only in a longer form', () => {
    const {alternatives} = loadLexicon(ROOT)
    // ("the nightly rollup", "14:00 Zulu" name no bundler and no JDK; "rollup.js" and "Azul Zulu" do.)
    assert.deepEqual(optionsIn(alternatives, 'the nightly rollup runs before the 14:00 Zulu deploy'), [])
    assert.equal(optionsIn(alternatives, 'bundle with rollup.js, run on Azul Zulu 21').length, 2)
  })
})

describe('contradictions: twenty-fourth-session patterns', () => {
  it('counts the noun after a superlative or a hyphenated compound', () => {
    const [finding] = analyzeNotes(
      'For main-branch builds, keep the last 10 tags per repository.',
      'Keep the five most recent main-branch tags per repository.',
    )
    assert.equal(finding?.kind, 'numeric')
    const [scopes] = analyzeNotes('Three OAuth scopes at launch: read, write, admin.', 'Ship ~24 fine-grained OAuth scopes at launch.')
    assert.equal(scopes?.kind, 'numeric')
    // (…and the same count still agrees: a guard, which also holds without the change.)
    assert.deepEqual(analyzeNotes('Keep the last 10 tags per repository.', 'Keep the ten most recent tags per repository.'), [])
  })

  it('reads a bare thousands figure as a sum when a word of money names it', () => {
    const [finding] = analyzeNotes('hanzo quote ~$18k/yr for our seat count', 'hanzo quote came back at 40k a year')
    assert.equal(finding?.kind, 'numeric')
    assert.deepEqual(analyzeNotes('hanzo quote ~$18k/yr for our seat count', 'the hanzo quote is about 18k a year'), [])
    // (…written with a thousands separator too.)
    assert.equal(analyzeNotes('hanzo quote ~$18k/yr for our seat count', 'hanzo quote came back at 40,000 a year')[0]?.kind, 'numeric')
    // (A bare figure with no word of money is no sum: "billed minutes ~410k/mo" counts minutes.)
    assert.deepEqual(
      analyzeNotes('CI spend is $90k a month across all runners', 'billed minutes ~410k/mo for CI runners').map((f) => f.kind),
      [],
    )
  })

  it('heads a dispute by what it measures, not by where or when it holds', () => {
    // (The words both share are "prod" and a month: the label names the thing.)
    const [rollout] = analyzeNotes('Rollout: prod cutover on 3 March.', 'prod on 17 March at the earliest')
    assert.equal(rollout?.decisionPoint.heading, 'Date of the rollout')
    const [pods] = analyzeNotes('minReplicas: 3 in production, so a node drain never takes the API down.', 'In production 2 pods are enough overnight.')
    assert.equal(pods?.decisionPoint.heading, 'Number of pods for the minReplicas')
    // (Two dates that share only their month are headed by the act, never by an empty phrase.)
    const [install] = analyzeNotes('install in oct, cutover 26 oct', 'everything done before oct 1')
    assert.equal(install?.decisionPoint.heading, 'Date to install by')
  })
})

/** The kind of the first finding analyze makes of two notes, and the kinds of all of them. */
const firstKind = (a: string, b: string) => analyzeNotes(a, b)[0]?.kind
const kindsFound = (a: string, b: string) => analyzeNotes(a, b).map((f) => f.kind)

describe('contradictions: twenty-fifth-session patterns', () => {
  // Who holds a decision, in the ways notes say it: each pair gives one thing to two holders (a role dispute), and
  // each pair after it names one holder both ways (no finding).
  const roleDisputes: Array<[string, string, string]> = [
    [
      'a thing given as my sign-off',
      'Changes to maxReplicas should go through a PR and be approved by the on-call SRE.',
      'max replica changes = my approval. not on-call',
    ],
    [
      'a rule naming the approver',
      'break-glass: 2 ppl, approver must be from security on-call, token 30m',
      'Break-glass: requires approval from a second engineer on the platform team.',
    ],
    [
      'what an ownership lists after "including"',
      'Platform engineering owns MetalLB end to end, including the IPAddressPool, L2Advertisement and any future BGPPeer objects.',
      'Network engineering owns the IPAddressPool and BGPPeer objects.',
    ],
    [
      'an owner against a reservation',
      'The Incident Commander owns the status page during an incident.',
      'Only the Support duty manager publishes to the status page.',
    ],
    ['"the team that owns"', "Each consumer group's alert is owned by the team that owns the consuming service.", 'platform (us) owns every lag alert.'],
    [
      'a command named after its act',
      'Only the on-call SRE may run FLUSHDB or FLUSHALL against prod, with an incident ticket open.',
      'catalogue devs should be able to flush the cat db in prod themselves after a bad import',
    ],
    ['"<act>: X can do it"', 'Who: only the on-call SRE may run a purge-all.', "purge-all: any dev w/ deploy rights can do it, don't gate it behind on-call"],
    ['labels of who signs off', 'Reviewer: the support lead or another IC-qualified engineer.', 'sign-off = support lead (jess) only, not another eng.'],
    [
      'a thing given as someone’s own',
      "DNS records = backend's. i merge the terraform PR myself",
      'any change to SPF/DKIM/DMARC records needs sec approval on the PR',
    ],
    [
      'an approver after "come from", "lead" read as a verb',
      'Approval for prod access must come from the team lead.',
      'prod access requests are approved by the DBA on-call.',
    ],
  ]
  const oneHolder: Array<[string, string]> = [
    ['break-glass: approver must be from security on-call', 'Break-glass: requires approval from security on-call.'],
    ['The support duty manager owns the status page during an incident.', 'Only the Support duty manager publishes to the status page.'],
    ['Who: only the on-call SRE may run a purge-all.', 'purge-all: the on-call SRE can do it'],
    ['Reviewer: the support lead.', 'sign-off = support lead (jess) only.'],
  ]
  it('reads who holds a decision in more of the ways notes say it', () => {
    for (const [form, a, b] of roleDisputes) assert.equal(firstKind(a, b), 'role', form)
    for (const [a, b] of oneHolder) assert.deepEqual(kindsFound(a, b), [], `${a} / ${b}`)
  })

  it('heads a role dispute by the thing both hold, written whole', () => {
    const headingOf = (form: string) => {
      const [, a, b] = roleDisputes.find(([name]) => name === form)!
      return analyzeNotes(a, b)[0]?.decisionPoint.heading
    }

    assert.equal(headingOf('what an ownership lists after "including"'), 'Who owns the ipaddresspool and bgppeer objects')
    assert.equal(headingOf('"the team that owns"'), "Who owns each consumer group's alert")
    assert.equal(headingOf('a command named after its act'), 'Who may flush production')
    assert.equal(headingOf('an approver after "come from", "lead" read as a verb'), 'Who owns production access')
  })

  it('takes no bound for a holder', () => {
    // ("max 20 path purges" counts purges: nobody purges, so the reservation meets no one.)
    const reserved = featurize('Who: only the on-call SRE may run a purge-all.')
    assert.equal(compareRoles(reserved, featurize('purge bot rate limit: max 20 path purges / min, we self-limit')), undefined)
    // (…while a holder there is one: a guard that the reservation is read.)
    assert.equal(compareRoles(reserved, featurize('purge bot: the support team purges paths'))?.kind, 'role')
  })

  it('reads a verbless place in an order ("web tier last") and heads it as an order', () => {
    const [order] = analyzeNotes('order: web tier first. stateless, most instances', 'web tier last — it is where an outage hurts most')
    assert.equal(order?.kind, 'antonym')
    assert.equal(order?.decisionPoint.heading, 'Order of the web tier: first or last')
    // ("first" and "last" before a noun are no place in an order: these two are at odds on first / last, not headed as one.)
    const [match] = analyzeNotes(
      'Keep in mind that the last matching pattern wins: broad rules go at the top of the file and specific overrides at the bottom',
      'first matching line wins → keep the specific paths (ledger, auth, workflows) at the top of the file, catch-all at the bottom',
    )
    assert.equal(match?.kind, 'antonym')
    assert.ok(!match.decisionPoint.heading.startsWith('Order of'), match.decisionPoint.heading)
  })

  it('counts failed sign-ins as attempts', () => {
    assert.equal(
      firstKind('Show the challenge after 3 failed logins for one account.', 'Trigger the challenge after 5 failed attempts on one account.'),
      'numeric',
    )
    // (The same count both ways agrees.)
    assert.deepEqual(
      kindsFound('Show the challenge after 3 failed logins for one account.', 'Trigger the challenge after 3 failed attempts on one account.'),
      [],
    )
  })

  it('reads a switch given its state in notes, its name run together or not', () => {
    const finding = firstKind(
      'Delete marker replication: Enabled, so that a deleted file is gone in both regions.',
      'DeleteMarkerReplication: Disabled. a fat-finger rm in prod should not blank out the replica too',
    )
    assert.equal(finding, 'choice')
    // (A product name run together stays one word: "LaunchDarkly: on" names no setting.)
    assert.equal(splitCamelCase('LaunchDarkly: on'), 'LaunchDarkly: on')
  })
})

describe('contradictions: twenty-sixth-session patterns', () => {
  it('reads a phrasal verb as the noun written in one word: "roll over" is the rollover', () => {
    assert.ok(featurize('Unused included calls on Growth roll over for one month.').content.has('rollover'))
    assert.equal(firstKind('Unused included calls on Growth roll over for one month.', 'no rollover of unused calls'), 'negation')
    // (…and claims that share only the noun are paired on it: "fail back" meets "failback" before any tagger runs.)
    assert.ok(wordKeys('we rolled back within 10 min').has('rollback'))
    assert.ok(wordKeys('the IC takes over after that').has('takeover'))
    assert.ok(wordKeys('shutting down the old box, fail-back next day').has('shutdown'))
    // (…only a verb and its particle, not a word that ends like a verb: "audit-logs in place" logs nobody in.)
    assert.ok(!wordKeys('enable object lock on audit-logs in place').has('login'))
    assert.equal(firstKind('After the drill, fail back to pg-prod-a in the same window.', 'no failback after the drill'), 'negation')
  })

  it('reads a two-column table under a header of whose view it is as the row and its value', () => {
    const claims = extractClaims('| Area | Recommendation |\n|---|---|\n| Appeals window | 60 days after a ban |\n')
    assert.deepEqual(
      claims.map((c) => c.text),
      ['Appeals window: 60 days after a ban.'],
    )
  })

  it('reads "21H2" as a Windows release, neither a count nor a half-year', () => {
    const quantities = (text: string) => featurize(text).quantities
    assert.deepEqual(quantities('Supported OS: Windows 10 21H2 and later, plus Windows 11.'), [])
    assert.equal(quantities('The new tier ships in H2.')[0]?.kind, 'ordinal')
    assert.deepEqual(kindsFound('Supported OS: Windows 10 21H2 and later.', 'It has to be tested on Windows 10 22H2 as well.'), [])
  })

  it('heads a value of a place or a bound by what either claim is about', () => {
    // ("production" names where the value holds, "cap" that it is a bound: neither is the thing to decide.)
    // (The bound's case, "Date of the hard limits", is the seventeenth session's test of two dates.)
    assert.equal(
      headingOfPoint('In production, cursors must remain valid for at least 24 hours.', 'Cursors live for an hour in prod.'),
      'Duration of the cursors in production',
    )
  })

  it('takes an exception only to a rule that asks for what it waives', () => {
    assert.deepEqual(kindsFound('Go all in on stacked PRs for every repo.', 'Renovate PRs can skip the size check, they are already gated.'), [])
    assert.equal(
      firstKind('Every node must pass dcgmi diag before uncordon.', 'L4 inference nodes can skip the dcgm diag, a smoke test is enough.'),
      'quantifier',
    )
  })

  it('asks "whether" only of a clause, and heads a note in shorthand as written', () => {
    assert.equal(
      headingOfPoint('Keep routing logic in alertmanager.yml, oncall only receives.', 'No routing logic in alertmanager.yml, it moves to oncall.'),
      'Whether to keep routing logic in alertmanager.yml, oncall only receives',
    )
    const [match] = analyzeNotes(
      '**Engine:** I lean toward Citus, so that services do not each need their own router.',
      'no citus. extension upgrades + our pg version pin = pain. app-level routing only',
    )
    assert.ok(match, 'a finding')
    assert.ok(!match.decisionPoint.heading.startsWith('Whether'), match.decisionPoint.heading)
  })

  it('names the measure once: a table column "Dates" is not repeated after "Date of the"', () => {
    const [agreement] = analysisOfNamed({
      a: 'Canary Dates: with patch v4.1 on 3 March.',
      b: 'Canary: 5 percent of PC players, shipped with v4.1 on 3 March.',
    }).agreements
    assert.equal(agreement?.decisionPoint.heading, 'Date of the canary')
  })

  it('writes a heading made of key words as the notes write them', () => {
    const [agreement] = analysisOfNamed({
      a: 'self-reps can still file paper at the counter any day',
      b: 'counter paper = self-reps only',
    }).agreements
    assert.match(agreement?.decisionPoint.heading ?? '', /^Self-reps\b/)
    assert.equal(headingOfPoint('Users may renew up to a maximum TTL of 4 hours, after which they must file a new request.', 'dba role max_ttl 8h'), 'TTL')
  })
})

describe('contradictions: twenty-seventh-session patterns', () => {
  it('reads a switch whose state is followed by where it holds, with its article', () => {
    assert.equal(
      firstKind(
        'Automatic prefix caching is already on in our vLLM config, which matters for a long system prompt.',
        'Prefix caching is currently disabled in the deployment.',
      ),
      'choice',
    )
    // (Right after the state an article makes it a preposition: "on the roadmap" sets no switch.)
    assert.deepEqual(kindsFound('Prefix caching is on the roadmap for Q3.', 'Prefix caching is currently disabled in the deployment.'), [])
  })

  it('reads a former value in brackets as history, not a second value', () => {
    const money = (text: string) =>
      featurize(text)
        .quantities.filter((q) => q.kind === 'money')
        .map((q) => q.low)
    assert.deepEqual(money('The invoice fee stays at $4.50 per invoice (it was $3.00 until January).'), [4.5])
    assert.deepEqual(money('The invoice fee stays at $4.50 per invoice ($3.00 for paper invoices).'), [4.5, 3])
    // ("used" alone is consumption: "(used $300 last month)" is a measurement, not a former value.)
    assert.equal(featurize('The budget is $500 a month (used $300 last month).').quantities.length, 2)
    assert.deepEqual(money('The invoice fee stays at $4.50 per invoice (used to be $3.00).'), [4.5])
    assert.deepEqual(
      kindsFound(
        'The billing config carries the $4.50 invoice fee that took effect in January.',
        'The invoice fee stays at $4.50 per invoice (it was $3.00 until January).',
      ),
      [],
    )
  })
  it('reads values set for two releases as two settings, but dates of two releases as one plan', () => {
    assert.deepEqual(kindsFound('kiosk hold is 5 min on the current 4.1 build', 'On the 4.2 kiosk build the seat hold drops to 3 minutes.'), [])
    assert.deepEqual(kindsFound('kiosk hold is 5 min on the current build', 'On the kiosk build the seat hold drops to 3 minutes.'), ['numeric'])
    // (A ratio is no release: "a ratio of 0.1" against "no more than 5 percent … (ARG=0.05)" is one setting.)
    assert.deepEqual(
      kindsFound(
        'Sampler: a ratio of 0.1, i.e. we keep 10% of root traces at the SDK.',
        'No more than 5 percent of root traces should be sampled at the SDK (ARG=0.05).',
      ),
      ['numeric'],
    )
  })
  it('heads a switch set on and off as the yes-or-no question, named as the notes write it', () => {
    const heading = (a: string, b: string) => analysisOfNamed({a, b}).findings[0]?.decisionPoint.heading
    assert.equal(
      heading('Automatic prefix caching is already on in our vLLM config.', 'Prefix caching is currently disabled in the deployment.'),
      'Whether prefix caching is on',
    )
    assert.equal(heading('AOF is on today.', 'AOF is disabled.'), 'Whether AOF is on')
  })
})

describe('contradictions: twenty-eighth-session patterns', () => {
  it('reads a switch whose state comes before where it holds, and one set by its verb', () => {
    assert.equal(firstKind('Origin shield is already on for the media distribution.', 'Origin shield is not enabled on the media distribution.'), 'choice')
    // (A place after the state stays a place: "on today" is still the state.)
    assert.equal(firstKind('AOF is on today, plus nightly snapshots.', 'AOF is disabled.'), 'choice')
    assert.equal(firstKind("I'd enable NRI fleet-wide as part of this upgrade.", 'NRI must stay disabled in production.'), 'choice')
    // (A note's bare "<name> <state>" sets the switch: "NRI on everywhere"; "plaintext off" agrees with "no plaintext".)
    assert.equal(firstKind('NRI on everywhere', 'NRI must stay disabled in production.'), 'choice')
    assert.deepEqual(kindsFound('TLS everywhere, no plaintext listener on the new cluster', 'plaintext off, TLS only (9094 / 9098 listeners)'), [])
    // (Denied once, the act keeps the switch as it was: "don't enable NRI" agrees with "NRI stays disabled".)
    assert.deepEqual(kindsFound("Don't enable NRI as part of this upgrade.", 'NRI must stay disabled in production.'), [])
  })

  it("reads a number after a person's verb as the act's, not the person's", () => {
    assert.deepEqual(
      kindsFound(
        'Once a version falls below min_soft_version, users get 30 days of soft prompts before the hard block applies.',
        'Soft prompt first, a three-month grace period, then the block.',
      ),
      ['numeric'],
    )
    // (A team's spending is the team's: "the data team spends $22k a month" is not the data transfer's bill.)
    assert.deepEqual(
      kindsFound('Data transfer out to the internet is around $12k a month.', 'The data team spends $22k a month, mostly on the analytics cluster.'),
      [],
    )
  })

  it('reads one claim turning down the option the other picks', () => {
    assert.deepEqual(kindsFound('Engine: Chromium + Playwright, with the templates unchanged.', "I'd go with WeasyPrint rather than headless Chromium."), [
      'choice',
    ])
    assert.deepEqual(kindsFound('We should stay on sidecars.', 'Expand the mesh through ambient rather than more sidecars.'), ['choice'])
    // (A label followed by its subject's verb picks nothing; a common noun turned down is no option.)
    assert.deepEqual(kindsFound('Bandwidth: Guest SSID capped at 100 Mbps total.', 'Staff phones go on the staff network, not the guest one.'), [])
    assert.deepEqual(kindsFound('owner: platform builds the tool, service teams run it', 'Alerts page the owning service, not the platform team.'), [])
  })

  it('reads two named options of one kind, each picked', () => {
    assert.deepEqual(kindsFound("I'd go with Everi loyalty kiosks.", "I'd recommend the SYNKROS kiosks: one vendor, one support contract."), ['choice'])
    // (One option named on both sides is no rival pick.)
    assert.deepEqual(kindsFound("I'd go with Everi loyalty kiosks.", "I'd recommend the Everi kiosks for the pilot."), [])
  })

  it('reads a value given to a cap as a most', () => {
    const bounds = (text: string) => featurize(text).quantities.map((q) => [q.low, q.high])
    assert.deepEqual(bounds('media delivery budget: hard cap $1.5k/mo from 1 sep')[0], [Number.NEGATIVE_INFINITY, 18000])
    assert.deepEqual(bounds('Sandbox accounts get a hard limit of $250 per month')[0], [Number.NEGATIVE_INFINITY, 3000])
    // (A limit is a setting's value more often than a most: "the rate limit is 100 requests per second" against "about
    // 1200 req/min" are two values of it.)
    assert.deepEqual(bounds('The rate limit is 100 requests per second per IP.')[0], [100, 100])
    assert.deepEqual(bounds('$2,500 STP cap, red scores excluded')[0], [Number.NEGATIVE_INFINITY, 2500])
    // ("cut over 13 sep" is the verb's particle, not "more than".)
    assert.equal(featurize('cut over 13 sep').quantities[0].low, featurize('cut over 13 sep').quantities[0].high)
    // ("by" before who does it names no deadline: "keyed by two reviewers" is two, not at most two.)
    assert.deepEqual(bounds('Every image must be keyed by two reviewers independently.')[0], [2, 2])
    // (A setting named with the word keeps its value: "backoffLimit: 3".)
    assert.deepEqual(bounds('`backoffLimit: 3` on every job')[0], [3, 3])
    assert.deepEqual(kindsFound('media delivery budget: hard cap $1.5k/mo from 1 sep', 'delivery spend well under $1.5k/mo from sep'), [])
  })

  it('reads a price named as no case for having the thing', () => {
    assert.deepEqual(kindsFound('Opal quote from their sales rep: $30k/yr for our headcount.', 'no Opal'), [])
    // (A thing picked with its price is still asserted.)
    assert.deepEqual(kindsFound('We should buy Opal at $30k/yr for our headcount.', 'no Opal'), ['negation'])
  })

  it('reads "without" after a noun as picking out which, not as a denial', () => {
    assert.deepEqual(
      kindsFound('We need not only SSO but also SCIM for tools above 50 seats.', 'Tools without SCIM need a quarterly manual access review.'),
      [],
    )
    assert.deepEqual(kindsFound('Start with 3 primaries, each with a single replica.', 'Page on any shard without a replica.'), [])
    // (After a verb, or before one, it says how the act is done: a denial.)
    assert.deepEqual(
      kindsFound(
        'Users on any app version released in the last six months must be able to keep using the app without being forced to update.',
        'force update anyone >4 versions behind, no exceptions',
      ),
      ['negation'],
    )
  })

  it('reads a hyphenated pair going down as a name, not a range', () => {
    assert.deepEqual(
      featurize('The HSM must be FIPS 140-2 Level 3 validated.').quantities.filter((q) => q.low === 140),
      [],
    )
    assert.deepEqual(
      featurize('Rollout takes 2-4 weeks.').quantities.map((q) => [q.low, q.high]),
      [[14 * 86400, 28 * 86400]],
    )
  })

  it('reads how things stand today against what a claim sets as a change, not a dispute', () => {
    assert.deepEqual(kindsFound('today the npm cache keeps 30 days of tarballs', "I'd move the npm cache to 90 days"), [])
    // (Set against today, a plan is still a plan: "compared to today".)
    assert.deepEqual(kindsFound('Two replicas per primary roughly doubles the memory bill compared to today.', 'One replica per primary in production.'), [
      'numeric',
    ])
  })

  it('reads two dates of one event among several dates', () => {
    assert.deepEqual(
      kindsFound('API keys gone by the end of June.', 'Keep API keys working until 31 December, with deprecation warnings in response headers from July.'),
      ['numeric'],
    )
    // (A dash ends a date's stretch: Q1 dates the upgrade, not the drill.)
    assert.deepEqual(
      kindsFound(
        'first full drill by 15 March -> gives us a real number for the board deck',
        'first drill in Q2 at the earliest - Q1 is the pg 16 upgrade + soc2 audit',
      ),
      ['numeric'],
    )
    // (Times of day are left alone: each names its own hour of a day.)
    assert.deepEqual(
      kindsFound('promos activate in the pos at store open, 7am (24h stores: 3am)', '24h stores: promo flip runs 3-4am there, lowest traffic of the week'),
      [],
    )
  })

  it('reads a noun named on its own as what is measured, even where it also modifies another', () => {
    assert.deepEqual(
      kindsFound(
        'Slurm shutdown: Slurm is switched off at the end of February 2027, once every team has moved its job templates.',
        'BUT slurm stays up thru Q2 as fallback, switch off in july at the earliest.',
      ),
      ['numeric'],
    )
  })

  it('reads "fail open" against "fail closed" for one thing, whatever each says of the failure', () => {
    assert.deepEqual(kindsFound('If the vendor is unreachable during signup, fail closed.', 'Fail open on vendor errors, with review flags.'), ['choice'])
    // (A claim that sets both, for two cases, sets no one mode.)
    assert.deepEqual(kindsFound('On login, an outage fails open and we fall back to the per-IP rate limits.', 'Fail closed on signup, fail open on login.'), [])
  })
})

describe('contradictions: twenty-ninth-session patterns', () => {
  it('reads two parts of the day or week each claim opens with as two frames', () => {
    assert.deepEqual(
      kindsFound('Overnight, inference only needs 2 GPUs guaranteed.', 'During business hours (08:00-20:00) inference keeps a floor of at least 4 GPUs.'),
      [],
    )
    assert.deepEqual(kindsFound('On weekends, the cluster runs 3 nodes.', 'On weekdays the cluster runs 12 nodes.'), [])
    // (Later in the claim the part of the day is what it says: the dispute stays.)
    assert.deepEqual(kindsFound('Overnight, inference only needs 2 GPUs guaranteed.', 'Overnight, inference needs at least 4 GPUs.'), ['numeric'])
  })

  it('reads an exemption from what a rule without exceptions labels', () => {
    assert.deepEqual(kindsFound('MFA: no exemptions, not even probe users.', 'The synthetic account must be MFA-exempt.'), ['quantifier'])
    // (A label the exemption does not name is another rule.)
    assert.deepEqual(kindsFound('MFA: no exemptions, not even probe users.', 'The synthetic account must be exempt from the password rotation.'), [])
  })

  it('reads a denying verb joined to a noun as naming a kind of it', () => {
    assert.deepEqual(
      kindsFound('banned-visitor list checked not only at booking but also at the gate QR scan', 'banned-visitor list: a check at booking alone is not enough'),
      [],
    )
    assert.deepEqual(kindsFound('Floating tags are banned in production.', 'Production deploys may use floating tags.'), ['negation'])
  })

  it('reads a date after "since" as when a state began, not a plan\'s date', () => {
    assert.deepEqual(kindsFound('t4c runs on the office pc, out of support since oct 2025', 'cutover to horizon tue 3 feb, t4c pc gone by 30 apr'), [])
    // (Two dates a state began are still compared.)
    assert.deepEqual(kindsFound('The PC has been out of support since October 2025.', 'The PC has been out of support since March 2024.'), ['numeric'])
  })

  it('reads two names each recommended on their own as rival picks', () => {
    assert.equal(
      chosenEvidence("I'd recommend ResourceSpace 10.x, hosted by Montala.", "I'd recommend Orange Logic Cortex."),
      '"recommend resourcespace" vs "recommend orange logic cortex"',
    )
    // (One name recommended on both sides is agreement; a name and a common noun are no rival picks.)
    assert.equal(chosenEvidence("I'd recommend ResourceSpace 10.x, hosted by Montala.", "I'd recommend ResourceSpace as well."), undefined)
    assert.equal(chosenEvidence("I'd recommend ResourceSpace 10.x, hosted by Montala.", "I'd recommend a phased rollout."), undefined)
    // (…nor one claim weighing both, nor picks for two roles.)
    assert.equal(chosenEvidence("I'd recommend ResourceSpace, though Orange Logic would also do.", "I'd recommend Orange Logic Cortex."), undefined)
    assert.equal(chosenEvidence('Gitleaks as the only scanner in CI.', 'Grafana as the one dashboard tool.'), undefined)
  })

  it("reads a denial for what the other's rule excepts as agreement, hyphenated names whole", () => {
    assert.deepEqual(
      kindsFound(
        'Every deployment in the prod namespace should have an HPA, except the cron-runner and the migrations job.',
        'cron-runner stays pinned at 1 replica, no hpa on it',
      ),
      [],
    )
    // (Without the exception, the denial meets the rule.)
    assert.deepEqual(kindsFound('Every deployment should have an HPA.', 'cron-runner stays pinned at 1 replica, no hpa on it'), ['negation'])
  })

  it('reads two claims each about a name the other never mentions as about two things', () => {
    assert.deepEqual(kindsFound('Slack: the native legal hold in Slack Enterprise Grid is sufficient in most cases.', 'GitHub has no native legal hold.'), [])
    // (One name on both sides is one thing.)
    assert.deepEqual(kindsFound('Slack: the native legal hold in Slack Enterprise Grid is sufficient in most cases.', 'Slack has no native legal hold.'), [
      'negation',
    ])
  })

  it('reads "ok for" as a permission, and a name joined by "_" as no order', () => {
    assert.deepEqual(
      kindsFound(
        'pull_request_target must not be used in any repository.',
        'pull_request_target ok for the labeler + size-check workflows since they never check out PR code',
      ),
      ['modality'],
    )
    assert.equal(featurize('pull_request_target ok for the labeler workflows').modality, 'may')
    assert.equal(featurize('pull_request_target everywhere').modality, 'none')
  })

  it('reads "inside" a duration as within it', () => {
    assert.deepEqual(kindsFound('sold-out alert to the driver app inside a quarter hour', 'sold-out events reach the driver app well under 15 min'), [])
    assert.deepEqual(kindsFound('sold-out alert to the driver app inside a quarter hour', 'sold-out events reach the driver app within an hour at most'), [
      'numeric',
    ])
  })

  it('reads "pct" as a percent', () => {
    assert.deepEqual(kindsFound('trigger a collection at 75 pct fill', "I'd recommend triggering a collection at 85% fill."), ['numeric'])
    assert.deepEqual(kindsFound('trigger a collection at 85 pct fill', "I'd recommend triggering a collection at 85% fill."), [])
  })

  it('reads the value a change starts from as no claim, its verb a few words before', () => {
    assert.deepEqual(kindsFound('Shrink the NVMe hot tier from 12 nodes to 8.', 'NVMe hot tier, my position: cut back to 8 nodes.'), [])
    assert.deepEqual(kindsFound('Shrink the NVMe hot tier from 12 nodes to 8.', 'NVMe hot tier, my position: keep 12 nodes.'), ['numeric'])
  })

  it('reads a rule that already leaves out what the exception names as agreeing with it', () => {
    const rule = 'Every dashboard outside personal folders must live in git as Jsonnet, built with Grafonnet and deployed by CI.'
    assert.deepEqual(kindsFound(rule, 'Dashboards standard: Jsonnet/Grafonnet in git, except personal folders.'), [])
    // (An exception the rule does not leave out, or a rule that leaves out nothing, still meets it.)
    assert.deepEqual(kindsFound(rule, 'Dashboards standard: Jsonnet/Grafonnet in git, except the on-call dashboards.'), ['quantifier'])
    assert.deepEqual(
      kindsFound(
        'Every dashboard must live in git as Jsonnet, built with Grafonnet and deployed by CI.',
        'Dashboards standard: Jsonnet/Grafonnet in git, except personal folders.',
      ),
      ['quantifier'],
    )
  })

  it('reads a question closed inside a bracket as no claim', () => {
    assert.deepEqual(
      extractClaims('- who pays for DR copies (platform budget or the owning team?)\n- DR copies go to the owning team.\n').map((c) => c.text),
      ['DR copies go to the owning team.'],
    )
  })

  it('reads an antonym on the acts two lines open with, and whether their labels meet, for calibration', () => {
    const feature = (name: (typeof CALIBRATION_FEATURES)[number], finding: {evidence: string; kind: 'antonym' | 'numeric'}, lines: [string, string]) =>
      calibrationFeatures({...finding, subject: []}, {lines})[CALIBRATION_FEATURES.indexOf(name)]
    const antonym = {evidence: 'retire / keep', kind: 'antonym' as const}
    assert.equal(
      feature('leadingActs', antonym, ['- Retire the quota-checker Lambda once the alarms are live.', "I'd keep the quota-checker Lambda running."]),
      1,
    )
    assert.equal(feature('leadingActs', antonym, ['- We could retire it later.', 'Keep the Lambda.']), 0)
    const numeric = {evidence: '90 days vs 13 months', kind: 'numeric' as const}
    assert.equal(feature('labels', numeric, ['- **Door logs:** 90 days, with a hold for open cases', '- door logs: 13 months']), 1)
    assert.equal(feature('labels', numeric, ['- logs warm: 0 replicas', '- Lazy route chunks: no more than 60 KB']), -1)
    assert.equal(feature('labels', numeric, ['- logs warm: 0 replicas', 'Two replicas by default.']), 0)
  })

  it('reads the history of a thing as the thing kept', () => {
    assert.deepEqual(kindsFound('Raw GPS breadcrumbs must be deleted after 30 days.', 'Keep the raw breadcrumb history for 13 months.'), ['numeric'])
  })

  it('splits a second rule after "but" and a modal, with or without a comma', () => {
    assert.deepEqual(
      kindsFound("kids don't need ID but have to come in w/ an approved adult", 'under-18s exempt from ID, but must be accompanied by an approved adult'),
      [],
    )
    // (The rule after "but" still meets its opposite.)
    assert.deepEqual(kindsFound("kids don't need ID but have to come in w/ an approved adult", 'Kids may come in without an approved adult.'), ['negation'])
  })
})

describe('contradictions: thirtieth-session patterns', () => {
  it('reads "2-hourly" and "6-monthly" as every two hours and every six months', () => {
    assert.deepEqual(kindsFound('manual dpd tests every 2 hrs while open stay', '2-hourly dpd tests by duty staff stay'), [])
    assert.deepEqual(kindsFound('Keys are rotated every 6 months.', '3-monthly key rotation.'), ['numeric'])
  })

  it('reads a value with a unit per unit as a measure, not a release ("2.0 mg/l")', () => {
    assert.deepEqual(kindsFound('The chlorine alarm is set at 2.0 mg/l.', 'The chlorine alarm is set at 1.5 mg/l.'), ['numeric'])
    // (A release stays a release: "MySQL 8.0 replicas" counts no replicas, "TLS 1.2 and/or 1.3" names two.)
    assert.deepEqual(kindsFound('We run MySQL 8.0 replicas.', 'We run 2 replicas.'), [])
    assert.deepEqual(
      versionsIn('Allow TLS 1.2 and/or 1.3 on the edge.').map((v) => v.text),
      ['1.2', '1.3'],
    )
    assert.deepEqual(versionsIn('The chlorine alarm is set at 2.0 mg/l, 1.0 req/s max.'), [])
  })

  it('reads two days of one month as a span of dates ("11-12 April", "21/22 mar")', () => {
    assert.deepEqual(kindsFound('The medical cutover must not happen before 1 May.', 'Medical records cutover on the weekend of 11-12 April.'), ['numeric'])
    assert.deepEqual(kindsFound('Go-live: Saturday 7 March 2026', 'go-live not before weekend 21/22 mar'), ['numeric'])
    // (A day inside the span agrees with it.)
    assert.deepEqual(kindsFound('Go-live: Saturday 21 March 2026', 'go-live not before weekend 21/22 mar'), [])
  })

  it('reads "no" joined to a noun ("no-show", "no-reply") as naming a kind, not denying', () => {
    assert.deepEqual(
      kindsFound('not checked in 10 min after the time = no-show', "brs marks a no-show if the starter hasn't checked the group in 10 min after the time"),
      [],
    )
    // (A denial is still one: "no show fee" without the hyphen says there is none.)
    assert.deepEqual(kindsFound('There is no show fee for juniors.', 'Juniors pay a show fee.'), ['negation'])
  })

  it('reads "before the drive starts on 2 November" as before 2 November', () => {
    assert.deepEqual(
      kindsFound('Live before 2 November, ahead of the drive', 'Ideally reminders are running before the holiday drive starts on 2 November'),
      [],
    )
    assert.deepEqual(kindsFound('Buy by mid-March.', 'Buy before the fiscal year closes on 31 March.'), [])
    // (Without the bound the date is the event's own: "the drive starts on 2 November" against a later go-live.)
    assert.deepEqual(kindsFound('The app goes live on 9 November.', 'The app goes live when the drive starts on 2 November.'), ['numeric'])
  })

  it('reads the event a duration counts from as part of the value, not a frame of the rule', () => {
    assert.deepEqual(kindsFound('Location tracks are deleted 30 days after the incident is closed.', 'Location tracks are kept for 2 years.'), ['numeric'])
    // (A frame the rule holds in is still a frame.)
    assert.deepEqual(kindsFound('After the migration, logs are kept for 30 days.', 'Logs are kept for 90 days.'), [])
  })

  it('reads a negation inside a relative clause as not denying the main verb', () => {
    assert.deepEqual(
      kindsFound(
        'Withdrawn and denied applications are purged 12 months after the decision.',
        'Applications that did not close must be kept for 25 months after we notify the applicant.',
      ),
      ['numeric'],
    )
    // (A negation of the main verb still is one.)
    assert.deepEqual(kindsFound('Applications are kept for 12 months.', 'Applications must not be kept for 12 months.'), ['negation'])
  })

  it('reads "6 max" after a plural as a bound on that count, not a count of "max"', () => {
    assert.deepEqual(kindsFound('10 widths for srcset to be tight enough', 'fixed allowlist of widths, 6 max'), ['numeric'])
    assert.deepEqual(kindsFound('we need 10 widths', 'widths: 6 max'), ['numeric'])
    // (Within the bound it agrees.)
    assert.deepEqual(kindsFound('we need 5 widths', 'fixed allowlist of widths, 6 max'), [])
  })

  it('reads how often and how long as two measures either way round ("nightly … retained for 30 days")', () => {
    assert.deepEqual(
      kindsFound('Nightly copy of the show files to the venue NAS, retained for 30 days', 'Show files backed up nightly and kept for two weeks.'),
      ['numeric'],
    )
    assert.deepEqual(kindsFound('Nightly copy of the show files, retained for 30 days', 'Show files backed up nightly and kept for 30 days.'), [])
  })

  it('reads a count per one of two things both claims name as one count ("3 guests per round" / "2 guests per member per round")', () => {
    assert.deepEqual(kindsFound('each member can bring up to 3 guests per round', 'max 2 guests per member per round'), ['numeric'])
    assert.deepEqual(kindsFound('each member can bring up to 3 guests per round', 'max 3 guests per member per round'), [])
    // (A claim that never names the other's "per" noun counts another thing.)
    assert.deepEqual(kindsFound('up to 3 guests per round', 'max 2 guests per member'), [])
  })

  it('reads a bound before a day of the week and a date as bounding the date ("no earlier than sat 28 mar")', () => {
    assert.deepEqual(kindsFound('go-live no earlier than sat 28 mar', 'go-live on 14 March'), ['numeric'])
    assert.deepEqual(kindsFound('go-live no earlier than sat 28 mar', 'go-live on 4 April'), [])
  })

  it('reads "sat" and "wed" next to a time or another day as days, not verbs', () => {
    assert.deepEqual(kindsFound('sat 07:00-11:00 members only', 'max 4-ball on sat + sun mornings, 2-balls only after 14:00'), [])
    // (The verb stays a verb: "we sat down" is no Saturday.)
    assert.equal(featurize('we sat down with the vendor').tokens[1].lemma, 'sit')
  })

  it('reads "from 11:00 only" and "from 1 May onwards" as the earliest time', () => {
    assert.deepEqual(kindsFound('visitor green fee £60 weekends after 11:00', 'visitors on sat from 11:00 only'), [])
    assert.deepEqual(kindsFound('go-live from 1 May onwards', 'go-live on 20 April'), ['numeric'])
    assert.deepEqual(kindsFound('go-live from 1 May onwards', 'go-live on 20 May'), [])
  })

  it('reads an act named as a noun on one side and as a verb on the other as one act ("escalation" / "escalates")', () => {
    assert.deepEqual(
      kindsFound('PagerDuty escalates to the secondary after 15 minutes', 'Escalation to the secondary happens after 30 minutes without an ack'),
      ['numeric'],
    )
    assert.deepEqual(
      kindsFound('PagerDuty escalates to the secondary after 15 minutes', 'Escalation to the secondary happens after 15 minutes without an ack'),
      [],
    )
  })

  it('reads the value an alarm trips above as its threshold, as a bare value is', () => {
    assert.deepEqual(kindsFound('combined cl alarm above 0.5 mg/l', 'combined cl hi alarm 0.5 mg/l'), [])
    // (Two thresholds still differ; a bound that nothing trips beyond stays a bound.)
    assert.deepEqual(kindsFound('page when p99 latency goes over 500 ms', 'page when p99 latency goes over 800 ms'), ['numeric'])
    assert.deepEqual(kindsFound('Request latency stays above 500 ms.', 'Request latency is 500 ms.'), ['numeric'])
  })

  it('reads opposites that open one compound on both sides as two things ("low … alarm" / "high … alarm")', () => {
    assert.deepEqual(kindsFound('low free cl alarm at 0.8 ppm', 'high free cl alarm 2.0 mg/l on main + learner'), [])
    // (The opposite said of the thing itself is still a dispute.)
    assert.deepEqual(kindsFound('The free chlorine level is low.', 'The free chlorine level is high.'), ['antonym'])
  })
})

describe('contradictions: thirtieth-session calibration', () => {
  it('reads a time of day in a numeric finding on dates as the clock feature', () => {
    const clock = (evidence: string, measure: 'duration' | 'ordinal') =>
      calibrationFeatures({evidence, kind: 'numeric', measure, subject: []}, {lines: ['', '']})[CALIBRATION_FEATURES.indexOf('clock')]
    assert.equal(clock('07:00-11:00 = 07:00 to 11:00 vs after 14:00 = over 14:00', 'ordinal'), 1)
    assert.equal(clock('7am = 07:00 vs 4am = 04:00', 'ordinal'), 1)
    // (A date or a duration is no time of day.)
    assert.equal(clock('before 1 may = from 1 May vs 11-12 april = 11 Apr to 12 Apr', 'ordinal'), 0)
    assert.equal(clock('30 days vs 2 weeks', 'duration'), 0)
  })
})
