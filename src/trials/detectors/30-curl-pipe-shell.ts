// F30, curl | sh and friends without a pinned checksum, TLS verification off: the detector of trials/F30-curl-pipe-shell/trial.yaml.
import type {Detector, RawFinding} from '../types.js'

// Prose and lockfiles quote commands; they are not run.
const SKIP_FILE = /\.(md|markdown|rst|txt|adoc|html?|lock)$|(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml)$/i

const FETCH = String.raw`\b(?:curl|wget)\b`
const SHELL = String.raw`(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+(?:\S+=\S*\s+)*)?(?:ba|z|da|k|fi|a)?sh\b|(?:sudo\s+(?:-\S+\s+)*)?(?:python[23]?|perl|ruby|node)\b`
const PIPE_TO_SHELL = new RegExp(String.raw`${FETCH}[^|;&]*\|\s*(?:${SHELL})`)
const SUBST_TO_SHELL = new RegExp(String.raw`(?:(?:ba|z)?sh|source|\.)\s+<\(\s*${FETCH}|(?:ba|z)?sh\s+-c\s+["']?\$\(\s*${FETCH}`)
const PS_PIPE = /\b(?:iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b[^|;\n]*\|\s*(?:iex|Invoke-Expression)\b/i
const INSECURE = /\bcurl\b[^|;&]*\s(?:-k|--insecure|-[a-zA-Z]*k[a-zA-Z]*)(?=\s|$)|\bwget\b[^|;&]*\s--no-check-certificate\b/
const CHECKSUM =
  /\b(?:sha(?:1|224|256|384|512)sum|shasum|md5sum|b2sum)\b[^|;&]*-c\b|\bgpg\b[^|;&]*--verify|\bcosign\s+verify|\bminisign\s+-V|\bsignify(?:-openbsd)?\s+-C/
const DOWNLOAD_TO = new RegExp(String.raw`${FETCH}[^|;&]*?\s(?:-o|-O|--output|--output-document)[=\s]+["']?([^\s"';&|]+)`)

/** Lines joined across `\` continuations, each with the 1-based line it starts on; comment lines dropped. */
export function logicalLines(text: string): Array<{line: number; text: string}> {
  const out: Array<{line: number; text: string}> = []
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const start = i
    // Collect the pieces and join once: re-testing a growing string would be quadratic on long continuations.
    const parts: string[] = []
    let current = lines[i]
    while (/\\\s*$/.test(current) && i + 1 < lines.length) {
      parts.push(current.replace(/\\\s*$/, ' '))
      current = lines[++i].trim()
    }

    parts.push(current)
    const body = parts.join('')
    const trimmed = body.trim().replace(/^-\s+(run:\s*)?|^run:\s*/, '')
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//')) continue
    out.push({line: start + 1, text: trimmed})
  }

  return out
}

function snippet(text: string, index: number): string {
  const s = text.slice(index).replace(/\s+/g, ' ').trim()
  return s.length > 90 ? `${s.slice(0, 87)}...` : s
}

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const f of model.files) {
      if (SKIP_FILE.test(f.path) || !/\b(curl|wget|iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b/i.test(f.text)) continue
      const downloaded = new Map<string, number>()
      const verified = new Set<string>()
      for (const {line, text} of logicalLines(f.text)) {
        const add = (evidence: string, message: string) => out.push({evidence, file: f.path, line, message})
        let m = PIPE_TO_SHELL.exec(text) ?? SUBST_TO_SHELL.exec(text) ?? PS_PIPE.exec(text)
        if (m) add(snippet(text, m.index), 'a download is piped straight into an interpreter: whatever the server sends runs, unverified')
        m = INSECURE.exec(text)
        if (m) add(snippet(text, m.index), 'TLS certificate verification is switched off for this download: anyone on the path can replace it')

        const hasChecksum = CHECKSUM.test(text)
        const target = DOWNLOAD_TO.exec(text)?.[1]
        if (target && target !== '-' && !target.startsWith('/dev/')) downloaded.set(target, line)
        for (const file of downloaded.keys()) {
          if (hasChecksum && (text.includes(file) || /\s-c\s+-/.test(text))) verified.add(file)
          const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          const runs = new RegExp(
            String.raw`(?:^|[;&|]\s*|\s)(?:(?:ba|z|da)?sh|source|\.|python3?|perl)\s+${escaped}(?:\s|$|;|&)|(?:^|[;&]\s*)${escaped}(?:\s|$|;)`,
          ).test(text)
          if (!runs || verified.has(file)) continue
          // Same logical line as the download and a checksum check in it: verified before running.
          if (hasChecksum) continue
          add(
            `downloaded ${file} is run without a checksum check`,
            `${file} is downloaded (line ${downloaded.get(file)}) and run without verifying a pinned checksum or signature`,
          )
        }
      }
    }

    // Dockerfile `ADD <url>` fetches at build time with no verification unless --checksum pins it.
    for (const df of model.dockerfiles) {
      for (const ins of df.instructions) {
        if (ins.keyword !== 'ADD' || /--checksum=/.test(ins.args)) continue
        const url = ins.args.split(/\s+/).find((w) => /^https?:\/\//i.test(w))
        if (!url) continue
        out.push({
          evidence: `ADD ${url} without --checksum`,
          file: df.path,
          line: ins.line,
          message: 'a remote ADD downloads at build time and bakes the result into the image unverified: add --checksum=sha256:… or download and verify in RUN',
        })
      }
    }

    return out
  },
}

export default detector
