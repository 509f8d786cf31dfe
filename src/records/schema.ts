/**
 * The JSON Schema (draft 2020-12) of a DAO record, as a TS constant so it ships with the code and ajv
 * compiles it once per process. Two record types share one file format, told apart by `record_type`:
 * - `decision`: an architecture-decision-style record of what a session decided;
 * - `organization`: the entity profile of the DAO, filled only from the user's own YAML.
 * Unknown keys are refused (a typo like `consequence:` must not pass silently); keys starting with `x-`
 * are the one extension point and are kept as they are.
 */

export const RECORD_STATUSES = ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded'] as const
export type RecordStatus = (typeof RECORD_STATUSES)[number]
export const RECORD_TYPES = ['decision', 'organization'] as const
export type RecordType = (typeof RECORD_TYPES)[number]

/** The schema of the records khaos writes now; `dao validate` still reads records of every earlier version. */
export const SCHEMA_VERSION = 2
export const SCHEMA_ID = `urn:khaos:schema:dao-record:${SCHEMA_VERSION}`
export const SCHEMA_ID_V1 = 'urn:khaos:schema:dao-record:1'

// One line of text, trimmed, not empty: titles, names, ids. `u` regexps (ajv's default) count code points.
const line = (maxLength: number) => ({maxLength, minLength: 1, pattern: '^[^\\s](?:[^\\r\\n]*[^\\s])?$', type: 'string'})
// Free text (may span lines); null when not known yet.
const text = {maxLength: 200_000, type: ['string', 'null']}
// Free text that must be there (a quote, an explanation).
const someText = (maxLength: number) => ({maxLength, minLength: 1, pattern: '\\S', type: 'string'})
const recordId = {minimum: 1, type: 'integer'}
const linkId = {minimum: 1, type: ['integer', 'null']}

/**
 * Links between decisions other than supersession, each written on both records (adr-tools' `link`): this record
 * relates to, amends or depends on another, which is then related to, amended by, or required by this one.
 */
export const LINK_RELATIONS = ['relates-to', 'amends', 'amended-by', 'depends-on', 'required-by'] as const
export type LinkRelation = (typeof LINK_RELATIONS)[number]
export const INVERSE_RELATION: Readonly<Record<LinkRelation, LinkRelation>> = {
  'amended-by': 'amends',
  amends: 'amended-by',
  'depends-on': 'required-by',
  'relates-to': 'relates-to',
  'required-by': 'depends-on',
}

const isoTimestamp = {pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z$', type: 'string'}
const isoDate = {pattern: '^\\d{4}-\\d{2}-\\d{2}$', type: 'string'}
const people = {items: line(200), type: 'array', uniqueItems: true}
const extensions = {'^x-': true}

const generated = {
  additionalProperties: false,
  properties: {timestamp: isoTimestamp, tool: line(100), version: line(100)},
  required: ['tool', 'version', 'timestamp'],
  type: 'object',
}

// Supersession is kept two-way, so status and link must agree in both directions.
const supersessionRules = [
  {
    if: {properties: {status: {const: 'superseded'}}, required: ['status']},
    then: {properties: {superseded_by: {type: 'integer'}}, required: ['superseded_by']},
  },
  {
    if: {properties: {superseded_by: {type: 'integer'}}, required: ['superseded_by']},
    then: {properties: {status: {const: 'superseded'}}},
  },
]

const participantsSchema = {
  additionalProperties: false,
  properties: {consulted: people, decision_makers: people, informed: people},
  required: ['decision_makers', 'consulted', 'informed'],
  type: 'object',
}

const artifactsSchema = {
  items: {
    additionalProperties: false,
    properties: {path: line(4096), sha256: {pattern: '^[0-9a-f]{64}$', type: 'string'}},
    required: ['path', 'sha256'],
    type: 'object',
  },
  type: 'array',
}

const contradictionsResolvedSchema = {
  items: {
    additionalProperties: false,
    properties: {id: line(200), kind: {...line(200), type: ['string', 'null']}, resolution: text, tension: text},
    required: ['id'],
    type: 'object',
  },
  type: 'array',
}

const sessionId = {maxLength: 64, minLength: 1, not: {enum: ['.', '..']}, pattern: '^[A-Za-z0-9._-]+$', type: 'string'}

/** Schema 1: what khaos 0.1 wrote (contradictions_resolved, no MADR sections). Still read; `khaos dao migrate` upgrades it. */
export const DECISION_RECORD_SCHEMA_V1 = {
  additionalProperties: false,
  allOf: supersessionRules,
  patternProperties: extensions,
  properties: {
    artifacts: artifactsSchema,
    consequences: text,
    context: text,
    contradictions_resolved: contradictionsResolvedSchema,
    date: isoDate,
    decision: text,
    generated,
    id: recordId,
    participants: participantsSchema,
    record_type: {const: 'decision'},
    session_id: sessionId,
    status: {enum: [...RECORD_STATUSES]},
    superseded_by: linkId,
    supersedes: linkId,
    title: line(500),
    topic: line(500),
  },
  required: ['record_type', 'id', 'session_id', 'title', 'topic', 'status', 'date', 'participants', 'decision', 'generated'],
  type: 'object',
} as const

/** Where a quoted claim was written: who, the sentence as written, the file and line. */
const quotedClaim = (quoteKey: 'position' | 'quote') => ({
  additionalProperties: false,
  properties: {line: {minimum: 1, type: 'integer'}, participant: line(200), [quoteKey]: someText(20_000), source: line(4096)},
  required: ['participant', quoteKey],
  type: 'object',
})

/**
 * Schema 2 (current), shaped after MADR (https://adr.github.io/madr/): context and problem statement, decision
 * drivers, considered options (each participant's position per decision point), the outcome (`decision`, null
 * while it is to be decided), consequences; plus the contradictions still open, with their quotes and
 * explanation, and the history of status changes.
 */
export const DECISION_RECORD_SCHEMA = {
  additionalProperties: false,
  allOf: [
    ...supersessionRules,
    // An accepted decision says what was decided: "to be decided" (null) is only for proposals and the like.
    {
      if: {properties: {status: {const: 'accepted'}}, required: ['status']},
      then: {properties: {decision: someText(200_000)}},
    },
  ],
  patternProperties: extensions,
  properties: {
    artifacts: artifactsSchema,
    consequences: text,
    considered_options: {
      items: {
        additionalProperties: false,
        properties: {
          decision_point: line(500),
          key: line(200),
          options: {items: quotedClaim('position'), type: 'array'},
          question: {...someText(2000), type: ['string', 'null']},
        },
        required: ['decision_point', 'options'],
        type: 'object',
      },
      type: 'array',
    },
    context: text,
    contradictions_resolved: contradictionsResolvedSchema,
    date: isoDate,
    decision: text,
    decision_drivers: {items: someText(2000), type: 'array'},
    generated,
    id: recordId,
    open_contradictions: {
      items: {
        additionalProperties: false,
        properties: {
          claims: {items: quotedClaim('quote'), type: 'array'},
          confidence: {maximum: 1, minimum: 0, type: 'number'},
          decision_point: line(500),
          explanation: someText(20_000),
          id: line(200),
          kind: line(200),
          scope: {enum: ['between', 'internal']},
          tension: {
            additionalProperties: false,
            properties: {id: line(200), name: line(500)},
            required: ['id', 'name'],
            type: 'object',
          },
        },
        required: ['id', 'explanation', 'claims'],
        type: 'object',
      },
      type: 'array',
    },
    participants: participantsSchema,
    record_type: {const: 'decision'},
    schema_version: {const: SCHEMA_VERSION},
    session_id: sessionId,
    status: {enum: [...RECORD_STATUSES]},
    links: {
      items: {
        additionalProperties: false,
        properties: {id: recordId, relation: {enum: [...LINK_RELATIONS]}},
        required: ['relation', 'id'],
        type: 'object',
      },
      type: 'array',
    },
    status_history: {
      items: {
        additionalProperties: false,
        properties: {
          at: isoTimestamp,
          by: line(200),
          from: {enum: [...RECORD_STATUSES]},
          note: {...someText(2000), type: ['string', 'null']},
          to: {enum: [...RECORD_STATUSES]},
        },
        required: ['from', 'to', 'at', 'by'],
        type: 'object',
      },
      type: 'array',
    },
    superseded_by: linkId,
    supersedes: linkId,
    title: line(500),
    topic: line(500),
  },
  required: ['record_type', 'schema_version', 'id', 'session_id', 'title', 'topic', 'status', 'date', 'participants', 'decision', 'generated'],
  type: 'object',
} as const

const {
  artifacts: _artifacts,
  date: _date,
  generated: _generated,
  id: _id,
  participants: draftParticipants,
  record_type: _type,
  status: _status,
  status_history: _history,
  superseded_by: _supersededBy,
  ...draftProperties
} = DECISION_RECORD_SCHEMA.properties

/**
 * A decision draft for `khaos dao record --from FILE`: the fields a person writes (long context, contradictions
 * with their tension and resolution, x- extensions). khaos adds id, date, generated and the links; artifacts
 * come from --artifact so that khaos hashes them itself. Flags given beside --from win.
 */
export const DECISION_DRAFT_SCHEMA = {
  additionalProperties: false,
  patternProperties: extensions,
  properties: {
    ...draftProperties,
    participants: {...draftParticipants, required: []},
    // A record of the current schema can serve as a draft; an older one cannot (migrate it first).
    status: {enum: RECORD_STATUSES.filter((s) => s !== 'superseded')},
  },
  type: 'object',
} as const

/** Fields a user's organization profile may set; khaos adds record_type, id and generated itself. */
export const ORGANIZATION_PROFILE_PROPERTIES = {
  contact: line(500),
  description: text,
  founded: isoDate,
  governance: text,
  jurisdiction: line(200),
  kind: line(200),
  legal_name: line(500),
  members: {
    items: {
      additionalProperties: false,
      properties: {name: line(200), role: line(200)},
      required: ['name'],
      type: 'object',
    },
    type: 'array',
  },
  name: line(500),
  registration: line(200),
  website: line(2048),
} as const

export const ORGANIZATION_RECORD_SCHEMA = {
  additionalProperties: false,
  patternProperties: extensions,
  properties: {
    ...ORGANIZATION_PROFILE_PROPERTIES,
    generated,
    id: recordId,
    record_type: {const: 'organization'},
  },
  required: ['record_type', 'id', 'name', 'generated'],
  type: 'object',
} as const

/** The user's profile file for `khaos dao record --type organization --from FILE`. */
export const ORGANIZATION_PROFILE_SCHEMA = {
  additionalProperties: false,
  patternProperties: extensions,
  properties: ORGANIZATION_PROFILE_PROPERTIES,
  required: ['name'],
  type: 'object',
} as const

/**
 * The published schema: a decision record (schema 2, or the schema 1 that `khaos dao migrate` upgrades) or the
 * organization profile. The branches exclude each other (record_type, and schema_version only in schema 2).
 */
export const DAO_RECORD_SCHEMA = {
  $id: SCHEMA_ID,
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  description: 'A khaos DAO record: a decision record (MADR-shaped, schema 2; schema 1 still read) or the organization profile.',
  oneOf: [DECISION_RECORD_SCHEMA, DECISION_RECORD_SCHEMA_V1, ORGANIZATION_RECORD_SCHEMA],
  required: ['record_type'],
  title: 'khaos DAO record',
  type: 'object',
} as const

export interface Participants {
  consulted: string[]
  decision_makers: string[]
  informed: string[]
}

export interface ContradictionResolved {
  id: string
  kind?: null | string
  resolution?: null | string
  tension?: null | string
}

export interface ArtifactRef {
  path: string
  sha256: string
}

export interface Generated {
  timestamp: string
  tool: string
  version: string
}

/** A participant's position on a decision point: the sentence as written, with where it was written. */
export interface ConsideredOptionPosition {
  line?: number
  participant: string
  position: string
  source?: string
}

/** MADR's "considered options", per decision point: the positions the participants hold. */
export interface ConsideredOption {
  /** The decision point's heading, a plain phrase. */
  decision_point: string
  /** The engine's key for the decision point (stable across runs). */
  key?: string
  options: ConsideredOptionPosition[]
  /** The open question to decide. */
  question?: null | string
}

export interface QuotedClaim {
  line?: number
  participant: string
  quote: string
  source?: string
}

/** A contradiction the record leaves open, as found: who said what, where, and why it conflicts. */
export interface OpenContradiction {
  claims: QuotedClaim[]
  confidence?: number
  decision_point?: string
  explanation: string
  id: string
  kind?: string
  scope?: 'between' | 'internal'
  tension?: {id: string; name: string}
}

/** One status change: from, to, when (ISO 8601 UTC) and by whom. */
export interface StatusChange {
  at: string
  by: string
  from: RecordStatus
  note?: null | string
  to: RecordStatus
}

/**
 * A decision record as read: schema 2 (schema_version 2, the MADR fields) or schema 1 (no schema_version, the
 * MADR fields absent). validateRecordText fills the lists of either, so code can rely on them.
 */
export interface RecordLink {
  relation: LinkRelation
  id: number
}

export interface DecisionRecord {
  [extension: `x-${string}`]: unknown
  artifacts: ArtifactRef[]
  consequences: null | string
  considered_options?: ConsideredOption[]
  context: null | string
  contradictions_resolved: ContradictionResolved[]
  date: string
  /** The outcome; null while it is to be decided. */
  decision: null | string
  decision_drivers?: string[]
  generated: Generated
  id: number
  links?: RecordLink[]
  open_contradictions?: OpenContradiction[]
  participants: Participants
  record_type: 'decision'
  schema_version?: typeof SCHEMA_VERSION
  session_id: string
  status: RecordStatus
  status_history?: StatusChange[]
  superseded_by: null | number
  supersedes: null | number
  title: string
  topic: string
}

/** The schema version a decision record was written under (1 when it has no schema_version). */
export function schemaVersionOf(record: DecisionRecord): number {
  return record.schema_version ?? 1
}

export interface OrganizationMember {
  name: string
  role?: string
}

export interface OrganizationRecord {
  [extension: `x-${string}`]: unknown
  contact?: string
  description?: null | string
  founded?: string
  generated: Generated
  governance?: null | string
  id: number
  jurisdiction?: string
  kind?: string
  legal_name?: string
  members?: OrganizationMember[]
  name: string
  record_type: 'organization'
  registration?: string
  website?: string
}

export type DaoRecord = DecisionRecord | OrganizationRecord
