/*
 * Version numbers as positions someone takes: "Target OpenSearch 2.11.1" / "prod target = 1.3.x", "helm 3.14+
 * everywhere" / "CI pins helm 3.12.3". A version is no quantity (nothing is measured in it), so the numeric detector
 * leaves it alone; two claims that each set one version of one product, and whose versions cannot both hold, dispute
 * which version to run.
 */
import type {Verdict} from './detect.js'
import {type Features, reportsState} from './features.js'
import {isPhysicalUnit, isUnitWord} from './quantities.js'

/** One version a claim names: its text, the product named right before it (if any) and the versions it allows. */
export interface Version {
  text: string
  product?: string
  /** Lowest and highest version allowed, as [major, minor, patch]; Infinity in an open or "x" place. */
  low: number[]
  high: number[]
}

// "2.11.1", "v3.1.4", "1.3.x", "3.14+", "550.90.07": two parts at least, so a bare "Node 22" is not read.
const VERSION = /(?<![\w.$€£-])v?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}|x))?(\+)?(?![\w%]|\.\d)/gi
// What a decimal counts or measures when a unit or a counted noun follows it ("1.5 days", "2.5 GB", "99.9%", "20.5
// MHz", "0.5 cores", "3.5 engineers"): no version. Units come from quantities.ts; the nouns here are the ones a
// fraction is written of. ("8.0 replica" is MySQL 8.0's replica, not a version in dispute: left out too.)
const COUNTED_AFTER =
  /^(?:x|k|m|million|billion|cores?|vcpus?|cpus?|nodes?|replicas?|pods?|people|engineers|fte|times|req|requests|rps|qps|points?|pts?|stars?)$/
function measuredAfter(after: string): boolean {
  const next = /^\s?([^\s,;:.()]+)/.exec(after)?.[1]?.toLowerCase()
  if (next === undefined) return false
  const word = next.split('/')[0]
  // (A unit per unit measures too: "2.0 mg/l", "1.0 req/s"; "and/or" joins two versions.)
  const perUnit = /^[a-z]{1,4}\/[a-z]{1,4}$/.test(next) && next !== 'and/or'
  return next.startsWith('/') || perUnit || isUnitWord(word) || isPhysicalUnit(word) || COUNTED_AFTER.test(word)
}

// Words before a version that name no product: verbs and prepositions of picking ("target 8.0.39", "pin to 3.12").
const NOT_A_PRODUCT = new Set([
  'a',
  'above',
  'and',
  'approve',
  'at',
  'below',
  'build',
  'bump',
  'from',
  'go',
  'is',
  'keep',
  'latest',
  'move',
  'of',
  'on',
  'or',
  'pin',
  'pinned',
  'pins',
  'release',
  'run',
  'runs',
  'stay',
  'stays',
  'stop',
  'target',
  'than',
  'the',
  'to',
  'under',
  'upgrade',
  'use',
  'version',
  'vs',
  'with',
])

/** A finding's evidence when it sets two versions against each other: '"helm 3.14+" vs "helm 3.12.3"'. */
export const VERSION_EVIDENCE = /^"(?:[a-z][\w-]* )?v?\d+\.\d+[^"]*" vs "(?:[a-z][\w-]* )?v?\d+\.\d+[^"]*"$/i

/** Words two claims share when each sets the version to run: the target, the pin, the minimum. */
const PICKED_VERSION = /^(?:target|pin|pinned|minimum|min|baseline|standard|default)$/

function place(part: string | undefined, open: boolean): number {
  return part === undefined || part.toLowerCase() === 'x' ? (open ? Infinity : 0) : Number(part)
}

/** The versions a claim's text names, each once by value. */
export function versionsIn(text: string): Version[] {
  const found: Version[] = []
  for (const match of text.matchAll(VERSION)) {
    const after = text.slice(match.index + match[0].length)
    if (measuredAfter(after)) continue
    const [, major, minor, patch, plus] = match
    // (Only a name right before, or before a colon, an equals sign or a bracket: "replicas → 8.0" moves replicas to 8.0.)
    const before = /([a-z][\w-]*)[\s:=(]{0,3}$/i.exec(text.slice(0, match.index))?.[1]?.toLowerCase()
    const product = before && !NOT_A_PRODUCT.has(before) ? before : undefined
    // "7.12.1 or older" / "3.14+" / "1.28 or newer" open the range on one side.
    const older = /^\s*or\s+(?:older|earlier|below|lower)\b/i.exec(after)?.[0]
    const newer = /^\s*or\s+(?:newer|later|above|higher)\b/i.exec(after)?.[0]
    const at = [Number(major), Number(minor)]
    const version: Version = {
      high: newer || plus ? [Infinity, Infinity, Infinity] : [...at, place(patch, true)],
      low: older ? [-Infinity, -Infinity, -Infinity] : [...at, place(patch, false)],
      product,
      text: match[0] + (older ?? newer ?? ''),
    }
    if (!found.some((v) => v.product === version.product && same(v.low, version.low) && same(v.high, version.high))) found.push(version)
  }

  return found
}

const same = (x: number[], y: number[]) => x.every((value, k) => value === y[k])
const before = (x: number[], y: number[]) => {
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return x[k] < y[k]
  return false
}

// (A claim meets many others: its versions are read once.)
const VERSIONS = new WeakMap<Features, Version[]>()
function versionsOf(f: Features): Version[] {
  let found = VERSIONS.get(f)
  if (!found) VERSIONS.set(f, (found = versionsIn(f.text)))
  return found
}

/**
 * Each claim speaks of its own release ("5 min on the current 4.1 build" / "on the 4.2 kiosk build the hold drops to
 * 3 minutes"): values set for two releases are two settings, not one in dispute.
 */
export function twoReleases(a: Features, b: Features): boolean {
  // (Releases of one product: "sequoia 15.3" / "sonoma 14.7" are two products in dispute; "a ratio of 0.1" is no release.)
  const release = (v: Version) => v.low[0] >= 1
  const [va, vb] = [versionsOf(a).filter(release), versionsOf(b).filter(release)]
  const oneProduct = (x: Version, y: Version) => x.product === undefined || y.product === undefined || x.product === y.product
  return va.length > 0 && vb.length > 0 && va.every((x) => vb.every((y) => disjoint(x, y) && oneProduct(x, y)))
}

/** Two version ranges that share no version. */
const disjoint = (x: Version, y: Version) => before(x.high, y.low) || before(y.high, x.low)

/**
 * Two claims that each name one version of one product and allow no version in common: the same product named on
 * both sides, or named on one side only when the two share another word of substance ("Target version: MySQL
 * 8.0.37" / "target 8.0.39, pinned.").
 */
export function compareVersions(a: Features, b: Features, shared: () => string[]): Verdict | undefined {
  // (A claim that reports what runs today, "prod still runs 1.28", takes no position on what should.)
  if (!/\d\.\d/.test(a.text) || !/\d\.\d/.test(b.text) || reportsState(a) || reportsState(b)) return undefined
  const [va, vb] = [versionsOf(a), versionsOf(b)]
  // (One version on each side: "from 1.6 to containerd 2.0" weighs two and sets neither against the other's.)
  if (va.length !== 1 || vb.length !== 1) return undefined
  const [x, y] = [va[0], vb[0]]
  if (!disjoint(x, y)) return undefined
  const product = x.product ?? y.product
  // (A version named without its product is set against another only as what both claims target or pin: "Approve
  // 8.0.37 as the fleet-wide target" / "target 8.0.39, pinned"; "the 1.3 line is close to its end" targets nothing.)
  const picked = () => shared().filter((w) => PICKED_VERSION.test(w))
  if (x.product !== undefined && y.product !== undefined ? x.product !== y.product : picked().length === 0) return undefined
  return {
    evidence: `"${x.product ? `${x.product} ` : ''}${x.text}" vs "${y.product ? `${y.product} ` : ''}${y.text}"`,
    kind: 'choice',
    score: 0.7,
    subject: product ? [product] : picked(),
  }
}
