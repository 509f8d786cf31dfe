import {Args, Flags} from '../../shared/oclif.js'
import {createHash} from 'node:crypto'

import {KhaosCommand} from '../../base-command.js'
import {writeFileAtomic} from '../../shared/atomic.js'
import {InputError} from '../../shared/errors.js'
import {readTextFile} from '../../shared/input.js'
import {warn} from '../../shared/output.js'
import {LAYOUT_ENGINES, RENDER_FORMATS, type RenderFormat, renderDot} from '../../shared/graphviz.js'

/** Above this many sessions the dot layout gets slow enough to warn about. */
const LARGE_MAP_SESSIONS = 150

export interface RenderReport {
  bytes: number
  downscaled?: boolean
  engine: string
  format: RenderFormat
  graphviz: string
  height?: number
  input: string
  out: string
  sha256: string
  width?: number
}

export default class MapRender extends KhaosCommand<typeof MapRender> {
  static override args = {
    file: Args.string({description: 'DOT file: the main map or a fragment.', required: true}),
  }

  static override description = `Render a map or fragment to SVG or PNG with Graphviz compiled to WebAssembly: no system "dot" binary is needed.

PNG goes through resvg (@resvg/resvg-js) and uses the system's fonts (DejaVu Sans preferred); a PNG wider or taller than 16384 px is scaled down to fit. The output defaults to FILE with the format's extension; "--out -" writes to stdout.`

  static override examples = [
    '<%= config.bin %> map render cognitive_map.dot',
    '<%= config.bin %> map render cognitive_map.dot --format png --out map.png --force',
  ]

  static override flags = {
    engine: Flags.string({default: 'dot', description: 'Graphviz layout engine.', options: [...LAYOUT_ENGINES]}),
    force: Flags.boolean({description: 'Overwrite --out if it exists.'}),
    format: Flags.string({default: 'svg', description: 'Output format.', options: [...RENDER_FORMATS]}),
    out: Flags.string({description: 'Output file ("-" for stdout). Default: FILE with the format\'s extension.'}),
    scale: Flags.string({default: '2', description: 'PNG zoom factor (0.1-8).'}),
  }

  async run(): Promise<RenderReport> {
    const {args, flags} = this
    const format = flags.format as RenderFormat
    const scale = Number(flags.scale)
    if (!Number.isFinite(scale) || scale < 0.1 || scale > 8) throw new InputError(`invalid --scale ${JSON.stringify(flags.scale)}: use a number from 0.1 to 8`)
    const out = flags.out ?? `${args.file.replace(/\.(dot|gv)$/i, '')}.${format}`
    if (out === '-' && this.jsonEnabled()) throw new InputError('--out - (image on stdout) cannot be combined with --json')
    if (out === args.file) throw new InputError(`--out ${out} is the input file`)
    const dot = readTextFile(args.file, {what: 'map'})
    const sessions = (dot.match(/^[ \t]*\/\/ khaos:session \S+ begin[ \t\r]*$/gm) ?? []).length
    // dot's cluster layout grows much faster than linearly (bench/map.ts: 100 sessions ≈ 3 s; 1,000 over 5 min, where osage takes ≈ 20 s).
    if (flags.engine === 'dot' && sessions > LARGE_MAP_SESSIONS) {
      warn(`${args.file} holds ${sessions} sessions; the dot layout of that many clusters can take minutes (--engine osage packs the clusters much faster)`)
    }

    const result = await renderDot(dot, format, {engine: flags.engine as (typeof LAYOUT_ENGINES)[number], name: args.file, scale})
    const bytes = typeof result.data === 'string' ? Buffer.from(result.data, 'utf8') : result.data
    if (out === '-') process.stdout.write(bytes)
    else writeFileAtomic(out, bytes, {overwrite: flags.force, userPath: true})
    const report: RenderReport = {
      bytes: bytes.length,
      downscaled: result.downscaled,
      engine: flags.engine,
      format,
      graphviz: result.graphvizVersion,
      height: result.height,
      input: args.file,
      out,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      width: result.width,
    }
    if (!this.jsonEnabled() && out !== '-') {
      const size = result.width ? `, ${result.width}x${result.height} px${result.downscaled ? ' (scaled down to fit)' : ''}` : ''
      this.log(`wrote ${out} (${format}, ${bytes.length} bytes${size}) with Graphviz ${result.graphvizVersion} (WebAssembly)`)
    }

    return report
  }
}
