import {type ChannelConfig, type KhaosConfig, loadConfig} from '../shared/config.js'
import {InputError} from '../shared/errors.js'
import {oneLine} from '../shared/text.js'
import {deliver, type DeliveryResult} from './deliver.js'
import {
  atOrAbove,
  drillNotice,
  type Notice,
  readAnalysisFindings,
  synthesisNotice,
  trialNotice,
  verifyNotice,
  type DrillReportLike,
  type SynthesisLike,
  type TrialReportLike,
  type VerifyReportLike,
} from './notice.js'
import {renderPayloads} from './render.js'

export {messageNotice, noticeFromJson, type Notice} from './notice.js'

/**
 * Notices: which channels an event goes to (khaos.yaml routes), the payload for each, and their delivery.
 * Commands call `notifyAfterCommand` only when --notify is given, through a dynamic import, so nothing here
 * is loaded otherwise.
 */

export interface PlannedMessage {
  channel: string
  type: ChannelConfig['type']
  /** 1-based position of this message among the channel's messages. */
  index: number
  of: number
  payload: object
}

export interface NotifyOutcome {
  event: Notice['event']
  dryRun: boolean
  messages: PlannedMessage[]
  deliveries: DeliveryResult[]
  /** Routes that matched but had nothing to say, with the reason. */
  skipped: Array<{channel: string; reason: string}>
  ok: boolean
}

export interface NotifyRequest {
  config: KhaosConfig
  notice: Notice
  /** Send to these channels instead of the routes (khaos notify --channel). */
  channels?: string[]
  dryRun?: boolean
  env?: NodeJS.ProcessEnv
  version: string
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** The webhook URL of a channel from its environment variable; problems name the variable, never a URL. */
export function webhookUrl(name: string, channel: ChannelConfig, env: NodeJS.ProcessEnv): string {
  const value = env[channel.webhook_env]
  if (value === undefined || value === '')
    throw new InputError(`channel ${name}: environment variable ${channel.webhook_env} is not set (it must hold the webhook URL)`, {code: 'NO_WEBHOOK'})
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InputError(`channel ${name}: ${channel.webhook_env} does not hold a URL`, {code: 'BAD_WEBHOOK'})
  }

  // Plain http only to this machine (a local relay, or the test stand-in): elsewhere the URL and the payload would travel in clear.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new InputError(`channel ${name}: ${channel.webhook_env} must be an https URL (http only to 127.0.0.1)`, {code: 'BAD_WEBHOOK'})
  }

  return value
}

/** The channel each route of this event sends to, with the notice it sends (a route may filter the items). */
export function plan(
  config: KhaosConfig,
  notice: Notice,
  channels?: string[],
): {sends: Array<{channel: string; notice: Notice}>; skipped: NotifyOutcome['skipped']} {
  const sends: Array<{channel: string; notice: Notice}> = []
  const skipped: NotifyOutcome['skipped'] = []
  if (channels && channels.length > 0) {
    for (const channel of channels) {
      if (!(channel in config.channels))
        throw new InputError(`channel ${channel} is not in ${config.source ?? 'khaos.yaml'} (channels: ${Object.keys(config.channels).join(', ') || 'none'})`)
      if (!sends.some((s) => s.channel === channel)) sends.push({channel, notice})
    }

    return {sends, skipped}
  }

  for (const route of config.routes.filter((r) => r.event === notice.event)) {
    if (sends.some((s) => s.channel === route.channel)) continue
    const when = route.when ?? 'always'
    if (when === 'failure' && notice.status !== 'failure') {
      skipped.push({channel: route.channel, reason: 'sent on failure only'})
      continue
    }

    if (when === 'success' && notice.status === 'failure') {
      skipped.push({channel: route.channel, reason: 'sent on success only'})
      continue
    }

    if (route.min_severity) {
      const floor = route.min_severity
      const items = notice.items.filter((i) => atOrAbove(i.severity, floor))
      if (items.length === 0) {
        skipped.push({channel: route.channel, reason: `no ${notice.itemsLabel} at or above ${floor}`})
        continue
      }

      sends.push({channel: route.channel, notice: {...notice, description: `${items.length} of them at or above ${floor}. ${notice.description}`, items}})
      continue
    }

    sends.push({channel: route.channel, notice})
  }

  return {sends, skipped}
}

export async function notify(request: NotifyRequest): Promise<NotifyOutcome> {
  const env = request.env ?? process.env
  const {config} = request
  const {sends, skipped} = plan(config, request.notice, request.channels)
  const outcome: NotifyOutcome = {deliveries: [], dryRun: Boolean(request.dryRun), event: request.notice.event, messages: [], ok: true, skipped}
  const jobs = sends.map(({channel, notice}) => {
    const settings = config.channels[channel]
    const payloads = renderPayloads(settings.type, notice, {maxMessages: settings.max_messages ?? 3, version: request.version})
    payloads.forEach((payload, i) => outcome.messages.push({channel, index: i + 1, of: payloads.length, payload, type: settings.type}))
    return {channel, payloads, settings}
  })
  if (request.dryRun) return outcome
  // Every URL is resolved before anything is sent, so a missing variable stops the run before a half-sent notice.
  const urls = jobs.map((job) => webhookUrl(job.channel, job.settings, env))
  const results = await Promise.all(
    jobs.map((job, i) =>
      deliver(urls[i], job.payloads, {
        channel: job.channel,
        maxAttempts: config.notify.max_attempts,
        maxBackoffMs: config.notify.max_backoff_seconds * 1000,
        timeoutMs: config.notify.timeout_seconds * 1000,
        userAgent: `khaos/${request.version}`,
      }),
    ),
  )
  outcome.deliveries = results
  outcome.ok = results.every((r) => r.ok)
  return outcome
}

/** One line per channel for stderr: what was sent where, or why not. */
export function describeOutcome(outcome: NotifyOutcome): string[] {
  const lines: string[] = []
  for (const d of outcome.deliveries) {
    lines.push(
      d.ok
        ? `notice ${outcome.event} → ${d.channel}: delivered ${d.delivered} message(s)${d.rateLimited ? ` (waited out ${d.rateLimited} rate limit(s))` : ''}`
        : `notice ${outcome.event} → ${oneLine(d.error ?? `channel ${d.channel}: failed`)}`,
    )
  }

  for (const s of outcome.skipped) lines.push(`notice ${outcome.event} → ${s.channel}: not sent, ${s.reason}`)
  if (outcome.messages.length === 0 && outcome.skipped.length === 0) lines.push(`notice ${outcome.event}: no route in khaos.yaml sends this event anywhere`)
  return lines
}

/** The exact bodies a dry run would POST, one JSON document per line, each after a comment line naming its channel. */
export function renderDryRun(outcome: NotifyOutcome): string {
  return outcome.messages.map((m) => `# ${m.channel} (${m.type}) message ${m.index}/${m.of}\n${JSON.stringify(m.payload)}\n`).join('')
}

export type CommandEvent = 'drill' | 'synthesis' | 'trial' | 'verify'

/**
 * `--notify` on synthesize, trial run, drill progress and verify: builds the event's notice from the
 * command's result, sends it where khaos.yaml routes it, and reports on stderr (stdout may carry --json).
 * A failed delivery makes the exit code 1 unless the command already failed harder; with
 * KHAOS_NOTIFY_DRY_RUN=1 the payloads are printed on stderr instead of sent.
 */
export async function notifyAfterCommand(
  event: CommandEvent,
  result: unknown,
  context: {artifact?: string; stateRoot: string; version: string},
): Promise<NotifyOutcome> {
  const config = await loadConfig({stateRoot: context.stateRoot})
  const notice = buildNotice(event, result, context.artifact)
  const dryRun = process.env.KHAOS_NOTIFY_DRY_RUN === '1'
  const outcome = await notify({config, dryRun, notice, version: context.version})
  if (dryRun) process.stderr.write(renderDryRun(outcome))
  for (const line of describeOutcome(outcome)) process.stderr.write(`${line}\n`)
  if (!outcome.ok && !process.exitCode) process.exitCode = 1
  return outcome
}

function buildNotice(event: CommandEvent, result: unknown, artifact?: string): Notice {
  switch (event) {
    case 'trial':
      return trialNotice(result as TrialReportLike, artifact)
    case 'synthesis': {
      const synthesis = result as SynthesisLike
      return synthesisNotice(synthesis, readAnalysisFindings(synthesis.artifacts.contradictions))
    }

    case 'drill':
      return drillNotice(result as DrillReportLike)
    default:
      return verifyNotice(result as VerifyReportLike)
  }
}
