import {createHash} from 'node:crypto'

import {byteCompare, Rng} from '../rng.js'
import type {DrillModule, Fixture} from '../types.js'

/**
 * Drill 09: `docker inspect`-shaped JSON. Expected: a JSON array of {name, image, restarts} for containers
 * whose State.Status is "running" and RestartCount > 0; name without the leading "/", image from
 * Config.Image (the top-level Image is a sha256 id); sorted by restarts descending, then name. Traps in every
 * seed: a "restarting" container (State.Running is true there too), a tie on restarts, running containers
 * with 0 restarts, exited containers with restarts.
 */

const NAMES = ['web', 'api', 'worker', 'redis', 'postgres', 'nginx', 'scheduler', 'mailer', 'search', 'metrics', 'proxy', 'cron']
const IMAGES = [
  'nginx:1.25-alpine',
  'redis:7.2',
  'postgres:16',
  'ghcr.io/acme/api:2.4.1',
  'ghcr.io/acme/worker:2.4.1',
  'caddy:2',
  'prom/prometheus:v2.51.0',
  'busybox:1.36',
]

type Kind = 'running' | 'restarting' | 'exited' | 'paused'

export function generate(seed: number): Fixture {
  const rng = new Rng(seed)
  const names = rng.sample(NAMES, rng.int(7, 11)).map((n) => `${n}-${rng.int(1, 3)}`)
  const tie = rng.int(2, 9)
  const plan: Array<{kind: Kind; restarts: number}> = [
    {kind: 'running', restarts: tie},
    {kind: 'running', restarts: tie},
    {kind: 'restarting', restarts: rng.int(3, 40)},
    {kind: 'running', restarts: 0},
    {kind: 'exited', restarts: rng.int(1, 9)},
  ]
  while (plan.length < names.length) {
    const kind = rng.pick<Kind>(['running', 'running', 'running', 'exited', 'paused', 'restarting'])
    plan.push({kind, restarts: rng.chance(0.7) ? rng.int(1, 30) : 0})
  }

  const containers = names.map((name, i) => {
    const {kind, restarts} = plan[i]
    const image = rng.pick(IMAGES)
    const id = createHash('sha256').update(`${seed}:${name}`).digest('hex')
    return {
      Args: [],
      Config: {
        Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
        Hostname: id.slice(0, 12),
        Image: image,
        Labels: {'com.docker.compose.service': name.replace(/-\d+$/, '')},
      },
      Created: `2026-03-0${rng.int(1, 9)}T0${rng.int(0, 9)}:1${rng.int(0, 9)}:00.000000000Z`,
      HostConfig: {
        Memory: rng.pick([0, 268_435_456, 536_870_912]),
        RestartPolicy: {MaximumRetryCount: 0, Name: rng.pick(['always', 'unless-stopped', 'on-failure'])},
      },
      Id: id,
      Image: `sha256:${createHash('sha256').update(image).digest('hex')}`,
      Name: `/${name}`,
      RestartCount: restarts,
      State: {
        Dead: false,
        ExitCode: kind === 'exited' ? rng.pick([1, 137, 143]) : 0,
        OOMKilled: false,
        Paused: kind === 'paused',
        Pid: kind === 'exited' ? 0 : rng.int(1000, 60_000),
        Restarting: kind === 'restarting',
        Running: kind !== 'exited',
        StartedAt: '2026-03-10T12:00:00.000000000Z',
        Status: kind,
      },
    }
  })
  const shuffled = rng.shuffle(containers)
  // The tied pair appears in ascending name order, so sort_by(.restarts) | reverse (stable sort, then a
  // full reversal) puts it in the wrong order in every seed.
  const [i, j] = [shuffled.indexOf(containers[0]), shuffled.indexOf(containers[1])].sort((a, b) => a - b)
  if (byteCompare(shuffled[i].Name, shuffled[j].Name) > 0) [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]]
  const expected = shuffled
    .filter((c) => c.State.Status === 'running' && c.RestartCount > 0)
    .map((c) => ({image: c.Config.Image, name: c.Name.slice(1), restarts: c.RestartCount}))
    .sort((a, b) => b.restarts - a.restarts || byteCompare(a.name, b.name))
  return {expected: JSON.stringify(expected, null, 2) + '\n', files: {'inspect.json': JSON.stringify(shuffled, null, 4) + '\n'}}
}

const drill: DrillModule = {generate}
export default drill
