// F12, Default or weak admin credentials: the detector of trials/F12-weak-admin-credentials/trial.yaml.
import type {EnvVar, Service} from '../model/index.js'
import type {Detector, RawFinding} from '../types.js'
import {httpLocal, loopbackPorts} from './probes.js'
import {imageIs} from './products.js'
import {isPasswordName, isWeakPassword, redact} from './secrets.js'
import {boolish} from './util.js'

/** Images whose admin account has a documented default when its variables are not set. */
const IMAGE_DEFAULTS: Array<{image: string; vars: string[]; default: string}> = [
  {default: 'admin/admin', image: 'grafana', vars: ['GF_SECURITY_ADMIN_PASSWORD', 'GF_SECURITY_ADMIN_PASSWORD__FILE']},
  {default: 'minioadmin/minioadmin', image: 'minio', vars: ['MINIO_ROOT_PASSWORD', 'MINIO_ROOT_PASSWORD_FILE', 'MINIO_SECRET_KEY', 'MINIO_SECRET_KEY_FILE']},
  {default: 'guest/guest', image: 'rabbitmq', vars: ['RABBITMQ_DEFAULT_PASS', 'RABBITMQ_DEFAULT_PASS_FILE']},
]

/** The user name paired with a password variable (`DB_PASSWORD` → `DB_USER`), never the password variable itself. */
function userFor(svc: Service, e: EnvVar): string | undefined {
  const candidates = [
    e.name.replace(/PASSWORD|PASSWD|PASS$/i, 'USER'),
    e.name.replace(/PASSWORD|PASSWD|PASS$/i, 'USERNAME'),
    e.name.replace(/_PASSWORD$/i, '_USER'),
  ]
  for (const c of candidates) {
    if (c === e.name) continue
    const u = svc.environment.find((x) => x.name === c)?.value
    if (u) return u
  }

  return undefined
}

// Switches about a password, not passwords: MYSQL_RANDOM_ROOT_PASSWORD=yes is the safe choice.
const GENERATED = /(^|_)RANDOM_(ROOT_)?PASSWORD$|(^|_)(GENERATE|GENERATED)_\w*PASSWORD$/i
// ALLOW_EMPTY_PASSWORD=yes (Bitnami, MySQL/MariaDB): the account has no password at all.
const EMPTY_ALLOWED = /(^|_)ALLOW_EMPTY(_ROOT)?_PASSWORD$/i

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const svc of model.services) {
      for (const e of svc.environment) {
        if (e.raw === null || e.value === null) continue
        if (EMPTY_ALLOWED.test(e.name)) {
          if (boolish(e.value) === true)
            out.push({
              evidence: `${svc.name}: ${e.name}=${e.value}`,
              file: e.file,
              line: e.line,
              message: `service "${svc.name}" sets ${e.name}=${e.value}: the account has no password at all; set one through a secret`,
              service: svc.name,
            })
          continue
        }

        if (!isPasswordName(e.name) || GENERATED.test(e.name)) continue
        const user = userFor(svc, e)
        // `${VAR:-admin}`: the fallback is what runs whenever the variable is unset.
        for (const ref of e.refs) {
          if (!ref.defined && ref.fallback !== undefined && ref.fallback !== '' && isWeakPassword(ref.fallback, user)) {
            out.push({
              evidence: `${svc.name}: ${e.name}=\${${ref.name}:-${redact(ref.fallback)}}`,
              file: e.file,
              line: e.line,
              message: `${e.name} of service "${svc.name}" falls back to a weak default (${ref.fallback.length} chars, well-known or too short) whenever ${ref.name} is unset`,
              service: svc.name,
            })
          }
        }

        // `KEY: ${VAR}` with VAR set in the project's .env: judge the value, report the .env line that holds it.
        const only = e.refs.length === 1 && e.raw.trim().startsWith('$') ? e.refs[0] : undefined
        if (only?.from) {
          if (e.value !== '' && isWeakPassword(e.value, user)) {
            out.push({
              evidence: `${svc.name}: ${only.name}=${redact(e.value)} (from ${only.from.file}:${only.from.line})`,
              file: only.from.file,
              line: only.from.line,
              message: `${only.name} in ${only.from.file}, interpolated into ${e.name} of service "${svc.name}" (${e.file}:${e.line}), is a default or weak password (${e.value.length} chars${user && e.value === user ? ', same as the user name' : ''})`,
              service: svc.name,
            })
          }

          continue
        }

        if (e.refs.length > 0) continue
        if (isWeakPassword(e.value, user)) {
          out.push({
            service: svc.name,
            evidence: `${svc.name}: ${e.name}=${redact(e.value)}`,
            file: e.file,
            line: e.line,
            message: `${e.name} of service "${svc.name}" is a default or weak password (${e.value.length} chars${user && e.value.toLowerCase() === user.toLowerCase() ? ', same as the user name' : ''}): guessable by anyone who knows the image`,
          })
        }
      }

      for (const d of IMAGE_DEFAULTS) {
        if (!imageIs(svc, d.image)) continue
        if (svc.environment.some((e) => d.vars.includes(e.name)) || svc.envFiles.some((f) => !f.found)) continue
        out.push({
          service: svc.name,
          evidence: `${svc.name}: ${d.image} without ${d.vars[0]}`,
          file: svc.file,
          line: svc.image?.line ?? svc.line,
          message: `service "${svc.name}" runs ${d.image} without setting ${d.vars[0]}: the admin login is the image default ${d.default}`,
        })
      }
    }

    return out
  },

  async live({model, timeoutMs}) {
    const out: RawFinding[] = []
    for (const svc of model.services) {
      if (!imageIs(svc, 'grafana')) continue
      for (const {hostPort, port} of loopbackPorts(svc, [3000])) {
        const answer = await httpLocal(hostPort, '/api/user', {headers: {authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`}, timeoutMs})
        if (answer?.status !== 200 || !/"login"\s*:\s*"admin"/.test(answer.body)) continue
        out.push({
          evidence: `live: grafana 127.0.0.1:${hostPort} accepts admin/admin`,
          file: port.file,
          line: port.line,
          message: `live probe: Grafana on 127.0.0.1:${hostPort} accepted the default login admin/admin`,
          severity: 'critical',
        })
      }
    }

    return out
  },
}

export default detector
