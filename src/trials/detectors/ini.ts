/** INI files (grafana.ini, redis-style `key = value` with sections): section → key → {value, line}. Comments `;`/`#`. */
export type Ini = Map<string, Map<string, {value: string; line: number}>>

export function parseIni(text: string): Ini {
  const out: Ini = new Map([['', new Map()]])
  let section = ''
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith(';') || line.startsWith('#')) return
    const s = /^\[([^\]]+)\]/.exec(line)
    if (s) {
      section = s[1].trim().toLowerCase()
      if (!out.has(section)) out.set(section, new Map())
      return
    }

    const m = /^([^=]+?)\s*=\s*(.*)$/.exec(line)
    if (!m) return
    let value = m[2].replace(/\s+[;#].*$/, '').trim()
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1)
    out.get(section)!.set(m[1].trim().toLowerCase(), {line: i + 1, value})
  })
  return out
}
