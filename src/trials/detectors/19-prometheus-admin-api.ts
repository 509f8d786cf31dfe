// F19, Prometheus/Alertmanager admin or lifecycle API enabled without auth: the detector of trials/F19-prometheus-admin-api/trial.yaml.
import type {Detector, RawFinding} from '../types.js'
import {publishedTo} from './ports.js'
import {httpLocal, loopbackPorts} from './probes.js'
import {servicesOf} from './products.js'
import {unauthenticatedRoutes} from './routes.js'
import {boolish, flagValue} from './util.js'

// Prometheus ships both APIs off; each flag turns on endpoints that destroy data or stop the server.
const PROMETHEUS_FLAGS = {
  'web.enable-admin-api': 'deletes series and snapshots the TSDB (POST /api/v1/admin/tsdb/*)',
  'web.enable-lifecycle': 'shuts Prometheus down or reloads its config (POST /-/quit, /-/reload)',
} as const

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const svc of servicesOf(model, 'prometheus')) {
      if (flagValue(svc, 'web.config.file')) continue // basic auth / TLS client certs configured there
      for (const [flag, effect] of Object.entries(PROMETHEUS_FLAGS)) {
        const f = flagValue(svc, flag)
        if (!f || boolish(f.value) === false) continue
        out.push({
          service: svc.name,
          evidence: `${svc.name}: --${flag} without --web.config.file`,
          file: f.file,
          line: f.line,
          message: `Prometheus "${svc.name}" enables --${flag}, which ${effect}, with no authentication: anything that reaches port 9090 can use it`,
        })
      }
    }

    // Alertmanager's API (silences, /-/reload) cannot be switched off: exposure without auth is the finding.
    for (const svc of servicesOf(model, 'alertmanager')) {
      if (flagValue(svc, 'web.config.file')) continue
      for (const p of publishedTo(svc, [9093])) {
        out.push({
          service: svc.name,
          evidence: `${svc.name}: API published as ${p.hostIp || '*'}:${p.published ?? 'ephemeral'} without --web.config.file`,
          file: p.file,
          line: p.line,
          message: `Alertmanager "${svc.name}" is published without authentication: anyone reaching it can silence alerts or reload its config`,
        })
      }

      for (const r of unauthenticatedRoutes(model, svc)) {
        out.push({
          service: svc.name,
          evidence: `${svc.name}: routed by Traefik router ${r.name} without auth middleware`,
          file: r.file,
          line: r.line,
          message: `Alertmanager "${svc.name}" is routed by Traefik (${r.rule ?? r.name}) with no auth middleware and no --web.config.file: its API is open`,
        })
      }
    }

    return out
  },

  async live({model, timeoutMs}) {
    const out: RawFinding[] = []
    for (const svc of servicesOf(model, 'prometheus')) {
      for (const {hostPort: port, port: p} of loopbackPorts(svc, [9090])) {
        const reply = await httpLocal(port, '/api/v1/status/flags', {timeoutMs})
        if (reply?.status !== 200) continue
        let flags: Record<string, string> = {}
        try {
          flags = (JSON.parse(reply.body) as {data?: Record<string, string>}).data ?? {}
        } catch {
          continue
        }

        const on = Object.keys(PROMETHEUS_FLAGS).filter((k) => flags[k] === 'true')
        if (on.length === 0) continue
        out.push({
          evidence: `live: prometheus 127.0.0.1:${port} answered without credentials with ${on.map((k) => `--${k}`).join(' ')}`,
          file: p.file,
          line: p.line,
          message: `Prometheus at 127.0.0.1:${port} answered /api/v1/status/flags without authentication and has ${on.join(', ')} on`,
        })
      }
    }

    return out
  },
}

export default detector
