import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join, resolve} from 'node:path'

import {initGit, prepareFixture} from './fixtures.js'
import {buildModel} from './model/index.js'
import type {Trial} from './registry.js'
import {scan} from './runner.js'

/**
 * `khaos trial simulate`: the failure-mode "simulation" made real. For each trial:
 * 1. quiet check: the detector gives no finding on the trial's fixed/ fixture;
 * 2. fire check, in the first way that applies:
 *    - `target`: the trial's `simulate.service` keys are injected into the first compose service of a copy
 *      of the target; the detector must report a finding that the un-injected copy did not have;
 *    - `overlay`: the trial's vulnerable/ fixture is copied into a subfolder of a copy of the target (when the
 *      target lacks the part the trial needs); the detector must fire inside that subfolder;
 *    - `fixture` (no target given): the detector must fire at every `expect`ed file:line of vulnerable/.
 * A defence is verified when both checks pass.
 */

export interface SimulationOutcome {
  trial: string
  title: string
  method: 'fixture' | 'overlay' | 'target'
  fired: boolean
  quietOnFixed: boolean
  verified: boolean
  detail: string
}

const COPY_SKIP = new Set(['node_modules', '.git', 'moc_trial_results'])

function copyTarget(target: string): {cleanup: () => void; path: string} {
  const path = mkdtempSync(join(tmpdir(), 'khaos-sim-'))
  const cleanup = () => rmSync(path, {force: true, recursive: true})
  try {
    cpSync(target, path, {filter: (src) => !COPY_SKIP.has(basename(src)), recursive: true, verbatimSymlinks: true})
  } catch (error) {
    cleanup()
    throw error
  }

  return {cleanup, path}
}

async function injectIntoCompose(copy: string, service: Record<string, unknown>): Promise<string | undefined> {
  const model = buildModel(copy)
  const project = model.composeProjects.find((p) => p.services.length > 0)
  if (!project) return undefined
  const file = project.files[0]
  const svc = project.services.find((s) => s.file === file)
  if (!svc) return undefined
  const {isMap, isSeq, parseDocument} = await import('yaml')
  const abs = join(copy, file)
  const doc = parseDocument(readFileSync(abs, 'utf8'))
  const node = doc.getIn(['services', svc.name], true)
  if (!isMap(node)) return undefined
  for (const [key, value] of Object.entries(service)) {
    const current = node.get(key, true)
    if (Array.isArray(value) && isSeq(current)) for (const item of value) current.add(doc.createNode(item))
    else if (Array.isArray(value) && isMap(current) && key === 'environment') {
      for (const item of value) {
        const [k, ...v] = String(item).split('=')
        current.set(k, v.join('='))
      }
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && isMap(current)) {
      for (const [k, v] of Object.entries(value)) current.set(k, doc.createNode(v))
    } else {
      node.set(key, doc.createNode(value))
    }
  }

  writeFileSync(abs, doc.toString())
  return `${file} (service ${svc.name})`
}

export async function simulateTrial(trial: Trial, target?: string): Promise<SimulationOutcome> {
  const {spec} = trial
  const base = {title: spec.title, trial: spec.id}
  const fixed = prepareFixture(spec, 'fixed')
  let quietOnFixed: boolean
  try {
    const r = await scan(fixed.path, [trial])
    quietOnFixed = r.errors.length === 0 && !r.findings.some((f) => f.trial === spec.id)
  } finally {
    fixed.cleanup()
  }

  if (target === undefined) {
    const vulnerable = prepareFixture(spec, 'vulnerable')
    try {
      const r = await scan(vulnerable.path, [trial])
      const got = new Set(r.findings.filter((f) => f.trial === spec.id).map((f) => `${f.file}:${f.line}`))
      const missing = spec.fixtures.expect.filter((e) => !got.has(`${e.file}:${e.line}`)).map((e) => `${e.file}:${e.line}`)
      const fired = missing.length === 0 && got.size > 0
      return {...base, detail: fired ? `fired at ${[...got].sort().join(', ')}` : `missed ${missing.join(', ') || 'everything'}`, fired, method: 'fixture', quietOnFixed, verified: fired && quietOnFixed}
    } finally {
      vulnerable.cleanup()
    }
  }

  const copy = copyTarget(resolve(target))
  try {
    if (spec.simulate?.service) {
      if (spec.fixtures.git) initGit(copy.path, spec.fixtures.git === 'commit')
      const before = new Set((await scan(copy.path, [trial])).findings.filter((f) => f.trial === spec.id).map((f) => f.fingerprint))
      const where = await injectIntoCompose(copy.path, spec.simulate.service)
      if (where) {
        const after = (await scan(copy.path, [trial])).findings.filter((f) => f.trial === spec.id && !before.has(f.fingerprint))
        const fired = after.length > 0
        return {...base, detail: fired ? `injected into ${where}: fired at ${after.map((f) => `${f.file}:${f.line}`).join(', ')}` : `injected into ${where}: no new finding`, fired, method: 'target', quietOnFixed, verified: fired && quietOnFixed}
      }
    }

    // The target lacks the part this trial needs (or the trial has no injection): overlay its vulnerable fixture.
    const sub = `khaos-simulated-${spec.id}`
    cpSync(join(spec.dir, 'vulnerable'), join(copy.path, sub), {recursive: true})
    if (spec.fixtures.git) {
      rmSync(join(copy.path, '.git'), {force: true, recursive: true})
      initGit(copy.path, spec.fixtures.git === 'commit')
    }

    const r = await scan(copy.path, [trial])
    const hits = r.findings.filter((f) => f.trial === spec.id && f.file.startsWith(`${sub}/`))
    const fired = hits.length > 0
    return {...base, detail: fired ? `overlaid vulnerable/ into ${sub}/: fired at ${hits.map((f) => `${f.file}:${f.line}`).slice(0, 3).join(', ')}` : `overlaid vulnerable/ into ${sub}/: no finding`, fired, method: 'overlay', quietOnFixed, verified: fired && quietOnFixed}
  } finally {
    copy.cleanup()
  }
}
