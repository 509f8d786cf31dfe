// F3, Traefik API/dashboard insecure or routed without auth: the detector of trials/F03-traefik-api-insecure/trial.yaml.
import type {Service, TraefikStatic} from '../model/index.js'
import type {Detector, RawFinding} from '../types.js'
import {containerPort, reachableBeyondLoopback} from './ports.js'
import {httpLocal, loopbackPorts} from './probes.js'
import {routerHasAuth} from './routes.js'
import {boolish} from './util.js'

/** The container port of Traefik's `traefik` entry point (API/dashboard with api.insecure), default 8080. */
function apiPort(t: TraefikStatic): number {
  const address = t.settings.get('entrypoints.traefik.address')?.value
  const m = address ? /:(\d+)/.exec(address) : undefined
  return m ? Number(m[1]) : 8080
}

function proxiesFor(t: TraefikStatic, proxies: Service[]): Service[] {
  return t.service ? [t.service] : proxies
}

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    const {traefik} = model
    for (const t of traefik.statics) {
      const insecure = t.settings.get('api.insecure')
      if (!insecure || boolish(insecure.value) !== true) continue
      const port = apiPort(t)
      const published = proxiesFor(t, traefik.proxies).flatMap((svc) =>
        svc.ports.filter((p) => containerPort(p) === port && reachableBeyondLoopback(p)).map((p) => `${svc.name} ${p.raw}`),
      )
      out.push({
        evidence: `api.insecure=${insecure.value}`,
        file: insecure.file,
        line: insecure.line,
        message:
          published.length > 0
            ? `the Traefik API/dashboard is served without authentication on :${port}, and that port is published (${published.join('; ')}): anyone who reaches the host reads every route, service and middleware`
            : `the Traefik API/dashboard is served without authentication on the "traefik" entry point :${port}; publish it nowhere, or drop api.insecure and route api@internal through an auth middleware`,
        severity: published.length > 0 ? 'critical' : 'high',
      })
    }

    for (const r of traefik.routers) {
      if (!r.service || !/^(api|dashboard)@internal$/i.test(r.service)) continue
      if (routerHasAuth(r, traefik)) continue
      out.push({
        evidence: `router ${r.name} -> ${r.service}${r.middlewares.length > 0 ? ` via ${r.middlewares.join(',')}` : ''}`,
        file: r.file,
        line: r.line,
        message: `router "${r.name}" exposes the Traefik API/dashboard (${r.service}) with no authentication middleware (basicAuth, forwardAuth …)`,
      })
    }

    return out
  },

  async live({model, timeoutMs}) {
    const out: RawFinding[] = []
    for (const t of model.traefik.statics) {
      for (const svc of proxiesFor(t, model.traefik.proxies)) {
        for (const {hostPort, port} of loopbackPorts(svc, [apiPort(t)])) {
          const answer = await httpLocal(hostPort, '/api/rawdata', {timeoutMs})
          if (answer?.status !== 200 || !/"routers"|"services"/.test(answer.body)) continue
          out.push({
            evidence: `live: traefik API on 127.0.0.1:${hostPort} answered /api/rawdata without auth`,
            file: port.file,
            line: port.line,
            message: `live probe: GET http://127.0.0.1:${hostPort}/api/rawdata returned the full routing configuration without authentication`,
            severity: 'critical',
          })
        }
      }
    }

    return out
  },
}

export default detector
