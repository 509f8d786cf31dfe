import {existsSync} from 'node:fs'
import {dirname, resolve} from 'node:path'

import {writeFileAtomic} from '../shared/atomic.js'
import {InputError} from '../shared/errors.js'
import {lockPathFor, withLockSync} from '../shared/lock.js'
import {readTextFile} from '../shared/input.js'
import {sweepStaleTemps} from '../shared/owner.js'
import {isSafeName} from '../shared/names.js'
import {GRAPH_DEFAULTS, SESSION_DATE} from './fragment.js'

/**
 * Merging works on the text, never by re-serialising the graph: khaos finds its own blocks (between
 * `// khaos:session <id> begin` and `// khaos:session <id> end` lines), swaps or appends them, and copies
 * every other byte of the file through unchanged. A small DOT scanner makes sure a marker is only a marker
 * when it is a real comment line (not text inside a quoted or HTML string or a block comment) and that each
 * block's braces balance, so a broken fragment can never unbalance the main map.
 */

export const INSERT_ANCHOR = '// khaos:insert-sessions-above'
const MARKER = /^[ \t]*\/\/ khaos:session (\S+) (begin|end)[ \t\r]*$/
const STRING_STOP = /["\\\n]/g
const PLAIN_STOP = /["\n/#\-<{}]/g
const MARKER_LIKE = /^[ \t]*\/\/\s*khaos:session(?!-date )\b/

export interface Block {
  session: string
  /** Offset of the first character of the begin-marker line. */
  start: number
  /** Offset just past the end-marker line (past its newline, if it has one). */
  end: number
  /** 1-based line of the begin marker, for messages. */
  line: number
}

export interface ScanResult {
  blocks: Block[]
  /** Offset of the `}` that closes the top-level graph (the last one), if any. */
  closeBrace?: number
  /** Offset of the start of the INSERT_ANCHOR line, if present outside any block. */
  anchor?: number
  /** Whether the top-level graph is a digraph (undefined when no graph body was found). */
  directed?: boolean
}

/** Scans DOT text for khaos blocks. Throws an InputError naming `what` and the line on any malformed marker. */
export function scanDot(text: string, what: string): ScanResult {
  const blocks: Block[] = []
  const sessions = new Set<string>()
  const fail = (line: number, message: string): never => {
    throw new InputError(`${what}:${line}: ${message}; nothing was written`, {code: 'BAD_MARKERS'})
  }

  let depth = 0
  let line = 1
  let open: {depth: number; line: number; session: string; start: number} | undefined
  let closeBrace: number | undefined
  let anchor: number | undefined
  let directed: boolean | undefined
  let i = 0
  const n = text.length
  let atLineStart = true
  while (i < n) {
    if (atLineStart) {
      atLineStart = false
      // Only a line starting with (blanks and) "//" can be a marker or the anchor: skip the rest cheaply.
      let j = i
      while (text[j] === ' ' || text[j] === '\t') j++
      if (text[j] !== '/' || text[j + 1] !== '/') continue
      const eol = text.indexOf('\n', i)
      const lineEnd = eol === -1 ? n : eol
      const content = text.slice(i, lineEnd)
      const m = MARKER.exec(content)
      if (m) {
        const [, session, kind] = m
        if (!isSafeName(session)) fail(line, `khaos marker names an invalid session id ${JSON.stringify(session)}`)
        if (kind === 'begin') {
          if (open) fail(line, `"begin" of session ${session} inside session ${open.session} (opened at line ${open.line}): markers are unbalanced`)
          if (sessions.has(session)) fail(line, `session ${session} appears twice`)
          sessions.add(session)
          open = {depth, line, session, start: i}
        } else {
          if (!open) fail(line, `"end" of session ${session} without its "begin": markers are unbalanced`)
          if (open!.session !== session) fail(line, `"end" of session ${session} but session ${open!.session} is open (since line ${open!.line})`)
          if (depth !== open!.depth) fail(line, `braces inside session ${session} do not balance (since line ${open!.line})`)
          blocks.push({end: eol === -1 ? n : eol + 1, line: open!.line, session, start: open!.start})
          open = undefined
        }

        i = lineEnd
        continue
      }

      if (MARKER_LIKE.test(content))
        fail(line, `malformed khaos marker ${JSON.stringify(content.trim().slice(0, 80))}; expected "// khaos:session <id> begin" or "… end"`)
      if (content.trim() === INSERT_ANCHOR && !open && anchor === undefined) anchor = i
    }

    const c = text[i]
    if (c === '\n') {
      line++
      atLineStart = true
      i++
    } else if (c === '"') {
      // Quoted string: `\"` and `\\` are escapes; it may span lines. Jump between the characters that matter.
      i++
      for (;;) {
        STRING_STOP.lastIndex = i
        const stop = STRING_STOP.exec(text)
        if (!stop) fail(line, 'unterminated quoted string')
        i = stop!.index
        if (text[i] === '"') break
        if (text[i] === '\n') line++
        else if (text[i + 1] === '\n') line++
        i += text[i] === '\\' ? 2 : 1
      }

      i++
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2)
      if (close === -1) fail(line, 'unterminated /* comment')
      for (let j = i; j < close; j++) if (text[j] === '\n') line++
      i = close + 2
    } else if ((c === '/' && text[i + 1] === '/') || (c === '#' && (i === 0 || text[i - 1] === '\n'))) {
      const eol = text.indexOf('\n', i)
      i = eol === -1 ? n : eol
    } else if (c === '-' && (text[i + 1] === '>' || text[i + 1] === '-')) {
      i += 2
    } else if (c === '<') {
      // HTML-like label: nested angle brackets until they balance.
      let level = 0
      const from = line
      do {
        if (text[i] === '<') level++
        else if (text[i] === '>') level--
        else if (text[i] === '\n') line++
        i++
      } while (i < n && level > 0)
      if (level > 0) fail(from, 'unterminated <HTML> label')
    } else if (c === '{') {
      if (depth === 0 && directed === undefined) directed = isDigraphHeader(text.slice(0, i))
      depth++
      i++
    } else if (c === '}') {
      depth--
      if (depth < 0) fail(line, 'unbalanced "}"')
      if (open && depth < open.depth) fail(line, `braces inside session ${open.session} do not balance (since line ${open.line})`)
      if (depth === 0) closeBrace = i
      i++
    } else {
      // Ordinary characters: jump to the next one the scanner cares about.
      PLAIN_STOP.lastIndex = i + 1
      const stop = PLAIN_STOP.exec(text)
      i = stop ? stop.index : n
    }
  }

  if (open) fail(open.line, `session ${open.session} has no "end" marker: markers are unbalanced`)
  return {anchor, blocks, closeBrace, directed}
}

/** True when the text before the first "{" (comments and strings removed) declares a digraph. */
function isDigraphHeader(head: string): boolean {
  const bare = head
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/.*$/gm, ' ')
    .replace(/^#.*$/gm, ' ')
    .replace(/"(?:[^"\\]|\\[\s\S])*"/g, ' ')
  return /\bdigraph\b/i.test(bare)
}

/** The map a new user starts from: explains the rules in comments and has a place for new sessions. */
export function starterMap(): string {
  return [
    '// khaos cognitive map.',
    '//',
    '// Each synthesis session is one cluster between a "khaos:session <id> begin" and a matching "end"',
    '// comment line. `khaos map merge` replaces only those blocks (merging a session again updates it in place)',
    '// and adds new ones above the khaos:insert-sessions-above line. Everything else in this file is yours:',
    '// write nodes, edges and comments anywhere outside the khaos blocks and they stay exactly as you wrote them.',
    '//',
    '// Render it: khaos map render cognitive_map.dot --format svg',
    'digraph "cognitive_map" {',
    ...GRAPH_DEFAULTS.map((line) => `  ${line};`),
    '  label="Cognitive map";',
    '',
    `  ${INSERT_ANCHOR}`,
    '}',
    '',
  ].join('\n')
}

export interface FragmentSource {
  /** For messages: the file name. */
  name: string
  text: string
}

export interface MergeResult {
  text: string
  added: string[]
  replaced: string[]
  unchanged: string[]
}

function blockText(text: string, block: Block): string {
  const body = text.slice(block.start, block.end)
  return body.endsWith('\n') ? body : `${body}\n`
}

/**
 * Merges the khaos blocks of `fragments` into `map` (the main map's text). A session already in the map is
 * replaced where it stands; a new one is added above the insert anchor (else before the graph's closing
 * brace), in the order given. All other text is kept byte for byte. Throws (writing nothing) on bad markers.
 */
export function mergeFragments(map: string, mapName: string, fragments: FragmentSource[]): MergeResult {
  const incoming = new Map<string, {from: string; text: string}>()
  for (const fragment of fragments) {
    const {blocks} = scanDot(fragment.text, fragment.name)
    if (blocks.length === 0) {
      throw new InputError(`${fragment.name}: no khaos session block ("// khaos:session <id> begin" … "end"); is it a khaos map fragment?`, {
        code: 'NO_FRAGMENT',
      })
    }

    for (const block of blocks) {
      const earlier = incoming.get(block.session)
      if (earlier)
        throw new InputError(`session ${block.session} is in both ${earlier.from} and ${fragment.name}; merge one of them`, {code: 'DUPLICATE_SESSION'})
      incoming.set(block.session, {from: fragment.name, text: blockText(fragment.text, block)})
    }
  }

  const scan = scanDot(map, mapName)
  if (scan.directed === false) {
    throw new InputError(`${mapName}: is an undirected graph; khaos session clusters use directed edges, so the map must be a digraph; nothing was written`, {
      code: 'NOT_A_DIGRAPH',
    })
  }

  const added: string[] = []
  const replaced: string[] = []
  const unchanged: string[] = []
  const pieces: string[] = []
  let cursor = 0
  const present = new Set<string>()
  for (const block of scan.blocks) {
    present.add(block.session)
    const next = incoming.get(block.session)
    if (!next) continue
    pieces.push(map.slice(cursor, block.start), next.text)
    cursor = block.end
    if (blockText(map, block) === next.text) unchanged.push(block.session)
    else replaced.push(block.session)
  }

  const fresh = [...incoming].filter(([session]) => !present.has(session))
  if (fresh.length === 0) {
    pieces.push(map.slice(cursor))
  } else {
    let at = scan.anchor ?? scan.closeBrace
    if (at === undefined) throw new InputError(`${mapName}: no closing "}" of a graph found; is it a DOT graph? nothing was written`, {code: 'NOT_A_GRAPH'})
    // The insertion point lies after every block (anchor and closing brace are outside blocks, and blocks
    // cannot follow the top-level closing brace), so the replaced pieces before it are already in place.
    const lastBlockEnd = scan.blocks.length > 0 ? scan.blocks.at(-1)!.end : 0
    if (at < lastBlockEnd) {
      throw new InputError(
        `${mapName}: the ${scan.anchor === undefined ? 'closing brace' : 'khaos:insert-sessions-above line'} comes before a khaos session block; move it below them; nothing was written`,
        {code: 'BAD_MARKERS'},
      )
    }

    // A closing brace alone on its (indented) line: insert above the whole line.
    const lineStart = map.lastIndexOf('\n', at - 1) + 1
    if (map.slice(lineStart, at).trim() === '') at = lineStart
    pieces.push(map.slice(cursor, at))
    const needsNewline = at > 0 && map[at - 1] !== '\n'
    if (needsNewline) pieces.push('\n')
    for (const [session, {text}] of fresh) {
      pieces.push(text)
      added.push(session)
    }

    pieces.push(map.slice(at))
  }

  return {added, replaced, text: pieces.join(''), unchanged}
}

export interface MergeFileReport {
  added: string[]
  /** True when the map did not exist and was started from the starter map. */
  created: boolean
  map: string
  replaced: string[]
  unchanged: string[]
  /** False when the merge changed nothing (the file is then not rewritten). */
  written: boolean
}

/**
 * Merges fragments into the map file `into` (started from the starter map when missing) and writes it
 * atomically, only if something changed. What `khaos map merge` and the pipeline's map stage run.
 */
export function mergeIntoFile(into: string, fragments: FragmentSource[]): MergeFileReport {
  // Read, merge and write under the map's lock: two merges at once (parallel synthesize runs into one --out)
  // would otherwise each write the map they read, and the first one's sessions would be lost.
  return withLockSync(
    lockPathFor(into),
    () => {
      sweepStaleTemps(dirname(resolve(into)))
      const created = !existsSync(into)
      const map = created ? starterMap() : readTextFile(into, {maxBytes: 512 * 1024 * 1024, what: 'map'})
      const result = mergeFragments(map, into, fragments)
      const written = created || result.text !== map
      // A new map is linked into place (never replacing a file that appeared meanwhile); an existing one renamed over.
      if (written) writeFileAtomic(into, result.text, {overwrite: !created})
      return {added: result.added, created, map: into, replaced: result.replaced, unchanged: result.unchanged, written}
    },
    {what: `map ${into}`},
  )
}

export interface SessionView {
  text: string
  kept: string[]
  /** Sessions left out, and those of them that carry no date (maps written before dates were recorded). */
  dropped: string[]
  undated: string[]
}

/**
 * A view of a map with only some sessions: those held on or after `since` (ISO 8601), or the `last` N by date.
 * Blocks are cut out of the text; everything else stays. A session without a date counts as the oldest.
 */
export function selectSessions(text: string, name: string, options: {last?: number; since?: string}): SessionView {
  const {blocks} = scanDot(text, name)
  const dated = blocks.map((block) => ({block, date: SESSION_DATE.exec(text.slice(block.start, block.end))?.[1]}))
  const undated = dated.filter((d) => d.date === undefined).map((d) => d.block.session)
  let keep = dated
  if (options.since !== undefined) keep = keep.filter((d) => d.date !== undefined && d.date >= options.since!)
  if (options.last !== undefined) {
    const order = (d: (typeof dated)[number]) => d.date ?? ''
    keep = [...keep].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : a.block.start - b.block.start)).slice(-options.last)
  }

  const kept = new Set(keep.map((d) => d.block))
  const pieces: string[] = []
  let cursor = 0
  for (const block of blocks) {
    if (kept.has(block)) continue
    pieces.push(text.slice(cursor, block.start))
    cursor = block.end
  }

  pieces.push(text.slice(cursor))
  return {
    dropped: blocks.filter((b) => !kept.has(b)).map((b) => b.session),
    kept: blocks.filter((b) => kept.has(b)).map((b) => b.session),
    text: pieces.join(''),
    undated,
  }
}
