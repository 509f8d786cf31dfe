import {
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml'

/**
 * Minimal edits of YAML text. The `yaml` package's Document API (parsed with source ranges and a LineCounter)
 * locates the nodes; the change itself is a splice of the original text at those ranges, so every byte the fix
 * does not touch (comments, quoting, indentation, blank lines, key order) stays as it was. Re-stringifying the
 * document would reflow it; the CST's own stringify keeps bytes but cannot create new entries with the file's
 * indentation, which most fixes need.
 */

export interface TextEdit {
  start: number
  end: number
  text: string
}

export interface ParsedYaml {
  text: string
  doc: Document.Parsed
  lines: LineCounter
}

export function parseYaml(text: string): ParsedYaml | undefined {
  const lines = new LineCounter()
  const doc = parseDocument(text, {keepSourceTokens: false, lineCounter: lines, prettyErrors: false, strict: false, uniqueKeys: false})
  if (doc.errors.length > 0) return undefined
  return {doc, lines, text}
}

/** True when `text` parses as YAML without errors (all documents). */
export function yamlParses(text: string): boolean {
  try {
    return parseDocument(text, {uniqueKeys: false}).errors.length === 0
  } catch {
    return false
  }
}

export type Ancestors = Array<Node | Pair>

/** Every node (and pair) of the document whose source starts on 1-based `line`, with its ancestors (outermost first). */
export function nodesOnLine(y: ParsedYaml, line: number): Array<{node: Node | Pair; ancestors: Ancestors}> {
  const out: Array<{node: Node | Pair; ancestors: Ancestors}> = []
  const lineOf = (offset: number) => y.lines.linePos(offset).line
  const walk = (node: unknown, ancestors: Ancestors) => {
    if (isPair(node)) {
      const key = node.key as Node | null
      if (key?.range && lineOf(key.range[0]) === line) out.push({ancestors, node})
      walk(node.value, [...ancestors, node])
      return
    }

    if (!isNode(node)) return
    if (node.range && lineOf(node.range[0]) === line) out.push({ancestors, node})
    if (isMap(node) || isSeq(node)) for (const item of node.items) walk(item, [...ancestors, node])
  }

  walk(y.doc.contents, [])
  return out
}

/** Items of every sequence under key `key` whose source spans 1-based `line` (a long-syntax entry reported at its `source:` line). */
export function seqItemsCovering(y: ParsedYaml, key: string, line: number): Array<{item: Node; ancestors: Ancestors}> {
  const out: Array<{item: Node; ancestors: Ancestors}> = []
  const lineOf = (offset: number) => y.lines.linePos(offset).line
  const walk = (node: unknown, ancestors: Ancestors) => {
    if (isPair(node)) return walk(node.value, [...ancestors, node])
    if (!isNode(node)) return
    if (isSeq(node) && isPair(ancestors.at(-1)) && keyName(ancestors.at(-1) as Pair) === key) {
      for (const item of node.items) {
        if (isNode(item) && item.range && lineOf(item.range[0]) <= line && line <= lineOf(Math.max(item.range[0], item.range[1] - 1)))
          out.push({ancestors: [...ancestors, node], item})
      }
    }

    if (isMap(node) || isSeq(node)) for (const item of node.items) walk(item, [...ancestors, node])
  }

  walk(y.doc.contents, [])
  return out
}

export function keyName(pair: Pair): string | undefined {
  const key = pair.key as unknown
  if (isScalar(key)) return String(key.value)
  return typeof key === 'string' ? key : undefined
}

/** The key of the pair whose value is the collection holding `node` (`ports` for an item of `ports:`). */
export function collectionKey(ancestors: Ancestors): string | undefined {
  const collection = ancestors.at(-1)
  const pair = ancestors.at(-2)
  if (!(isSeq(collection) || isMap(collection)) || !isPair(pair)) return undefined
  return keyName(pair)
}

export function scalarText(node: Scalar): string {
  return node.value === null || node.value === undefined ? '' : String(node.value)
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1
}

/** Offset just after the newline ending the line that holds `offset` (or the text's end). */
function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset)
  return nl === -1 ? text.length : nl + 1
}

function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset)
}

/** The line ending the file uses (CRLF files stay CRLF). */
function eol(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n'
}

/** Text to insert at a line start: the lines, each ending with the file's line ending (adds one before when the file lacks a final newline). */
function insertLines(text: string, at: number, lines: string[]): TextEdit {
  const nl = eol(text)
  const lead = at === text.length && text.length > 0 && !text.endsWith('\n') ? nl : ''
  return {end: at, start: at, text: lead + lines.map((l) => `${l}${nl}`).join('')}
}

/** A scalar written back in the style it had: the same quotes, or plain when plain is safe, else double quotes. */
function formatScalarLike(node: Scalar, value: string): string {
  if (node.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`
  if (node.type === 'QUOTE_DOUBLE') return JSON.stringify(value)
  return plainSafe(value) ? value : JSON.stringify(value)
}

function plainSafe(value: string): boolean {
  if (value === '' || /^[\s,[\]{}#&*!|>'"%@`]/.test(value) || /^[-?:](\s|$)/.test(value) || /\s$/.test(value)) return false
  if (/: |\s#|[\r\n\t]/.test(value) || value.endsWith(':')) return false
  // Would read back as another type (number, bool, null) or as a different string.
  const doc = parseDocument(value)
  return doc.errors.length === 0 && doc.contents !== null && isScalar(doc.contents) && doc.contents.value === value
}

export function replaceScalar(node: Scalar, value: string): TextEdit {
  const [start, end] = node.range!
  return {end, start, text: formatScalarLike(node, value)}
}

/** Only whitespace (and, for a sequence item, its `- `) precedes `offset` on its line: the entry owns the line. */
function ownsLine(text: string, offset: number, allowDash = false): boolean {
  const before = text.slice(lineStart(text, offset), offset)
  return allowDash ? /^\s*(-\s+)?$/.test(before) : /^\s*$/.test(before)
}

/** Where the entry ending at `end` stops: after its line's newline, provided only a comment follows it there. */
function entryEnd(text: string, end: number): number | undefined {
  const stop = nextLineStart(text, end)
  return /^\s*(#.*)?\r?\n?$/.test(text.slice(end, stop)) ? stop : undefined
}

/** Removes a block map entry (`privileged: true`) with its whole lines; undefined when it does not own them. */
export function removePair(y: ParsedYaml, pair: Pair): TextEdit | undefined {
  const key = pair.key as Node
  const value = pair.value as Node | null
  if (!key?.range || !ownsLine(y.text, key.range[0])) return undefined
  const end = entryEnd(y.text, value?.range ? value.range[1] : key.range[1])
  if (end === undefined) return undefined
  return {end, start: lineStart(y.text, key.range[0]), text: ''}
}

/** Removes one item of a block sequence with its line(s); undefined for flow sequences or shared lines. */
export function removeSeqItem(y: ParsedYaml, seq: YAMLSeq, item: Node): TextEdit | undefined {
  if (seq.flow || !item.range) return undefined
  const dash = y.text.lastIndexOf('-', item.range[0] - 1)
  if (dash < 0 || !ownsLine(y.text, dash)) return undefined
  const end = entryEnd(y.text, item.range[1])
  if (end === undefined) return undefined
  return {end, start: lineStart(y.text, dash), text: ''}
}

/** Removes one item of a flow sequence (`[a, b]`) with its separating comma. */
export function removeFlowItem(y: ParsedYaml, seq: YAMLSeq, index: number): TextEdit | undefined {
  const items = seq.items as Node[]
  const item = items[index]
  if (!seq.flow || !item?.range) return undefined
  if (items.length === 1) return undefined
  if (index > 0) return {end: item.range[1], start: items[index - 1].range![1], text: ''}
  return {end: items[1].range![0], start: item.range[0], text: ''}
}

/** Adds entries at the end of a block map, indented like its keys: `lines` are relative to that indentation. */
export function appendToBlockMap(y: ParsedYaml, map: YAMLMap, lines: string[]): TextEdit | undefined {
  if (map.flow || map.items.length === 0) return undefined
  const first = map.items[0].key as Node
  const last = map.items.at(-1)!
  const lastEnd = ((last.value as Node | null)?.range ?? (last.key as Node).range)![1]
  const at = entryEnd(y.text, lastEnd)
  if (!first?.range || at === undefined) return undefined
  const indent = ' '.repeat(columnOf(y.text, first.range[0]))
  return insertLines(
    y.text,
    at,
    lines.map((l) => indent + l),
  )
}

/** Adds an item at the end of a block sequence, indented like its items. */
export function appendToBlockSeq(y: ParsedYaml, seq: YAMLSeq, item: string): TextEdit | undefined {
  if (seq.flow || seq.items.length === 0) return undefined
  const last = seq.items.at(-1) as Node
  const dash = y.text.lastIndexOf('-', last.range![0] - 1)
  const at = entryEnd(y.text, last.range![1])
  if (dash < 0 || at === undefined) return undefined
  return insertLines(y.text, at, [`${' '.repeat(columnOf(y.text, dash))}- ${item}`])
}

/** Inserts an item right after `after` in a block sequence (same indentation). */
export function insertSeqItemAfter(y: ParsedYaml, seq: YAMLSeq, after: Node, item: string): TextEdit | undefined {
  if (!after.range) return undefined
  if (seq.flow) return {end: after.range[1], start: after.range[1], text: `, ${item}`}
  const dash = y.text.lastIndexOf('-', after.range[0] - 1)
  const at = entryEnd(y.text, after.range[1])
  if (dash < 0 || at === undefined) return undefined
  return insertLines(y.text, at, [`${' '.repeat(columnOf(y.text, dash))}- ${item}`])
}

/** Adds `key: value` to a flow map (`{a: 1}` → `{a: 1, key: value}`; `{}` → `{key: value}`). */
export function addToFlowMap(y: ParsedYaml, map: YAMLMap, entry: string): TextEdit | undefined {
  if (!map.flow || !map.range) return undefined
  const close = y.text.lastIndexOf('}', map.range[1])
  if (close < map.range[0]) return undefined
  if (map.items.length === 0) return {end: close, start: y.text.indexOf('{', map.range[0]) + 1, text: entry}
  const last = map.items.at(-1)!
  const end = ((last.value as Node | null)?.range ?? (last.key as Node).range)![1]
  return {end, start: end, text: `, ${entry}`}
}

/** Adds `entry` as the first child of the block map under `pair` (`docker:` on its own line, value empty or a block map). */
export function addUnderKey(y: ParsedYaml, pair: Pair, entry: string): TextEdit | undefined {
  const key = pair.key as Node
  if (!key?.range) return undefined
  const colon = y.text.indexOf(':', key.range[1])
  const at = colon < 0 ? undefined : entryEnd(y.text, colon + 1)
  if (at === undefined) return undefined
  return insertLines(y.text, at, [`${' '.repeat(columnOf(y.text, key.range[0]) + 2)}${entry}`])
}
