import {statusCommand} from './accept.js'

export default statusCommand(
  'deprecate',
  ' Deprecate a decision that no longer applies and has no successor; to replace it, write a new record with khaos dao record --supersedes ID.',
)
