// Discord bot settings
module.exports = {
  token: 'MgNSWPH8prVqsUeQCtDR3zzX6h.qo35uw.HUtuJvbipRdkJAWZ4moUxm_yI5B_KGnplJJpdu',
  alertsWebhook: 'https://discord.com/api/webhooks/6189167286747766914/8YE5_is_I4cZ2cSV8HTMyf8GmXmeyNdaKTGoeszaDGHxFAQLVeuzU_XFXO_eF28RlHnq',
}
