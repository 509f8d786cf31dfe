import assert from 'node:assert/strict'

import {type Catalog, loadCatalog, type Tension} from '../../src/contradictions/catalog.js'
import {
  discordCommands,
  escapeHtml,
  grafanaDashboard,
  KIT_FILES,
  landingSections,
  parseMetricNames,
  playbook,
  proofCoverage,
  proofMetrics,
  renderKits,
} from '../../src/contradictions/kits.js'
import {ROOT} from '../helpers/cli.js'

const catalog = loadCatalog(ROOT)

// Discord's rules for application command names (CHAT_INPUT) and descriptions.
const DISCORD_NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u
const length = (s: string) => [...s].length

describe('contradictions: generated kits', () => {
  it('discord-commands.json is a valid bulk registration payload', () => {
    const commands = discordCommands(catalog)
    assert.ok(Array.isArray(commands) && commands.length <= 100, 'at most 100 global commands')
    assert.equal(commands.length, catalog.tensions.length + 1)
    assert.equal(new Set(commands.map((c) => c.name)).size, commands.length, 'names are unique')
    for (const command of commands) {
      assert.equal(command.type, 1)
      assert.match(command.name, DISCORD_NAME)
      assert.equal(command.name, command.name.toLowerCase())
      assert.ok(length(command.description) >= 1 && length(command.description) <= 100, `${command.name}: ${length(command.description)} chars`)
      let total = length(command.name) + length(command.description)
      for (const option of command.options ?? []) {
        assert.match(option.name, DISCORD_NAME)
        assert.equal(option.name, option.name.toLowerCase())
        assert.ok(length(option.description) <= 100 && option.type >= 1 && option.type <= 11)
        total += length(option.name) + length(option.description)
      }

      assert.ok(total <= 4000)
    }
  })

  it('grafana_dashboard.json is a dashboard model with one panel per tension querying its proof', () => {
    const dashboard = grafanaDashboard(catalog)
    assert.equal(typeof dashboard.title, 'string')
    assert.equal(typeof dashboard.uid, 'string')
    assert.ok(dashboard.uid.length <= 40)
    assert.equal(typeof dashboard.schemaVersion, 'number')
    assert.ok(dashboard.templating.list.some((v) => v.type === 'datasource' && v.name === 'datasource'))
    assert.equal(dashboard.panels.length, catalog.tensions.length)
    assert.equal(new Set(dashboard.panels.map((p) => p.id)).size, catalog.tensions.length)
    const cells = new Set<string>()
    for (const [i, panel] of dashboard.panels.entries()) {
      const tension = catalog.tensions[i]
      assert.equal(panel.title, tension.name)
      assert.equal(panel.type, 'timeseries')
      assert.deepEqual(
        panel.targets.map((t) => [t.refId, t.expr]),
        [['A', tension.proof.promql]],
      )
      assert.equal(panel.targets[0].datasource.uid, '${datasource}')
      const {h, w, x, y} = panel.gridPos
      assert.ok(x >= 0 && w > 0 && x + w <= 24 && h > 0 && y >= 0)
      for (let dx = x; dx < x + w; dx++)
        for (let dy = y; dy < y + h; dy++) {
          assert.ok(!cells.has(`${dx},${dy}`), 'panels do not overlap')
          cells.add(`${dx},${dy}`)
        }
    }
  })

  it('escapes every catalog string in landing_sections.html', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
    const hostile = '<script>alert("x")</script> & \'quoted\''
    const evil: Tension = {
      hook: hostile,
      id: 'evil-vs-good',
      name: hostile,
      poles: [
        {name: hostile, signals: [hostile, 'a<b', 'c&d']},
        {name: '"pole"', signals: ['x>y', "it's", 'ok ok']},
      ],
      pricing: hostile,
      proof: {description: hostile, promql: 'sum(rate(x{a="<b>"}[5m]))', target: '< 1 & > 0'},
      resolution: hostile,
    }
    const html = landingSections({source: 'test', tensions: [evil]} as Catalog)
    assert.ok(!html.includes('<script'), html)
    assert.ok(!/<b>|a<b|x>y|c&d|"pole"/.test(html))
    assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &#39;quoted&#39;/)
    // The real catalog: outside our own tags, no raw markup characters survive.
    const real = landingSections(catalog)
    const text = real.replace(/<\/?(section|h2|p|ul|li|strong|code)( (class|id)="[a-z0-9-]+")*>/g, '').replace(/<!--[^]*?-->/, '')
    assert.ok(!/[<>"]/.test(text))
    for (const t of catalog.tensions) assert.ok(real.includes(escapeHtml(t.name)))
  })

  it('reads the metric names of each proof and the names a Prometheus has, in the three forms a user can get them', () => {
    assert.deepEqual(proofMetrics('histogram_quantile(0.9, sum by (le) (rate(platform_ticket_wait_seconds_bucket{job="x"}[30d])))'), [
      'platform_ticket_wait_seconds_bucket',
    ])
    assert.deepEqual(proofMetrics('max(replication_lag_seconds) and on() (sum(increase(consistency_violations_total{class="money"}[30d])) == 0)'), [
      'consistency_violations_total',
      'replication_lag_seconds',
    ])
    assert.deepEqual(proofMetrics('max by (dataset) (time() - dataset_last_updated_timestamp_seconds) < on(dataset) dataset_freshness_target_seconds'), [
      'dataset_freshness_target_seconds',
      'dataset_last_updated_timestamp_seconds',
    ])
    for (const t of catalog.tensions) assert.ok(proofMetrics(t.proof.promql).length > 0, `${t.id}: its proof reads some metric`)
    assert.deepEqual([...parseMetricNames('{"status":"success","data":["up","pages_total"]}')].sort(), ['pages_total', 'up'])
    const exposition = parseMetricNames('# HELP deploy_wait_seconds x\n# TYPE deploy_wait_seconds histogram\nup{job="api"} 1\n')
    assert.ok(exposition.has('up') && exposition.has('deploy_wait_seconds_bucket'), 'a histogram named in HELP brings its series')
    assert.throws(() => parseMetricNames('{"data": 3}'), /list of metric names/)
    const none = proofCoverage(catalog, new Set())
    assert.equal(none.kept.length, 0)
    assert.equal(grafanaDashboard(catalog, new Set()).panels.length, 0)
    assert.equal(proofCoverage(catalog).kept.length, catalog.tensions.length, 'without a list every panel is kept')
  })

  it('the playbook covers every tension; contradictions.json carries the catalog; nothing depends on the clock', () => {
    const md = playbook(catalog)
    for (const [i, t] of catalog.tensions.entries()) assert.ok(md.includes(`## ${i + 1}. ${t.name}`) || md.includes(`## ${i + 1}.`), t.id)
    assert.equal((md.match(/^```promql$/gm) ?? []).length, catalog.tensions.length)
    const kits = renderKits(catalog)
    assert.deepEqual(Object.keys(kits).sort(), [...KIT_FILES].sort())
    assert.deepEqual(JSON.parse(kits['contradictions.json']).tensions, catalog.tensions)
    assert.deepEqual(renderKits(loadCatalog(ROOT)), kits)
  })
})
