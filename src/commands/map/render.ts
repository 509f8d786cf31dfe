import {Args, Flags} from '../../shared/oclif.js'
import {createHash} from 'node:crypto'

import {KhaosCommand} from '../../base-command.js'
import {assertWritable, writeFileAtomic} from '../../shared/atomic.js'
import {InputError} from '../../shared/errors.js'
import {readTextFile} from '../../shared/input.js'
import {warn} from '../../shared/output.js'
import {isRendered, LAYOUT_ENGINES, markRendered, RENDER_FORMATS, type RenderFormat, renderDot} from '../../shared/graphviz.js'
import {scanDot, selectSessions} from '../../map/merge.js'

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
  /** With --since/--last: the sessions drawn and those left out. */
  sessions?: {dropped: string[]; kept: string[]}
  width?: number
}

export default class MapRender extends KhaosCommand<typeof MapRender> {
  static override args = {
    file: Args.string({description: 'DOT file: the main map or a fragment.', required: true}),
  }

  static override description = `Render a map or fragment to SVG or PNG with Graphviz compiled to WebAssembly: no system "dot" binary is needed.

PNG goes through resvg (@resvg/resvg-js) and uses the system's fonts (DejaVu Sans preferred); a PNG wider or taller than 16384 px is scaled down to fit. The output defaults to FILE with the format's extension; "--out -" writes to stdout. An image khaos rendered before (it is marked inside) is replaced; any other existing file needs --force.

--since DATE or --last N draws only those sessions (by the date each session's block records); people and tensions shared with the sessions left out stay, linked to the sessions drawn.`

  static override examples = [
    '<%= config.bin %> map render cognitive_map.dot',
    '<%= config.bin %> map render cognitive_map.dot --format png --out map.png --force',
    '<%= config.bin %> map render cognitive_map.dot --last 3 --out recent.svg',
  ]

  static override flags = {
    engine: Flags.string({default: 'dot', description: 'Graphviz layout engine.', options: [...LAYOUT_ENGINES]}),
    force: Flags.boolean({description: 'Overwrite --out if it exists and is not an image khaos rendered.'}),
    last: Flags.integer({description: 'Draw only the N most recent sessions.', min: 1}),
    format: Flags.string({default: 'svg', description: 'Output format.', options: [...RENDER_FORMATS]}),
    out: Flags.string({description: 'Output file ("-" for stdout). Default: FILE with the format\'s extension.'}),
    scale: Flags.string({default: '2', description: 'PNG zoom factor (0.1-8).'}),
    since: Flags.string({description: 'Draw only the sessions held on or after this date (YYYY-MM-DD or ISO 8601).'}),
  }

  async run(): Promise<RenderReport> {
    const {args, flags} = this
    const format = flags.format as RenderFormat
    const scale = Number(flags.scale)
    if (!Number.isFinite(scale) || scale < 0.1 || scale > 8) throw new InputError(`invalid --scale ${JSON.stringify(flags.scale)}: use a number from 0.1 to 8`)
    const out = flags.out ?? `${args.file.replace(/\.(dot|gv)$/i, '')}.${format}`
    if (out === '-' && this.jsonEnabled()) throw new InputError('--out - (image on stdout) cannot be combined with --json')
    if (out === args.file) throw new InputError(`--out ${out} is the input file`)
    // (A render can take minutes: a taken --out is refused before it, not after.)
    // (Our own earlier image is replaced; read once, before the render, and kept for the write.)
    const overwrite = out !== '-' && (flags.force || isRendered(out))
    if (out !== '-') assertWritable(out, {overwrite})
    let dot = readTextFile(args.file, {what: 'map'})
    let view: {dropped: string[]; kept: string[]} | undefined
    if (flags.since !== undefined || flags.last !== undefined) {
      const since = flags.since === undefined ? undefined : sinceDate(flags.since)
      const selected = selectSessions(dot, args.file, {last: flags.last, since})
      if (selected.undated.length > 0) warn(`${selected.undated.length} session(s) carry no date (written before khaos recorded one) and count as the oldest`)
      dot = selected.text
      view = {dropped: selected.dropped, kept: selected.kept}
    }

    // Counted with the one marker scanner; a map whose markers are broken still renders (Graphviz ignores comments).
    let sessions = 0
    try {
      sessions = scanDot(dot, args.file).blocks.length
    } catch {
      // Leave the count at 0: only the slow-layout warning depends on it.
    }

    // dot's cluster layout grows much faster than linearly (bench/map.ts: 100 sessions ≈ 3 s; 1,000 over 5 min, where osage takes ≈ 20 s).
    if (flags.engine === 'dot' && sessions > LARGE_MAP_SESSIONS) {
      warn(`${args.file} holds ${sessions} sessions; the dot layout of that many clusters can take minutes (--engine osage packs the clusters much faster)`)
    }

    const result = await renderDot(dot, format, {engine: flags.engine as (typeof LAYOUT_ENGINES)[number], name: args.file, scale})
    const marked = markRendered(result.data)
    const bytes = typeof marked === 'string' ? Buffer.from(marked, 'utf8') : marked
    if (out === '-') process.stdout.write(bytes)
    else writeFileAtomic(out, bytes, {overwrite, userPath: true})
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
      ...(view ? {sessions: view} : {}),
      width: result.width,
    }
    if (!this.jsonEnabled() && out !== '-') {
      const size = result.width ? `, ${result.width}x${result.height} px${result.downscaled ? ' (scaled down to fit)' : ''}` : ''
      const drawn = view ? `; ${view.kept.length} of ${view.kept.length + view.dropped.length} sessions` : ''
      this.log(`wrote ${out} (${format}, ${bytes.length} bytes${size}${drawn}) with Graphviz ${result.graphvizVersion} (WebAssembly)`)
    }

    return report
  }
}

/** A --since value as the ISO 8601 UTC instant session dates are compared with. */
function sinceDate(value: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value
  const time = Date.parse(day)
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) throw new InputError(`invalid --since ${JSON.stringify(value)}: use YYYY-MM-DD or ISO 8601`)
  return new Date(time).toISOString().replace('.000Z', 'Z')
}
