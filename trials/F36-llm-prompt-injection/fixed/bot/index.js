import {execFile} from 'node:child_process'
import {Client, GatewayIntentBits} from 'discord.js'
import OpenAI from 'openai'

const openai = new OpenAI()
const client = new Client({intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent]})

// "!ops <question>" — the assistant only answers in the channel; it never runs anything it wrote.
client.on('messageCreate', async (message) => {
  if (message.content === '!uptime') {
    execFile('uptime', [], (error, stdout) => message.reply(error ? 'uptime failed' : stdout))
    return
  }

  if (!message.content.startsWith('!ops ')) return
  const question = message.content.slice(5)
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      {role: 'system', content: 'Explain, in plain words, how an operator could answer this question.'},
      {role: 'user', content: question},
    ],
  })
  const answer = completion.choices[0].message.content.trim()
  await message.reply(answer.slice(0, 1900))
})

client.login(process.env.DISCORD_TOKEN)
