import {createHash} from 'node:crypto'
import assert from 'node:assert/strict'
import {existsSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {ROOT, khaos, tempDir} from '../helpers/cli.js'
import {hasSystemDot, HOSTILE, systemDot} from './fixtures.js'

/** oclif wraps long error lines on stderr; join them back. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*›?\s*/g, ' ')
}

describe('khaos map (CLI)', () => {
  let dir: {cleanup: () => void; path: string}
  let env: Record<string, string>
  const at = (name: string) => join(dir.path, name)

  beforeEach(() => {
    dir = tempDir()
    env = {KHAOS_HOME: join(dir.path, 'home')}
  })
  afterEach(() => dir.cleanup())

  function writeAnalysis(): string {
    const findings = [
      {
        a: {line: 3, participant: 'alice', source: 'alice.md', text: HOSTILE[4]},
        b: {line: 9, participant: HOSTILE[0], source: 'bob.md', text: HOSTILE[2]},
        id: 'c1',
        kind: 'numeric',
        score: 0.8,
        subject: HOSTILE[3],
        tension: {id: 'T01', name: HOSTILE[6], resolution: HOSTILE[5]},
      },
    ]
    writeFileSync(at('analysis.json'), JSON.stringify({findings}))
    writeFileSync(at('dao.yaml'), 'id: DAO-7\ntitle: "Cache <decision> \\"q\\""\nstatus: proposed\n')
    return at('analysis.json')
  }

  it('maps grow: one node per person and tension across sessions, re-runs replace, render replaces its own image, --since/--last views', async () => {
    const analysis = writeAnalysis()
    for (const n of [1, 2, 3]) {
      const made = await khaos(
        [
          'map',
          'fragment',
          '--session',
          `r${n}`,
          '--topic',
          `Round ${n}`,
          '--participants',
          `Alice,${HOSTILE[0]}`,
          '--analysis',
          analysis,
          '--timestamp',
          `2026-0${n}-01T00:00:00Z`,
          '--out',
          at(`r${n}.dot`),
        ],
        {cwd: dir.path, env},
      )
      assert.equal(made.exitCode, 0, made.stderr)
      const merged = await khaos(['map', 'merge', at(`r${n}.dot`), '--into', at('map.dot')], {cwd: dir.path, env})
      assert.equal(merged.exitCode, 0, merged.stderr)
    }

    const before = readFileSync(at('map.dot'), 'utf8')
    const again = await khaos(['map', 'merge', at('r2.dot'), '--into', at('map.dot')], {cwd: dir.path, env})
    assert.equal(again.exitCode, 0, again.stderr)
    assert.equal(readFileSync(at('map.dot'), 'utf8'), before, 'merging a session again changes nothing')

    const first = await khaos(['map', 'render', at('map.dot')], {cwd: dir.path, env})
    assert.equal(first.exitCode, 0, first.stderr)
    const svg = readFileSync(at('map.svg'), 'utf8')
    // Graphviz titles each node with its id: a person or tension drawn once, not once per session.
    const title = (kind: string, name: string) => `<title>${kind}.${createHash('sha256').update(name).digest('hex').slice(0, 16)}</title>`
    assert.equal(svg.split(title('person', 'Alice')).length - 1, 1)
    assert.equal(svg.split(title('tension', 'T01')).length - 1, 1)
    assert.equal((svg.match(/<title>cluster_r\d<\/title>/g) ?? []).length, 3)
    const second = await khaos(['map', 'render', at('map.dot')], {cwd: dir.path, env})
    assert.equal(second.exitCode, 0, `its own earlier image is replaced: ${second.stderr}`)
    writeFileSync(at('mine.svg'), '<svg>mine</svg>')
    const foreign = await khaos(['map', 'render', at('map.dot'), '--out', at('mine.svg')], {cwd: dir.path, env})
    assert.equal(foreign.exitCode, 2)
    assert.equal(readFileSync(at('mine.svg'), 'utf8'), '<svg>mine</svg>')
    // …refused before the render, which can take minutes: a map Graphviz cannot lay out is never reached.
    writeFileSync(at('broken.dot'), 'digraph { a -> ')
    const early = await khaos(['map', 'render', at('broken.dot'), '--out', at('mine.svg')], {cwd: dir.path, env})
    assert.equal(early.exitCode, 2)
    assert.match(early.stderr, /already exists; pass --force/)
    const png = await khaos(['map', 'render', at('map.dot'), '--format', 'png', '--scale', '0.3'], {cwd: dir.path, env})
    assert.equal(png.exitCode, 0, png.stderr)
    const pngAgain = await khaos(['map', 'render', at('map.dot'), '--format', 'png', '--scale', '0.3'], {cwd: dir.path, env})
    assert.equal(pngAgain.exitCode, 0, pngAgain.stderr)

    const last = await khaos(['map', 'render', at('map.dot'), '--last', '1', '--out', at('last.svg'), '--json'], {cwd: dir.path, env})
    assert.equal(last.exitCode, 0, last.stderr)
    assert.deepEqual(JSON.parse(last.stdout).sessions, {dropped: ['r1', 'r2'], kept: ['r3']})
    assert.equal((readFileSync(at('last.svg'), 'utf8').match(/<title>cluster_r\d<\/title>/g) ?? []).length, 1)
    const since = await khaos(['map', 'render', at('map.dot'), '--since', '2026-02-01', '--out', at('since.svg'), '--json'], {cwd: dir.path, env})
    assert.deepEqual(JSON.parse(since.stdout).sessions.kept, ['r2', 'r3'])
    const bad = await khaos(['map', 'render', at('map.dot'), '--since', 'yesterday'], {cwd: dir.path, env})
    assert.equal(bad.exitCode, 2)
  })

  it('fragment → merge → render svg and png, end to end', async () => {
    writeAnalysis()
    const topic = HOSTILE.slice(0, 6).join(' ')
    const frag = await khaos(
      [
        'map',
        'fragment',
        '--session',
        's1',
        '--topic',
        topic,
        '--participants',
        'alice,"bob",}',
        '--analysis',
        at('analysis.json'),
        '--record',
        at('dao.yaml'),
        '--out',
        at('f1.dot'),
      ],
      {env},
    )
    assert.equal(frag.exitCode, 0, frag.stderr)
    assert.match(frag.stdout, /wrote .*f1\.dot: session s1, 4 participant\(s\), 1 contradiction\(s\)/)
    if (hasSystemDot()) assert.equal(systemDot(readFileSync(at('f1.dot'), 'utf8')).status, 0)

    const merge = await khaos(['map', 'merge', at('f1.dot'), '--into', at('map.dot'), '--json'], {env})
    assert.equal(merge.exitCode, 0, merge.stderr)
    assert.deepEqual(JSON.parse(merge.stdout), {added: ['s1'], created: true, map: at('map.dot'), replaced: [], unchanged: [], written: true})
    const before = readFileSync(at('map.dot'), 'utf8')
    const again = await khaos(['map', 'merge', at('f1.dot'), '--into', at('map.dot')], {env})
    assert.equal(again.exitCode, 0)
    assert.match(again.stdout, /already up to date/)
    assert.equal(readFileSync(at('map.dot'), 'utf8'), before)

    const svg = await khaos(['map', 'render', at('map.dot'), '--json'], {env})
    assert.equal(svg.exitCode, 0, svg.stderr)
    const report = JSON.parse(svg.stdout)
    assert.equal(report.out, at('map.svg'))
    const svgText = readFileSync(at('map.svg'), 'utf8')
    assert.match(svgText, /^<\?xml/)
    assert.doesNotMatch(svgText, /<script/i)
    assert.match(svgText, /DAO record DAO&#45;7/)

    const png = await khaos(['map', 'render', at('map.dot'), '--format', 'png', '--scale', '1'], {env})
    assert.equal(png.exitCode, 0, png.stderr)
    const bytes = readFileSync(at('map.png'))
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const again2 = await khaos(['map', 'render', at('map.dot'), '--format', 'png', '--scale', '1', '--out', at('map2.png')], {env})
    assert.equal(again2.exitCode, 0)
    assert.ok(readFileSync(at('map2.png')).equals(bytes), 'PNG output is deterministic')

    // Its own earlier image is replaced (a foreign file is not: see "maps grow").
    const rerendered = await khaos(['map', 'render', at('map.dot')], {env})
    assert.equal(rerendered.exitCode, 0, rerendered.stderr)
  })

  it('fragment writes to stdout, byte-identical across runs, and --json carries it', async () => {
    const args = ['map', 'fragment', '--session', 'x.1', '--topic', 'T', '--participants', 'a,b,a']
    const one = await khaos(args, {env})
    const two = await khaos(args, {env})
    assert.equal(one.exitCode, 0, one.stderr)
    assert.equal(one.stdout, two.stdout)
    assert.match(one.stdout, /^\/\/ khaos cognitive map fragment for session x\.1\./)
    const json = await khaos([...args, '--json'], {env})
    assert.equal(JSON.parse(json.stdout).dot, `${one.stdout}\n`)
  })

  it('bad input: unsafe session id, missing/broken analysis, invalid DOT → exit 2, one line, nothing written', async () => {
    const unsafe = await khaos(['map', 'fragment', '--session', '../etc', '--topic', 't', '--out', at('x.dot')], {env})
    assert.equal(unsafe.exitCode, 2)
    assert.match(unsafe.stderr, /invalid session id/)
    assert.equal(existsSync(at('x.dot')), false)

    const missing = await khaos(['map', 'fragment', '--session', 's', '--topic', 't', '--analysis', at('nope.json')], {env})
    assert.equal(missing.exitCode, 2)
    assert.match(missing.stderr, /analysis .*nope\.json: no such file/)

    writeFileSync(at('bad.json'), '{"findings":[{"id":"1"}]}')
    const bad = await khaos(['map', 'fragment', '--session', 's', '--topic', 't', '--analysis', at('bad.json'), '--json'], {env})
    assert.equal(bad.exitCode, 2)
    assert.match(JSON.parse(bad.stdout).error.message, /findings\[0\]\.a: expected an object/)

    writeFileSync(at('broken.dot'), 'digraph { a -> }')
    const render = await khaos(['map', 'render', at('broken.dot')], {env})
    assert.equal(render.exitCode, 2)
    assert.match(oneLine(render.stderr), /broken\.dot: Graphviz cannot read it: syntax error/)
    assert.equal(existsSync(at('broken.svg')), false)

    const mixed = await khaos(['map', 'render', at('broken.dot'), '--out', '-', '--json'], {env})
    assert.equal(mixed.exitCode, 2)
    assert.match(JSON.parse(mixed.stdout).error.message, /cannot be combined with --json/)
  })

  it('render --out - writes the SVG to stdout and nothing to disk', async () => {
    await khaos(['map', 'init', at('m.dot')], {env})
    const result = await khaos(['map', 'render', at('m.dot'), '--out', '-'], {env})
    assert.equal(result.exitCode, 0, result.stderr)
    assert.match(result.stdout, /<svg[\s\S]*Cognitive map[\s\S]*<\/svg>$/)
    assert.equal(existsSync(at('m.svg')), false)
  })

  it('merge refuses a map with unbalanced markers and leaves it untouched', async () => {
    await khaos(['map', 'fragment', '--session', 's1', '--topic', 't', '--out', at('f1.dot')], {env})
    const broken = 'digraph {\n  // khaos:session s1 begin\n  a;\n}\n'
    writeFileSync(at('map.dot'), broken)
    const result = await khaos(['map', 'merge', at('f1.dot'), '--into', at('map.dot')], {env})
    assert.equal(result.exitCode, 2)
    assert.match(oneLine(result.stderr), /map\.dot:\d+: .*nothing was written/)
    assert.equal(readFileSync(at('map.dot'), 'utf8'), broken)
    assert.deepEqual(
      readdirSync(dir.path).filter((f) => f.endsWith('.tmp')),
      [],
    )
  })

  it('merge takes several fragments; init refuses to overwrite without --force', async () => {
    for (const s of ['b', 'a']) await khaos(['map', 'fragment', '--session', s, '--topic', `topic ${s}`, '--out', at(`${s}.dot`)], {env})
    const init = await khaos(['map', 'init', at('m.dot')], {env})
    assert.equal(init.exitCode, 0, init.stderr)
    const merge = await khaos(['map', 'merge', at('b.dot'), at('a.dot'), '--into', at('m.dot')], {env})
    assert.equal(merge.exitCode, 0, merge.stderr)
    assert.match(merge.stdout, /added 2 session\(s\): b, a/)
    const text = readFileSync(at('m.dot'), 'utf8')
    assert.ok(text.indexOf('session b begin') < text.indexOf('session a begin'))
    const refused = await khaos(['map', 'init', at('m.dot')], {env})
    assert.equal(refused.exitCode, 2)
    assert.match(refused.stderr, /pass --force/)
    assert.equal(readFileSync(at('m.dot'), 'utf8'), text)
    const none = await khaos(['map', 'merge', '--into', at('m.dot')], {env})
    assert.equal(none.exitCode, 2)
  })
})

describe('map fragment on the real outputs of the other stages', () => {
  it("reads the contradiction engine's analysis.json and a DAO record written by khaos", async () => {
    const dir = tempDir()
    try {
      const notes = join(ROOT, 'test', 'fixtures', 'synthesis')
      const analysis = join(dir.path, 'analysis')
      const analyzed = await khaos([
        'contradictions',
        'analyze',
        '--input',
        join(notes, 'alice.md'),
        '--input',
        join(notes, 'bob.md'),
        '--participants',
        'Alice,Bob',
        '--out',
        analysis,
      ])
      assert.equal(analyzed.exitCode, 0, analyzed.stderr)
      const record = join(dir.path, 'record.yaml')
      const recorded = await khaos(['dao', 'record', '--topic', 'Release process', '--session', 's1', '--participants', 'Alice,Bob', '--out', record])
      assert.equal(recorded.exitCode, 0, recorded.stderr)
      const out = join(dir.path, 'fragment.dot')
      const run = await khaos([
        'map',
        'fragment',
        '--session',
        's1',
        '--topic',
        'Release process',
        '--analysis',
        join(analysis, 'analysis.json'),
        '--record',
        record,
        '--out',
        out,
        '--json',
      ])
      assert.equal(run.exitCode, 0, run.stderr + run.stdout)
      const findings = JSON.parse(readFileSync(join(analysis, 'analysis.json'), 'utf8')).findings as Array<{subject: string[]}>
      assert.ok(findings.length > 0, 'the notes hold contradictions')
      const dot = readFileSync(out, 'utf8')
      // A finding's subject terms (a list of lemmas in analysis.json) reach the map as text, in the case written.
      assert.ok(dot.toLowerCase().includes(findings[0].subject[0]), 'subject terms are missing from the fragment')
      assert.match(dot, /s1\.record/)
    } finally {
      dir.cleanup()
    }
  })
})
