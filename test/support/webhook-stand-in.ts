import {createServer, type IncomingMessage, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'

/**
 * A loopback stand-in for Discord, Slack and plain JSON webhooks. It checks every payload against the
 * platforms' documented limits, restated here from the documentation (not imported from khaos, so a wrong
 * constant in khaos is caught), answers 400 with the reason when one is broken, and answers 429 or 5xx on
 * demand. The kind of hook is the first path segment: /discord/<token>, /slack/<token>, /json/<token>.
 */

export interface Received {
  kind: string
  path: string
  body: string
  json: unknown
  status: number
  violations: string[]
}

export interface StandIn {
  url(kind: 'discord' | 'json' | 'slack', token?: string): string
  /** Answers the next requests with these statuses (429 carries retry_after seconds), then 204 again. */
  script(...answers: Array<{status: number; retryAfter?: number}>): void
  /** Every request, in arrival order. */
  received: Received[]
  /** Requests answered 2xx: messages the platform would have posted. */
  accepted(): Received[]
  close(): Promise<void>
}

const chars = (value: unknown): number => (typeof value === 'string' ? [...value].length : 0)

export function discordViolations(body: Record<string, unknown>): string[] {
  const v: string[] = []
  if (chars(body.content) > 2000) v.push(`content ${chars(body.content)} > 2000`)
  if (chars(body.username) > 80) v.push('username > 80')
  const embeds = (body.embeds ?? []) as Array<Record<string, any>>
  if (!Array.isArray(embeds)) v.push('embeds is not an array')
  if (embeds.length > 10) v.push(`${embeds.length} embeds > 10`)
  if (!body.content && embeds.length === 0) v.push('empty message')
  let total = 0
  for (const [i, e] of embeds.entries()) {
    if (chars(e.title) > 256) v.push(`embed ${i} title ${chars(e.title)} > 256`)
    if (chars(e.description) > 4096) v.push(`embed ${i} description ${chars(e.description)} > 4096`)
    if (chars(e.footer?.text) > 2048) v.push(`embed ${i} footer > 2048`)
    if (chars(e.author?.name) > 256) v.push(`embed ${i} author > 256`)
    const fields = (e.fields ?? []) as Array<{name: string; value: string}>
    if (fields.length > 25) v.push(`embed ${i} has ${fields.length} fields > 25`)
    for (const f of fields) {
      if (chars(f.name) === 0 || chars(f.name) > 256) v.push(`embed ${i} field name length ${chars(f.name)}`)
      if (chars(f.value) === 0 || chars(f.value) > 1024) v.push(`embed ${i} field value length ${chars(f.value)}`)
      total += chars(f.name) + chars(f.value)
    }

    total += chars(e.title) + chars(e.description) + chars(e.footer?.text) + chars(e.author?.name)
  }

  if (total > 6000) v.push(`embeds total ${total} > 6000`)
  const mentions = body.allowed_mentions as {parse?: unknown; roles?: unknown[]; users?: unknown[]} | undefined
  if (!mentions || !Array.isArray(mentions.parse) || mentions.parse.length > 0 || (mentions.users?.length ?? 0) > 0 || (mentions.roles?.length ?? 0) > 0) {
    v.push('allowed_mentions must be {"parse": []}')
  }

  if (/@(everyone|here)/.test(JSON.stringify(body))) v.push('a literal @everyone/@here would show as a ping')
  return v
}

export function slackViolations(body: Record<string, unknown>): string[] {
  const v: string[] = []
  const blocks = (body.blocks ?? []) as Array<Record<string, any>>
  if (blocks.length > 50) v.push(`${blocks.length} blocks > 50`)
  if (chars(body.text) > 4000) v.push(`text ${chars(body.text)} > 4000`)
  if (!body.text && blocks.length === 0) v.push('empty message')
  for (const [i, b] of blocks.entries()) {
    if (b.type === 'header' && (b.text?.type !== 'plain_text' || chars(b.text?.text) > 150)) v.push(`block ${i} header over 150 or not plain_text`)
    if (b.type === 'section') {
      if (b.text && (chars(b.text.text) === 0 || chars(b.text.text) > 3000)) v.push(`block ${i} section text length ${chars(b.text.text)}`)
      if (b.fields && (b.fields.length > 10 || b.fields.some((f: {text: string}) => chars(f.text) > 2000))) v.push(`block ${i} fields over 10 or over 2000`)
      if (!b.text && !b.fields) v.push(`block ${i} section without text or fields`)
    }

    if (b.type === 'context' && (b.elements?.length ?? 0) > 10) v.push(`block ${i} context over 10 elements`)
  }

  if (/<!(everyone|channel|here)/.test(JSON.stringify(body))) v.push('a <!everyone>/<!channel>/<!here> mention')
  return v
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    request.on('data', (c: Buffer) => parts.push(c))
    request.on('end', () => resolve(Buffer.concat(parts).toString('utf8')))
    request.on('error', reject)
  })
}

export async function startStandIn(): Promise<StandIn> {
  const received: Received[] = []
  const queue: Array<{status: number; retryAfter?: number}> = []
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request)
    const kind = (request.url ?? '/').split('/')[1] ?? ''
    const record: Received = {body, json: undefined, kind, path: request.url ?? '/', status: 0, violations: []}
    received.push(record)
    const answer = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      record.status = status
      response.writeHead(status, {'content-type': 'application/json', ...headers})
      response.end(json === undefined ? '' : JSON.stringify(json))
    }

    if (request.method !== 'POST' || request.headers['content-type'] !== 'application/json') return answer(405, {message: 'POST application/json only'})
    const next = queue.shift()
    if (next && next.status === 429)
      return answer(
        429,
        {global: false, message: 'You are being rate limited.', retry_after: next.retryAfter ?? 0.2},
        {'retry-after': String(Math.ceil(next.retryAfter ?? 0.2))},
      )
    if (next) return answer(next.status, {message: `scripted ${next.status}`})
    try {
      record.json = JSON.parse(body)
    } catch {
      record.violations.push('body is not JSON')
      return answer(400, {message: 'body is not JSON'})
    }

    const json = record.json as Record<string, unknown>
    if (kind === 'discord') record.violations.push(...discordViolations(json))
    else if (kind === 'slack') record.violations.push(...slackViolations(json))
    else if (Buffer.byteLength(body) > 1024 * 1024) record.violations.push('JSON body over 1 MiB')
    if (record.violations.length > 0) return answer(400, {code: 50_035, message: `Invalid Form Body: ${record.violations.join('; ')}`})
    return kind === 'slack' ? ((record.status = 200), response.writeHead(200, {'content-type': 'text/plain'}), response.end('ok')) : answer(204)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    accepted: () => received.filter((r) => r.status >= 200 && r.status < 300),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
    received,
    script: (...answers) => queue.push(...answers),
    url: (kind, token = 'secret-token-0123456789') => `http://127.0.0.1:${port}/${kind}/${token}`,
  }
}
