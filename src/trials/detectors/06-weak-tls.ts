// F6, Weak TLS (no HTTP to HTTPS redirect, TLS below 1.2, insecureSkipVerify): the detector of trials/F06-weak-tls/trial.yaml.
import type {Setting} from '../model/index.js'
import type {Detector, RawFinding} from '../types.js'
import {boolish, matchLines} from './util.js'

const OLD_TLS = /^versiontls1[01]$|^tls1[01]$|^versionssl/i

function portOf(address: string): number | undefined {
  const m = /:(\d+)(\/\w+)?$/.exec(address.trim())
  return m ? Number(m[1]) : undefined
}

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    const {traefik} = model
    const redirectMiddlewares = new Set(traefik.middlewares.filter((m) => m.type === 'redirectscheme').map((m) => m.name))
    // Entry points with a router applying a redirectScheme middleware ('*' = a router on every entry point).
    const redirectedEntryPoints = new Set<string>()
    for (const r of traefik.routers) {
      if (!r.middlewares.some((m) => redirectMiddlewares.has(m.replace(/@[\w-]+$/, '')))) continue
      if (r.entryPoints.length === 0) redirectedEntryPoints.add('*')
      for (const e of r.entryPoints) redirectedEntryPoints.add(e)
    }

    for (const t of traefik.statics) {
      const entrypoints = new Map<string, Setting>()
      for (const s of t.settings.values()) {
        const m = /^entrypoints\.([^.]+)\.address$/.exec(s.key)
        if (m) entrypoints.set(m[1], s)
      }

      const plain = [...entrypoints].filter(([, s]) => portOf(s.value) === 80)
      const hasTls = [...entrypoints].some(([, s]) => portOf(s.value) === 443)
      for (const [name, address] of plain) {
        if (t.settings.has(`entrypoints.${name}.http.redirections.entrypoint.to`)) continue
        // A router on this entry point that applies a redirectScheme middleware is the other accepted way.
        if (redirectedEntryPoints.has(name) || redirectedEntryPoints.has('*')) continue
        out.push({
          evidence: `entrypoint ${name} ${address.value} without redirection to https`,
          file: address.file,
          line: address.line,
          message: hasTls
            ? `entry point "${name}" (${address.value}) serves plain HTTP with no redirect to HTTPS: credentials and session cookies can travel in clear`
            : `entry point "${name}" (${address.value}) serves plain HTTP and no HTTPS entry point exists: everything travels in clear`,
        })
      }

      const skip = t.settings.get('serverstransport.insecureskipverify')
      if (skip && boolish(skip.value) === true) {
        out.push({
          evidence: 'serversTransport.insecureSkipVerify=true',
          file: skip.file,
          line: skip.line,
          message: 'Traefik does not verify backend TLS certificates (insecureSkipVerify): anyone on the path to a backend can impersonate it',
        })
      }
    }

    for (const s of traefik.dynamicSettings) {
      if (/^tls\.options\.[^.]+\.minversion$/.test(s.key) && OLD_TLS.test(s.value.trim())) {
        out.push({
          evidence: `${s.key}=${s.value}`,
          file: s.file,
          line: s.line,
          message: `TLS options allow ${s.value}: TLS 1.0/1.1 are deprecated (RFC 8996); use VersionTLS12 or later`,
        })
      }

      if (/^http\.serverstransports\.[^.]+\.insecureskipverify$/.test(s.key) && boolish(s.value) === true) {
        out.push({
          evidence: `${s.key}=true`,
          file: s.file,
          line: s.line,
          message: 'a serversTransport skips backend certificate verification (insecureSkipVerify)',
        })
      }
    }

    // nginx in front of (or instead of) Traefik: protocols below TLS 1.2.
    for (const f of model.files) {
      if (!/\.conf$|(^|\/)nginx[^/]*$/i.test(f.path) || !f.text.includes('ssl_protocols')) continue
      for (const {line, match} of matchLines(f.text, /^[ \t]*ssl_protocols[ \t]+([^;\n]+);/gm)) {
        if (/\b(SSLv2|SSLv3|TLSv1|TLSv1\.1)\b(?!\.[23])/.test(match[1])) {
          out.push({
            evidence: `ssl_protocols ${match[1].trim()}`,
            file: f.path,
            line,
            message: `nginx allows ${match[1].trim()}: drop SSLv3/TLSv1/TLSv1.1, keep TLSv1.2 TLSv1.3`,
          })
        }
      }
    }

    return out
  },
}

export default detector
