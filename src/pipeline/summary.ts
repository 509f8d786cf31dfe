import {confidenceOf, type DecisionPointGroup, groupDecisionPoints, plainHeading, sentenceOf, sortedAgreements} from '../map/decision-points.js'
import {truncate} from '../shared/dot.js'
import type {MapAgreement, MapClaim, MapFinding, MapRecord} from '../map/fragment.js'
import {mdCell, mdFence, mdParagraph, mdQuote, mdTable, mdText, mdWrap, shellQuote} from '../shared/markdown.js'

/**
 * SYNTHESIS_SUMMARY_<session>.md: the document a person reads after `khaos synthesize`, built around the
 * decision points: for each, the participants' positions quoted in full with file:line, why they conflict,
 * the catalog's resolution when a tension is attached, and the question to decide. Then what is agreed, the
 * open questions, the low-confidence appendix and, last, the provenance (stages, hashes, verify commands).
 *
 * Every user string goes through the escaping helpers in markdown.ts, so the file is HTML-free whatever the
 * topic, the participants or the quoted claims contain; verification commands are built from paths,
 * POSIX-quoted, inside a fence that no content can close. Prose is wrapped at 100 columns, so the file passes
 * markdownlint with tables and code exempt from the line length.
 */

export interface SummaryStage {
  name: string
  status: 'failed' | 'ok' | 'skipped'
  durationMs: number
  detail?: string
}

export interface SummaryArtifact {
  path: string
  sha256: string
  bytes?: number
  /** What it is: "contradiction analysis", "DAO record", … */
  role?: string
}

export interface SummarySigning {
  signed: boolean
  /** Key name used (signed runs). */
  key?: string
  /** True when this run created the default key (first run on a fresh machine). */
  keyCreated?: boolean
  /** Why nothing was signed, e.g. "--no-sign". */
  reason?: string
}

/** Paths the verification commands are built from; a command is listed only when its paths are given. */
export interface SummaryVerification {
  /** `khaos verify <notaryDir> --key <notaryKey>` */
  notaryDir?: string
  /** The signer's public key to pin (verify fails closed without one); absent: `--trust-embedded-key`, said so. */
  notaryKey?: string
  /** `(cd <checksumDir> && sha256sum -c <checksumFile>)`: checksum file in `sha256sum` format, names relative to checksumDir. */
  checksumFile?: string
  checksumDir?: string
  /** `(cd <dir> && signify-openbsd -C -p <publicKey> -x <signature>)`: a signify-signed checksum list. */
  signify?: {dir: string; publicKey: string; signature: string}
  /** `minisign -Vm <file> -p <publicKey> [-x <signature>]` */
  minisign?: {file: string; publicKey: string; signature?: string}
}

export interface SynthesisSummaryInput {
  session: string
  topic: string
  participants: string[]
  timestamp: {iso: string; source: 'SOURCE_DATE_EPOCH' | 'clock' | 'flag'}
  khaosVersion: string
  /** Input files analysed; empty when the topic alone was given. */
  inputs: Array<{bytes?: number; path: string; sha256?: string}>
  stages: SummaryStage[]
  /** Every carried finding, low-confidence ones included (they go to the appendix). */
  findings: MapFinding[]
  agreements?: MapAgreement[]
  record?: MapRecord
  /** How to set the outcome: `khaos dao accept <id> --dir <recordsDir>` (the folder as the user named it). */
  recordsDir?: string
  artifacts: SummaryArtifact[]
  signing: SummarySigning
  verification: SummaryVerification
  /**
   * Show measured stage durations. Default: only when the time came from the clock, because measured
   * durations differ between runs and would break byte-identical output under --timestamp/SOURCE_DATE_EPOCH.
   */
  showDurations?: boolean
  /** Extra plain-text remarks, each shown as its own paragraph. */
  notes?: string[]
}

const TIME_SOURCE = {SOURCE_DATE_EPOCH: 'SOURCE_DATE_EPOCH', clock: 'system clock', flag: '--timestamp'} as const

function where(claim: Pick<MapClaim, 'line' | 'source'>): string {
  if (claim.source) return `${mdText(claim.source)}${claim.line === undefined ? '' : `:${claim.line}`}`
  return claim.line === undefined ? 'place not recorded' : `line ${claim.line}`
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`
}

function confidenceText(f: MapFinding): string {
  const value = confidenceOf(f)
  return `confidence ${value.toFixed(2)}`
}

/** Why the claims conflict: the engine's words, or for an analysis of version 1 its kind and evidence terms. */
function explanationOf(f: MapFinding): string {
  return f.explanation && f.explanation.trim() !== '' ? f.explanation : `${f.kind} contradiction${f.subject ? ` about ${f.subject}` : ''}`
}

function names(list: string[]): string {
  const shown = list.map(mdText)
  return shown.length <= 2 ? shown.join(' and ') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`
}

function decisionPointSection(point: DecisionPointGroup, index: number, commonGround: MapAgreement[] = []): string[] {
  const out = [`### ${index}. ${mdText(point.heading)}`, '']
  out.push(
    point.internal
      ? mdWrap(
          `**Internal:** ${names(point.participants)} ${point.participants.length === 1 ? 'contradicts themselves' : 'each contradict themselves'}; no one else takes part in this point.`,
        )
      : mdWrap(`Between ${names(point.participants)}.`),
    '',
  )
  for (const position of point.positions) {
    out.push(mdWrap(`**${mdText(position.participant)}** (${where(position)}):`), '', mdQuote(position.sentence), '')
  }

  if (point.findings.length === 1) {
    const f = point.findings[0]
    out.push(
      mdWrap(
        `**Why they conflict:** ${mdText(explanationOf(f))} (finding ${mdText(f.id)}, ${mdText(f.kind)}, ${confidenceText(f)}${f.scope === 'internal' && !point.internal ? ', internal' : ''}).`,
      ),
      '',
    )
  } else {
    out.push('**Why they conflict:**', '')
    for (const f of point.findings) {
      const scope = f.scope === 'internal' && !point.internal ? ', internal: one participant against themselves' : ''
      // Several findings on one point: say whose claims each one sets against each other.
      const [pa, pb] = [f.a.participant, f.b.participant]
      const whose = pa && pb ? (pa === pb ? `${mdText(pa)}: ` : `${mdText(pa)} vs ${mdText(pb)}: `) : ''
      out.push(mdWrap(`${whose}${mdText(explanationOf(f))} (finding ${mdText(f.id)}, ${mdText(f.kind)}, ${confidenceText(f)}${scope}).`, undefined, '  ', '- '))
    }

    out.push('')
  }

  // Two participants who agree on a point a third disputes: said here, where it bears on the decision, not as settled.
  for (const agreement of commonGround) {
    const who = [...new Set(agreement.claims.map((c) => c.participant ?? 'unnamed participant'))]
    out.push(mdWrap(`**Common ground:** ${names(who)} agree: ${mdText(agreement.explanation.replace(/\s+agree\.?$/, ''))}.`), '')
  }

  for (const tension of point.tensions) {
    const resolution = tension.resolution ? mdText(tension.resolution) : 'the catalog gives none for this tension.'
    out.push(mdWrap(`**Catalog resolution** (tension ${mdText(tension.id)}, ${mdText(tension.name)}): ${resolution}`), '')
  }

  out.push(mdWrap(`**To decide:** ${mdText(point.question)}`), '')
  return out
}

function agreementSection(agreement: MapAgreement, index: number): string[] {
  const out = [`### A${index}. ${mdText(plainHeading(agreement.decisionPoint.heading))}`, '', mdParagraph(agreement.explanation), '']
  for (const claim of agreement.claims) {
    out.push(mdWrap(`**${mdText(claim.participant ?? 'unnamed participant')}** (${where(claim)}):`), '', mdQuote(sentenceOf(claim)), '')
  }

  return out
}

function appendixSection(f: MapFinding, index: number): string[] {
  const point = plainHeading(f.decisionPoint?.heading ?? f.subject ?? `${f.kind} disagreement`)
  const out = [`### L${index}. ${mdText(point)}`, '']
  out.push(
    mdWrap(`${mdText(explanationOf(f))} (finding ${mdText(f.id)}, ${mdText(f.kind)}, ${confidenceText(f)}${f.scope === 'internal' ? ', internal' : ''}).`),
    '',
  )
  for (const claim of [f.a, f.b]) {
    out.push(mdWrap(`**${mdText(claim.participant ?? 'unnamed participant')}** (${where(claim)}):`), '', mdQuote(sentenceOf(claim)), '')
  }

  return out
}

function commands(v: SummaryVerification): string[] {
  const out: string[] = []
  if (v.notaryDir) out.push(`khaos verify ${shellQuote(v.notaryDir)} ${v.notaryKey ? `--key ${shellQuote(v.notaryKey)}` : '--trust-embedded-key'}`)
  if (v.checksumFile) {
    const check = `sha256sum -c ${shellQuote(v.checksumFile)}`
    out.push(v.checksumDir ? `(cd ${shellQuote(v.checksumDir)} && ${check})` : check)
  }

  if (v.signify) {
    out.push(`(cd ${shellQuote(v.signify.dir)} && signify-openbsd -C -p ${shellQuote(v.signify.publicKey)} -x ${shellQuote(v.signify.signature)})`)
  }

  if (v.minisign) {
    const sig = v.minisign.signature ? ` -x ${shellQuote(v.minisign.signature)}` : ''
    out.push(`minisign -Vm ${shellQuote(v.minisign.file)} -p ${shellQuote(v.minisign.publicKey)}${sig}`)
  }

  return out
}

export function renderSummary(input: SynthesisSummaryInput): string {
  const showDurations = input.showDurations ?? input.timestamp.source === 'clock'
  const {lowConfidence, points} = groupDecisionPoints(input.findings)
  // An agreement on a point that others dispute is not settled: it goes with that decision point.
  // (The same key and heading: "Number of contractors" agreed is no common ground on "Cost of the contractor".)
  const pointOf = (p: {heading: string; key: string}) => `${p.key}\n${plainHeading(p.heading).toLowerCase()}`
  const disputed = new Set(points.map((p) => pointOf(p)))
  const allAgreements = sortedAgreements(input.agreements ?? [])
  const agreements = allAgreements.filter((a) => !disputed.has(pointOf(a.decisionPoint)))
  const commonGround = (point: DecisionPointGroup) => allAgreements.filter((a) => pointOf(a.decisionPoint) === pointOf(point))
  const out: string[] = []
  const push = (...lines: string[]) => out.push(...lines)

  // A heading ends without punctuation (markdownlint MD026); the whole topic is in the table below.
  push(`# Synthesis summary: ${mdText(truncate(input.topic, 120)).replace(/[.,;:!]+$/, '') || '(no topic)'}`, '')
  const signing = input.signing.signed
    ? `signed with key ${mdText(input.signing.key ?? 'default')}${input.signing.keyCreated ? ' (created by this run: no key existed)' : ''}`
    : `**unsigned**${input.signing.reason ? ` (${mdText(input.signing.reason)})` : ''}`
  push(
    mdTable(
      ['Fact', 'Value'],
      [
        ['Session', input.session],
        ['Topic', input.topic],
        [{raw: 'Participants'}, {raw: input.participants.length > 0 ? input.participants.map(mdCell).join(', ') : 'none named'}],
        ['Timestamp', `${input.timestamp.iso} (from ${TIME_SOURCE[input.timestamp.source]})`],
        ['khaos version', input.khaosVersion],
        [{raw: 'Inputs'}, {raw: input.inputs.length > 0 ? `${input.inputs.length} file(s)` : 'none: the topic alone was analysed'}],
        [{raw: 'Decision points'}, {raw: `${points.length} (from ${points.reduce((n, p) => n + p.findings.length, 0)} contradiction(s))`}],
        [{raw: 'Agreed points'}, {raw: String(agreements.length)}],
        [{raw: 'Low-confidence findings'}, {raw: `${lowConfidence.length} (appendix)`}],
        [{raw: 'Signing'}, {raw: signing}],
      ],
    ),
    '',
  )
  for (const note of input.notes ?? []) push(mdParagraph(note), '')

  push(`## Decision points (${points.length})`, '')
  if (points.length === 0) {
    push(
      mdParagraph(
        input.inputs.length === 0
          ? 'None: no input files were given, so there were no claims to compare.'
          : lowConfidence.length > 0
            ? 'None: every contradiction the engine found is below its confidence threshold (see the appendix).'
            : 'None: the analysed inputs hold no contradicting claims the engine recognises.',
      ),
      '',
    )
  } else {
    push(
      mdParagraph(
        'Each decision point is a question the participants answer differently: their positions, quoted in full, why they conflict, and what is left to decide.',
      ),
      '',
    )
    for (const [i, point] of points.entries()) push(...decisionPointSection(point, i + 1, commonGround(point)))
  }

  push(`## Agreed points (${agreements.length})`, '')
  const onDisputed = allAgreements.length - agreements.length
  if (onDisputed > 0) push(mdParagraph(`${onDisputed} more agreement(s) sit on disputed decision points and are shown there as common ground.`), '')
  if (agreements.length === 0 && onDisputed === 0) push(mdParagraph('None found: no two participants make the same claim in words the engine matches.'), '')
  else for (const [i, agreement] of agreements.entries()) push(...agreementSection(agreement, i + 1))

  push('## Open questions', '')
  if (points.length === 0) {
    push('Nothing to decide from the inputs.', '')
  } else {
    for (const [i, point] of points.entries())
      push(mdWrap(`${mdText(point.question)} (decision point ${i + 1})`, undefined, ' '.repeat(`${i + 1}. `.length), `${i + 1}. `))
    push('')
  }

  push('## Decision record', '')
  if (input.record) {
    push(
      mdTable(
        ['Field', 'Value'],
        [
          ['Id', input.record.id],
          ['Title', input.record.title],
          ['Status', input.record.status],
          ['File', input.record.path ?? ''],
        ],
      ),
      '',
    )
    if (points.length > 0) {
      push(
        mdParagraph('The record lists each position as a considered option and leaves the outcome to be decided. Once the decision makers have settled it:'),
        '',
      )
      const dir = input.recordsDir === undefined ? '' : ` --dir ${shellQuote(input.recordsDir)}`
      push(mdFence(`khaos dao accept ${input.record.id}${dir} --decision "what was decided"\nkhaos dao show ${input.record.id}${dir}`, 'text'), '')
    }
  } else {
    push('No decision record was written in this run.', '')
  }

  push(`## Low-confidence findings (appendix, ${lowConfidence.length})`, '')
  if (lowConfidence.length === 0) push('None.', '')
  else {
    push(mdParagraph("Below the engine's confidence threshold: likely noise, kept out of the decision points. Check one only if it rings true."), '')
    for (const [i, f] of lowConfidence.entries()) push(...appendixSection(f, i + 1))
  }

  push('## Provenance', '')
  push('### Stages', '')
  const stageRows = input.stages.map((stage, i) => [
    {raw: String(i + 1)},
    stage.name,
    {raw: stage.status},
    {raw: showDurations ? formatMs(stage.durationMs) : '—'},
    stage.detail ?? '',
  ])
  push(mdTable(['Step', 'Stage', 'Status', 'Duration', 'Detail'], stageRows), '')
  if (showDurations) push(`Total: ${formatMs(input.stages.reduce((sum, s) => sum + s.durationMs, 0))}.`, '')
  else
    push(
      mdParagraph(
        'Durations are left out of this file because the run is reproducible (fixed timestamp): measured times differ between runs and would break byte-identical output.',
      ),
      '',
    )

  if (input.inputs.length > 0) {
    push('### Inputs', '')
    push(
      mdTable(
        ['File', 'Bytes', 'SHA-256'],
        input.inputs.map((f) => [f.path, {raw: f.bytes === undefined ? '' : String(f.bytes)}, {raw: f.sha256 ? `\`${f.sha256}\`` : ''}]),
      ),
      '',
    )
  }

  push('### Artifacts', '')
  const hex = (value: string) => (/^[0-9a-f]{64}$/i.test(value) ? `\`${value.toLowerCase()}\`` : mdCell(value))
  push(
    mdTable(
      ['Artifact', 'What', 'Bytes', 'SHA-256'],
      input.artifacts.map((a) => [a.path, a.role ?? '', {raw: a.bytes === undefined ? '' : String(a.bytes)}, {raw: hex(a.sha256)}]),
    ),
    '',
  )

  push('### Verify', '')
  if (!input.signing.signed) {
    push(
      mdWrap(
        `**This run is unsigned.** ${mdText('Nothing here proves who produced these artifacts; the commands below only check that the files still match their recorded SHA-256 hashes.')}`,
      ),
      '',
    )
  }

  const list = commands(input.verification)
  if (list.length === 0) push('No verification commands: this run produced no notary output.', '')
  else push('Paste into a POSIX shell, from the directory `khaos synthesize` ran in:', '', mdFence(list.join('\n'), 'sh'), '')
  return `${out.join('\n').replace(/\n+$/, '')}\n`
}
