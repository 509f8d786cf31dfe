import {posix} from 'node:path'

import type {Service} from '../model/index.js'
import type {Detector, RawFinding} from '../types.js'
import {flagValue, productOf, type Product} from './stack.js'

/** Where each product keeps its state inside the container (flags that move it are read below). */
const DATA_DIRS: Partial<Record<Product, string>> = {
  grafana: '/var/lib/grafana',
  loki: '/loki',
  mariadb: '/var/lib/mysql',
  minio: '/data',
  mongo: '/data/db',
  mysql: '/var/lib/mysql',
  postgres: '/var/lib/postgresql/data',
  prometheus: '/prometheus',
  redis: '/data',
  vault: '/vault/file',
}

function dataDir(svc: Service, product: Product): string | undefined {
  const fromFlag = (flag: string) => flagValue(svc, flag)?.value
  switch (product) {
    case 'prometheus': return fromFlag('storage.tsdb.path') ?? DATA_DIRS.prometheus
    case 'redis': return fromFlag('dir') ?? (/bitnami\//.test(svc.image?.value ?? '') ? '/bitnami/redis/data' : DATA_DIRS.redis)
    case 'minio': {
      // `minio server /export --console-address :9001`: the first path argument after `server`.
      const args = [...svc.entrypoint, ...svc.command].map((a) => a.value)
      const i = args.indexOf('server')
      const path = i === -1 ? undefined : args.slice(i + 1).find((a) => a.startsWith('/'))
      return path ?? DATA_DIRS.minio
    }

    case 'postgres': return svc.environment.find((e) => e.name === 'PGDATA')?.value || DATA_DIRS.postgres
    case 'vault': {
      // Dev mode keeps everything in memory on purpose (F10 reports dev mode itself).
      if ([...svc.command, ...svc.entrypoint].some((a) => a.value === '-dev' || a.value === '--dev')) return undefined
      return DATA_DIRS.vault
    }

    default: return DATA_DIRS[product]
  }
}

/** A persistent mount (bind or named volume, not tmpfs) on the directory or one of its parents. */
function persisted(svc: Service, dir: string): boolean {
  const clean = posix.normalize(dir).replace(/\/+$/, '')
  return svc.volumes.some((v) => {
    if (v.type !== 'bind' && v.type !== 'volume') return false
    const target = posix.normalize(v.target).replace(/\/+$/, '')
    return target !== '' && (clean === target || clean.startsWith(`${target}/`))
  })
}

export const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const svc of model.services) {
      const product = productOf(svc)
      if (!product || product === 'traefik') continue
      const dir = dataDir(svc, product)
      if (!dir || persisted(svc, dir)) continue
      out.push({
        evidence: `${svc.name}: ${product} data ${dir} not on a volume`,
        file: svc.image?.file ?? svc.file,
        line: svc.image?.line ?? svc.line,
        message: `${product} "${svc.name}" keeps its data in ${dir}, which is not a named volume or bind mount: it is lost with the container (an image's anonymous VOLUME is orphaned by compose down)`,
      })
    }

    // Traefik's ACME store: the directory of certificatesResolvers.*.acme.storage must be mounted.
    const t = model.traefik
    for (const st of t.statics) {
      for (const [key, setting] of st.settings) {
        const m = /^certificatesresolvers\.([^.]+)\.acme\.storage$/.exec(key)
        if (!m) continue
        const storage = posix.isAbsolute(setting.value) ? setting.value : posix.join('/', setting.value)
        const proxies = st.service ? [st.service] : t.proxies
        if (proxies.length === 0 || proxies.some((p) => persisted(p, storage))) continue
        out.push({
          evidence: `traefik: ACME store ${storage} (resolver ${m[1]}) not on a volume`,
          file: setting.file,
          line: setting.line,
          message: `Traefik's ACME store ${storage} is not on a volume: every recreate requests all certificates again and hits Let's Encrypt rate limits`,
        })
      }

    }

    return out
  },
}
