import {posix} from 'node:path'

import {interpolate, parseEnvFile, type EnvEntry, type Interpolated} from './env.js'
import {isRecord, lineOf, str, type YamlValue} from './yaml.js'

/**
 * Compose, normalised: short and long syntax of ports, volumes, environment (map or list), env_file and
 * labels (map or list) become one shape each, every entry with its file and line, every string
 * interpolated against the project's `.env` (the raw text is kept: `${VAR:-admin}` matters to F12).
 * Projects are formed the way Compose forms them (see buildComposeProjects); a service defined in several
 * files of one project (compose.yaml + compose.override.yaml) is merged: scalars from the later file,
 * mounts by container path, other lists concatenated, maps merged by key.
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
  /** The host IP is a variable the project does not define (`${BIND_IP}:8080:80`): known only at deploy time. */
  hostIpUnset?: boolean
}

export interface Volume extends Loc {
  raw: string
  type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image'
  source?: string
  target: string
  readOnly: boolean
  /** Bind propagation (`:rshared`, `bind.propagation: shared`) when given. */
  propagation?: string
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
  /** The first file of the compose project the service belongs to: names the project in summaries. */
  projectFile: string
  files: string[]
  image?: Arg & {raw: string; refs: Interpolated['refs']}
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
  /** Files Compose loads for this project, in load order (included files first). */
  files: string[]
  /** How the file set was chosen: a khaos config, the folder's default (base + override), COMPOSE_FILE from .env, or a file on its own. */
  kind: 'config' | 'default' | 'compose-file' | 'standalone'
  services: Service[]
  /** Top-level named volumes and networks, with the files that declare them. */
  volumes: Map<string, Field>
  networks: Map<string, Field>
  /** Variables from `<dir>/.env`, used for interpolation. */
  vars: Map<string, string>
  /** Where each variable of `vars` is defined (file and line of the .env). */
  varOrigins: Map<string, Loc>
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
  return (
    services.length > 0 &&
    services.every((s) => s === null || isRecord(s)) &&
    services.some((s) => isRecord(s) && ('image' in s || 'build' in s || 'ports' in s || 'volumes' in s || 'environment' in s))
  )
}

interface ProjectEnv {
  vars: Map<string, string>
  origins: Map<string, Loc>
}

function readProjectEnv(path: string, readText: (path: string) => string | undefined): ProjectEnv {
  const env: ProjectEnv = {origins: new Map(), vars: new Map()}
  const text = path.startsWith('..') ? undefined : readText(path)
  if (text !== undefined) {
    for (const e of parseEnvFile(text)) {
      env.vars.set(e.key, e.value)
      env.origins.set(e.key, {file: path, line: e.line})
    }
  }

  return env
}

const dirOf = (path: string) => (posix.dirname(path) === '.' ? '' : posix.dirname(path))
export const inTree = (dir: string, rel: string) => {
  const p = posix.normalize(posix.join(dir, rel))
  return p.startsWith('../') || p === '..' || posix.isAbsolute(p) ? undefined : p
}

/** `include:` entries of a compose document: paths (relative to the scan root, inside it) and an optional env file. */
export function includesOf(doc: YamlValue, path: string): Array<{path: string; envFile?: string}> {
  if (!isRecord(doc) || !Array.isArray(doc.include)) return []
  const dir = dirOf(path)
  const out: Array<{path: string; envFile?: string}> = []
  for (const item of doc.include) {
    const paths = isRecord(item) ? (Array.isArray(item.path) ? item.path.map((p) => str(p)) : [str(item.path)]) : [str(item)]
    const envRaw = isRecord(item) ? (Array.isArray(item.env_file) ? str(item.env_file[0]) : str(item.env_file)) : undefined
    for (const p of paths) {
      const target = p === undefined ? undefined : inTree(dir, p)
      if (target !== undefined) out.push({envFile: envRaw === undefined ? undefined : inTree(dir, envRaw), path: target})
    }
  }

  return out
}

/**
 * Projects as `docker compose` sees them. In each folder the default project is the first of compose.yaml,
 * compose.yml, docker-compose.yaml, docker-compose.yml plus its `.override` file, or the set COMPOSE_FILE names
 * in the folder's .env; every other compose file (docker-stack.yml, -v2 variants, demo stacks) is a project of
 * its own (with its own `X.override.yml` when there is one), so a flaw is judged, and reported, in the file that
 * holds it. `include:` is followed within the scanned tree; an included file is not also a project of its own.
 */
export function buildComposeProjects(
  inputs: ComposeInput[],
  readText: (path: string) => string | undefined,
  parseDoc: (path: string) => YamlValue | undefined = () => undefined,
  /** File sets a khaos config names (paths relative to the scan root): each is one project, before any other grouping. */
  configured: string[][] = [],
): ComposeProject[] {
  const docs = new Map(inputs.map((i) => [i.path, i.doc]))
  const docOf = (path: string) => (docs.has(path) ? docs.get(path) : parseDoc(path))
  const included = new Set(inputs.flatMap((i) => includesOf(i.doc, i.path).map((x) => x.path)))
  const envCache = new Map<string, ProjectEnv>()
  const envOf = (path: string) => {
    let env = envCache.get(path)
    if (!env) envCache.set(path, (env = readProjectEnv(path, readText)))
    return env
  }

  const byDir = new Map<string, string[]>()
  for (const input of inputs) {
    const dir = dirOf(input.path)
    if (!byDir.has(dir)) byDir.set(dir, [])
    byDir.get(dir)!.push(input.path)
  }

  const projects: ComposeProject[] = []
  const claimed = new Set<string>()
  for (const set of configured) {
    const files = set.filter((f) => isRecord(docOf(f)) && !claimed.has(f))
    if (files.length === 0) continue
    const dir = dirOf(files[0])
    for (const f of files) claimed.add(f)
    projects.push(buildProject(dir, files, 'config', envOf(dir === '' ? '.env' : `${dir}/.env`), envOf, docOf, readText, parseDoc))
  }

  for (const dir of [...byDir.keys()].sort()) {
    const group = byDir
      .get(dir)!
      .filter((p) => !claimed.has(p))
      .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1))
    if (group.length === 0) continue
    const env = envOf(dir === '' ? '.env' : `${dir}/.env`)
    const sets: Array<{files: string[]; kind: ComposeProject['kind']}> = []
    const used = new Set<string>()
    const composeFile = env.vars.get('COMPOSE_FILE')
    if (composeFile) {
      const separator = env.vars.get('COMPOSE_PATH_SEPARATOR') || ':'
      const files = composeFile
        .split(separator)
        .map((f) => inTree(dir, f.trim()))
        .filter((f): f is string => f !== undefined && isRecord(docOf(f)))
      if (files.length > 0) {
        sets.push({files, kind: 'compose-file'})
        for (const f of files) used.add(f)
      }
    } else {
      const base = group.find((p) => rank(p) < BASE_ORDER.length)
      if (base) {
        const files = [base, ...group.filter((p) => overrideOf(p) === stemOf(base))]
        sets.push({files, kind: 'default'})
        for (const f of files) used.add(f)
      }
    }

    for (const path of group) {
      if (used.has(path) || included.has(path)) continue
      const stem = overrideOf(path)
      // An override file goes with the file it overrides; alone it is still read (it may be all there is).
      if (stem !== undefined && group.some((p) => p !== path && stemOf(p) === stem)) continue
      const files = [path, ...group.filter((p) => p !== path && overrideOf(p) === stemOf(path) && !used.has(p))]
      sets.push({files, kind: 'standalone'})
      for (const f of files) used.add(f)
    }

    for (const set of sets) projects.push(buildProject(dir, set.files, set.kind, env, envOf, docOf, readText, parseDoc))
  }

  return projects
}

/** `docker-stack.override.yml` → `docker-stack`; undefined for a file that is not an override. */
function overrideOf(path: string): string | undefined {
  return /^(.*)\.override\.ya?ml$/i.exec(posix.basename(path))?.[1].toLowerCase()
}

function stemOf(path: string): string {
  return posix
    .basename(path)
    .replace(/\.ya?ml$/i, '')
    .toLowerCase()
}

function buildProject(
  dir: string,
  files: string[],
  kind: ComposeProject['kind'],
  env: ProjectEnv,
  envOf: (path: string) => ProjectEnv,
  docOf: (path: string) => YamlValue | undefined,
  readText: (path: string) => string | undefined,
  parseDoc: (path: string) => YamlValue | undefined,
): ComposeProject {
  // Included files first (Compose loads them before the including file), each with its own folder's .env.
  const order: Array<{path: string; env: ProjectEnv; dir: string}> = []
  const seen = new Set<string>()
  const visit = (path: string, fileEnv: ProjectEnv, fileDir: string, depth: number) => {
    if (seen.has(path) || depth > 10) return
    seen.add(path)
    for (const inc of includesOf(docOf(path) ?? null, path)) {
      const incDir = dirOf(inc.path)
      visit(inc.path, inc.envFile ? envOf(inc.envFile) : envOf(incDir === '' ? '.env' : `${incDir}/.env`), incDir, depth + 1)
    }

    order.push({dir: fileDir, env: fileEnv, path})
  }

  for (const f of files) visit(f, env, dir, 0)
  const project: ComposeProject = {
    dir,
    files: order.map((o) => o.path),
    kind,
    networks: new Map(),
    services: [],
    varOrigins: env.origins,
    vars: env.vars,
    volumes: new Map(),
  }
  const services = new Map<string, Service>()
  for (const {dir: fileDir, env: fileEnv, path} of order) {
    const doc = docOf(path)
    if (!isRecord(doc)) continue
    for (const [section, target] of [
      ['volumes', project.volumes],
      ['networks', project.networks],
    ] as const) {
      const value = doc[section]
      if (isRecord(value)) for (const [name, item] of Object.entries(value)) target.set(name, {file: path, line: lineOf(value, name), value: item})
    }

    if (!isRecord(doc.services)) continue
    const scope: Scope = {dir: fileDir, origins: fileEnv.origins, projectFile: files[0], readText, vars: fileEnv.vars}
    for (const [name, body] of Object.entries(doc.services)) {
      const own = normaliseService(name, isRecord(body) ? body : {}, path, lineOf(doc.services, name), scope)
      const base = resolveExtends(isRecord(body) ? body.extends : undefined, doc, path, scope, parseDoc, new Set([`${path}#${name}`]))
      const svc = base ? {...mergeService(base, own), file: own.file, line: own.line, name} : own
      const existing = services.get(name)
      services.set(name, existing ? mergeService(existing, svc) : svc)
    }
  }

  project.services = [...services.values()]
  return project
}

interface Scope {
  dir: string
  vars: Map<string, string>
  origins: Map<string, Loc>
  projectFile: string
  readText: (path: string) => string | undefined
}

/**
 * `extends:` (a service name in the same file, or `{service, file}`): the base service, normalised with its own
 * file and lines, extended recursively; cycles and missing bases give undefined.
 */
function resolveExtends(
  ext: YamlValue | undefined,
  doc: {[key: string]: YamlValue},
  path: string,
  scope: Scope,
  parseDoc: (path: string) => YamlValue | undefined,
  seen: Set<string>,
): Service | undefined {
  const serviceName = typeof ext === 'string' ? ext : isRecord(ext) ? str(ext.service) : undefined
  if (!serviceName) return undefined
  const otherFile = isRecord(ext) ? str(ext.file) : undefined
  const basePath = otherFile ? inTree(scope.dir, otherFile) : path
  const baseDoc = basePath === undefined ? undefined : otherFile ? parseDoc(basePath) : doc
  if (basePath === undefined) return undefined
  if (!isRecord(baseDoc) || !isRecord(baseDoc.services)) return undefined
  const body = baseDoc.services[serviceName]
  const key = `${basePath}#${serviceName}`
  if (!isRecord(body) || seen.has(key) || seen.size > 10) return undefined
  seen.add(key)
  const base = normaliseService(serviceName, body, basePath, lineOf(baseDoc.services, serviceName), scope)
  const deeper = resolveExtends(body.extends, baseDoc, basePath, scope, parseDoc, seen)
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
    // Compose merges mounts by container path: a later file's mount at the same target replaces the earlier one.
    volumes: [...a.volumes.filter((v) => !b.volumes.some((w) => w.target === v.target)), ...b.volumes],
  }
}

/**
 * Entries of a Compose key that takes either a map (`KEY: value`) or a list of `KEY=value` strings
 * (environment, labels); `missing` is the value of a key given without one (`KEY` alone, `KEY:` null).
 */
function keyValues<M extends null | string>(
  value: YamlValue | undefined,
  missing: M,
  at: (container: unknown, key?: number | string) => Loc,
): Array<{key: string; loc: Loc; raw: M | string}> {
  const out: Array<{key: string; loc: Loc; raw: M | string}> = []
  if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) out.push({key, loc: at(value, key), raw: item === null ? missing : (str(item) ?? missing)})
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

function normaliseService(name: string, body: {[key: string]: YamlValue}, file: string, line: number, scope: Scope): Service {
  const {dir, readText} = scope
  const at = (container: unknown, key?: number | string): Loc => ({file, line: lineOf(container, key) || line})
  const interp = (s: string) => interpolate(s, scope.vars, scope.origins)
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
    projectFile: scope.projectFile,
    volumes: [],
  }

  const image = str(body.image)
  if (image !== undefined) {
    const r = interp(image)
    svc.image = {...at(body, 'image'), raw: image, refs: r.refs, value: r.value}
  }

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
function splitShellWords(input: string): string[] {
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
    const ip = hostIp === undefined ? undefined : interp(hostIp)
    return {
      hostIp: ip?.value,
      ...(ip !== undefined && ip.value.trim() === '' && ip.refs.length > 0 ? {hostIpUnset: true} : {}),
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

  // Only set when true, so a port's shape stays what Compose's own parser gives.
  const unset = hostIp === '' && /^\s*\[?\$/.test(raw) ? {hostIpUnset: true} : {}
  if (parts.length === 1) {
    // "80" publishes the container port on an ephemeral host port, on every interface unless host_ip is given.
    return {hostIp, ...unset, isPublished: true, protocol, published: undefined, raw, target: parts[0]}
  }

  return {hostIp, ...unset, isPublished: true, protocol, published: parts[0] === '' ? undefined : parts[0], raw, target: parts[1]}
}

function parseVolume(item: YamlValue, interp: (s: string) => Interpolated): Omit<Volume, 'file' | 'line'> | undefined {
  if (isRecord(item)) {
    const target = str(item.target)
    if (target === undefined) return undefined
    const source = str(item.source)
    const type = (str(item.type) ?? (source && isPathLike(source) ? 'bind' : 'volume')) as Volume['type']
    const propagation = isRecord(item.bind) ? str(item.bind.propagation) : undefined
    return {
      ...(propagation ? {propagation} : {}),
      raw: JSON.stringify(item),
      readOnly: item.read_only === true || item.read_only === 'true',
      source: source === undefined ? undefined : interp(source).value,
      target: interp(target).value,
      type,
    }
  }

  const raw = str(item)
  if (raw === undefined) return undefined
  const s = interp(raw).value
  const parts = s.split(':')
  // Windows drive letters (C:\x) would split wrongly; rejoin a one-letter first part.
  if (parts.length > 1 && /^[A-Za-z]$/.test(parts[0]) && /^[\\/]/.test(parts[1])) parts.splice(0, 2, `${parts[0]}:${parts[1]}`)
  if (parts.length === 1) return {raw, readOnly: false, target: parts[0], type: 'volume'}
  const [source, target, mode = ''] = parts
  const modes = mode.split(',')
  const propagation = modes.find((m) => /^r?(shared|slave|private)$/.test(m))
  return {...(propagation ? {propagation} : {}), raw, readOnly: modes.includes('ro'), source, target, type: isPathLike(source) ? 'bind' : 'volume'}
}

function isPathLike(source: string): boolean {
  return /^(\/|\.|~|\$|[A-Za-z]:[\\/]|\\\\)/.test(source)
}
