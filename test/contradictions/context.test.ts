import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {analyze} from '../../src/contradictions/analyze.js'
import {loadCatalog, signalIndex} from '../../src/contradictions/catalog.js'
import {featurize} from '../../src/contradictions/features.js'
import {extractClaims} from '../../src/contradictions/markdown.js'
import {normaliseNumbers} from '../../src/contradictions/numbers.js'
import {judgePairs} from '../../src/contradictions/pairs.js'
import {ROOT, tempDir} from '../helpers/cli.js'

const catalog = loadCatalog(ROOT)
const contradicts = (a: string, b: string) => judgePairs([{a, b, id: 1}], ROOT, catalog)[0].contradiction

const temps: Array<{cleanup: () => void}> = []

/** analyze over two participants' Markdown notes: every finding, main list and appendix alike, as "line/line kind". */
function findingsOf(first: string, second: string): string[] {
  const temp = tempDir()
  temps.push(temp)
  const dir = temp.path
  writeFileSync(join(dir, 'a.md'), first)
  writeFileSync(join(dir, 'b.md'), second)
  const result = analyze({
    catalog,
    generatedAt: '2026-01-01T00:00:00.000Z',
    inputs: [
      {participant: 'a', path: join(dir, 'a.md')},
      {participant: 'b', path: join(dir, 'b.md')},
    ],
    root: ROOT,
  })
  return result.findings.map((f) => `${f.a.participant}:${f.a.line}/${f.b.participant}:${f.b.line} ${f.kind}`)
}

describe('contradictions: what a clause leans on (pronouns, headings, notes shorthand)', () => {
  after(() => {
    for (const temp of temps) temp.cleanup()
  })

  it('reads a pronoun as the thing the clause before it named', () => {
    assert.ok(
      contradicts('Redis persistence is switched on in prod, and we keep it enabled for the session store.', 'Disable Redis persistence entirely.'),
      '"it" is Redis persistence',
    )
    // Without the antecedent the same clause is about nothing in particular.
    assert.equal(contradicts('We keep it enabled for the session store.', 'Disable Redis persistence entirely.'), false)
  })

  it('never sets a clause against the one it refers back to, nor lends a reason clause or "them" a subject', () => {
    const findings = findingsOf(
      '# Notes\n\nThere is no retry budget on the payment client. This is a known gap and blocks the launch.\n',
      '# Other notes\n\nThe payment client retries are fine as they are.\n',
    )
    assert.ok(!findings.some((f) => f.startsWith('a:3/a:3')), findings.join('\n'))
  })

  it('gives a labelled value under a heading the heading as its subject', () => {
    const claims = extractClaims('### 2. Backup retention\n\n- **Target:** 35 days.\n')
    assert.deepEqual(claims, [{heading: 'Backup retention', line: 3, text: 'Target: 35 days.'}])
    const findings = findingsOf(
      '## Backup retention\n\n- **Target:** 35 days.\n\n## Build time\n\n- **Target:** 9 minutes.\n',
      'We keep backups for 14 days at most.\n',
    )
    assert.deepEqual(findings, ['a:3/b:1 numeric'])
  })

  it('spells out note-taking shorthand and camel-case compounds before reading', () => {
    assert.equal(
      normaliseNumbers('batch ns stays w/o quota tho, thru June w/ 3 nodes'),
      'batch namespace stays without quota though, through June with 3 nodes',
    )
    assert.equal(normaliseNumbers('a ResourceQuota and a PodDisruptionBudget on GitHub'), 'a Resource Quota and a Pod Disruption Budget on GitHub')
    assert.equal(normaliseNumbers('two CronJobs and the StorageClasses'), '2 Cron Jobs and the Storage Classes')
    assert.equal(normaliseNumbers('vault snaps every 6h'), 'vault snapshots every 6h')
  })

  it('knows a status code is a member of its class, and a plan for every member meets what stays behind', () => {
    assert.ok(contradicts('Every 5xx response must page the on-call engineer.', '502s from the load balancer do not page anyone.'))
    assert.ok(contradicts('We will move all 60 services to Kubernetes.', 'The 12 payment services stay on the VMs.'))
    assert.equal(contradicts('We will move all 60 services to Kubernetes.', 'The 12 payment services move first.'), false)
  })

  it('finds one thing given to two owners, and a reserved act done by someone else', () => {
    assert.ok(contradicts('The platform team owns the release calendar.', 'The release calendar should rest with product management.'))
    assert.ok(contradicts('Only the DBA team may run schema migrations in production.', 'The payments squad runs its own schema migrations.'))
    assert.ok(contradicts('Nobody outside SRE can silence production alerts.', 'The data team silences its own production alerts during loads.'))
    // Two owners of two things, the same owner in other words, a negated role, and two teams doing an act nobody reserved.
    assert.equal(contradicts('The platform team owns the release calendar.', 'Product management owns the roadmap.'), false)
    assert.equal(contradicts('The SRE team owns the pager rotation.', 'The pager rotation should rest with SRE.'), false)
    assert.deepEqual(featurize('Product management does not own the release calendar.').roles, [])
    assert.equal(contradicts('The data team runs its own backfills.', 'The payments squad runs its own backfills.'), false)
    // "nothing … except", a coordinated subject, an act under another name (flip / toggle), an actor with a qualifier.
    assert.ok(contradicts('During the launch week nothing deploys except hotfixes.', 'Hotfixes and marketing pages approved by the CMO can still deploy.'))
    assert.ok(contradicts('Only the incident commander can flip the kill switch.', 'Any engineer on the payments team can toggle the kill switch.'))
    assert.ok(contradicts('The release manager owns the go/no-go for the train.', 'The go/no-go call should rest with the engineering manager.'))
    assert.equal(contradicts('Only SRE can silence production alerts.', 'SRE engineers silence production alerts during loads.'), false)
    // A change that needs X's sign-off is X's; a passive act of holding later in the clause gives its subject away.
    assert.ok(
      contradicts(
        'Thresholds and the partner rate limits live in the config repo and are approved by SRE alone.',
        'No partner rate limit may change without sign-off from partner success.',
      ),
    )
    assert.equal(
      contradicts('Dashboards live in git and are reviewed by SRE.', 'No partner rate limit may change without sign-off from partner success.'),
      false,
    )
    // "requires my sign-off" is the writer's; "writes and owns" holds; a plural read as a verb; a label before "only".
    assert.ok(contradicts('Platform on-call approves quota PRs on their own.', 'Every quota PR, however small, requires my sign-off before it is merged.'))
    assert.ok(contradicts('Each service team writes and owns the recording rules.', 'The o11y team owns all recording rules.'))
    assert.deepEqual(
      featurize('Limit overrides are approved by the platform team.').roles.map((r) => r.actorText),
      ['the platform team'],
    )
    assert.equal(featurize('Who: only the on-call SRE may run a purge-all').roles[0]?.exclusive, true)
    // "someone in #security-oncall" is the channel's members.
    assert.deepEqual(
      featurize('Every production access request must be approved by someone in #security-oncall.').roles.map((r) => r.actor),
      [['security', 'oncall']],
    )
    // "own" before a possessive is the verb; an arrow to a holder and a verb of holding.
    assert.ok(contradicts('Quotas are set by the storage team.', 'team leads own their quota'))
    assert.ok(contradicts('maxmemory changes need alba sign-off', 'maxmemory bump -> wei approves, not me'))
    // An aside in parentheses is not the holder; "ravi's team" is Ravi's.
    assert.ok(contradicts("SRE (elena's team) owns snapshot policy + restore drills, end to end", "ravi's team owns restore drills"))
    // "needs X sign-off", "approver for T = X", and approving reserved to one ("only security approves …").
    assert.ok(contradicts('IC decides the failover and the promotion of pg-b.', 'promoting pg-b needs CTO sign-off first, always'))
    assert.ok(contradicts('The service team lead owns all prod pg requests.', 'approver for all prod pg requests = dba on-call'))
    assert.ok(contradicts('The service owner approves exceptions for their own images.', 'only security approves exceptions'))
    assert.deepEqual(featurize('pg approvals: fine w/ whatever rui + anika settle on').roles, [])
    // An opening topic is not the holder, a dot inside a file name does not end the object, and a condition stays.
    assert.ok(contradicts('On ownership, each product team owns its devcontainer.json and image.', 'The platform team owns the devcontainer.json files.'))
    assert.equal(contradicts('Outside the window, only the on-call may sync prod apps.', 'Team leads may sync their own prod apps inside the window.'), false)
    assert.ok(
      contradicts('I own the go/no-go on the cut-over date.', 'The cut-over date should be decided by the VP of engineering.'),
      'the writer as an owner',
    )
    const findings = findingsOf('Security owns the incident runbooks.\n', 'The incident runbooks are owned by the on-call team.\n')
    assert.deepEqual(findings, ['a:1/b:1 role'])
    // In analyze too, a verbless note that gives a thing to someone is a claim, not a fragment to skip.
    assert.deepEqual(findingsOf('The platform team approves every schema change.\n', '- schema approvals = order-service team\n'), ['a:1/b:1 role'])
    assert.deepEqual(findingsOf('The platform team owns cert expiry alerting.\n', '- cert expiry alerting -> ines\n'), ['a:1/b:1 role'])
    // Holding a decision in other words: an active "approves", a passive "are set by", "owned and staffed by".
    assert.ok(contradicts('Firewall exceptions are approved by the security team.', 'platform approves firewall exceptions, security gets cc-ed'))
    assert.ok(contradicts('Bucket quotas are set by the storage team.', 'The platform team owns bucket quotas.'))
    assert.ok(contradicts('The escalation rotation is owned and staffed by Support.', 'the escalation rotation is owned by engineering'))
    assert.equal(contradicts('Firewall exceptions are approved by the security team.', 'Security approves firewall exceptions.'), false)
    assert.equal(contradicts('Bucket quotas are set by the storage team.', 'Bucket names are chosen by each team.'), false)
    // Notes: an arrow gives a thing to someone, a label names the topic, "signed off by", "each team" as the holder.
    assert.ok(contradicts('The platform team owns certificate expiry alerting.', 'cert expiry alerting -> ines'))
    assert.ok(contradicts('Ownership: the platform team owns the schema registry.', 'schema registry owner = order-service team'))
    assert.ok(contradicts('The QA lead approves every store submission.', 'store submissions signed off by the PM'))
    assert.ok(contradicts('The service team that owns the alert owns its runbook.', 'The platform on-call rotation should be the owner of every runbook.'))
    // "T requires approval from X", "sign-off from X"; the writer as the holder ("approved by me").
    assert.ok(contradicts('Schema changes require approval from the DBA team.', 'schema changes need sign-off from the service owner'))
    assert.ok(contradicts('Large jobs are approved by the ML platform lead.', 'large jobs should be approved by me as team lead'))
    assert.equal(contradicts('Schema changes require approval from the DBA team.', 'schema changes are approved by the DBA team'), false)
    assert.equal(featurize('Only members of release-managers may run deploys.').roles[0]?.actorText, 'release managers')
    // "assigned to", "go to X for review"; "the owning team" is a holder of its own.
    assert.ok(contradicts('Major updates are assigned to the owning team.', 'majors go to the platform team for review, not the app teams'))
    assert.equal(contradicts('Major updates are assigned to the platform team.', 'majors go to the platform team for review'), false)
    assert.equal(contradicts('Major updates go to the platform team for lunch.', 'Major updates are assigned to the owning team.'), false)
    // A hyphenated name the tagger splits at a verb ("break-glass") is still the thing held.
    assert.ok(contradicts('Break-glass requests are approved by the privacy team.', 'break-glass requests are approved by the incident commander'))
    // "only X <verb>s" reserves the act without a modal; "status page" and "statuspage" are one thing.
    assert.equal(featurize('only the IC posts to the status page').roles[0]?.exclusive, true)
    assert.ok(contradicts('The Customer Support team should own the status page.', 'platform team owns statuspage'))
    assert.ok(contradicts('The SRE team owns every alerting rule.', 'each team owns its own alerting rules'))
    assert.equal(contradicts('Payments owns the payments alerting rules.', 'each team owns its own alerting rules'), false)
    assert.equal(contradicts('The SRE team owns every alerting rule.', 'both: decide the alerting rule question next week'), false)
  })

  it('finds a named option one participant picks and the other turns down', () => {
    assert.ok(contradicts('Adopt Nomad on the existing cluster and retire Swarm.', 'moving us to Nomad is a non-starter this year'))
    assert.ok(contradicts('We should standardise on k6 for load tests.', 'k6 is off the table, the team knows python'))
    assert.ok(contradicts('Recommendation: adopt Cortex for long-term metrics.', 'drop cortex, go with mimir'))
    assert.ok(contradicts('Keep Sentinel for the session store.', 'retire Sentinel next quarter'))
    // The same stance twice, a stance on something else, a negated pick of another act, a common noun.
    assert.equal(contradicts('Adopt Nomad for batch jobs.', 'We go with Nomad.'), false)
    assert.equal(contradicts('Adopt Nomad for batch jobs.', 'Swarm is off the table.'), false)
    assert.equal(contradicts('Use Snowflake object tags to drive masking.', "don't renew the snowflake commit"), false)
    // Two options each picked as the only one for one role.
    assert.ok(contradicts('Standardise on gitleaks as the only scanner.', 'Recommendation: TruffleHog as the one scanner across the org.'))
    assert.equal(contradicts('Gitleaks as the only scanner in CI.', 'Grafana as the one dashboard tool.'), false)
    assert.deepEqual(
      featurize('drop the proxy').stances.map((s) => s.names),
      [[]],
      'a common noun names no option: the negation reading has it',
    )
  })

  it('reads "instead of", "rather than" and "I am against" as turning down what follows', () => {
    assert.ok(contradicts('Nightly backups are stored in MinIO.', 'Store the nightly backups in S3 rather than in MinIO.'))
    assert.ok(contradicts('Alerts go to the alerts channel in Discord.', 'Send alerts to PagerDuty instead of the Discord alerts channel.'))
    assert.equal(contradicts('Nightly backups are stored in S3.', 'Store the nightly backups in S3 rather than in MinIO.'), false)
    assert.deepEqual(
      findingsOf("I'm against scheduled brownouts.\n", 'Brownouts: short, scheduled brownouts of v1 (15 minutes, then 1 hour), announced two weeks ahead.\n'),
      ['a:1/b:1 negation'],
    )
  })

  it('counts per member, reads "the number of … at or below N" and "1 in 100"', () => {
    assert.ok(contradicts('max 15 labels per stream', 'Keep the number of labels per stream at or below 10.'))
    assert.equal(contradicts('one tenant per environment', 'per-team tenants would mean 40 tenants to manage'), false)
    assert.equal(contradicts('sample the health-check lines 1 in 100, they are 30% of the volume', 'Sample health-check lines at 1%.'), false)
  })

  it('keeps permissions, frequencies, time clauses, causes and environments from making disputes', () => {
    // Two permissions on opposite acts leave both open; a permission that is itself the opposite is not one of them.
    const findings = findingsOf('ok to keep the nightly backup copy\n', 'The nightly backup copy can be dropped once lifecycle rules exist.\n')
    assert.deepEqual(findings, [])
    assert.ok(contradicts('Access to the bucket is allowed from the build agents.', 'Access to the bucket is denied from the build agents.'))
    // "every quarter" says how often; "before we onboard any new team" says when.
    assert.equal(contradicts('The owner reviews the redaction rules every quarter.', 'We do not need a separate redaction service.'), false)
    assert.equal(contradicts('It has to be in place before we onboard any new team.', 'Audit logs are not ingested into Loki.'), false)
    // A cause without a verb asserts nothing; a claim about staging is not one about production.
    assert.deepEqual(findingsOf('We hit cardinality limits because of request_id as a label.\n', 'Request identifiers should not be labels.\n'), [])
    assert.deepEqual(findingsOf('Application logs are kept for 14 days.\n', 'Staging keeps 3 days of logs.\n'), [])
  })

  it('reads a plural subject the tagger took for a verb as a noun', () => {
    assert.equal(featurize('All alerts are batched, including critical ones').predicate, 'batch')
    assert.ok(featurize('sev1 / page-level alerts never batched').subjects.has('alert'))
  })

  it('reads "zero" before a thing as "no"', () => {
    assert.equal(featurize('zero standing prod db access, JIT only').negations, 1)
    assert.equal(featurize('zero downtime during the cutover').negations, 0)
    assert.deepEqual(findingsOf('no standing access to prod DBs\n', 'zero standing prod db access, JIT only\n'), [])
  })

  it('reads a denial of a kind of thing ("no plain keys") as denying that kind only', () => {
    assert.deepEqual(findingsOf('SSH moves to ed25519-sk keys as well.\n', 'ssh: by 30 jun all prod ssh on ed25519-sk, no plain keys after that\n'), [])
    assert.deepEqual(findingsOf('Runners must be ephemeral.\n', 'There should be no persistent runners, not even for caching.\n'), [])
    assert.deepEqual(findingsOf('We keep plain keys on the bastion.\n', 'No plain keys anywhere.\n'), ['a:1/b:1 negation'])
  })

  it('reads one act done by two things the other claim never names as no dispute', () => {
    assert.deepEqual(
      findingsOf('Batch eval jobs already run on spot nodes and tolerate interruptions fine.\n', 'Inference must never run on spot nodes.\n'),
      [],
    )
    assert.deepEqual(findingsOf('Inference replicas already run on spot nodes.\n', 'Inference must never run on spot nodes.\n'), ['a:1/b:1 negation'])
    // A list before a late verb names no actor: "7d artifacts, 30 min timeouts, cancel-in-progress everywhere".
    assert.ok(contradicts('Large backfills run during business hours', 'Large backfills must not run during business hours'))
    assert.equal(contradicts('target: prod schedule live by 15 March', 'target: zero undocumented console changes by end of Q3'), false)
  })

  it('reads a sentence-initial word before a noun and its value in notes as a modifier ("connect timeout 1s")', () => {
    assert.equal(contradicts('Apply a 2-second default request timeout on every route', 'connect timeout 1s mesh-wide'), false)
    assert.ok(contradicts('Apply a 2-second connect timeout on every route', 'connect timeout 1s mesh-wide'))
    // A verb that sets a value, or one in the third person, stays a verb.
    assert.equal(featurize('set timeout 5s on every route').predicate, 'set')
    assert.equal(featurize('ends fri 2 jan 09:00 utc').predicate, 'end')
  })

  it('reads a sentence-initial word before a name and a modal as naming the subject, not as an imperative', () => {
    assert.ok(featurize('checkout p99 must stay below half a second').subjects.has('checkout'))
    assert.equal(contradicts('/search p99: 600 ms', 'checkout p99 must stay below half a second'), false)
    assert.equal(featurize('Keep Jenkins running for the release branches').predicate, 'keep')
  })

  it('reads a participle with "no exceptions" in notes as a rule, not a report', () => {
    assert.ok(contradicts('every prod pg db restored weekly, no exceptions', 'pg: monthly per db is enough for v1'))
    assert.equal(featurize('every prod pg db restored weekly, no exceptions').tense, undefined)
    assert.equal(featurize('the prod db was restored last week').tense, 'past')
    // A time in a parenthesis says when a figure was given, not what the claim is about.
    assert.equal(featurize("finance ok'd up to $4k/mo for DR (per fatima last month)").tense, undefined)
    assert.ok(contradicts("finance ok'd up to $4k/mo for DR (per fatima last month) so we fit", 'finance cap for DR: $2,500/month, hard'))
    // Notes' shorthand for a time in the past: a month, a weekday, "wk".
    assert.equal(featurize('lost 2 drives in one set last March, healed fine').tense, 'past')
    assert.equal(featurize('one hung job burned 6h last wk').tense, 'past')
    assert.equal(contradicts('EC:4 tolerates losing 4 drives per set', 'lost 2 drives in one set last March, healed fine'), false)
  })

  it('reads a comparison before a noun as describing it, not as naming another one', () => {
    assert.ok(contradicts('move chunks to the cheaper S3 tier after 3 days', 'Move chunks older than 7 days to the infrequent-access S3 class.'))
    // Two kinds of one noun are still two things.
    assert.equal(contradicts('billing service: 3 replicas', 'search service: 5 replicas'), false)
    // …and so are two labels that each name a thing the other claim never mentions.
    assert.equal(contradicts('Session store: RDB snapshot every 15 minutes', 'Job queue: RDB snapshot hourly as well'), false)
    assert.equal(contradicts('payments-api: INFO is sampled at 25% until its volume drops', 'health checks: drop 100% of 200s'), false)
    // (Each label need only name one thing the other claim never mentions: "PR artifacts" / "failed runs".)
    assert.equal(contradicts('PR artifacts: 14 days, keep it', 'failed runs: keep artifacts 30d so we can debug flaky stuff'), false)
    // A label that frames the value names no thing: "Target: 80% CPU" still meets "api: 50% cpu target".
    assert.ok(contradicts('Target: 80% CPU', 'api: 50% cpu target'))
  })

  it('reads a value set for a coordinated subject as set for each of its nouns', () => {
    assert.ok(
      contradicts(
        'Audit logs and recordings must be retained for at least 13 months (the 12-month SOC 2 window plus a month).',
        'audit logs: 90 days in loki and done',
      ),
    )
    assert.equal(featurize('Audit logs and recordings must be retained.').tokens[1].pos, 'NOUN')
    assert.equal(contradicts('Audit logs and recordings must be retained for at least 13 months.', 'metrics: 90 days in mimir'), false)
  })

  it('reads "May" after a day or a preposition as the month, not the modal', () => {
    assert.ok(contradicts('login check live before the SSO cutover on 14 may', 'need a vault role first -> login check not before june'))
    assert.ok(contradicts('The login check goes live in May.', 'The login check is not ready before July.'))
    // The modal stays a modal: "teams may ship" permits, it dates nothing.
    assert.equal(contradicts('Teams may ship the login check whenever it is ready.', 'The login check is not ready before July.'), false)
  })

  it('reads a date on one side of a plan as bounding it, a deadline as a target and "still" as today', () => {
    assert.deepEqual(
      findingsOf('No extensions after 31 July, not even for enterprise customers.\n', 'Allow paid extensions for enterprise customers who are migrating.\n'),
      ['a:1/b:1 negation'],
    )
    // A past figure is still apart from an undated one.
    assert.deepEqual(findingsOf('In March the error rate was 4%.\n', 'The error rate is 1%.\n'), [])
    assert.deepEqual(findingsOf('v1 traffic is still about 12% of requests.\n', 'No more than 2% of total traffic on v1 by 1 September.\n'), [])
  })

  it('reads "no" before a noun phrase as denying its noun', () => {
    assert.deepEqual(
      findingsOf('no new static passwords from today, new services start on dynamic credentials\n', 'Dynamic credentials: enabled for all new services.\n'),
      [],
    )
    assert.deepEqual(findingsOf('There are no dashboards for the payment service.\n', 'The payment service has its own dashboards.\n'), ['a:1/b:1 negation'])
  })

  it('compares two deadlines as values, and where a thing stays against where it moves', () => {
    assert.deepEqual(
      findingsOf(
        'every service on the new ingress by end of Q2, the old config deleted after that\n',
        'Target: every service moved to the new ingress by the end of Q3.\n',
      ),
      ['a:1/b:1 numeric'],
    )
    // An open bound and its complement at one value draw one line: "under 90 seconds" / "longer than 1.5 minutes is a bug".
    assert.equal(contradicts('The CI scan should finish in under 90 seconds', 'If the CI scan takes longer than a minute and a half, treat it as a bug'), false)
    assert.equal(contradicts('The CI scan should take at most 90 seconds', 'A CI scan over a minute and a half is a bug'), false)
    assert.ok(contradicts('The CI scan should finish in under 90 seconds', 'The CI scan may take up to 3 minutes'))
    // Two thresholds of two responses are two rules: a page at 100 and a ticket at 50; a page at 100 and a page at 50 are one.
    assert.equal(contradicts('Page the owning team once a prod DLQ exceeds 100 messages', 'ticket @ 50 msgs in any single prod dlq'), false)
    assert.ok(contradicts('Page the owning team once a prod DLQ exceeds 100 messages', 'page @ 50 msgs in any single prod dlq'))
    // A value called too short or too long is turned down: the claim asks for more, or for less.
    assert.ok(contradicts('quarterly is too long for a bot token', 'bot tokens: 90-day rotation'))
    assert.equal(contradicts('90 days for majors is too aggressive', '6 months lag on a major is fine for most stuff'), false)
    assert.equal(featurize('2 GB is too much storage for a cache').quantities[0].high, featurize('2 GB').quantities[0].high)
    // …but what recurs and is "too much churn" comes too often: it asks for a longer gap.
    assert.ok(contradicts('privileged prod roles must be reviewed monthly', 'keep a 90-day cycle for all roles - monthly is too much churn for mgrs'))
    // A setting's bare value ("burst: 50 for keys") meets a count of what it limits ("a burst of around 200 requests").
    assert.ok(contradicts('burst: 50 for keys', 'Every paid key should be able to send a burst of around 200 requests at once'))
    assert.equal(contradicts('burst: 200 for keys', 'Every paid key should be able to send a burst of around 200 requests at once'), false)
    // …and a count per thing meets one of that thing's: "5,000 rows per batch" / "batches of 20,000 rows".
    assert.ok(contradicts('in production, batches of 20,000 rows are a good default', 'no more than 5,000 rows per batch in production'))
    assert.equal(contradicts('in production, batches of 5,000 rows are a good default', 'no more than 5,000 rows per batch in production'), false)
    // A noun that names a property of the word before it ("info retention", "dlq retention") is about that word.
    assert.ok(contradicts('INFO logs are retained for 30 days in hot storage', 'info retention: 7d hot, then gone'))
    assert.ok(contradicts('Keep DLQ messages for 14 days', 'dlq retention 7d max'))
    assert.equal(contradicts('Keep DLQ messages for 14 days', 'dlq retention 14d max'), false)
    // Retries, attempts and "retried N times" count one thing.
    assert.ok(contradicts('A message should be retried up to 5 times before it is moved to the DLQ', 'max 3 attempts then → dlq'))
    assert.equal(contradicts('A message should be retried up to 3 times before it goes to the DLQ', 'max 3 retries then → dlq'), false)
    // A default and a value for one named thing it does not name: the one overrides the other.
    assert.equal(contradicts('timeout-minutes: 30 as default on every job', 'The e2e job overrides it to 45 minutes'), false)
    assert.ok(contradicts('timeout-minutes: 30 as default on every job', 'job timeouts should be 45 minutes'))
    assert.equal(
      contradicts('Default scrape_timeout: 10s, set once in the global block', 'Blackbox probes against partner endpoints need scrape_timeout: 25s'),
      false,
    )
    // A label of savings names a change ("Expected savings …: about $20k a month" / "the migration saves $60k a year").
    assert.ok(contradicts('Expected savings from the storage migration: about $20k a month', 'I reckon the migration saves around $60k a year'))
    assert.equal(contradicts('Expected savings from the storage migration: about $5k a month', 'I reckon the migration saves around $60k a year'), false)
    // How a count is taken narrows nothing ("max 2 jobs running at once" / "6 parallel jobs")…
    assert.ok(contradicts('per-repo concurrency: max 2 jobs running at once', 'per-repo concurrency cap: 6 parallel jobs'))
    // …and a lifetime and a duration of one thing are one value.
    assert.ok(contradicts('service certs: max lifetime 48h', 'service certs (internal mTLS): 2 week duration'))
    // A deadline against an earliest date, whatever other dates either claim names.
    assert.ok(
      contradicts(
        'limiter enforcing in prod by june 30, before the audit window opens on july 15',
        'prod enforcement no earlier than mid-july, the gateway upgrade has to land first',
      ),
    )
    // How often, against how often: "rotated every 60 days, the old key left … for one week" sets one period.
    assert.deepEqual(
      findingsOf(
        'The CA signing key should be rotated every 60 days, with the old public key left in the trust store for one week.\n',
        'The CA signing key gets rotated annually, aligned with the root rotation in January.\n',
      ),
      ['a:1/b:1 numeric'],
    )
    // Of several values the one with the other's anchor is the one in dispute: "pg weekly, redis weekly" is redis's too.
    assert.deepEqual(findingsOf('redis: daily restore of every instance, the files are small\n', 'pg weekly, redis weekly, all dbs in scope\n'), [
      'a:1/b:1 numeric',
    ])
    assert.equal(featurize('full suite every other week').quantities[0].high, 14 * 86_400)
    // A requirement waived in a first clause, the reason after it.
    assert.deepEqual(
      findingsOf('The break-glass credential must be rotated after every use.\n', 'no need to rotate after each use, too much churn for the 2am case\n'),
      ['a:1/b:1 modality'],
    )
    // A runtime is a property of what runs; a log and an event are one kind of record.
    assert.ok(contradicts('No single migration may take longer than 5 minutes end to end', 'we cap migration runtime at 15 minutes'))
    assert.ok(contradicts('raw probe results: keep 13 months in s3', 'raw probe data only needs to be retained for 90 days'))
    // "at least every 5 minutes" is at least that often: a gap of at most 5 minutes.
    assert.equal(featurize('Sessions should be snapshotted at least every 5 minutes').quantities[0].high, 300)
    assert.ok(contradicts('Sessions: RDB only, every 15 minutes', 'Sessions should be snapshotted at least every 5 minutes'))
    // A note opened by "max" bounds the value after it: "max wallclock per job 2 days".
    assert.ok(contradicts('Maximum job duration is 72 hours', 'max wallclock per job 2 days, hard kill after'))
    assert.equal(contradicts('Maximum job duration is 48 hours', 'max wallclock per job 2 days, hard kill after'), false)
    // "put a size cap on exports" imposes a cap; it places nothing, so it denies no placement.
    assert.deepEqual(findingsOf('Exports must be generated and stored in the tenant home region.\n', 'We should not put a size cap on exports.\n'), [])
    // "1 min sliding window" is about the window, not the commands before it.
    assert.equal(featurize('per user: 30 cmds/min, 1 min sliding window').quantities.find((q) => q.kind === 'duration')?.anchor, 'window')
    // A total holds the smaller figure of a part: "18 people across 5 rotations" / "the sre rotation = 4 people".
    assert.equal(contradicts('18 people across 5 rotations (sre, platform, data, payments, edge)', 'the sre rotation has 4 people'), false)
    assert.ok(contradicts('18 people in the sre rotation', 'the sre rotation has 4 people'))
    // An overall timeout and a per-try one are two settings; so are a validity and a warning before expiry…
    assert.equal(contradicts('The edge gateway keeps an overall timeout of 10 s', 'pricing Per-try timeout: 2 s'), false)
    assert.equal(contradicts('Its certificates are valid for 90 days', 'page if any cert is < 2 weeks from expiry'), false)
    // …and the window a count is taken in is no duration of anything, unless both are such windows.
    assert.equal(contradicts('Quarantine: 3 flakes in 14 days', 'most flakes get fixed in 3-4 days'), false)
    assert.ok(contradicts('Quarantine: 3 flakes in 14 days', 'quarantine only at 5+ flakes in a week'))
    // "10m nothing shorter" bounds the value from below; it negates nothing.
    assert.equal(featurize('page rules: for: 10m nothing shorter').negations, 0)
    assert.equal(featurize('page rules: for: 10m nothing shorter').quantities[0].low, 600)
    // A short pick of one option over another asserts it; a claim that leaves the choice open takes no side.
    assert.ok(contradicts('Recommendation: adopt Linkerd rather than Istio for the first rollout', 'istio, not linkerd'))
    assert.deepEqual(
      findingsOf('- issuing CA backend: step-ca or AWS PCA, honestly dont care which, as long as the root stays offline\n', '- step-ca self-hosted, not PCA\n'),
      [],
    )
    assert.deepEqual(findingsOf('- istio, not linkerd\n', '- Recommendation: adopt Linkerd rather than Istio for the first rollout.\n'), ['a:1/b:1 choice'])
    // A member a rule names as covered ("hotfixes included") pulls toward no pole; the word is what both speak of.
    assert.equal(
      featurize('Every change, hotfixes included, must pass the security review first.', signalIndex(catalog)).poles.has('speed-vs-security:0'),
      false,
    )
    // "three quarters of changed lines" is 75% of them; "a quarter of an hour" stays a time.
    assert.equal(normaliseNumbers('I would set the bar at three quarters of changed lines'), 'I would set the bar at 75% of changed lines')
    assert.equal(normaliseNumbers('a quarter of an hour'), '0.25 hour')
    assert.ok(contradicts('80% on new/changed lines, generated code excluded', "I'd set the bar at three quarters of changed lines"))
    // A bound word names no thing ("cap $6k/yr per sandbox acct" is the account's), and "acct" is an account.
    assert.ok(contradicts('cap $6k/yr per sandbox acct, hard stop via budget action', 'Sandbox accounts get a hard limit of $250 per month.'))
    // Two rows of one column, as a table is read: "inventory reads Route timeout: 1 s" / "pricing Route timeout: 5000 ms".
    assert.equal(contradicts('inventory reads Route timeout: 1 s', 'pricing Route timeout: 5000 ms'), false)
    assert.ok(contradicts('other security updates: 14 days', 'os security updates: 21d deadline'))
    // (The default must be the value's own: "api 1gb cap, ttl 15 min default" caps memory at 1 GB, default or not.)
    assert.ok(contradicts('Production API: set maxmemory to 2 GB', 'api 1gb cap, ttl 15 min default, rdb may go'))
    // Two kinds of one setting: a hard and a soft threshold, a hot and a warm tier.
    assert.deepEqual(findingsOf('hard eviction: nodefs.available<10%\n', 'soft evict at 12% free nodefs\n'), [])
    assert.equal(contradicts('Logs: 1 replica on the hot tier', 'logs warm: 0 replicas'), false)
    // What a label names is what its one value belongs to: "Nightly export: activeDeadlineSeconds: 3600 (one hour)".
    assert.ok(contradicts('Nightly export: activeDeadlineSeconds: 3600 (one hour)', 'Cap the nightly export at 45 minutes'))
    assert.equal(contradicts('Latency: p99 above 800 ms for 5 minutes', 'Gold contracts promise p95 latency under 500 ms, measured monthly'), false)
    // (A label of time names no thing.)
    assert.equal(
      contradicts(
        'today: rollouts are manual, someone eyeballs grafana for ~20 min then clicks promote',
        'each checkout rollout today takes about 90 min end to end',
      ),
      false,
    )
    // One of many against all of them together.
    assert.equal(contradicts('largest pg backup = orders-db, ~400GB compressed', 'all pg backups together ~1.5TB in minio'), false)
    assert.ok(contradicts('internal tier = 4 stratum-2 servers, 2 per dc', 'internal tier: 3 servers total'))
    // A smaller count that leaves some out is a part of the larger one.
    assert.equal(contradicts('12 pg dbs in prod total, 4 redis instances', '9 pg dbs in v1, small internal ones excluded'), false)
    assert.ok(contradicts('12 pg dbs in prod total, 4 redis instances', '9 pg dbs in prod total'))
    // Values of two settings each claim names and the other never does.
    assert.equal(contradicts('imageMinimumGCAge stays default 2m', "don't touch evictionPressureTransitionPeriod (5m default ok)"), false)
    assert.ok(contradicts('imageMinimumGCAge stays default 2m', 'raise imageMinimumGCAge to 5m'))
    // Values for two severities: "Critical fixes" / "High findings", "P1" / "P2"; one severity both name is one value.
    assert.equal(
      contradicts('Critical fixes for running images must be deployed within 72 hours', 'High findings in running images should be fixed within 30 days'),
      false,
    )
    assert.equal(contradicts('Engineering must acknowledge a P1 escalation within 15 minutes', 'P2: engineering engaged within 4 hours'), false)
    assert.ok(contradicts('Engineering must acknowledge a P1 escalation within 15 minutes', 'sev1: engineering acknowledges within an hour'))
    // Two periods on either side of one event: "7 days after cutover" / "two weeks before the cutover".
    assert.equal(contradicts('keep the old primary read-only 7 days after cutover', 'Run dual writes for two weeks before the cutover'), false)
    assert.ok(contradicts('keep the old primary read-only 7 days after cutover', 'keep the old primary for two weeks after the cutover'))
    // A part of a month is meant loosely: "by mid-March" and "by 15 March" are one deadline, "by 1 May" another.
    assert.equal(contradicts('Tier-1 jobs must be covered by mid-March', 'tier-1 jobs must be heartbeating by 15 March'), false)
    assert.ok(contradicts('Tier-1 jobs must be covered by mid-March', 'tier-1 jobs must be heartbeating by 1 May'))
    assert.deepEqual(findingsOf('billing stays on the old cluster for now\n', 'Billing moves to the new cluster as well.\n'), ['a:1/b:1 antonym'])
    // A place both name is not a thing both move: "the batch jobs stay on Jenkins" / "moving our CI from Jenkins".
    assert.deepEqual(findingsOf('The batch jobs stay on Jenkins.\n', 'This is a plan for moving our CI from Jenkins to Actions.\n'), [])
  })

  it('reads a bound by what it bounds, and a weekday against another in one situation', () => {
    assert.ok(contradicts('The autoscaler ceiling should be 40 nodes.', 'Autoscaler: max of 55 nodes.'))
    assert.equal(contradicts('The autoscaler ceiling should be 40 nodes.', 'staging: 6 nodes, stays as is'), false)
    assert.ok(contradicts('The release train leaves on Tuesday mornings.', 'We cut the release on Thursdays.'), 'a weekly event on two days')
  })

  it("reads a number as measuring the words of its own clause, its label or the claim's subject", () => {
    // "rate" is another clause's word on each side: the canary's length and the outage's are two things.
    assert.equal(
      contradicts(
        'canary for exceptions: 10% traffic for 15 min, watch grafana err rate + p99',
        'traefik rate-limit tweak (config-only!) -> 40 min partial outage on api gw, 23 dec',
      ),
      false,
    )
    assert.equal(
      contradicts(
        'Criticals in images already running in production get a 3-day SLA from detection to deploy.',
        'Digest pins everywhere in prod, refreshed by Renovate weekly.',
      ),
      false,
    )
    // A clause that is only the value measures what the label before it names.
    assert.ok(contradicts('Rotate the static passwords every 30 days.', 'Rotation period for static passwords: 90 days.'))
    assert.ok(contradicts('The grace period for missed runs is 30 minutes.', 'missed runs: grace period at most 10 min'))
    // …and so does any short verbless lead before a colon.
    assert.ok(contradicts('Log search: p95 < 2 s for queries over the last 24 hours.', 'log queries (24h window): p95 < 5s is fine'))
  })

  it('reads settings by their whole name, how often apart from how long, and a task given to someone as no position', () => {
    // Two settings that share a word ("group_wait" / "group_interval") are two things; one under two spellings is one.
    assert.equal(contradicts('group_wait 30s is fine', 'group_interval: 5m'), false)
    assert.ok(contradicts('dynamic creds: max_ttl 4h hard cap', 'the reconciliation role needs a max TTL of at least 8 hours'))
    // "nightly" says how often, "a 30 minute token" how long; a period named as such is compared ("rotation period").
    assert.equal(contradicts('The WAL has to be shipped at least once a minute.', 'Tier 1 gets an RPO of 15 minutes.'), false)
    assert.ok(contradicts('Rotate the static passwords every 30 days.', 'Rotation period for static passwords: 90 days.'))
    // "ruth: list jobs …", "all: load test …": tasks given to a participant or everyone are not the writer's claims.
    assert.deepEqual(findingsOf('b: list the jobs that hold credentials longer than 1h\n', 'Credentials live for 1 hour at most.\n'), [])
    assert.deepEqual(findingsOf('all: load test the consumer before cutover\n', 'We have not load-tested the consumer.\n'), [])
    // …and so is a question to put to someone; "asking for" states a position.
    assert.deepEqual(findingsOf('- ask vendor re: december\n', '- vendor rate 0.12 eur/word (their quote from march)\n'), [])
    // A topic label is not an addressee: "AI:" opens a claim about AI.
    assert.equal(findingsOf('AI: generated code must not go into the payment service\n', 'Generated code can go into the payment service.\n').length, 1)
  })

  it('finds two claims that each pick what the other turns down, and one turning down what the other picks by name', () => {
    assert.ok(contradicts('The quota is per tenant, not per cluster.', 'Quotas must apply per cluster, not per tenant.'))
    // (Here the negation reading finds it first; the choice reading is what catches it when the sentences share less.)
    const named = findingsOf(
      'Keep the release artifacts in S3 in a second region, not on the Nexus server.\n',
      'Use the Nexus server as the primary store for release artifacts.\n',
    )
    assert.equal(named.length, 1)
    assert.match(named[0], /^a:1\/b:1 (choice|negation)$/)
    // One common noun turned down ("by the archive schema, not by backups") is met everywhere: no finding.
    assert.deepEqual(findingsOf('Old rows are handled by the archive job, not by backups.\n', 'Backups run every night at 01:00.\n'), [])
  })

  it('reads a constant given to one setting two ways, "a 429" as a status and "auto-retry" as retrying automatically', () => {
    assert.ok(contradicts('Compatibility: set subject compatibility to BACKWARD.', 'compat mode must be FULL_TRANSITIVE, no exceptions'))
    // The same constant on both sides, or two settings with nothing in common, are no dispute.
    assert.equal(contradicts('log level: DEBUG in staging', 'log level: INFO in production'), false)
    assert.equal(contradicts('cleanup policy: COMPACT', 'compression type must be ZSTD'), false)
    assert.ok(contradicts('Clients must NOT auto-retry 429s.', 'I would like our clients to retry a 429 automatically.'))
    assert.equal(contradicts('We need a 500 GB disk for the cache.', 'The cache disk should stay at 200 GB.'), true, 'a size, not a status')
  })

  it('reads "600s" as seconds, a time as no actor, and "the whole test" as the test', () => {
    assert.ok(contradicts('the search page TTL is 600s', 'The search page TTL must be 2 minutes.'))
    // "each week's merges are covered" names no one who merges against "nothing merges except sev1 fixes".
    assert.deepEqual(
      findingsOf("so that each week's merges are covered before the next batch lands\n", 'nothing merges after the freeze except sev1 fixes\n'),
      [],
    )
    assert.ok(contradicts('The error rate must stay under 0.1% for the whole test.', 'during a load test anything under 1% errors is a pass'))
  })

  it('reads a table cell as a claim named by its row and column, and "half a second" as 500 ms', () => {
    assert.deepEqual(
      findingsOf(
        'Starting budgets:\n\n| Endpoint | p95 | p99 |\n|---|---|---|\n| /checkout | 300 ms | 800 ms |\n',
        'checkout p99 must stay below half a second\n',
      ),
      ['a:5/b:1 numeric'],
    )
  })

  it('reads an owner or approver label as giving the thing to the actor after it', () => {
    assert.ok(contradicts('The DBA team should own the restore drills.', 'Owner: the SRE on-call runs the restore drills.'))
    assert.ok(contradicts('The platform team owns the schema registry and its schema changes.', 'schema approvals = order-service team'))
    // The same actor under the label is no dispute.
    assert.equal(contradicts('The DBA team should own the restore drills.', 'Owner: the DBA team runs the restore drills.'), false)
  })

  it('reads "a warning, not a blocker" against "must block", and "msg" as message', () => {
    assert.ok(contradicts('A failed smoke test must block the deploy.', 'failed smoke test = a warning, not a blocker'))
    assert.equal(contradicts('A failed smoke test must block the deploy.', 'a flaky smoke test is a nuisance, not a blocker, once it is quarantined'), false)
    assert.deepEqual(findingsOf('page at 10k messages of lag for every queue\n', 'never page on msg-count lag\n'), ['a:1/b:1 negation'])
  })

  it('splits a lower-camel-case setting into words, spells out eng/ack/maint/qtr/shld, and reads business days', () => {
    assert.ok(contradicts('Set minimumReleaseAge: "3 days" for all packages.', 'Release age: wait 7 days before any update.'))
    assert.ok(contradicts('Engineering must acknowledge a P1 escalation within 15 minutes.', 'eng ack on P1: 30 min'))
    // A past median against a target is a gap, not a dispute ("qtr" is a quarter).
    assert.equal(contradicts('Engineering must acknowledge a P1 escalation within 15 minutes.', 'last qtr median eng ack on P1 was 41 min'), false)
    assert.ok(contradicts('Bug fixes for P3 tickets: within 2 days.', 'P3 fixes shld take up to 5 business days'))
  })

  it('reads no past tense into a parenthesis, and gives a condition after a second predicate to that predicate', () => {
    assert.ok(contradicts('P2 (major feature broken, no workaround): resolution within 48 hours.', 'P2 resolution target shld be 5 business days'))
    assert.ok(contradicts('Lockfile maintenance should run every week and automerge when CI passes.', 'lockfile maint once a month max'))
    // A condition on the whole claim still sets it apart…
    assert.equal(contradicts('When CI is red, lockfile maintenance runs every week.', 'lockfile maintenance runs once a month'), false)
    // …unless the other claim names that situation in its own words ("when new commits are pushed" / "on push").
    assert.ok(contradicts('Stale approvals should be dismissed when new commits are pushed.', 'do NOT dismiss stale approvals on push'))
  })

  it('reads an acronym the tagger takes for a word ("CA" as "can", "IT" as "it") as a name, and shouted words as words', () => {
    const tagged = (text: string, norm: string) => featurize(text).tokens.find((t) => t.norm === norm)?.pos
    assert.equal(tagged('The CA key should be rotated every 90 days', 'ca'), 'PROPN')
    assert.equal(tagged('The IT team must approve it', 'it'), 'PROPN')
    assert.equal(tagged('pages must NOT be mirrored into the channel', 'not'), 'PART')
    assert.ok(contradicts('pages must NOT be mirrored into the alerts channel', 'pages are mirrored into the alerts channel'))
  })

  it('reads a rule to avoid, forbid, ban or omit something as a denial of it', () => {
    assert.equal(contradicts('Avoid internal hostnames in public status updates.', 'no internal hostnames in public status updates'), false)
    assert.ok(contradicts('Avoid internal hostnames in public status updates.', 'public status updates name the internal hostnames'))
    assert.ok(contradicts('Floating image tags are banned in production.', 'production uses floating image tags'))
  })

  it('reads a verb after a frequency adverb ("drift never pages anyone"), and a notes sentence that starts with a channel', () => {
    // The tagger reads "pages" as a plural noun: without a verb the note asserts nothing and is never compared.
    const never = featurize('drift never pages anyone')
    assert.equal(never.tokens.find((t) => t.norm === 'pages')?.pos, 'VERB')
    assert.ok(contradicts('drift never pages anyone', 'any prod drift -> page primary on-call'))
    // "… anyone. #deployments + ticket …" is two sentences: the second does not dilute the first.
    assert.deepEqual(
      extractClaims('- drift never pages anyone. #deployments + ticket on the board, fixed in business hours\n').map((c) => c.text),
      ['drift never pages anyone.', '#deployments + ticket on the board, fixed in business hours'],
    )
    assert.deepEqual(
      findingsOf('- drift never pages anyone. #deployments + ticket on the board, fixed in business hours\n', '- any prod drift → page primary on-call\n'),
      ['a:1/b:1 negation'],
    )
  })
})
