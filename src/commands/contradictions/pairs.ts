import {Args} from '../../shared/oclif.js'

import {KhaosCommand} from '../../base-command.js'
import {judgePairs, loadCatalog, type PairResult, parsePairs} from '../../contradictions/index.js'
import {readTextFile} from '../../shared/input.js'

export default class ContradictionsPairs extends KhaosCommand<typeof ContradictionsPairs> {
  static override args = {file: Args.string({description: 'JSON Lines file, one {"id","a","b"} per line', required: true})}
  static override description = 'Judge statement pairs: for each {"id","a","b"} line, is b a contradiction of a? Results keep the input order.'
  static override examples = [
    '<%= config.bin %> contradictions pairs pairs.jsonl --json',
    'echo \'{"id":1,"a":"The port is open.","b":"The port is closed."}\' > p.jsonl && <%= config.bin %> contradictions pairs p.jsonl',
  ]

  async run(): Promise<{results: PairResult[]}> {
    const text = readTextFile(this.args.file, {maxBytes: 64 * 1024 * 1024, what: 'pairs file'})
    const results = judgePairs(parsePairs(text, this.args.file), this.config.root, loadCatalog(this.config.root))
    if (!this.jsonEnabled()) {
      for (const r of results) this.log(`${String(r.id)}\t${r.contradiction ? 'contradiction' : 'none'}\t${r.kind ?? '-'}\t${r.score}`)
      this.log(`${results.filter((r) => r.contradiction).length} of ${results.length} pair(s) contradict`)
    }

    return {results}
  }
}
