import {byteCompare, Rng} from '../rng.js'
import type {DrillModule, Fixture} from '../types.js'

/**
 * Drill 11: a cluster dump (`kubectl get deploy,sts -A -o json` shape) and a compose project
 * (`docker compose config --format json` shape). Expected: every k8s container and compose service without a
 * memory LIMIT, sorted, then the total CPU requested by the k8s containers times replicas, in millicores.
 * Traps in every seed: a container with a memory request but no limit, one with only a CPU limit, a
 * workload without `replicas` (means 1), one scaled to 0, CPU in cores ("1", "0.5") and millicores,
 * a container without a CPU request, an initContainer with a CPU request (not counted), compose services
 * limited by `mem_limit` and by `deploy.resources.limits`, and one with only a memory reservation.
 */

const NAMESPACES = ['shop', 'payments', 'search', 'auth', 'ingest', 'ml']
const WORKLOADS = ['api', 'web', 'checkout', 'cart', 'catalog', 'worker', 'indexer', 'gateway', 'billing', 'recommender', 'session', 'mailer']
const SIDECARS = ['istio-proxy', 'log-shipper', 'metrics-exporter', 'cloudsql-proxy']
const SERVICES = ['db', 'redis', 'api', 'frontend', 'queue', 'minio', 'mailhog', 'grafana', 'prometheus', 'nginx']
/** CPU quantities whose core values are exact in binary (x1000 stays an integer in jq). */
const CPU = ['50m', '100m', '125m', '200m', '250m', '300m', '500m', '750m', '0.25', '0.5', '1', '1.5', '2']
const MEMORY = ['64Mi', '128Mi', '256Mi', '512Mi', '1Gi', '2Gi']

type Resources = {limits?: Record<string, string>; requests?: Record<string, string>}
interface Container {
  name: string
  image: string
  resources?: Resources
}

const milli = (cpu: string) => (cpu.endsWith('m') ? Number(cpu.slice(0, -1)) : Number(cpu) * 1000)

export function generate(seed: number): Fixture {
  const rng = new Rng(seed)
  const missing: string[] = []
  let totalMilli = 0
  const items: unknown[] = []
  const names = rng.sample(WORKLOADS, rng.int(6, 9))
  // Trap slots, each guaranteed once per seed.
  const [memRequestOnly, cpuLimitOnly, noReplicas, scaledToZero, noCpuRequest, withInit] = rng.shuffle(names.map((_, i) => i))

  names.forEach((name, index) => {
    const namespace = rng.pick(NAMESPACES)
    const kind = rng.chance(0.3) ? 'StatefulSet' : 'Deployment'
    const replicas = index === scaledToZero ? 0 : rng.int(1, 6)
    const containers: Container[] = []
    const count = rng.int(1, 3)
    for (let c = 0; c < count; c++) {
      const cname = c === 0 ? name : SIDECARS[(c - 1 + index) % SIDECARS.length]
      const resources: Resources = {}
      let cpu: string | undefined = rng.pick(CPU)
      if (c === 0 && index === noCpuRequest) cpu = undefined
      let limited = rng.chance(0.55)
      resources.requests = {...(cpu ? {cpu} : {}), memory: rng.pick(MEMORY)}
      if (c === 0 && index === memRequestOnly) limited = false
      if (c === 0 && index === cpuLimitOnly) {
        limited = false
        resources.limits = {cpu: rng.pick(['1', '2', '500m'])}
      } else if (limited) {
        resources.limits = {memory: rng.pick(MEMORY), ...(rng.chance(0.5) ? {cpu: rng.pick(['1', '2', '4'])} : {})}
      }

      if (!limited) missing.push(`k8s/${namespace}/${name}/${cname}`)
      if (cpu) totalMilli += milli(cpu) * (index === noReplicas ? 1 : replicas)
      containers.push({image: `registry.example.test/${cname}:${rng.int(1, 9)}.${rng.int(0, 20)}`, name: cname, resources})
    }

    const podSpec: Record<string, unknown> = {containers}
    if (index === withInit) {
      podSpec.initContainers = [
        {image: 'registry.example.test/migrate:1.0', name: 'migrate', resources: {limits: {memory: '256Mi'}, requests: {cpu: rng.pick(['500m', '1', '2'])}}},
      ]
    }

    items.push({
      apiVersion: 'apps/v1',
      kind,
      metadata: {labels: {app: name}, name, namespace},
      spec: {
        ...(index === noReplicas ? {} : {replicas}),
        selector: {matchLabels: {app: name}},
        template: {metadata: {labels: {app: name}}, spec: podSpec},
      },
    })
  })

  const services: Record<string, unknown> = {}
  const serviceNames = rng.sample(SERVICES, rng.int(4, 7))
  serviceNames.forEach((name, i) => {
    const service: Record<string, unknown> = {image: `${name}:latest`, restart: 'unless-stopped'}
    const style = i < 3 ? i : rng.int(0, 3)
    if (style === 0) service.mem_limit = rng.pick([268_435_456, 536_870_912, 1_073_741_824])
    if (style === 1) service.deploy = {resources: {limits: {cpus: '0.5', memory: rng.pick(['256M', '512M', '1G'])}}}
    if (style === 2) service.deploy = {resources: {reservations: {memory: rng.pick(['128M', '256M'])}}}
    if (style === 2 || style === 3) missing.push(`compose/${name}`)
    services[name] = service
  })

  const expected = [...missing.sort(byteCompare), `cpu-requests ${totalMilli}m`].join('\n') + '\n'
  return {
    expected,
    files: {
      'compose.json':
        JSON.stringify({name: 'stack', networks: {default: {name: 'stack_default'}}, services: Object.fromEntries(Object.entries(services).sort())}, null, 2) +
        '\n',
      'kubectl.json': JSON.stringify({apiVersion: 'v1', items, kind: 'List', metadata: {resourceVersion: ''}}, null, 2) + '\n',
    },
  }
}

const drill: DrillModule = {generate}
export default drill
