import {Client, GatewayIntentBits} from 'discord.js'

const client = new Client({
  intents: Object.values(GatewayIntentBits),
})
client.login(process.env.DISCORD_TOKEN)
