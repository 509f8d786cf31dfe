import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'

import {Rng} from '../rng.js'
import type {DrillModule, Fixture, LiveFixture} from '../types.js'

/**
 * Drill 01: a stand-in API on 127.0.0.1:0 (in the khaos process) that answers GET /<version>/health with a
 * per-version status after DELAY_MS. versions.txt lists 10-14 versions, so asking one after another takes
 * longer than the drill's timeout: the requests must run in parallel. Expected: `VERSION STATUS` per
 * version by version NUMBER (v2 before v10), then `use VERSION`, the highest version answering 200.
 * Traps in every seed: two-digit versions, the newest version is not healthy (503/404/500), a 301.
 */

export const DELAY_MS = 500
const BROKEN = [301, 404, 410, 500, 503]

interface Plan {
  versions: number[]
  status: Map<number, number>
}

function plan(seed: number): Plan {
  const rng = new Rng(seed)
  const count = rng.int(10, 14)
  const pool = Array.from({length: 18}, (_, i) => i + 1)
  let versions: number[]
  do versions = rng.sample(pool, count).sort((a, b) => a - b)
  while (versions[0] >= 10 || versions.at(-1)! < 10)
  const status = new Map<number, number>()
  for (const v of versions) status.set(v, rng.chance(0.45) ? 200 : rng.pick(BROKEN))
  // The newest is never the answer; at least two healthy ones, one of them two-digit when possible.
  status.set(versions.at(-1)!, rng.pick([404, 500, 503]))
  const twoDigit = versions.filter((v) => v >= 10 && v !== versions.at(-1))
  const healthy = twoDigit.length > 0 ? rng.pick(twoDigit) : versions.at(-2)!
  status.set(healthy, 200)
  status.set(versions[0], 200)
  if (![...status.values()].includes(301)) status.set(versions[1], 301)
  return {status, versions}
}

export function generate(seed: number): Fixture {
  const {status, versions} = plan(seed)
  const lines = versions.map((v) => `v${v} ${status.get(v)}`)
  const best = versions.filter((v) => status.get(v) === 200).at(-1)!
  return {
    expected: [...lines, `use v${best}`].join('\n') + '\n',
    files: {
      'versions.txt':
        new Rng(seed ^ 0x5bd1e995)
          .shuffle(versions)
          .map((v) => `v${v}`)
          .join('\n') + '\n',
    },
  }
}

async function live({seed}: {seed: number}): Promise<LiveFixture> {
  const {status} = plan(seed)
  const timers = new Set<NodeJS.Timeout>()
  const server: Server = createServer((req, res) => {
    const match = /^\/v(\d+)\/health$/.exec(req.url ?? '')
    const code = match ? (status.get(Number(match[1])) ?? 404) : 404
    const timer = setTimeout(() => {
      timers.delete(timer)
      if (code === 301) res.setHeader('Location', `/v${match![1]}/status`)
      res.writeHead(code, {'Content-Type': 'application/json'})
      res.end(code === 200 ? `{"status":"ok","version":"v${match![1]}"}\n` : `{"error":${code}}\n`)
    }, DELAY_MS)
    timers.add(timer)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const {port} = server.address() as AddressInfo
  let stopped = false
  return {
    env: {API_URL: `http://127.0.0.1:${port}`},
    stop() {
      if (stopped) return
      stopped = true
      for (const t of timers) clearTimeout(t)
      server.closeAllConnections()
      server.close()
    },
  }
}

const drill: DrillModule = {generate, live}
export default drill
