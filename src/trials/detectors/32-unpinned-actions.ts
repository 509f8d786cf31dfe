// F32, GitHub Actions not pinned to a full commit SHA: the detector of trials/F32-unpinned-actions/trial.yaml.
import {lineOf, str} from '../model/yaml.js'
import type {Detector, RawFinding} from '../types.js'
import {compositeSteps, stepsOf, workflowsOf} from './workflow.js'

/** Why a `uses:` reference is mutable, or undefined when it is pinned or local. */
export function unpinnedReason(uses: string): string | undefined {
  const ref = uses.trim()
  if (ref.startsWith('./') || ref.startsWith('../')) return undefined
  if (ref.startsWith('docker://')) return ref.includes('@sha256:') ? undefined : 'docker image without a digest'
  const at = ref.lastIndexOf('@')
  if (at === -1) return 'no ref at all'
  const version = ref.slice(at + 1)
  if (/^[0-9a-f]{40}$/i.test(version)) return undefined
  return /^[0-9a-f]{7,39}$/i.test(version) ? `short SHA @${version} (can collide with a tag or a fork's commit)` : `mutable ref @${version}`
}

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    const add = (file: string, line: number, where: string, uses: string) => {
      const why = unpinnedReason(uses)
      if (why)
        out.push({
          evidence: `${where}: uses ${uses}`,
          file,
          line,
          message: `${uses} is not pinned to a full commit SHA (${why}): whoever moves that ref runs code in this job`,
        })
    }

    for (const w of workflowsOf(model)) {
      // Reusable workflows called at job level.
      for (const {id, job} of w.jobs) {
        const uses = str(job.uses)
        if (uses !== undefined) add(w.path, lineOf(job, 'uses'), id, uses)
      }

      for (const s of stepsOf(w)) {
        const uses = str(s.step.uses)
        if (uses !== undefined) add(s.file, lineOf(s.step, 'uses'), s.job, uses)
      }
    }

    for (const s of compositeSteps(model)) {
      const uses = str(s.step.uses)
      if (uses !== undefined) add(s.file, lineOf(s.step, 'uses'), s.job, uses)
    }

    return out
  },
}

export default detector
