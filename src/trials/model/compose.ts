import {posix} from 'node:path'

import {interpolate, parseEnvFile, type EnvEntry, type Interpolated} from './env.js'
import {isRecord, lineOf, str, type YamlValue} from './yaml.js'

/**
 * Compose, normalised: short and long syntax of ports, volumes, environment (map or list), env_file and
 * labels (map or list) become one shape each, every entry with its file and line, every string
 * interpolated against the project's `.env` (the raw text is kept: `${VAR:-admin}` matters to F12).
 * Files in one directory form one project; a service defined in several of them (compose.yaml +
 * compose.override.yaml) is merged: scalars from the later file, lists concatenated, maps merged by key.
 */

export interface Loc {
  file: string
  line: number
}

export interface Port extends Loc {
  raw: string
  hostIp?: string
  /** Published host port or range; undefined = not published to a fixed port (ephemeral when hostIp is set or a short single port). */
  published?: string
  target: string
  protocol: string
  /** True when the port is published on the host at all (short `"80"` publishes an ephemeral port). */
  isPublished: boolean
}

export interface Volume extends Loc {
  raw: string
  type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image'
  source?: string
  target: string
  readOnly: boolean
}

export interface EnvVar extends Loc {
  name: string
  /** Interpolated value; null when the variable is passed through from the host (`- FOO`, `FOO:`). */
  value: string | null
  raw: string | null
  refs: Interpolated['refs']
  /** Where the entry came from: the compose file itself or an env_file it names. */
  origin: 'environment' | 'env_file'
}

export interface Label extends Loc {
  key: string
  value: string
  raw: string
}

export interface Arg extends Loc {
  value: string
}

export interface Field extends Loc {
  value: YamlValue
}

export interface ServiceFile extends Loc {
  /** env_file path relative to the scan root. */
  path: string
  raw: string
  required: boolean
  found: boolean
}

export interface Service extends Loc {
  name: string
  /** Directory of the compose project, relative to the root ('' for the root itself). */
  project: string
  files: string[]
  image?: Arg & {raw: string}
  ports: Port[]
  volumes: Volume[]
  environment: EnvVar[]
  envFiles: ServiceFile[]
  labels: Label[]
  command: Arg[]
  entrypoint: Arg[]
  /** Every top-level key of the service as written (last file wins), with its location. */
  fields: Map<string, Field>
}

export interface ComposeProject {
  dir: string
  files: string[]
  services: Service[]
  /** Top-level named volumes and networks, with the files that declare them. */
  volumes: Map<string, Field>
  networks: Map<string, Field>
  /** Variables from `<dir>/.env`, used for interpolation. */
  vars: Map<string, string>
}

export interface ComposeInput {
  path: string
  doc: YamlValue
}

const BASE_ORDER = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml']

export function isComposeName(path: string): boolean {
  return /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i.test(posix.basename(path))
}

/** A YAML document that is shaped like a compose file: a `services` map of service maps. */
export function looksLikeCompose(doc: YamlValue): boolean {
  if (!isRecord(doc) || !isRecord(doc.services)) return false
  const services = Object.values(doc.services)
  return services.length > 0 && services.every((s) => s === null || isRecord(s)) &&
    services.some((s) => isRecord(s) && ('image' in s || 'build' in s || 'ports' in s || 'volumes' in s || 'environment' in s))
}

export function buildComposeProjects(inputs: ComposeInput[], readText: (path: string) => string | undefined, parseDoc: (path: string) => YamlValue | undefined = () => undefined): ComposeProject[] {
  const byDir = new Map<string, ComposeInput[]>()
  for (const input of inputs) {
    const dir = posix.dirname(input.path) === '.' ? '' : posix.dirname(input.path)
    if (!byDir.has(dir)) byDir.set(dir, [])
    byDir.get(dir)!.push(input)
  }

  const projects: ComposeProject[] = []
  for (const dir of [...byDir.keys()].sort()) {
    const group = byDir.get(dir)!.sort((a, b) => rank(a.path) - rank(b.path) || (a.path < b.path ? -1 : 1))
    const envText = readText(dir === '' ? '.env' : `${dir}/.env`)
    const vars = new Map<string, string>()
    if (envText !== undefined) for (const e of parseEnvFile(envText)) vars.set(e.key, e.value)
    const project: ComposeProject = {dir, files: group.map((g) => g.path), networks: new Map(), services: [], vars, volumes: new Map()}
    const services = new Map<string, Service>()
    for (const {doc, path} of group) {
      if (!isRecord(doc)) continue
      for (const [kind, target] of [['volumes', project.volumes], ['networks', project.networks]] as const) {
        const section = doc[kind]
        if (isRecord(section)) for (const [name, value] of Object.entries(section)) target.set(name, {file: path, line: lineOf(section, name), value})
      }

      if (!isRecord(doc.services)) continue
      for (const [name, body] of Object.entries(doc.services)) {
        const own = normaliseService(name, isRecord(body) ? body : {}, path, lineOf(doc.services, name), dir, vars, readText)
        const base = resolveExtends(isRecord(body) ? body.extends : undefined, doc, path, dir, vars, readText, parseDoc, new Set([`${path}#${name}`]))
        const svc = base ? {...mergeService(base, own), file: own.file, line: own.line, name} : own
        const existing = services.get(name)
        services.set(name, existing ? mergeService(existing, svc) : svc)
      }
    }

    project.services = [...services.values()]
    projects.push(project)
  }

  return projects
}

/**
 * `extends:` (a service name in the same file, or `{service, file}`): the base service, normalised with its own
 * file and lines, extended recursively; cycles and missing bases give undefined.
 */
function resolveExtends(
  ext: YamlValue | undefined, doc: {[key: string]: YamlValue}, path: string, dir: string, vars: Map<string, string>,
  readText: (path: string) => string | undefined, parseDoc: (path: string) => YamlValue | undefined, seen: Set<string>,
): Service | undefined {
  const serviceName = typeof ext === 'string' ? ext : isRecord(ext) ? str(ext.service) : undefined
  if (!serviceName) return undefined
  const otherFile = isRecord(ext) ? str(ext.file) : undefined
  const basePath = otherFile ? posix.normalize(posix.join(dir, otherFile)) : path
  const baseDoc = otherFile ? parseDoc(basePath) : doc
  if (!isRecord(baseDoc) || !isRecord(baseDoc.services)) return undefined
  const body = baseDoc.services[serviceName]
  const key = `${basePath}#${serviceName}`
  if (!isRecord(body) || seen.has(key) || seen.size > 10) return undefined
  seen.add(key)
  const base = normaliseService(serviceName, body, basePath, lineOf(baseDoc.services, serviceName), dir, vars, readText)
  const deeper = resolveExtends(body.extends, baseDoc, basePath, dir, vars, readText, parseDoc, seen)
  return deeper ? {...mergeService(deeper, base), file: base.file, line: base.line, name: base.name} : base
}

function rank(path: string): number {
  const i = BASE_ORDER.indexOf(posix.basename(path).toLowerCase())
  return i === -1 ? BASE_ORDER.length : i
}

function mergeService(a: Service, b: Service): Service {
  const fields = new Map(a.fields)
  for (const [k, v] of b.fields) fields.set(k, v)
  const envByName = new Map<string, EnvVar>()
  for (const e of [...a.environment, ...b.environment]) envByName.set(`${e.origin}:${e.name}`, e)
  const labels = new Map<string, Label>()
  for (const l of [...a.labels, ...b.labels]) labels.set(l.key, l)
  return {
    ...a,
    command: b.command.length > 0 ? b.command : a.command,
    entrypoint: b.entrypoint.length > 0 ? b.entrypoint : a.entrypoint,
    envFiles: [...a.envFiles, ...b.envFiles],
    environment: [...envByName.values()],
    fields,
    files: [...a.files, ...b.files],
    image: b.image ?? a.image,
    labels: [...labels.values()],
    ports: [...a.ports, ...b.ports],
    volumes: [...a.volumes, ...b.volumes],
  }
}

/**
 * Entries of a Compose key that takes either a map (`KEY: value`) or a list of `KEY=value` strings
 * (environment, labels); `missing` is the value of a key given without one (`KEY` alone, `KEY:` null).
 */
function keyValues<M extends null | string>(value: YamlValue | undefined, missing: M, at: (container: unknown, key?: number | string) => Loc): Array<{key: string; loc: Loc; raw: M | string}> {
  const out: Array<{key: string; loc: Loc; raw: M | string}> = []
  if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) out.push({key, loc: at(value, key), raw: item === null ? missing : str(item) ?? missing})
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const s = str(item)
      if (s === undefined) return
      const eq = s.indexOf('=')
      out.push({key: (eq === -1 ? s : s.slice(0, eq)).trim(), loc: at(value, i), raw: eq === -1 ? missing : s.slice(eq + 1)})
    })
  }

  return out
}

function normaliseService(
  name: string, body: {[key: string]: YamlValue}, file: string, line: number, dir: string,
  vars: Map<string, string>, readText: (path: string) => string | undefined,
): Service {
  const at = (container: unknown, key?: number | string): Loc => ({file, line: lineOf(container, key) || line})
  const interp = (s: string) => interpolate(s, vars)
  const fields = new Map<string, Field>()
  for (const [key, value] of Object.entries(body)) fields.set(key, {...at(body, key), value})

  const svc: Service = {
    command: toArgs(body.command, at(body, 'command'), interp),
    entrypoint: toArgs(body.entrypoint, at(body, 'entrypoint'), interp),
    envFiles: [],
    environment: [],
    fields,
    file,
    files: [file],
    labels: [],
    line,
    name,
    ports: [],
    project: dir,
    volumes: [],
  }

  const image = str(body.image)
  if (image !== undefined) svc.image = {...at(body, 'image'), raw: image, value: interp(image).value}

  if (Array.isArray(body.ports)) {
    body.ports.forEach((item, i) => {
      const port = parsePort(item, interp)
      if (port) svc.ports.push({...port, ...at(body.ports, i)})
    })
  }

  if (Array.isArray(body.volumes)) {
    body.volumes.forEach((item, i) => {
      const volume = parseVolume(item, interp)
      // Long syntax: point at the `source:` line, where the mount's meaning is.
      if (volume) svc.volumes.push({...volume, ...(isRecord(item) && 'source' in item ? at(item, 'source') : at(body.volumes, i))})
    })
  }

  for (const {key, loc, raw} of keyValues(body.environment, null, at)) {
    const r = raw === null ? {refs: [], value: null} : interp(raw)
    svc.environment.push({...loc, name: key, origin: 'environment', raw, refs: r.refs, value: r.value})
  }

  const envFiles: Array<{item: YamlValue; loc: Loc}> = []
  if (typeof body.env_file === 'string') envFiles.push({item: body.env_file, loc: at(body, 'env_file')})
  else if (Array.isArray(body.env_file)) body.env_file.forEach((item, i) => envFiles.push({item, loc: at(body.env_file, i)}))
  for (const {item, loc} of envFiles) {
    const rawPath = isRecord(item) ? str(item.path) : str(item)
    if (rawPath === undefined) continue
    const required = isRecord(item) ? item.required !== false : true
    const path = posix.normalize(posix.join(dir, interp(rawPath).value))
    const text = path.startsWith('..') ? undefined : readText(path)
    svc.envFiles.push({...loc, found: text !== undefined, path, raw: rawPath, required})
    if (text === undefined) continue
    for (const entry of parseEnvFile(text) as EnvEntry[]) {
      svc.environment.push({file: path, line: entry.line, name: entry.key, origin: 'env_file', raw: entry.value, refs: [], value: entry.value})
    }
  }

  for (const {key, loc, raw} of keyValues(body.labels, '', at)) svc.labels.push({...loc, key, raw, value: interp(raw).value})

  return svc
}

function toArgs(value: YamlValue | undefined, loc: Loc, interp: (s: string) => Interpolated): Arg[] {
  if (typeof value === 'string') return splitShellWords(value).map((w) => ({...loc, value: interp(w).value}))
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => {
      const s = str(item)
      return s === undefined ? [] : [{file: loc.file, line: lineOf(value, i) || loc.line, value: interp(s).value}]
    })
  }

  return []
}

/** Splits a command string the way Compose does (POSIX-shell-like words with quotes). */
export function splitShellWords(input: string): string[] {
  const words: string[] = []
  let current = ''
  let quote: string | undefined
  let has = false
  for (let i = 0; i < input.length; i++) {
    const c = input[i]
    if (quote) {
      if (c === quote) quote = undefined
      else if (c === '\\' && quote === '"' && i + 1 < input.length) current += input[++i]
      else current += c
    } else if (c === '"' || c === "'") {
      quote = c
      has = true
    } else if (c === '\\' && i + 1 < input.length) {
      current += input[++i]
      has = true
    } else if (/\s/.test(c)) {
      if (has || current) words.push(current)
      current = ''
      has = false
    } else {
      current += c
    }
  }

  if (has || current) words.push(current)
  return words
}

export function parsePort(item: YamlValue, interp: (s: string) => Interpolated): Omit<Port, 'file' | 'line'> | undefined {
  if (isRecord(item)) {
    const target = str(item.target)
    if (target === undefined) return undefined
    const published = str(item.published)
    const hostIp = str(item.host_ip)
    return {
      hostIp: hostIp === undefined ? undefined : interp(hostIp).value,
      isPublished: published !== undefined && published !== '',
      protocol: str(item.protocol) ?? 'tcp',
      published: published === undefined ? undefined : interp(published).value,
      raw: JSON.stringify(item),
      target: interp(target).value,
    }
  }

  const raw = str(item)
  if (raw === undefined) return undefined
  let s = interp(raw).value.trim()
  let protocol = 'tcp'
  const slash = s.lastIndexOf('/')
  if (slash !== -1) {
    protocol = s.slice(slash + 1)
    s = s.slice(0, slash)
  }

  let hostIp: string | undefined
  if (s.startsWith('[')) {
    const end = s.indexOf(']')
    hostIp = s.slice(1, end)
    s = s.slice(end + 2)
  }

  const parts = s.split(':')
  if (parts.length >= 3 && hostIp === undefined) {
    hostIp = parts.slice(0, -2).join(':')
    parts.splice(0, parts.length - 2)
  }

  if (parts.length === 1) {
    // "80" publishes the container port on an ephemeral host port, on every interface unless host_ip is given.
    return {hostIp, isPublished: true, protocol, published: undefined, raw, target: parts[0]}
  }

  return {hostIp, isPublished: true, protocol, published: parts[0] === '' ? undefined : parts[0], raw, target: parts[1]}
}

export function parseVolume(item: YamlValue, interp: (s: string) => Interpolated): Omit<Volume, 'file' | 'line'> | undefined {
  if (isRecord(item)) {
    const target = str(item.target)
    if (target === undefined) return undefined
    const source = str(item.source)
    const type = (str(item.type) ?? (source && isPathLike(source) ? 'bind' : 'volume')) as Volume['type']
    return {raw: JSON.stringify(item), readOnly: item.read_only === true || item.read_only === 'true', source: source === undefined ? undefined : interp(source).value, target: interp(target).value, type}
  }

  const raw = str(item)
  if (raw === undefined) return undefined
  const s = interp(raw).value
  const parts = s.split(':')
  // Windows drive letters (C:\x) would split wrongly; rejoin a one-letter first part.
  if (parts.length > 1 && /^[A-Za-z]$/.test(parts[0]) && /^[\\/]/.test(parts[1])) parts.splice(0, 2, `${parts[0]}:${parts[1]}`)
  if (parts.length === 1) return {raw, readOnly: false, target: parts[0], type: 'volume'}
  const [source, target, mode = ''] = parts
  return {raw, readOnly: mode.split(',').includes('ro'), source, target, type: isPathLike(source) ? 'bind' : 'volume'}
}

function isPathLike(source: string): boolean {
  return /^(\/|\.|~|\$|[A-Za-z]:[\\/]|\\\\)/.test(source)
}
