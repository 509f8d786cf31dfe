/** Helpers shared by detectors. */

/** 1-based line of a character index in `text`. */
export function lineNumberAt(text: string, index: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++
  return line
}

/** Every match of a global regex, with its 1-based line. */
export function matchLines(text: string, pattern: RegExp): Array<{line: number; match: RegExpExecArray}> {
  const re = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`)
  re.lastIndex = 0
  const out: Array<{line: number; match: RegExpExecArray}> = []
  let line = 1
  let lastIndex = 0
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    for (let i = text.indexOf('\n', lastIndex); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) line++
    lastIndex = m.index
    out.push({line, match: m})
    if (m[0] === '') re.lastIndex++
  }

  return out
}

/**
 * Shows enough of a secret to recognise it, never enough to use it: first 4 characters for long values,
 * then the length. The output is stable (same secret → same evidence → same fingerprint).
 */
export function redact(secret: string): string {
  if (secret.length <= 8) return `<redacted ${secret.length} chars>`
  return `${secret.slice(0, 4)}…<redacted ${secret.length} chars>`
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (s.length === 0) return 0
  const counts = new Map<string, number>()
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1)
  let h = 0
  for (const n of counts.values()) {
    const p = n / s.length
    h -= p * Math.log2(p)
  }

  return h
}

/** A value that is a reference, not a literal: `${VAR}`, `$VAR`, a Docker/Vault secret path, empty. */
export function isReference(value: string | null | undefined): boolean {
  if (value === null || value === undefined) return true
  const v = value.trim()
  return v === '' || /^\$\{?[A-Za-z_][A-Za-z0-9_]*(:?[-?][^}]*)?\}?$/.test(v) || /^(\/run\/secrets\/|\/var\/run\/secrets\/|vault:|file:|env:)/.test(v)
}

export function boolish(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value !== 0
  if (typeof value !== 'string') return undefined
  const v = value.trim().toLowerCase()
  if (['true', 'yes', 'on', '1'].includes(v)) return true
  if (['false', 'no', 'off', '0'].includes(v)) return false
  return undefined
}
