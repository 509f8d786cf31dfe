import type {ChannelType} from '../shared/config.js'
import {oneLine, stripControls, truncate} from '../shared/text.js'

/** Chat limits count UTF-16 units. */
const clip = (text: string, max: number) => truncate(text, max, {utf16: true})
import type {Notice, NoticeItem} from './notice.js'

/**
 * Platform payloads within each platform's documented limits. What does not fit is split over up to
 * `maxMessages` messages and then summarised ("… and 1,912 more findings: see trial_report.md"), never cut
 * off silently. Lengths are counted in UTF-16 units, which is never less than the characters the platforms
 * count, so a payload that fits here fits there.
 */

/** Discord: https://discord.com/developers/docs/resources/message#embed-object-embed-limits and execute-webhook. */
const DISCORD = {
  authorName: 256,
  content: 2000,
  description: 4096,
  embedTotal: 6000,
  embeds: 10,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  title: 256,
  username: 80,
} as const

/** Slack Block Kit: https://api.slack.com/reference/block-kit/blocks (header, section, context) and chat.postMessage. */
const SLACK = {blocks: 50, contextElements: 10, fieldText: 2000, fields: 10, header: 150, sectionText: 3000, text: 3000} as const

/** The plain JSON webhook: khaos's own bounds, documented in docs/notify.md. */
const JSON_HOOK = {body: 1024 * 1024, items: 1000, itemText: 4000} as const

const COLORS = {failure: 0xd7_3a_4a, info: 0x58_65_f2, success: 0x2e_a0_43, warning: 0xd2_99_22} as const

export interface RenderOptions {
  maxMessages: number
  version: string
}

/** The payloads (JSON bodies) for one channel, in sending order. */
export function renderPayloads(type: ChannelType, notice: Notice, options: RenderOptions): object[] {
  switch (type) {
    case 'discord':
      return renderDiscord(notice, options)
    case 'slack':
      return renderSlack(notice, options)
    default:
      return [renderJson(notice, options)]
  }
}

function moreLine(notice: Notice, left: number): string {
  return `… and ${left.toLocaleString('en-US')} more ${notice.itemsLabel}${notice.artifact ? `: see ${oneLine(notice.artifact)}` : ''}`
}

// ---------------------------------------------------------------------------------------------- Discord

/**
 * Discord markdown and mentions made literal: markdown characters are backslash-escaped, and @everyone,
 * @here and <@…> get a zero-width space so they neither ping (allowed_mentions is empty anyway) nor look
 * like a ping.
 */
function discordText(text: string): string {
  return stripControls(text)
    .replace(/[\\*_~`|>#[\]()<]/g, (c) => `\\${c}`)
    .replace(/@/g, '@\u200b')
}

interface DiscordEmbed {
  title?: string
  description?: string
  color?: number
  fields?: Array<{name: string; value: string; inline?: boolean}>
  footer?: {text: string}
  timestamp?: string
}

function embedChars(embed: DiscordEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  )
}

function discordMessage(embeds: DiscordEmbed[]): object {
  // allowed_mentions with an empty parse list: nothing in the text can ping anyone.
  return {allowed_mentions: {parse: []}, embeds, username: 'khaos'}
}

function renderDiscord(notice: Notice, options: RenderOptions): object[] {
  // Room kept in every message for the "… and N more" line, so it always fits.
  const reserve = 400
  const footer = clip(discordText(`khaos ${options.version}${notice.artifact ? ` · ${oneLine(notice.artifact)}` : ''}`), 300)
  const head: DiscordEmbed = {
    color: COLORS[notice.status],
    fields: notice.facts
      .slice(0, 10)
      .map((f) => ({inline: true, name: clip(discordText(oneLine(f.name)) || '-', 100), value: clip(discordText(oneLine(f.value)) || '-', 200)})),
    footer: {text: footer},
    title: clip(discordText(oneLine(notice.title)), DISCORD.title),
  }
  // The description gets what the title, facts and footer leave of the message (they are bounded above).
  head.description = clip(discordText(notice.description), Math.min(DISCORD.description, DISCORD.embedTotal - reserve - embedChars(head) - 1000))
  if (notice.timestamp && /^\d{4}-\d{2}-\d{2}T/.test(notice.timestamp)) head.timestamp = notice.timestamp
  const messages: DiscordEmbed[][] = [[head]]
  let chars = embedChars(head)
  let index = 0
  const items = notice.items
  const field = (item: NoticeItem) => ({
    name: clip(discordText(oneLine(item.title)) || '-', DISCORD.fieldName),
    value: clip(discordText(item.text.trim()) || '-', DISCORD.fieldValue),
  })
  while (index < items.length) {
    const f = field(items[index])
    const message = messages.at(-1)!
    let embed = message.at(-1)!
    const size = f.name.length + f.value.length
    const embedFull = (embed.fields?.length ?? 0) >= DISCORD.fields
    const messageFull = chars + size > DISCORD.embedTotal - reserve || (embedFull && message.length >= DISCORD.embeds)
    if (messageFull) {
      if (messages.length >= options.maxMessages) break
      const next: DiscordEmbed = {color: head.color, fields: [], title: clip(`${discordText(oneLine(notice.title))} (${messages.length + 1})`, DISCORD.title)}
      messages.push([next])
      chars = embedChars(next)
      continue
    }

    if (embedFull) {
      embed = {color: head.color, fields: []}
      message.push(embed)
    }

    embed.fields = [...(embed.fields ?? []), f]
    chars += size
    index++
  }

  const left = items.length - index
  if (left > 0) {
    const last = messages.at(-1)!
    const embed = last.at(-1)!
    const line = clip(discordText(moreLine(notice, left)), 350)
    if (embed.description === undefined) embed.description = line
    else if ((embed.fields?.length ?? 0) < DISCORD.fields) embed.fields = [...(embed.fields ?? []), {name: 'more', value: clip(line, DISCORD.fieldValue)}]
    else last.push({color: head.color, description: line})
  }

  return messages.map((embeds) => discordMessage(embeds))
}

// ------------------------------------------------------------------------------------------------ Slack

/** Slack's three control characters escaped (https://api.slack.com/reference/surfaces/formatting#escaping): no <!everyone>, no links. */
function slackText(text: string): string {
  return stripControls(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

type SlackBlock = Record<string, unknown>

function renderSlack(notice: Notice, options: RenderOptions): object[] {
  const plain = (text: string, max: number) => ({emoji: false, text: clip(slackText(text), max) || '-', type: 'plain_text'})
  const head: SlackBlock[] = [
    {text: plain(oneLine(notice.title), SLACK.header), type: 'header'},
    {text: plain(notice.description, SLACK.sectionText), type: 'section'},
  ]
  if (notice.facts.length > 0) {
    head.push({
      fields: notice.facts
        .slice(0, SLACK.fields)
        .map((f) => ({text: clip(`*${slackText(oneLine(f.name)).replace(/[*_~`]/g, '')}*\n${slackText(oneLine(f.value))}`, SLACK.fieldText), type: 'mrkdwn'})),
      type: 'section',
    })
  }

  const fallback = clip(slackText(`${oneLine(notice.title)}: ${oneLine(notice.description)}`), SLACK.text)
  const context = (text: string) => ({elements: [plain(oneLine(text), SLACK.sectionText)], type: 'context'})
  const footer = `khaos ${options.version}${notice.artifact ? ` · ${oneLine(notice.artifact)}` : ''}`
  // Two blocks kept free in each message: the footer and the "… and N more" line.
  const room = SLACK.blocks - 2
  const messages: SlackBlock[][] = [head]
  let index = 0
  while (index < notice.items.length) {
    const message = messages.at(-1)!
    if (message.length >= room) {
      if (messages.length >= options.maxMessages) break
      messages.push([{text: plain(`${oneLine(notice.title)} (${messages.length + 1})`, SLACK.header), type: 'header'}])
      continue
    }

    const item = notice.items[index]
    message.push({text: plain(`${oneLine(item.title)}\n${item.text.trim()}`, SLACK.sectionText), type: 'section'})
    index++
  }

  const left = notice.items.length - index
  if (left > 0) messages.at(-1)!.push(context(moreLine(notice, left)))
  for (const message of messages) message.push(context(footer))
  return messages.map((blocks) => ({blocks, text: fallback, unfurl_links: false, unfurl_media: false}))
}

// ------------------------------------------------------------------------------------------------- JSON

function renderJson(notice: Notice, options: RenderOptions): object {
  const clean = (text: string, max: number = JSON_HOOK.itemText) => clip(stripControls(text), max)
  const build = (count: number) => ({
    artifact: notice.artifact,
    description: clean(notice.description),
    event: notice.event,
    facts: notice.facts.map((f) => ({name: clean(f.name, 200), value: clean(f.value, 1000)})),
    items: notice.items.slice(0, count).map((i) => ({severity: i.severity, text: clean(i.text), title: clean(i.title, 500)})),
    items_omitted: notice.items.length - count,
    items_total: notice.items.length,
    khaos: {version: options.version},
    status: notice.status,
    timestamp: notice.timestamp,
    title: clean(oneLine(notice.title), 500),
  })
  let count = Math.min(notice.items.length, JSON_HOOK.items)
  let body = build(count)
  // Halve the item list until the body fits (items are bounded, so this ends within a few steps).
  while (count > 0 && Buffer.byteLength(JSON.stringify(body)) > JSON_HOOK.body) {
    count = Math.floor(count / 2)
    body = build(count)
  }

  return body
}
