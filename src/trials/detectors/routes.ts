/** Traefik routing: whether a router passes through an authentication middleware, and which routers reach a service. */
import type {ProjectModel, Router, Service, TraefikModel} from '../model/index.js'

const AUTH_TYPES = new Set(['basicauth', 'digestauth', 'forwardauth'])
const AUTH_NAME = /auth|oauth|sso|authelia|authentik|keycloak|oidc|login/i

/** A reference without its `@provider` suffix (`auth@file` → `auth`). */
export function withoutProvider(ref: string): string {
  return ref.replace(/@[\w-]+$/, '')
}

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
  const name = withoutProvider(ref)
  if (seen.has(name)) return false
  seen.add(name)
  const defs = middlewaresNamed(traefik, name)
  if (defs.length === 0) return AUTH_NAME.test(name)
  return defs.some(
    (m) =>
      AUTH_TYPES.has(m.type) || (m.type === 'chain' && (m.settings.get('middlewares') ?? '').split(',').some((x) => middlewareIsAuth(x.trim(), traefik, seen))),
  )
}

/** Traefik routers that lead to this compose service and pass through no authentication middleware. */
export function unauthenticatedRoutes(model: ProjectModel, svc: Service): Router[] {
  const t = model.traefik
  return t.routers.filter((r) => {
    const toService = r.composeService === svc || (r.composeService === undefined && r.service !== undefined && withoutProvider(r.service) === svc.name)
    return toService && !routerHasAuth(r, t)
  })
}
