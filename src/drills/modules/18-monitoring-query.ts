import {createServer, type Server} from 'node:http'

import {byteCompare, Rng} from '../rng.js'
import type {DrillModule, Fixture, LiveContext, LiveFixture} from '../types.js'

/**
 * Drill 18: a stand-in Prometheus HTTP API on 127.0.0.1 (random port), serving /api/v1/targets and
 * /api/v1/query?query=up for a seeded set of scrape targets. Expected: the down targets as `JOB INSTANCE`,
 * then `worst JOB`, the job with the highest share of down targets. Traps in every seed: targets with
 * health "unknown" (not down), dropped targets, a job relabelled so its scrapePool differs from its `job`
 * label, and a big job with the most down targets that is not the worst by share.
 */

const JOBS = ['node', 'node-exporter', 'api', 'postgres', 'redis', 'blackbox', 'kafka', 'ingress', 'payments', 'cadvisor']
const SCRAPED_AT = '2026-03-04T10:00:00.000Z'

interface Target {
  job: string
  pool: string
  instance: string
  health: 'up' | 'down' | 'unknown'
}

function targets(seed: number): {active: Target[]; dropped: string[]} {
  const rng = new Rng(seed)
  const jobs = rng.sample(JOBS, rng.int(4, 6))
  const active: Target[] = []
  const instances = new Set<string>()
  const instance = (job: string) => {
    let name = ''
    do {
      name = `10.${rng.int(0, 3)}.${rng.int(0, 255)}.${rng.int(2, 254)}:${job.includes('node') ? 9100 : rng.pick([8080, 9090, 9187, 9121, 9308])}`
    } while (instances.has(name))
    instances.add(name)
    return name
  }

  // jobs[0]: big, most down targets, lower share. jobs[1]: small, highest share. jobs[2]: relabelled pool.
  const plan: Array<[number, number]> = [
    [rng.int(12, 16), 4],
    [2, 1],
    [rng.int(3, 5), 1],
  ]
  for (let i = 3; i < jobs.length; i++) plan.push([rng.int(2, 6), rng.chance(0.5) ? 1 : 0])
  plan[1] = rng.chance(0.5) ? [2, 1] : [3, 2]
  jobs.forEach((job, j) => {
    const [total, down] = plan[j]
    // The big job's share (4 of >= 12) stays under every other job's share with a down target (>= 1 of <= 6).
    for (let k = 0; k < total; k++) {
      const health = k < down ? 'down' : k === down && rng.chance(0.4) ? 'unknown' : 'up'
      active.push({health, instance: instance(job), job, pool: j === 2 ? 'kubernetes-pods' : job})
    }
  })
  const dropped = Array.from({length: rng.int(2, 5)}, () => instance('dropped'))
  return {active: rng.shuffle(active), dropped}
}

function expectedFor(active: Target[]): string {
  const down = active.filter((t) => t.health === 'down').sort((a, b) => byteCompare(a.job, b.job) || byteCompare(a.instance, b.instance))
  const stats = new Map<string, {down: number; total: number}>()
  for (const t of active) {
    const s = stats.get(t.job) ?? {down: 0, total: 0}
    s.total++
    if (t.health === 'down') s.down++
    stats.set(t.job, s)
  }

  const worst = [...stats]
    .filter(([, s]) => s.down > 0)
    .sort(([a, x], [b, y]) => y.down / y.total - x.down / x.total || y.down - x.down || byteCompare(a, b))[0][0]
  return down.map((t) => `${t.job} ${t.instance}\n`).join('') + `worst ${worst}\n`
}

export function generate(seed: number): Fixture {
  const {active} = targets(seed)
  return {
    expected: expectedFor(active),
    files: {'README.txt': 'A Prometheus server answers at $PROM_URL (its HTTP API: /api/v1/targets, /api/v1/query).\n'},
  }
}

function targetsBody(seed: number): string {
  const {active, dropped} = targets(seed)
  return JSON.stringify({
    data: {
      activeTargets: active.map((t) => ({
        discoveredLabels: {__address__: t.instance, __metrics_path__: '/metrics', __scheme__: 'http', job: t.pool},
        globalUrl: `http://${t.instance}/metrics`,
        health: t.health,
        labels: {instance: t.instance, job: t.job},
        lastError: t.health === 'down' ? `Get "http://${t.instance}/metrics": dial tcp ${t.instance}: connect: connection refused` : '',
        lastScrape: SCRAPED_AT,
        lastScrapeDuration: t.health === 'up' ? 0.004_21 : 0,
        scrapeInterval: '15s',
        scrapePool: t.pool,
        scrapeTimeout: '10s',
        scrapeUrl: `http://${t.instance}/metrics`,
      })),
      droppedTargets: dropped.map((address) => ({
        discoveredLabels: {__address__: address, __metrics_path__: '/metrics', __scheme__: 'http', job: 'kubernetes-pods'},
      })),
    },
    status: 'success',
  })
}

function upBody(seed: number): string {
  const {active} = targets(seed)
  return JSON.stringify({
    data: {
      result: active
        .filter((t) => t.health !== 'unknown')
        .map((t) => ({
          metric: {__name__: 'up', instance: t.instance, job: t.job},
          value: [1_772_618_400.123, t.health === 'up' ? '1' : '0'],
        })),
      resultType: 'vector',
    },
    status: 'success',
  })
}

export async function live({seed}: LiveContext): Promise<LiveFixture> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    let status = 200
    let body: string
    if (request.method !== 'GET' && request.method !== 'POST') {
      status = 405
      body = JSON.stringify({error: 'method not allowed', errorType: 'bad_data', status: 'error'})
    } else if (url.pathname === '/api/v1/targets') {
      body = targetsBody(seed)
    } else if (url.pathname === '/api/v1/query' && url.searchParams.get('query')?.trim() === 'up') {
      body = upBody(seed)
    } else if (url.pathname === '/api/v1/query') {
      status = 400
      body = JSON.stringify({error: 'this stand-in only answers the query `up`', errorType: 'bad_data', status: 'error'})
    } else {
      status = 404
      body = JSON.stringify({error: 'not found', status: 'error'})
    }

    response.writeHead(status, {'content-type': 'application/json'})
    response.end(body)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  server.unref()
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('the stand-in Prometheus has no TCP address')
  let stopped = false
  return {
    env: {PROM_URL: `http://127.0.0.1:${address.port}`},
    stop() {
      if (stopped) return
      stopped = true
      server.closeAllConnections()
      server.close()
    },
  }
}

const drill: DrillModule = {generate, live}
export default drill
