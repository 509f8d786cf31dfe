/**
 * Text from hostile input (notes, findings, records, configs) is printed to terminals and posted to chat.
 * These helpers make it inert there: no terminal escape sequence survives, no line-ending trick.
 */

// C0 controls except tab and newline, DEL, and C1 controls (0x80-0x9f: CSI 0x9b is an escape on its own).
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu
// Bidirectional overrides and isolates can make text read differently from what it is (Trojan Source).
const BIDI = /[\u202a-\u202e\u2066-\u2069]/gu

/** Removes terminal control characters and bidi overrides; keeps tabs and newlines (CRLF becomes LF). */
export function stripControls(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROLS, '').replace(BIDI, '')
}

/** One line: controls removed, runs of whitespace (newlines included) folded into one space, trimmed. */
export function oneLine(text: string): string {
  return stripControls(text).replace(/\s+/g, ' ').trim()
}

/** Cuts `text` to at most `max` UTF-16 units, ending with `…` when cut, never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text
  if (max <= 0) return ''
  let end = max - 1
  const code = text.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end--
  return `${text.slice(0, end)}…`
}
