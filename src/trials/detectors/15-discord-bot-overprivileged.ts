// F15, Over-privileged Discord bot (Administrator, every privileged intent): the detector of trials/F15-discord-bot-overprivileged/trial.yaml.
import type {Detector, RawFinding} from '../types.js'
import {matchLines} from './util.js'

const ADMINISTRATOR = 0x8n
const INVITE = /discord(?:app)?\.com\/(?:api\/)?oauth2\/authorize\?[^\s"'`<>)]*/g
const SOURCE = /\.(m?[jt]sx?|cjs|py|go|rs|java|kt|cs|rb)$/i
const PRIVILEGED_JS = ['GuildMembers', 'GuildPresences', 'MessageContent']
const PRIVILEGED_PY = ['members', 'presences', 'message_content']

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const f of model.files) {
      const text = f.text
      if (text.includes('oauth2/authorize')) {
        for (const {line, match} of matchLines(text, INVITE)) {
          const perms = /[?&]permissions=(-?\d+)/.exec(match[0])?.[1]
          if (perms === undefined) continue
          let value: bigint
          try {
            value = BigInt(perms)
          } catch {
            continue
          }

          if (value < 0n || (value & ADMINISTRATOR) !== 0n) {
            out.push({
              evidence: `invite permissions=${perms} (Administrator)`,
              file: f.path,
              line,
              message: `Discord invite URL asks for the Administrator permission (permissions=${perms}): a token leak or a command injection in the bot then owns the whole server; request only the permissions the bot uses`,
            })
          }
        }
      }

      if (!SOURCE.test(f.path)) continue
      const all =
        /Object\.(?:values|keys)\(\s*(?:GatewayIntentBits|IntentsBitField\.Flags|Intents\.FLAGS)\s*\)|Intents\.ALL\b|new\s+Intents\(\s*32767\s*\)|intents\s*[:=]\s*(?:3276799|3276543|131071|32767)\b|discord\.Intents\.all\(\)|Intents\.all\(\)/.exec(
          text,
        )
      if (all) {
        const line = text.slice(0, all.index).split('\n').length
        out.push({
          evidence: `all intents: ${all[0]}`,
          file: f.path,
          line,
          message: `the bot requests every gateway intent (${all[0]}), including the privileged ones (members, presences, message content): it receives far more user data than it needs`,
        })
        continue
      }

      const js = PRIVILEGED_JS.map((n) => new RegExp(`(GatewayIntentBits|IntentsBitField\\.Flags)\\.${n}\\b`).exec(text))
      const py = PRIVILEGED_PY.map((n) => new RegExp(`intents\\.${n}\\s*=\\s*True`).exec(text))
      for (const hits of [js, py]) {
        if (hits.every(Boolean)) {
          const first = hits.reduce((a, b) => (a!.index <= b!.index ? a : b))!
          out.push({
            evidence: `privileged intents: ${hits.map((h) => h![0]).join(', ')}`,
            file: f.path,
            line: text.slice(0, first.index).split('\n').length,
            message:
              'the bot enables every privileged intent (server members, presences, message content): enable only those a feature needs, and prefer slash commands to reading message content',
          })
        }
      }
    }

    return out
  },
}

export default detector
