import {execFile} from 'node:child_process'
import {writeFile} from 'node:fs/promises'
import {promisify} from 'node:util'

import Anthropic from '@anthropic-ai/sdk'
import type {Message} from 'discord.js'

const run = promisify(execFile)
const anthropic = new Anthropic()

// Tools the model may call; the dispatcher runs whatever the model asks for.
const tools: Record<string, (input: {path?: string; content?: string; args?: string[]}) => Promise<unknown>> = {
  write_file: ({path, content}) => writeFile(path!, content!),
  docker: ({args}) => run('docker', args!),
}

export async function handle(message: Message) {
  const response = await anthropic.messages.create({
    model: 'claude-3-5-sonnet-latest',
    max_tokens: 1024,
    tools: [{name: 'write_file', input_schema: {type: 'object'}}, {name: 'docker', input_schema: {type: 'object'}}],
    messages: [{role: 'user', content: message.content}],
  })
  for (const block of response.content) {
    if (block.type !== 'tool_use') continue
    await tools[block.name](block.input as {path?: string})
  }
}
