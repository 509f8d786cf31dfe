import {Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {
  analyze,
  type Analysis,
  CONTRADICTION_FORMAT_IDS,
  CONTRADICTION_FORMATS,
  type ContradictionFormatId,
  loadCatalog,
  mapParticipants,
  writeAnalysis,
} from '../../contradictions/index.js'
import {assertWritable} from '../../shared/atomic.js'
import {InputError} from '../../shared/errors.js'
import {note, startStage, warn} from '../../shared/output.js'
import {resolveTimestamp} from '../../shared/time.js'

export default class ContradictionsAnalyze extends KhaosCommand<typeof ContradictionsAnalyze> {
  static override description = `Find where participants contradict each other (negation, antonyms, numbers with units) and which catalog tension is at stake.

Inputs are Markdown or plain text; code blocks, tables, headings and front matter are not claims. Only claims that share a subject term are compared. With --out, writes analysis.json and report.md into a new folder (atomically).`

  static override examples = [
    '<%= config.bin %> contradictions analyze --input alice.md --input bob.md --participants alice,bob',
    '<%= config.bin %> contradictions analyze --input notes/*.md --out analysis --timestamp 2026-01-01T00:00:00Z',
    '<%= config.bin %> contradictions analyze --input a.md --input b.md --json --fail-on-findings',
    '<%= config.bin %> contradictions analyze --input docs/design/*.md --format github   # annotations on a pull request',
  ]

  static override flags = {
    'fail-on-findings': Flags.boolean({
      description: 'Exit 1 when at least one finding makes the main list (for CI); low-confidence findings, in the appendix, do not fail the check.',
    }),
    force: Flags.boolean({description: 'Replace an existing --out folder.'}),
    format: Flags.string({
      default: 'text',
      description: `What to print: ${CONTRADICTION_FORMAT_IDS.map((id) => `${id} (${CONTRADICTION_FORMATS[id].description})`).join('; ')}.`,
      options: CONTRADICTION_FORMAT_IDS,
    }),
    input: Flags.string({char: 'i', description: 'A Markdown or text file; repeat for several participants.', multiple: true}),
    out: Flags.string({char: 'o', description: 'Folder to write analysis.json and report.md into.'}),
    participants: Flags.string({description: 'Comma-separated participant names, one per --input, in order (default: file names).'}),
    timestamp: Flags.string({description: 'Time recorded in the analysis (ISO 8601 with zone); default SOURCE_DATE_EPOCH, else now.'}),
    topic: Flags.string({description: 'The topic being discussed, recorded in the analysis.'}),
  }

  async run(): Promise<Omit<Analysis, 'claims'> & {out?: string}> {
    const {flags} = this
    const paths = flags.input ?? []
    if (paths.length === 0 && !flags.topic) throw new InputError('give at least one --input FILE (or a --topic)')
    if (flags.out) assertWritable(flags.out, {overwrite: flags.force})
    const inputs = mapParticipants(paths, flags.participants)
    const time = resolveTimestamp(flags.timestamp)
    const catalog = loadCatalog(this.config.root)
    const stage = await startStage(`Analysing ${paths.length} input(s)`, {silent: this.jsonEnabled()})
    let analysis: Analysis
    try {
      analysis = analyze({
        catalog,
        generatedAt: time.iso,
        inputs,
        onSkip: (path, reason) => warn(`skipped ${path}: ${reason}`),
        root: this.config.root,
        topic: flags.topic,
      })
    } catch (error) {
      stage.fail()
      throw error
    }

    stage.succeed(`${analysis.stats.claims} claims, ${analysis.findings.length} findings`)
    if (flags.out) writeAnalysis(flags.out, analysis, {overwrite: flags.force})
    if (!this.jsonEnabled()) {
      // Through this.log: quotes from the inputs pass the terminal-safe filter like every printed line.
      this.log(CONTRADICTION_FORMATS[flags.format as ContradictionFormatId].render(analysis).trimEnd())
      if (flags.out) note(`wrote ${flags.out}/analysis.json and ${flags.out}/report.md`)
    }

    if (flags['fail-on-findings'] && analysis.findings.some((f) => !f.lowConfidence)) process.exitCode = 1
    const {claims: _claims, ...summary} = analysis
    return {...summary, ...(flags.out ? {out: flags.out} : {})}
  }
}
