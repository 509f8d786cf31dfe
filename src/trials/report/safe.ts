/**
 * Text from scanned files (evidence, excerpts, file names) is hostile until proven otherwise: printed raw, an
 * escape sequence in a compose file could retitle the terminal, hide lines or fake output. Every renderer that
 * writes to a terminal passes such text through `terminalSafe`.
 * TODO(sec): src/shared/text.ts (another branch) brings the project-wide function; swap this one for it.
 */
// C0 controls but tab/newline, DEL, C1 controls, and the bidirectional overrides/isolates (Trojan Source).
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => (c === '\r' ? '\\r' : `\\u{${c.codePointAt(0)!.toString(16)}}`))
}
