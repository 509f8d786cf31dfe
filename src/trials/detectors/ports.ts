/** Compose port entries: which interfaces a port is published on, which host and container port numbers it covers. */
import type {Port, Service} from '../model/index.js'

function hostIpOf(p: Port): string | undefined {
  return p.hostIp?.trim().replace(/^\[|\]$/g, '')
}

/** A port published on every interface: no host_ip, or 0.0.0.0 / :: (Docker then also punches through ufw). */
export function onAllInterfaces(p: Port): boolean {
  // A host IP left to a variable the project does not define is unknown here, not "every interface".
  if (!p.isPublished || p.hostIpUnset) return false
  const ip = hostIpOf(p)
  return ip === undefined || ip === '' || ip === '0.0.0.0' || ip === '::'
}

/** The port is published and reachable from other machines: no host IP, 0.0.0.0/::, or a non-loopback address. */
export function reachableBeyondLoopback(p: Port): boolean {
  if (!p.isPublished || p.hostIpUnset) return false
  const ip = hostIpOf(p)
  return !(ip !== undefined && ip !== '' && (ip.startsWith('127.') || ip === '::1' || ip.toLowerCase() === 'localhost'))
}

/** The port can be reached on 127.0.0.1 of this machine (what a live probe may contact): all interfaces or 127.x. */
export function reachableOnLoopback(p: Port): boolean {
  if (hostPorts(p).length === 0) return false
  const ip = hostIpOf(p)
  return ip === undefined || ip === '' || ip === '0.0.0.0' || ip === '::' || ip.startsWith('127.')
}

/** Host port numbers a published port covers ("8000-8002" → 8000..8002); ephemeral → []. */
export function hostPorts(p: Port): number[] {
  if (!p.isPublished || !p.published) return []
  const m = /^(\d+)(?:-(\d+))?$/.exec(p.published.trim())
  if (!m) return []
  const from = Number(m[1])
  const to = Number(m[2] ?? m[1])
  const out: number[] = []
  for (let i = from; i <= to && out.length < 1000; i++) out.push(i)
  return out
}

/** The container-side port number (`8080/tcp` → 8080). */
export function containerPort(p: Port): number | undefined {
  const m = /^(\d+)/.exec(p.target.trim())
  return m ? Number(m[1]) : undefined
}

/** Published ports of a service reachable beyond loopback that lead to one of the given container ports (any port when none given). */
export function publishedTo(svc: Service, containerPorts: number[] = []): Port[] {
  return svc.ports.filter((p) => reachableBeyondLoopback(p) && (containerPorts.length === 0 || containerPorts.includes(containerPort(p) ?? -1)))
}
