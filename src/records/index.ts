// DAO records: the core behind `khaos dao record|validate|list|index`, callable without oclif.
export * from './schema.js'
export {serializeRecord} from './serialize.js'
export {formatIssue, loadRecord, MAX_RECORD_BYTES, type RecordFileResult, type RecordIssue, validateRecordFile, validateRecordText} from './validate.js'
export {
  artifactRefs,
  createDecisionRecord,
  createOrganizationRecord,
  type CreatedRecord,
  type DecisionInput,
  normalizeParticipants,
  readDecisionDraft,
  recordsDirFor,
  readOrganizationProfile,
  type WriteTarget,
} from './create.js'
export {allocateId, COUNTER_FILE, DEFAULT_RECORDS_DIR, findRecordById, LOCK_FILE, readCounter, recordFiles, scanRecords} from './store.js'
export {
  type FolderProblem,
  type FolderReport,
  type InvalidFile,
  readRecordsFolder,
  reportLines,
  type RecordSummary,
  renderIndex,
  supersessionChains,
  supersessionCycles,
} from './folder.js'
export {parseRecordId, shownPath} from './paths.js'
export {
  changeStatus,
  defaultActor,
  describeTransitions,
  type LinkKind,
  linkRecords,
  type LinkResult,
  STATUS_OF_VERB,
  STATUS_TRANSITIONS,
  type StatusChangeOptions,
  type StatusChangeResult,
  type StatusVerb,
} from './lifecycle.js'
export {migrateFolder, type MigrationReport, migrateRecord} from './migrate.js'
export {showRecord} from './show.js'
export {recordsGraph} from './graph.js'
export {renderSite, SITE_GENERATOR} from './site.js'
export {decisionTemplate} from './template.js'
export {EXPORT_MARKER, recordFileName, recordMarkdown} from './markdown-record.js'
