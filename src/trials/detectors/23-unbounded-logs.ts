// F23, Unbounded logs and metrics (no log size cap, no retention): the detector of trials/F23-unbounded-logs/trial.yaml.
import {isRecord, lineOf, str} from '../model/yaml.js'
import type {Detector, RawFinding} from '../types.js'
import {configsOf} from './configs.js'
import {boolish, projectAnchor, runnableServices} from './util.js'

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    // A daemon.json in the repository with a max-size caps every container's json-file logs.
    const daemonCap = model.files.some((f) => /(^|\/)daemon\.json$/.test(f.path) && /"max-size"\s*:/.test(f.text))
    for (const project of model.composeProjects) {
      const uncapped: string[] = []
      for (const svc of runnableServices(project)) {
        const field = svc.fields.get('logging')
        const logging = isRecord(field?.value) ? field.value : {}
        const driver = (str(logging.driver) ?? 'json-file').toLowerCase()
        if (driver === 'none') {
          // No logs at all: nothing to investigate an incident with. A flaw of its own, reported where it is written.
          out.push({
            evidence: `${svc.name}: logging driver none`,
            file: field!.file,
            line: lineOf(logging, 'driver') || field!.line,
            message: `service "${svc.name}" runs with logging driver "none": its output is discarded, so there is nothing to investigate an incident with; use json-file with max-size/max-file, or local`,
            service: svc.name,
            severity: 'medium',
          })
          continue
        }

        // Only json-file (the default) is unbounded; other drivers rotate (local) or ship logs elsewhere.
        if (daemonCap || driver !== 'json-file') continue
        const options = isRecord(logging.options) ? logging.options : {}
        if (str(options['max-size']) === undefined) uncapped.push(svc.name)
      }

      // Low value per service: one finding per project listing the services whose logs are never rotated.
      if (uncapped.length === 0) continue
      out.push({
        evidence: `json-file logs without max-size: ${uncapped.join(', ')}`,
        ...projectAnchor(model, project),
        message: `${uncapped.map((n) => `"${n}"`).join(', ')} write${uncapped.length === 1 ? 's' : ''} json-file logs (the default) with no size cap: they grow until the disk is full; set logging.options.max-size (an x-logging anchor shared by every service) or a daemon.json default`,
        services: uncapped,
      })
    }

    for (const {doc, path} of configsOf(model, 'loki')) {
      const compactor = isRecord(doc.compactor) ? doc.compactor : undefined
      const limits = isRecord(doc.limits_config) ? doc.limits_config : undefined
      const enabled = compactor !== undefined && boolish(compactor.retention_enabled) === true
      const period = limits ? str(limits.retention_period) : undefined
      if (enabled && period !== undefined && !/^0+[a-z]*$/i.test(period.trim())) continue
      out.push({
        evidence: `loki: ${enabled ? 'retention_enabled but no limits_config.retention_period' : 'compactor.retention_enabled not true'}`,
        file: path,
        line: enabled ? lineOf(doc, 'compactor') : 1,
        message: 'Loki keeps log chunks forever: enable compactor retention and set limits_config.retention_period',
      })
    }

    return out
  },
}

export default detector
