import {Client, GatewayIntentBits} from 'discord.js'

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
})
client.login(process.env.DISCORD_TOKEN)
