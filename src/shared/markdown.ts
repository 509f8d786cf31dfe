import {cleanText} from './text.js'

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

/**
 * Entities, inline escapes, and bare URLs defused: `http\://x` and `www\.x` render as typed but are no
 * link in GFM renderers (a quoted claim never becomes a link), and markdownlint's no-bare-urls holds.
 */
function escapeInline(text: string): string {
  return entities(text)
    .replace(INLINE, '\\$&')
    .replace(/\b([a-z][a-z0-9+.-]*):(?=\/\/)/gi, '$1\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/([A-Za-z0-9._%+-])@(?=[A-Za-z0-9-]+\.[A-Za-z])/g, '$1\\@')
}

/** One line of running text (newlines become spaces). */
export function mdText(value: string): string {
  return escapeInline(cleanText(value).replace(/\s+/g, ' ').trim())
}

/** A paragraph of running text: mdText, wrapped, plus the escapes a line start needs (list, numbered item, setext). */
export function mdParagraph(value: string): string {
  return mdWrap(mdText(value))
}

/**
 * Wraps already-escaped Markdown text at spaces into lines of at most `width` characters where words allow
 * (a longer word stays whole), escaping the start of every line so a wrapped line can never begin a list,
 * a numbered item or a setext underline. The text renders exactly as the unwrapped line would.
 */
export function mdWrap(escaped: string, width = MD_WIDTH, prefix = '', firstPrefix = prefix): string {
  const words = escaped.split(' ').filter((w) => w !== '')
  const lines: string[] = []
  let line = ''
  const room = () => (lines.length === 0 ? firstPrefix : prefix).length
  for (const word of words) {
    if (line === '') line = word
    else if (room() + line.length + 1 + word.length <= width) line += ` ${word}`
    else {
      lines.push(line)
      line = word
    }
  }

  lines.push(line)
  return lines.map((l, i) => `${i === 0 ? firstPrefix : prefix}${escapeLineStart(l)}`.trimEnd()).join('\n')
}

/** Prose lines are wrapped at this width (a linter's usual limit is 80-120; tables and code are left whole). */
const MD_WIDTH = 100

function escapeLineStart(line: string): string {
  // Only what would really start a block: a bullet or numbered item (marker then a space or the end), a
  // thematic break or setext underline (a line of only - or =). "0.59" or "-5 s" stay as they are.
  if (/^(?:[-=][ \t]*)+$/.test(line)) return `\\${line}`
  return line.replace(/^(?:[-+](?=\s|$)|\d{1,9}(?=[.)](?:\s|$)))/, (m) => (/\d/.test(m) ? `${m}\\` : `\\${m}`))
}

/** A table cell: like mdText but newlines are shown as ` ↵ ` so a cell never splits the row. */
export function mdCell(value: string): string {
  const lines = cleanText(value)
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
  return lines.map((line) => escapeInline(line)).join(' ↵ ')
}

/** A block quote, one `>` line per input line; block markers at the start of a line are escaped. */
export function mdQuote(value: string): string {
  const lines = cleanText(value).replace(/\t/g, '    ').split('\n')
  while (lines.length > 1 && lines.at(-1)!.trim() === '') lines.pop()
  return lines
    .map((raw) => {
      // Leading spaces would turn into an indented code block; trailing ones into a hard line break.
      const line = escapeInline(raw.trim().replace(/\s+/g, ' '))
      return line === '' ? '>' : mdWrap(line, MD_WIDTH, '> ')
    })
    .join('\n')
}

/**
 * An inline code span, shown exactly as written: backslashes do not escape inside one, so the span's fence is
 * one backtick longer than the longest run inside, with a space on each side when the content touches a backtick.
 */
export function mdCode(value: string, options: {inTable?: boolean} = {}): string {
  // In a GFM table a | ends the cell even inside a code span; there, and only there, \| is read as a |.
  const text = cleanText(value)
    .replace(/\s+/g, ' ')
    .replace(/\|/g, options.inTable ? '\\|' : '|')
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') || /^ .* $/.test(text) ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
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
  return [`| ${header.map(cell).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join(
    '\n',
  )
}

/** POSIX shell quoting: plain words stay as they are, anything else goes in single quotes. */
export function shellQuote(value: string): string {
  // A leading "-" would be read as an option; "./" keeps a relative path the same file.
  const safe = value.startsWith('-') ? `./${value}` : value
  if (/^[A-Za-z0-9@%+=:,./_-]+$/.test(safe)) return safe
  return `'${safe.replace(/'/g, `'\\''`)}'`
}
