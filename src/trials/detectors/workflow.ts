/** GitHub Actions helpers shared by F31, F32 and F36: triggers, jobs, steps with their lines. */
import type {ProjectModel} from '../model/index.js'
import {isRecord, lineOf, str, type YamlValue} from '../model/yaml.js'

export interface Step {
  file: string
  job: string
  index: number
  step: {[key: string]: YamlValue}
  /** Line of the step's first key. */
  line: number
  name: string
}

export interface Workflow {
  path: string
  doc: {[key: string]: YamlValue}
  triggers: Set<string>
  jobs: Array<{id: string; job: {[key: string]: YamlValue}; line: number}>
}

/** Event names a workflow runs on (`on: push`, `on: [push, pull_request]`, `on: {issues: …}`). */
export function triggersOf(doc: {[key: string]: YamlValue}): Set<string> {
  // YAML 1.1 parsers read a bare `on` as true; the model uses YAML 1.2, where it stays a string.
  const on = doc.on ?? doc.true ?? doc.On
  if (typeof on === 'string') return new Set([on])
  if (Array.isArray(on)) return new Set(on.map((v) => str(v) ?? '').filter(Boolean))
  if (isRecord(on)) return new Set(Object.keys(on))
  return new Set()
}

export function workflowsOf(model: ProjectModel): Workflow[] {
  const out: Workflow[] = []
  for (const w of model.workflows) {
    const doc = w.docs[0]
    if (!isRecord(doc)) continue
    const jobs = isRecord(doc.jobs) ? doc.jobs : {}
    out.push({
      doc,
      jobs: Object.entries(jobs)
        .filter(([, j]) => isRecord(j))
        .map(([id, j]) => ({id, job: j as {[key: string]: YamlValue}, line: lineOf(jobs, id)})),
      path: w.path,
      triggers: triggersOf(doc),
    })
  }

  return out
}

export function stepsOf(w: Workflow): Step[] {
  const out: Step[] = []
  for (const {id, job} of w.jobs) {
    if (!Array.isArray(job.steps)) continue
    job.steps.forEach((s, index) => {
      if (!isRecord(s)) return
      out.push({file: w.path, index, job: id, line: lineOf(job.steps, index), name: str(s.name) ?? str(s.id) ?? `step ${index + 1}`, step: s})
    })
  }

  return out
}

/** Composite actions defined in the repository (`action.yml` with `runs.using: composite`): their steps. */
export function compositeSteps(model: ProjectModel): Step[] {
  const out: Step[] = []
  for (const y of model.yamlFiles) {
    if (!/(^|\/)action\.ya?ml$/.test(y.path)) continue
    const doc = y.docs[0]
    const runs = isRecord(doc) ? doc.runs : undefined
    if (!isRecord(runs) || str(runs.using) !== 'composite' || !Array.isArray(runs.steps)) continue
    runs.steps.forEach((s, index) => {
      if (isRecord(s))
        out.push({file: y.path, index, job: '(composite action)', line: lineOf(runs.steps, index), name: str(s.name) ?? `step ${index + 1}`, step: s})
    })
  }

  return out
}

/** 1-based line of the first occurrence of `needle` at or after `fromLine` in `text`. */
export function lineOfText(text: string | undefined, needle: string, fromLine: number): number {
  if (text === undefined) return fromLine
  const lines = text.split(/\r?\n/)
  for (let i = Math.max(0, fromLine - 1); i < lines.length; i++) if (lines[i].includes(needle)) return i + 1
  return fromLine
}

/** `${{ … }}` expressions in a string, in order. */
export function expressions(value: string): string[] {
  return [...value.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[0])
}

/** Event fields an outsider controls (titles, bodies, branch names, commit messages …). */
export const UNTRUSTED =
  /\bgithub\.(?:event\.(?:issue\.(?:title|body)|pull_request\.(?:title|body|head\.ref|head\.label|head\.repo\.default_branch)|comment\.body|review\.body|review_comment\.body|pages\b[^}]*\.page_name|commits\b[^}]*\.(?:message|author\.(?:email|name))|head_commit\.(?:message|author\.(?:email|name))|discussion\.(?:title|body)|workflow_run\.(?:head_branch|display_title|head_commit\.(?:message|author\.(?:email|name)))|release\.(?:name|body))|head_ref)\b/

/** A job/step condition that keeps forks out: same-repository PRs only. */
export const SAME_REPO_GUARD =
  /pull_request\.head\.repo\.full_name\s*==\s*github\.repository\b|github\.repository\s*==\s*github\.event\.pull_request\.head\.repo\.full_name|pull_request\.head\.repo\.fork\s*==\s*false|!\s*github\.event\.pull_request\.head\.repo\.fork\b/

/** The `if:` conditions that apply to a step (its job's and its own). */
export function conditionsOf(w: Workflow, s: Step): string[] {
  const job = w.jobs.find((j) => j.id === s.job)?.job
  return [str(job?.if), str(s.step.if)].filter((x): x is string => x !== undefined)
}
