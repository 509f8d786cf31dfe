import {statSync} from 'node:fs'

import {writeFileAtomic} from '../shared/atomic.js'
import {InputError} from '../shared/errors.js'
import {resolveTimestamp} from '../shared/time.js'
import {checkMetricsPath, renderExposition} from './exposition.js'
import {drillMetrics, synthesisMetrics, trialMetrics, verifyMetrics, type DrillLike, type SynthesisLike, type TrialLike, type VerifyLike} from './sets.js'

/**
 * `--metrics FILE` on trial run, drill progress, synthesize and verify: the run's numbers as Prometheus text,
 * written atomically (temp file beside it, then rename) so node_exporter's textfile collector never reads half
 * a file. Loaded only when the flag is given.
 */

export type MetricsEvent = 'drill' | 'synthesis' | 'trial' | 'verify'

export function renderMetrics(event: MetricsEvent, result: unknown): string {
  switch (event) {
    case 'trial':
      return renderExposition(trialMetrics(result as TrialLike))
    case 'drill':
      return renderExposition(drillMetrics(result as DrillLike))
    case 'synthesis':
      return renderExposition(synthesisMetrics(result as SynthesisLike))
    default:
      return renderExposition(verifyMetrics(result as VerifyLike, resolveTimestamp(undefined).iso))
  }
}

export function writeMetrics(file: string, event: MetricsEvent, result: unknown): void {
  checkMetricsPath(file)
  let isDir = false
  try {
    isDir = statSync(file).isDirectory()
  } catch {
    // Not there yet: written fresh.
  }

  if (isDir) throw new InputError(`--metrics ${file}: is a directory; give a file such as ${file.replace(/\/$/, '')}/khaos_${event}.prom`)
  writeFileAtomic(file, renderMetrics(event, result), {overwrite: true})
  if (!file.endsWith('.prom')) process.stderr.write(`warning: node_exporter's textfile collector reads only *.prom files; ${file} will be ignored there\n`)
}
