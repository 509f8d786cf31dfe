// F4, Ports published on all interfaces: the detector of trials/F04-unbound-ports/trial.yaml.
import type {Port, Service} from '../model/index.js'
import type {Detector, RawFinding} from '../types.js'
import {hostPorts, onAllInterfaces} from './ports.js'
import {imageIs} from './products.js'

// Reverse proxies are meant to face the network on 80/443; everything else should bind an explicit interface.
const PROXIES = ['traefik', 'nginx', 'caddy', 'haproxy', 'envoy', 'nginx-proxy', 'nginx-proxy-manager', 'openresty', 'swag']

/**
 * A reverse proxy's public web port: what matters is the port on the host (`80:8080` faces the web, `8080:80` is a
 * side door onto the proxy), so the exemption keys on the published port, never the container's.
 */
export function isProxyWebPort(svc: Service, port: Port): boolean {
  const host = hostPorts(port)
  return imageIs(svc, ...PROXIES) && host.length > 0 && host.every((n) => n === 80 || n === 443)
}

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const svc of model.services) {
      for (const p of svc.ports) {
        if (!onAllInterfaces(p) || isProxyWebPort(svc, p)) continue
        const where = p.hostIp ? `explicitly on ${p.hostIp}` : 'with no host IP'
        out.push({
          evidence: `${svc.name}: ${p.raw}`,
          file: p.file,
          line: p.line,
          message: `service "${svc.name}" publishes port ${p.published ?? '(ephemeral)'}→${p.target} ${where}, i.e. on every interface (Docker's iptables rules bypass ufw/firewalld); bind 127.0.0.1 or route it through the proxy`,
          service: svc.name,
        })
      }
    }

    return out
  },
}

export default detector
