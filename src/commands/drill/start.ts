import {Args, Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {cacheDirOf} from '../../shared/memo.js'
import {loadDrill, loadModule} from '../../drills/catalog.js'
import {startLive, stopLive} from '../../drills/fixture.js'
import {loadProgress, saveProgress} from '../../drills/progress.js'
import {ensureEntry, layWorkspace, parseSeed, randomSeed} from '../../drills/workspace.js'
import {resolveTimestamp} from '../../shared/time.js'

export default class DrillStart extends KhaosCommand<typeof DrillStart> {
  static override args = {drill: Args.string({description: 'Drill id (e.g. 2) or slug.', ignoreStdin: true, required: true})}
  static override description = "Lay out a drill's fixture in your workspace (under the state root) and print the task."
  static override examples = [
    '<%= config.bin %> drill start 2',
    '<%= config.bin %> drill start 2 --new --force   # a new fixture from a new seed',
    '<%= config.bin %> drill start 1 --live          # keep the stand-in server running while you explore',
  ]

  static override flags = {
    force: Flags.boolean({description: 'Replace an existing workspace laid out from another seed.'}),
    live: Flags.boolean({description: "Also run the drill's live part (server, processes, sockets) until Ctrl-C, so you can explore it."}),
    new: Flags.boolean({description: 'Pick a new random seed (a new fixture).', exclusive: ['seed']}),
    seed: Flags.string({description: 'Use this seed (integer) for the fixture.'}),
  }

  async run(): Promise<{
    env: Record<string, string>
    id: number
    laidOut: boolean
    live: boolean
    seed: number
    slug: string
    task: string
    workspace: string
  }> {
    const drill = await loadDrill(this.config.root, this.args.drill, cacheDirOf(this.stateRoot))
    const wanted = this.flags.seed === undefined ? (this.flags.new ? randomSeed() : undefined) : parseSeed(this.flags.seed)
    const module = await loadModule(drill)
    const {iso} = resolveTimestamp()
    const progress = loadProgress(this.stateRoot)
    const seed = wanted ?? progress.drills[drill.nn]?.seed ?? randomSeed()
    const laid = await layWorkspace(this.stateRoot, drill, module, seed, this.flags.force)
    ensureEntry(progress, drill, iso, seed)
    saveProgress(this.stateRoot, progress)

    // With --live, start the live part first so its variables are part of the report.
    const live = this.flags.live && module.live ? await startLive(module, laid.workspace, seed, module.generate(seed)) : undefined
    const result = {
      env: live?.env ?? {},
      id: drill.id,
      laidOut: laid.laidOut,
      live: Boolean(module.live),
      seed,
      slug: drill.slug,
      task: drill.task,
      workspace: laid.workspace,
    }
    if (this.jsonEnabled()) {
      if (live) this.logJson(result)
    } else {
      this.log(`Drill ${drill.nn} · ${drill.title} · ${drill.bloom}   (seed ${seed})\n`)
      this.log(drill.task.trimEnd())
      this.log(`\nworkspace: ${laid.workspace}${laid.laidOut ? '' : ' (kept: already laid out for this seed)'}`)
      this.log(`  cd ${JSON.stringify(laid.workspace)}`)
      if (module.live && !live) this.log(`This drill has a live part; run \`khaos drill start ${drill.id} --live\` in another terminal to explore it.`)
      if (this.flags.live && !module.live) this.log('(this drill has no live part: --live does nothing)')
      this.log(`check:   khaos drill check ${drill.id} -- 'your command'   hints: khaos drill hint ${drill.id}`)
      if (live) {
        this.log('\nlive fixture running; in another terminal:')
        for (const [k, v] of Object.entries(live.env).sort()) this.log(`  export ${k}=${JSON.stringify(v)}`)
        this.log('press Ctrl-C to stop it')
      }
    }

    if (live) {
      // Runs until interrupted; fixture.ts stops the live part on SIGINT/SIGTERM/SIGHUP and on exit. The
      // interval keeps the event loop alive (the live part's handles may be unref'd).
      await new Promise<void>(() => {
        setInterval(() => {}, 1 << 30)
      })
      stopLive(live)
    }

    return result
  }
}
