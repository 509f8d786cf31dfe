import {strict as assert} from 'node:assert'
import {mkdirSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {join} from 'node:path'

import {synthesisNotice} from '../../src/notify/notice.js'
import {khaos, ROOT, tempDir} from '../helpers/cli.js'
import {discordViolations, slackViolations, type StandIn, startStandIn} from '../support/webhook-stand-in.js'

const HOSTILE = [
  '@everyone look at this @here <@123456> <@&987> <!everyone> <!channel>',
  '**bold** __under__ ~~strike~~ `code` ```fence``` [link](https://evil.example/x) > quote # heading',
  `ESC \u001b[31mred\u001b[0m and a 10 kB line: ${'x'.repeat(10_000)}`,
].join('\n')

const CONFIG = `version: 1
channels:
  alerts: {type: discord, webhook_env: KHAOS_TEST_DISCORD}
  agents: {type: slack, webhook_env: KHAOS_TEST_SLACK}
  feed: {type: json, webhook_env: KHAOS_TEST_JSON}
routes:
  - {event: trial, channel: alerts, min_severity: high}
  - {event: trial, channel: feed}
  - {event: synthesis, channel: agents}
  - {event: synthesis, channel: alerts}
  - {event: message, channel: alerts}
  - {event: message, channel: agents}
  - {event: message, channel: feed}
notify: {timeout_seconds: 20, max_attempts: 4, max_backoff_seconds: 1}
`

const SEVERITIES = ['low', 'medium', 'high', 'critical']

function trialReport(count: number) {
  const findings = Array.from({length: count}, (_, i) => ({
    evidence: i % 7 === 0 ? HOSTILE : `image: redis:${i}`,
    family: 'network',
    file: `stack/compose-${i % 13}.yml`,
    fingerprint: `fp${i}`,
    line: i + 1,
    message: i % 5 === 0 ? `@everyone **fix** ${'y'.repeat(3000)}` : 'port published on all interfaces',
    severity: SEVERITIES[i % 4],
    trial: `F${(i % 36) + 1}`,
  }))
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]))
  return {
    findings,
    summary: {
      baselined: 0,
      bySeverity,
      errors: [],
      failOn: 'high',
      failed: true,
      filesScanned: 13,
      findings: count,
      generatedAt: '2026-01-01T00:00:00Z',
      notes: [],
      skipped: [],
      suppressed: [],
      target: 'stack',
      tool: {name: 'khaos', version: '0'},
      trials: [],
      unjustifiedSuppressions: [],
    },
  }
}

function synthesisResult(dir: string, count: number) {
  const contradictions = join(dir, 'contradictions_s1')
  mkdirSync(contradictions, {recursive: true})
  const claim = (i: number, who: string) => ({
    id: `c${i}`,
    line: i,
    occurrences: 1,
    participant: who,
    source: `${who}.md`,
    text: i % 3 === 0 ? HOSTILE : `We must ${i % 2 ? 'never' : 'always'} ship on Friday ${i}`,
  })
  const findings = Array.from({length: count}, (_, i) => ({
    a: claim(i, 'alice'),
    b: claim(i + 1, '@everyone'),
    evidence: 'negation',
    id: `f${i}`,
    kind: 'negation',
    score: 1 - i / count,
    subject: ['ship', `friday-${i}`],
  }))
  writeFileSync(join(contradictions, 'analysis.json'), JSON.stringify({findings, version: 1}))
  return {
    artifacts: {contradictions, fragment: 'f.dot', map: 'm.dot', record: 'r.yaml', summary: join(dir, 'SYNTHESIS_SUMMARY_s1.md')},
    findings: count,
    outDir: dir,
    recordId: 7,
    session: 's1',
    signed: false,
    stages: [],
    tensionsAtStake: [],
    timestamp: '2026-01-01T00:00:00Z',
    timestampSource: 'flag',
    topic: 'Speed @everyone **vs** security',
  }
}

describe('notify: khaos notify against the loopback stand-in webhook server', function () {
  this.timeout(120_000)
  let server: StandIn
  let work: ReturnType<typeof tempDir>
  let env: Record<string, string>

  beforeEach(async () => {
    server = await startStandIn()
    work = tempDir('khaos-notify-')
    writeFileSync(join(work.path, 'khaos.yaml'), CONFIG)
    env = {
      KHAOS_HOME: join(work.path, 'home'),
      KHAOS_TEST_DISCORD: server.url('discord'),
      KHAOS_TEST_JSON: server.url('json'),
      KHAOS_TEST_SLACK: server.url('slack'),
    }
  })

  afterEach(async () => {
    await server.close()
    work.cleanup()
  })

  const run = (args: string[], extra: Record<string, string> = {}) => khaos(['notify', ...args], {cwd: work.path, env: {...env, ...extra}})

  function expectAllWithinLimits(): void {
    assert.ok(server.received.length > 0, 'nothing reached the stand-in')
    for (const r of server.received) assert.deepEqual(r.violations, [], `${r.kind} payload`)
    assert.equal(server.accepted().length, server.received.length)
  }

  it('a trial run with 2,000 findings: every payload within the limits, the rest summarised with a pointer', async () => {
    writeFileSync(join(work.path, 'trial.json'), JSON.stringify(trialReport(2000)))
    const result = await run(['--from', 'trial.json'])
    assert.equal(result.exitCode, 0, result.stderr)
    expectAllWithinLimits()
    const discord = server.accepted().filter((r) => r.kind === 'discord')
    assert.ok(discord.length >= 1 && discord.length <= 3, `${discord.length} Discord messages`)
    const text = discord.map((r) => r.body).join('')
    // The Discord route takes only high and critical findings; what did not fit is counted, with the report named.
    assert.match(text, /more findings: see trial\.json/)
    assert.doesNotMatch(text, /"name":"LOW /)
    const json = server.accepted().find((r) => r.kind === 'json')!.json as {items: unknown[]; items_total: number}
    assert.equal(json.items_total, 2000)
    assert.match(result.stderr, /notice trial → alerts: delivered \d message/)
  })

  it('a synthesis with 500 findings and hostile notes: within the limits on Discord and Slack, nothing can ping', async () => {
    writeFileSync(join(work.path, 'synthesis.json'), JSON.stringify(synthesisResult(work.path, 500)))
    const result = await run(['--from', 'synthesis.json'])
    assert.equal(result.exitCode, 0, result.stderr)
    expectAllWithinLimits()
    assert.deepEqual([...new Set(server.accepted().map((r) => r.kind))].sort(), ['discord', 'slack'])
    const all = server
      .accepted()
      .map((r) => r.body)
      .join('\n')
    assert.ok(!all.includes('\u001b'))
    assert.doesNotMatch(all, /<!everyone>|<@123456>/)
    // Markdown from notes arrives escaped on Discord: literal, not formatting.
    assert.ok(
      server
        .accepted()
        .find((r) => r.kind === 'discord')!
        .body.includes('\\\\*\\\\*bold\\\\*\\\\*'),
    )
  })

  it('a message file full of @everyone, markdown and 10 kB lines goes to all three kinds within the limits', async () => {
    writeFileSync(join(work.path, 'notes.md'), `${HOSTILE}\n`.repeat(20))
    const result = await run(['--title', '@everyone **release**', '--message-file', 'notes.md'])
    assert.equal(result.exitCode, 0, result.stderr)
    expectAllWithinLimits()
    assert.deepEqual(
      server
        .accepted()
        .map((r) => r.kind)
        .sort(),
      ['discord', 'json', 'slack'],
    )
  })

  it('a 429 then success delivers exactly once', async () => {
    server.script({retryAfter: 0.3, status: 429})
    const result = await run(['--channel', 'alerts', '--title', 'deploy', '--message', 'v1 is live'])
    assert.equal(result.exitCode, 0, result.stderr)
    assert.deepEqual(
      server.received.map((r) => r.status),
      [429, 204],
    )
    assert.equal(server.accepted().length, 1)
    assert.ok(result.stderr.includes('waited out 1 rate limit'), result.stderr)
  })

  it('5xx answers are retried with backoff, then delivered once; a 4xx is not retried and says why', async () => {
    server.script({status: 502}, {status: 503})
    const ok = await run(['--channel', 'feed', '--title', 't', '--message', 'm'])
    assert.equal(ok.exitCode, 0, ok.stderr)
    assert.deepEqual(
      server.received.map((r) => r.status),
      [502, 503, 204],
    )
    server.script({status: 404})
    const refused = await run(['--channel', 'feed', '--title', 't', '--message', 'm'])
    assert.equal(refused.exitCode, 1)
    assert.match(refused.stderr, /channel feed: refused with 404: .*scripted 404/)
    assert.equal(server.received.length, 4)
  })

  it('an unreachable URL fails with exit 1 within the timeout, naming the channel and never the URL', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const {port: free} = probe.address() as {port: number}
        probe.close(() => resolve(free))
      })
    })
    writeFileSync(join(work.path, 'khaos.yaml'), CONFIG.replace('timeout_seconds: 20', 'timeout_seconds: 2'))
    const url = `http://127.0.0.1:${port}/discord/very-secret-token-xyz`
    for (const extra of [[], ['--json']]) {
      const result = await run(['--channel', 'alerts', '--title', 't', '--message', 'm', ...extra], {KHAOS_TEST_DISCORD: url})
      assert.equal(result.exitCode, 1)
      const said = result.stdout + result.stderr
      assert.match(said, /channel alerts: (timed out|could not deliver)/)
      assert.ok(!said.includes('very-secret-token-xyz'))
      assert.ok(!said.includes(String(port)))
    }
  })

  it('--dry-run prints the exact bodies that are sent, and sends nothing', async () => {
    writeFileSync(join(work.path, 'trial.json'), JSON.stringify(trialReport(60)))
    const dry = await run(['--from', 'trial.json', '--dry-run'], {KHAOS_TEST_DISCORD: '', KHAOS_TEST_JSON: '', KHAOS_TEST_SLACK: ''})
    assert.equal(dry.exitCode, 0, dry.stderr)
    assert.equal(server.received.length, 0)
    const bodies = dry.stdout.split('\n').filter((line) => line.startsWith('{'))
    assert.ok(bodies.length >= 2)
    const sent = await run(['--from', 'trial.json'])
    assert.equal(sent.exitCode, 0, sent.stderr)
    assert.deepEqual(
      server
        .accepted()
        .map((r) => r.body)
        .sort(),
      [...bodies].sort(),
    )
  })

  it('config problems are exit 2 with one line: missing variable, http to another host, unknown channel, bad schema', async () => {
    const missing = await run(['--channel', 'alerts', '--title', 't'], {KHAOS_TEST_DISCORD: ''})
    assert.equal(missing.exitCode, 2)
    assert.ok(missing.stderr.includes('channel alerts: environment variable KHAOS_TEST_DISCORD is not set'), missing.stderr)
    const plain = await run(['--channel', 'alerts', '--title', 't'], {KHAOS_TEST_DISCORD: 'http://example.com/api/webhooks/1/secret-abc'})
    assert.equal(plain.exitCode, 2)
    assert.ok(plain.stderr.includes('must be an https URL'), plain.stderr)
    assert.ok(!plain.stderr.includes('secret-abc'))
    const unknown = await run(['--channel', 'nope', '--title', 't'])
    assert.equal(unknown.exitCode, 2)
    writeFileSync(join(work.path, 'khaos.yaml'), 'version: 1\nchannels:\n  alerts: {type: teams, webhook_env: X}\n')
    const bad = await run(['--channel', 'alerts', '--title', 't'])
    assert.equal(bad.exitCode, 2)
    assert.match(bad.stderr.replace(/\s*\n ›\s*/g, ' '), /config .*khaos\.yaml: \/channels\/alerts\/type must be equal to one of the allowed values/)
  })
})

describe('notify: --notify on the commands that report', function () {
  this.timeout(180_000)
  let server: StandIn
  let work: ReturnType<typeof tempDir>
  let env: Record<string, string>
  before(async () => {
    server = await startStandIn()
    work = tempDir('khaos-notify-flag-')
    writeFileSync(
      join(work.path, 'khaos.yaml'),
      `version: 1
channels:
  alerts: {type: discord, webhook_env: T_DISCORD}
  agents: {type: slack, webhook_env: T_SLACK}
  dev-feed: {type: json, webhook_env: T_JSON}
routes:
  - {event: trial, channel: alerts, min_severity: high}
  - {event: synthesis, channel: agents}
  - {event: drill, channel: dev-feed}
  - {event: verify, channel: alerts, when: failure}
  - {event: verify, channel: dev-feed}
`,
    )
    env = {KHAOS_HOME: join(work.path, 'home'), T_DISCORD: server.url('discord'), T_JSON: server.url('json'), T_SLACK: server.url('slack')}
  })
  after(async () => {
    await server.close()
    work.cleanup()
  })

  const within = () => {
    for (const r of server.received) assert.deepEqual(r.violations, [], `${r.kind} payload`)
  }

  it('trial run, synthesize, drill progress and verify send to their routes, keeping their own output and exit code', async () => {
    const trial = await khaos(['trial', 'run', join(ROOT, 'trials', 'F02-runtime-socket', 'vulnerable'), '--no-report', '--json', '--notify'], {
      cwd: work.path,
      env,
    })
    assert.equal(trial.exitCode, 1, trial.stderr)
    assert.ok(JSON.parse(trial.stdout).findings.length > 0, 'stdout is still the JSON report')
    assert.match(trial.stderr, /notice trial → alerts: delivered 1 message/)
    const inputs = ['alice', 'bob', 'carol'].flatMap((p) => ['--input', join(ROOT, 'test', 'fixtures', 'synthesis', `${p}.md`)])
    const synthesis = await khaos(['synthesize', '--topic', 'Release cadence', ...inputs, '--no-sign', '--out', 'out', '--notify'], {cwd: work.path, env})
    assert.equal(synthesis.exitCode, 0, synthesis.stderr)
    assert.match(synthesis.stderr, /notice synthesis → agents: delivered/)
    const drill = await khaos(['drill', 'progress', '--notify'], {cwd: work.path, env})
    assert.equal(drill.exitCode, 0, drill.stderr)
    writeFileSync(join(work.path, 'a.txt'), 'a\n')
    assert.equal((await khaos(['keys', 'generate', '--name', 'n', '--no-passphrase'], {cwd: work.path, env})).exitCode, 0)
    assert.equal((await khaos(['notarize', 'a.txt', '--key', 'n', '--out', 'notary'], {cwd: work.path, env})).exitCode, 0)
    const verify = await khaos(['verify', 'notary', '--key', 'n', '--notify'], {cwd: work.path, env})
    assert.equal(verify.exitCode, 0, verify.stderr)
    assert.match(verify.stderr, /notice verify → alerts: not sent, sent on failure only/)
    within()
    assert.deepEqual(
      server.accepted().map((r) => r.kind),
      ['discord', 'slack', 'json', 'json'],
    )
  })

  it('a delivery failure turns a passing command into exit 1; KHAOS_NOTIFY_DRY_RUN prints instead of sending', async () => {
    const before = server.received.length
    server.script({status: 400})
    const failed = await khaos(['drill', 'progress', '--notify'], {cwd: work.path, env})
    assert.equal(failed.exitCode, 1)
    assert.match(failed.stderr, /channel dev-feed: refused with 400/)
    const dry = await khaos(['drill', 'progress', '--notify'], {cwd: work.path, env: {...env, KHAOS_NOTIFY_DRY_RUN: '1'}})
    assert.equal(dry.exitCode, 0, dry.stderr)
    assert.match(dry.stderr, /^# dev-feed \(json\) message 1\/1\n\{"description":"Passed 0 of \d+ drills/m)
    assert.equal(server.received.length, before + 1)
  })
})

describe('notify: the stand-in itself refuses what the platforms refuse', () => {
  it('flags an over-long Discord embed, a pingable mention and a Slack block overflow', () => {
    assert.equal(discordViolations({allowed_mentions: {parse: []}, embeds: [{description: 'x'.repeat(4097)}]}).length, 1)
    assert.equal(discordViolations({content: '@everyone'}).length, 2)
    assert.equal(slackViolations({blocks: Array.from({length: 51}, () => ({text: {text: 'a', type: 'plain_text'}, type: 'section'})), text: 'a'}).length, 1)
  })
})

describe('notify: what a synthesis notice says', () => {
  it('posts the main list, most confident first, and only counts the low-confidence appendix', () => {
    const claim = (who: string, text: string) => ({participant: who, text})
    const finding = (id: string, confidence: number, lowConfidence: boolean) => ({
      a: claim('ana', `${id} a`),
      b: claim('ben', `${id} b`),
      confidence,
      kind: 'numeric',
      lowConfidence,
      score: 0.8,
      subject: [id],
    })
    const result = {
      artifacts: {contradictions: 'c', summary: 's.md'},
      findings: 3,
      recordId: 7,
      session: 's',
      signed: false,
      timestamp: '2026-01-01T00:00:00Z',
      topic: 't',
    }
    const notice = synthesisNotice(result, [finding('low', 0.3, true), finding('fair', 0.64, false), finding('strong', 0.85, false)])
    assert.deepEqual(
      notice.items.map((i) => i.title),
      ['numeric: strong', 'numeric: fair'],
    )
    assert.match(notice.description, /2 contradiction\(s\) found \(1 more of low confidence in the summary's appendix\)/)
    assert.deepEqual(
      notice.facts.find((f) => f.name === 'low confidence'),
      {name: 'low confidence', value: '1'},
    )
    // Only low-confidence findings: nothing to warn about.
    assert.equal(synthesisNotice(result, [finding('low', 0.3, true)]).status, 'success')
  })
})
