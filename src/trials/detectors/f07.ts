import type {Detector, RawFinding, Severity} from '../types.js'
import {boolish, fieldList} from './util.js'

// Capabilities with known container-escape paths (mount, module load, ptrace into host processes, raw IO, open_by_handle).
const ESCAPE_CAPS = new Set(['ALL', 'SYS_ADMIN', 'SYS_MODULE', 'SYS_PTRACE', 'SYS_RAWIO', 'DAC_READ_SEARCH', 'BPF'])
const HOST_NAMESPACES = ['network_mode', 'pid', 'ipc', 'userns_mode', 'uts', 'cgroup'] as const

export const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const svc of model.services) {
      const add = (file: string, line: number, evidence: string, message: string, severity?: Severity) =>
        out.push({evidence: `${svc.name}: ${evidence}`, file, line, message: `service "${svc.name}" ${message}`, severity})
      const privileged = svc.fields.get('privileged')
      if (privileged && boolish(privileged.value) === true) add(privileged.file, privileged.line, 'privileged: true', 'runs privileged: every device and capability, no seccomp/AppArmor; root in it is root on the host')
      for (const cap of fieldList(svc, 'cap_add')) {
        const name = cap.value.toUpperCase().replace(/^CAP_/, '')
        if (ESCAPE_CAPS.has(name)) add(cap.file, cap.line, `cap_add: ${name}`, `adds capability ${name}, which has known container-escape paths`)
      }

      for (const key of HOST_NAMESPACES) {
        const f = svc.fields.get(key)
        if (f && typeof f.value === 'string' && f.value.trim().toLowerCase() === 'host') {
          add(f.file, f.line, `${key}: host`, `shares the host's ${key === 'network_mode' ? 'network' : key.replace('_mode', '')} namespace`)
        }
      }

      for (const opt of fieldList(svc, 'security_opt')) {
        const v = opt.value.toLowerCase().replace(/\s+/g, '')
        if (/^(seccomp|apparmor)[:=]unconfined$/.test(v) || v === 'label:disable' || v === 'label=disable' || v === 'systempaths=unconfined') {
          add(opt.file, opt.line, `security_opt: ${opt.value}`, `turns off a kernel confinement layer (${opt.value})`)
        }
      }

      const devices = svc.fields.get('devices')
      if (devices && Array.isArray(devices.value)) {
        for (const d of fieldList(svc, 'devices')) add(d.file, d.line, `devices: ${d.value}`, `gets direct access to host device ${d.value.split(':')[0]}`, 'high')
      }
    }

    return out
  },
}
