/** `.env` files (Compose's dialect: KEY=VALUE, optional `export`, quotes, `#` comments) with line numbers. */

export interface EnvEntry {
  key: string
  value: string
  line: number
}

export function parseEnvFile(text: string): EnvEntry[] {
  const out: EnvEntry[] = []
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim()
    if (raw === '' || raw.startsWith('#')) continue
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(raw)
    if (!match) continue
    let value = match[2]
    const quote = value[0]
    if ((quote === '"' || quote === "'") && value.indexOf(quote, 1) > 0) {
      value = value.slice(1, value.indexOf(quote, 1))
    } else {
      value = value.replace(/\s+#.*$/, '').trim()
    }

    out.push({key: match[1], line: i + 1, value})
  }

  return out
}

export interface Interpolated {
  /** The value with every `${VAR}` resolved from the project's .env (never from the scanning machine's env). */
  value: string
  /**
   * Variables referenced, with the fallback written in the file (`${VAR:-admin}` → admin) and, for a variable
   * the project's .env defines, the file and line that define it (`from`).
   */
  refs: Array<{name: string; fallback?: string; defined: boolean; from?: {file: string; line: number}}>
}

const REF = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g

/** Compose interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `${VAR:+alt}`, `$VAR`, `$$`. */
export function interpolate(input: string, vars: ReadonlyMap<string, string>, origins?: ReadonlyMap<string, {file: string; line: number}>): Interpolated {
  const refs: Interpolated['refs'] = []
  if (!input.includes('$')) return {refs, value: input}
  const value = input.replace(REF, (whole, braced?: string, op?: string, arg?: string, bare?: string) => {
    if (whole === '$$') return '$'
    const name = (braced ?? bare)!
    const defined = vars.has(name)
    const current = vars.get(name)
    const fallback = op === ':-' || op === '-' ? interpolate(arg ?? '', vars, origins).value : undefined
    const from = defined ? origins?.get(name) : undefined
    refs.push(from ? {defined, fallback, from, name} : {defined, fallback, name})
    switch (op) {
      case ':-':
        return current === undefined || current === '' ? fallback! : current
      case '-':
        return current === undefined ? fallback! : current
      case ':+':
        return current === undefined || current === '' ? '' : interpolate(arg ?? '', vars, origins).value
      case '+':
        return current === undefined ? '' : interpolate(arg ?? '', vars, origins).value
      default:
        return current ?? ''
    }
  })
  return {refs, value}
}

/** Where a value came from, for evidence: `DB_PASS from .env:3`, `DB_PASS unset, default used`. */
export function describeRefs(refs: Interpolated['refs']): string {
  return refs
    .map((r) => (r.from ? `${r.name} from ${r.from.file}:${r.from.line}` : r.fallback === undefined ? `${r.name} unset` : `${r.name} unset, default used`))
    .join(', ')
}
