import {lstatSync, readFileSync, realpathSync, statSync} from 'node:fs'
import {dirname, isAbsolute, relative} from 'node:path'

import {writeFilesAtomic} from '../../shared/atomic.js'
import {InputError} from '../../shared/errors.js'
import type {ProjectModel} from '../model/index.js'
import type {Finding, TrialSpec} from '../types.js'
import {type FixOptions, type FixTarget, type Plan, PLANNERS} from './edits.js'
import type {FixKind} from './kinds.js'
import {parseYaml, type ParsedYaml, type TextEdit, yamlParses} from './yaml-edit.js'

/**
 * `khaos trial fix`: plan the mechanical fixes for a scan's findings, as minimal text edits per file; render them
 * as a unified diff; write them atomically. A finding no planner can fix is refused with the reason a human is
 * needed. Files are only ever written inside the scanned tree, never through a symlink, and only if they did not
 * change since they were read.
 */

export interface FixOutcome extends FixTarget {
  /** fixed; partial: edits made but part of the finding needs a human; refused: nothing changed. */
  status: 'fixed' | 'partial' | 'refused'
  kind?: FixKind
  /** What the fix does, or why it was refused. */
  detail: string
  /** What changes for the running service (the fix is mechanical, not free). */
  caveat?: string
  /** For a refused pin: the `--pin` key the user can supply. */
  pin?: string
}

export interface FilePatch {
  file: string
  abs: string
  before: string
  after: string
  diff: string
}

export interface FixPlan {
  outcomes: FixOutcome[]
  patches: FilePatch[]
}

export type FixableSpec = Pick<TrialSpec, 'fix' | 'id' | 'remediation'>

export async function planFixes(
  model: ProjectModel,
  findings: Array<Finding & {service?: string; services?: string[]}>,
  specs: FixableSpec[],
  options: FixOptions,
): Promise<FixPlan> {
  const byId = new Map(specs.map((s) => [s.id, s]))
  const parsed = new Map<string, ParsedYaml | undefined>()
  const editsByFile = new Map<string, Array<TextEdit & {outcome: FixOutcome}>>()
  const outcomes: FixOutcome[] = []
  for (const f of findings) {
    const spec = byId.get(f.trial)
    const text = model.text(f.file)
    const target: FixTarget = {evidence: f.evidence, file: f.file, line: f.line, message: f.message, service: f.service, services: f.services, trial: f.trial}
    if (!spec?.fix || spec.fix.length === 0 || text === undefined) continue
    const isYaml = /\.ya?ml$/i.test(f.file)
    if (isYaml && !parsed.has(f.file)) parsed.set(f.file, parseYaml(text))
    let plan: Plan
    let kind: FixKind | undefined
    for (const k of spec.fix) {
      plan = PLANNERS[k]({finding: target, isToml: /\.toml$/i.test(f.file), options, text, yaml: isYaml ? parsed.get(f.file) : undefined})
      if (plan) {
        kind = k
        break
      }
    }

    if (!plan) {
      outcomes.push({...target, detail: `needs a human: no mechanical fix for this case (khaos trial explain ${f.trial} says what to do)`, status: 'refused'})
      continue
    }

    if ('refuse' in plan) {
      outcomes.push({...target, detail: `needs a human: ${plan.refuse}`, kind, pin: plan.pin, status: 'refused'})
      continue
    }

    const outcome: FixOutcome = plan.remains
      ? {...target, caveat: plan.caveat, detail: `${plan.did}; needs a human: ${plan.remains}`, kind, status: 'partial'}
      : {...target, caveat: plan.caveat, detail: plan.did, kind, status: 'fixed'}
    outcomes.push(outcome)
    const list = editsByFile.get(f.file) ?? []
    for (const e of plan.edits) list.push({...e, outcome})
    editsByFile.set(f.file, list)
  }

  const patches: FilePatch[] = []
  const {createTwoFilesPatch} = await import('diff')
  for (const [file, edits] of [...editsByFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const before = model.text(file)!
    const kept = dropOverlaps(edits)
    let after = before
    for (const e of [...kept].sort((a, b) => b.start - a.start || b.end - a.end)) after = after.slice(0, e.start) + e.text + after.slice(e.end)
    if (/\.ya?ml$/i.test(file) && !yamlParses(after)) {
      // A planner produced text that no longer parses: a bug in khaos. Refuse the file rather than write it.
      for (const e of edits)
        Object.assign(e.outcome, {detail: 'needs a human: the edit would not parse as YAML (a khaos bug; please report it)', status: 'refused'})
      continue
    }

    if (after === before) continue
    const abs = model.files.find((p) => p.path === file)!.abs
    const diff = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, '', '', {context: 3})
      .replace(/^=+\n/, '')
      .replace(/([^\n])$/, '$1\n')
    patches.push({abs, after, before, diff, file})
  }

  return {outcomes, patches}
}

/** Identical edits (two findings wanting the same insertion) count once; an edit overlapping another is refused. */
function dropOverlaps(edits: Array<TextEdit & {outcome: FixOutcome}>): Array<TextEdit & {outcome: FixOutcome}> {
  const kept: Array<TextEdit & {outcome: FixOutcome}> = []
  for (const e of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    if (kept.some((k) => k.start === e.start && k.end === e.end && k.text === e.text)) continue
    const clash = kept.find((k) => (e.start < k.end && k.start < e.end) || (e.start === e.end && e.start === k.start && k.start === k.end))
    if (clash) {
      Object.assign(e.outcome, {detail: 'needs a human: overlaps another fix on the same lines; run khaos trial fix again after this one', status: 'refused'})
      continue
    }

    kept.push(e)
  }

  return kept.filter((k) => k.outcome.status !== 'refused')
}

/**
 * Writes the patched files as one atomic step. Refuses (exit 2) a file outside the scanned tree, a symlink, or a
 * file that changed since the scan read it (someone else is editing it); the file's mode is kept.
 */
export function writePatches(root: string, patches: FilePatch[]): void {
  const realRoot = realpathSync(root)
  const base = statSync(realRoot).isDirectory() ? realRoot : dirname(realRoot)
  const writes = patches.map((p) => {
    const st = lstatSync(p.abs)
    if (st.isSymbolicLink()) throw new InputError(`refusing to fix ${p.file}: it is a symbolic link`)
    const rel = relative(base, realpathSync(p.abs))
    if (rel.startsWith('..') || isAbsolute(rel)) throw new InputError(`refusing to fix ${p.file}: it is outside ${root}`)
    if (readFileSync(p.abs, 'utf8').replace(/^\uFEFF/, '') !== p.before)
      throw new InputError(`refusing to fix ${p.file}: it changed since it was scanned; run khaos trial fix again`)
    const bom = readFileSync(p.abs, 'utf8').startsWith('\uFEFF') ? '\uFEFF' : ''
    return {data: bom + p.after, mode: st.mode & 0o7777, overwrite: true, path: p.abs}
  })
  writeFilesAtomic(writes)
}
