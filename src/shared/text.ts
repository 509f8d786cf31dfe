/**
 * Text that khaos did not write (file and service names from a scanned tree, subjects of a notary, titles of
 * records, a learner's command output) must reach a terminal or a line-based report as inert, visible text.
 * An ESC or OSC sequence could set the window title, clear the screen or forge a PASS line; a CR or newline
 * could split one table row into two; a bidi override (U+202E) could show a name reversed.
 */

// C0 controls, DEL, C1 controls (0x9B is a one-byte CSI), the Unicode line/paragraph separators, the bidi
// embeddings/overrides/isolates and the BOM. Each is shown as an escape, so the reader sees that it was there.

const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/g

const UNSAFE_KEEP_LINES = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/g
// Select Graphic Rendition only (colour, bold, underline): it cannot move the cursor, clear the screen or set a
// title, so `keepStyle` lets khaos's own colours through while every other escape is still shown.

const SGR = /(\u001B\[[0-9;:]*m)/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

const NAMED: Record<string, string> = {'\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001B': '\\e'}

function visible(ch: string): string {
  const named = NAMED[ch]
  if (named) return named
  const code = ch.codePointAt(0)!
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/**
 * One line of text safe for a terminal or a table cell: every control character, escape introducer, line
 * break and bidi control is rendered visibly (`\e`, `\n`, `\x9b`, `\u202e`), lone surrogates become U+FFFD.
 * With `keepLines`, newlines and tabs are kept (multi-line messages) and CR is still shown.
 */
export function terminalSafe(value: string, options: {keepLines?: boolean; keepStyle?: boolean} = {}): string {
  const text = String(value)
  if (options.keepStyle)
    return text
      .split(SGR)
      .map((part, i) => (i % 2 === 1 ? part : terminalSafe(part, {keepLines: options.keepLines})))
      .join('')
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(options.keepLines ? UNSAFE_KEEP_LINES : UNSAFE, visible)
}

/**
 * The text with its first letter in lower case, to go on after other words ("Default TTL" → "default TTL"), unless
 * the first word is an acronym ("TTL", "API instance", "RPO of postgres" stay as written).
 */
export function lowerFirst(text: string): string {
  return /^[A-Z]{2}/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1)
}

/**
 * Shortens to at most `max` code points (never splitting a surrogate pair), marking the cut with `…`.
 * With `atWord`, whitespace is folded first and the cut falls on a word boundary when one is near. With
 * `utf16`, `max` counts UTF-16 units instead, as chat APIs count their length limits (Discord, Slack).
 */
export function truncate(value: string, max: number, options: {atWord?: boolean; utf16?: boolean} = {}): string {
  const text = options.atWord ? value.replace(/\s+/g, ' ').trim() : value
  if (options.utf16) {
    if (text.length <= max) return text
    if (max <= 0) return ''
    let end = max - 1
    const code = text.charCodeAt(end - 1)
    if (code >= 0xd800 && code <= 0xdbff) end--
    return `${text.slice(0, end)}…`
  }

  const points = Array.from(text)
  if (points.length <= max) return text
  const cut = points.slice(0, Math.max(0, max - 1)).join('')
  if (!options.atWord) return `${cut}…`
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.—-]+$/, '')}…`
}

// Chat and logs: text from hostile input posted to Discord/Slack or written as one audit line is made inert by
// removing controls rather than showing them (a chat client renders no escapes; a visible `\e` there is noise).
// C0 controls except tab and newline, DEL, and C1 controls (0x80-0x9f: CSI 0x9b is an escape on its own).
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu
// Bidirectional overrides and isolates can make text read differently from what it is (Trojan Source).
const BIDI = /[\u202a-\u202e\u2066-\u2069]/gu

/** Removes control characters and bidi overrides; keeps tabs and newlines (CRLF becomes LF). For chat and logs. */
export function stripControls(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROLS, '').replace(BIDI, '')
}

/** One line: controls removed, runs of whitespace (newlines included) folded into one space, trimmed. */
export function oneLine(text: string): string {
  return stripControls(text).replace(/\s+/g, ' ').trim()
}

const TEXT_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/g

/** Makes any JS string safe to treat as text: well-formed UTF-16, CRLF/CR → LF, controls → U+FFFD. */
export function cleanText(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD').replace(/\r\n?/g, '\n').replace(TEXT_CONTROL, '\uFFFD')
}

/** The words of a text: runs between spaces that hold a letter or a digit (a bullet's "-" is not a word). */
export const wordCount = (text: string): number => text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length

/** A literal string as a regular expression that matches only itself (names and phrases built into a pattern). */
export const escapeRegExp = (text: string): string => text.replaceAll(/[.*+?^${}()|[\]\\/]/g, '\\$&')
