import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {renderChartSvg} from '../../src/shared/charts.js'
import {tempDir} from '../helpers/cli.js'

describe('shared/charts', () => {
  it('renders a vega-lite spec to SVG with its strings escaped', async () => {
    const svg = await renderChartSvg({
      data: {values: [{n: 2, name: '</text><script>x</script>'}]},
      encoding: {x: {field: 'name', type: 'nominal'}, y: {field: 'n', type: 'quantitative'}},
      mark: 'bar',
    })
    assert.match(svg, /^<svg [^>]*class="marks"/)
    assert.match(svg, /<path [^>]*aria-roledescription="bar"/)
    assert.doesNotMatch(svg, /<script/)
  })

  it('never loads data from a URL or a file a spec names', async () => {
    const dir = tempDir()
    try {
      const file = join(dir.path, 'secret.csv')
      writeFileSync(file, 'a\nSECRET-VALUE\n')
      const svg = await renderChartSvg({data: {format: {type: 'csv'}, url: file}, encoding: {text: {field: 'a', type: 'nominal'}}, mark: 'text'})
      assert.ok(!svg.includes('SECRET-VALUE'), 'the file was not read')
    } finally {
      dir.cleanup()
    }
  })
})
