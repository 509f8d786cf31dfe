import {KhaosError} from '../shared/errors.js'
import {loadTrialSpecs} from './spec.js'
import {FAMILIES, type Detector, type FamilyId, type TrialSpec} from './types.js'

/**
 * The registry pairs each trial's data (trials/FNN-slug/trial.yaml) with its detector module
 * (src/trials/detectors/NN-slug.ts, default export, named like the drills' modules). Modules are found by the
 * trial's number and slug, so adding a trial touches no shared list: a trial.yaml without a detector module is an
 * error, never a silent skip.
 */

export interface Trial {
  spec: TrialSpec
  detector: Detector
}

function detectorModuleName(spec: Pick<TrialSpec, 'number' | 'slug'>): string {
  return `${String(spec.number).padStart(2, '0')}-${spec.slug}`
}

export async function loadTrials(packageRoot: string, cacheDir?: string): Promise<Trial[]> {
  const specs = await loadTrialSpecs(packageRoot, cacheDir)
  return Promise.all(
    specs.map(async (spec) => {
      const name = detectorModuleName(spec)
      let mod: {default?: Detector}
      try {
        mod = (await import(`./detectors/${name}.js`)) as {default?: Detector}
      } catch (error) {
        throw new KhaosError(`trial ${spec.id}: detector module src/trials/detectors/${name}.ts cannot be loaded (${(error as Error).message.split('\n')[0]})`)
      }

      if (!mod.default || typeof mod.default.detect !== 'function')
        throw new KhaosError(`trial ${spec.id}: src/trials/detectors/${name}.ts has no default export {detect(model)}`)
      return {detector: mod.default, spec}
    }),
  )
}

/** Resolves `--family` values: a family id (network, identity, observability, workspace) or a prefix of its name. */
function resolveFamily(value: string): FamilyId {
  const v = value.trim().toLowerCase()
  for (const [id, name] of Object.entries(FAMILIES) as Array<[FamilyId, string]>) {
    if (id === v || name.toLowerCase() === v || (v.length >= 3 && (id.startsWith(v) || name.toLowerCase().startsWith(v)))) return id
  }

  throw new KhaosError(`unknown family ${JSON.stringify(value)}: use one of ${Object.keys(FAMILIES).join(', ')}`)
}

/** Selects trials by `--only F2,F7` and `--family`; unknown ids are an input error. */
export function selectTrials<T extends {spec: TrialSpec}>(trials: T[], options: {family?: string[]; only?: string[]}): T[] {
  let out = trials
  if (options.only && options.only.length > 0) {
    const wanted = options.only
      .flatMap((s) => s.split(','))
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean)
      .map((s) => (/^F0*\d+$/.test(s) ? `F${Number(s.slice(1))}` : s))
    const known = new Set(trials.map((t) => t.spec.id))
    const unknown = wanted.filter((w) => !known.has(w))
    if (unknown.length > 0) throw new KhaosError(`unknown trial ${unknown.join(', ')}: see \`khaos trial list\``)
    out = out.filter((t) => wanted.includes(t.spec.id))
  }

  if (options.family && options.family.length > 0) {
    const families = new Set(
      options.family
        .flatMap((s) => s.split(','))
        .filter((s) => s.trim() !== '')
        .map(resolveFamily),
    )
    out = out.filter((t) => families.has(t.spec.family))
  }

  return out
}
