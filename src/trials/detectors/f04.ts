import type {Detector, RawFinding} from '../types.js'
import {containerPort, hostPorts, onAllInterfaces} from './ports.js'
import {imageIs} from './products.js'

// Reverse proxies are meant to face the network on 80/443; everything else should bind an explicit interface.
const PROXIES = ['traefik', 'nginx', 'caddy', 'haproxy', 'envoy', 'nginx-proxy', 'nginx-proxy-manager', 'openresty', 'swag']

export function isProxyWebPort(svc: Parameters<typeof imageIs>[0], port: {target: string}): boolean {
  const target = containerPort(port as never)
  return imageIs(svc, ...PROXIES) && (target === 80 || target === 443)
}

export const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const svc of model.services) {
      for (const p of svc.ports) {
        if (!onAllInterfaces(p)) continue
        if (imageIs(svc, ...PROXIES) && [containerPort(p), ...hostPorts(p)].some((n) => n === 80 || n === 443)) continue
        const where = p.hostIp ? `explicitly on ${p.hostIp}` : 'with no host IP'
        out.push({
          evidence: `${svc.name}: ${p.raw}`,
          file: p.file,
          line: p.line,
          message: `service "${svc.name}" publishes port ${p.published ?? '(ephemeral)'}→${p.target} ${where}, i.e. on every interface (Docker's iptables rules bypass ufw/firewalld); bind 127.0.0.1 or route it through the proxy`,
        })
      }
    }

    return out
  },
}
