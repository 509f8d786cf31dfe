import {Args, Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {cacheDirOf} from '../../shared/memo.js'
import {findDrill, loadCatalog} from '../../drills/catalog.js'
import {sweepStaleScratch} from '../../drills/fixture.js'
import {detectUserland, verifyDrill, type Userland, type VerifyEntry} from '../../drills/verify.js'
import {drillsState} from '../../drills/workspace.js'
import {InputError} from '../../shared/errors.js'

export default class DrillVerify extends KhaosCommand<typeof DrillVerify> {
  static override args = {drill: Args.string({description: 'Drill id(s) or slug(s) to verify (or --all).', ignoreStdin: true})}
  static override summary = 'Verify drills: reference solutions pass, wrong and hard-coded answers fail.'

  static override description = [
    'For CI and drill authors: on K seeds the reference solution for this userland passes, every known wrong',
    'answer fails, and the answer hard-coded from seed k fails on seed k+1. Missing tools give SKIP (--strict: failure).',
  ].join(' ')

  static override examples = [
    '<%= config.bin %> drill verify --all --seeds 10',
    '<%= config.bin %> drill verify 2 7 --json',
    '<%= config.bin %> drill verify --all --strict',
  ]
  static override flags = {
    all: Flags.boolean({description: 'Verify every drill.'}),
    seeds: Flags.integer({default: 3, description: 'How many seeds (1..K) to try.', max: 1000, min: 1}),
    strict: Flags.boolean({description: 'Treat SKIP (a missing tool) as failure.'}),
    userland: Flags.string({
      description:
        "Run this userland's reference solutions (default: gnu on Linux, bsd elsewhere); e.g. --userland bsd on Linux tries the BSD/macOS solutions where their tools behave the same.",
      options: ['gnu', 'bsd'],
    }),
  }

  static override strict = false

  async run(): Promise<{drills: VerifyEntry[]; failed: number; passed: number; skipped: number; userland: string}> {
    const catalog = await loadCatalog(this.config.root, cacheDirOf(this.stateRoot))
    // strict = false lets several drills be named.
    const positional = this.positionals
    const flagLike = positional.find((a) => a.startsWith('-'))
    if (flagLike) throw new InputError(`unknown flag ${flagLike}`)

    if (this.flags.all && positional.length > 0) throw new InputError('give drill ids or --all, not both')
    if (!this.flags.all && positional.length === 0) throw new InputError('which drills? `khaos drill verify N…` or `khaos drill verify --all`')
    const drills = this.flags.all ? catalog : [...new Set(positional.map((r) => findDrill(catalog, r)))].sort((a, b) => a.id - b.id)
    sweepStaleScratch(drillsState(this.stateRoot).runs)
    const userland = (this.flags.userland as Userland | undefined) ?? detectUserland()
    const results: VerifyEntry[] = []
    for (const drill of drills) {
      const entry = await verifyDrill(drill, this.flags.seeds, drillsState(this.stateRoot).runs, userland)
      results.push(entry)
      if (!this.jsonEnabled()) {
        this.log(
          `${entry.status.toUpperCase().padEnd(4)}  ${String(drill.id).padStart(2, '0')} ${drill.slug} (${(entry.ms / 1000).toFixed(1)} s)  ${entry.reason.split('\n')[0]}`,
        )
        for (const line of entry.reason.split('\n').slice(1)) this.log(`        ${line}`)
      }
    }

    const count = (s: VerifyEntry['status']) => results.filter((r) => r.status === s).length
    const report = {drills: results, failed: count('fail'), passed: count('pass'), skipped: count('skip'), userland}
    if (!this.jsonEnabled())
      this.log(`${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped (${report.userland} userland, ${this.flags.seeds} seed(s))`)
    if (report.failed > 0 || (this.flags.strict && report.skipped > 0)) process.exitCode = 1
    return report
  }
}
