// F31, 'Workflow injection: untrusted event fields in run:, pull_request_target checking out PR code': the detector of trials/F31-workflow-injection/trial.yaml.
import {isRecord, lineOf, str, type YamlValue} from '../model/yaml.js'
import type {Detector, RawFinding} from '../types.js'
import {compositeSteps, conditionsOf, expressions, lineOfText, SAME_REPO_GUARD, stepsOf, UNTRUSTED, workflowsOf, type Step} from './workflow.js'

// Triggers that run with the base repository's token and secrets while the event comes from a fork.
const PRIVILEGED_TRIGGERS = ['pull_request_target', 'workflow_run']
// Refs that name the pull request's (untrusted) code.
const PR_HEAD =
  /github\.event\.pull_request\.(head\.(sha|ref)|merge_commit_sha)|github\.head_ref|github\.event\.workflow_run\.(head_sha|head_branch)|refs\/pull\/|github\.event\.number|pull_request\.head\.repo\.full_name/

// Contexts outside the event payload that can still carry outside text: inputs, step and job outputs, dispatch inputs.
const INDIRECT = /\b(inputs|github\.event\.inputs|steps\.[\w-]+\.outputs|needs\.[\w-]+\.outputs)\.([\w-]+)/

/** Inputs of workflow_dispatch/workflow_call typed boolean, number or choice: they cannot carry shell syntax. */
function typedInputs(doc: {[key: string]: YamlValue}): Set<string> {
  const out = new Set<string>()
  const on = doc.on ?? doc.true
  if (!isRecord(on)) return out
  for (const event of ['workflow_dispatch', 'workflow_call']) {
    const inputs = isRecord(on[event]) ? (on[event] as {[key: string]: YamlValue}).inputs : undefined
    if (!isRecord(inputs)) continue
    for (const [name, def] of Object.entries(inputs))
      if (isRecord(def) && ['boolean', 'number', 'choice', 'environment'].includes(str(def.type) ?? '')) out.add(name)
  }

  return out
}

/** A job that is kept away from forks, or that runs no code of its own (only actions, no PR checkout): e.g. a labeler. */
function runsNoForeignCode(job: {[key: string]: YamlValue}): boolean {
  if (SAME_REPO_GUARD.test(str(job.if) ?? '')) return true
  if (!Array.isArray(job.steps)) return job.uses === undefined
  return job.steps.every(
    (step) => isRecord(step) && step.run === undefined && !(isRecord(step.with) && Object.values(step.with).some((v) => PR_HEAD.test(str(v) ?? ''))),
  )
}

function triggerLine(doc: {[key: string]: YamlValue}, trigger: string): number {
  const on = doc.on ?? doc.true
  if (isRecord(on)) return lineOf(on, trigger)
  if (Array.isArray(on)) return lineOf(on, on.indexOf(trigger))
  return lineOf(doc, 'on')
}

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    const injection = (s: Step, key: 'run' | 'script', value: string) => {
      const keyLine = key === 'run' ? lineOf(s.step, 'run') : lineOf(s.step.with, 'script')
      let cursor = keyLine
      for (const expr of expressions(value)) {
        const field = UNTRUSTED.exec(expr)
        if (!field) {
          // Outside the event payload: values a caller, an earlier step or a job passes in. Not attacker text by
          // definition, but often derived from it (a PR title in a step output, a free-text dispatch input).
          const indirect = INDIRECT.exec(expr)
          if (!indirect || (indirect[1] === 'inputs' && fixedInputs.has(indirect[2]))) continue
          cursor = lineOfText(model.text(s.file), expr, cursor)
          out.push({
            evidence: `${s.job}: ${expr.replace(/\s+/g, ' ')} in ${key === 'run' ? 'run:' : 'github-script'}`,
            file: s.file,
            line: cursor,
            message: `${indirect[0]} is expanded into the ${key === 'run' ? 'shell script' : 'JavaScript'} of "${s.name}" before it runs; it can carry text from outside (a free-text input, a step output built from an issue or branch name): pass it through env: and quote it`,
            // A free-text input is outside text as it stands; an output is only as tainted as what built it.
            severity: /outputs$/.test(indirect[1]) ? 'low' : 'medium',
          })
          continue
        }
        cursor = lineOfText(model.text(s.file), expr, cursor)
        out.push({
          evidence: `${s.job}: ${expr.replace(/\s+/g, ' ')} in ${key === 'run' ? 'run:' : 'github-script'}`,
          file: s.file,
          line: cursor,
          message: `${field[0]} is attacker-controlled and is pasted into the ${key === 'run' ? 'shell script' : 'JavaScript'} of "${s.name}" before it runs: pass it through env: and quote it`,
        })
      }
    }

    const check = (steps: Step[]) => {
      for (const s of steps) {
        const run = str(s.step.run)
        if (run !== undefined) injection(s, 'run', run)
        const uses = str(s.step.uses) ?? ''
        const script = isRecord(s.step.with) ? str(s.step.with.script) : undefined
        if (/^actions\/github-script@/i.test(uses) && script !== undefined) injection(s, 'script', script)
      }
    }

    let fixedInputs = new Set<string>()
    for (const w of workflowsOf(model)) {
      const steps = stepsOf(w)
      fixedInputs = typedInputs(w.doc)
      check(steps)
      for (const trigger of PRIVILEGED_TRIGGERS) {
        if (!w.triggers.has(trigger) || w.jobs.every((j) => runsNoForeignCode(j.job))) continue
        out.push({
          evidence: `on: ${trigger}`,
          file: w.path,
          line: triggerLine(w.doc, trigger),
          message: `${trigger} runs with the base repository's token and secrets on events a fork can cause; it is almost always used insecurely (zizmor's dangerous-triggers): prefer pull_request, or keep forks out with a same-repository condition on every job`,
          severity: 'medium',
        })
      }

      const trigger = PRIVILEGED_TRIGGERS.find((t) => w.triggers.has(t))
      if (!trigger) continue
      for (const s of steps) {
        // Forks excluded by the job/step condition: only the repository's own writers open such PRs.
        if (conditionsOf(w, s).some((c) => SAME_REPO_GUARD.test(c))) continue
        const uses = str(s.step.uses) ?? ''
        const withs = isRecord(s.step.with) ? s.step.with : {}
        if (/^actions\/checkout@/i.test(uses)) {
          for (const key of ['ref', 'repository']) {
            const v = str(withs[key])
            if (v === undefined || !PR_HEAD.test(v)) continue
            out.push({
              evidence: `${s.job}: ${trigger} checks out ${key}=${v.replace(/\s+/g, ' ')}`,
              file: s.file,
              line: lineOf(withs, key),
              message: `${trigger} runs with the base repository's token and secrets, and "${s.name}" checks out the pull request's code: the fork's build scripts run privileged`,
            })
          }
        }

        const run = str(s.step.run)
        if (run !== undefined && /\bgh\s+pr\s+checkout\b|\bgit\s+(fetch|checkout|pull)\b[^\n]*(pull\/|refs\/pull|head\.sha|head_ref)/.test(run)) {
          out.push({
            evidence: `${s.job}: ${trigger} fetches the pull request's code in run:`,
            file: s.file,
            line: lineOf(s.step, 'run'),
            message: `${trigger} runs privileged and "${s.name}" fetches the pull request's code into the workspace`,
          })
        }
      }
    }

    fixedInputs = new Set()
    check(compositeSteps(model))
    return out
  },
}

export default detector
