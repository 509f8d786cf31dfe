import {Args, Flags} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {beginCommit} from '../../shared/atomic.js'
import {InputError} from '../../shared/errors.js'
import {readTextFile} from '../../shared/input.js'
import {type MergeFileReport, mergeIntoFile} from '../../map/merge.js'

function list(names: string[]): string {
  return names.length <= 8 ? names.join(', ') : `${names.slice(0, 8).join(', ')} and ${names.length - 8} more`
}

export default class MapMerge extends KhaosCommand<typeof MapMerge> {
  static override args = {
    fragment: Args.string({description: 'Fragment file(s) from "khaos map fragment" (any DOT file with khaos session blocks).', required: true}),
  }

  static override description = `Merge session fragments into the main cognitive map.

A session already in the map is replaced where it stands (merging again never duplicates it); a new one is added above the "// khaos:insert-sessions-above" line, or before the graph's closing brace. Only khaos's own blocks change: everything else in the map stays byte for byte as written. When the map does not exist yet it starts from the starter map (see "khaos map init"). Malformed or unbalanced markers in the map or a fragment are an error and nothing is written.`

  static override examples = [
    '<%= config.bin %> map merge cognitive_update_s1.dot --into cognitive_map.dot',
    '<%= config.bin %> map merge synthesis_output/cognitive_update_*.dot --into cognitive_map.dot --json',
  ]

  static override flags = {
    into: Flags.string({default: 'cognitive_map.dot', description: 'The main map to update (created from the starter map if missing).'}),
  }

  static override strict = false

  async run(): Promise<MergeFileReport> {
    const into = this.flags.into
    if (this.positionals.length === 0) throw new InputError('no fragment files given')
    const sources = this.positionals.map((name) => ({name, text: readTextFile(name, {what: 'fragment'})}))
    // The write below is this command's one commit: a signal from here on lets it complete (exit 0, all in
    // place) rather than exit 130 with the work done anyway.
    beginCommit()
    const result = mergeIntoFile(into, sources)
    const {created, written} = result
    if (!this.jsonEnabled()) {
      if (created) this.log(`created ${into} from the starter map`)
      if (result.added.length > 0) this.log(`added ${result.added.length} session(s): ${list(result.added)}`)
      if (result.replaced.length > 0) this.log(`replaced ${result.replaced.length} session(s): ${list(result.replaced)}`)
      if (result.unchanged.length > 0) this.log(`unchanged ${result.unchanged.length} session(s): ${list(result.unchanged)}`)
      this.log(written ? `wrote ${into}` : `${into} is already up to date`)
    }

    return result
  }
}
