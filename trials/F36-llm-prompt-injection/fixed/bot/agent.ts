import Anthropic from '@anthropic-ai/sdk'
import type {Message} from 'discord.js'

import {lookupStatus} from './status.js'

const anthropic = new Anthropic()

// One read-only tool, called by name after checking the name and validating the input.
export async function handle(message: Message) {
  const response = await anthropic.messages.create({
    model: 'claude-3-5-sonnet-latest',
    max_tokens: 1024,
    tools: [{name: 'service_status', input_schema: {type: 'object', properties: {service: {type: 'string', enum: ['web', 'api', 'db']}}}}],
    messages: [{role: 'user', content: message.content}],
  })
  for (const block of response.content) {
    if (block.type !== 'tool_use' || block.name !== 'service_status') continue
    const service = (block.input as {service?: string}).service
    if (service === 'web' || service === 'api' || service === 'db') await message.reply(await lookupStatus(service))
  }
}
