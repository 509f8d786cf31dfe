import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {basename} from 'node:path'

import {writeDirAtomic} from '../shared/atomic.js'
import {InputError} from '../shared/errors.js'
import {readTextFile} from '../shared/input.js'
import {type Catalog, matchTensions, signalIndex, type Tension, type TensionMatch} from './catalog.js'
import {compare, compareTension} from './detect.js'
import {featurize, type Features, type SignalIndex} from './features.js'
import {loadLexicon} from './lexicon.js'
import {extractClaims} from './markdown.js'
import {tokenizeMany} from './nlp.js'
import {type Agreement, ANALYSIS_VERSION, type Claim, type ClaimRef, type Finding, LOW_CONFIDENCE_THRESHOLD} from './types.js'

export {type Agreement, ANALYSIS_VERSION, type Claim, type ClaimRef, type ClaimStructure, type DecisionPoint, type Dimension, type Finding, type FindingKind, type Interval, LOW_CONFIDENCE_THRESHOLD, type Modality, type Quantifier} from './types.js'

/** Per-file limit: far above any real discussion, low enough that a stray dump is refused before it is read. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024
/**
 * A subject term shared by more claims than this identifies no particular subject ("service", "team" in a
 * 5 MB corpus about services and teams): it is not used for blocking. This cap keeps the candidate pairs
 * linear in the input (at most cap × postings) instead of quadratic.
 */
export const MAX_TERM_FREQUENCY = 40

export interface AnalyzeInput {
  path: string
  participant?: string
}

export interface AnalyzeOptions {
  inputs: AnalyzeInput[]
  catalog: Catalog
  /** Package root, for the lexicon. */
  root: string
  /** ISO time for `generatedAt` (from resolveTimestamp). */
  generatedAt: string
  /** Topic of the analysis, when the pipeline has one. */
  topic?: string
  maxInputBytes?: number
  maxTermFrequency?: number
  /** Told about inputs that are skipped (empty, no claims). */
  onSkip?: (path: string, reason: string) => void
}

export interface InputReport {
  path: string
  participant: string
  sha256: string
  bytes: number
  claims: number
  skipped?: string
}

export interface Analysis {
  version: number
  generatedAt: string
  topic?: string
  /** Catalog tensions the topic string names or evokes, best first (only with a topic). */
  topicTensions?: TensionMatch[]
  engine: {lexicon: string; catalog: string; tensions: number; nlp: string}
  inputs: InputReport[]
  claims: Claim[]
  findings: Finding[]
  /** Claims from different participants that say the same thing. */
  agreements: Agreement[]
  /** Catalog tensions that matched at least one finding, with their resolution. */
  tensions: Array<{id: string; name: string; findings: number; resolution: string}>
  /**
   * claimsRead: distinct claims that share a word key with another claim and so were read by wink-nlp;
   * frequentTermsSkipped: word keys shared by more than maxTermFrequency claims, not used for blocking.
   */
  stats: {claims: number; distinctClaims: number; claimsRead: number; candidatePairs: number; frequentTermsSkipped: number; maxTermFrequency: number}
}

interface Unit {
  /** Index of the first claim with this text. */
  first: number
  occurrences: number
  features: Features
}

// Words that name no subject: never a blocking key.
const STOP_WORDS = new Set(('a about after all also an and any are as at be been before being both but by can could did do does each either '
  + 'every for from had has have he her his how i if in into is it its just may me might more most must my neither no nor not now of off on '
  + 'only or our out over per she should so some such than that the their them then there these they this those through to too under up us '
  + 'very via was we were what when where which while who why will with would yet you your').split(' '))
const IRREGULAR_PLURALS = new Map([['men', 'man'], ['women', 'woman'], ['people', 'person'], ['children', 'child'], ['feet', 'foot'], ['teeth', 'tooth'], ['mice', 'mouse'], ['geese', 'goose']])
const WORD = /[a-z][a-z0-9'-]*/g

/**
 * Cheap blocking keys of a claim: its lower-cased words minus stop words, crudely singular ("replicas" →
 * "replica", "policies" → "policy", "men" → "man"), so that claims sharing a subject noun share a key.
 */
export function wordKeys(text: string): Set<string> {
  const keys = new Set<string>()
  for (const match of text.toLowerCase().matchAll(WORD)) {
    let word = match[0]
    if (STOP_WORDS.has(word)) continue
    word = IRREGULAR_PLURALS.get(word) ?? word
    if (word.length > 3 && word.endsWith('ies')) word = word.slice(0, -3) + 'y'
    else if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) word = word.slice(0, -1)
    keys.add(word)
  }

  return keys
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Finds contradictions and tensions within and across the inputs. Pure apart from reading the inputs. */
export function analyze(options: AnalyzeOptions): Analysis {
  const lexicon = loadLexicon(options.root)
  const signals: SignalIndex = signalIndex(options.catalog)
  const cap = options.maxTermFrequency ?? MAX_TERM_FREQUENCY
  const inputs: InputReport[] = []
  const claims: Claim[] = []
  const participants = new Set<string>()
  for (const input of options.inputs) {
    const text = readTextFile(input.path, {maxBytes: options.maxInputBytes ?? MAX_INPUT_BYTES, what: 'input'})
    const bytes = readFileSync(input.path)
    const participant = input.participant ?? basename(input.path)
    participants.add(participant)
    const report: InputReport = {bytes: bytes.length, claims: 0, participant, path: input.path, sha256: createHash('sha256').update(bytes).digest('hex')}
    if (text.trim() === '') {
      report.skipped = 'empty'
    } else {
      const raw = extractClaims(text)
      for (const claim of raw) claims.push({id: '', line: claim.line, participant, source: input.path, text: claim.text})
      report.claims = raw.length
      if (raw.length === 0) report.skipped = 'no claims (only code, tables, headings or front matter)'
    }

    if (report.skipped) options.onSkip?.(input.path, report.skipped)
    inputs.push(report)
  }

  const width = String(claims.length).length
  for (const [i, claim] of claims.entries()) claim.id = `c${String(i + 1).padStart(Math.max(4, width), '0')}`

  // One unit per distinct sentence: repeated boilerplate is analysed once.
  const units: Unit[] = []
  const byText = new Map<string, number>()
  for (const [i, claim] of claims.entries()) {
    const key = claim.text.toLowerCase()
    const known = byText.get(key)
    if (known === undefined) {
      byText.set(key, units.length)
      units.push({features: undefined as unknown as Features, first: i, occurrences: 1})
    } else {
      units[known].occurrences++
    }
  }

  // Blocking, first on cheap word keys (no NLP): only claims that share a key with 2..cap claims can be compared,
  // so only they are read by wink-nlp — on real notes a small share of the claims (1,541 of 53,720 in the 5 MB bench).
  const keyPostings = new Map<string, number[]>()
  for (const [u, unit] of units.entries()) {
    for (const key of wordKeys(claims[unit.first].text)) {
      const list = keyPostings.get(key)
      if (list) list.push(u)
      else keyPostings.set(key, [u])
    }
  }

  let frequentTermsSkipped = 0
  const cheapPairs = new Set<number>()
  const n = units.length
  for (const list of keyPostings.values()) {
    if (list.length < 2) continue
    if (list.length > cap) {
      frequentTermsSkipped++
      continue
    }

    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) cheapPairs.add(list[x] * n + list[y])
  }

  const inPair = new Uint8Array(n)
  for (const key of cheapPairs) {
    inPair[Math.floor(key / n)] = 1
    inPair[key % n] = 1
  }

  const needed: number[] = []
  for (let u = 0; u < n; u++) if (inPair[u]) needed.push(u)
  const tokens = tokenizeMany(needed.map((u) => claims[units[u].first].text))
  for (const [k, u] of needed.entries()) units[u].features = featurize(claims[units[u].first].text, signals, tokens[k])

  // …then on subject terms (noun lemmas): a pair is compared when both claims assert something (a fragment such as
  // "Supported POSIX classes" does not) and they share a subject term that is not a frequent word.
  const terms = (f: Features) => (f.subjects.size > 0 ? f.subjects : f.content)
  const rareTerms = new Map<string, boolean>()
  const rare = (term: string) => {
    let known = rareTerms.get(term)
    if (known === undefined) {
      const [key] = wordKeys(term)
      rareTerms.set(term, (known = (keyPostings.get(key ?? '')?.length ?? 0) <= cap))
    }

    return known
  }

  const pairKeys = [...cheapPairs].sort((p, q) => p - q).filter((key) => {
    const fa = units[Math.floor(key / n)].features
    const fb = units[key % n].features
    if (!fa.hasVerb || !fb.hasVerb) return false
    const tb = terms(fb)
    for (const term of terms(fa)) if (tb.has(term) && rare(term)) return true
    return false
  })

  const tensionsById = new Map<string, Tension>(options.catalog.tensions.map((t) => [t.id, t]))
  const findings: Finding[] = []
  const ref = (unit: Unit): ClaimRef => ({...claims[unit.first], occurrences: unit.occurrences, sentence: claims[unit.first].text})
  for (const key of pairKeys) {
    const ua = units[Math.floor(key / n)]
    const ub = units[key % n]
    const verdict = compare(ua.features, ub.features, lexicon) ?? compareTension(ua.features, ub.features)
    if (!verdict) continue
    const tensionId = verdict.tension ?? sharedTension(ua.features, ub.features)
    const tension = tensionId ? tensionsById.get(tensionId) : undefined
    const a = ref(ua)
    const b = ref(ub)
    const id = 'f-' + createHash('sha256').update([verdict.kind, a.source, a.line, a.text, b.source, b.line, b.text].join('\n')).digest('hex').slice(0, 12)
    findings.push({
      a,
      b,
      evidence: verdict.evidence,
      id,
      kind: verdict.kind,
      score: verdict.score,
      subject: verdict.subject,
      confidence: verdict.score,
      lowConfidence: verdict.score < LOW_CONFIDENCE_THRESHOLD,
      explanation: `${verdict.subject.join(', ')}: ${verdict.evidence}`,
      decisionPoint: {heading: verdict.subject.join(' '), key: verdict.subject.join(' ')},
      scope: a.participant === b.participant ? 'internal' : 'between',
      ...(tension ? {tension: {id: tension.id, name: tension.name, resolution: tension.resolution}} : {}),
    })
  }

  findings.sort((f, g) => g.score - f.score || compareStrings(f.a.id, g.a.id) || compareStrings(f.b.id, g.b.id) || compareStrings(f.kind, g.kind))
  const counts = new Map<string, number>()
  for (const f of findings) if (f.tension) counts.set(f.tension.id, (counts.get(f.tension.id) ?? 0) + 1)
  const tensions = [...counts.entries()]
    .map(([id, count]) => ({findings: count, id, name: tensionsById.get(id)!.name, resolution: tensionsById.get(id)!.resolution}))
    .sort((x, y) => y.findings - x.findings || compareStrings(x.id, y.id))

  return {
    claims,
    engine: {
      catalog: `${options.catalog.source} (${options.catalog.tensions.length} tensions)`,
      lexicon: lexicon.source,
      nlp: 'wink-nlp with wink-eng-lite-web-model (lemmas, POS), loaded from the installed package',
      tensions: options.catalog.tensions.length,
    },
    agreements: [],
    findings,
    generatedAt: options.generatedAt,
    inputs,
    stats: {candidatePairs: pairKeys.length, claims: claims.length, claimsRead: needed.length, distinctClaims: units.length, frequentTermsSkipped, maxTermFrequency: cap},
    tensions,
    ...(options.topic ? {topic: options.topic, topicTensions: matchTensions(options.topic, options.catalog).slice(0, 5)} : {}),
    version: ANALYSIS_VERSION,
  }
}

/** A tension both claims signal (either pole), for annotating a negation/antonym/numeric finding. */
function sharedTension(a: Features, b: Features): string | undefined {
  const ids = (f: Features) => new Set([...f.poles.keys()].map((k) => k.slice(0, k.lastIndexOf(':'))))
  const inB = ids(b)
  return [...ids(a)].filter((id) => inB.has(id)).sort()[0]
}

const MAX_REPORTED = 500

function quote(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/([\\`*_[\]<>|])/g, '\\$1')
}

/** The Markdown report: inputs, summary, tensions at stake with their resolution, then each finding. */
export function renderReport(analysis: Analysis): string {
  const out: string[] = []
  out.push('# Contradiction analysis', '')
  if (analysis.topic) out.push(`Topic: ${quote(analysis.topic)}`, '')
  if (analysis.topicTensions?.length) out.push(`Catalog tensions for this topic: ${analysis.topicTensions.map((t) => `${quote(t.name)} (${t.score})`).join(', ')}.`, '')
  out.push(`Generated ${analysis.generatedAt} from ${analysis.inputs.length} input(s), ${analysis.stats.claims} claims (${analysis.stats.distinctClaims} distinct).`, '')
  if (analysis.inputs.length > 0) {
    out.push('## Inputs', '')
    for (const input of analysis.inputs) {
      out.push(`- \`${input.path}\` (participant ${quote(input.participant)}): ${input.claims} claims, sha256 ${input.sha256.slice(0, 16)}…${input.skipped ? `, skipped: ${input.skipped}` : ''}`)
    }

    out.push('')
  }

  const byKind = (kind: string) => analysis.findings.filter((f) => f.kind === kind).length
  out.push('## Summary', '')
  if (analysis.findings.length === 0) {
    out.push(analysis.inputs.length === 0 ? 'No inputs were given, so there is nothing to compare.' : 'No contradictions found between claims about the same subject.', '')
  } else {
    out.push(`${analysis.findings.length} finding(s): ${byKind('negation')} negation, ${byKind('antonym')} antonym, ${byKind('numeric')} numeric, ${byKind('tension')} tension.`, '')
  }

  if (analysis.tensions.length > 0) {
    out.push('## Tensions at stake', '')
    for (const t of analysis.tensions) out.push(`- **${quote(t.name)}** (\`${t.id}\`, ${t.findings} finding(s)): ${quote(t.resolution)}`)
    out.push('')
  }

  if (analysis.findings.length > 0) {
    out.push('## Findings', '')
    for (const f of analysis.findings.slice(0, MAX_REPORTED)) {
      out.push(`### ${f.id} · ${f.kind} · score ${f.score}`, '')
      out.push(`Subject: ${quote(f.subject.join(', '))}. Evidence: ${quote(f.evidence)}.`, '')
      out.push(`- ${quote(f.a.participant)} (\`${f.a.source}:${f.a.line}\`): “${quote(f.a.text)}”`)
      out.push(`- ${quote(f.b.participant)} (\`${f.b.source}:${f.b.line}\`): “${quote(f.b.text)}”`)
      if (f.tension) out.push('', `Tension: **${quote(f.tension.name)}** — ${quote(f.tension.resolution)}`)
      out.push('')
    }

    if (analysis.findings.length > MAX_REPORTED) out.push(`… and ${analysis.findings.length - MAX_REPORTED} more in analysis.json.`, '')
  }

  return out.join('\n')
}

/** Writes analysis.json and report.md into `outDir`, atomically (all or nothing). */
export function writeAnalysis(outDir: string, analysis: Analysis, options: {overwrite?: boolean} = {}): {files: string[]} {
  const files = {'analysis.json': JSON.stringify(analysis, null, 2) + '\n', 'report.md': renderReport(analysis)}
  writeDirAtomic(outDir, files, {overwrite: options.overwrite})
  return {files: Object.keys(files).sort()}
}

/** Parses `--participants a,b` against the inputs, in order. */
export function mapParticipants(paths: string[], participants?: string): AnalyzeInput[] {
  if (participants === undefined) return paths.map((path) => ({path}))
  const names = participants.split(',').map((p) => p.trim())
  if (names.some((p) => p === '')) throw new InputError('--participants: empty name in the list')
  if (names.length !== paths.length) throw new InputError(`--participants names ${names.length} participant(s) for ${paths.length} input(s); give one per --input, in order`)
  return paths.map((path, i) => ({participant: names[i], path}))
}
