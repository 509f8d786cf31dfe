import type {Detector, RawFinding} from '../types.js'

// Host paths whose write access is host takeover: system config, root's home, kernel interfaces, Docker's state.
const EXACT = new Set(['/', '/etc', '/root', '/proc', '/sys', '/boot', '/dev', '/home', '/var/lib/docker', '/var/lib/containerd', '/var/lib/kubelet', '/usr', '/bin', '/sbin', '/lib', '/var/log'])
const PREFIXES = ['/proc/', '/sys/', '/boot/', '/var/lib/docker/', '/var/lib/containerd/', '/root/', '/usr/bin/', '/usr/sbin/', '/usr/lib/', '/usr/libexec/', '/usr/local/bin/', '/usr/local/sbin/', '/bin/', '/sbin/', '/lib/', '/lib64/']
// Harmless single files under /etc commonly mounted for the clock.
const BENIGN = new Set(['/etc/localtime', '/etc/timezone'])

export function sensitiveHostPath(source: string): boolean {
  const s = source.replace(/\/+$/, '') || '/'
  if (BENIGN.has(s)) return false
  if (EXACT.has(s) || PREFIXES.some((p) => s.startsWith(p))) return true
  if (s.startsWith('/etc/')) return true
  return /(^|\/)\.ssh(\/|$)|(^|\/)\.aws(\/|$)|(^|\/)\.kube(\/|$)|(^|\/)\.docker(\/|$)|(^|\/)\.gnupg(\/|$)/.test(s) || s === '~' || s === '$HOME'
}

export const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const svc of model.services) {
      for (const v of svc.volumes) {
        if (v.type !== 'bind' || !v.source || v.readOnly) continue
        // Sockets belong to F2.
        if (/\.sock$/.test(v.source)) continue
        if (!sensitiveHostPath(v.source)) continue
        out.push({
          evidence: `${svc.name}: ${v.source}:${v.target}`,
          file: v.file,
          line: v.line,
          message: `service "${svc.name}" mounts sensitive host path ${v.source} writable; a compromise of the container can rewrite the host (add :ro, or mount only the file it needs)`,
        })
      }
    }

    return out
  },
}
