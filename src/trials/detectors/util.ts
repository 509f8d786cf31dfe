/** Helpers shared by detectors. */
import type {Port, ProjectModel, Router, Service, TraefikModel} from '../model/index.js'
import {lineOf} from '../model/yaml.js'

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

/**
 * Shows enough of a secret to recognise it, never enough to use it: first 4 characters for long values,
 * then the length. The output is stable (same secret → same evidence → same fingerprint).
 */
export function redact(secret: string): string {
  if (secret.length <= 8) return `<redacted ${secret.length} chars>`
  return `${secret.slice(0, 4)}…<redacted ${secret.length} chars>`
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (s.length === 0) return 0
  const counts = new Map<string, number>()
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1)
  let h = 0
  for (const n of counts.values()) {
    const p = n / s.length
    h -= p * Math.log2(p)
  }

  return h
}

/** A value that is a reference, not a literal: `${VAR}`, `$VAR`, a Docker/Vault secret path, empty. */
export function isReference(value: string | null | undefined): boolean {
  if (value === null || value === undefined) return true
  const v = value.trim()
  return v === '' || /^\$\{?[A-Za-z_][A-Za-z0-9_]*(:?[-?][^}]*)?\}?$/.test(v) || /^(\/run\/secrets\/|\/var\/run\/secrets\/|vault:|file:|env:)/.test(v)
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


/** A port published on every interface: no host_ip, or 0.0.0.0 / :: (Docker then also punches through ufw). */
export function onAllInterfaces(p: Port): boolean {
  if (!p.isPublished) return false
  const ip = p.hostIp?.trim()
  return ip === undefined || ip === '' || ip === '0.0.0.0' || ip === '::' || ip === '[::]'
}

/** Published somewhere other than loopback. */
export function publiclyPublished(p: Port): boolean {
  if (!p.isPublished) return false
  const ip = p.hostIp?.trim()
  return !(ip !== undefined && (ip.startsWith('127.') || ip === '::1' || ip === 'localhost'))
}

/** Host port numbers a published port covers ("8000-8002" → 8000..8002); ephemeral → []. */
export function hostPorts(p: Port): number[] {
  if (!p.published) return []
  const m = /^(\d+)(?:-(\d+))?$/.exec(p.published.trim())
  if (!m) return []
  const from = Number(m[1])
  const to = Number(m[2] ?? m[1])
  const out: number[] = []
  for (let i = from; i <= to && out.length < 1000; i++) out.push(i)
  return out
}

export function containerPort(p: Port): number | undefined {
  const m = /^(\d+)/.exec(p.target.trim())
  return m ? Number(m[1]) : undefined
}

const AUTH_TYPES = new Set(['basicauth', 'digestauth', 'forwardauth'])
const AUTH_NAME = /auth|oauth|sso|authelia|authentik|keycloak|oidc|login/i

/**
 * Does this router pass through an authentication middleware? Middlewares are looked up by name (the
 * `@provider` suffix dropped), chains are followed one level per hop; an unknown middleware counts as auth only
 * when its name says so (defined in a file khaos did not see).
 */
export function routerHasAuth(router: Router, traefik: TraefikModel, seen = new Set<string>()): boolean {
  return router.middlewares.some((ref) => middlewareIsAuth(ref, traefik, seen))
}

const middlewareIndex = new WeakMap<TraefikModel, Map<string, TraefikModel['middlewares']>>()

export function middlewaresNamed(traefik: TraefikModel, name: string): TraefikModel['middlewares'] {
  let index = middlewareIndex.get(traefik)
  if (!index) {
    index = new Map()
    for (const m of traefik.middlewares) index.set(m.name, [...(index.get(m.name) ?? []), m])
    middlewareIndex.set(traefik, index)
  }

  return index.get(name) ?? []
}

function middlewareIsAuth(ref: string, traefik: TraefikModel, seen: Set<string>): boolean {
  const name = ref.replace(/@[\w-]+$/, '')
  if (seen.has(name)) return false
  seen.add(name)
  const defs = middlewaresNamed(traefik, name)
  if (defs.length === 0) return AUTH_NAME.test(name)
  return defs.some((m) => AUTH_TYPES.has(m.type) || (m.type === 'chain' && (m.settings.get('middlewares') ?? '').split(',').some((x) => middlewareIsAuth(x.trim(), traefik, seen))))
}

/** Image name without registry, tag or digest, lower case: `docker.io/grafana/grafana:10` → `grafana/grafana`. */
export function imageName(svc: Service): string {
  const image = svc.image?.value ?? ''
  const noDigest = image.split('@')[0]
  const lastSlash = noDigest.lastIndexOf('/')
  const colon = noDigest.indexOf(':', lastSlash + 1)
  let name = (colon === -1 ? noDigest : noDigest.slice(0, colon)).toLowerCase()
  const parts = name.split('/')
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0])) name = parts.slice(1).join('/')
  return name.replace(/^library\//, '')
}

/** True when the image's last path segment matches (e.g. `grafana` matches grafana/grafana and bitnami/grafana). */
export function imageIs(svc: Service, ...names: string[]): boolean {
  const name = imageName(svc)
  const last = name.slice(name.lastIndexOf('/') + 1)
  return names.some((n) => last === n || name === n || last.startsWith(`${n}-`) && n.length > 3)
}

/** Every value of a service's `fields` key as a list of strings (scalar or sequence). */
export function fieldList(svc: Service, key: string): Array<{value: string; line: number; file: string}> {
  const field = svc.fields.get(key)
  if (!field) return []
  const v = field.value
  if (Array.isArray(v)) return v.flatMap((item, i) => (typeof item === 'string' || typeof item === 'number' ? [{file: field.file, line: lineOfSafe(v, i, field.line), value: String(item)}] : []))
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return [{file: field.file, line: field.line, value: String(v)}]
  return []
}

function lineOfSafe(container: unknown, key: number, fallback: number): number {
  return lineOf(container, key) || fallback
}

export type {ProjectModel}
