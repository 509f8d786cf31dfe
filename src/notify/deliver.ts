import {oneLine} from '../shared/text.js'

/**
 * POSTs webhook payloads with the retry rules of the platforms: 429 waits what the answer says (Discord's
 * JSON `retry_after`, else the Retry-After header), 5xx and connection failures back off exponentially up to
 * a cap, any other answer fails at once; everything within one total timeout. Errors name the channel and
 * never the URL (a webhook URL is a secret: whoever has it can post).
 */

export interface DeliveryOptions {
  /** Channel name, for messages. */
  channel: string
  /** Total time for every message and retry of this channel, in ms. */
  timeoutMs: number
  /** Attempts per message for 5xx and connection failures (429 waits do not count). */
  maxAttempts: number
  maxBackoffMs: number
  userAgent: string
  /** Injected in tests of the core; the CLI uses real timers. */
  sleep?: (ms: number) => Promise<void>
}

export interface DeliveryResult {
  channel: string
  ok: boolean
  messages: number
  delivered: number
  attempts: number
  rateLimited: number
  error?: string
}

// Not unref'd: the wait is the only thing keeping the process alive between attempts.
const sleepReal = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms)
  })

/** Seconds to wait from a 429: Discord's body `retry_after` (seconds, may be fractional), else Retry-After. */
function retryAfterMs(body: string, header: string | null): number | undefined {
  try {
    const value = (JSON.parse(body) as {retry_after?: unknown}).retry_after
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value * 1000
  } catch {
    // Not JSON: fall back to the header.
  }

  if (header && /^\d+(\.\d+)?$/.test(header.trim())) return Number(header) * 1000
  return undefined
}

/** A message from a server body, cleaned: one line, bounded, and without the URL should the server echo it. */
function serverSays(body: string, url: string): string {
  const text = oneLine(
    body
      .split(url)
      .join('<webhook>')
      .replace(/https?:\/\/\S+/g, '<url>'),
  )
  return text.length > 200 ? `${text.slice(0, 199)}…` : text
}

export async function deliver(url: string, payloads: object[], options: DeliveryOptions): Promise<DeliveryResult> {
  const sleep = options.sleep ?? sleepReal
  const started = Date.now()
  const deadline = started + options.timeoutMs
  const result: DeliveryResult = {attempts: 0, channel: options.channel, delivered: 0, messages: payloads.length, ok: false, rateLimited: 0}
  const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`
  const fail = (why: string): DeliveryResult => {
    result.error = `channel ${options.channel}: ${why}${payloads.length > 1 ? ` (${result.delivered} of ${payloads.length} messages delivered)` : ''}`
    return result
  }

  for (const payload of payloads) {
    const body = JSON.stringify(payload)
    let failures = 0
    for (;;) {
      const remaining = deadline - Date.now()
      if (remaining <= 0) return fail(`timed out after ${seconds()} (${result.attempts} attempt(s))`)
      result.attempts++
      let response: Response
      try {
        response = await fetch(url, {
          body,
          headers: {'content-type': 'application/json', 'user-agent': options.userAgent},
          method: 'POST',
          // A webhook never redirects; following one could carry the payload to another host.
          redirect: 'error',
          signal: AbortSignal.timeout(remaining),
        })
      } catch (error) {
        const e = error as Error & {cause?: {code?: string}}
        const reason = e.name === 'TimeoutError' || e.name === 'AbortError' ? 'no answer' : (e.cause?.code ?? 'connection failed')
        failures++
        if (failures >= options.maxAttempts) return fail(`could not deliver: ${reason} after ${failures} attempt(s) in ${seconds()}`)
        const wait = Math.min(options.maxBackoffMs, 500 * 2 ** (failures - 1))
        if (wait >= deadline - Date.now()) return fail(`timed out after ${seconds()}: ${reason} (${result.attempts} attempt(s))`)
        await sleep(wait)
        continue
      }

      const text = await response.text().catch(() => '')
      if (response.ok) {
        result.delivered++
        break
      }

      if (response.status === 429) {
        result.rateLimited++
        const wait = retryAfterMs(text, response.headers.get('retry-after')) ?? 1000
        if (wait >= deadline - Date.now())
          return fail(`rate limited (429): asked to wait ${(wait / 1000).toFixed(1)} s, past the ${(options.timeoutMs / 1000).toFixed(0)} s timeout`)
        await sleep(wait)
        continue
      }

      if (response.status >= 500) {
        failures++
        if (failures >= options.maxAttempts) return fail(`server error ${response.status} after ${failures} attempt(s) in ${seconds()}`)
        const hinted = retryAfterMs('', response.headers.get('retry-after'))
        const wait = Math.min(options.maxBackoffMs, hinted ?? 500 * 2 ** (failures - 1))
        if (wait >= deadline - Date.now()) return fail(`timed out after ${seconds()}: server error ${response.status} (${result.attempts} attempt(s))`)
        await sleep(wait)
        continue
      }

      const says = serverSays(text, url)
      return fail(`refused with ${response.status}${says ? `: ${says}` : ''}`)
    }
  }

  result.ok = true
  return result
}
