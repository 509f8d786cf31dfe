import {truncate} from '../map/dot.js'
import type {MapClaim, MapFinding, MapRecord} from '../map/fragment.js'
import {mdCell, mdFence, mdParagraph, mdQuote, mdTable, mdText, shellQuote} from './markdown.js'

/**
 * SYNTHESIS_SUMMARY_<session>.md: the document a person reads after `khaos synthesize`. Every user string
 * goes through the escaping helpers in markdown.ts, so the file is HTML-free whatever the topic, the
 * participants or the quoted claims contain; verification commands are built from paths, POSIX-quoted, inside
 * a fence that no content can close.
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
  findings: MapFinding[]
  record?: MapRecord
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

function where(claim: MapClaim): string {
  const parts: string[] = []
  if (claim.participant) parts.push(mdText(claim.participant))
  if (claim.source) parts.push(`${mdText(claim.source)}${claim.line === undefined ? '' : `:${claim.line}`}`)
  else if (claim.line !== undefined) parts.push(`line ${claim.line}`)
  return parts.length > 0 ? ` (${parts.join(', ')})` : ''
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`
}

function findingSection(f: MapFinding, index: number): string {
  const score = typeof f.score === 'number' && Number.isFinite(f.score) ? ` (score ${f.score.toFixed(2)})` : ''
  const subject = f.subject ? `: ${mdText(truncate(f.subject, 160))}` : ''
  const lines = [
    `### ${index}. ${mdText(f.kind)}${subject}${score}`,
    '',
    `Finding ${mdText(f.id)}.`,
    '',
    `**Claim A**${where(f.a)}:`,
    '',
    mdQuote(f.a.text),
    '',
    `**Claim B**${where(f.b)}:`,
    '',
    mdQuote(f.b.text),
    '',
  ]
  if (f.tension) {
    lines.push(`**Tension** ${mdText(f.tension.id)}: ${mdText(f.tension.name)}`, '')
    lines.push(f.tension.resolution ? `**Proposed resolution:** ${mdText(f.tension.resolution)}` : '**Proposed resolution:** none in the catalog for this tension.', '')
  } else {
    lines.push('**Proposed resolution:** no catalog tension matched; decide it in the record.', '')
  }

  return lines.join('\n')
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
  const out: string[] = []
  const push = (...lines: string[]) => out.push(...lines)

  push(`# Synthesis summary: ${mdText(truncate(input.topic, 120)) || '(no topic)'}`, '')
  const signing = input.signing.signed
    ? `signed with key ${mdText(input.signing.key ?? 'default')}${input.signing.keyCreated ? ' (created by this run: no key existed)' : ''}`
    : `**unsigned**${input.signing.reason ? ` (${mdText(input.signing.reason)})` : ''}`
  push(
    mdTable(['Fact', 'Value'], [
      ['Session', input.session],
      ['Topic', input.topic],
      [{raw: 'Participants'}, {raw: input.participants.length > 0 ? input.participants.map(mdCell).join(', ') : 'none named'}],
      ['Timestamp', `${input.timestamp.iso} (from ${TIME_SOURCE[input.timestamp.source]})`],
      ['khaos version', input.khaosVersion],
      [{raw: 'Inputs'}, {raw: input.inputs.length > 0 ? `${input.inputs.length} file(s)` : 'none: the topic alone was analysed'}],
      [{raw: 'Contradictions'}, {raw: String(input.findings.length)}],
      [{raw: 'Signing'}, {raw: signing}],
    ]),
    '',
  )
  for (const note of input.notes ?? []) push(mdParagraph(note), '')

  push('## Stages', '')
  const stageRows = input.stages.map((stage, i) => [
    {raw: String(i + 1)},
    stage.name,
    {raw: stage.status},
    {raw: showDurations ? formatMs(stage.durationMs) : '—'},
    stage.detail ?? '',
  ])
  push(mdTable(['Step', 'Stage', 'Status', 'Duration', 'Detail'], stageRows), '')
  if (showDurations) push(`Total: ${formatMs(input.stages.reduce((sum, s) => sum + s.durationMs, 0))}.`, '')
  else push('Durations are left out of this file because the run is reproducible (fixed timestamp): measured times differ between runs and would break byte-identical output.', '')

  push(`## Contradictions found (${input.findings.length})`, '')
  if (input.findings.length === 0) {
    push(input.inputs.length === 0 ? 'None: no input files were given, so there were no claims to compare.' : 'None: the analysed inputs hold no contradicting claims the engine recognises.', '')
  } else {
    for (const [i, f] of input.findings.entries()) push(findingSection(f, i + 1))
  }

  push('## Decision record', '')
  if (input.record) {
    push(mdTable(['Field', 'Value'], [['Id', input.record.id], ['Title', input.record.title], ['Status', input.record.status], ['File', input.record.path ?? '']]), '')
  } else {
    push('No decision record was written in this run.', '')
  }

  if (input.inputs.length > 0) {
    push('## Inputs', '')
    push(mdTable(['File', 'Bytes', 'SHA-256'], input.inputs.map((f) => [f.path, {raw: f.bytes === undefined ? '' : String(f.bytes)}, {raw: f.sha256 ? `\`${f.sha256}\`` : ''}])), '')
  }

  push('## Artifacts', '')
  const hex = (value: string) => (/^[0-9a-f]{64}$/i.test(value) ? `\`${value.toLowerCase()}\`` : mdCell(value))
  push(mdTable(['Artifact', 'What', 'Bytes', 'SHA-256'], input.artifacts.map((a) => [a.path, a.role ?? '', {raw: a.bytes === undefined ? '' : String(a.bytes)}, {raw: hex(a.sha256)}])), '')

  push('## Verify', '')
  if (!input.signing.signed) {
    push('**This run is unsigned.** Nothing here proves who produced these artifacts; the commands below only check that the files still match their recorded SHA-256 hashes.', '')
  }

  const list = commands(input.verification)
  if (list.length === 0) push('No verification commands: this run produced no notary output.', '')
  else push('Paste into a POSIX shell, from the directory `khaos synthesize` ran in:', '', mdFence(list.join('\n'), 'sh'), '')
  return `${out.join('\n').replace(/\n+$/, '')}\n`
}
