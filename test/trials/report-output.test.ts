import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {explainGitNote} from '../../src/trials/git-note.js'
import {loadTrialSpecs} from '../../src/trials/spec.js'
import {renderExcerpt, maskSecrets} from '../../src/trials/report/excerpt.js'
import {escapeData, escapeProperty} from '../../src/shared/github.js'
import {renderGithub} from '../../src/trials/report/github.js'
import {FORMAT_IDS, renderReport} from '../../src/trials/report/index.js'
import {type ReportFinding, trialDocsUri} from '../../src/trials/report/model.js'
import {renderSarif} from '../../src/trials/report/sarif.js'
import {renderText} from '../../src/trials/report/text.js'
import {ROOT} from '../helpers/cli.js'
import {finding, reportContext} from '../helpers/trial-report.js'

const specs = await loadTrialSpecs(ROOT)

const context = (findings: ReportFinding[]) => reportContext(findings)

describe('trial report output', () => {
  it('orders findings worst first, then by file and line', () => {
    const c = context([
      finding({file: 'a.yaml', line: 9, severity: 'low', trial: 'F24'}),
      finding({file: 'b.yaml', line: 1, severity: 'critical', trial: 'F2'}),
      finding({file: 'a.yaml', line: 2, severity: 'medium'}),
      finding({file: 'a.yaml', line: 1, severity: 'critical', trial: 'F7'}),
    ])
    assert.deepEqual(
      c.report.findings.map((f) => `${f.severity} ${f.file}:${f.line}`),
      ['critical a.yaml:1', 'critical b.yaml:1', 'medium a.yaml:2', 'low a.yaml:9'],
    )
  })

  it("github: one workflow command per finding, with the runner's escaping of %, CR, LF, : and ,", () => {
    assert.equal(escapeData('50% done\r\nnext'), '50%25 done%0D%0Anext')
    assert.equal(escapeProperty('a:b,c%'), 'a%3Ab%2Cc%25')
    const out = renderGithub(
      context([
        finding({file: 'we,ird:name.yaml', message: 'line one\n::error::forged', service: 'db', severity: 'critical', trial: 'F2'}),
        finding({severity: 'low', trial: 'F24'}),
      ]),
      {uriPrefix: 'deploy/'},
    )
    const lines = out.trimEnd().split('\n')
    assert.equal(lines.length, 3)
    assert.match(
      lines[0],
      /^::error file=deploy\/we%2Cird%3Aname\.yaml,line=3,title=F2 Container runtime socket mounted into a container \(critical\)::\[db\] line one\\n::error::forged \[db: 5432:5432\] \(khaos trial explain F2\)$/,
    )
    assert.match(lines[1], /^::notice file=deploy\/compose\.yaml,line=3,title=F24 /)
    assert.match(lines[2], /^khaos trial: 2 finding\(s\) \(1 critical, 1 low\); FAIL at --fail-on high$/)
  })

  it("SARIF: every rule has helpUri to its trial's anchor in docs/trials.md; results carry the service", () => {
    const sarif = JSON.parse(renderSarif(context([finding({service: 'db'}), finding({services: ['a', 'b'], service: 'a', trial: 'F11', severity: 'high'})])))
    const rules = sarif.runs[0].tool.driver.rules as Array<{helpUri?: string; id: string}>
    const docs = readFileSync(join(ROOT, 'docs', 'trials.md'), 'utf8')
    for (const s of specs) {
      const rule = rules.find((r) => r.id === s.id)!
      assert.equal(rule.helpUri, trialDocsUri(s.id))
      assert.ok(docs.includes(`<a id="${s.id.toLowerCase()}"></a>`), `docs/trials.md has no anchor for ${s.id}`)
    }

    const results = sarif.runs[0].results as Array<{properties: {service?: string; services?: string[]}; ruleId: string}>
    assert.equal(results.find((r) => r.ruleId === 'F4')!.properties.service, 'db')
    assert.deepEqual(results.find((r) => r.ruleId === 'F11')!.properties.services, ['a', 'b'])
  })

  it('the formats registry renders every format it lists', async () => {
    assert.deepEqual([...FORMAT_IDS].sort(), ['github', 'html', 'json', 'junit', 'markdown', 'sarif', 'text'])
    for (const id of FORMAT_IDS) {
      const out = await renderReport(id, {context: context([finding({service: 'db'})]), suppressed: [], target: ROOT})
      assert.ok(out.length > 0, id)
    }

    const md = await renderReport('markdown', {context: context([finding({service: 'db'})]), suppressed: [], target: ROOT})
    assert.match(md, /\| Severity \| Location \| Service \| Evidence \| Finding \|/)
    assert.match(md, /\| medium \| `compose.yaml:3` \| db \|/)
  })

  it('text: a SERVICE column, and an excerpt that marks the value and masks secrets', () => {
    const source = 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-Value\n    ports:\n      - "5432:5432"\n'
    const out = renderText(
      context([
        finding({line: 6, service: 'db'}),
        finding({evidence: 'db: POSTGRES_PASSWORD=<redacted 12 chars>', line: 4, service: 'db', severity: 'high', trial: 'F11'}),
      ]),
      {excerpts: {color: false, read: () => source}},
    )
    assert.match(out, /^SEVERITY {2}TRIAL {2}FILE:LINE {7}SERVICE {2}EVIDENCE$/m)
    assert.match(out, /^medium {4}F4 {5}compose.yaml:6 {2}db {7}db: 5432:5432$/m)
    assert.match(out, /^ {4}6 │ {7}- "5432:5432"\n {6}│ {10}\^{9}$/m)
    assert.ok(!out.includes('s3cr3t-Value'), 'the secret never reaches the terminal')
    assert.match(out, /POSTGRES_PASSWORD: \*\*\*\*/)
    assert.equal(maskSecrets('url: postgres://app:hunter2@db/x'), 'url: postgres://app:****@db/x')
    // A redacted secret on a line the masks do not recognise is not shown at all.
    assert.deepEqual(renderExcerpt('x\nghp_notreallyatoken\n', 2, 'token <redacted 19 chars>', {color: false, context: 0}), [
      '2 │ <line not shown: it holds the redacted secret>',
      `  │ ${'^'.repeat('<line not shown: it holds the redacted secret>'.length)}`,
    ])
    // Escape sequences from the scanned file are shown, not obeyed.
    assert.ok(!renderExcerpt('a: "\u001b]0;pwned\u0007"\n', 1, 'a', {color: false}).join('\n').includes('\u001b'))
  })

  it('explains the git note in words: which trials were skipped or judged differently', () => {
    const pick = (...ids: string[]) => specs.filter((s) => ids.includes(s.id))
    const note = explainGitNote('not a git work tree', pick('F4', 'F13', 'F26'))
    assert.match(note, /^not a git work tree, so khaos cannot tell committed files from the rest: /)
    assert.match(note, /F26 \(sensitive data files tracked in git\) was skipped/)
    assert.match(note, /F13 read the \.gitignore files itself/)
    assert.ok(!note.includes('F14'))
    assert.equal(explainGitNote('not a git work tree', pick('F4')), 'not a git work tree')
    // The list is the trials' own: every trial whose fixtures are a git repository says what changes without one.
    for (const spec of specs) if (spec.fixtures.git) assert.ok(spec.without_git, `${spec.id} has git fixtures but no without_git line`)
  })
})
