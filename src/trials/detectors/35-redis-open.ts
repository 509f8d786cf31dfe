// F35, Redis without auth, or with protected mode off, and published: the detector of trials/F35-redis-open/trial.yaml.
import {posix} from 'node:path'

import type {ProjectModel, Service} from '../model/index.js'
import type {Detector, RawFinding} from '../types.js'
import {containerPort, publishedTo} from './ports.js'
import {LOOPBACK, loopbackPorts, redisPing} from './probes.js'
import {productOf} from './products.js'
import {boolish, flagValue} from './util.js'

interface RedisConf {
  path: string
  auth: boolean
  protectedModeOff?: number
}

/** redis.conf-style files: `directive args` lines. Auth = requirepass, an ACL file, or an ACL user with a password. */
export function readRedisConf(path: string, text: string): RedisConf {
  const conf: RedisConf = {auth: false, path}
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const [directive, ...args] = line.split(/\s+/)
    const d = directive.toLowerCase()
    if ((d === 'requirepass' && args.join(' ').replace(/^["']|["']$/g, '') !== '') || d === 'aclfile') conf.auth = true
    if (d === 'user' && args.some((a) => /^[>#]/.test(a)) && !args.includes('nopass')) conf.auth = true
    if (d === 'protected-mode' && args[0]?.toLowerCase() === 'no') conf.protectedModeOff = i + 1
  })
  return conf
}

function isRedisConf(path: string, text: string): boolean {
  return (
    /(^|\/)(redis|valkey|keydb|sentinel)[\w.-]*\.conf$/i.test(path) ||
    (/\.conf$/i.test(path) && /^\s*(appendonly|maxmemory-policy|protected-mode)\s/m.test(text))
  )
}

function confs(model: ProjectModel): RedisConf[] {
  return model.files.filter((f) => isRedisConf(f.path, f.text)).map((f) => readRedisConf(f.path, f.text))
}

/** Does this Redis service require a password? Undefined when its config file is not in the tree. */
function hasAuth(svc: Service, all: RedisConf[]): boolean | undefined {
  const args = [...svc.entrypoint, ...svc.command].map((a) => a.value)
  const joined = args.join(' ')
  if (/--requirepass\b|--aclfile\b/.test(joined)) return true
  const env = new Map(svc.environment.map((e) => [e.name, e.value]))
  if (/--requirepass\b|--aclfile\b/.test(env.get('REDIS_ARGS') ?? '')) return true
  if (/bitnami\//.test(svc.image?.value ?? '')) {
    // Bitnami refuses to start without a password unless ALLOW_EMPTY_PASSWORD=yes.
    return !(boolish(env.get('ALLOW_EMPTY_PASSWORD') ?? undefined) === true && !env.get('REDIS_PASSWORD') && !env.get('REDIS_PASSWORD_FILE'))
  }

  const confArg = args.find((a) => /\.conf$/.test(a))
  if (confArg) {
    const base = posix.basename(confArg)
    const conf = all.find((c) => posix.basename(c.path) === base && (svc.project === '' || c.path.startsWith(`${svc.project}/`)))
    return conf ? conf.auth : undefined
  }

  return false
}

function redisPort(svc: Service): number {
  const port = Number(flagValue(svc, 'port')?.value)
  return Number.isInteger(port) && port > 0 ? port : 6379
}

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    const all = confs(model)
    for (const svc of model.services) {
      if (productOf(svc) !== 'redis') continue
      if (hasAuth(svc, all) !== false) continue
      const protectedOff = /--protected-mode\s+no\b/.test([...svc.entrypoint, ...svc.command].map((a) => a.value).join(' '))
      for (const p of publishedTo(svc, [redisPort(svc)])) {
        out.push({
          service: svc.name,
          evidence: `${svc.name}: redis without a password published as ${p.hostIp || '*'}:${p.published ?? 'ephemeral'}${protectedOff ? ', protected-mode no' : ''}`,
          file: p.file,
          line: p.line,
          message: `Redis "${svc.name}" requires no password and is published beyond loopback: anyone reaching the host can read, flush or take over the server (CONFIG SET, MODULE LOAD)`,
        })
      }
    }

    for (const conf of all) {
      if (conf.auth || conf.protectedModeOff === undefined) continue
      out.push({
        evidence: `${conf.path}: protected-mode no without requirepass/aclfile`,
        file: conf.path,
        line: conf.protectedModeOff,
        message: 'this Redis config turns protected mode off and sets no password: Redis accepts unauthenticated commands from every interface it binds',
      })
    }

    return out
  },

  async live({model, timeoutMs}) {
    const out: RawFinding[] = []
    const seen = new Set<number>()
    for (const svc of model.services) {
      const redisLike = productOf(svc) === 'redis'
      for (const {hostPort: port, port: p} of loopbackPorts(svc, [redisPort(svc), 6379])) {
        if (!redisLike && containerPort(p) !== 6379) continue
        if (seen.has(port)) continue
        seen.add(port)
        const reply = await redisPing(port, timeoutMs)
        if (reply !== '+PONG') continue
        out.push({
          service: svc.name,
          evidence: `live: redis ${LOOPBACK}:${port} answered PONG without AUTH`,
          file: p.file,
          line: p.line,
          message: `Redis "${svc.name}" on ${LOOPBACK}:${port} answered PING without a password: it accepts every command from anyone who reaches the port`,
        })
      }
    }

    return out
  },
}

export default detector
