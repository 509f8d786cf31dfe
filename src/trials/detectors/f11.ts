import type {Detector, RawFinding} from '../types.js'
import {isNonValue, isSecretName, redact} from './secrets.js'

export const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const svc of model.services) {
      for (const e of svc.environment) {
        if (e.raw === null || e.value === null || !isSecretName(e.name)) continue
        // A value that only comes from interpolation (${DB_PASSWORD}) is not written here; a literal, or a
        // literal fallback (${X:-s3cret}) that becomes the value, is.
        const literal = e.origin === 'env_file' ? e.value : e.raw
        if (isNonValue(literal) && !e.refs.some((r) => !r.defined && r.fallback)) continue
        if (e.refs.length > 0 && e.refs.every((r) => !r.fallback)) continue
        const shown = e.value === '' ? e.raw : e.value
        out.push({
          evidence: `${svc.name}: ${e.name}=${redact(shown)}`,
          file: e.file,
          line: e.line,
          message: `literal secret ${e.name} for service "${svc.name}"${e.origin === 'env_file' ? ` in env file ${e.file}` : ''}: visible in docker inspect, /proc/*/environ, crash dumps and the repository; use Docker secrets (${e.name}_FILE=/run/secrets/…) or an untracked .env`,
        })
      }
    }

    return out
  },
}
