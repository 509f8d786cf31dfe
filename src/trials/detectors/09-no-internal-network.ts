// F9, Data services not isolated on an internal backend network: the detector of trials/F09-no-internal-network/trial.yaml.
import {isRecord} from '../model/yaml.js'
import type {Detector, RawFinding} from '../types.js'
import {imageIs} from './products.js'
import {boolish} from './util.js'

export const DATA_IMAGES = [
  'postgres',
  'postgis',
  'mysql',
  'mariadb',
  'mongo',
  'mongodb',
  'redis',
  'valkey',
  'keydb',
  'memcached',
  'elasticsearch',
  'opensearch',
  'minio',
  'vault',
  'couchdb',
  'cassandra',
  'influxdb',
  'rabbitmq',
  'etcd',
  'clickhouse-server',
  'clickhouse',
  'mssql',
  'neo4j',
  'timescaledb',
  'qdrant',
  'meilisearch',
  'nats',
  'kafka',
]

/** Networks a service joins: `networks:` as a list or a map; none means the project's `default` network. */
export function serviceNetworks(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
  if (isRecord(value)) return Object.keys(value)
  return ['default']
}

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const project of model.composeProjects) {
      const internal = new Set<string>()
      for (const [name, decl] of project.networks) if (isRecord(decl.value) && boolish(decl.value.internal) === true) internal.add(name)
      for (const svc of project.services) {
        if (!imageIs(svc, ...DATA_IMAGES)) continue
        const mode = svc.fields.get('network_mode')?.value
        if (typeof mode === 'string' && (mode === 'none' || mode.startsWith('service:') || mode.startsWith('container:'))) continue
        const networks = serviceNetworks(svc.fields.get('networks')?.value)
        if (networks.length > 0 && networks.every((n) => internal.has(n))) continue
        const field = svc.fields.get('networks')
        const exposed = networks.filter((n) => !internal.has(n))
        out.push({
          service: svc.name,
          evidence: `${svc.name}: networks ${exposed.join(',')}`,
          file: field?.file ?? svc.file,
          line: field?.line ?? svc.line,
          message: `data service "${svc.name}" (${svc.image?.value}) sits on ${exposed.map((n) => `"${n}"`).join(', ')}, not only on an internal network: it has a route out, and anything on that network (including the internet-facing proxy) can reach it`,
        })
      }
    }

    return out
  },
}

export default detector
