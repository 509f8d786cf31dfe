import {isRecord, str} from '../model/yaml.js'
import type {Detector, RawFinding} from '../types.js'

/** Memory limit of a service: `mem_limit`, or `deploy.resources.limits.memory` (honoured by Compose v2 without Swarm). */
function memoryLimit(fields: Map<string, {value: unknown}>): string | undefined {
  const legacy = str(fields.get('mem_limit')?.value)
  if (legacy !== undefined && legacy !== '' && legacy !== '0') return legacy
  const deploy = fields.get('deploy')?.value
  const resources = isRecord(deploy) ? deploy.resources : undefined
  const limits = isRecord(resources) ? resources.limits : undefined
  const memory = isRecord(limits) ? str(limits.memory) : undefined
  return memory !== undefined && memory !== '' && memory !== '0' ? memory : undefined
}

export const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const svc of model.services) {
      // `extends` or profiles-only stubs without an image or build are not runnable on their own.
      if (!svc.fields.has('image') && !svc.fields.has('build')) continue
      if (memoryLimit(svc.fields) !== undefined) continue
      const cpus = svc.fields.has('cpus') || /cpus/.test(JSON.stringify(svc.fields.get('deploy')?.value ?? ''))
      out.push({
        evidence: `${svc.name}: no memory limit${cpus ? '' : ', no cpu limit'}`,
        file: svc.file,
        line: svc.line,
        message: `service "${svc.name}" has no memory limit (mem_limit or deploy.resources.limits.memory): one runaway container can OOM the whole host`,
      })
    }

    return out
  },
}
