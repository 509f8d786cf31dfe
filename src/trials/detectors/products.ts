/** Which product a compose service runs, judged by its image (`bitnami/redis`, `grafana/grafana-oss`, `hashicorp/vault` …). */
import type {ProjectModel, Service} from '../model/index.js'

/** Repository path of the image, lower case, without registry, tag or digest: `docker.io/grafana/grafana:10` → `grafana/grafana`. */
export function imageRepo(image: string | undefined): string {
  if (!image) return ''
  const noDigest = image.split('@')[0]
  const lastSlash = noDigest.lastIndexOf('/')
  const colon = noDigest.indexOf(':', lastSlash + 1)
  const parts = (colon === -1 ? noDigest : noDigest.slice(0, colon)).toLowerCase().split('/')
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0])) parts.shift()
  if (parts[0] === 'library') parts.shift()
  return parts.join('/')
}

/** The service's image repository (see imageRepo). */
export function imageName(svc: Service): string {
  return imageRepo(svc.image?.value)
}

const PRODUCTS: Record<string, RegExp> = {
  alertmanager: /(^|\/)alertmanager$/,
  grafana: /(^|\/)grafana(-oss|-enterprise)?$/,
  loki: /(^|\/)loki$/,
  mariadb: /(^|\/)mariadb$/,
  minio: /(^|\/)minio$/,
  mongo: /(^|\/)mongo(db)?(-community-server)?$/,
  mysql: /(^|\/)mysql(-server)?$/,
  postgres: /(^|\/)(postgres|postgresql|postgis|timescaledb(-ha)?)$/,
  prometheus: /(^|\/)prometheus$/,
  redis: /(^|\/)(redis(-stack(-server)?|mod)?|valkey|keydb)$/,
  traefik: /(^|\/)traefik$/,
  vault: /(^|\/)(vault|openbao)$/,
}

export type Product = keyof typeof PRODUCTS

const productCache = new WeakMap<Service, Product | null>()

/** The known product a service runs (its image's repository against the PRODUCTS patterns), cached per service. */
export function productOf(svc: Service): Product | undefined {
  let product = productCache.get(svc)
  if (product === undefined) {
    const repo = imageName(svc)
    product = repo === '' ? null : ((Object.entries(PRODUCTS).find(([, re]) => re.test(repo))?.[0] as Product | undefined) ?? null)
    productCache.set(svc, product)
  }

  return product ?? undefined
}

export function servicesOf(model: ProjectModel, product: Product): Service[] {
  return model.services.filter((s) => productOf(s) === product)
}

/**
 * Image match for name lists beyond the known products (proxies, data stores, admin UIs). A known product's
 * name matches only that product (`grafana` is not grafana-image-renderer, `minio` is not minio-client,
 * `mongo` is not mongo-express); any other name matches the image's last path segment or full repository,
 * or a last segment starting with `name-` (nginx-proxy-manager for nginx-proxy).
 */
export function imageIs(svc: Service, ...names: string[]): boolean {
  const product = productOf(svc)
  const name = imageName(svc)
  const last = name.slice(name.lastIndexOf('/') + 1)
  return names.some((n) => (n in PRODUCTS ? product === n : last === n || name === n || (last.startsWith(`${n}-`) && n.length > 3)))
}
