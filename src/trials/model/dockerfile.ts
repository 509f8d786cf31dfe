/** Dockerfile instructions with their first line; continuation lines joined, comments and parser directives dropped. */

export interface Instruction {
  keyword: string
  args: string
  line: number
  /** Index of the build stage (FROM) the instruction belongs to. */
  stage: number
}

export function isDockerfileName(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1)
  return /^(Dockerfile|Containerfile)([.-][\w.-]+)?$/i.test(base) || /\.(dockerfile|containerfile)$/i.test(base)
}

export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = []
  const lines = text.split(/\r?\n/)
  let stage = -1
  let escape = '\\'
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]
    const directive = /^#\s*escape\s*=\s*(\S)/i.exec(first)
    if (directive && out.length === 0) escape = directive[1]
    if (/^\s*(#|$)/.test(first)) continue
    const start = i
    let body = first
    while (body.trimEnd().endsWith(escape) && i + 1 < lines.length) {
      body = body.trimEnd().slice(0, -1)
      i++
      // Comment lines inside a continued instruction are skipped by Docker.
      while (i < lines.length && /^\s*#/.test(lines[i])) i++
      if (i < lines.length) body += ` ${lines[i].trim()}`
    }

    const m = /^\s*([A-Za-z]+)\s*(.*)$/.exec(body)
    if (!m) continue
    const keyword = m[1].toUpperCase()
    if (keyword === 'FROM') stage++
    out.push({args: m[2].trim(), keyword, line: start + 1, stage: Math.max(stage, 0)})
  }

  return out
}
