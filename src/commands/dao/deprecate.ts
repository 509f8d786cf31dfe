import {Args} from '@oclif/core'

import {KhaosCommand} from '../../base-command.js'
import {runStatusChange, type StatusChangeReport, statusCommandDescription, statusFlags} from './accept.js'

export default class DaoDeprecate extends KhaosCommand<typeof DaoDeprecate> {
  static override args = {id: Args.string({description: 'Id of the decision record (khaos dao list).', required: true})}

  static override description = statusCommandDescription('deprecate', ' Deprecate a decision that no longer applies and has no successor; to replace it, write a new record with khaos dao record --supersedes ID.')

  static override examples = ['<%= config.bin %> dao deprecate 3 --note "see record 5"', '<%= config.bin %> dao deprecate 3 --by "Ana Lima" --json']

  static override flags = statusFlags

  async run(): Promise<StatusChangeReport> {
    return runStatusChange(this, 'deprecate', {...this.flags, id: this.args.id})
  }
}
