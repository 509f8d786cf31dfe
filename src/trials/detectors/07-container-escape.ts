// F7, Container escape settings (privileged, escape capabilities, host namespaces, missing hardening): the detector of trials/F07-container-escape/trial.yaml.
import type {Service} from '../model/index.js'
import type {Detector, RawFinding, Severity} from '../types.js'
import {boolish, fieldList, projectAnchor, runnableServices} from './util.js'

// Capabilities that are host code execution outright (mount, module load, raw IO, everything).
const ESCAPE_CAPS = new Set(['ALL', 'SYS_ADMIN', 'SYS_MODULE', 'SYS_RAWIO', 'DAC_READ_SEARCH'])
// Capabilities that reach the host without being root on it at once: its network stack (NET_ADMIN), the kernel's
// eBPF and perf interfaces, other processes (SYS_PTRACE), the host clock (SYS_TIME), reboot (SYS_BOOT).
const HOST_REACHING_CAPS = new Set(['NET_ADMIN', 'BPF', 'PERFMON', 'SYS_PTRACE', 'SYS_TIME', 'SYS_BOOT'])
const HOST_NAMESPACES = ['network_mode', 'pid', 'ipc', 'userns_mode', 'uts', 'cgroup'] as const

/** The hardening Compose leaves off by default, each with the test that a service has it. */
const HARDENING: Array<{name: string; has: (svc: Service) => boolean; why: string}> = [
  {
    has: (svc) => fieldList(svc, 'security_opt').some((o) => /^no-new-privileges([:=]true)?$/i.test(o.value.replace(/\s+/g, ''))),
    name: 'no-new-privileges',
    why: 'security_opt [no-new-privileges:true] stops setuid binaries and file capabilities from raising privileges inside the container',
  },
  {
    has: (svc) => fieldList(svc, 'cap_drop').some((c) => c.value.toUpperCase() === 'ALL'),
    name: 'cap_drop [ALL]',
    why: 'cap_drop [ALL] removes the 14 capabilities Docker grants by default (add back only what the service needs)',
  },
  {
    has: (svc) => boolish(svc.fields.get('read_only')?.value) === true,
    name: 'read_only',
    why: "read_only: true keeps an intruder from changing the container's files (give writable paths a volume or tmpfs)",
  },
]

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const svc of model.services) {
      const add = (file: string, line: number, evidence: string, message: string, severity?: Severity) =>
        out.push({evidence: `${svc.name}: ${evidence}`, file, line, message: `service "${svc.name}" ${message}`, service: svc.name, severity})
      const privileged = svc.fields.get('privileged')
      if (privileged && boolish(privileged.value) === true)
        add(
          privileged.file,
          privileged.line,
          'privileged: true',
          'runs privileged: every device and capability, no seccomp/AppArmor; root in it is root on the host',
        )
      for (const cap of fieldList(svc, 'cap_add')) {
        const name = cap.value.toUpperCase().replace(/^CAP_/, '')
        if (ESCAPE_CAPS.has(name)) add(cap.file, cap.line, `cap_add: ${name}`, `adds capability ${name}, which has known container-escape paths`)
        else if (HOST_REACHING_CAPS.has(name))
          add(
            cap.file,
            cap.line,
            `cap_add: ${name}`,
            `adds capability ${name}, which reaches past the container into the host (${name === 'NET_ADMIN' ? 'its firewall and routes' : name === 'SYS_TIME' ? 'its clock' : name === 'SYS_PTRACE' ? 'other processes' : name === 'SYS_BOOT' ? 'reboot' : "the kernel's eBPF/perf interfaces"})`,
            'high',
          )
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
        } else if (/^no-new-privileges[:=]false$/.test(v)) {
          add(opt.file, opt.line, `security_opt: ${opt.value}`, 'explicitly lets setuid binaries raise privileges (no-new-privileges:false)', 'medium')
        }
      }

      const devices = svc.fields.get('devices')
      if (devices && Array.isArray(devices.value)) {
        for (const d of fieldList(svc, 'devices'))
          add(d.file, d.line, `devices: ${d.value}`, `gets direct access to host device ${d.value.split(':')[0]}`, 'high')
      }
    }

    // Missing hardening is low value per service: one finding per project, controls grouped by the services lacking them.
    for (const project of model.composeProjects) {
      const services = runnableServices(project)
      const clauses = new Map<string, string[]>()
      for (const h of HARDENING) {
        const missing = services
          .filter((s) => !h.has(s))
          .map((s) => s.name)
          .join(', ')
        if (missing === '') continue
        if (!clauses.has(missing)) clauses.set(missing, [])
        clauses.get(missing)!.push(h.name)
      }

      if (clauses.size === 0) continue
      const names = [...new Set([...clauses.keys()].flatMap((k) => k.split(', ')))].sort()
      const lacking = HARDENING.filter((h) => [...clauses.values()].some((c) => c.includes(h.name)))
      out.push({
        evidence: `not hardened: ${[...clauses].map(([who, controls]) => `${controls.join(', ')} (${who})`).join('; ')}`,
        ...projectAnchor(model, project),
        message: `${[...clauses]
          .map(
            ([who, controls]) =>
              `${who
                .split(', ')
                .map((n) => `"${n}"`)
                .join(', ')} without ${controls.join(', ')}`,
          )
          .join('; ')}: ${lacking.map((h) => h.why).join('; ')}`,
        services: names,
        severity: 'low',
      })
    }

    return out
  },
}

export default detector
