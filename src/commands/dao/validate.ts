import {Args} from '../../shared/oclif.js'
import {statSync} from 'node:fs'

import {KhaosCommand} from '../../base-command.js'
import {InputError, KhaosError} from '../../shared/errors.js'
import {type FolderProblem, formatIssue, readRecordsFolder, type RecordIssue, shownPath, validateRecordFile} from '../../records/index.js'

interface FileResult {
  file: string
  issues: RecordIssue[]
  /** Why the file could not be read at all (missing, binary, too large): an input error, exit 2. */
  unreadable?: string
  valid: boolean
}

interface ValidateReport {
  files: FileResult[]
  /** Folder-level problems (broken supersession links, duplicate ids, id counter) when a folder was given. */
  problems: FolderProblem[]
  valid: boolean
  /** Present when a file could not be read at all (exit 2). */
  error?: {code: string; exit: number; message: string}
}

export default class DaoValidate extends KhaosCommand<typeof DaoValidate> {
  static override args = {
    file: Args.string({description: 'Record files, or records folders (every record in it plus the links between them).', required: true}),
  }

  static override description = `Check DAO records against the record schema.

Each problem is printed as file:line:col field: message. A folder is also checked as a whole: unique ids, supersedes/superseded_by present at both ends, the id counter. Exit 0 when all is valid, 1 when anything is invalid, 2 when a file cannot be read (missing, binary, too large).`

  static override examples = [
    '<%= config.bin %> dao validate dao_records/dao_record_s1.yaml',
    '<%= config.bin %> dao validate dao_records/*.yaml --json',
    '<%= config.bin %> dao validate dao_records',
  ]

  // Any number of files; flags are still parsed (oclif leaves the extra arguments in argv).
  static override strict = false

  async run(): Promise<ValidateReport> {
    const paths = this.positionals
    const flagLike = paths.find((a) => a.startsWith('-'))
    if (flagLike) throw new InputError(`unknown flag ${flagLike} (to check a file whose name starts with -, write ./${flagLike})`)
    const files: FileResult[] = []
    const problems: FolderProblem[] = []
    for (const path of paths) {
      if (isDirectory(path)) {
        const folder = readRecordsFolder(path)
        for (const record of folder.records) files.push({file: record.file, issues: [], valid: true})
        for (const entry of folder.invalid) files.push({...entry, valid: false})
        problems.push(...folder.problems)
      } else {
        files.push(checkFile(path))
      }
    }

    const report = {files, problems, valid: files.every((f) => f.valid) && problems.length === 0}
    if (!this.jsonEnabled()) {
      for (const file of files) {
        if (file.unreadable) this.log(file.unreadable)
        for (const issue of file.issues) this.log(formatIssue({...issue, file: shownPath(issue.file)}))
      }

      for (const problem of problems) this.log(`${shownPath(problem.file)}: ${problem.message}`)
      const bad = files.filter((f) => !f.valid).length
      const folderNote = problems.length > 0 ? `; ${problems.length} folder problem${problems.length === 1 ? '' : 's'}` : ''
      this.log(`${files.length - bad} of ${files.length} record${files.length === 1 ? '' : 's'} valid${folderNote}`)
    }

    const unreadable = files.filter((f) => f.unreadable)
    if (unreadable.length > 0) {
      process.exitCode = 2
      // Exit 2 under --json always carries {"error"}: here beside the full report, so nothing is lost.
      const more = unreadable.length > 1 ? ` (and ${unreadable.length - 1} more unreadable)` : ''
      return {...report, error: {code: 'UNREADABLE', exit: 2, message: `${unreadable[0].unreadable}${more}`}}
    }

    if (!report.valid) process.exitCode = 1
    return report
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false // missing: checkFile reports it
  }
}

function checkFile(file: string): FileResult {
  try {
    const {issues, valid} = validateRecordFile(file)
    return {file, issues, valid}
  } catch (error) {
    if (error instanceof KhaosError) return {file, issues: [], unreadable: error.message, valid: false}
    throw error
  }
}
