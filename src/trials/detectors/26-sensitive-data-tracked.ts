// F26, Sensitive data files tracked in git (acme.json, dump.rdb, grafana.db, *.key): the detector of trials/F26-sensitive-data-tracked/trial.yaml.
import {posix} from 'node:path'

import type {Detector, RawFinding} from '../types.js'

/** Data files that must never be committed, by name, with what they hold. */
const SENSITIVE: Array<{test: (base: string, path: string) => boolean; what: string}> = [
  {test: (b) => b === 'acme.json', what: 'Traefik ACME store: certificate and account private keys'},
  {
    test: (b) => /\.rdb$/i.test(b) || /^appendonly.*\.aof(\.\d+)?(\.(base|incr)\.(rdb|aof))?$/i.test(b),
    what: 'Redis persistence file: cached sessions and tokens',
  },
  {test: (b) => b === 'grafana.db', what: 'Grafana database: users, password hashes, API keys, data source passwords'},
  {test: (b) => /\.(key|p12|pfx|jks|keystore)$/i.test(b) || /^id_(rsa|dsa|ecdsa|ed25519)$/.test(b), what: 'private key'},
]

const detector: Detector = {
  detect(model) {
    const git = model.git
    if (!git.isRepo) return [] // the runner adds git's note: without git, "tracked" cannot be answered
    const out: RawFinding[] = []
    const check = (path: string, state: 'tracked' | 'not ignored') => {
      const base = posix.basename(path)
      let kind = SENSITIVE.find((s) => s.test(base, path))?.what
      const text = model.text(path)
      // A .pem is a private key only when it says so; a .key that holds a public key is not one.
      if (!kind && /\.pem$/i.test(base) && text !== undefined && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) kind = 'private key'
      if (kind === 'private key' && text !== undefined && !/PRIVATE KEY/.test(text) && /PUBLIC KEY|CERTIFICATE/.test(text)) kind = undefined
      if (!kind) return
      out.push({
        evidence: `${state}: ${path} (${kind})`,
        file: path,
        line: 1,
        message:
          state === 'tracked'
            ? `${path} is tracked by git: ${kind}; remove it from the index, ignore it and rotate what it holds`
            : `${path} is in the work tree and no .gitignore rule covers it: the next \`git add -A\` commits the ${kind}`,
        severity: state === 'tracked' ? undefined : 'medium',
      })
    }

    for (const path of git.tracked) check(path, 'tracked')
    for (const path of git.unignored) check(path, 'not ignored')
    return out
  },
}

export default detector
