import chalk from 'chalk'

import {isLiteralToken, isReference, isSecretName} from '../detectors/secrets.js'
import {terminalSafe} from '../../shared/text.js'

/**
 * A source excerpt under a finding, the way compilers and compose-lint show one: a few lines of context with line
 * numbers and the offending value marked (underlined and red in colour, a caret line without colour).
 * Secrets never reach the terminal through it: URL passwords, values of secret-named keys and token-shaped words
 * are masked on every line shown, and the finding's own line is masked whole when its evidence was redacted.
 */

export interface ExcerptOptions {
  /** Colour (underline) instead of a caret line. */
  color: boolean
  /** Lines of context above and below (default 2). */
  context?: number
}

const MASK = '****'
const NAME_VALUE = /^(\s*(?:-\s+)?["']?)([A-Za-z_][\w.-]*)(["']?\s*(?:=|:\s))(\s*)(.*)$/

/** Masks what a line may hold of a secret: URL userinfo passwords, secret-named keys' literal values, tokens. */
export function maskSecrets(line: string): string {
  let out = line.replace(/([a-z][\w+.-]*:\/\/[^\s/:@]*:)([^\s/@]+)@/gi, (_, head: string) => `${head}${MASK}@`)
  const m = NAME_VALUE.exec(out)
  if (m && isSecretName(m[2])) {
    const value = m[5].replace(/\s+#.*$/, '').replace(/^["']|["']$/g, '')
    if (value !== '' && !isReference(value)) out = `${m[1]}${m[2]}${m[3]}${m[4]}${MASK}`
  }

  return out.replace(/[A-Za-z0-9+/_.=-]{20,}/g, (word) =>
    isLiteralToken(word) && /\d/.test(word) && /[A-Za-z]/.test(word) && !word.includes('/') ? MASK : word,
  )
}

/** Where on `line` the evidence points: the longest evidence fragment found there, else the line's content. */
function markSpan(line: string, evidence: string): [number, number] {
  const rest = evidence.replace(/^[\w.-]+: (?=\S)/, '').replace(/\s*\(.*\)$/, '')
  const parts = [rest, ...rest.split(/\s+|=|: |, /)]
    .map((p) => p.trim())
    .filter((p) => p.length >= 2 && !p.includes('<redacted') && !p.includes('…'))
    .sort((a, b) => b.length - a.length)
  for (const p of parts) {
    const i = line.indexOf(p)
    if (i >= 0) return [i, i + p.length]
  }

  const lower = line.toLowerCase()
  for (const p of parts) {
    const i = lower.indexOf(p.toLowerCase())
    if (i >= 0) return [i, i + p.length]
  }

  const start = line.length - line.trimStart().length
  const end = line.replace(/\s+#.*$/, '').trimEnd().length
  return end > start ? [start, end] : [0, line.length]
}

export function renderExcerpt(text: string, line: number, evidence: string, options: ExcerptOptions): string[] {
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/)
  if (line < 1 || line > lines.length) return []
  const context = options.context ?? 2
  const first = Math.max(1, line - context)
  const last = Math.min(lines.length, line + context)
  const width = String(last).length
  const gutter = (n: number | '') => `${String(n).padStart(width)} │ `
  const out: string[] = []
  const shown = (s: string) => terminalSafe(s.replace(/\t/g, '  ')).slice(0, 300)
  for (let n = first; n <= last; n++) {
    const raw = lines[n - 1]
    if (n !== line) {
      out.push(options.color ? chalk.dim(`${gutter(n)}${shown(maskSecrets(raw))}`) : `${gutter(n)}${shown(maskSecrets(raw))}`)
      continue
    }

    let target = maskSecrets(raw)
    let [start, end] = markSpan(target, evidence)
    if (evidence.includes('<redacted') && target === raw) {
      // The detector redacted a secret this line holds but the masks above did not recognise: show none of it.
      const indent = raw.length - raw.trimStart().length
      target = `${raw.slice(0, indent)}<line not shown: it holds the redacted secret>`
      ;[start, end] = [indent, target.length]
    }

    const before = shown(target.slice(0, start))
    const marked = shown(target.slice(start, end))
    const after = shown(target.slice(end))
    if (options.color) {
      out.push(`${chalk.bold(gutter(n))}${before}${chalk.red.underline(marked)}${after}`)
    } else {
      out.push(`${gutter(n)}${before}${marked}${after}`, `${gutter('')}${' '.repeat(before.length)}${'^'.repeat(Math.max(1, marked.length))}`)
    }
  }

  return out
}
