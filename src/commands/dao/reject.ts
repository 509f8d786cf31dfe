import {statusCommand} from './accept.js'

export default statusCommand('reject', ' A rejected proposal stays in the folder, with its history, so the reasoning is not lost.')
