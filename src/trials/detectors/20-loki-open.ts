// F20, Loki with auth disabled and its port published or routed: the detector of trials/F20-loki-open/trial.yaml.
import type {ProjectModel, Service} from '../model/index.js'
import {lineOf, str} from '../model/yaml.js'
import type {Detector, RawFinding} from '../types.js'
import {lokiConfigFor} from './configs.js'
import {publishedTo} from './ports.js'
import {servicesOf} from './products.js'
import {unauthenticatedRoutes} from './routes.js'
import {boolish} from './util.js'

/**
 * Is auth disabled for this Loki service? Without `-config.file` the image runs its built-in
 * local-config.yaml, which has `auth_enabled: false`. With one, the config of that name inside the
 * compose project decides; a config khaos cannot find gives no verdict (no finding).
 */
function authState(model: ProjectModel, svc: Service): {disabled: boolean; where: string; port: number} | undefined {
  const config = lokiConfigFor(model, svc)
  if (config === 'builtin') return {disabled: true, port: 3100, where: 'built-in local-config.yaml'}
  if (!config) return undefined
  const server = config.doc.server
  const port = Number(server && typeof server === 'object' && !Array.isArray(server) ? (str(server.http_listen_port) ?? 3100) : 3100)
  // Loki's own default is auth_enabled: true; only an explicit false disables it.
  const disabled = boolish(config.doc.auth_enabled) === false
  return {disabled, port, where: `${config.path}:${lineOf(config.doc, 'auth_enabled')}`}
}

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const svc of servicesOf(model, 'loki')) {
      const state = authState(model, svc)
      if (!state?.disabled) continue
      for (const p of publishedTo(svc, [state.port])) {
        out.push({
          service: svc.name,
          evidence: `${svc.name}: port ${state.port} published as ${p.hostIp || '*'}:${p.published ?? 'ephemeral'}, auth_enabled false (${state.where.replace(/:\d+$/, '')})`,
          file: p.file,
          line: p.line,
          message: `Loki "${svc.name}" runs with auth disabled (${state.where}) and publishes its API: anyone reaching the port can read every log line or push forged ones`,
        })
      }

      for (const r of unauthenticatedRoutes(model, svc)) {
        out.push({
          service: svc.name,
          evidence: `${svc.name}: Traefik router ${r.name} without auth middleware, auth_enabled false (${state.where.replace(/:\d+$/, '')})`,
          file: r.file,
          line: r.line,
          message: `Loki "${svc.name}" runs with auth disabled (${state.where}) and is routed by Traefik (${r.rule ?? r.name}) without an auth middleware`,
        })
      }
    }

    return out
  },
}

export default detector
