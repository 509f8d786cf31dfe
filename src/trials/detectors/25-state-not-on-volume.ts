// F25, Stateful data not on a volume: the detector of trials/F25-state-not-on-volume/trial.yaml.
import {posix} from 'node:path'

import type {ProjectModel, Service} from '../model/index.js'
import {isRecord, str} from '../model/yaml.js'
import type {Detector, RawFinding} from '../types.js'
import {lokiConfigFor} from './configs.js'
import {type Product, productOf} from './products.js'
import {flagValue} from './util.js'

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

/**
 * Vault's storage as its HCL config in the project declares it: a local path for `file`/`raft`, nothing to
 * persist for remote backends (consul, s3 …) or `inmem` (F16's business). Undefined: no config seen.
 */
export function vaultStoragePath(model: ProjectModel, project: string): string | null | undefined {
  for (const f of model.files) {
    if (!/\.(hcl|json)$/i.test(f.path) || (project !== '' && !f.path.startsWith(`${project}/`))) continue
    const m = /\bstorage\s+"([\w-]+)"\s*\{([^}]*)\}/.exec(f.text) ?? /"storage"\s*:\s*\{\s*"([\w-]+)"\s*:\s*\{([^}]*)\}/.exec(f.text)
    if (!m) continue
    if (m[1] !== 'file' && m[1] !== 'raft') return null
    const path = /"?path"?\s*[=:]\s*"([^"]+)"/.exec(m[2])?.[1]
    return path ?? null
  }

  return undefined
}

/** Loki keeps chunks and index under `common.path_prefix` (the image's config uses /loki). */
function lokiDataDir(model: ProjectModel, svc: Service): string | undefined {
  const config = lokiConfigFor(model, svc)
  if (config === undefined) return undefined
  if (config === 'builtin') return DATA_DIRS.loki
  const common = isRecord(config.doc.common) ? config.doc.common : {}
  return str(common.path_prefix) ?? DATA_DIRS.loki
}

function dataDir(svc: Service, product: Product, vaultStorage?: string): string | undefined {
  const fromFlag = (flag: string) => flagValue(svc, flag)?.value
  switch (product) {
    case 'prometheus':
      return fromFlag('storage.tsdb.path') ?? DATA_DIRS.prometheus
    case 'redis':
      return fromFlag('dir') ?? (/bitnami\//.test(svc.image?.value ?? '') ? '/bitnami/redis/data' : DATA_DIRS.redis)
    case 'minio': {
      // `minio server /export --console-address :9001`: the first path argument after `server`.
      const args = [...svc.entrypoint, ...svc.command].map((a) => a.value)
      const i = args.indexOf('server')
      const path = i === -1 ? undefined : args.slice(i + 1).find((a) => a.startsWith('/'))
      return path ?? DATA_DIRS.minio
    }

    case 'postgres':
      return svc.environment.find((e) => e.name === 'PGDATA')?.value || DATA_DIRS.postgres
    case 'vault': {
      // Dev mode keeps everything in memory on purpose (F10 reports dev mode itself).
      if ([...svc.command, ...svc.entrypoint].some((a) => a.value === '-dev' || a.value === '--dev')) return undefined
      return vaultStorage ?? DATA_DIRS.vault
    }

    default:
      return DATA_DIRS[product]
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

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const svc of model.services) {
      const product = productOf(svc)
      if (!product || product === 'traefik') continue
      const vault = product === 'vault' ? vaultStoragePath(model, svc.project) : undefined
      if (vault === null) continue
      const dir = product === 'loki' ? lokiDataDir(model, svc) : dataDir(svc, product, vault)
      if (!dir || persisted(svc, dir)) continue
      out.push({
        service: svc.name,
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

export default detector
