/**
 * Readers for the evidence files gates look at: coverage (lcov, Cobertura XML) and numbers (JSON paths,
 * Prometheus text series). Each returns a value or a reason in words; none throws on odd input.
 */

export type Read<T> = {ok: true; value: T} | {ok: false; reason: string}

/** Line coverage from an lcov tracefile: the sum of LH over the sum of LF, in percent. */
export function lcovCoverage(text: string): Read<{percent: number; found: number; hit: number}> {
  let found = 0
  let hit = 0
  let records = 0
  for (const line of text.split(/\r?\n/)) {
    const m = /^(LF|LH):(\d+)\s*$/.exec(line)
    if (!m) continue
    if (m[1] === 'LF') {
      found += Number(m[2])
      records++
    } else hit += Number(m[2])
  }

  if (records === 0) return {ok: false, reason: 'no LF/LH lines: not an lcov tracefile'}
  if (hit > found) return {ok: false, reason: `lcov says ${hit} lines hit of ${found}: inconsistent`}
  return {ok: true, value: {found, hit, percent: found === 0 ? 100 : (hit / found) * 100}}
}

/** Line coverage from a Cobertura XML report's root element: lines-covered/lines-valid, else line-rate. */
export function coberturaCoverage(text: string): Read<{percent: number; found?: number; hit?: number}> {
  // Only the root element's attributes are read, with a regular expression: no XML parser, so no entity expansion.
  if (/<!ENTITY/i.test(text)) return {ok: false, reason: 'the XML declares entities; refused'}
  const root = /<coverage\b([^>]*)>/.exec(text)
  if (!root) return {ok: false, reason: 'no <coverage> element: not a Cobertura report'}
  const attr = (name: string) => {
    const m = new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`).exec(root[1])
    return m ? Number(m[1]) : undefined
  }

  const valid = attr('lines-valid')
  const covered = attr('lines-covered')
  if (valid !== undefined && covered !== undefined && Number.isFinite(valid) && Number.isFinite(covered) && valid >= 0 && covered >= 0 && covered <= valid) {
    return {ok: true, value: {found: valid, hit: covered, percent: valid === 0 ? 100 : (covered / valid) * 100}}
  }

  const rate = attr('line-rate')
  if (rate !== undefined && Number.isFinite(rate) && rate >= 0 && rate <= 1) return {ok: true, value: {percent: rate * 100}}
  return {ok: false, reason: 'the <coverage> element has neither lines-valid/lines-covered nor a line-rate between 0 and 1'}
}

/** A number at a dotted path in JSON: `cost.usd`, `latency.p95`, `services[0].confidence`. */
export function jsonNumber(data: unknown, path: string): Read<number> {
  const steps = path.match(/[^.[\]]+|\[\d+\]/g) ?? []
  let value: unknown = data
  for (const step of steps) {
    const index = /^\[(\d+)\]$/.exec(step)
    if (index) value = Array.isArray(value) ? value[Number(index[1])] : undefined
    else value = value !== null && typeof value === 'object' && Object.hasOwn(value, step) ? (value as Record<string, unknown>)[step] : undefined
    if (value === undefined) return {ok: false, reason: `no value at ${path}`}
  }

  if (typeof value === 'number' && Number.isFinite(value)) return {ok: true, value}
  if (typeof value === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value.trim())) return {ok: true, value: Number(value)}
  return {ok: false, reason: `the value at ${path} is not a number`}
}

/**
 * A sample from Prometheus text exposition: `name` or `name{label="v",…}`. Every label given must match; a
 * series with more labels matches too, and more than one matching series is ambiguous (name them all).
 */
export function promNumber(text: string, selector: string): Read<number> {
  const sel = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?$/.exec(selector.trim())
  if (!sel) return {ok: false, reason: `${selector} is not a metric selector like name or name{label="value"}`}
  const wanted = parseLabels(sel[2] ?? '')
  if (!wanted) return {ok: false, reason: `cannot read the labels of ${selector}`}
  const matches: number[] = []
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('#') || line.trim() === '') continue
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?\s*$/.exec(line)
    if (!m || m[1] !== sel[1]) continue
    const labels = parseLabels(m[2] ?? '')
    if (!labels || [...wanted].some(([k, v]) => labels.get(k) !== v)) continue
    const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3])
    matches.push(value)
  }

  if (matches.length === 0) return {ok: false, reason: `no series ${selector}`}
  if (matches.length > 1) return {ok: false, reason: `${matches.length} series match ${selector}; add labels to pick one`}
  if (Number.isNaN(matches[0])) return {ok: false, reason: `${selector} is NaN`}
  return {ok: true, value: matches[0]}
}

function parseLabels(text: string): Map<string, string> | undefined {
  const labels = new Map<string, string>()
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/gy
  let m: RegExpExecArray | null
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    labels.set(m[1], m[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\'))
    if (m[3] === '') break
  }

  return re.lastIndex === 0 && text.trim() !== '' ? undefined : labels
}

export function compare(actual: number, op: string, target: number): boolean {
  switch (op) {
    case '<':
      return actual < target
    case '<=':
      return actual <= target
    case '>':
      return actual > target
    case '>=':
      return actual >= target
    case '==':
      return actual === target
    default:
      return actual !== target
  }
}
