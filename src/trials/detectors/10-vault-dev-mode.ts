// F10, Vault in dev mode or with a default root token: the detector of trials/F10-vault-dev-mode/trial.yaml.
import type {Detector, RawFinding} from '../types.js'
import {imageIs} from './products.js'
import {redact} from './secrets.js'
import {matchLines} from './util.js'

// Tokens people copy from Vault tutorials: a dev-mode root token of this kind is a password everyone knows.
const WELL_KNOWN = /^(root|myroot|dev|token|vault|s\.root|changeme|password|test|hvs\.root)$/i

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const svc of model.services) {
      const isVault = imageIs(svc, 'vault', 'openbao')
      if (isVault) {
        const args = [...svc.entrypoint, ...svc.command]
        const dev = args.find((a) => /^-{1,2}dev(=true)?$/.test(a.value) || /\bserver\s+-dev\b/.test(a.value))
        // The official image starts `server -dev` when no command is given.
        if (dev)
          out.push({
            service: svc.name,
            evidence: `${svc.name}: vault server -dev`,
            file: dev.file,
            line: dev.line,
            message: `service "${svc.name}" runs Vault in dev mode: in-memory storage, TLS off, auto-unsealed, root token printed to the log`,
          })
        else if (args.length === 0 && imageIs(svc, 'vault'))
          out.push({
            service: svc.name,
            evidence: `${svc.name}: vault image default command (server -dev)`,
            file: svc.file,
            line: svc.image?.line ?? svc.line,
            message: `service "${svc.name}" runs the Vault image without a command, which starts "server -dev" (in-memory, unsealed, root token in the log)`,
          })
      }

      for (const e of svc.environment) {
        if (e.value === null || e.value === '') continue
        if (e.name === 'VAULT_DEV_ROOT_TOKEN_ID' || e.name === 'BAO_DEV_ROOT_TOKEN_ID') {
          out.push({
            service: svc.name,
            evidence: `${svc.name}: ${e.name}=${redact(e.value)}`,
            file: e.file,
            line: e.line,
            message: `service "${svc.name}" sets a fixed Vault dev-mode root token${WELL_KNOWN.test(e.value) ? ' with a well-known value' : ''}: dev mode and a root token in config`,
          })
        } else if ((e.name === 'VAULT_TOKEN' || e.name === 'BAO_TOKEN') && WELL_KNOWN.test(e.value)) {
          out.push({
            service: svc.name,
            evidence: `${svc.name}: ${e.name}=${redact(e.value)}`,
            file: e.file,
            line: e.line,
            message: `service "${svc.name}" authenticates to Vault with a well-known root token`,
          })
        }
      }
    }

    // Scripts and Dockerfiles that start a dev server.
    for (const f of model.files) {
      if (!/\.(sh|bash|ps1)$|(^|\/)(Dockerfile|Containerfile|Makefile|Procfile)[^/]*$/i.test(f.path) || !f.text.includes('-dev')) continue
      for (const {line, match} of matchLines(f.text, /\b(vault|bao)\s+server\s+(?:[^\n#]*\s)?-dev\b[^\n]*/g)) {
        out.push({
          evidence: match[0].trim().slice(0, 120),
          file: f.path,
          line,
          message: `${f.path} starts Vault in dev mode (in-memory, unsealed, root token in the log)`,
        })
      }
    }

    return out
  },
}

export default detector
