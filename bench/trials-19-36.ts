/**
 * Cost of trials F19-F36 on a generated 5,000-file tree (500 stacks built from the trials' own vulnerable
 * fixtures: compose, Prometheus/Alertmanager/Grafana configs, Dockerfiles, workflows, scripts, bot sources),
 * as ratios against the reference measured in the same run: reading and parsing the tree into the shared model.
 *   node --import tsx bench/trials-19-36.ts [stacks=500]
 */
import {cpSync, mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {buildModel} from '../src/trials/model/index.js'
import {loadTrials} from '../src/trials/registry.js'

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..')
const stacks = Number(process.argv[2] ?? 500)
const trials = (await loadTrials(ROOT)).filter((t) => t.spec.number >= 19 && t.spec.number <= 36)

function countFiles(dir: string): number {
  return readdirSync(dir).reduce((n, e) => n + (statSync(join(dir, e)).isDirectory() ? countFiles(join(dir, e)) : 1), 0)
}

// Each stack is a copy of one trial's vulnerable/ fixture, cycling through F19-F36, topped up to 10 files.
const tree = mkdtempSync(join(tmpdir(), 'khaos-bench-1936-'))
try {
  for (let i = 0; i < stacks; i++) {
    const trial = trials[i % trials.length]
    const dest = join(tree, `stack${String(i).padStart(4, '0')}`)
    cpSync(join(trial.spec.dir, 'vulnerable'), dest, {recursive: true})
    const other = trials[(i + 7) % trials.length]
    cpSync(join(other.spec.dir, 'vulnerable'), join(dest, 'extra'), {recursive: true})
    cpSync(join(trials[(i + 11) % trials.length].spec.dir, 'vulnerable'), join(dest, 'more'), {recursive: true})
  }

  const files = countFiles(tree)
  const time = (fn: () => void) => {
    const start = performance.now()
    fn()
    return performance.now() - start
  }

  // Reference: discovery + every parsed view the detectors use, built once.
  let model = buildModel(tree)
  const reference = time(() => {
    model = buildModel(tree)
    void model.services
    void model.traefik
    void model.dockerfiles
    void model.workflows
    void model.envFiles
    void model.git
  })
  const perTrial = trials.map((t) => ({id: t.spec.id, ms: time(() => t.detector.detect(model))}))
  const total = perTrial.reduce((n, t) => n + t.ms, 0)
  console.log(`tree: ${stacks} stacks, ${files} files`)
  console.log(`reference (read + parse the model): ${reference.toFixed(0)} ms`)
  console.log(`F19-F36 detectors together: ${total.toFixed(0)} ms = ${(total / reference).toFixed(2)}x the reference`)
  for (const t of perTrial.sort((a, b) => b.ms - a.ms)) console.log(`  ${t.id.padEnd(4)} ${(t.ms / reference).toFixed(3)}x`)
} finally {
  rmSync(tree, {force: true, recursive: true})
}
