import type {History} from '../history.js'
import type {SuppressedFinding} from '../runner.js'
import type {ReportContext} from './model.js'
import type {TextOptions} from './text.js'

/**
 * The output formats of `khaos trial run`, by id: the command's `--format` options and its help are derived from
 * this table, so a new format is one entry here (its renderer module is imported only when chosen).
 */

export interface RenderInput {
  context: ReportContext
  /** Inline-suppressed findings (SARIF lists them with `suppressions`). */
  suppressed: SuppressedFinding[]
  /** The scan target as given: SARIF and GitHub annotations resolve paths from the repository holding it. */
  target: string
  width?: number
  excerpts?: TextOptions['excerpts']
  /** Earlier runs for the HTML trend (`--history DIR`). */
  history?: History
}

export interface ReportFormat {
  description: string
  render(input: RenderInput): Promise<string>
}

export const REPORT_FORMATS = {
  text: {
    description: 'the table for a terminal, worst first (with source excerpts on a TTY)',
    async render(input) {
      return (await import('./text.js')).renderText(input.context, {excerpts: input.excerpts, width: input.width})
    },
  },
  markdown: {
    description: 'the readable report: per family, per trial, with remediation',
    async render(input) {
      return (await import('./markdown.js')).renderMarkdown(input.context)
    },
  },
  json: {
    description: '{findings, summary} for scripts and baselines',
    async render(input) {
      return `${JSON.stringify(input.context.report, null, 2)}\n`
    },
  },
  sarif: {
    description: 'SARIF 2.1.0 for GitHub code scanning',
    async render(input) {
      const {renderSarif, sarifUriPrefix} = await import('./sarif.js')
      return renderSarif(input.context, {suppressed: input.suppressed, uriPrefix: sarifUriPrefix(input.target)})
    },
  },
  junit: {
    description: 'JUnit XML, one testcase per trial',
    async render(input) {
      return (await import('./junit.js')).renderJunit(input.context)
    },
  },
  github: {
    description: 'GitHub Actions workflow commands (::error file=…,line=…::) that annotate the pull request',
    async render(input) {
      const [{renderGithub}, {sarifUriPrefix}] = await Promise.all([import('./github.js'), import('./sarif.js')])
      return renderGithub(input.context, {uriPrefix: sarifUriPrefix(input.target)})
    },
  },
  html: {
    description: 'a self-contained page with charts: findings by family and severity, the trend across --history runs',
    async render(input) {
      return (await import('./html.js')).renderHtml(input.context, {history: input.history})
    },
  },
} satisfies Record<string, ReportFormat>

export type FormatId = keyof typeof REPORT_FORMATS
export const FORMAT_IDS = Object.keys(REPORT_FORMATS) as FormatId[]

export function renderReport(format: FormatId, input: RenderInput): Promise<string> {
  return REPORT_FORMATS[format].render(input)
}
