import {cleanText, truncate} from './text.js'

export {cleanText}

/**
 * DOT text helpers. khaos writes every user-supplied string as a double-quoted DOT string, so a label can
 * never end its own quotes, open a brace, or become an HTML-like label. Graphviz also reads `\n`, `\l`, `\N`
 * … inside labels as escapes and `&name;` as entities; both are neutralised so text shows as typed.
 */

/** One truncate for every area (code points, never splitting a surrogate pair). */
export {truncate} from './text.js'

// C0/C1 controls other than tab and newline, DEL, and the Unicode line/paragraph separators.

/**
 * Wraps text at spaces into lines of about `width` code points (long words are cut), so a long claim
 * becomes a readable box instead of one very wide node. Existing newlines are kept.
 */
export function wrap(value: string, width: number): string {
  const out: string[] = []
  for (const paragraph of value.split('\n')) {
    let line = ''
    for (const word of paragraph.split(/[ \t]+/)) {
      let rest = Array.from(word)
      while (rest.length > width) {
        if (line) out.push(line)
        out.push(rest.slice(0, width).join(''))
        line = ''
        rest = rest.slice(width)
      }

      const piece = rest.join('')
      if (line === '') line = piece
      else if (Array.from(line).length + 1 + rest.length <= width) line += ` ${piece}`
      else {
        out.push(line)
        line = piece
      }
    }

    out.push(line)
  }

  return out.join('\n')
}

/**
 * A double-quoted DOT string for a label or tooltip: backslash and quote escaped, `&`, `<`, `>` as entities
 * (Graphviz decodes entities in labels; SVG output re-escapes them), newlines as `\n` (centred line break).
 */
export function dotString(value: string): string {
  const body = cleanText(value)
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\t/g, ' ')
    .replace(/\n/g, '\\n')
  return `"${body}"`
}

/** A label: cleaned, each part truncated, wrapped, then quoted. */
export function label(value: string, options: {max?: number; width?: number} = {}): string {
  const text = truncate(cleanText(value).trim(), options.max ?? 160)
  return dotString(wrap(text, options.width ?? 40))
}

/** An attribute list `[a="…", b=x]` from already-quoted or bare-word values, in the given order. */
export function attrs(list: Array<[string, string]>): string {
  return list.length === 0 ? '' : ` [${list.map(([key, value]) => `${key}=${value}`).join(', ')}]`
}
