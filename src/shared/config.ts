import {existsSync} from 'node:fs'
import {join, resolve} from 'node:path'

import {InputError} from './errors.js'
import {readTextFile} from './input.js'

/**
 * `khaos.yaml`: the team's loop settings — notice channels and routes, the audit log. Looked up in this
 * order: $KHAOS_CONFIG, ./khaos.yaml (the repository), <state root>/khaos.yaml. Webhook URLs are never in the
 * file: a channel names the environment variable that holds its URL, so the file can be committed.
 */

const CONFIG_FILE = 'khaos.yaml'
export const CHANNEL_TYPES = ['discord', 'slack', 'json'] as const
export type ChannelType = (typeof CHANNEL_TYPES)[number]
export const NOTICE_EVENTS = ['trial', 'synthesis', 'drill', 'verify', 'message'] as const
export type NoticeEvent = (typeof NOTICE_EVENTS)[number]
const SEVERITY_NAMES = ['low', 'medium', 'high', 'critical'] as const

export interface ChannelConfig {
  type: ChannelType
  /** Name of the environment variable holding the webhook URL. */
  webhook_env: string
  /** Most messages one notice may take on this channel (split beyond one message). */
  max_messages?: number
}

export interface RouteConfig {
  event: NoticeEvent
  channel: string
  /** trial: only findings at or above this severity; no notice when there are none. */
  min_severity?: (typeof SEVERITY_NAMES)[number]
  /** Send only when the run failed / succeeded (verify, trial); default always. */
  when?: 'always' | 'failure' | 'success'
}

export interface KhaosConfig {
  version: 1
  channels: Record<string, ChannelConfig>
  routes: RouteConfig[]
  notify: {timeout_seconds: number; max_attempts: number; max_backoff_seconds: number}
  audit: {enabled: boolean; path?: string; max_bytes: number; keep: number}
  /** Where the config came from, for messages. */
  source?: string
}

const CHANNEL_NAME = '^#?[a-z0-9][a-z0-9._-]{0,63}$'
const CONFIG_SCHEMA = {
  $id: 'urn:khaos:schema:config:1',
  additionalProperties: false,
  properties: {
    audit: {
      additionalProperties: false,
      properties: {
        enabled: {type: 'boolean'},
        keep: {maximum: 1000, minimum: 1, type: 'integer'},
        max_bytes: {maximum: 1_073_741_824, minimum: 4096, type: 'integer'},
        path: {maxLength: 4096, minLength: 1, type: 'string'},
      },
      type: 'object',
    },
    channels: {
      additionalProperties: false,
      patternProperties: {
        [CHANNEL_NAME]: {
          additionalProperties: false,
          properties: {
            max_messages: {maximum: 10, minimum: 1, type: 'integer'},
            type: {enum: [...CHANNEL_TYPES]},
            webhook_env: {pattern: '^[A-Z_][A-Z0-9_]{0,127}$', type: 'string'},
          },
          required: ['type', 'webhook_env'],
          type: 'object',
        },
      },
      type: 'object',
    },
    notify: {
      additionalProperties: false,
      properties: {
        max_attempts: {maximum: 20, minimum: 1, type: 'integer'},
        max_backoff_seconds: {maximum: 300, minimum: 0, type: 'number'},
        timeout_seconds: {maximum: 3600, minimum: 0.1, type: 'number'},
      },
      type: 'object',
    },
    routes: {
      items: {
        additionalProperties: false,
        properties: {
          channel: {pattern: CHANNEL_NAME, type: 'string'},
          event: {enum: [...NOTICE_EVENTS]},
          min_severity: {enum: [...SEVERITY_NAMES]},
          when: {enum: ['always', 'failure', 'success']},
        },
        required: ['event', 'channel'],
        type: 'object',
      },
      maxItems: 100,
      type: 'array',
    },
    version: {const: 1},
  },
  required: ['version'],
  type: 'object',
} as const

const DEFAULT_CONFIG: KhaosConfig = {
  audit: {enabled: true, keep: 5, max_bytes: 10 * 1024 * 1024},
  channels: {},
  notify: {max_attempts: 5, max_backoff_seconds: 8, timeout_seconds: 30},
  routes: [],
  version: 1,
}

/**
 * Reads a small YAML file and validates it against a JSON Schema (yaml and ajv imported only here, only
 * when called): one line and exit 2 for bad YAML or the first schema error, with the path where it is.
 */
export async function readYamlFile(file: string, schema: object, what: string): Promise<unknown> {
  const text = readTextFile(file, {maxBytes: 1024 * 1024, what})
  const [{parse}, ajvModule] = await Promise.all([import('yaml'), import('ajv')])
  let data: unknown
  try {
    data = parse(text, {maxAliasCount: 100, uniqueKeys: true})
  } catch (error) {
    throw new InputError(`${what} ${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`)
  }

  // ajv is CommonJS: under Node's ESM loader its class is `default` (or `default.default` through tsx).
  type AjvCtor = typeof import('ajv').Ajv
  const mod = ajvModule as unknown as {default: AjvCtor & {default?: AjvCtor}}
  const AjvClass: AjvCtor = mod.default.default ?? mod.default
  const validate = new AjvClass({allErrors: false, discriminator: true, strict: true}).compile(schema)
  if (!validate(data)) {
    const first = validate.errors?.[0]
    const extra = first?.params && 'additionalProperty' in first.params ? ` (${String(first.params.additionalProperty)})` : ''
    throw new InputError(`${what} ${file}: ${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}${extra}`, {code: 'CONFIG'})
  }

  return data
}

/** The config file that applies, or undefined when there is none (defaults then). */
export function findConfigFile(options: {cwd?: string; stateRoot?: string}, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.KHAOS_CONFIG) {
    if (!existsSync(env.KHAOS_CONFIG)) throw new InputError(`KHAOS_CONFIG ${env.KHAOS_CONFIG}: no such file`)
    return env.KHAOS_CONFIG
  }

  for (const dir of [options.cwd ?? process.cwd(), options.stateRoot]) {
    if (dir && existsSync(join(dir, CONFIG_FILE))) return resolve(dir, CONFIG_FILE)
  }

  return undefined
}

/** Reads, validates (JSON Schema, ajv) and completes khaos.yaml; defaults when no file applies. */
export async function loadConfig(options: {cwd?: string; file?: string; stateRoot?: string} = {}, env: NodeJS.ProcessEnv = process.env): Promise<KhaosConfig> {
  const file = options.file ?? findConfigFile(options, env)
  if (!file) return structuredClone(DEFAULT_CONFIG)
  const data = await readYamlFile(file, CONFIG_SCHEMA, 'config')
  const raw = data as Partial<KhaosConfig>
  const config: KhaosConfig = {
    audit: {...DEFAULT_CONFIG.audit, ...raw.audit},
    channels: raw.channels ?? {},
    notify: {...DEFAULT_CONFIG.notify, ...raw.notify},
    routes: raw.routes ?? [],
    source: file,
    version: 1,
  }
  for (const route of config.routes) {
    if (!(route.channel in config.channels))
      throw new InputError(`config ${file}: a route for ${route.event} names channel ${route.channel}, which is not under channels`, {code: 'CONFIG'})
  }

  return config
}
