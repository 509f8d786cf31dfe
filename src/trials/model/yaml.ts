import {LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node} from 'yaml'

/**
 * YAML with line numbers, as plain JS values. Every map and sequence converted here is registered in a
 * WeakMap with the line of the node itself and of each key/item, so detectors work on ordinary objects
 * and still ask `lineOf(obj, key)`. Aliases resolve to the SAME converted object (a DAG, never a copy),
 * merge keys (`<<`) are applied, and an alias expansion budget refuses "billion laughs" documents
 * before anything walks them.
 */

export type YamlValue = null | boolean | number | string | YamlValue[] | {[key: string]: YamlValue}

interface Lines {
  self: number
  keys: Map<string | number, number>
}

const lineTable = new WeakMap<object, Lines>()

/** Line (1-based) of a key or item inside a converted map/sequence; falls back to the container's line. */
export function lineOf(container: unknown, key?: string | number): number {
  if (container === null || typeof container !== 'object') return 0
  const lines = lineTable.get(container)
  if (!lines) return 0
  if (key === undefined) return lines.self
  return lines.keys.get(key) ?? lines.self
}

/** What one YAML file parsed into. `error` is set when the file is malformed; `docs` then holds what parsed. */
export interface ParsedYaml {
  docs: YamlValue[]
  error?: {line: number; message: string}
}

/** Alias expansion budget: how many nodes the document would have if every alias were copied. */
const MAX_ALIAS_COUNT = 1000
const MAX_EXPANDED_NODES = 200_000

export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter()
  let documents: Document.Parsed[]
  try {
    documents = parseAllDocuments(text, {lineCounter, merge: true, prettyErrors: false, uniqueKeys: false}) as Document.Parsed[]
  } catch (error) {
    return {docs: [], error: {line: 1, message: (error as Error).message}}
  }

  if (!Array.isArray(documents)) documents = []
  // Only a document with many alias references can expand badly; a handful (x-common anchors) cannot.
  const manyAliases = (text.match(/(^|[\s[{,:-])\*[^\s,[\]{}]/g)?.length ?? 0) > 16
  const docs: YamlValue[] = []
  for (const doc of documents) {
    const error = doc.errors[0]
    if (error) {
      const line = error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line
      return {docs, error: {line, message: firstLine(error.message)}}
    }

    try {
      // yaml's own guard (maxAliasCount) throws on documents whose aliases would expand excessively; it
      // costs a full conversion, so it runs only on documents with many alias references.
      if (manyAliases) doc.toJS({maxAliasCount: MAX_ALIAS_COUNT})
      docs.push(new Converter(doc, lineCounter).convert(doc.contents as Node | null))
    } catch (error) {
      const message = (error as Error).message
      return {
        docs,
        error: {
          line: 1,
          message: /alias|resource exhaustion/i.test(message)
            ? `alias expansion refused (possible YAML alias bomb): ${firstLine(message)}`
            : firstLine(message),
        },
      }
    }
  }

  return {docs}
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim()
}

class Converter {
  private readonly memo = new Map<Node, YamlValue>()
  private expanded = 0

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lc: LineCounter,
  ) {}

  convert(node: Node | null | undefined): YamlValue {
    if (++this.expanded > MAX_EXPANDED_NODES) throw new Error('alias expansion too large (possible YAML alias bomb)')
    if (node === null || node === undefined) return null
    if (isAlias(node)) {
      const target = node.resolve(this.doc)
      if (!target) return null
      return this.convert(target as Node)
    }

    const cached = this.memo.get(node)
    if (cached !== undefined) return cached
    if (isScalar(node)) {
      const v = node.value
      const value: YamlValue = v === null || v === undefined ? null : typeof v === 'object' ? String(v) : (v as boolean | number | string)
      return value
    }

    if (isMap(node)) {
      const out: {[key: string]: YamlValue} = {}
      const lines: Lines = {keys: new Map(), self: this.line(node)}
      lineTable.set(out, lines)
      this.memo.set(node, out)
      const merges: YamlValue[] = []
      for (const pair of node.items) {
        if (!isPair(pair)) continue
        const keyNode = pair.key as Node | null
        const raw = isScalar(keyNode) ? keyNode.value : undefined
        // yaml marks a merge key with a Symbol value when `merge` is on; a quoted '<<' stays a plain key.
        const key = typeof raw === 'symbol' ? '<<' : isScalar(keyNode) ? String(raw) : keyNode ? String(keyNode) : ''
        if (typeof raw === 'symbol') {
          const value = this.convert(pair.value as Node)
          if (Array.isArray(value)) merges.push(...value)
          else merges.push(value)
          continue
        }

        out[key] = this.convert(pair.value as Node)
        lines.keys.set(key, keyNode ? this.line(keyNode) : lines.self)
      }

      // Merge keys: explicit keys win, earlier merge sources win over later ones (YAML merge semantics).
      for (const source of merges) {
        if (source === null || typeof source !== 'object' || Array.isArray(source)) continue
        for (const [key, value] of Object.entries(source)) {
          if (key in out) continue
          out[key] = value
          lines.keys.set(key, lineOf(source, key))
        }
      }

      return out
    }

    if (isSeq(node)) {
      const out: YamlValue[] = []
      const lines: Lines = {keys: new Map(), self: this.line(node)}
      lineTable.set(out, lines)
      this.memo.set(node, out)
      node.items.forEach((item, index) => {
        out.push(this.convert(item as Node))
        lines.keys.set(index, this.line(item as Node))
      })
      return out
    }

    return null
  }

  private line(node: Node | null | undefined): number {
    const offset = node?.range?.[0]
    return offset === undefined ? 0 : this.lc.linePos(offset).line
  }
}

export function isRecord(value: unknown): value is {[key: string]: YamlValue} {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** Scalar → string; anything else → undefined. */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}
