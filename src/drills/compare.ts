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

function normalize(text: string, mode: CompareMode): string[] {
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
function showLine(line: string | undefined): string {
  if (line === undefined) return '(no line: output ended)'
  return JSON.stringify(line)
}

/** Normalized lines plus, where lines map one to one (exact, spacing), the raw lines to show in a diff. */
function prepare(text: string, mode: CompareMode): {lines: string[]; raw: string[]} {
  const lines = normalize(text, mode)
  return {lines, raw: mode === 'exact' || mode === 'spacing' ? splitLines(text).slice(0, lines.length) : lines}
}

export function compareOutput(expected: string, actual: string, mode: CompareMode): Comparison {
  const want = prepare(expected, mode)
  let got: {lines: string[]; raw: string[]}
  try {
    got = prepare(actual, mode)
  } catch (error) {
    const first = splitLines(actual)[0]
    return {diff: `output is not valid JSON (${(error as Error).message}); it starts with ${showLine(first ?? '')}`, equal: false, line: 1}
  }

  const n = Math.max(want.lines.length, got.lines.length)
  for (let i = 0; i < n; i++) {
    if (want.lines[i] === got.lines[i]) continue
    const how = {
      exact: '',
      json: ' (JSON re-indented, keys sorted)',
      spacing: ' (spacing ignored)',
      unordered: ' (lines compared sorted: order does not matter)',
    }[mode]
    const lines = [`first difference at line ${i + 1}${how}:`]
    if (i > 0) lines.push(`  same:     ${showLine(want.raw[i - 1])}`)
    lines.push(`  expected: ${showLine(want.raw[i])}`, `  actual:   ${showLine(got.raw[i])}`)
    if (want.lines.length !== got.lines.length) lines.push(`  (expected ${want.lines.length} line(s), got ${got.lines.length})`)
    if (got.raw[i]?.includes('\r') && !want.raw[i]?.includes('\r')) lines.push('  note: your line contains \\r (CRLF input?)')
    return {diff: lines.join('\n'), equal: false, line: i + 1}
  }

  return {diff: '', equal: true}
}
