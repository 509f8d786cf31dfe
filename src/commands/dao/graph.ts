import {Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {DEFAULT_RECORDS_DIR, readRecordsFolder, recordsGraph, reportLines, shownPath} from '../../records/index.js'
import {writeFileAtomic} from '../../shared/atomic.js'
import {InputError} from '../../shared/errors.js'
import {warn} from '../../shared/output.js'

interface GraphReport {
  edges: number
  format: 'dot' | 'svg'
  out: string
  records: number
}

export default class DaoGraph extends KhaosCommand<typeof DaoGraph> {
  static override description = `Draw the decisions of a records folder: one box per record (id, title, status, date, coloured by status), a bold edge to the record each one supersedes, dashed edges for amends, depends-on and relates-to links (khaos dao link).

DOT by default, or SVG laid out with the bundled Graphviz (WebAssembly; no dot binary needed), printed to stdout unless --out names a file (as adr-tools' \`adr generate graph\` does). The same folder gives the same bytes.`

  static override examples = [
    '<%= config.bin %> dao graph > decisions.dot',
    '<%= config.bin %> dao graph --format svg --out decisions.svg',
    '<%= config.bin %> dao graph --dir synthesis_output | dot -Tpng > decisions.png',
  ]

  static override flags = {
    dir: Flags.string({description: `Records folder (default ./${DEFAULT_RECORDS_DIR}).`}),
    force: Flags.boolean({description: 'Overwrite --out if it exists.'}),
    format: Flags.string({default: 'dot', description: 'Output format.', options: ['dot', 'svg']}),
    out: Flags.string({description: 'Output file (default "-": stdout).'}),
  }

  async run(): Promise<GraphReport> {
    const dir = this.flags.dir ?? DEFAULT_RECORDS_DIR
    const format = this.flags.format as 'dot' | 'svg'
    const report = readRecordsFolder(dir)
    for (const problem of reportLines(report)) warn(problem)
    const dot = recordsGraph(report)
    let data = dot
    if (format === 'svg') {
      const {renderDot} = await import('../../shared/graphviz.js')
      data = String((await renderDot(dot, 'svg', {name: `${shownPath(dir)} graph`})).data)
    }

    const out = this.flags.out ?? '-'
    if (out === '-' && this.jsonEnabled()) throw new InputError('--json needs --out FILE (the graph itself goes to stdout otherwise)')
    if (out === '-') process.stdout.write(data)
    else writeFileAtomic(out, data, {overwrite: this.flags.force, userPath: true})
    const summary = {edges: (dot.match(/ -> /g) ?? []).length, format, out, records: report.records.filter((r) => r.record_type === 'decision').length}
    if (!this.jsonEnabled() && out !== '-') this.log(`wrote ${shownPath(out)} (${summary.records} records, ${summary.edges} links, ${format})`)
    return summary
  }
}
