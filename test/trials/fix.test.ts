import assert from 'node:assert/strict'
import {createHash} from 'node:crypto'
import {readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {isMap, LineCounter, parseDocument} from 'yaml'

import {bindShortPort, pinKey, readOnlyShortVolume} from '../../src/trials/fix/edits.js'
import {planFixes, writePatches} from '../../src/trials/fix/index.js'
import {nodesOnLine, parseYaml} from '../../src/trials/fix/yaml-edit.js'
import {FIX_KINDS} from '../../src/trials/fix/kinds.js'
import {tempCopy, initGit} from '../../src/trials/fixtures.js'
import {buildModel} from '../../src/trials/model/index.js'
import {loadTrials, type Trial} from '../../src/trials/registry.js'
import {scanModel} from '../../src/trials/runner.js'
import {khaos, ROOT, tempDir} from '../helpers/cli.js'
import {AWESOME_COMPOSE} from './corpus.test.js'

const trials = await loadTrials(ROOT)
const fixable = trials.filter((t) => (t.spec.fix ?? []).length > 0)
const options = {interface: '127.0.0.1', pins: new Map<string, string>()}

/** A made-up but well-formed pin for `key`: tests never look SHAs up. */
function fakePin(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex')
  return key.startsWith('docker://') ? `sha256:${hex}` : hex.slice(0, 40)
}

async function scanTrial(path: string, trial: Trial) {
  const model = buildModel(path)
  const result = await scanModel(model, path, [trial])
  return {findings: result.findings.filter((f) => f.trial === trial.spec.id), model}
}

/**
 * Findings left after a fix must each be one the fix refused (same evidence), or stand for one it fixed only in
 * part (its evidence shrinks and its line may move: at most as many per trial and file as there were partial fixes).
 */
function assertOnlyOpenLeft(
  left: Array<{trial: string; file: string; line: number; evidence: string}>,
  outcomes: Array<{trial: string; file: string; evidence: string; status: string}>,
  label: string,
): void {
  const refused = new Set(outcomes.filter((o) => o.status === 'refused').map((o) => `${o.trial} ${o.file} ${o.evidence}`))
  const partial = new Map<string, number>()
  for (const o of outcomes.filter((x) => x.status === 'partial')) partial.set(`${o.trial} ${o.file}`, (partial.get(`${o.trial} ${o.file}`) ?? 0) + 1)
  for (const f of left) {
    if (refused.has(`${f.trial} ${f.file} ${f.evidence}`)) continue
    const key = `${f.trial} ${f.file}`
    assert.ok((partial.get(key) ?? 0) > 0, `${label}: still reported after the fix, neither refused nor fixed in part: ${f.file}:${f.line} ${f.evidence}`)
    partial.set(key, partial.get(key)! - 1)
  }
}

/** The line span of the YAML entries that start on `line` (a long-syntax volume is several lines). */
function entrySpans(text: string, line: number): Array<[number, number]> {
  const y = parseYaml(text)
  if (!y) return []
  return nodesOnLine(y, line).flatMap(({node}) => {
    const range = (node as {range?: [number, number, number]}).range
    return range ? [[line, y.lines.linePos(Math.max(range[0], range[1] - 1)).line] as [number, number]] : []
  })
}

/** Line spans [first, last] of the named services' blocks in a compose file's text. */
function serviceSpans(text: string, names: string[]): Array<[number, number]> {
  const lines = new LineCounter()
  const doc = parseDocument(text, {lineCounter: lines})
  const services = doc.get('services', true)
  if (!isMap(services)) return []
  return services.items
    .filter((p) => names.includes(String((p.key as {value?: unknown}).value)))
    .map((p) => {
      const key = p.key as {range: [number, number, number]}
      const value = p.value as {range?: [number, number, number]} | null
      return [lines.linePos(key.range[0]).line, lines.linePos(Math.max(key.range[0], (value?.range ?? key.range)[1] - 1)).line] as [number, number]
    })
}

/** Old-file line numbers a unified diff removes, and the old line before which it inserts. */
function touchedLines(diff: string): number[] {
  const out: number[] = []
  let old = 0
  for (const line of diff.split('\n')) {
    const h = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/.exec(line)
    if (h) {
      old = Number(h[1])
      continue
    }

    if (line.startsWith('---') || line.startsWith('+++')) continue
    if (line.startsWith('-')) out.push(old++)
    else if (line.startsWith('+')) out.push(old)
    else if (line.startsWith(' ')) old++
  }

  return out
}

describe('trial fix', () => {
  it('has fixable trials, and every fix kind is declared by a trial or tested on its own below', () => {
    assert.ok(fixable.length > 0)
    const declared = new Set(fixable.flatMap((t) => t.spec.fix!))
    for (const kind of Object.keys(FIX_KINDS))
      assert.ok(declared.has(kind as keyof typeof FIX_KINDS) || kind === 'no-new-privileges', `fix kind ${kind} is declared by no trial`)
  })

  for (const trial of fixable) {
    const {spec} = trial
    it(`${spec.id}: vulnerable/ + fix re-scans clean for ${spec.id} except what it refused, touching only the flawed lines`, async () => {
      const copy = tempCopy(
        join(spec.dir, 'vulnerable'),
        `khaos-fix-${spec.id}-`,
        {},
        spec.fixtures.git ? (p) => initGit(p, spec.fixtures.git === 'commit') : undefined,
      )
      try {
        const before = await scanTrial(copy.path, trial)
        assert.ok(before.findings.length > 0)
        // Pins are the user's to give: supply one for every pin the first plan asks for.
        const first = await planFixes(before.model, before.findings, [spec], options)
        const pins = new Map(first.outcomes.filter((o) => o.pin).map((o) => [o.pin!, fakePin(o.pin!)]))
        const plan = await planFixes(before.model, before.findings, [spec], {...options, pins})
        const fixed = plan.outcomes.filter((o) => o.status !== 'refused')
        const refused = plan.outcomes.filter((o) => o.status === 'refused')
        const partial = plan.outcomes.filter((o) => o.status === 'partial')
        assert.ok(fixed.length > 0, `${spec.id}: nothing fixed: ${JSON.stringify(refused.map((r) => r.detail))}`)
        for (const r of [...refused, ...partial]) assert.match(r.detail, /needs a human: \S/)
        writePatches(copy.path, plan.patches)

        // Left: only what was refused (same evidence) or fixed in part (same place, smaller evidence).
        const after = await scanTrial(copy.path, trial)
        assertOnlyOpenLeft(after.findings, plan.outcomes, spec.id)

        for (const p of plan.patches) {
          // A changed line is at (or next to) a fixed finding's line, or inside a service the finding names.
          const spans = fixed
            .filter((o) => o.file === p.file)
            .flatMap((o) => [[o.line - 2, o.line + 2], ...entrySpans(p.before, o.line), ...serviceSpans(p.before, o.services ?? [])])
          for (const n of touchedLines(p.diff)) {
            assert.ok(
              spans.some(([a, b]) => a <= n && n <= b + 1),
              `${spec.id}: ${p.file}:${n} changed, outside every fixed finding (${JSON.stringify(spans)})\n${p.diff}`,
            )
          }

          // Every comment line the diff does not itself change is still in the written file.
          const written = readFileSync(join(copy.path, p.file), 'utf8').split('\n')
          const changed = new Set(touchedLines(p.diff))
          p.before.split('\n').forEach((l, i) => {
            if (/^\s*#/.test(l) && !changed.has(i + 1)) assert.ok(written.includes(l), `${spec.id}: comment lost: ${l}`)
          })
        }
      } finally {
        copy.cleanup()
      }
    })
  }

  it('keeps comments, quoting and unrelated lines byte for byte', async () => {
    const dir = tempDir('khaos-fix-comments-')
    try {
      const text = [
        '# production stack',
        'services:',
        '  db:',
        '    image: postgres:16.4   # pinned',
        '    ports:',
        "      - '5432:5432'  # TODO: remove",
        '    volumes: [/etc:/host-etc]',
        '  web:',
        '    image: ghcr.io/example/app:1.2',
        '    privileged: true # legacy',
        '    ports:',
        '      - 8080:3000',
        '',
      ].join('\n')
      writeFileSync(join(dir.path, 'compose.yaml'), text)
      const model = buildModel(dir.path)
      const chosen = trials.filter((t) => ['F4', 'F7', 'F8'].includes(t.spec.id))
      const result = await scanModel(model, dir.path, chosen)
      const plan = await planFixes(
        model,
        result.findings,
        chosen.map((t) => t.spec),
        options,
      )
      assert.equal(plan.patches.length, 1)
      assert.equal(
        plan.patches[0].after,
        [
          '# production stack',
          'services:',
          '  db:',
          '    image: postgres:16.4   # pinned',
          '    ports:',
          "      - '127.0.0.1:5432:5432'  # TODO: remove",
          '    volumes: [/etc:/host-etc:ro]',
          '    security_opt:',
          '      - no-new-privileges:true',
          '  web:',
          '    image: ghcr.io/example/app:1.2',
          '    ports:',
          '      - 127.0.0.1:8080:3000',
          '    security_opt:',
          '      - no-new-privileges:true',
          '',
        ].join('\n'),
      )
    } finally {
      dir.cleanup()
    }
  })

  it('adds no-new-privileges to a service (new key, existing list, false turned true)', async () => {
    const dir = tempDir('khaos-fix-nnp-')
    try {
      const text =
        'services:\n  a:\n    image: x:1\n  b:\n    image: y:1\n    security_opt:\n      - label:type:svc_t\n  c:\n    image: z:1\n    security_opt: ["no-new-privileges:false"]\n'
      writeFileSync(join(dir.path, 'compose.yaml'), text)
      const model = buildModel(dir.path)
      const finding = (service: string, line: number) => ({
        evidence: `${service}: no no-new-privileges`,
        family: 'x',
        file: 'compose.yaml',
        fingerprint: service,
        line,
        message: 'no-new-privileges not set',
        service,
        severity: 'medium' as const,
        trial: 'F7',
      })
      const plan = await planFixes(
        model,
        [finding('a', 2), finding('b', 4), finding('c', 8)],
        [{fix: ['no-new-privileges'], id: 'F7', remediation: 'x'}],
        options,
      )
      assert.deepEqual(
        plan.outcomes.map((o) => o.status),
        ['fixed', 'fixed', 'fixed'],
      )
      assert.equal(
        plan.patches[0].after,
        'services:\n  a:\n    image: x:1\n    security_opt:\n      - no-new-privileges:true\n  b:\n    image: y:1\n    security_opt:\n      - label:type:svc_t\n      - no-new-privileges:true\n  c:\n    image: z:1\n    security_opt: ["no-new-privileges:true"]\n',
      )
    } finally {
      dir.cleanup()
    }
  })

  it('rewrites short port and volume syntax, and refuses what it does not understand', () => {
    assert.deepEqual(bindShortPort('8080:80', '127.0.0.1'), {value: '127.0.0.1:8080:80'})
    assert.deepEqual(bindShortPort('3000', '127.0.0.1'), {value: '127.0.0.1::3000'})
    assert.deepEqual(bindShortPort('0.0.0.0:53:53/udp', '10.0.0.5'), {value: '10.0.0.5:53:53/udp'})
    assert.deepEqual(bindShortPort('[::]:443:443', '::1'), {value: '[::1]:443:443'})
    assert.equal(bindShortPort('127.0.0.1:80:80', '127.0.0.1'), undefined)
    assert.ok('refuse' in (bindShortPort('${BIND}:80:80', '127.0.0.1') as object))
    assert.equal(readOnlyShortVolume('/etc:/x'), '/etc:/x:ro')
    assert.equal(readOnlyShortVolume('/etc:/x:rw,z'), '/etc:/x:ro,z')
    assert.equal(readOnlyShortVolume('/etc:/x:z'), '/etc:/x:ro,z')
    assert.deepEqual(pinKey('owner/repo/path/wf.yml@v2'), {docker: false, key: 'owner/repo@v2', ref: 'v2'})
    assert.equal(pinKey('./local'), undefined)
  })

  it('refuses to write through a symlink or into a file changed since the scan', async () => {
    const dir = tempDir('khaos-fix-safety-')
    const outside = tempDir('khaos-fix-outside-')
    try {
      writeFileSync(join(outside.path, 'real.yaml'), 'services:\n  db:\n    image: postgres:16.4\n    ports: ["5432:5432"]\n')
      symlinkSync(join(outside.path, 'real.yaml'), join(dir.path, 'compose.yaml'))
      writeFileSync(join(dir.path, 'other.yaml'), 'services:\n  r:\n    image: redis:7.4\n    ports: ["6379:6379"]\n')
      const model = buildModel(dir.path)
      const f4 = trials.filter((t) => t.spec.id === 'F4')
      const result = await scanModel(model, dir.path, f4)
      const plan = await planFixes(
        model,
        result.findings,
        f4.map((t) => t.spec),
        options,
      )
      const viaLink = plan.patches.filter((p) => p.file === 'compose.yaml')
      if (viaLink.length > 0) assert.throws(() => writePatches(dir.path, viaLink), /symbolic link/)
      assert.match(readFileSync(join(outside.path, 'real.yaml'), 'utf8'), /"5432:5432"/)
      const other = plan.patches.filter((p) => p.file === 'other.yaml')
      assert.equal(other.length, 1)
      writeFileSync(join(dir.path, 'other.yaml'), 'services: {}\n')
      assert.throws(() => writePatches(dir.path, other), /changed since it was scanned/)
    } finally {
      dir.cleanup()
      outside.cleanup()
    }
  })

  it('through the CLI: --dry-run prints the diff and writes nothing; a run writes; --json; bad --pin is exit 2', async () => {
    const copy = tempCopy(join(ROOT, 'trials', 'F04-unbound-ports', 'vulnerable'), 'khaos-fix-cli-', {})
    try {
      const file = join(copy.path, 'compose.yaml')
      const original = readFileSync(file, 'utf8')
      const dry = await khaos(['trial', 'fix', copy.path, '--only', 'F4', '--dry-run'])
      assert.equal(dry.exitCode, 0, dry.stderr)
      assert.match(dry.stdout, /^--- a\/compose.yaml\n\+\+\+ b\/compose.yaml/m)
      assert.match(dry.stdout, /^\+ {6}- "127\.0\.0\.1:5432:5432"$/m)
      assert.match(dry.stderr, /would fix F4 +compose.yaml:14/)
      assert.equal(readFileSync(file, 'utf8'), original)
      const json = await khaos(['trial', 'fix', copy.path, '--only', 'f04', '--json'])
      assert.equal(json.exitCode, 0, json.stderr)
      const report = JSON.parse(json.stdout)
      assert.equal(report.summary.fixed, report.fixes.length)
      assert.notEqual(readFileSync(file, 'utf8'), original)
      const again = await khaos(['trial', 'run', copy.path, '--only', 'F4', '--format', 'json', '--no-report'])
      assert.deepEqual(JSON.parse(again.stdout).findings, [])
      assert.equal((await khaos(['trial', 'fix', copy.path, '--pin', 'actions/checkout@v4=abc'])).exitCode, 2)
      assert.equal((await khaos(['trial', 'fix', copy.path, '--interface', 'not-an-ip'])).exitCode, 2)
      assert.equal((await khaos(['trial', 'fix', copy.path, '--only', 'F24'])).exitCode, 2)
    } finally {
      copy.cleanup()
    }
  })
})

describe('trial fix on a real corpus (awesome-compose)', function () {
  it('fixes every finding of the fixable trials it does not refuse, and every fixed file still parses', async function () {
    if (!AWESOME_COMPOSE) {
      console.log('      (skipped: ../shared/corpora/awesome-compose not present)')
      this.skip()
    }

    const copy = tempCopy(AWESOME_COMPOSE!, 'khaos-fix-corpus-', {})
    try {
      const model = buildModel(copy.path)
      const result = await scanModel(model, copy.path, fixable)
      const plan = await planFixes(
        model,
        result.findings,
        fixable.map((t) => t.spec),
        options,
      )
      const fixedCount = plan.outcomes.filter((o) => o.status === 'fixed').length
      assert.ok(fixedCount > 0)
      writePatches(copy.path, plan.patches)
      const again = await scanModel(buildModel(copy.path), copy.path, trials)
      assert.deepEqual(
        again.findings.filter((f) => f.trial === 'F0'),
        [],
        'a fix broke a file',
      )
      assertOnlyOpenLeft(
        again.findings.filter((x) => fixable.some((t) => t.spec.id === x.trial)),
        plan.outcomes,
        'awesome-compose',
      )
    } finally {
      copy.cleanup()
    }
  })
})
