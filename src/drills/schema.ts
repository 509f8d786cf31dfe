/** JSON Schema of `drills/NN-slug.yaml`, validated with ajv when the catalog loads. */

export type CompareMode = 'exact' | 'spacing' | 'unordered' | 'json'
export type Bloom = 'creating' | 'evaluating'

export interface WrongAnswer {
  command: string
  /** Why it is wrong: the trap it falls into. Shown by verify when it unexpectedly passes. */
  why: string
}

export interface DrillSpec {
  id: number
  slug: string
  title: string
  bloom: Bloom
  /** One line: the skill the drill trains. */
  skill: string
  /** The task as the learner reads it: what to print, in which order, from which files/env vars. */
  task: string
  /** Exactly three, from a nudge to almost the answer. */
  hints: [string, string, string]
  /** Commands that must be on PATH; a missing one makes verify SKIP the drill. */
  tools: string[]
  /** How output is compared; see compare.ts. */
  compare: CompareMode
  /** Seconds before the learner's command (its whole process group) is killed. */
  timeout: number
  solutions: {bsd: string; gnu: string}
  wrong: WrongAnswer[]
}

export const drillSchema = {
  $id: 'khaos:drill',
  additionalProperties: false,
  properties: {
    bloom: {enum: ['creating', 'evaluating']},
    compare: {enum: ['exact', 'spacing', 'unordered', 'json']},
    hints: {items: {minLength: 1, type: 'string'}, maxItems: 3, minItems: 3, type: 'array'},
    id: {maximum: 99, minimum: 1, type: 'integer'},
    skill: {minLength: 1, type: 'string'},
    slug: {pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', type: 'string'},
    solutions: {
      additionalProperties: false,
      properties: {bsd: {minLength: 1, type: 'string'}, gnu: {minLength: 1, type: 'string'}},
      required: ['gnu', 'bsd'],
      type: 'object',
    },
    task: {minLength: 1, type: 'string'},
    timeout: {maximum: 120, minimum: 1, type: 'number'},
    title: {minLength: 1, type: 'string'},
    tools: {items: {pattern: '^[A-Za-z0-9._+-]+$', type: 'string'}, type: 'array'},
    wrong: {
      items: {
        additionalProperties: false,
        properties: {command: {minLength: 1, type: 'string'}, why: {minLength: 1, type: 'string'}},
        required: ['command', 'why'],
        type: 'object',
      },
      minItems: 1,
      type: 'array',
    },
  },
  required: ['id', 'slug', 'title', 'bloom', 'skill', 'task', 'hints', 'tools', 'compare', 'timeout', 'solutions', 'wrong'],
  type: 'object',
} as const
