import assert from 'node:assert/strict'
import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'

import {checkInChromium, CHROMIUM, CHROMIUM_MISSING, loadPage} from '../helpers/chromium.js'
import {khaos, ROOT, tempDir} from '../helpers/cli.js'

describe('khaos dao index --html: a page to browse the decisions', function () {
  this.timeout(240_000)
  let tmp: ReturnType<typeof tempDir>
  const run = (args: string[]) => khaos(args, {cwd: tmp.path, env: {KHAOS_HOME: join(tmp.path, 'home')}})
  const page = () => join(tmp.path, 'dao_records', 'index.html')

  beforeEach(async () => {
    tmp = tempDir()
    const titles = ['Use Postgres 16', 'Adopt <script>alert(1)</script> "quoted" & more', 'Move to Postgres 17']
    for (const [i, title] of titles.entries()) {
      const made = await run(['dao', 'record', '--topic', title, '--session', `s${i + 1}`, '--participants', 'ana,bo', '--timestamp', '2026-01-31T12:00:00Z'])
      assert.equal(made.exitCode, 0, made.stderr)
    }

    assert.equal((await run(['dao', 'link', '3', '1', '--relation', 'supersedes', '--by', 'ana', '--timestamp', '2026-02-01T00:00:00Z'])).exitCode, 0)
  })
  afterEach(() => tmp.cleanup())

  it('writes one self-contained page: every record, escaped text, links as anchors, the same bytes each time', async () => {
    const written = await run(['dao', 'index', '--html', '--json'])
    assert.equal(written.exitCode, 0, written.stderr)
    assert.deepEqual(JSON.parse(written.stdout), {path: join('dao_records', 'index.html'), problems: 0, records: 3, written: true})
    const html = readFileSync(page(), 'utf8')
    assert.equal((html.match(/<article class="record"/g) ?? []).length, 3)
    assert.ok(!html.includes('<script>alert'), 'a title is text, never markup')
    assert.ok(html.includes('Adopt &lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; more'))
    assert.match(html, /superseded by <a href="#r3">3<\/a>/)
    assert.doesNotMatch(html, /https?:\/\/|src=/, 'nothing is loaded from elsewhere')
    assert.match(html, /script-src 'sha256-[A-Za-z0-9+/]+=*'/, 'only its own script runs')
    const again = await run(['dao', 'index', '--html'])
    assert.equal(again.exitCode, 0, 'its own earlier page is replaced')
    assert.equal(readFileSync(page(), 'utf8'), html, 'same folder, same bytes')
    writeFileSync(page(), '<html>mine</html>')
    const foreign = await run(['dao', 'index', '--html'])
    assert.equal(foreign.exitCode, 2)
    assert.equal(readFileSync(page(), 'utf8'), '<html>mine</html>')
  })

  it('runs in Chromium without a console message, and ?q= filters to the records whose every word matches', async function () {
    assert.equal((await run(['dao', 'index', '--html'])).exitCode, 0)
    const loaded = await checkInChromium(this, readFileSync(page(), 'utf8'))
    assert.match(loaded.dom, /id="count">3 of 3 shown/)
    if (!CHROMIUM) this.skip()
    const searched = await loadPage(page(), '?q=postgres%2017')
    assert.deepEqual(searched.console, [], CHROMIUM_MISSING)
    const shown = [...searched.dom.matchAll(/<article class="record" id="r(\d+)"[^>]*>/g)].filter((m) => !m[0].includes('hidden')).map((m) => m[1])
    assert.deepEqual(shown, ['3'])
    assert.match(searched.dom, /id="count">1 of 3 shown/)
  })

  it('dao export writes numbered MADR Markdown files that pass markdownlint, replaced by the next export only', async () => {
    const exported = await run(['dao', 'export', '--out', 'adr', '--json'])
    assert.equal(exported.exitCode, 0, exported.stderr)
    assert.deepEqual(readdirSync(join(tmp.path, 'adr')), [
      '0001-use-postgres-16.md',
      '0002-adopt-script-alert-1-script-quoted-more.md',
      '0003-move-to-postgres-17.md',
    ])
    const third = readFileSync(join(tmp.path, 'adr', '0003-move-to-postgres-17.md'), 'utf8')
    assert.match(third, /^# 3\. Move to Postgres 17$/m)
    assert.match(third, /supersedes \[1\]\(0001-use-postgres-16\.md\)/)
    assert.ok(readFileSync(join(tmp.path, 'adr', '0002-adopt-script-alert-1-script-quoted-more.md'), 'utf8').includes('&lt;script&gt;'), 'titles are text')
    const lint = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'markdownlint-cli2'),
      ['--config', join(ROOT, 'docs', 'summary.markdownlint-cli2.jsonc'), 'adr/*.md'],
      {
        cwd: tmp.path,
        encoding: 'utf8',
      },
    )
    assert.equal(lint.status, 0, lint.stdout + lint.stderr)
    assert.equal((await run(['dao', 'export', '--out', 'adr'])).exitCode, 0, 'its own files are replaced')
    writeFileSync(join(tmp.path, 'adr', '0001-use-postgres-16.md'), '# mine\n')
    assert.equal((await run(['dao', 'export', '--out', 'adr'])).exitCode, 2)
    assert.equal(readFileSync(join(tmp.path, 'adr', '0001-use-postgres-16.md'), 'utf8'), '# mine\n')
  })
})
