// F27, Mutable image reference (no tag, latest or another moving tag, no digest): the detector of trials/F27-mutable-image/trial.yaml.
import {interpolate} from '../model/index.js'
import type {Detector, RawFinding} from '../types.js'

// Tags that move by design; the same list dclint's service-image-require-explicit-tag uses, so verdicts agree.
export const MOVING_TAGS = new Set(['latest', 'stable', 'edge', 'test', 'nightly', 'dev', 'beta', 'canary', 'lts'])

/** Why an image reference is mutable, or undefined when it is pinned (concrete tag or digest). */
export function mutableReason(image: string): string | undefined {
  const ref = image.trim()
  if (ref === '' || ref.includes('@')) return undefined
  const last = ref.slice(ref.lastIndexOf('/') + 1)
  if (!last.includes(':')) return 'no tag, i.e. latest'
  const tag = last.split(':')[1]
  return MOVING_TAGS.has(tag.toLowerCase()) ? `moving tag :${tag}` : undefined
}

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const svc of model.services) {
      if (!svc.image) continue
      // An unset variable without a default leaves the reference unknown: no verdict.
      const unknown = svc.image.refs.some((r) => !r.defined && r.fallback === undefined)
      if (unknown) continue
      const why = mutableReason(svc.image.value)
      if (!why) continue
      out.push({
        service: svc.name,
        evidence: `${svc.name}: image ${svc.image.value} (${why})`,
        file: svc.image.file,
        line: svc.image.line,
        message: `service "${svc.name}" uses ${svc.image.value}: ${why}; pin a version tag and ideally a digest`,
      })
    }

    for (const df of model.dockerfiles) {
      const args = new Map<string, string>()
      const stages = new Set<string>()
      for (const ins of df.instructions) {
        if (ins.keyword === 'ARG' && stages.size === 0) {
          const m = /^([A-Za-z_]\w*)=("?)([^"]*)\2$/.exec(ins.args)
          if (m) args.set(m[1], m[3])
          continue
        }

        if (ins.keyword !== 'FROM') continue
        const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'))
        const raw = words[0] ?? ''
        const as = words[1]?.toLowerCase() === 'as' ? words[2] : undefined
        const resolved = interpolate(raw, args)
        if (as) stages.add(as.toLowerCase())
        if (resolved.refs.some((r) => !r.defined && r.fallback === undefined)) continue
        const image = resolved.value
        if (image === '' || image.toLowerCase() === 'scratch' || (stages.has(image.toLowerCase()) && image.toLowerCase() !== as?.toLowerCase())) continue
        const why = mutableReason(image)
        if (!why) continue
        out.push({
          evidence: `FROM ${image} (${why})`,
          file: df.path,
          line: ins.line,
          message: `${df.path} builds FROM ${image}: ${why}; pin a version tag and ideally a digest`,
        })
      }
    }

    return out
  },
}

export default detector
