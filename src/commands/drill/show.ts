import {Args} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {cacheDirOf} from '../../shared/memo.js'
import {loadDrill} from '../../drills/catalog.js'
import {loadProgress} from '../../drills/progress.js'
import {statusOf} from '../../drills/report.js'
import {workspacePath} from '../../drills/workspace.js'

export default class DrillShow extends KhaosCommand<typeof DrillShow> {
  static override args = {drill: Args.string({description: 'Drill id (e.g. 2) or slug.', ignoreStdin: true, required: true})}
  static override description = 'Show a drill: its task, tools, and your progress on it.'
  static override examples = ['<%= config.bin %> drill show 2', '<%= config.bin %> drill show ssh-audit --json']

  async run(): Promise<Record<string, unknown>> {
    const drill = await loadDrill(this.config.root, this.args.drill, cacheDirOf(this.stateRoot))
    const entry = loadProgress(this.stateRoot).drills[drill.nn]
    const result = {
      bloom: drill.bloom,
      compare: drill.compare,
      hintsUsed: entry?.hintsUsed ?? 0,
      id: drill.id,
      seed: entry?.seed,
      skill: drill.skill,
      slug: drill.slug,
      status: statusOf(entry),
      task: drill.task,
      timeout: drill.timeout,
      title: drill.title,
      tools: drill.tools,
      workspace: workspacePath(this.stateRoot, drill),
    }
    if (!this.jsonEnabled()) {
      this.log(`Drill ${drill.nn} · ${drill.title} · ${drill.bloom} · ${result.status}`)
      this.log(`${drill.skill}\n`)
      this.log(drill.task.trimEnd())
      this.log(`\ntools: ${drill.tools.join(', ') || '(shell only)'} · timeout ${drill.timeout} s · output compared: ${drill.compare}`)
      this.log(`start: khaos drill start ${drill.id}   hints used: ${result.hintsUsed}/3`)
    }

    return result
  }
}
