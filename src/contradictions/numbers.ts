import {createRequire} from 'node:module'

/**
 * Numbers written in words or with multipliers, rewritten as digits before a clause is tokenized, so that the
 * quantity reader only deals with digits: "a dozen runners" → "12 runners", "five to eight" → "5 to 8",
 * "$3k" → "$3000", "1.2M users" → "1200000 users", "a quarter of an hour" → "0.25 hour".
 *
 * Number words are read by @microsoft/recognizers-text-number (compared with compromise, words-to-numbers and
 * others: see docs/contradictions.md). It costs ~0.4 ms a sentence, so it only reads sentences with a number
 * word in them, and it is loaded on first use (analyze and pairs only).
 * The displayed claim is never rewritten: only the text the engine reads.
 */

type NumberModel = {parse(text: string): Array<{start: number; end: number; text: string; resolution: {value: string}}>}

let model: NumberModel | undefined

function numberModel(): NumberModel {
  if (model) return model
  const require = createRequire(import.meta.url)
  const recognizers = require('@microsoft/recognizers-text-number') as {NumberRecognizer: new (culture: string) => {getNumberModel(): NumberModel}}
  model = new recognizers.NumberRecognizer('en-us').getNumberModel()
  return model
}

const NUMBER_WORD =
  /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|half|quarter)\b/i

/** "one" that is not a count: "no one", "this one", "one of", "one-off", "at one point". */
const NOT_A_NUMBER = [
  /\bno one\b/i,
  /\b(this|that|the|which|each|every|any|some|another|only) one\b/i,
  /\bone(-off|-time|-way| of| another|self)\b/i,
  /\bone (day|time)\b(?! (of|per|a|an|each)\b)/i,
]

function valueText(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e6) / 1e6)
}

/** Multipliers written as suffixes: 3k, 1.2M, $2bn, $4.5m (a currency before a lower-case m means million; "5m" alone is five minutes). */
function expandSuffixes(text: string): string {
  return (
    text
      // A range's one multiplier is both ends' ("$10-11k/mo", "2–4M events", "5 to 10 thousand"), when the first end is
      // the smaller unscaled ("500-2k" is 500 to 2000).
      .replace(
        /(?<![\w.])(\d+(?:\.\d+)?)(\s?(?:-|–|to|and)\s?[$€£]?)(\d+(?:\.\d+)?)(\s?)(k|K|M|bn|thousand|million|billion)\b(?![-\w])/g,
        (whole, first: string, between: string, second: string, _space: string, suffix: string) => {
          const times = /^k|^thousand/i.test(suffix) ? 1e3 : /^(M|million)$/.test(suffix) ? 1e6 : 1e9
          return Number(first) <= Number(second) ? `${valueText(Number(first) * times)}${between}${valueText(Number(second) * times)}` : whole
        },
      )
      .replace(
        /([$€£]\s?)(\d+(?:\.\d+)?)\s?(k|K|m|M|mm|bn|B|b)\b/g,
        (_, cur: string, num: string, suffix: string) => cur + valueText(Number(num) * (/^k$/i.test(suffix) ? 1e3 : /^(m|mm)$/i.test(suffix) ? 1e6 : 1e9)),
      )
      .replace(/\b(\d+(?:\.\d+)?)(k|K|M|bn)\b(?![-\w])/g, (_, num: string, suffix: string) =>
        valueText(Number(num) * (/^k$/i.test(suffix) ? 1e3 : suffix === 'M' ? 1e6 : 1e9)),
      )
      // ("XID age crosses 1.5B": a fraction of a byte is no size, so a capital B after a decimal is a billion.)
      .replace(/\b(\d+\.\d+)B\b(?![-\w])/g, (_, num: string) => valueText(Number(num) * 1e9))
      .replace(/\b(\d+(?:\.\d+)?) (thousand|million|billion)\b/gi, (_, num: string, word: string) =>
        valueText(Number(num) * ({billion: 1e9, million: 1e6, thousand: 1e3} as Record<string, number>)[word.toLowerCase()]),
      )
  )
}

const SHORTHAND_WORDS: Record<string, string> = {
  ack: 'acknowledge',
  approx: 'approximately',
  'b/c': 'because',
  cert: 'certificate',
  certs: 'certificates',
  cmd: 'command',
  cmds: 'commands',
  cfg: 'configuration',
  compat: 'compatibility',
  config: 'configuration',
  configs: 'configurations',
  creds: 'credentials',
  db: 'database',
  deps: 'dependencies',
  devs: 'developers',
  eng: 'engineering',
  engs: 'engineers',
  env: 'environment',
  envs: 'environments',
  dbs: 'databases',
  hrs: 'hours',
  infra: 'infrastructure',
  maint: 'maintenance',
  mem: 'memory',
  mgr: 'manager',
  k8s: 'Kubernetes',
  o11y: 'observability',
  a11y: 'accessibility',
  mgmt: 'management',
  msg: 'message',
  msgs: 'messages',
  acct: 'account',
  accts: 'accounts',
  notif: 'notification',
  notifs: 'notifications',
  pentest: 'penetration test',
  pentests: 'penetration tests',
  perms: 'permissions',
  pg: 'Postgres',
  pkg: 'package',
  pkgs: 'packages',
  ppl: 'people',
  pw: 'password',
  pwd: 'password',
  hw: 'hardware',
  impl: 'implementation',
  img: 'image',
  imgs: 'images',
  req: 'request',
  bkp: 'backup',
  bkps: 'backups',
  ns: 'namespace',
  prod: 'production',
  perf: 'performance',
  qtr: 'quarter',
  regex: 'regular expression',
  regexes: 'regular expressions',
  reqs: 'requests',
  repo: 'repository',
  repos: 'repositories',
  shld: 'should',
  snaps: 'snapshots',
  stg: 'staging',
  svc: 'service',
  svcs: 'services',
  tho: 'though',
  vuln: 'vulnerability',
  vulns: 'vulnerabilities',
  thru: 'through',
  txn: 'transaction',
  txns: 'transactions',
  'w/': 'with ',
  'w/o': 'without',
}
// One pattern from the words above: the plain ones whole, "pen test(s)" with or without its space, and "ns" only
// where it is not a unit after a number ("500 ns", "ns=3").
const PLAIN_SHORTHAND = Object.keys(SHORTHAND_WORDS).filter((word) => /^[a-z0-9]+$/.test(word) && word !== 'ns' && !word.startsWith('pentest'))
const SHORTHAND = new RegExp(
  String.raw`\bw\/o\b|\bw\/(?=\s|[a-z])\s?|\bb\/c\b|\b(?:pen ?tests?|${PLAIN_SHORTHAND.join('|')})\b|(?<![\d.]\s?)\bns\b(?!\s*[<>=])`,
  'gi',
)

/** "turn on" / "switched off" → enable / disabled: the ending each form takes. */
const SWITCH_ENDINGS: Record<string, string> = {'': 'e', ed: 'ed', ing: 'ing', s: 'es'}

/** Note-taking shorthand spelled out ("w/o", "thru", "prod", "compat"): one pass. */
export function expandShorthand(text: string): string {
  return (
    text
      .replace(SHORTHAND, (m) => SHORTHAND_WORDS[m.toLowerCase().replace(/\s/, '')] ?? m)
      .replace(/\bgo\/no-go\b/gi, 'gonogo')
      // "dont turn on X" denies what "enable X" asserts: one verb for a setting switched on or off.
      .replace(/\b(?:turn|switch)(ed|ing|s)? (on|off)\b/gi, (_, ending: string | undefined, state: string) => {
        return (state.toLowerCase() === 'on' ? 'enabl' : 'disabl') + SWITCH_ENDINGS[ending ?? '']
      })
  )
}

/**
 * Compound names written in camel case, as two words: "ResourceQuota" meets "quota", "PodDisruptionBudget" meets
 * "disruption budget" (only names ending in a kind, KIND_HEADS).
 */
export function splitCamelCase(text: string): string {
  // A setting in lower camel case ("minimumReleaseAge", "dialTimeout") is words run together; a name in upper camel
  // case is split only when it ends in a kind. An initialism inside is one word ("imageGCHighThresholdPercent").
  text = text.replace(/\b[a-z]{2,}(?:[A-Z][a-z]{2,}|[A-Z]{2,}(?=[A-Z][a-z]|\b))+\b/g, (word) =>
    word.replace(/([a-z])(?=[A-Z])|([A-Z])(?=[A-Z][a-z])/g, '$1$2 ').toLowerCase(),
  )
  // (…or when it labels a value and runs three words or more together, as settings do: "DeleteMarkerReplication:
  // Disabled"; product names run two: "LaunchDarkly", "PagerDuty".)
  return text.replace(/\b([A-Z][a-z]{2,}(?:[A-Z][a-z]{2,})+)\b(:?)/g, (match, word: string, colon: string) =>
    KIND_HEADS.test(word) || (colon && (word.match(/[A-Z]/g) ?? []).length >= 3) ? word.replace(/([a-z])(?=[A-Z])/g, '$1 ') + colon : match,
  )
}

/**
 * The last word of the compound names worth splitting: Kubernetes-style kinds ("ResourceQuota", "NetworkPolicy",
 * "PodDisruptionBudget"). Product names ("LaunchDarkly", "PagerDuty", "GitHub") stay whole.
 */
const KIND_HEADS =
  /(Quota|Budget|Policy|Policies|Class|Set|Map|Account|Role|Binding|Group|Service|Volume|Claim|Template|Rule|Limit|Range|Autoscaler|Controller|Deployment|Secret|Job|Ingress|Endpoint|Definition)(?:s|es)?$/

/** Words that make the number after them (within two words) a time: "ttl stays 300s", "timeout of 120s". */
const TIME_BEFORE =
  /\b(ttl|ttls|timeout|timeouts|interval|window|delay|latency|deadline|grace|period|backoff|sleep|every|within|after|lasts?|takes?|took|expiry|expires?|retention|age)\W+(?:[\w-]+\W+){0,2}$/i

/** The text the engine reads for `text`: number words and multipliers as digits, HTTP status plurals ("429s") kept apart from seconds. */
export function normaliseNumbers(text: string): string {
  // "429s" and "5xx" are status codes, not 429 seconds.
  // (…unless a time is what the words before it set: "ttl stays 300s", "timeout of 120s", "every 300s".)
  let out = text
    .replace(/\b([1-5]\d\d)s\b/g, (match, code: string, at: number) =>
      TIME_BEFORE.test(text.slice(Math.max(0, at - 40), at)) ? match : `HTTP-${code} responses`,
    )
    .replace(/\b([1-5])xx\b/gi, 'HTTP-$1xx')
  // "retry a 429", "a 503 from the backend": one error status, when no unit or counted noun follows ("a 500 GB disk").
  out = out.replace(
    /\b(an?|the|any|every|each) ([45]\d\d)\b(?=\s*(?:$|[.,;:!?)]|(?:responses?|errors?|status|codes?|automatically|immediately|again|back|from|on|to|and|or|with|for|when|if|until|at)\b))/gi,
    '$1 HTTP-$2 response',
  )
  // "CPU request: 100m", "a 500m CPU request": Kubernetes millicores near a word for CPU are a share of one CPU, not
  // minutes (a time after "for", "every" or "within" stays one: "CPU above 90% for 15m").
  out = out.replace(/\b(\d{2,5})m\b(?![-\w])/g, (match, num: string, at: number) => {
    const near = out.slice(Math.max(0, at - 30), at + match.length + 30)
    if (!/\b(v?cpus?|cores?|millicores?)\b/i.test(near) || /\b(for|every|within|after|in|over|per)\s*$/i.test(out.slice(Math.max(0, at - 12), at))) return match
    return `${valueText(Number(num) / 1000)} vCPU`
  })
  // "128Mi", "2Gi": Kubernetes quantities of memory, in binary units.
  out = out.replace(/\b(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)\b(?![-\w])/g, '$1 $2B')
  // "600s" is 600 seconds (the tagger reads "6" and a decade "00s"); a year's decade ("the 1990s") stays.
  out = out.replace(/\b(?!(?:19|20)\d\ds\b)(\d+(?:\.\d+)?)s\b/g, '$1 s')
  // "auto-retry", "auto-merge", "auto-renew": the act, done automatically.
  // (…and so is one written apart: "10s auto refresh", "auto merge on green".)
  out = out.replace(
    /\bauto-(?=[a-z]{3,})|\bauto (?=(?:refresh|retry|retries|merge|renew|renewal|scale|scaling|approve|approval|rollback|revoke|restart|update|upgrade|remediate|remediation|delete|deletion|expire|unseal|close|assign|heal|rotate|rotation|deploy|reply|suspend|archive)\b)/gi,
    'automatically ',
  )
  // A chat slash command after a modal or "run" is its act: "can /deploy prod" deploys, "may run `/deploy`" does too
  // ("/tmp" elsewhere stays a path).
  out = out
    .replace(/\b(?:run|use|call|invoke|trigger|type)\s+`?\/([a-z][a-z-]{2,})`?(?![\w/.])/gi, '$1')
    .replace(/\b(can|could|may|might|must|should|shall|will|to|cannot|can't|not)\s+`?\/([a-z][a-z-]{2,})`?(?![\w/.])/gi, '$1 $2')
  out = splitCamelCase(out)
  // Note-taking shorthand and the short names DevOps notes use, spelled out so that the tagger and the lexicon see
  // words ("stays w/o quota tho") and "prod cluster" meets "production cluster". One pass over the text.
  out = expandShorthand(out)
  out = expandSuffixes(out)
  // Idioms the recognizer does not resolve as we need: fractions of a unit, "a couple of".
  out = out
    .replace(/\b(a|one) quarter(?: of an?)? (hour|day|year)\b/gi, (_, _a: string, unit: string) => `0.25 ${unit}`)
    .replace(/\bthree quarters of an? (hour|day|year)\b/gi, (_, unit: string) => `0.75 ${unit}`)
    .replace(/\b(a )?half an? (hour|day|week|month|year|minute|second)\b/gi, (_, _a: string, unit: string) => `0.5 ${unit}`)
    // "a minute and a half", "an hour and a half", "every hour and a half": one and a half of the unit.
    .replace(/\b(an?|every|each) (hour|day|week|month|year|minute|second) and a half\b/gi, (_, before: string, unit: string) =>
      /^(every|each)$/i.test(before) ? `${before} 1.5 ${unit}s` : `1.5 ${unit}s`,
    )
    // "1 and a half days": the digit and its half.
    .replace(/\b(\d+) and a half (hours?|days?|weeks?|months?|years?|minutes?|seconds?)\b/gi, (_, n: string, unit: string) => `${Number(n) + 0.5} ${unit}`)
    // "three quarters of changed lines", "a third of its features": a share, as the percentage it is.
    .replace(
      /\b(a|one|two|three|four) (quarters?|thirds?|fifths?) of (?!an? (?:hour|day|week|month|quarter|year|minute|second)\b)/gi,
      (_, n: string, part: string) => {
        const count = /^(a|one)$/i.test(n) ? 1 : ({two: 2, three: 3, four: 4} as Record<string, number>)[n.toLowerCase()]
        const whole = /^quarter/i.test(part) ? 4 : /^third/i.test(part) ? 3 : 5
        return `${Math.round((1000 * count) / whole) / 10}% of `
      },
    )
    // "a fortnight": two weeks, which the recognizer reads.
    .replace(/\b(a|one) fortnight\b/gi, '2 weeks')
    .replace(/\ba couple of\b/gi, '2')
    .replace(/\ba single\b/gi, '1')
    .replace(/\ba few\b/gi, 'a few')
  // "the service owner self-approves": the owner approves (the act the roles read).
  out = out.replace(/\bself-(approv|certif|assign|merg|review)/gi, '$1')
  // Hyphenated words are one word to the lexicon ("on-demand", "self-hosted", "cut-over"): wink splits them.
  // Only words built on a prefix: "main-branch" stays two words so that it meets "main branch".
  out = out.replace(
    /\b(on|off|self|non|read|write|opt|in|out|cut|pre|post|multi|single|co|re|un|up|down|long|short|high|low|open|closed|third)-([A-Za-z]{2,})\b/gi,
    '$1$2',
  )
  if (!NUMBER_WORD.test(out)) return out
  const masked = NOT_A_NUMBER.reduce((s, pattern) => s.replace(new RegExp(pattern.source, 'gi'), (m) => m.replace(/one/i, 'ONE_')), out)
  let result = ''
  let cursor = 0
  for (const match of numberModel().parse(masked)) {
    const value = Number(match.resolution.value)
    if (!Number.isFinite(value)) continue
    // "once a quarter", "half of the team": a fraction alone is a period or a share, not a number to compare.
    if (/^(a |one )?(quarter|half)$/i.test(match.text) && !/^\s+of\s+an?\s/i.test(masked.slice(match.end + 1))) continue
    if (/^\d+(\.\d+)?$/.test(match.text.replace(/,/g, ''))) continue // already digits
    result += masked.slice(cursor, match.start) + valueText(value)
    cursor = match.end + 1
  }

  return (result + masked.slice(cursor)).replace(/ONE_/g, 'one')
}
