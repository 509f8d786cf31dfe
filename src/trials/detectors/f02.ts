import type {Detector, RawFinding} from '../types.js'

// Sockets of container runtimes: whoever can talk to one can start a privileged container, i.e. is root on the host.
const RUNTIME_SOCKET = /(^|\/)(docker|containerd|crio|podman|cri-dockerd|dockershim)\.sock$/
// Mounting the whole run directory hands over the socket as well.
const RUN_DIRS = new Set(['/var/run', '/run', '/var/run/docker', '/run/docker', '/run/containerd', '/var/run/containerd', '/run/podman'])
// A socket proxy is the fix: it needs the socket itself and exposes only an allow-listed subset of the API.
const SOCKET_PROXY_IMAGE = /(^|\/)([\w.-]*socket-proxy|docker-socket-proxy|dockerproxy)(:|@|$)/i

export const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const svc of model.services) {
      if (svc.image && SOCKET_PROXY_IMAGE.test(svc.image.value)) continue
      for (const v of svc.volumes) {
        if (v.type !== 'bind' || !v.source) continue
        const source = v.source.replace(/\/+$/, '') || '/'
        if (!RUNTIME_SOCKET.test(source) && !RUN_DIRS.has(source)) continue
        out.push({
          evidence: `${svc.name}: ${source}:${v.target}${v.readOnly ? ':ro' : ''}`,
          file: v.file,
          line: v.line,
          message: `service "${svc.name}" mounts the container runtime socket (${source})${v.readOnly ? '; :ro does not help, the API is still fully usable' : ''}: whoever controls this container is root on the host`,
        })
      }
    }

    return out
  },
}
