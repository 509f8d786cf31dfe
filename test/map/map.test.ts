import {createHash} from 'node:crypto'
import assert from 'node:assert/strict'

import {groupDecisionPoints} from '../../src/map/decision-points.js'
import {buildFragment, type FragmentInput} from '../../src/map/fragment.js'
import {dotString, label, truncate, wrap} from '../../src/shared/dot.js'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {loadRecord, parseAnalysis} from '../../src/map/load.js'
import {tempDir} from '../helpers/cli.js'
import {INSERT_ANCHOR, mergeFragments, scanDot, starterMap} from '../../src/map/merge.js'
import {layoutSvg} from '../../src/shared/graphviz.js'
import {InputError} from '../../src/shared/errors.js'
import {HOSTILE, hasSystemDot, hostileInput, systemDot} from './fixtures.js'

const LONG_SENTENCE =
  'The p99 latency of the checkout service must stay under 200 ms, measured at the load balancer over five-minute windows, ' +
  "because every 100 ms above that costs us about one percent of conversions according to last spring's experiment."

const simple: FragmentInput = {
  findings: [
    {
      a: {line: 3, participant: 'alice', sentence: LONG_SENTENCE, source: 'alice.md', text: 'p99 must stay under 200 ms'},
      b: {line: 7, participant: 'bob', source: 'bob.md', text: 'p99 of 800 ms is fine'},
      confidence: 0.9,
      decisionPoint: {heading: 'P99 latency of the checkout service', key: 'latency|checkout'},
      explanation: 'p99 latency of the checkout service: under 200 ms vs 800 ms',
      id: 'f2',
      kind: 'numeric',
      scope: 'between',
      score: 0.91,
      subject: 'latency',
      tension: {id: 'T07', name: 'Speed vs safety', resolution: 'Set an SLO'},
    },
    {
      a: {participant: 'alice', text: 'We cache everything'},
      b: {participant: 'carol', text: 'We do not cache'},
      id: 'f1',
      kind: 'negation',
    },
    {
      a: {participant: 'dave', text: 'Backups are kept for 14 days'},
      b: {participant: 'erin', text: 'Certificates are renewed every 60 days'},
      confidence: 0.2,
      decisionPoint: {heading: 'Days', key: 'day'},
      id: 'f3',
      kind: 'numeric',
      lowConfidence: true,
    },
  ],
  participants: ['alice', 'bob'],
  record: {id: 'DAO-1', path: 'dao_record_s1.yaml', status: 'accepted', title: 'Caching'},
  session: 's1',
  topic: 'Cache or not?',
}

/** A DOT label's text as shown: escapes undone, wrapped lines joined. */
function labelText(block: string, nodeId: string): string {
  const m = new RegExp(`^\\s*"${nodeId.replace('.', '\\.')}" \\[label="((?:[^"\\\\]|\\\\.)*)"`, 'm').exec(block)
  assert.ok(m, `no node ${nodeId}`)
  return m[1].replace(/\\n/g, ' ').replace(/\\(.)/g, '$1')
}

/** Node statements and edge endpoints: every quoted id at the start of a statement line. */
function statementIds(block: string): string[] {
  const ids: string[] = []
  for (const line of block.split('\n')) {
    const m = /^\s*("[^"]*")(?: -> ("[^"]*"))?/.exec(line)
    if (m) ids.push(...[m[1], m[2]].filter(Boolean))
  }

  return ids
}

function countNodes(svg: string): number {
  return (svg.match(/class="node"/g) ?? []).length
}

describe('map: DOT escaping', () => {
  it('quotes, backslashes, newlines, angle brackets and ampersands cannot leave the string', () => {
    assert.equal(dotString('a"b'), '"a\\"b"')
    assert.equal(dotString('a\\b'), '"a\\\\b"')
    assert.equal(dotString('a\nb\r\nc'), '"a\\nb\\nc"')
    assert.equal(dotString('<x> & y'), '"&lt;x&gt; &amp; y"')
    assert.equal(dotString('bell\u0007'), '"bell\uFFFD"')
    for (const text of HOSTILE) {
      const quoted = dotString(text)
      // Inside the quotes, every `"` is preceded by an odd number of backslashes.
      const body = quoted.slice(1, -1)
      assert.doesNotMatch(body.replace(/\\\\/g, ''), /(^|[^\\])"/)
      assert.doesNotMatch(body, /[<>\n\r]/)
    }
  })

  it('truncates by code point and wraps long text', () => {
    assert.equal(truncate('😀😀😀', 2), '😀…')
    assert.equal(wrap('aaa bbb ccc', 7), 'aaa bbb\nccc')
    assert.equal(wrap('x'.repeat(10), 4), 'xxxx\nxxxx\nxx')
    assert.ok(label('y'.repeat(10_000)).length < 200)
  })
})

describe('map: fragment', () => {
  it('shows decision points and who holds which position: participant → position → decision point', () => {
    const fragment = buildFragment(simple)
    assert.deepEqual(fragment.counts, {decisionPoints: 2, edges: 17, findings: 2, nodes: 12, participants: 3, positions: 4, tensions: 1})
    assert.match(fragment.block, /^ {2}\/\/ khaos:session s1 begin\n {2}subgraph "cluster_s1" \{/)
    assert.match(fragment.block, /\/\/ khaos:session s1 end\n$/)
    // Best first: the latency point (confidence 0.9), then the one from an older analysis, named by its kind.
    assert.match(
      labelText(fragment.block, 's1.d1'),
      /^P99 latency of the checkout service \(between alice, bob\) p99 latency of the checkout service: under 200 ms vs 800 ms To decide: Which position/,
    )
    assert.match(labelText(fragment.block, 's1.d2'), /^Negation disagreement \(between alice, carol\)/)
    // People and tensions are shared across sessions: their ids are a digest of the name, not of the session.
    const person = (name: string) => `"person.${createHash('sha256').update(name).digest('hex').slice(0, 16)}"`
    const tension = (id: string) => `"tension.${createHash('sha256').update(id).digest('hex').slice(0, 16)}"`
    assert.ok(fragment.block.includes(`${person('alice')} -> "s1.d1q1" [label="holds"`))
    assert.match(fragment.block, /"s1\.d1q1" -> "s1\.d1" \[label="position on"\]/)
    assert.ok(fragment.block.includes(`${person('bob')} -> "s1.d1q2" [label="holds"`))
    assert.ok(fragment.block.includes(`"s1.d1" -> ${tension('T07')} [label="tension"]`))
    assert.match(fragment.block, /"s1\.d2" -> "s1\.record" \[label="open in"\]/)
    assert.ok(fragment.block.includes(`${person('carol')} [label="carol"`), 'a participant named only in a claim gets a node')
    // …outside the session's cluster, so that it is one node across sessions.
    assert.ok(fragment.block.indexOf(`${person('carol')} [label`) > fragment.block.lastIndexOf('\n  }\n'))
    // The full sentence, wrapped but not cut; the low-confidence finding stays off the map.
    assert.equal(labelText(fragment.block, 's1.d1q1'), `alice: “${LONG_SENTENCE}” — alice.md:3`.replace(/\s+/g, ' '))
    assert.doesNotMatch(fragment.block, /Backups|dave|…/)
    assert.ok(fragment.dot.includes(fragment.block))
  })

  it('is deterministic and independent of the order findings arrive in', () => {
    const again = buildFragment({...simple, findings: [...simple.findings!].reverse()})
    assert.equal(again.dot, buildFragment(simple).dot)
  })

  it('says so when no contradiction was found', () => {
    const fragment = buildFragment({session: 'quiet', topic: 'nothing to see'})
    assert.match(fragment.block, /"quiet\.none" \[label="No decision point: no contradiction found"/)
    assert.equal(fragment.counts.findings, 0)
  })

  it('refuses an unsafe session id', () => {
    assert.throws(() => buildFragment({session: '../x', topic: 't'}), InputError)
    assert.throws(() => buildFragment({session: 'a"b', topic: 't'}), InputError)
  })

  it('node ids never contain user text', () => {
    const fragment = buildFragment(hostileInput())
    const ids = statementIds(fragment.block)
    assert.ok(ids.length > 20)
    for (const id of ids) assert.match(id, /^"(hostile-1\.(topic|none|record|d\d+(q\d+)?)|(person|tension)\.[0-9a-f]{16})"$/)
  })

  it('hostile strings cannot break the DOT: the WebAssembly Graphviz parses it with exactly the expected nodes', async () => {
    const fragment = buildFragment(hostileInput())
    const {svg} = await layoutSvg(fragment.dot, {name: 'hostile'})
    assert.equal(countNodes(svg), fragment.counts.nodes)
    assert.equal((svg.match(/class="edge"/g) ?? []).length, fragment.counts.edges)
    assert.doesNotMatch(svg, /<script/i)
    assert.match(svg, /&lt;script&gt;/)
    assert.match(svg, /😀/)
  })

  it('hostile strings cannot break the DOT: the system dot parses it too', function () {
    if (!hasSystemDot()) this.skip()
    const fragment = buildFragment(hostileInput())
    const result = systemDot(fragment.dot)
    assert.equal(result.status, 0, result.stderr)
    assert.equal(countNodes(result.stdout), fragment.counts.nodes)
    assert.doesNotMatch(result.stdout, /<script/i)
  })
})

describe('map: merge', () => {
  const userMap = [
    '// my notes: "// khaos:session fake begin" in a comment is not a marker',
    'digraph "mine" {',
    '  /* a block comment',
    '// khaos:session inside-comment begin',
    '  */',
    '  idea [label="a string with',
    '// khaos:session inside-string begin',
    'in it"];',
    '  html [label=<<b>bold</b> -&gt; {>];',
    '  idea -> html;   # trailing spaces   ',
    '}',
    '// after the graph',
    '',
  ].join('\n')

  it('the scanner ignores braces and markers inside strings, escapes, HTML labels and comments', async () => {
    const tricky = [
      'graph g {',
      '# 1 "preprocessor line with { brace"',
      '  a [label="escaped \\" quote {',
      '// khaos:session q begin',
      '  and a backslash-newline \\',
      '// khaos:session q end',
      '"];',
      '  b [label=<<table><tr><td>{ } "</td></tr></table>>];',
      '  a -- b; /* { // khaos:session z begin */',
      '}',
      '',
    ].join('\n')
    const scan = scanDot(tricky, 'tricky.dot')
    assert.deepEqual(scan.blocks, [])
    assert.equal(scan.closeBrace, tricky.lastIndexOf('}'))
    await layoutSvg(tricky, {name: 'tricky'})
    assert.equal(scan.directed, false)
    const fragment = [{name: 'f', text: buildFragment({session: 'n', topic: 't'}).dot}]
    assert.throws(() => mergeFragments(tricky, 'tricky.dot', fragment), /tricky\.dot: is an undirected graph/)
    const directed = tricky.replace('graph g {', '/* graph */ strict digraph "graph" {').replace('a -- b', 'a -> b')
    assert.equal(scanDot(directed, 'd').directed, true)
    const merged = mergeFragments(directed, 'd', fragment)
    assert.deepEqual(merged.added, ['n'])
    await layoutSvg(merged.text, {name: 'merged tricky'})
  })

  it('the starter map is valid DOT with an insert anchor', async () => {
    const starter = starterMap()
    assert.ok(starter.includes(INSERT_ANCHOR))
    await layoutSvg(starter, {name: 'starter'})
    assert.deepEqual(scanDot(starter, 'starter').blocks, [])
  })

  it('adds a session, then replaces it in place instead of duplicating it (idempotent)', () => {
    const s1 = buildFragment(simple)
    const s2 = buildFragment({session: 's2', topic: 'second'})
    const once = mergeFragments(starterMap(), 'map', [
      {name: 'f1', text: s1.dot},
      {name: 'f2', text: s2.dot},
    ])
    assert.deepEqual(once.added, ['s1', 's2'])
    const twice = mergeFragments(once.text, 'map', [{name: 'f1', text: s1.dot}])
    assert.equal(twice.text, once.text)
    assert.deepEqual(twice.unchanged, ['s1'])
    const changed = buildFragment({...simple, topic: 'Cache or not? (revised)'})
    const third = mergeFragments(once.text, 'map', [{name: 'f1', text: changed.dot}])
    assert.deepEqual(third.replaced, ['s1'])
    assert.equal(third.text.split('khaos:session s1 begin').length, 2, 'exactly one s1 block')
    assert.ok(third.text.indexOf('s1 begin') < third.text.indexOf('s2 begin'), 's1 keeps its place before s2')
    assert.ok(third.text.includes('(revised)'))
  })

  it('keeps everything a person wrote outside the khaos blocks byte for byte', () => {
    const s1 = buildFragment(simple)
    const merged = mergeFragments(userMap, 'mine.dot', [{name: 'f', text: s1.dot}])
    assert.deepEqual(merged.added, ['s1'])
    // Removing the inserted block gives back the original text exactly.
    assert.equal(merged.text.replace(s1.block, ''), userMap)
    const updated = buildFragment({...simple, topic: 'changed'})
    const again = mergeFragments(merged.text, 'mine.dot', [{name: 'f', text: updated.dot}])
    assert.equal(again.text.replace(updated.block, ''), userMap)
  })

  it('the merged map parses with Graphviz', async function () {
    const merged = mergeFragments(userMap, 'mine.dot', [
      {name: 'f', text: buildFragment(hostileInput()).dot},
      {name: 'g', text: buildFragment(simple).dot},
    ])
    const {svg} = await layoutSvg(merged.text, {name: 'merged'})
    assert.ok(countNodes(svg) > 20)
    if (hasSystemDot()) assert.equal(systemDot(merged.text).status, 0)
  })

  it('inserts before the closing brace when there is no anchor, and above the anchor when there is one', () => {
    const block = buildFragment({session: 'n', topic: 't'}).block
    assert.equal(mergeFragments('digraph{a}\n', 'm', [{name: 'f', text: block}]).text, `digraph{a\n${block}}\n`)
    const anchored = `digraph {\n  ${INSERT_ANCHOR}\n  user;\n}\n`
    assert.equal(mergeFragments(anchored, 'm', [{name: 'f', text: block}]).text, `digraph {\n${block}  ${INSERT_ANCHOR}\n  user;\n}\n`)
  })

  const badMaps: Array<[string, string, RegExp]> = [
    ['begin without end', 'digraph {}\n// khaos:session a begin\n', /session a has no "end" marker/],
    ['end without begin', 'digraph {\n// khaos:session a end\n}\n', /without its "begin"/],
    ['nested', 'digraph {\n// khaos:session a begin\n// khaos:session b begin\n// khaos:session b end\n// khaos:session a end\n}\n', /inside session a/],
    ['mismatched', 'digraph {\n// khaos:session a begin\n// khaos:session b end\n}\n', /"end" of session b but session a is open/],
    ['duplicate', 'digraph {\n// khaos:session a begin\n// khaos:session a end\n// khaos:session a begin\n// khaos:session a end\n}\n', /appears twice/],
    ['malformed', 'digraph {\n// khaos:session a started\n}\n', /malformed khaos marker/],
    ['unsafe id', 'digraph {\n// khaos:session ../x begin\n// khaos:session ../x end\n}\n', /invalid session id/],
    ['unbalanced braces', 'digraph {\n// khaos:session a begin\n}\n// khaos:session a end\n', /do not balance/],
    ['unterminated string', 'digraph {\n a [label="x];\n}\n', /unterminated quoted string/],
  ]
  for (const [name, text, message] of badMaps) {
    it(`refuses a map with ${name} markers, naming the line`, () => {
      assert.throws(
        () => mergeFragments(text, 'bad.dot', [{name: 'f', text: buildFragment(simple).dot}]),
        (error: Error) => {
          assert.ok(error instanceof InputError)
          assert.match(error.message, /^bad\.dot:\d+: /)
          assert.match(error.message, message)
          return true
        },
      )
    })
  }

  it('refuses a fragment whose block would unbalance the map, one without a block, and a session given twice', () => {
    const evil = '// khaos:session evil begin\n  } digraph x {\n// khaos:session evil end\n'
    assert.throws(() => mergeFragments(starterMap(), 'm', [{name: 'evil.dot', text: evil}]), /evil\.dot:2: .*do not balance|evil\.dot:\d+: unbalanced/)
    assert.throws(() => mergeFragments(starterMap(), 'm', [{name: 'plain.dot', text: 'digraph { a }'}]), /plain\.dot: no khaos session block/)
    const s1 = buildFragment(simple).dot
    assert.throws(
      () =>
        mergeFragments(starterMap(), 'm', [
          {name: 'a.dot', text: s1},
          {name: 'b.dot', text: s1},
        ]),
      /session s1 is in both a\.dot and b\.dot/,
    )
  })
})

describe('map: analysis loader', () => {
  it('reads findings loosely and names the bad field', () => {
    const ok = parseAnalysis(JSON.stringify({extra: 1, findings: [{a: {text: 'x'}, b: {line: 2, text: 'y'}, id: 7, kind: 'k', tension: null}]}), 'a.json')
    assert.deepEqual(ok.findings[0], {
      a: {line: undefined, participant: undefined, source: undefined, text: 'x'},
      b: {line: 2, participant: undefined, source: undefined, text: 'y'},
      id: '7',
      kind: 'k',
      score: undefined,
      subject: undefined,
      tension: undefined,
    })
    assert.throws(() => parseAnalysis('{', 'a.json'), /a\.json: not valid JSON/)
    assert.throws(() => parseAnalysis('[]', 'a.json'), /a\.json: \(top level\): expected an object/)
    assert.throws(
      () => parseAnalysis('{"findings":[{"id":"1","kind":"k","a":{"text":1.5e400},"b":{"text":"y"}}]}', 'a.json'),
      /findings\[0\]\.a\.text: expected a string/,
    )
    assert.throws(() => parseAnalysis('{"findings":[{"id":"1","kind":"k","a":{"text":"x"}}]}', 'a.json'), /findings\[0\]\.b: expected an object/)
    assert.throws(
      () => parseAnalysis('{"findings":[{"id":"1","kind":"k","a":{"text":"x"},"b":{"text":"y"},"tension":{"id":"T"}}]}', 'a.json'),
      /findings\[0\]\.tension\.name/,
    )
  })

  it('reads the version 2 fields: sentence, scope, confidence, explanation, decision point, agreements', () => {
    const claim = (text: string, who: string) => ({line: 3, participant: who, sentence: `${text}, as written.`, source: `${who}.md`, text})
    const v2 = {
      agreements: [
        {
          claims: [claim('15 minutes', 'a'), claim('a quarter of an hour', 'b')],
          decisionPoint: {heading: 'Escalation', key: 'esc'},
          explanation: '15 min = 15 min',
          id: 'g1',
        },
      ],
      findings: [
        {
          a: claim('x', 'a'),
          b: claim('y', 'a'),
          confidence: 0.4,
          decisionPoint: {heading: 'H', key: 'k'},
          explanation: 'why',
          id: 'f',
          kind: 'numeric',
          lowConfidence: true,
          scope: 'internal',
        },
      ],
      version: 2,
    }
    const loaded = parseAnalysis(JSON.stringify(v2), 'a.json')
    assert.deepEqual(
      {...loaded.findings[0], a: undefined, b: undefined},
      {
        a: undefined,
        b: undefined,
        confidence: 0.4,
        decisionPoint: {heading: 'H', key: 'k'},
        explanation: 'why',
        id: 'f',
        kind: 'numeric',
        lowConfidence: true,
        scope: 'internal',
        score: undefined,
        subject: undefined,
        tension: undefined,
      },
    )
    assert.equal(loaded.findings[0].a.sentence, 'x, as written.')
    assert.deepEqual(
      loaded.agreements.map((g) => [g.id, g.decisionPoint.heading, g.claims.map((c) => c.participant)]),
      [['g1', 'Escalation', ['a', 'b']]],
    )
    const bad = (patch: object) => JSON.stringify({...v2, findings: [{...v2.findings[0], ...patch}]})
    assert.throws(() => parseAnalysis(bad({scope: 'sideways'}), 'a.json'), /findings\[0\]\.scope: expected "between" or "internal"/)
    assert.throws(() => parseAnalysis(bad({decisionPoint: {key: 'k'}}), 'a.json'), /findings\[0\]\.decisionPoint\.heading: expected a string/)
    assert.throws(() => parseAnalysis(bad({lowConfidence: 'yes'}), 'a.json'), /findings\[0\]\.lowConfidence: expected true or false/)
    assert.throws(() => parseAnalysis(JSON.stringify({...v2, agreements: [{id: 'g'}]}), 'a.json'), /agreements\[0\]\.claims: expected a list/)
  })
})

describe('map: record loader', () => {
  it('reads id (or record_id), title and status, and names a missing field', async () => {
    const tmp = tempDir()
    try {
      const file = join(tmp.path, 'r.yaml')
      writeFileSync(file, 'record_id: DAO-9\ntitle: "T <x>"\nstatus: accepted\nother: [1, 2]\n')
      assert.deepEqual(await loadRecord(file), {id: 'DAO-9', path: file, status: 'accepted', title: 'T <x>'})
      writeFileSync(file, 'id: DAO-9\nstatus: accepted\n')
      await assert.rejects(loadRecord(file), /r\.yaml: title: expected a string/)
      writeFileSync(file, 'id: [unclosed\n')
      await assert.rejects(loadRecord(file), /not valid YAML/)
    } finally {
      tmp.cleanup()
    }
  })
})

describe('map: decision points', () => {
  const claim = (participant: string, text: string) => ({line: 1, participant, source: `${participant}.md`, text})
  const finding = (id: string, key: string, a: ReturnType<typeof claim>, b: ReturnType<typeof claim>, confidence: number) => ({
    a,
    b,
    confidence,
    decisionPoint: {heading: `heading ${key}.`, key},
    id,
    kind: 'numeric',
    lowConfidence: confidence < 0.5,
    scope: a.participant === b.participant ? ('internal' as const) : ('between' as const),
  })

  it('groups by key, merges keys whose findings share a claim, and keeps low-confidence findings apart', () => {
    const nadia = claim('Nadia', 'Pages must be acknowledged within 5 minutes')
    const {lowConfidence, points} = groupDecisionPoints([
      finding('f1', 'ack', nadia, claim('Tom', 'the primary must acknowledge within 15 minutes'), 0.55),
      finding('f2', 'most pages', claim('Kwame', 'Acknowledging within a quarter of an hour is fine'), nadia, 0.6),
      finding('f3', 'shifts', claim('Nadia', 'Shifts last one week'), claim('Tom', 'shifts should be 3.5 days'), 0.8),
      finding('f4', 'cost', claim('Ana', 'costs $4k'), claim('Bo', 'costs $12k'), 0.2),
      finding('f5', 'approver', claim('Bo', 'Every release needs a second approver'), claim('Bo', 'on weekends no second approver is needed'), 0.7),
    ])
    assert.deepEqual(
      points.map((p) => [p.key, p.heading, p.findings.map((f) => f.id), p.participants, p.internal]),
      [
        ['shifts', 'Heading shifts', ['f3'], ['Nadia', 'Tom'], false],
        ['approver', 'Heading approver', ['f5'], ['Bo'], true],
        ['most pages', 'Heading most pages', ['f2', 'f1'], ['Kwame', 'Nadia', 'Tom'], false],
      ],
    )
    assert.equal(points[2].positions.length, 3, 'the shared claim is one position')
    assert.equal(points[2].question, "Which position on heading most pages do the decision makers adopt: Kwame's, Nadia's or Tom's position, or another one?")
    assert.match(points[1].question, /^Bo states both/)
    assert.deepEqual(
      lowConfidence.map((f) => f.id),
      ['f4'],
    )
  })

  it('asks each open question in the words of its heading, with the two values in dispute when one finding holds them', () => {
    const [ana, bo] = [claim('Ana', 'the pilot runs about $12k a week'), claim('Bo', 'pilot capped at $40k per month')]
    const cost = {
      ...finding('f1', 'cost', ana, bo, 0.9),
      decisionPoint: {heading: 'Cost of the pilot', key: 'cost'},
      evidence: 'about $12000 a week = $624,000 a year vs capped at $40000 per month = at most $480,000 a year',
    }
    const logs = {
      ...finding('f2', 'logs', claim('Ana', 'all audit logs must go to Splunk'), claim('Bo', "don't forward the logs"), 0.8),
      decisionPoint: {heading: 'Whether all audit logs must go to Splunk', key: 'logs'},
      kind: 'negation',
    }
    const limits = {
      ...finding('f3', 'trial', claim('Ana', 'the trial costs at most $5k'), claim('Bo', 'the trial costs at least $9k'), 0.7),
      decisionPoint: {heading: 'Cost of the trial', key: 'trial'},
      evidence: 'two different limits',
    }
    const paging = {
      ...finding('f4', 'paging', claim('Ana', 'keep the IC schedule in PagerDuty'), claim('Bo', 'move the IC schedule to incident.io'), 0.6),
      decisionPoint: {heading: 'Paging service', key: 'paging'},
      evidence: 'PagerDuty vs incident.io (paging service)',
      kind: 'choice',
    }
    const picked = {
      ...finding('f5', 'scope', claim('Ana', 'per key, not per account'), claim('Bo', 'per account, not per key'), 0.5),
      decisionPoint: {heading: 'Scope of the limit', key: 'scope'},
      evidence: '"key" over "account" vs "account" over "key"',
      kind: 'choice',
    }
    const runtime = {
      ...finding('f6', 'runtime', claim('Ana', "use Envoy's built-in V8 engine"), claim('Bo', 'Prefer Wasmtime over V8.'), 0.55),
      decisionPoint: {heading: 'Wasmtime or V8', key: 'runtime'},
      evidence: '"wasmtime" over "v8" vs "v8"',
      kind: 'choice',
    }
    const questions = new Map(groupDecisionPoints([cost, logs, limits, paging, picked, runtime]).points.map((p) => [p.key, p.question]))
    // (An option picked over the one the other side picks: each holds its own, asked between the two.)
    assert.equal(questions.get('runtime'), 'Decide between v8 (Ana) and wasmtime (Bo), or another option?')
    // A choice names its two options; one whose sides each pick one over another is asked as positions.
    assert.equal(questions.get('paging'), 'Decide the paging service: PagerDuty (Ana) or incident.io (Bo), or another one?')
    assert.equal(questions.get('scope'), "Which position on scope of the limit do the decision makers adopt: Ana's or Bo's position, or another one?")
    assert.equal(questions.get('cost'), 'Decide the cost of the pilot: about $12000 a week (Ana) or capped at $40000 per month (Bo), or another value?')
    assert.equal(questions.get('logs'), "Decide whether all audit logs must go to Splunk: Ana's or Bo's position, or another one?")
    assert.equal(questions.get('trial'), "Which position on cost of the trial do the decision makers adopt: Ana's or Bo's position, or another one?")
  })
})
