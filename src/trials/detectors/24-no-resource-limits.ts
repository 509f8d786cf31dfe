// F24, No resource limits on a service: the detector of trials/F24-no-resource-limits/trial.yaml.
import {isRecord, str} from '../model/yaml.js'
import type {Detector, RawFinding} from '../types.js'
import {projectAnchor, runnableServices} from './util.js'

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

const detector: Detector = {
  // Low value per service: one finding per project listing the services without a memory limit.
  detect(model) {
    const out: RawFinding[] = []
    for (const project of model.composeProjects) {
      const missing = runnableServices(project).filter((svc) => memoryLimit(svc.fields) === undefined)
      if (missing.length === 0) continue
      const names = missing.map((s) => s.name)
      out.push({
        evidence: `no memory limit: ${names.join(', ')}`,
        ...projectAnchor(model, project),
        message: `${names.length === 1 ? 'service' : `${names.length} services`} ${names.map((n) => `"${n}"`).join(', ')} ${names.length === 1 ? 'has' : 'have'} no memory limit (mem_limit or deploy.resources.limits.memory): one runaway container can OOM the whole host`,
        services: names,
      })
    }

    return out
  },
}

export default detector
