import {Args} from '@oclif/core'

import {KhaosCommand} from '../../base-command.js'
import {runStatusChange, type StatusChangeReport, statusCommandDescription, statusFlags} from './accept.js'

export default class DaoReject extends KhaosCommand<typeof DaoReject> {
  static override args = {id: Args.string({description: 'Id of the decision record (khaos dao list).', required: true})}

  static override description = statusCommandDescription('reject', ' A rejected proposal stays in the folder, with its history, so the reasoning is not lost.')

  static override examples = ['<%= config.bin %> dao reject 3 --note "see record 5"', '<%= config.bin %> dao reject 3 --by "Ana Lima" --json']

  static override flags = statusFlags

  async run(): Promise<StatusChangeReport> {
    return runStatusChange(this, 'reject', {...this.flags, id: this.args.id})
  }
}
