// F18, Admin UIs routed publicly without auth middleware: the detector of trials/F18-admin-ui-public/trial.yaml.
import type {Router, Service} from '../model/index.js'
import type {Detector, RawFinding} from '../types.js'
import {imageIs} from './products.js'
import {middlewaresNamed, routerHasAuth} from './routes.js'

export const ADMIN_UIS = [
  'grafana',
  'prometheus',
  'alertmanager',
  'minio',
  'vault',
  'openbao',
  'portainer',
  'portainer-ce',
  'portainer-ee',
  'pgadmin4',
  'adminer',
  'phpmyadmin',
  'kibana',
  'rabbitmq',
  'netdata',
  'cadvisor',
  'pushgateway',
  'mongo-express',
  'redis-commander',
  'redisinsight',
  'consul',
  'nomad',
  'jenkins',
  'uptime-kuma',
]

const RESTRICTING = new Set(['ipallowlist', 'ipwhitelist'])

/**
 * The compose service a router sends traffic to: its own labels' service, or for a file-provider router the
 * service of that name in the nearest compose project above the dynamic file.
 */
function targetService(r: Router, byName: Map<string, Service[]>): Service | undefined {
  if (r.composeService) return r.composeService
  const name = r.service?.replace(/@[\w-]+$/, '')
  const candidates = name ? (byName.get(name) ?? []) : []
  let best: Service | undefined
  for (const s of candidates) {
    if ((s.project === '' || r.file.startsWith(`${s.project}/`)) && (!best || s.project.length > best.project.length)) best = s
  }

  return best
}

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    const {traefik} = model
    const byName = new Map<string, Service[]>()
    for (const svc of model.services) byName.set(svc.name, [...(byName.get(svc.name) ?? []), svc])
    for (const r of traefik.routers) {
      if (r.service && /@internal$/.test(r.service)) continue // Traefik's own API: F3
      const svc = targetService(r, byName)
      if (!svc || !imageIs(svc, ...ADMIN_UIS)) continue
      if (svc.labels.some((l) => l.key.toLowerCase() === 'traefik.enable' && l.value.trim().toLowerCase() === 'false')) continue
      if (routerHasAuth(r, traefik)) continue
      const restricted = r.middlewares.some((m) => middlewaresNamed(traefik, m.replace(/@[\w-]+$/, '')).some((d) => RESTRICTING.has(d.type)))
      if (restricted) continue
      out.push({
        service: svc.name,
        evidence: `router ${r.name} -> ${svc.name} (${svc.image?.value ?? 'image?'})${r.rule ? ` ${r.rule}` : ''}`,
        file: r.file,
        line: r.line,
        message: `admin UI "${svc.name}" is routed by "${r.name}"${r.rule ? ` (${r.rule})` : ''} with no authentication middleware and no IP allow-list: its login page (or no login at all) faces the internet; add forwardAuth (SSO) or basicAuth and an ipAllowList`,
      })
    }

    return out
  },
}

export default detector
