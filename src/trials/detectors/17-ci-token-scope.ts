// F17, CI token scope (write-all or unset permissions, secrets inherit, persisted checkout credentials): the detector of trials/F17-ci-token-scope/trial.yaml.
import {isRecord, lineOf, str} from '../model/yaml.js'
import type {Detector, RawFinding} from '../types.js'
import {boolish} from './util.js'

/** `permissions: {}` (or every scope `none`): the token persisted by checkout can do nothing. */
function grantsNothing(permissions: unknown): boolean {
  return isRecord(permissions) && Object.values(permissions).every((v) => v === 'none')
}

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const wf of model.workflows) {
      const doc = wf.docs[0]
      if (!isRecord(doc) || !isRecord(doc.jobs)) continue
      const top = doc.permissions
      if (top === 'write-all')
        out.push({
          evidence: 'permissions: write-all',
          file: wf.path,
          line: lineOf(doc, 'permissions'),
          message:
            'the workflow gives GITHUB_TOKEN write access to everything (write-all): any compromised step can push code, create releases, change settings',
        })
      const jobsWithout: string[] = []
      for (const [name, job] of Object.entries(doc.jobs)) {
        if (!isRecord(job)) continue
        if (job.permissions === 'write-all')
          out.push({
            evidence: `job ${name}: permissions: write-all`,
            file: wf.path,
            line: lineOf(job, 'permissions'),
            message: `job "${name}" gives GITHUB_TOKEN write access to everything`,
          })
        if (job.permissions === undefined && job.uses === undefined) jobsWithout.push(name)
        if (job.secrets === 'inherit')
          out.push({
            evidence: `job ${name}: secrets: inherit`,
            file: wf.path,
            line: lineOf(job, 'secrets'),
            message: `job "${name}" passes every repository and organisation secret to the reusable workflow ${str(job.uses) ?? ''}; pass only the secrets it needs`,
          })
        if (!Array.isArray(job.steps)) continue
        for (const step of job.steps) {
          if (!isRecord(step)) continue
          const uses = str(step.uses)
          if (!uses || !/^actions\/checkout@/i.test(uses)) continue
          const persist = isRecord(step.with) ? boolish(step.with['persist-credentials']) : undefined
          if (persist === false || grantsNothing(job.permissions ?? top)) continue
          out.push({
            evidence: `job ${name}: ${uses} without persist-credentials: false`,
            file: wf.path,
            line: lineOf(step, 'uses'),
            message: `actions/checkout in job "${name}" leaves the GITHUB_TOKEN in .git/config for every later step (and any artifact of the workspace); set persist-credentials: false`,
          })
        }
      }

      if (top === undefined && jobsWithout.length > 0) {
        out.push({
          evidence: `no permissions block (jobs ${jobsWithout.join(', ')})`,
          file: wf.path,
          line: lineOf(doc, 'jobs'),
          message: `no top-level permissions and jobs ${jobsWithout.map((j) => `"${j}"`).join(', ')} set none: GITHUB_TOKEN gets the repository default, read-write on many repositories; declare "permissions: contents: read" and widen per job`,
        })
      }
    }

    return out
  },
}

export default detector
