import {Flags} from '@oclif/core'
import {spawnSync} from 'node:child_process'

import {KhaosCommand} from '../base-command.js'
import {CheckFailedError} from '../shared/errors.js'
import {canAnimate, canPrompt, isCI} from '../shared/output.js'

interface ToolReport {
  name: string
  purpose: string
  found: boolean
  version?: string
}

// External tools khaos can work with; none is needed for the main job.
const TOOLS: Array<{args: string[]; name: string; purpose: string}> = [
  {args: ['-V'], name: 'dot', purpose: 'cross-check of rendered maps (khaos renders with its own WebAssembly Graphviz)'},
  {args: ['-v'], name: 'minisign', purpose: 'independent check of notary signatures'},
  {args: ['version'], name: 'openssl', purpose: 'drill 13 (certificates)'},
  {args: ['--version'], name: 'jq', purpose: 'drills on JSON (9, 18)'},
  {args: ['--version'], name: 'git', purpose: 'drill 5, trial F13/F26 (tracked files)'},
  {args: ['-V'], name: 'ss', purpose: 'drills 4 and 10 (sockets)'},
]

export default class Doctor extends KhaosCommand<typeof Doctor> {
  static override description = 'Report the environment khaos runs in: state root, terminal, and the optional external tools it can use.'
  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --json', '<%= config.bin %> doctor --strict']
  static override flags = {
    strict: Flags.boolean({description: 'Exit 1 when an optional tool is missing.'}),
  }

  async run(): Promise<{ci: boolean; interactive: boolean; node: string; stateRoot: string; tools: ToolReport[]; version: string}> {
    const tools = TOOLS.map(({args, name, purpose}) => {
      // signify-openbsd has no version flag, so it is probed separately below.
      const result = spawnSync(name, args, {encoding: 'utf8', timeout: 5000})
      const found = !result.error
      const version = found ? `${result.stdout}${result.stderr}`.split('\n').find((l) => l.trim() !== '')?.trim() : undefined
      return {found, name, purpose, version}
    })
    const signify = spawnSync('signify-openbsd', [], {encoding: 'utf8', timeout: 5000})
    tools.splice(1, 0, {found: !signify.error, name: 'signify-openbsd', purpose: 'independent check of notary manifests', version: undefined})

    const report = {
      ci: isCI(),
      interactive: canPrompt(),
      node: process.version,
      stateRoot: this.stateRoot,
      tools,
      version: this.config.version,
    }
    if (!this.jsonEnabled()) {
      this.log(`khaos ${report.version} on Node ${report.node}`)
      this.log(`state root   ${report.stateRoot}`)
      this.log(`terminal     ${report.interactive ? 'interactive' : 'non-interactive'}${report.ci ? ' (CI)' : ''}, spinners ${canAnimate() ? 'on' : 'off'}`)
      for (const tool of tools) this.log(`${tool.found ? 'found  ' : 'missing'}  ${tool.name.padEnd(16)} ${tool.purpose}`)
    }

    const missing = tools.filter((t) => !t.found)
    if (this.flags.strict && missing.length > 0) {
      if (this.jsonEnabled()) process.exitCode = 1
      else throw new CheckFailedError(`missing: ${missing.map((t) => t.name).join(', ')}`)
    }

    return report
  }
}
