import {execSync} from 'node:child_process'
import {Client, GatewayIntentBits} from 'discord.js'
import OpenAI from 'openai'

const openai = new OpenAI()
const client = new Client({intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent]})

// "!ops <question>" — the ops assistant turns a question into a shell command and runs it on the host.
client.on('messageCreate', async (message) => {
  if (!message.content.startsWith('!ops ')) return
  const question = message.content.slice(5)
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      {role: 'system', content: 'Answer with a single bash command that answers the operator question.'},
      {role: 'user', content: question},
    ],
  })
  const command = completion.choices[0].message.content.trim()
  const output = execSync(command, {encoding: 'utf8', timeout: 10_000})
  await message.reply('```\n' + output.slice(0, 1900) + '\n```')
})

client.login(process.env.DISCORD_TOKEN)
