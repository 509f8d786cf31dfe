/**
 * Verdicts of khaos and dclint on the rules both have, per (compose file, service):
 * - unbound port interfaces: dclint `no-unbound-port-interfaces` vs khaos F4;
 * - explicit image tag: dclint `service-image-require-explicit-tag` vs khaos F27 (when that trial exists).
 * Documented, deliberate differences are applied before comparing, and listed:
 * - F4 exempts a reverse proxy's 80/443 (they are meant to face the network); dclint does not;
 * - F4 reports an explicit 0.0.0.0/:: host IP (still every interface); dclint counts any IP as "bound".
 */
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {buildModel} from '../src/trials/model/index.js'
import type {Finding} from '../src/trials/types.js'

export interface DclintMessage {
  rule: string
  line: number
  data?: {serviceName?: string; portItem?: unknown; image?: string}
}

export function runDclint(root: string, corpus: string): Array<{filePath: string; messages: DclintMessage[]}> {
  const bin = join(root, 'node_modules', 'dclint', 'bin', 'dclint.cjs')
  // dclint exits (status 1 when it reports errors) before a large piped stdout is flushed, so its JSON goes
  // to a file instead.
  const dir = mkdtempSync(join(tmpdir(), 'khaos-dclint-'))
  const out = join(dir, 'dclint.json')
  try {
    try {
      execFileSync('node', [bin, '-r', '.', '-f', 'json', '-o', out], {cwd: corpus, stdio: 'ignore'})
    } catch {
      // status 1: findings reported
    }

    return JSON.parse(readFileSync(out, 'utf8'))
  } finally {
    rmSync(dir, {force: true, recursive: true})
  }
}

export interface VerdictComparison {
  rule: string
  khaosTrial: string
  compared: number
  agree: number
  disagreements: Array<{file: string; service: string; dclint: boolean; khaos: boolean}>
  exempted: Array<{file: string; service: string; why: string}>
}

export function compareVerdicts(corpus: string, dclint: ReturnType<typeof runDclint>, khaos: Finding[], trials: Set<string>): VerdictComparison[] {
  const model = buildModel(corpus)
  const services = model.composeProjects.flatMap((p) => p.services)
  const dclintFlag = (rule: string) =>
    new Set(dclint.flatMap((f) => f.messages.filter((m) => m.rule === rule && m.data?.serviceName).map((m) => `${f.filePath}#${m.data!.serviceName}`)))
  // A flaw folded into a stronger trial at the same line (F4 into F35 on a Redis port) still counts as found.
  const khaosFlag = (trial: string) =>
    new Set(
      khaos
        .filter((f) => f.trial === trial || f.also?.includes(trial))
        .flatMap((f) => (f.services ?? [f.service ?? f.evidence.split(':')[0]]).map((s) => `${f.file}#${s}`)),
    )
  const out: VerdictComparison[] = []

  const rules = [
    {khaosTrial: 'F4', rule: 'no-unbound-port-interfaces'},
    {khaosTrial: 'F27', rule: 'service-image-require-explicit-tag'},
  ]
  for (const {khaosTrial, rule} of rules) {
    if (!trials.has(khaosTrial)) continue
    const d = dclintFlag(rule)
    const k = khaosFlag(khaosTrial)
    const result: VerdictComparison = {agree: 0, compared: 0, disagreements: [], exempted: [], khaosTrial, rule}
    for (const svc of services) {
      // Only services defined in a file dclint reads (its file pattern: (docker-)compose*.y(a)ml).
      if (!/^(docker-)?compose.*\.ya?ml$/.test(svc.file.split('/').pop()!)) continue
      const key = `${svc.file}#${svc.name}`
      let dv = d.has(key)
      const kv = k.has(key)
      if (khaosTrial === 'F4') {
        const explicitAll = svc.ports.some((p) => p.hostIp === '0.0.0.0' || p.hostIp === '::')
        if (!dv && kv && explicitAll) {
          result.exempted.push({file: svc.file, service: svc.name, why: 'explicit 0.0.0.0 is every interface (khaos reports, dclint counts it as bound)'})
          continue
        }

        if (
          dv &&
          !kv &&
          /(^|\/)(traefik|nginx|caddy|haproxy|envoy)/.test(svc.image?.value ?? '') &&
          svc.ports.every((p) => /(^|:)(80|443)(\/\w+)?$/.test(p.raw) || Boolean(p.hostIp && p.hostIp !== '0.0.0.0'))
        ) {
          result.exempted.push({file: svc.file, service: svc.name, why: 'reverse proxy 80/443 is meant to face the network (khaos exempts it)'})
          dv = false
          continue
        }
      }

      result.compared++
      if (dv === kv) result.agree++
      else result.disagreements.push({dclint: dv, file: svc.file, khaos: kv, service: svc.name})
    }

    out.push(result)
  }

  return out
}
