import type {CompareMode} from './schema.js'

/**
 * Output comparison. Modes, from strict to forgiving:
 * - exact: byte-for-byte, except that trailing newlines at the end are ignored;
 * - spacing: also ignores leading/trailing blanks on a line and the width of runs of blanks (the spacing of
 *   `uniq -c`, `column`, `printf %5d` differs between GNU and BSD); a stray `\r` still counts;
 * - unordered: spacing, and line order does not matter (output of `xargs -P`), empty lines dropped;
 * - json: the output must be JSON; compared as data (key order and layout do not matter, array order does).
 */

export interface Comparison {
  equal: boolean
  /** Human diff from the first differing line; empty when equal. */
  diff: string
  /** 1-based line of the first difference, when there is one. */
  line?: number
}

function stripTrailingNewlines(text: string): string {
  return text.replace(/\n+$/, '')
}

function splitLines(text: string): string[] {
  const body = stripTrailingNewlines(text)
  return body === '' ? [] : body.split('\n')
}

function squeeze(line: string): string {
  return line.replace(/^[ \t]+|[ \t]+$/g, '').replace(/[ \t]+/g, ' ')
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key])
    return out
  }

  return value
}

export function normalize(text: string, mode: CompareMode): string[] {
  switch (mode) {
    case 'exact': {
      return splitLines(text)
    }

    case 'spacing': {
      const lines = splitLines(text).map(squeeze)
      while (lines.length > 0 && lines.at(-1) === '') lines.pop()
      return lines
    }

    case 'unordered': {
      return splitLines(text)
        .map(squeeze)
        .filter((line) => line !== '')
        .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    }

    case 'json': {
      return JSON.stringify(sortKeys(JSON.parse(text)), null, 2).split('\n')
    }
  }
}

/** Shows a line so that invisible differences (\r, tabs, trailing blanks) are visible. */
export function showLine(line: string | undefined): string {
  if (line === undefined) return '(no line: output ended)'
  return JSON.stringify(line)
}

export function compareOutput(expected: string, actual: string, mode: CompareMode): Comparison {
  const want = normalize(expected, mode)
  let got: string[]
  try {
    got = normalize(actual, mode)
  } catch (error) {
    const first = splitLines(actual)[0]
    return {diff: `output is not valid JSON (${(error as Error).message}); it starts with ${showLine(first ?? '')}`, equal: false, line: 1}
  }

  const n = Math.max(want.length, got.length)
  for (let i = 0; i < n; i++) {
    if (want[i] === got[i]) continue
    const lines = [
      `first difference at line ${i + 1}${mode === 'unordered' ? ' (lines compared sorted, order does not matter)' : ''}${mode === 'json' ? ' (JSON re-indented, keys sorted)' : ''}:`,
    ]
    if (i > 0) lines.push(`  same:     ${showLine(want[i - 1])}`)
    lines.push(`  expected: ${showLine(want[i])}`, `  actual:   ${showLine(got[i])}`)
    if (want.length !== got.length) lines.push(`  (expected ${want.length} line(s), got ${got.length})`)
    if (got[i] !== undefined && want[i] !== undefined && got[i].endsWith('\r') && !want[i].endsWith('\r')) {
      lines.push('  note: your line ends with \\r (a CRLF input?)')
    }

    return {diff: lines.join('\n'), equal: false, line: i + 1}
  }

  return {diff: '', equal: true}
}
