/** Text and service-field helpers shared by detectors: lines of matches, call arguments, YAML-ish booleans, list fields, command flags. */
import type {ComposeProject, ProjectModel, Service} from '../model/index.js'
import {isRecord, lineOf, str} from '../model/yaml.js'

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

export function boolish(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value !== 0
  if (typeof value !== 'string') return undefined
  const v = value.trim().toLowerCase()
  if (['true', 'yes', 'on', '1'].includes(v)) return true
  if (['false', 'no', 'off', '0'].includes(v)) return false
  return undefined
}

/** Every value of a service's `fields` key as a list of strings (scalar or sequence). */
export function fieldList(svc: Service, key: string): Array<{value: string; line: number; file: string}> {
  const field = svc.fields.get(key)
  if (!field) return []
  const v = field.value
  if (Array.isArray(v))
    return v.flatMap((item, i) =>
      typeof item === 'string' || typeof item === 'number' ? [{file: field.file, line: lineOfSafe(v, i, field.line), value: String(item)}] : [],
    )
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return [{file: field.file, line: field.line, value: String(v)}]
  return []
}

function lineOfSafe(container: unknown, key: number, fallback: number): number {
  return lineOf(container, key) || fallback
}

/** The value of a `--flag=value` / `-flag=value` / `--flag value` argument in a service's command; true when present alone. */
export function flagValue(svc: Service, flag: string): {value: string; line: number; file: string} | undefined {
  const args = [...svc.entrypoint, ...svc.command]
  for (let i = 0; i < args.length; i++) {
    const m = /^--?([\w.-]+)(?:=(.*))?$/.exec(args[i].value)
    if (!m || m[1].toLowerCase() !== flag.toLowerCase()) continue
    const next = args[i + 1]?.value
    const value = m[2] ?? (next !== undefined && !next.startsWith('-') ? next : 'true')
    return {file: args[i].file, line: args[i].line, value}
  }

  return undefined
}

export type {ProjectModel}

/**
 * Where a project-wide summary finding goes: the `services:` key of the project's first file (the one a user
 * runs `docker compose -f` with), so one finding lists every service instead of one finding per service.
 */
export function projectAnchor(model: ProjectModel, project: ComposeProject): {file: string; line: number} {
  const file = project.services[0]?.projectFile ?? project.files[0]
  return {file, line: lineOf(model.yaml(file)?.docs[0], 'services') || 1}
}

/** Runnable services of a project (an image or a build; `extends`-only stubs are not run on their own), sorted by name. */
export function runnableServices(project: ComposeProject): Service[] {
  return project.services.filter((s) => s.fields.has('image') || s.fields.has('build')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/**
 * A service's mounts with the host path each one really reaches: a bind mount's source, or a named volume that
 * the project declares as a local bind (`driver_opts: {type: none, o: bind, device: /var/run/docker.sock}`),
 * which Compose mounts exactly like a bind. External volumes and other drivers are left out (no host path here).
 */
export function hostMounts(
  project: ComposeProject,
  svc: Service,
): Array<{volume: Service['volumes'][number]; source: string; readOnly: boolean; via?: string}> {
  const out: Array<{volume: Service['volumes'][number]; source: string; readOnly: boolean; via?: string}> = []
  for (const v of svc.volumes) {
    if (v.type === 'bind' && v.source) {
      out.push({readOnly: v.readOnly, source: v.source, volume: v})
      continue
    }

    if (v.type !== 'volume' || !v.source) continue
    const declared = project.volumes.get(v.source)?.value
    if (!isRecord(declared) || declared.external === true || (declared.driver !== undefined && declared.driver !== 'local')) continue
    const opts = isRecord(declared.driver_opts) ? declared.driver_opts : undefined
    const device = opts ? str(opts.device) : undefined
    if (!opts || device === undefined || !device.startsWith('/')) continue
    const flags = (str(opts.o) ?? '').split(',').map((f) => f.trim().toLowerCase())
    if (str(opts.type)?.toLowerCase() !== 'none' && !flags.includes('bind') && !flags.includes('rbind')) continue
    out.push({readOnly: v.readOnly || flags.includes('ro'), source: device, via: v.source, volume: v})
  }

  return out
}

/** The argument text of the call whose `(` is at `open` (balanced parentheses, bounded). */
export function callArgs(text: string, open: number): string {
  let depth = 0
  const end = Math.min(text.length, open + 4000)
  for (let i = open; i < end; i++) {
    const c = text[i]
    if (c === '(') depth++
    else if (c === ')' && --depth === 0) return text.slice(open + 1, i)
  }

  return text.slice(open + 1, end)
}
