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

export const SCHEMA_ID = 'urn:khaos:schema:dao-record:1'

// One line of text, trimmed, not empty: titles, names, ids. `u` regexps (ajv's default) count code points.
const line = (maxLength: number) => ({maxLength, minLength: 1, pattern: '^[^\\s](?:[^\\r\\n]*[^\\s])?$', type: 'string'})
// Free text (may span lines); null when not known yet.
const text = {maxLength: 200_000, type: ['string', 'null']}
const recordId = {minimum: 1, type: 'integer'}
const linkId = {minimum: 1, type: ['integer', 'null']}
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

export const DECISION_RECORD_SCHEMA = {
  additionalProperties: false,
  allOf: [
    // Supersession is kept two-way, so status and link must agree in both directions.
    {
      if: {properties: {status: {const: 'superseded'}}, required: ['status']},
      then: {properties: {superseded_by: {type: 'integer'}}, required: ['superseded_by']},
    },
    {
      if: {properties: {superseded_by: {type: 'integer'}}, required: ['superseded_by']},
      then: {properties: {status: {const: 'superseded'}}},
    },
  ],
  patternProperties: extensions,
  properties: {
    artifacts: {
      items: {
        additionalProperties: false,
        properties: {path: line(4096), sha256: {pattern: '^[0-9a-f]{64}$', type: 'string'}},
        required: ['path', 'sha256'],
        type: 'object',
      },
      type: 'array',
    },
    consequences: text,
    context: text,
    contradictions_resolved: {
      items: {
        additionalProperties: false,
        properties: {id: line(200), kind: {...line(200), type: ['string', 'null']}, resolution: text, tension: text},
        required: ['id'],
        type: 'object',
      },
      type: 'array',
    },
    date: isoDate,
    decision: text,
    generated,
    id: recordId,
    participants: {
      additionalProperties: false,
      properties: {consulted: people, decision_makers: people, informed: people},
      required: ['decision_makers', 'consulted', 'informed'],
      type: 'object',
    },
    record_type: {const: 'decision'},
    session_id: {maxLength: 64, minLength: 1, not: {enum: ['.', '..']}, pattern: '^[A-Za-z0-9._-]+$', type: 'string'},
    status: {enum: [...RECORD_STATUSES]},
    superseded_by: linkId,
    supersedes: linkId,
    title: line(500),
    topic: line(500),
  },
  required: ['record_type', 'id', 'session_id', 'title', 'topic', 'status', 'date', 'participants', 'decision', 'generated'],
  type: 'object',
} as const

const {
  artifacts: _artifacts, date: _date, generated: _generated, id: _id, participants: draftParticipants, record_type: _type,
  status: _status, superseded_by: _supersededBy, ...draftProperties
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

/** The published schema: either record type, chosen by `record_type`. */
export const DAO_RECORD_SCHEMA = {
  $id: SCHEMA_ID,
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  description: 'A khaos DAO record: a decision record or the organization profile.',
  discriminator: {propertyName: 'record_type'},
  oneOf: [DECISION_RECORD_SCHEMA, ORGANIZATION_RECORD_SCHEMA],
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

export interface DecisionRecord {
  [extension: `x-${string}`]: unknown
  artifacts: ArtifactRef[]
  consequences: null | string
  context: null | string
  contradictions_resolved: ContradictionResolved[]
  date: string
  decision: null | string
  generated: Generated
  id: number
  participants: Participants
  record_type: 'decision'
  session_id: string
  status: RecordStatus
  superseded_by: null | number
  supersedes: null | number
  title: string
  topic: string
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
