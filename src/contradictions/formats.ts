import {workflowCommand} from '../shared/github.js'
import {oneLine, truncate} from '../shared/text.js'
import {type Analysis, renderReport} from './analyze.js'
import type {ClaimRef, Finding} from './types.js'

/**
 * The output formats of `khaos contradictions analyze`, by id: the command's `--format` options and help are
 * derived from this table, so a new format is one entry here.
 */
export interface ContradictionFormat {
  description: string
  render(analysis: Analysis): string
}

const QUOTE_CHARS = 240

function quoted(claim: ClaimRef): string {
  return `“${truncate(oneLine(claim.sentence || claim.text), QUOTE_CHARS, {atWord: true})}”`
}

function where(claim: ClaimRef): string {
  return `${claim.source}:${claim.line}`
}

/** The explanation without the heading it starts with ("retention of the logs: 7 days vs 14 days" under that heading). */
function reason(explanation: string, heading: string): string {
  const prefix = `${heading.toLowerCase()}: `
  return explanation.toLowerCase().startsWith(prefix) ? explanation.slice(prefix.length) : explanation
}

function between(f: Finding): string {
  return f.scope === 'internal' ? `${f.a.participant} contradicts themselves` : `${f.a.participant} and ${f.b.participant} disagree`
}

/** The main list first (best confidence first), then the low-confidence ones: the same order as the summary. */
function ranked(analysis: Analysis): {main: Finding[]; low: Finding[]} {
  const order = (x: Finding, y: Finding) => y.confidence - x.confidence || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)
  return {low: analysis.findings.filter((f) => f.lowConfidence).sort(order), main: analysis.findings.filter((f) => !f.lowConfidence).sort(order)}
}

function renderText(analysis: Analysis): string {
  const {main, low} = ranked(analysis)
  const out: string[] = []
  for (const f of main) {
    out.push(`${f.decisionPoint.heading}  (${f.kind}, ${between(f)}, confidence ${f.confidence.toFixed(2)})`)
    const width = Math.max(f.a.participant.length, f.b.participant.length)
    for (const claim of [f.a, f.b]) out.push(`  ${claim.participant.padEnd(width)}  ${where(claim)}  ${quoted(claim)}`)
    out.push(`  why: ${reason(f.explanation, f.decisionPoint.heading)}`)
    if (f.tension) out.push(`  catalog tension: ${f.tension.name} (khaos contradictions show ${f.tension.id})`)
    out.push('')
  }

  if (low.length > 0) {
    out.push(`Low confidence, not in the main list (${low.length}):`)
    for (const f of low)
      out.push(`  ${f.confidence.toFixed(2)}  ${f.decisionPoint.heading}: ${where(f.a)} / ${where(f.b)}: ${reason(f.explanation, f.decisionPoint.heading)}`)
    out.push('')
  }

  if (analysis.agreements.length > 0) {
    out.push(`Agreed (${analysis.agreements.length}):`)
    for (const a of analysis.agreements)
      out.push(
        `  ${a.decisionPoint.heading}: ${reason(a.explanation, a.decisionPoint.heading)} (${[...new Set(a.claims.map((c) => c.participant))].join(', ')})`,
      )
    out.push('')
  }

  const internal = main.filter((f) => f.scope === 'internal').length
  out.push(
    `${main.length} contradiction(s) (${main.length - internal} between participants, ${internal} internal), ${low.length} of low confidence, ${analysis.agreements.length} agreement(s), in ${analysis.stats.claims} claims from ${analysis.inputs.length} input(s)`,
  )
  return `${out.join('\n')}\n`
}

function renderGithub(analysis: Analysis): string {
  const {main, low} = ranked(analysis)
  const lines: string[] = []
  // Each side of a dispute is annotated, so the pull request shows it on both files.
  for (const [level, list] of [
    ['warning', main],
    ['notice', low],
  ] as const) {
    for (const f of list) {
      for (const [here, there] of [
        [f.a, f.b],
        [f.b, f.a],
      ]) {
        const title = `khaos: ${f.decisionPoint.heading}`
        const message = `${between(f)}: ${reason(f.explanation, f.decisionPoint.heading)}. Other side: ${where(there)} ${quoted(there)} (confidence ${f.confidence.toFixed(2)})`
        lines.push(workflowCommand(level, {file: here.source, line: here.line, title}, message))
      }
    }
  }

  lines.push(`khaos contradictions: ${main.length} contradiction(s), ${low.length} of low confidence, ${analysis.agreements.length} agreement(s)`)
  return `${lines.join('\n')}\n`
}

export const CONTRADICTION_FORMATS = {
  text: {description: 'each dispute with both quotes, file:line and why; then the low-confidence ones and the agreements', render: renderText},
  markdown: {description: 'the report.md that --out writes', render: renderReport},
  json: {
    description: 'the analysis without the claim list (what --json prints)',
    render: (analysis) => {
      const {claims: _claims, ...rest} = analysis
      return `${JSON.stringify(rest, null, 2)}\n`
    },
  },
  github: {description: 'GitHub Actions annotations on both lines of each dispute (warning; notice when of low confidence)', render: renderGithub},
} satisfies Record<string, ContradictionFormat>

export type ContradictionFormatId = keyof typeof CONTRADICTION_FORMATS
export const CONTRADICTION_FORMAT_IDS = Object.keys(CONTRADICTION_FORMATS) as ContradictionFormatId[]
