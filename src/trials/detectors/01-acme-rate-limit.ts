// F1, ACME certificates not persisted (Let's Encrypt rate-limit lockout): the detector of trials/F01-acme-rate-limit/trial.yaml.
import {posix} from 'node:path'

import type {Service, TraefikStatic} from '../model/index.js'
import type {Detector, RawFinding} from '../types.js'

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    const {traefik} = model
    const resolversOf = (t: TraefikStatic) => [
      ...new Set([...t.settings.keys()].map((k) => /^certificatesresolvers\.([^.]+)\.acme\./.exec(k)?.[1]).filter((x): x is string => Boolean(x))),
    ]
    for (const t of traefik.statics) {
      const resolvers = resolversOf(t)
      // Which containers run this config: the service the flags came from, else every Traefik service seen.
      const services: Service[] = t.service ? [t.service] : traefik.proxies
      for (const name of resolvers) {
        const prefix = `certificatesresolvers.${name}.acme`
        const storage = t.settings.get(`${prefix}.storage`)
        const anchor = storage ?? [...t.settings.values()].filter((s) => s.key.startsWith(`${prefix}.`)).sort((a, b) => a.line - b.line)[0]
        const path = posix.resolve('/', storage?.value || 'acme.json')
        if (services.length > 0) {
          const persisted = services.some((svc) =>
            svc.volumes.some((v) => v.type !== 'tmpfs' && (path === v.target.replace(/\/+$/, '') || path.startsWith(`${v.target.replace(/\/+$/, '')}/`))),
          )
          if (!persisted) {
            out.push({
              evidence: `resolver ${name}: storage ${path} not on a volume`,
              services: services.map((svc) => svc.name),
              file: anchor.file,
              line: anchor.line,
              message: `ACME resolver "${name}" stores certificates in ${path}, which no volume of ${services.map((s) => `"${s.name}"`).join(', ')} covers: every recreate requests new certificates and soon hits Let's Encrypt's rate limits (5 duplicate certificates per week)`,
            })
          }
        }
      }
    }

    return out
  },
}

export default detector
