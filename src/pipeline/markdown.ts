import {cleanText} from '../map/dot.js'

/**
 * Markdown that stays text: user strings can neither become HTML nor formatting. `&`, `<`, `>` become
 * entities (so no tag, comment or autolink can open), inline markup characters are backslash-escaped, and
 * characters that only format at the start of a line (lists, headings, quotes, setext underlines, numbered
 * items) are escaped there. Controls become U+FFFD (see cleanText).
 */

const INLINE = /[\\`*_[\]#|~!{}]/g

function entities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** One line of running text (newlines become spaces). */
export function mdText(value: string): string {
  return entities(cleanText(value).replace(/\s+/g, ' ').trim()).replace(INLINE, '\\$&')
}

/** A paragraph of running text: mdText, plus the escapes a line start needs (list, numbered item, setext). */
export function mdParagraph(value: string): string {
  return escapeLineStart(mdText(value))
}

function escapeLineStart(line: string): string {
  return line.replace(/^([-+=]|\d+(?=[.)]))/, (m) => (/\d/.test(m) ? `${m}\\` : `\\${m}`))
}

/** A table cell: like mdText but newlines are shown as ` ↵ ` so a cell never splits the row. */
export function mdCell(value: string): string {
  const lines = cleanText(value).split('\n').map((line) => line.replace(/\s+/g, ' ').trim())
  return lines.map((line) => entities(line).replace(INLINE, '\\$&')).join(' ↵ ')
}

/** A block quote, one `>` line per input line; block markers at the start of a line are escaped. */
export function mdQuote(value: string): string {
  const lines = cleanText(value).replace(/\t/g, '    ').split('\n')
  while (lines.length > 1 && lines.at(-1)!.trim() === '') lines.pop()
  return lines
    .map((raw) => {
      // Leading spaces would turn into an indented code block; trailing ones into a hard line break.
      const line = escapeLineStart(entities(raw.trim()).replace(INLINE, '\\$&'))
      return line === '' ? '>' : `> ${line}`
    })
    .join('\n')
}

/** A fenced code block whose fence is longer than any backtick run inside, so the content cannot close it. */
export function mdFence(content: string, info = ''): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return `${fence}${info}\n${content.endsWith('\n') ? content : `${content}\n`}${fence}`
}

/** A Markdown table; cells are escaped with mdCell unless marked raw (already-safe Markdown). */
export function mdTable(header: string[], rows: Array<Array<string | {raw: string}>>): string {
  const cell = (c: string | {raw: string}) => (typeof c === 'string' ? mdCell(c) : c.raw)
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n')
}

/** POSIX shell quoting: plain words stay as they are, anything else goes in single quotes. */
export function shellQuote(value: string): string {
  // A leading "-" would be read as an option; "./" keeps a relative path the same file.
  const safe = value.startsWith('-') ? `./${value}` : value
  if (/^[A-Za-z0-9@%+=:,./_-]+$/.test(safe)) return safe
  return `'${safe.replace(/'/g, `'\\''`)}'`
}
