// F5, Traefik exposes every container by default: the detector of trials/F05-exposed-by-default/trial.yaml.
import type {Detector, RawFinding} from '../types.js'
import {boolish} from './util.js'

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const t of model.traefik.statics) {
      for (const provider of ['docker', 'swarm']) {
        const keys = [...t.settings.values()].filter((s) => s.key === `providers.${provider}` || s.key.startsWith(`providers.${provider}.`))
        if (keys.length === 0) continue
        const setting = t.settings.get(`providers.${provider}.exposedbydefault`)
        if (setting && boolish(setting.value) === false) continue
        const at = setting ?? keys.sort((a, b) => a.line - b.line)[0]
        out.push({
          evidence: setting ? `providers.${provider}.exposedByDefault=${setting.value}` : `providers.${provider} without exposedByDefault=false`,
          file: at.file,
          line: at.line,
          message: `Traefik's ${provider} provider exposes every container by default: a database or admin UI started without traefik.enable=false gets a public route; set providers.${provider}.exposedByDefault=false and opt in with traefik.enable=true`,
        })
      }
    }

    return out
  },
}

export default detector
