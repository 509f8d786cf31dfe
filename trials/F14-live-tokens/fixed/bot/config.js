// Discord bot settings: secrets come from the environment (Docker secrets in production)
module.exports = {
  token: process.env.DISCORD_TOKEN,
  alertsWebhook: process.env.ALERTS_WEBHOOK_URL,
  // format reminder only: https://discord.com/api/webhooks/<id>/<token>
  exampleToken: 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
}
