// F16, Vault server hardening (TLS off, in-memory storage, init output committed): the detector of trials/F16-vault-server-hardening/trial.yaml.
import type {Detector, RawFinding} from '../types.js'
import {redact} from './secrets.js'
import {boolish, matchLines} from './util.js'
import {repositoryFiles} from './tracked.js'

/** The body of each `listener "tcp" { … }` block (brace-matched), with its offset. */
function blocks(text: string, head: RegExp): Array<{body: string; start: number}> {
  const out: Array<{body: string; start: number}> = []
  const re = new RegExp(head.source, 'g')
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const open = text.indexOf('{', m.index + m[0].length - 1)
    if (open === -1) break
    let depth = 0
    let i = open
    for (; i < text.length; i++) {
      if (text[i] === '{') depth++
      else if (text[i] === '}' && --depth === 0) break
    }

    out.push({body: text.slice(open + 1, i), start: open + 1})
  }

  return out
}

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length
const loopback = (address: string) => /^(127\.|localhost|\[::1\]|::1)/.test(address.trim())

function checkConfig(text: string, file: string, out: RawFinding[], baseLine = 0): void {
  for (const {body, start} of blocks(text, /listener\s+"?tcp"?\s*\{/)) {
    const address = /\baddress\s*=\s*"([^"]*)"/.exec(body)?.[1] ?? '127.0.0.1:8200'
    const tls = /\btls_disable\s*=\s*"?([A-Za-z0-9]+)"?/.exec(body)
    if (tls && boolish(tls[1]) === true && !loopback(address)) {
      out.push({
        evidence: `listener tcp ${address} tls_disable=${tls[1]}`,
        file,
        line: baseLine + lineAt(text, start + tls.index),
        message: `Vault listens on ${address} with TLS disabled: tokens and secrets cross the network in clear`,
      })
    }
  }

  for (const {line, match} of matchLines(text, /\b(storage|backend)\s+"inmem"/g)) {
    out.push({
      evidence: `${match[1]} "inmem"`,
      file,
      line: baseLine + line,
      message: 'Vault uses in-memory storage: every restart loses all secrets (and it is meant for tests only)',
    })
  }
}

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const f of model.files) {
      if (/\.hcl$/i.test(f.path) && /\b(listener|storage|backend)\b/.test(f.text)) checkConfig(f.text, f.path, out)
    }

    for (const svc of model.services) {
      for (const e of svc.environment) {
        if ((e.name === 'VAULT_LOCAL_CONFIG' || e.name === 'BAO_LOCAL_CONFIG') && e.value) {
          let config: {listener?: unknown; storage?: unknown; backend?: unknown}
          try {
            config = JSON.parse(e.value)
          } catch {
            continue
          }

          const listeners = [config.listener]
            .flat()
            .flatMap((l) => (l && typeof l === 'object' ? [(l as {tcp?: {address?: string; tls_disable?: unknown}}).tcp].flat() : []))
          for (const tcp of listeners) {
            if (tcp && boolish(tcp.tls_disable) === true && !loopback(tcp.address ?? '127.0.0.1'))
              out.push({
                service: svc.name,
                evidence: `${svc.name}: VAULT_LOCAL_CONFIG listener ${tcp.address ?? ''} tls_disable`,
                file: e.file,
                line: e.line,
                message: `Vault (service "${svc.name}") listens on ${tcp.address} with TLS disabled`,
              })
          }

          for (const key of ['storage', 'backend'] as const) {
            const s = config[key]
            if (s && typeof s === 'object' && 'inmem' in s)
              out.push({
                service: svc.name,
                evidence: `${svc.name}: VAULT_LOCAL_CONFIG ${key} inmem`,
                file: e.file,
                line: e.line,
                message: `Vault (service "${svc.name}") uses in-memory storage`,
              })
          }
        }
      }
    }

    // `vault operator init` output or its JSON, committed.
    for (const f of repositoryFiles(model)) {
      if (!/Unseal Key|Initial Root Token|unseal_keys_b64|root_token/.test(f.text)) continue
      for (const {line, match} of matchLines(
        f.text,
        /Unseal Key \d+:\s*([A-Za-z0-9+/=]{40,})|Initial Root Token:\s*((?:hvs|s)\.[A-Za-z0-9_-]{20,})|"unseal_keys_b64"\s*:\s*\[\s*"([A-Za-z0-9+/=]{40,})"|"root_token"\s*:\s*"((?:hvs|s)\.[A-Za-z0-9_-]{20,})"/g,
      )) {
        const secret = match[1] ?? match[2] ?? match[3] ?? match[4]
        const what = match[1] || match[3] ? 'Vault unseal key' : 'Vault root token'
        out.push({
          evidence: `${what}: ${redact(secret)}`,
          file: f.path,
          line,
          message: `${what} committed in ${f.path}: anyone with the repository can unseal or fully control Vault; rekey/revoke and keep init output offline`,
        })
      }
    }

    return out
  },
}

export default detector
