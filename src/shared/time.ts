import {InputError} from './errors.js'

export interface ResolvedTime {
  /** ISO 8601, UTC, second precision: `2026-11-21T10:00:00Z`. */
  iso: string
  /** Where the time came from: an explicit flag, SOURCE_DATE_EPOCH (reproducible builds), or the clock. */
  source: 'flag' | 'SOURCE_DATE_EPOCH' | 'clock'
}

function toIso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * Date rolls 2026-02-30 over to March 2 and accepts hour 24; a timestamp that names a day or time that does
 * not exist is refused instead. Checks each field of the string as written (before any zone offset).
 */
function fieldsInRange(iso: string): boolean {
  const [, y, mo, d, h, mi, s, oh, om] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/.exec(iso)!.map(Number)
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  return (
    mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth && h <= 23 && mi <= 59 && (Number.isNaN(s) || s <= 59) && (Number.isNaN(oh) || (oh <= 23 && om <= 59))
  )
}

/**
 * The one clock every artifact uses. `--timestamp` wins, then SOURCE_DATE_EPOCH, then the system clock;
 * the first two make output byte-identical across runs.
 */
export function resolveTimestamp(flag?: string, env: NodeJS.ProcessEnv = process.env): ResolvedTime {
  if (flag !== undefined) {
    // Only full ISO 8601 date-times with a zone: a bare date or local time would make output depend on TZ.
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(flag)) {
      throw new InputError(`invalid --timestamp ${JSON.stringify(flag)}: use ISO 8601 with a zone, e.g. 2026-01-31T12:00:00Z`)
    }

    const date = new Date(flag)
    if (Number.isNaN(date.getTime()) || !fieldsInRange(flag)) throw new InputError(`invalid --timestamp ${JSON.stringify(flag)}: not a real date and time`)
    return {iso: toIso(date), source: 'flag'}
  }

  const epoch = env.SOURCE_DATE_EPOCH
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d{1,12}$/.test(epoch)) throw new InputError(`invalid SOURCE_DATE_EPOCH ${JSON.stringify(epoch)}: use whole seconds since 1970`)
    return {iso: toIso(new Date(Number(epoch) * 1000)), source: 'SOURCE_DATE_EPOCH'}
  }

  return {iso: toIso(new Date()), source: 'clock'}
}
