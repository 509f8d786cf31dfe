// F2, Container runtime socket mounted into a container: the detector of trials/F02-runtime-socket/trial.yaml.
import type {Service} from '../model/index.js'
import type {Detector, RawFinding} from '../types.js'
import {reachableBeyondLoopback} from './ports.js'
import {boolish, hostMounts} from './util.js'

// Sockets of container runtimes: whoever can talk to one can start a privileged container, i.e. is root on the host.
const RUNTIME_SOCKET = /(^|\/)(docker|containerd|crio|podman|cri-dockerd|dockershim)\.sock$|(^|\/)systemd\/private$/
// Directories that hold a runtime socket, and their ancestors up to `/`: mounting one hands over the socket
// inside it whatever the mode (`/:/rootfs:ro` still reaches /rootfs/run/docker.sock). /run/myapp holds none.
const SOCKET_DIRS = ['/var/run', '/run', '/var/run/docker', '/run/docker', '/run/containerd', '/var/run/containerd', '/run/podman', '/run/systemd']
// A socket proxy is the fix: it needs the socket itself and exposes only an allow-listed subset of the API.
const SOCKET_PROXY_IMAGE = /(^|\/)([\w.-]*socket-proxy|docker-socket-proxy|dockerproxy)(:|@|$)/i
// Proxy switches (Tecnativa/LinuxServer naming) that open the API to writes: with one of them the proxy is the socket.
const WRITE_SWITCHES = ['POST', 'DELETE', 'PUT', 'EXEC', 'BUILD', 'COMMIT', 'ALLOW_START', 'ALLOW_STOP', 'ALLOW_RESTARTS']

function exposesSocket(source: string): boolean {
  const s = source.replace(/\/+$/, '') || '/'
  return RUNTIME_SOCKET.test(s) || SOCKET_DIRS.some((d) => d === s || d.startsWith(`${s === '/' ? '' : s}/`))
}

/** Why a socket proxy is not the fix it should be (it allows writes, or faces the network); undefined when it is. */
function proxyWeakness(svc: Service): string | undefined {
  const writes = svc.environment
    .filter((e) => WRITE_SWITCHES.includes(e.name.toUpperCase()) && e.value !== null && boolish(e.value) === true)
    .map((e) => `${e.name}=${e.value}`)
  const published = svc.ports.filter((p) => reachableBeyondLoopback(p)).map((p) => `${p.hostIp || '0.0.0.0'}:${p.published ?? p.target}`)
  const why = [
    ...(writes.length > 0 ? [`allows writes (${writes.join(', ')})`] : []),
    ...(published.length > 0 ? [`published on ${published.join(', ')}`] : []),
  ]
  return why.length > 0 ? why.join(', ') : undefined
}

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const project of model.composeProjects) {
      for (const svc of project.services) {
        const proxy = svc.image !== undefined && SOCKET_PROXY_IMAGE.test(svc.image.value)
        const weakness = proxy ? proxyWeakness(svc) : undefined
        if (proxy && weakness === undefined) continue
        for (const {readOnly, source: raw, via, volume: v} of hostMounts(project, svc)) {
          const source = raw.replace(/\/+$/, '') || '/'
          if (!exposesSocket(source)) continue
          const what = `${RUNTIME_SOCKET.test(source) ? `the container runtime socket (${source})` : `${source}, which holds the container runtime socket`}${via ? ` through the named volume "${via}" (a local bind)` : ''}`
          out.push({
            evidence: `${svc.name}: ${via ? `${via}=` : ''}${source}:${v.target}${readOnly ? ':ro' : ''}${weakness ? ` (socket proxy ${weakness})` : ''}`,
            file: v.file,
            line: v.line,
            message: weakness
              ? `socket proxy "${svc.name}" mounts ${what} and ${weakness}: it passes on the control the proxy should withhold; allow only the GET endpoints its client needs and keep it on an internal network`
              : `service "${svc.name}" mounts ${what}${readOnly ? '; :ro does not help, the API is still fully usable' : ''}: whoever controls this container is root on the host`,
            service: svc.name,
          })
        }
      }
    }

    return out
  },
}

export default detector
