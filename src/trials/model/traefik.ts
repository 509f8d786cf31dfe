import type {Loc, Service} from './compose.js'
import {isRecord, lineOf, str, type YamlValue} from './yaml.js'

/**
 * Traefik, merged from everywhere it can be configured. Static config: traefik.yml/.toml files, CLI flags
 * in a Traefik service's `command:` and TRAEFIK_* environment variables. Dynamic config: file-provider
 * files (YAML/TOML) and Docker labels. Everything is flattened to lower-case dotted keys first (Traefik
 * keys are case-insensitive), so one lookup covers `--api.insecure=true`, `api: {insecure: true}` and
 * `TRAEFIK_API_INSECURE=true`.
 */

export interface Setting extends Loc {
  key: string
  value: string
  source: 'file' | 'flag' | 'env' | 'label'
}

export interface TraefikStatic {
  /** File path or `compose-file#service` it came from. */
  origin: string
  service?: Service
  settings: Map<string, Setting>
}

export interface Router extends Loc {
  name: string
  provider: 'file' | 'docker'
  rule?: string
  entryPoints: string[]
  middlewares: string[]
  service?: string
  tls: boolean
  /** The compose service whose labels define this router (docker provider). */
  composeService?: Service
}

export interface Middleware extends Loc {
  name: string
  provider: 'file' | 'docker'
  /** Middleware type, lower case: basicauth, forwardauth, redirectscheme, ipallowlist … */
  type: string
  /** Its settings below the type, lower-case dotted: `users`, `middlewares` (for a chain) … */
  settings: Map<string, string>
}

export interface TraefikModel {
  statics: TraefikStatic[]
  routers: Router[]
  middlewares: Middleware[]
  /** Compose services that are Traefik itself. */
  proxies: Service[]
  /** Every dynamic setting (files and labels), lower-case dotted keys (`http.serverstransports.x.insecureskipverify`). */
  dynamicSettings: Setting[]
}

export function isTraefikImage(image: string | undefined): boolean {
  return image !== undefined && /(^|\/)traefik(:|@|$)/i.test(image)
}

export function flattenYaml(
  value: YamlValue,
  file: string,
  source: Setting['source'],
  out = new Map<string, Setting>(),
  prefix = '',
  parent?: unknown,
  key?: string | number,
): Map<string, Setting> {
  if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) flattenYaml(v, file, source, out, prefix ? `${prefix}.${k.toLowerCase()}` : k.toLowerCase(), value, k)
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => flattenYaml(v, file, source, out, `${prefix}[${i}]`, value, i))
    if (value.every((v) => str(v) !== undefined))
      out.set(prefix, {file, key: prefix, line: lineOf(parent, key), source, value: value.map((v) => str(v)).join(',')})
  } else if (prefix) {
    out.set(prefix, {file, key: prefix, line: lineOf(parent, key), source, value: value === null ? '' : String(value)})
  }

  return out
}

/** A TOML subset enough for Traefik files: `[a.b]` tables, `[[a.b]]` arrays of tables, `key = value`. */
export function flattenToml(text: string, file: string): Map<string, Setting> {
  const out = new Map<string, Setting>()
  let table = ''
  const counters = new Map<string, number>()
  text.split(/\r?\n/).forEach((rawLine, i) => {
    const line = rawLine.replace(/^\s+|\s+$/g, '')
    if (line === '' || line.startsWith('#')) return
    let m = /^\[\[\s*([^\]]+?)\s*\]\]$/.exec(line)
    if (m) {
      const name = unquote(m[1]).toLowerCase()
      const n = counters.get(name) ?? 0
      counters.set(name, n + 1)
      table = `${name}[${n}]`
      return
    }

    m = /^\[\s*([^\]]+?)\s*\]$/.exec(line)
    if (m) {
      table = m[1]
        .split('.')
        .map((p) => unquote(p.trim()).toLowerCase())
        .join('.')
      return
    }

    m = /^("?[^=]+?"?)\s*=\s*(.*)$/.exec(line)
    if (!m) return
    const key = m[1]
      .split('.')
      .map((p) => unquote(p.trim()).toLowerCase())
      .join('.')
    let value = m[2].replace(/\s+#[^"']*$/, '').trim()
    if (value.startsWith('['))
      value = value
        .slice(1, value.lastIndexOf(']'))
        .split(',')
        .map((v) => unquote(v.trim()))
        .filter(Boolean)
        .join(',')
    else value = unquote(value)
    const full = table ? `${table}.${key}` : key
    out.set(full, {file, key: full, line: i + 1, source: 'file', value})
  })
  return out
}

function unquote(s: string): string {
  return /^(["']).*\1$/.test(s) ? s.slice(1, -1) : s
}

export function flagsToSettings(args: Array<{value: string} & Loc>): Map<string, Setting> {
  const out = new Map<string, Setting>()
  for (const arg of args) {
    const m = /^--([A-Za-z0-9_.[\]-]+)(?:=(.*))?$/.exec(arg.value)
    if (!m) continue
    const key = m[1].toLowerCase()
    out.set(key, {file: arg.file, key, line: arg.line, source: 'flag', value: m[2] ?? 'true'})
  }

  return out
}

export function envToSettings(service: Service): Map<string, Setting> {
  const out = new Map<string, Setting>()
  for (const e of service.environment) {
    if (!e.name.startsWith('TRAEFIK_') || e.value === null) continue
    const key = e.name.slice('TRAEFIK_'.length).toLowerCase().replaceAll('_', '.')
    out.set(key, {file: e.file, key, line: e.line, source: 'env', value: e.value})
  }

  return out
}

/** Builds routers and middlewares from flattened dynamic settings (`http.routers.NAME.rule` …). */
export function collectDynamic(settings: Map<string, Setting>, provider: Router['provider'], model: TraefikModel, composeService?: Service): void {
  model.dynamicSettings.push(...settings.values())
  const routers = new Map<string, Router>()
  const middlewares = new Map<string, Middleware>()
  for (const [key, s] of settings) {
    let m = /^http\.routers\.([^.]+)\.([a-z]+)/.exec(key)
    if (m) {
      const [, name, prop] = m
      let router = routers.get(name)
      if (!router) {
        router = {composeService, entryPoints: [], file: s.file, line: s.line, middlewares: [], name, provider, tls: false}
        routers.set(name, router)
      }

      router.line = Math.min(router.line || s.line, s.line)
      if (prop === 'rule') router.rule = s.value
      else if (prop === 'entrypoints') router.entryPoints.push(...splitList(s.value))
      else if (prop === 'middlewares') router.middlewares.push(...splitList(s.value))
      else if (prop === 'service') router.service = s.value
      else if (prop === 'tls') router.tls = router.tls || s.value !== 'false'
      continue
    }

    m = /^http\.middlewares\.([^.]+)\.([a-z]+)(?:\.(.+))?$/.exec(key)
    if (m) {
      if (!middlewares.has(m[1])) middlewares.set(m[1], {file: s.file, line: s.line, name: m[1], provider, settings: new Map(), type: m[2]})
      if (m[3]) middlewares.get(m[1])!.settings.set(m[3], s.value)
    }
  }

  for (const r of routers.values()) {
    r.entryPoints = [...new Set(r.entryPoints)]
    r.middlewares = [...new Set(r.middlewares)]
    model.routers.push(r)
  }

  model.middlewares.push(...middlewares.values())
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
}

/** Settings of a compose service's `traefik.*` labels, without the `traefik.` prefix. */
export function labelSettings(service: Service): Map<string, Setting> {
  const out = new Map<string, Setting>()
  for (const l of service.labels) {
    const key = l.key.toLowerCase()
    if (!key.startsWith('traefik.')) continue
    out.set(key.slice('traefik.'.length), {file: l.file, key: key.slice('traefik.'.length), line: l.line, source: 'label', value: l.value})
  }

  return out
}

/** True for a YAML document that is Traefik static configuration. */
export function looksLikeTraefikStatic(doc: YamlValue): boolean {
  if (!isRecord(doc)) return false
  const keys = Object.keys(doc).map((k) => k.toLowerCase())
  return (
    keys.includes('entrypoints') &&
    (keys.includes('providers') || keys.includes('api') || keys.includes('certificatesresolvers') || keys.includes('docker') || keys.includes('acme'))
  )
}

/** True for a YAML document that is Traefik dynamic configuration (file provider). */
export function looksLikeTraefikDynamic(doc: YamlValue): boolean {
  if (!isRecord(doc)) return false
  const http = doc.http ?? doc.HTTP
  const tls = doc.tls
  return (
    (isRecord(http) && ('routers' in http || 'middlewares' in http || 'services' in http || 'serversTransports' in http)) ||
    (isRecord(tls) && ('options' in tls || 'certificates' in tls))
  )
}

/** Traefik 1.x: an image tagged 1.x, or static keys only v1 has (`[docker]`, `defaultEntryPoints`, `[web]`, top-level `[acme]`). */
export function isTraefikV1(settings: Map<string, Setting>, image?: string): boolean {
  if (image !== undefined && /(^|\/)traefik:v?1(\.[\w.-]*)?(@|$)/i.test(image)) return true
  for (const key of settings.keys()) {
    if (
      /^(docker|defaultentrypoints|web|acme|file|rancher|kubernetes|consulcatalog)(\.|$)/.test(key) ||
      /^entrypoints\.[^.]+\.(redirect|auth|whitelist)\./.test(key)
    )
      return true
  }

  return false
}

/**
 * Traefik 1.x static settings in 2.x terms, added beside the originals so every detector reads one vocabulary:
 * `[docker]` is providers.docker (exposed by default unless exposedByDefault = false); `--api`/`[api]` and the
 * older `--web` serve the dashboard on the `traefik` entry point (:8080) with no authentication unless that entry
 * point has auth, i.e. api.insecure; an entry point's `redirect.entryPoint` is an HTTPS redirection; `[acme]`
 * is a certificate resolver named acme.
 */
export function v1StaticToV2(settings: Map<string, Setting>): Map<string, Setting> {
  const out = new Map(settings)
  const alias = (key: string, from: Setting, value = from.value) => {
    if (!out.has(key)) out.set(key, {...from, key, value})
  }

  for (const [key, s] of settings) {
    let m = /^docker(\..+)?$/.exec(key)
    if (m) alias(`providers.docker${m[1] ?? ''}`, s)
    m = /^entrypoints\.([^.]+)\.redirect\.entrypoint$/.exec(key)
    if (m) alias(`entrypoints.${m[1]}.http.redirections.entrypoint.to`, s)
    m = /^acme\.(storage|caserver|email)$/.exec(key)
    if (m) alias(`certificatesresolvers.acme.acme.${m[1]}`, s)
  }

  const api = [...settings.values()]
    .filter((s) => s.key === 'api' || s.key.startsWith('api.') || s.key === 'web' || s.key.startsWith('web.'))
    .sort((a, b) => a.line - b.line)[0]
  const apiEntryPoint = (settings.get('api.entrypoint')?.value ?? 'traefik').toLowerCase()
  const protectedApi =
    [...settings.keys()].some((k) => k.startsWith(`entrypoints.${apiEntryPoint}.auth.`)) || [...settings.keys()].some((k) => k.startsWith('web.auth.'))
  if (api && api.value.toLowerCase() !== 'false' && !protectedApi) alias('api.insecure', api, 'true')
  const webAddress = settings.get('web.address')
  if (webAddress) alias('entrypoints.traefik.address', webAddress)
  return out
}

/**
 * Traefik 1.x Docker labels (`traefik.frontend.rule`, `traefik.frontend.auth.basic.users`, `traefik.<segment>.frontend.*`)
 * as 2.x routers and middlewares named after the service (or segment).
 */
export function v1LabelsToV2(labels: Map<string, Setting>, serviceName: string): Map<string, Setting> {
  const out = new Map(labels)
  for (const [key, s] of labels) {
    const m =
      /^(?:([^.]+)\.)?frontend\.(rule|entrypoints|auth\.basic(?:\.users|\.usersfile)?|auth\.forward\.address|whitelist\.sourcerange|redirect\.entrypoint)$/.exec(
        key,
      )
    if (!m || (m[1] && ['frontend', 'backend', 'port', 'enable', 'docker'].includes(m[1]))) continue
    const router = (m[1] ?? serviceName).toLowerCase()
    const add = (k: string, value = s.value) => {
      if (!out.has(k)) out.set(k, {...s, key: k, value})
    }

    const addMiddleware = (kind: string, setting: string) => {
      const name = `${router}-v1-${kind}`
      add(`http.middlewares.${name}.${kind}.${setting}`)
      const list = out.get(`http.routers.${router}.middlewares`)
      if (!list) add(`http.routers.${router}.middlewares`, name)
      else if (!list.value.split(',').includes(name)) out.set(list.key, {...list, value: `${list.value},${name}`})
    }

    if (m[2] === 'rule') add(`http.routers.${router}.rule`)
    else if (m[2] === 'entrypoints') add(`http.routers.${router}.entrypoints`)
    else if (m[2].startsWith('auth.basic')) addMiddleware('basicauth', 'users')
    else if (m[2] === 'auth.forward.address') addMiddleware('forwardauth', 'address')
    else if (m[2] === 'whitelist.sourcerange') addMiddleware('ipallowlist', 'sourcerange')
    else if (m[2] === 'redirect.entrypoint') addMiddleware('redirectscheme', 'scheme')
  }

  return out
}
