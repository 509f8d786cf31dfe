// F11, Literal secrets in container environment: the detector of trials/F11-literal-env-secrets/trial.yaml.
import {describeRefs} from '../model/index.js'
import type {Detector, RawFinding} from '../types.js'
import {isNonValue, isSecretName, redact} from './secrets.js'
import {wouldBeCommitted} from './tracked.js'

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    // Secrets in an env file are only a flaw when the file is (or would be) committed: an ignored .env is the fix.
    const committed = new Map<string, boolean>()
    const isCommitted = (path: string) => {
      if (!committed.has(path)) committed.set(path, wouldBeCommitted(model, path))
      return committed.get(path)!
    }

    for (const svc of model.services) {
      for (const e of svc.environment) {
        if (e.raw === null || e.value === null) continue
        if (e.origin === 'env_file') {
          if (!isSecretName(e.name) || isNonValue(e.value) || !isCommitted(e.file)) continue
          out.push({
            evidence: `${svc.name}: ${e.name}=${redact(e.value)}`,
            file: e.file,
            line: e.line,
            message: `literal secret ${e.name} in env file ${e.file}, which is committed (or not ignored), read by service "${svc.name}": use Docker secrets (${e.name}_FILE=/run/secrets/…) or keep the file out of git`,
            service: svc.name,
          })
          continue
        }

        // `KEY: ${VAR}` with VAR set in a committed .env: the literal lives on that .env line, reported there.
        const only = e.refs.length === 1 && e.raw.trim().startsWith('$') ? e.refs[0] : undefined
        if (only?.from && (isSecretName(e.name) || isSecretName(only.name)) && !isNonValue(e.value) && isCommitted(only.from.file)) {
          out.push({
            evidence: `${svc.name}: ${only.name}=${redact(e.value)} (from ${only.from.file}:${only.from.line})`,
            file: only.from.file,
            line: only.from.line,
            message: `literal secret ${only.name} in ${only.from.file}, which is committed (or not ignored), interpolated into ${e.name} of service "${svc.name}" (${e.file}:${e.line}): keep the .env out of git, or use Docker secrets`,
            service: svc.name,
          })
          continue
        }

        if (!isSecretName(e.name)) continue
        // A value that only comes from interpolation (${DB_PASSWORD}) is not written here; a literal, or a
        // literal fallback (${X:-s3cret}) that becomes the value, is.
        if (isNonValue(e.raw) && !e.refs.some((r) => r.fallback && !isNonValue(r.fallback))) continue
        if (e.refs.length > 0 && e.refs.every((r) => !r.fallback)) continue
        // The literal written here is the fallback, even when a .env happens to set the variable.
        const fallback = e.refs.find((r) => r.fallback)?.fallback
        const shown = fallback && e.refs.some((r) => r.defined) ? fallback : e.value === '' ? e.raw : e.value
        out.push({
          evidence: `${svc.name}: ${e.name}=${redact(shown)}${e.refs.length > 0 ? ` (${describeRefs(e.refs)})` : ''}`,
          file: e.file,
          line: e.line,
          message: `literal secret ${e.name} for service "${svc.name}": visible in docker inspect, /proc/*/environ, crash dumps and the repository; use Docker secrets (${e.name}_FILE=/run/secrets/…) or an untracked .env`,
          service: svc.name,
        })
      }
    }

    return out
  },
}

export default detector
