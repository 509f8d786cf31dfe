import {isRecord, lineOf, str} from '../model/yaml.js'
import type {Detector, RawFinding} from '../types.js'
import {compositeSteps, conditionsOf, expressions, lineOfText, SAME_REPO_GUARD, stepsOf, UNTRUSTED, workflowsOf, type Step} from './workflow.js'

// Triggers that run with the base repository's token and secrets while the event comes from a fork.
const PRIVILEGED_TRIGGERS = ['pull_request_target', 'workflow_run']
// Refs that name the pull request's (untrusted) code.
const PR_HEAD = /github\.event\.pull_request\.(head\.(sha|ref)|merge_commit_sha)|github\.head_ref|github\.event\.workflow_run\.(head_sha|head_branch)|refs\/pull\/|github\.event\.number|pull_request\.head\.repo\.full_name/

export const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    const injection = (s: Step, key: 'run' | 'script', value: string) => {
      const keyLine = key === 'run' ? lineOf(s.step, 'run') : lineOf(s.step.with, 'script')
      let cursor = keyLine
      for (const expr of expressions(value)) {
        const field = UNTRUSTED.exec(expr)
        if (!field) continue
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

    for (const w of workflowsOf(model)) {
      const steps = stepsOf(w)
      check(steps)
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

    check(compositeSteps(model))
    return out
  },
}
