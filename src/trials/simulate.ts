import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'

import {initGit, prepareFixture} from './fixtures.js'
import {discoverFiles} from './model/files.js'
import {buildModel} from './model/index.js'
import type {Trial} from './registry.js'
import {scan} from './runner.js'

/**
 * `khaos trial simulate`: the failure-mode "simulation" made real. For each trial:
 * 1. quiet check: the detector gives no finding on the trial's fixed/ fixture;
 * 2. fire check, in the first way that applies:
 *    - `target`: the trial's `simulate.service` keys are injected into the first compose service of a copy
 *      of the target; the detector must report a finding that the un-injected copy did not have;
 *    - `fixed`: the same injection into a copy of the trial's fixed/ fixture, when the target has no compose service;
 *    - `overlay`: the trial's vulnerable/ fixture is copied into a subfolder of a copy of the target (when the
 *      target lacks the part the trial needs); the detector must fire inside that subfolder;
 *    - `fixture` (no target given): the detector must fire at every `expect`ed file:line of vulnerable/.
 * A defence is verified when both checks pass.
 */

export interface SimulationOutcome {
  trial: string
  title: string
  method: 'fixed' | 'fixture' | 'overlay' | 'target'
  fired: boolean
  /** The target already shows this flaw before any injection (the detector fired on it as it is). */
  alreadyPresent?: boolean
  quietOnFixed: boolean
  verified: boolean
  detail: string
}

/**
 * A scratch copy of what the trials read in `target`, and only that: the files a scan discovers (regular,
 * text, under the scan's size cap, symlinks inside the tree resolved; .git, node_modules, FIFOs, devices and
 * huge files left out), written as plain files. A 1 GB file or a FIFO in the tree costs nothing and blocks nothing.
 */
export function copyScannable(target: string): {cleanup: () => void; path: string; skipped: number} {
  const {files, skipped} = discoverFiles(target)
  const path = mkdtempSync(join(tmpdir(), 'khaos-sim-'))
  const cleanup = () => rmSync(path, {force: true, recursive: true})
  try {
    for (const file of files) {
      const dest = join(path, ...file.path.split('/'))
      mkdirSync(dirname(dest), {recursive: true})
      writeFileSync(dest, file.text)
    }
  } catch (error) {
    cleanup()
    throw error
  }

  return {cleanup, path, skipped: skipped.length}
}

function copyTarget(target: string): {cleanup: () => void; path: string} {
  return copyScannable(target)
}

/** Compose services of the copy that an injection can target: the first project's first file, in order. */
function injectionTargets(copy: string): {file: string; services: string[]} | undefined {
  const model = buildModel(copy)
  const project = model.composeProjects.find((p) => p.services.length > 0)
  if (!project) return undefined
  const file = project.files[0]
  const services = project.services.filter((s) => s.file === file).map((s) => s.name)
  return services.length > 0 ? {file, services} : undefined
}

async function injectIntoService(abs: string, original: string, serviceName: string, service: Record<string, unknown>): Promise<boolean> {
  const {isMap, isSeq, parseDocument} = await import('yaml')
  const doc = parseDocument(original)
  const node = doc.getIn(['services', serviceName], true)
  if (!isMap(node)) return false
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
  return true
}

/**
 * Injects the trial's `simulate.service` into the copy at `path`, one service at a time (the first service may
 * be exempt, e.g. a socket proxy for F2) until the detector reports a finding the copy did not have.
 * Undefined when the copy has no compose service.
 */
async function injectAndScan(trial: Trial, path: string): Promise<{alreadyPresent?: boolean; detail: string; fired: boolean} | undefined> {
  const {spec} = trial
  if (spec.fixtures.git) initGit(path, spec.fixtures.git === 'commit')
  const targets = injectionTargets(path)
  if (!targets) return undefined
  const present = (await scan(path, [trial])).findings.filter((f) => f.trial === spec.id)
  if (present.length > 0) {
    // The stack already has this flaw: the detector is seen to fire on the real thing; injecting more proves nothing.
    const where = present
      .slice(0, 3)
      .map((f) => `${f.file}:${f.line}`)
      .join(', ')
    return {
      alreadyPresent: true,
      detail: `the flaw is already present in the target: the detector reports it at ${where}${present.length > 3 ? ', …' : ''} (nothing injected)`,
      fired: true,
    }
  }

  const before = new Set(present.map((f) => f.fingerprint))
  const abs = join(path, targets.file)
  const original = readFileSync(abs, 'utf8')
  const tried: string[] = []
  for (const name of targets.services.slice(0, 10)) {
    if (!(await injectIntoService(abs, original, name, spec.simulate!.service!))) continue
    tried.push(name)
    const after = (await scan(path, [trial])).findings.filter((f) => f.trial === spec.id && !before.has(f.fingerprint))
    if (after.length > 0)
      return {detail: `injected into ${targets.file} (service ${name}): fired at ${after.map((f) => `${f.file}:${f.line}`).join(', ')}`, fired: true}
  }

  writeFileSync(abs, original)
  return {detail: `injected into ${targets.file} (services ${tried.join(', ')}): no new finding`, fired: false}
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
      return {
        ...base,
        detail: fired ? `fired at ${[...got].sort().join(', ')}` : `missed ${missing.join(', ') || 'everything'}`,
        fired,
        method: 'fixture',
        quietOnFixed,
        verified: fired && quietOnFixed,
      }
    } finally {
      vulnerable.cleanup()
    }
  }

  const copy = copyTarget(resolve(target))
  try {
    if (spec.simulate?.service) {
      const injected = await injectAndScan(trial, copy.path)
      if (injected) return {...base, ...injected, method: 'target', quietOnFixed, verified: injected.fired && quietOnFixed}
      // The target has no compose service to inject into: inject into a copy of the trial's fixed/ fixture.
      const fixedCopy = copyTarget(join(spec.dir, 'fixed'))
      try {
        const onFixed = await injectAndScan(trial, fixedCopy.path)
        if (onFixed)
          return {
            ...base,
            ...onFixed,
            detail: `target has no compose service; fixed/ ${onFixed.detail}`,
            method: 'fixed',
            quietOnFixed,
            verified: onFixed.fired && quietOnFixed,
          }
      } finally {
        fixedCopy.cleanup()
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
    return {
      ...base,
      detail: fired
        ? `overlaid vulnerable/ into ${sub}/: fired at ${hits
            .map((f) => `${f.file}:${f.line}`)
            .slice(0, 3)
            .join(', ')}`
        : `overlaid vulnerable/ into ${sub}/: no finding`,
      fired,
      method: 'overlay',
      quietOnFixed,
      verified: fired && quietOnFixed,
    }
  } finally {
    copy.cleanup()
  }
}
