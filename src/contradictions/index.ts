/** The contradiction engine: catalog, analysis, pairwise judging and kits. Used by the commands and the pipeline. */
export {type Catalog, findTension, loadCatalog, matchTensions, type Pole, type Tension, TENSION_SCHEMA, type TensionMatch} from './catalog.js'
export {analyze, type AnalyzeInput, type AnalyzeOptions, type Analysis, mapParticipants, MAX_INPUT_BYTES, renderReport, writeAnalysis} from './analyze.js'
export {
  type Agreement,
  ANALYSIS_VERSION,
  type Claim,
  type ClaimRef,
  type ClaimStructure,
  type DecisionPoint,
  type Dimension,
  type Finding,
  type FindingKind,
  type Interval,
  LOW_CONFIDENCE_THRESHOLD,
  type Modality,
  type Quantifier,
} from './types.js'
export {judgePairs, type PairInput, type PairResult, parsePairs} from './pairs.js'
export {discordCommands, escapeHtml, grafanaDashboard, KIT_FILES, parseMetricNames, proofCoverage, proofMetrics, renderKits, writeKits} from './kits.js'
export {CONTRADICTION_FORMAT_IDS, CONTRADICTION_FORMATS, type ContradictionFormatId} from './formats.js'
