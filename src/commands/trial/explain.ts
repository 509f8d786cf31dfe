import {Args} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {cacheDirOf} from '../../shared/memo.js'
import {InputError} from '../../shared/errors.js'
import {FIX_KINDS, type FixKind} from '../../trials/fix/kinds.js'
import {selectTrials} from '../../trials/registry.js'
import {trialDocsUri} from '../../trials/docs.js'
import {loadTrialSpecs} from '../../trials/spec.js'
import {FAMILIES, type Reference} from '../../trials/types.js'

export interface TrialExplanation {
  id: string
  title: string
  family: string
  severity: string
  rationale: string
  remediation: string
  /** Mechanical fixes `khaos trial fix` applies to this trial's findings. */
  fixes: Array<{id: FixKind; description: string}>
  /** Equivalent rules of other tools, as the trial's data lists them. */
  references: Reference[]
  docs: string
}

// Tools users are likely to run beside khaos, in the order they are shown; others follow alphabetically.
const TOOL_ORDER = ['compose-lint', 'KICS', 'zizmor', 'hadolint', 'gitleaks', 'dclint']

export default class TrialExplain extends KhaosCommand<typeof TrialExplain> {
  static override aliases = ['trial:show']
  static override args = {
    id: Args.string({description: 'Trial id: F4, f4 or F04.', required: true}),
  }

  static override description = `Explain one trial: why it matters, how to fix it, whether \`khaos trial fix\` can, and the equivalent rules of compose-lint, KICS, zizmor, hadolint and gitleaks (where one exists).`

  static override examples = ['<%= config.bin %> trial explain F4', '<%= config.bin %> trial explain f07 --json']

  async run(): Promise<TrialExplanation> {
    let selected
    try {
      selected = selectTrials(
        (await loadTrialSpecs(this.config.root, cacheDirOf(this.stateRoot))).map((spec) => ({spec})),
        {only: [this.args.id]},
      )
    } catch (error) {
      throw new InputError((error as Error).message)
    }

    const {spec} = selected[0]
    const rank = (tool: string) => {
      const i = TOOL_ORDER.findIndex((t) => t.toLowerCase() === tool.toLowerCase())
      return i === -1 ? TOOL_ORDER.length : i
    }

    const references = [...spec.references].sort((a, b) => rank(a.tool) - rank(b.tool) || (a.tool < b.tool ? -1 : a.tool > b.tool ? 1 : 0))
    const out: TrialExplanation = {
      docs: trialDocsUri(spec.id),
      family: FAMILIES[spec.family],
      fixes: (spec.fix ?? []).map((id) => ({description: FIX_KINDS[id], id})),
      id: spec.id,
      rationale: spec.rationale.trim(),
      references,
      remediation: spec.remediation.trim(),
      severity: spec.severity,
      title: spec.title,
    }
    if (!this.jsonEnabled()) this.log(renderExplanation(out))
    return out
  }
}

function renderExplanation(e: TrialExplanation): string {
  const lines = [
    `${e.id} ${e.title}`,
    `${e.family} · severity ${e.severity}`,
    '',
    'Why it matters',
    indent(e.rationale),
    '',
    'How to fix',
    indent(e.remediation),
    '',
  ]
  if (e.fixes.length > 0) {
    lines.push(`Mechanical fix (khaos trial fix --only ${e.id} --dry-run shows the diff)`)
    for (const f of e.fixes) lines.push(`  ${f.id}: ${f.description}`)
  } else {
    lines.push('Mechanical fix: none; every finding needs a human decision (see How to fix).')
  }

  lines.push('')
  if (e.references.length > 0) {
    lines.push('Equivalent rules elsewhere')
    let tool = ''
    for (const r of e.references) {
      if (r.tool !== tool) lines.push(`  ${r.tool}`)
      tool = r.tool
      lines.push(`    ${r.id}${r.title ? `  ${r.title}` : ''}${r.url ? `\n      ${r.url}` : ''}`)
    }
  } else {
    lines.push('Equivalent rules elsewhere: none known in compose-lint, KICS, zizmor, hadolint or gitleaks.')
  }

  lines.push('', `Docs: ${e.docs}`)
  return lines.join('\n')
}

function indent(text: string): string {
  return wrap(text.replace(/\s+/g, ' '), 100)
    .map((l) => `  ${l}`)
    .join('\n')
}

function wrap(text: string, width: number): string[] {
  const out: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line)
      line = word
    } else {
      line = line ? `${line} ${word}` : word
    }
  }

  if (line) out.push(line)
  return out
}
