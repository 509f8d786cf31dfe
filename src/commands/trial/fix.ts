import {Args, Flags} from '../../shared/oclif.js'
import chalk from 'chalk'
import {existsSync} from 'node:fs'
import {isIP} from 'node:net'

import {KhaosCommand} from '../../base-command.js'
import {cacheDirOf} from '../../shared/memo.js'
import {InputError, KhaosError} from '../../shared/errors.js'
import {note, startStage} from '../../shared/output.js'
import {FIX_KINDS} from '../../trials/fix/kinds.js'
import {loadTrials, selectTrials} from '../../trials/registry.js'
import {terminalSafe} from '../../shared/text.js'
import type {FixOutcome} from '../../trials/fix/index.js'

export interface FixReport {
  dryRun: boolean
  fixes: FixOutcome[]
  files: Array<{file: string; diff: string}>
  summary: {fixed: number; partial: number; refused: number; files: number}
}

export default class TrialFix extends KhaosCommand<typeof TrialFix> {
  static override args = {
    path: Args.string({default: '.', description: 'Project directory (or one file) to fix in place.'}),
  }

  static override description = `Apply the mechanical fixes for trial findings as minimal edits (comments and formatting kept) and print them as a unified diff.

Fixes (each trial's trial.yaml says which apply to it; khaos trial explain Fnn shows them):
${Object.entries(FIX_KINDS)
  .map(([id, d]) => `  ${id.padEnd(27)}${d}`)
  .join('\n')}
A finding whose fix needs a decision (which capability a service needs, which auth middleware, which SHA a tag points to) is refused and says why. Only files inside PATH are written, never through a symlink, atomically. Action pins are never looked up online: give them with --pin.
Exit 0 every finding of the selected trials fixed, 1 some need a human (refused, or fixed only in part), 2 usage error.`

  static override examples = [
    '<%= config.bin %> trial fix --dry-run',
    '<%= config.bin %> trial fix ./stack --only F4,F8',
    '<%= config.bin %> trial fix . --only F4 --interface 10.0.0.5',
    '<%= config.bin %> trial fix . --only F32 --pin actions/checkout@v4=11bd71901bbe5b1630ceea73d27597364c9af683',
  ]

  static override flags = {
    'dry-run': Flags.boolean({description: 'Print the diff; write nothing.'}),
    interface: Flags.string({default: '127.0.0.1', description: 'Host IP that published ports are bound to (bind-loopback).'}),
    only: Flags.string({description: 'Only these trials, e.g. F4,F8; repeatable.', multiple: true, multipleNonGreedy: true}),
    pin: Flags.string({description: 'owner/repo@ref=<40-hex sha> (or docker://image:tag=sha256:<digest>) for pin-action-sha; repeatable.', multiple: true}),
  }

  async run(): Promise<FixReport> {
    const {flags} = this
    if (isIP(flags.interface) === 0) throw new InputError(`--interface ${flags.interface}: not an IPv4 or IPv6 address`)
    const pins = parsePins(flags.pin ?? [])
    let trials
    try {
      trials = selectTrials(await loadTrials(this.config.root, cacheDirOf(this.stateRoot)), {only: flags.only}).filter((t) => (t.spec.fix ?? []).length > 0)
    } catch (error) {
      if (error instanceof KhaosError) throw new InputError(error.message)
      throw error
    }

    if (trials.length === 0)
      throw new InputError(
        `none of the selected trials has a mechanical fix; fixable: ${(await loadTrials(this.config.root, cacheDirOf(this.stateRoot)))
          .filter((t) => t.spec.fix?.length)
          .map((t) => t.spec.id)
          .join(', ')}`,
      )
    if (!existsSync(this.args.path)) throw new InputError(`fix target ${this.args.path}: no such file or directory`)
    const stage = await startStage(`scanning ${this.args.path} with ${trials.length} fixable trial(s)`, {silent: !process.stderr.isTTY})
    const [{buildModel}, {scanModel}, {planFixes, writePatches}] = await Promise.all([
      import('../../trials/model/index.js'),
      import('../../trials/runner.js'),
      import('../../trials/fix/index.js'),
    ])
    const model = buildModel(this.args.path)
    const result = await scanModel(model, this.args.path, trials)
    stage.succeed(`${result.findings.length} finding(s)`)
    const plan = await planFixes(
      model,
      result.findings,
      trials.map((t) => t.spec),
      {interface: flags.interface, pins},
    )
    if (!flags['dry-run'] && plan.patches.length > 0) writePatches(this.args.path, plan.patches)

    const fixed = plan.outcomes.filter((o) => o.status === 'fixed').length
    const partial = plan.outcomes.filter((o) => o.status === 'partial').length
    const refused = plan.outcomes.length - fixed - partial
    const report: FixReport = {
      dryRun: Boolean(flags['dry-run']),
      files: plan.patches.map((p) => ({diff: p.diff, file: p.file})),
      fixes: plan.outcomes,
      summary: {files: plan.patches.length, fixed, partial, refused},
    }
    if (!this.jsonEnabled()) this.print(report)
    if (refused + partial > 0) process.exitCode = 1
    return report
  }

  private print(report: FixReport): void {
    for (const f of report.files) process.stdout.write(colorDiff(terminalSafe(f.diff, {keepLines: true})))
    const verb = report.dryRun ? 'would fix' : 'fixed'
    for (const o of report.fixes) {
      const where = `${o.trial.padEnd(4)} ${o.file}:${o.line}`
      const line =
        o.status === 'refused'
          ? `${chalk.yellow('refused'.padEnd(9))} ${where}  ${o.evidence}: ${o.detail}`
          : `${o.status === 'fixed' ? chalk.green(verb.padEnd(9)) : chalk.yellow(`${report.dryRun ? 'would' : ''} partly`.trim().padEnd(9))} ${where}  ${o.evidence} → ${o.detail}${o.caveat ? chalk.dim(` (${o.caveat})`) : ''}`
      note(terminalSafe(line))
    }

    const s = report.summary
    note(
      `${s.fixed + s.partial} fix(es) ${report.dryRun ? 'to apply' : 'applied'} in ${s.files} file(s)${s.partial > 0 ? ` (${s.partial} partly)` : ''}; ${s.refused + s.partial} finding(s) need a human${report.dryRun && s.fixed + s.partial > 0 ? ' (run without --dry-run to write)' : ''}`,
    )
  }
}

/** `owner/repo@ref=sha` and `docker://image:tag=sha256:…` pins, validated; never looked up online. */
function parsePins(values: string[]): Map<string, string> {
  const pins = new Map<string, string>()
  for (const v of values) {
    const eq = v.lastIndexOf('=')
    const key = v.slice(0, eq).trim()
    const sha = v
      .slice(eq + 1)
      .trim()
      .toLowerCase()
    if (eq < 0 || key === '') throw new InputError(`--pin ${v}: expected owner/repo@ref=<sha>`)
    if (key.startsWith('docker://')) {
      if (!/^sha256:[0-9a-f]{64}$/.test(sha)) throw new InputError(`--pin ${v}: a docker:// pin needs a sha256:<64 hex> digest`)
    } else if (!/^[^/@\s]+\/[^/@\s]+@\S+$/.test(key) || !/^[0-9a-f]{40}$/.test(sha)) {
      throw new InputError(`--pin ${v}: expected owner/repo@ref=<40-hex commit sha>`)
    }

    pins.set(key, sha)
  }

  return pins
}

function colorDiff(diff: string): string {
  if (chalk.level === 0) return diff
  return diff
    .split('\n')
    .map((l) =>
      l.startsWith('+') && !l.startsWith('+++')
        ? chalk.green(l)
        : l.startsWith('-') && !l.startsWith('---')
          ? chalk.red(l)
          : l.startsWith('@@')
            ? chalk.cyan(l)
            : l,
    )
    .join('\n')
}
