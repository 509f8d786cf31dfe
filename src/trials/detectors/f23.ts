import {isRecord, lineOf, str} from '../model/yaml.js'
import type {Detector, RawFinding} from '../types.js'
import {configsOf} from './configs.js'
import {boolish} from './util.js'

export const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    // A daemon.json in the repository with a max-size caps every container's json-file logs.
    const daemonCap = model.files.some((f) => /(^|\/)daemon\.json$/.test(f.path) && /"max-size"\s*:/.test(f.text))
    if (!daemonCap) {
      for (const svc of model.services) {
        const field = svc.fields.get('logging')
        const logging = isRecord(field?.value) ? field.value : {}
        const driver = (str(logging.driver) ?? 'json-file').toLowerCase()
        // Only json-file (the default) is unbounded; other drivers rotate (local) or ship logs elsewhere.
        if (driver !== 'json-file') continue
        const options = isRecord(logging.options) ? logging.options : {}
        if (str(options['max-size']) !== undefined) continue
        out.push({
          evidence: `${svc.name}: ${field ? 'json-file logging without max-size' : 'no logging options (json-file default, never rotated)'}`,
          file: field?.file ?? svc.file,
          line: field?.line ?? svc.line,
          message: `service "${svc.name}" writes json-file logs with no size cap: they grow until the disk is full`,
        })
      }
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
