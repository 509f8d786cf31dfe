import {closeSync, openSync, readSync} from 'node:fs'
import * as zlib from 'node:zlib'

import {InputError, KhaosError} from './errors.js'

/**
 * Rendering uses Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz), so no `dot` binary is needed,
 * and @resvg/resvg-js (resvg, a Rust SVG renderer shipped as a prebuilt Node-API module in the npm package)
 * for PNG, since the WebAssembly Graphviz only writes vector formats. Both are imported on first use only.
 */

export type RenderFormat = 'png' | 'svg'
export const RENDER_FORMATS: readonly RenderFormat[] = ['svg', 'png']
export const LAYOUT_ENGINES = ['dot', 'neato', 'fdp', 'sfdp', 'circo', 'twopi', 'osage', 'patchwork'] as const
export type LayoutEngine = (typeof LAYOUT_ENGINES)[number]

/** Largest PNG side in pixels; bigger maps are scaled down to fit rather than failing to allocate. */
const MAX_PNG_SIDE = 16_384

export interface RenderOptions {
  /** For messages: the file name. */
  name: string
  engine?: LayoutEngine
  /** PNG zoom factor (default 2, for a sharp image). */
  scale?: number
}

export interface RenderResult {
  data: string | Uint8Array
  format: RenderFormat
  /** PNG only: pixel size, and whether the map was scaled down to fit MAX_PNG_SIDE. */
  height?: number
  width?: number
  downscaled?: boolean
  graphvizVersion: string
}

/** Lays out DOT text as SVG with the WebAssembly Graphviz. Invalid DOT is an InputError naming the file. */
export async function layoutSvg(dot: string, options: RenderOptions): Promise<{svg: string; version: string}> {
  const {Graphviz} = await import('@hpcc-js/wasm-graphviz')
  const graphviz = await Graphviz.load()
  try {
    return {svg: graphviz.layout(dot, 'svg', options.engine ?? 'dot'), version: graphviz.version()}
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]
    // A valid graph too big for the WebAssembly Graphviz overflows its stack or memory: say so, with its size,
    // rather than calling a valid file unreadable.
    if (error instanceof RangeError || RESOURCE_EXHAUSTED.test(message)) {
      const size = graphSize(dot)
      throw new InputError(
        `${options.name}: too large for Graphviz (WebAssembly) to lay out: ${formatCount(size.edges)} edges, ${formatCount(size.nodes)} nodes, ${formatCount(dot.length)} bytes (${message})`,
        {code: 'MAP_TOO_LARGE', hint: 'render a fragment or a smaller map (khaos map fragment), or try --engine sfdp or osage'},
      )
    }

    throw new InputError(`${options.name}: Graphviz cannot read it: ${message}`, {code: 'BAD_DOT'})
  }
}

const RESOURCE_EXHAUSTED = /call stack|out of memory|memory access out of bounds|Cannot enlarge memory|Aborted\(|unreachable/i

function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

/**
 * Edges and nodes of a DOT text, for messages: edge operators (`->`, `--`) and distinct node ids at their ends,
 * counted after quoted strings and comments are set aside. An estimate of the graph's size, not a parser.
 */
function graphSize(dot: string): {edges: number; nodes: number} {
  const bare = dot.replace(/"(?:[^"\\]|\\.)*"/g, '"s"').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|^#[^\n]*/gm, '')
  let edges = 0
  const nodes = new Set<string>()
  for (const match of bare.matchAll(/([\w.]+|"s")\s*(-[->])\s*([\w.]+|"s")/g)) {
    edges++
    nodes.add(match[1])
    nodes.add(match[3])
  }

  return {edges, nodes: nodes.size}
}

async function svgToPng(svg: string, scale = 2): Promise<{downscaled: boolean; height: number; png: Uint8Array; width: number}> {
  let Resvg: typeof import('@resvg/resvg-js').Resvg
  try {
    ;({Resvg} = await import('@resvg/resvg-js'))
  } catch (error) {
    throw new KhaosError(
      `PNG output needs @resvg/resvg-js with its prebuilt module for ${process.platform}-${process.arch}, which did not load (${(error as Error).message.split('\n')[0]}); render --format svg instead`,
      {code: 'PNG_UNAVAILABLE', exitCode: 1},
    )
  }

  // Graphviz sizes boxes with Helvetica metrics; Liberation Sans has the same metrics, so text fits its boxes.
  const font = {defaultFontFamily: 'Liberation Sans', loadSystemFonts: true, sansSerifFamily: 'Liberation Sans'}
  const probe = new Resvg(svg, {font: {loadSystemFonts: false}})
  const side = Math.max(probe.width, probe.height, 1)
  const zoom = Math.min(scale, MAX_PNG_SIDE / side)
  const image = new Resvg(svg, {background: 'white', fitTo: {mode: 'zoom', value: zoom}, font, logLevel: 'off'}).render()
  return {downscaled: zoom < scale, height: image.height, png: new Uint8Array(image.asPng()), width: image.width}
}

export async function renderDot(dot: string, format: RenderFormat, options: RenderOptions): Promise<RenderResult> {
  const {svg, version} = await layoutSvg(dot, options)
  if (format === 'svg') return {data: svg, format, graphvizVersion: version}
  const png = await svgToPng(svg, options.scale)
  return {data: png.png, downscaled: png.downscaled, format, graphvizVersion: version, height: png.height, width: png.width}
}

/** What marks an image as khaos's own rendering: re-rendering may replace it without --force. */
const RENDERED_BY = 'khaos map render'

/**
 * Marks a rendering as khaos's: an XML comment after the SVG's declaration, or a PNG tEXt chunk
 * (Software=khaos map render) right after IHDR, where PNG readers expect metadata.
 */
export function markRendered(data: string | Uint8Array): string | Uint8Array {
  if (typeof data === 'string') {
    const end = data.startsWith('<?xml') ? data.indexOf('?>') + 2 : 0
    return `${data.slice(0, end)}\n<!-- ${RENDERED_BY} -->${data.slice(end)}`
  }

  const body = Buffer.concat([Buffer.from('tEXt'), Buffer.from(`Software\0${RENDERED_BY}`, 'latin1')])
  const chunk = Buffer.alloc(body.length + 8)
  chunk.writeUInt32BE(body.length - 4, 0)
  body.copy(chunk, 4)
  chunk.writeUInt32BE(crc32(body), body.length + 4)
  const ihdrEnd = 8 + 8 + 13 + 4
  return Buffer.concat([data.subarray(0, ihdrEnd), chunk, data.subarray(ihdrEnd)])
}

/** True when the file at `path` is a rendering markRendered marked (it is read only up to its first 4 KB). */
export function isRendered(path: string): boolean {
  let head: Buffer
  try {
    const fd = openSync(path, 'r')
    try {
      head = Buffer.alloc(4096)
      head = head.subarray(0, readSync(fd, head, 0, head.length, 0))
    } finally {
      closeSync(fd)
    }
  } catch {
    return false
  }

  return head.includes(`<!-- ${RENDERED_BY} -->`) || head.includes(`Software\0${RENDERED_BY}`)
}

/** CRC-32 (ISO 3309, as PNG uses): zlib's own from Node 20.15 on, the table-free bitwise form before it. */
function crc32(data: Uint8Array): number {
  const native = (zlib as {crc32?: (data: Uint8Array) => number}).crc32
  if (native) return native(data) >>> 0
  let crc = 0xffffffff
  for (const byte of data) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1))
  }

  return (crc ^ 0xffffffff) >>> 0
}
