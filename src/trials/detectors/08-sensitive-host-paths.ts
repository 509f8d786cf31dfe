// F8, Sensitive host paths mounted (writable, readable, or with shared propagation): the detector of trials/F08-sensitive-host-paths/trial.yaml.
import type {Detector, RawFinding} from '../types.js'
import {hostMounts} from './util.js'

// Host paths whose write access is host takeover: system config, root's home, kernel interfaces, Docker's state.
const EXACT = new Set([
  '/',
  '/etc',
  '/root',
  '/proc',
  '/sys',
  '/boot',
  '/dev',
  '/home',
  '/var/lib',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/lib/kubelet',
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/var/log',
])
const PREFIXES = [
  '/proc/',
  '/sys/',
  '/boot/',
  '/var/lib/docker/',
  '/var/lib/containerd/',
  '/root/',
  '/usr/bin/',
  '/usr/sbin/',
  '/usr/lib/',
  '/usr/libexec/',
  '/usr/local/bin/',
  '/usr/local/sbin/',
  '/bin/',
  '/sbin/',
  '/lib/',
  '/lib64/',
]
// Harmless single files under /etc commonly mounted for the clock.
const BENIGN = new Set(['/etc/localtime', '/etc/timezone'])

export function sensitiveHostPath(source: string): boolean {
  const s = source.replace(/\/+$/, '') || '/'
  if (BENIGN.has(s)) return false
  if (EXACT.has(s) || PREFIXES.some((p) => s.startsWith(p))) return true
  if (s.startsWith('/etc/')) return true
  // One user's whole home; the runtime folders' sockets (D-Bus, user sessions, udev). `/dev/null` and friends convey nothing.
  if (/^\/home\/[^/]+$/.test(s) || /^\/(var\/)?run\/./.test(s) || (s.startsWith('/dev/') && !/^\/dev\/(null|zero|full|u?random)$/.test(s))) return true
  return /(^|\/)\.ssh(\/|$)|(^|\/)\.aws(\/|$)|(^|\/)\.kube(\/|$)|(^|\/)\.docker(\/|$)|(^|\/)\.gnupg(\/|$)/.test(s) || s === '~' || s === '$HOME'
}

// Read-only, these disclose rather than take over: the host's users and keys, other containers' data, kernel state.
// System binaries and public host facts disclose nothing worth reporting.
const BENIGN_READ_ONLY =
  /^\/usr(\/|$)|^\/lib|^\/bin|^\/sbin|^\/boot|^\/var\/log(\/|$)|^\/etc\/(os-release|hostname|hosts|resolv\.conf|ssl|ca-certificates|pki|machine-id)(\/|$)/
// Kernel state read-only is what monitoring agents (node-exporter, cadvisor) are documented to mount: reported low.
const KERNEL_READ_ONLY = /^\/(proc|sys)(\/|$)/

/** A sensitive host path that is still reported when mounted read-only (disclosure); `trial fix` says so after adding :ro. */
export function reportedReadOnly(source: string): boolean {
  const s = source.replace(/\/+$/, '') || '/'
  return sensitiveHostPath(source) && !/\.sock$/.test(s) && s !== '/' && !BENIGN_READ_ONLY.test(s)
}

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const project of model.composeProjects) {
      const mounts = new Map(project.services.map((svc) => [svc, new Map(hostMounts(project, svc).map((m) => [m.volume, m]))]))
      for (const svc of project.services) {
        for (const v of svc.volumes) {
          if (v.type === 'bind' && v.propagation && /^r?shared$/.test(v.propagation)) {
            out.push({
              evidence: `${svc.name}: ${v.source ?? ''}:${v.target} propagation ${v.propagation}`,
              file: v.file,
              line: v.line,
              message: `service "${svc.name}" mounts ${v.source} with ${v.propagation} propagation: mounts made inside the container appear on the host (and the reverse); use the default rprivate`,
              service: svc.name,
            })
          }

          // Bind mounts, and named volumes declared as local binds of a host path.
          const mount = mounts.get(svc)!.get(v)
          if (!mount) continue
          // Sockets belong to F2.
          if (/\.sock$/.test(mount.source)) continue
          if (!sensitiveHostPath(mount.source)) continue
          const source = mount.source.replace(/\/+$/, '') || '/'
          if (mount.readOnly) {
            // `/` read-only is F2's (it holds the runtime socket); kernel interfaces and system binaries read-only are what monitoring agents need.
            if (!reportedReadOnly(source)) continue
            out.push({
              evidence: `${svc.name}: ${source}:${v.target}:ro`,
              file: v.file,
              line: v.line,
              message: `service "${svc.name}" mounts sensitive host path ${source} read-only: :ro stops writes, not reads, so ${KERNEL_READ_ONLY.test(source) ? "the host's kernel and process information is" : /\.ssh|\.aws|\.kube|\.docker|\.gnupg/.test(source) ? "the host's keys and credentials there are" : "the host's password hashes, keys, sockets or other containers' data there are"} readable by anyone who gets into the container; mount only the file it needs${KERNEL_READ_ONLY.test(source) ? ' (monitoring agents need these: keep them to those agents)' : ''}`,
              service: svc.name,
              severity: KERNEL_READ_ONLY.test(source) ? 'low' : 'medium',
            })
            continue
          }

          out.push({
            evidence: `${svc.name}: ${mount.via ? `${mount.via}=` : ''}${mount.source}:${v.target}`,
            file: v.file,
            line: v.line,
            message: `service "${svc.name}" mounts sensitive host path ${mount.source}${mount.via ? ` (through the named volume "${mount.via}")` : ''} writable; a compromise of the container can rewrite the host (add :ro, or mount only the file it needs)`,
            service: svc.name,
          })
        }
      }
    }

    return out
  },
}

export default detector
