/**
 * Helpers for the stack-aware trials (F19-F36): which product a compose service runs, whether a port is
 * reachable beyond loopback, whether Traefik routes to a service without an auth middleware, which YAML
 * file is which product's config, and whether a credential-looking value is a real literal.
 * Kept apart from util.ts so the two halves of the catalog can grow without stepping on each other.
 */
import type {Port, ProjectModel, Router, Service} from '../model/index.js'
import {isRecord, lineOf, type YamlValue} from '../model/yaml.js'
import {entropy, isReference} from './util.js'

/** Repository path of the image, lower case, without registry, tag or digest: `docker.io/grafana/grafana:10` → `grafana/grafana`. */
export function imageRepo(image: string | undefined): string {
  if (!image) return ''
  const noDigest = image.split('@')[0]
  const lastSlash = noDigest.lastIndexOf('/')
  const colon = noDigest.indexOf(':', lastSlash + 1)
  const parts = (colon === -1 ? noDigest : noDigest.slice(0, colon)).toLowerCase().split('/')
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0])) parts.shift()
  if (parts[0] === 'library') parts.shift()
  return parts.join('/')
}

const PRODUCTS: Record<string, RegExp> = {
  alertmanager: /(^|\/)alertmanager$/,
  grafana: /(^|\/)grafana(-oss|-enterprise)?$/,
  loki: /(^|\/)loki$/,
  mariadb: /(^|\/)mariadb$/,
  minio: /(^|\/)minio$/,
  mongo: /(^|\/)mongo(db)?(-community-server)?$/,
  mysql: /(^|\/)mysql(-server)?$/,
  postgres: /(^|\/)(postgres|postgresql|postgis|timescaledb(-ha)?)$/,
  prometheus: /(^|\/)prometheus$/,
  redis: /(^|\/)(redis(-stack(-server)?|mod)?|valkey|keydb)$/,
  traefik: /(^|\/)traefik$/,
  vault: /(^|\/)(vault|openbao)$/,
}

export type Product = keyof typeof PRODUCTS

/** What a service runs, judged by its image (`bitnami/redis`, `redislabs/redismod`, `hashicorp/vault` …). */
const productCache = new WeakMap<Service, Product | null>()

export function productOf(svc: Service): Product | undefined {
  let product = productCache.get(svc)
  if (product === undefined) {
    const repo = imageRepo(svc.image?.value)
    product = repo === '' ? null : (Object.entries(PRODUCTS).find(([, re]) => re.test(repo))?.[0] as Product | undefined) ?? null
    productCache.set(svc, product)
  }

  return product ?? undefined
}

export function servicesOf(model: ProjectModel, product: Product): Service[] {
  return model.services.filter((s) => productOf(s) === product)
}

/** The port is published and reachable from other machines: no host IP, 0.0.0.0/::, or a non-loopback address. */
export function reachableBeyondLoopback(p: Port): boolean {
  if (!p.isPublished) return false
  const ip = p.hostIp?.trim().replace(/^\[|\]$/g, '')
  return !(ip !== undefined && ip !== '' && (ip.startsWith('127.') || ip === '::1' || ip.toLowerCase() === 'localhost'))
}

/** The port can be reached on 127.0.0.1 of this machine (what a live probe may contact). */
export function reachableOnLoopback(p: Port): boolean {
  if (!p.isPublished || !p.published || !/^\d+$/.test(p.published.trim())) return false
  const ip = p.hostIp?.trim().replace(/^\[|\]$/g, '')
  return ip === undefined || ip === '' || ip === '0.0.0.0' || ip === '::' || ip.startsWith('127.')
}

export function targetPort(p: Port): number | undefined {
  const m = /^(\d+)/.exec(p.target.trim())
  return m ? Number(m[1]) : undefined
}

/** Published ports of a service that lead to one of the given container ports (any port when none given). */
export function publishedTo(svc: Service, containerPorts: number[] = []): Port[] {
  return svc.ports.filter((p) => reachableBeyondLoopback(p) && (containerPorts.length === 0 || containerPorts.includes(targetPort(p) ?? -1)))
}

const AUTH_TYPES = new Set(['basicauth', 'digestauth', 'forwardauth'])
const AUTH_NAME = /auth|oauth|sso|authelia|authentik|keycloak|oidc|login/i

/** Traefik routers that lead to this compose service and pass through no authentication middleware. */
export function unauthenticatedRoutes(model: ProjectModel, svc: Service): Router[] {
  const t = model.traefik
  return t.routers.filter((r) => {
    const toService = r.composeService === svc || (r.composeService === undefined && r.service !== undefined && r.service.replace(/@[\w-]+$/, '') === svc.name)
    if (!toService) return false
    return !r.middlewares.some((ref) => {
      const name = ref.replace(/@[\w-]+$/, '')
      const defs = t.middlewares.filter((m) => m.name === name)
      return defs.length === 0 ? AUTH_NAME.test(name) : defs.some((m) => AUTH_TYPES.has(m.type))
    })
  })
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

/** A YAML document of the given kind, by shape (file names vary too much to trust). */
export type ConfigKind = 'alertmanager' | 'grafana-datasources' | 'loki' | 'prometheus'

export function configKind(doc: YamlValue): ConfigKind | undefined {
  if (!isRecord(doc)) return undefined
  if (Array.isArray(doc.datasources) || Array.isArray(doc.deleteDatasources)) return 'grafana-datasources'
  if ('receivers' in doc && 'route' in doc) return 'alertmanager'
  if ('scrape_configs' in doc || 'remote_write' in doc || ('global' in doc && ('rule_files' in doc || 'alerting' in doc))) return 'prometheus'
  if ('auth_enabled' in doc || ('schema_config' in doc && ('ingester' in doc || 'common' in doc || 'storage_config' in doc))) return 'loki'
  return undefined
}

type Configs = Array<{path: string; doc: {[key: string]: YamlValue}}>
const configCache = new WeakMap<ProjectModel, Map<ConfigKind, Configs>>()

/** Every YAML document of that kind in the tree (classified once per model, then cached). */
export function configsOf(model: ProjectModel, kind: ConfigKind): Configs {
  let byKind = configCache.get(model)
  if (!byKind) {
    byKind = new Map()
    for (const y of model.yamlFiles) {
      if (y.path.startsWith('.github/')) continue
      for (const doc of y.docs) {
        const k = configKind(doc)
        if (!k || !isRecord(doc)) continue
        if (!byKind.has(k)) byKind.set(k, [])
        byKind.get(k)!.push({doc, path: y.path})
      }
    }

    configCache.set(model, byKind)
  }

  return byKind.get(kind) ?? []
}

/**
 * The Loki config a Loki service runs: the file named by `-config.file` inside its compose project.
 * `builtin` when there is no flag (the image's local-config.yaml); undefined when the named file is not in the tree.
 */
export function lokiConfigFor(model: ProjectModel, svc: Service): {path: string; doc: {[key: string]: YamlValue}} | 'builtin' | undefined {
  const flag = flagValue(svc, 'config.file')
  if (!flag) return 'builtin'
  const wanted = flag.value.slice(flag.value.lastIndexOf('/') + 1)
  return configsOf(model, 'loki').find((c) => c.path.slice(c.path.lastIndexOf('/') + 1) === wanted && (svc.project === '' || c.path.startsWith(`${svc.project}/`)))
}

/** Calls `visit` for every key of every map below `value`, with the dotted path and the key's line. */
export function walkYaml(value: YamlValue, visit: (path: string, key: string, value: YamlValue, line: number) => void, path = '', seen = new Set<object>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return
  seen.add(value)
  if (Array.isArray(value)) {
    value.forEach((item, i) => walkYaml(item, visit, `${path}[${i}]`, seen))
    return
  }

  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key
    visit(childPath, key, child, lineOf(value, key))
    walkYaml(child, visit, childPath, seen)
  }
}

/** Template markers and stand-ins that are not real credentials: `<secret>`, `{{ .Token }}`, `xxxx`, `REPLACE_ME` … */
export function isPlaceholder(value: string): boolean {
  const v = value.trim()
  if (isReference(v)) return true
  return /\$\{[^}]*\}|\$__(env|file|vault)\{|\{\{.*\}\}|^<[^>]*>$|^%\(?\w*\)?s$|^\*+$|^x{3,}$|^\.{3,}$|^(changeme|change_me|replace_?me|your[-_]?\w*|example|placeholder|redacted|none|null|todo|tbd|secret|password)$/i.test(v) ||
    /^(.)\1{5,}$/.test(v)
}

/** A literal secret value of a password-like field: anything that is not a reference or a placeholder. */
export function isLiteralPassword(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim().length >= 3 && !isPlaceholder(value)
}

/** A literal token/key: long enough and random enough to be real (length ≥ 16, ≥ 3 bits/char), not a placeholder. */
export function isLiteralToken(value: string | null | undefined): value is string {
  if (typeof value !== 'string') return false
  const v = value.trim()
  return v.length >= 16 && !/\s/.test(v) && !isPlaceholder(v) && entropy(v) >= 3
}
