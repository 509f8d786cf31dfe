import type {FixKind} from './fix/kinds.js'
import type {ProjectModel} from './model/index.js'

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export const FAMILIES = {
  network: 'Network & Gateway',
  identity: 'Identity & SSO',
  observability: 'Observability, Storage & Data',
  workspace: 'Workspace & Code',
} as const
export type FamilyId = keyof typeof FAMILIES

export interface Reference {
  tool: string
  id: string
  title?: string
  url?: string
}

/** One trial as its `trials/Fnn-slug/trial.yaml` declares it. */
export interface TrialSpec {
  id: string
  /** Number part of the id, for sorting. */
  number: number
  slug: string
  family: FamilyId
  title: string
  severity: Severity
  rationale: string
  remediation: string
  /** Equivalent rules of other tools (compose-lint, KICS, zizmor, hadolint, gitleaks …); real ids only. */
  references: Reference[]
  /** Mechanical fixes `khaos trial fix` may apply to this trial's findings (src/trials/fix/). */
  fix?: FixKind[]
  fixtures: {
    /** Fixture folders are turned into a git repository (files added, not committed unless `commit`) before scanning. */
    git?: 'add' | 'commit'
    /** Findings the vulnerable/ fixture must produce, at least these (file relative to vulnerable/). */
    expect: Array<{file: string; line: number}>
  }
  /** What this trial does differently when the scanned tree is not a git work tree (shown with git's note). */
  without_git?: string
  /** How `trial simulate PATH` injects the failure mode into a copy of a real target. */
  simulate?: {
    /** Keys merged into the first compose service of the target: lists appended, maps merged, scalars set. */
    service?: Record<string, unknown>
  }
  /** Absolute folder of the trial. */
  dir: string
}

/** What a detector reports: where, what it saw, why it matters. */
export interface RawFinding {
  file: string
  line: number
  /** The offending text, short and single-line, secrets redacted. Part of the fingerprint: keep it stable. */
  evidence: string
  message: string
  /** Overrides the trial's severity for this finding (e.g. F3 is critical when the API port is published). */
  severity?: Severity
  /** The Compose service the flaw belongs to (the first of `services` when several share it). */
  service?: string
  /** Every service one flaw affects (a `.env` line read by three services, a project-wide summary), sorted. */
  services?: string[]
}

export interface Finding extends RawFinding {
  /** Other trials that saw the same line and were folded into this stronger finding. */
  also?: string[]
  trial: string
  family: string
  severity: Severity
  fingerprint: string
}

export interface LiveContext {
  model: ProjectModel
  /** Always 127.0.0.1: probes never leave the machine. */
  host: '127.0.0.1'
  /** Milliseconds per request. */
  timeoutMs: number
}

/** A detector gets the shared model and returns findings; it must not throw on odd input, nor read files itself. */
export interface Detector {
  detect(model: ProjectModel): RawFinding[]
  /** Optional `--live` probe against services on 127.0.0.1. */
  live?(context: LiveContext): Promise<RawFinding[]>
}
