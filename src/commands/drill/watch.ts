import {Args, Flags} from '../../shared/oclif.js'
import {resolve} from 'node:path'

import {KhaosCommand} from '../../base-command.js'
import {cacheDirOf} from '../../shared/memo.js'
import {loadCatalog, findDrill, type Drill} from '../../drills/catalog.js'
import {paintVerdict, progressBar} from '../../drills/display.js'
import {
  assertCommand,
  checkAndRecord,
  contentHash,
  defaultSolutionPath,
  ensureSolutionFile,
  formatCheck,
  isBlankSolution,
  nextUnpassed,
  readSolutionFile,
  referenceSolution,
  watchSolution,
} from '../../drills/loop.js'
import {loadProgress} from '../../drills/progress.js'
import {statusOf} from '../../drills/report.js'
import {note} from '../../shared/output.js'
import {terminalSafe} from '../../shared/text.js'
import {resolveTimestamp} from '../../shared/time.js'

export default class DrillWatch extends KhaosCommand<typeof DrillWatch> {
  static override args = {drill: Args.string({description: 'Drill id (e.g. 2) or slug.', ignoreStdin: true, required: true})}
  static override summary = 'Watch your solution file: re-check it on every save, show PASS/FAIL, move on after a pass.'
  static override description = [
    'Watch mode, as rustlings does it: edit the solution file in your editor; each save re-runs the check',
    '(the same as `khaos drill check N --file F`, counted in your progress) and shows PASS or FAIL with what differs.',
    'After a pass it moves on to the next drill you have not passed. Without --file it uses solution-NN.sh in the',
    'current directory, created with the task as comments if absent. Ctrl-C stops (exit 130).',
  ].join(' ')

  static override enableJsonFlag = false
  static override examples = [
    '<%= config.bin %> drill watch 2                     # edits solution-02.sh here, then solution-03.sh...',
    '<%= config.bin %> drill watch 2 --file mine.sh --show-solution',
    '<%= config.bin %> drill watch 2 --no-advance        # stay on drill 2 after a pass',
  ]

  static override flags = {
    advance: Flags.boolean({allowNo: true, default: true, description: 'After a pass, move on to the next drill not passed yet.'}),
    file: Flags.string({char: 'f', description: 'The solution file to watch (kept across drills; default: solution-NN.sh per drill).'}),
    'show-solution': Flags.boolean({description: 'After a pass, show the reference solution to compare with yours.'}),
  }

  private interactive = Boolean(process.stdout.isTTY)

  async run(): Promise<void> {
    let stop = () => {}
    // First, before anything that writes a file: shared/atomic.ts installs its own exit-on-signal handler on
    // its first write, and the first listener registered is the first to run.
    process.once('SIGINT', () => {
      stop()
      process.stdout.write('\nstopped watching (Ctrl-C)\n')
      // 130 like any interrupted command; exit handlers (fixture.ts, runner.ts) remove scratch copies and
      // kill a check still running.
      process.exit(130)
    })
    const drills = await loadCatalog(this.config.root, cacheDirOf(this.stateRoot))
    let drill = findDrill(drills, this.args.drill)
    let file = this.flags.file ?? defaultSolutionPath(drill)
    // Once a drill is passed with --file, the same text must not count for the next drill: wait for a new save.
    let stale: string | undefined
    let busy = false
    let again: string | undefined

    await new Promise<void>((finish) => {
      const begin = () => {
        if (ensureSolutionFile(file, drill)) note(`created ${file} (the task as comments): write your command there and save`)
        this.header(drill, file, drills)
        stop = watchSolution(file, (text) => void onSave(text))
        const text = readSolutionFile(file)
        if (!isBlankSolution(text) && contentHash(text) !== stale) void onSave(text)
      }

      const onSave = async (text: string): Promise<void> => {
        if (busy) {
          again = text // checked once the running check ends: only the latest save counts
          return
        }

        if (isBlankSolution(text) || contentHash(text) === stale) return
        busy = true
        try {
          assertCommand(text, `the command in ${file}`)
          this.header(drill, file, drills)
          this.log(`checking ${terminalSafe(file)} …`)
          const recorded = await checkAndRecord(this.stateRoot, drill, text, resolveTimestamp().iso)
          for (const line of formatCheck(drill, recorded, {color: paintVerdict})) this.log(line)
          if (recorded.result.passed) {
            if (this.flags['show-solution'])
              this.log(
                `reference solution (${referenceSolution(drill).userland}):\n${terminalSafe(referenceSolution(drill).text, {keepLines: true}).replace(/^/gm, '  ')}`,
              )
            const progress = loadProgress(this.stateRoot)
            const next = this.flags.advance ? nextUnpassed(drills, drill, (d) => statusOf(progress.drills[d.nn]) === 'passed') : undefined
            if (this.flags.advance && !next) {
              this.log(`\n${progressBar(drills.length, drills.length)}: every drill passed. Well done.`)
              stop()
              finish()
              return
            }

            if (next) {
              this.log(`\nnext: drill ${next.nn} · ${next.title}`)
              stop()
              stale = this.flags.file ? contentHash(text) : undefined
              drill = next
              file = this.flags.file ?? defaultSolutionPath(drill)
              again = undefined
              begin()
              return
            }
          }

          this.log(`\nwatching ${terminalSafe(file)}: save to check again · Ctrl-C to stop`)
        } catch (error) {
          this.log(`${paintVerdict(false, 'ERROR')}  ${terminalSafe((error as Error).message)}`)
        } finally {
          busy = false
          const pending = again
          again = undefined
          if (pending !== undefined) void onSave(pending)
        }
      }

      begin()
    })
  }

  /** On a terminal each check starts on a clean screen (as rustlings does); piped output just goes on. */
  private header(drill: Drill, file: string, drills: Drill[]): void {
    const progress = loadProgress(this.stateRoot)
    const passed = drills.filter((d) => statusOf(progress.drills[d.nn]) === 'passed').length
    if (this.interactive) process.stdout.write('\u001B[2J\u001B[H')
    this.log(`${progressBar(passed, drills.length)}   drill ${drill.nn} · ${drill.title} (${drill.bloom})`)
    this.log(drill.task.trimEnd())
    this.log(`\nwatching ${terminalSafe(resolve(file))}: save to check · Ctrl-C to stop\n`)
  }
}
