// F22, Plaintext credentials in monitoring configs: the detector of trials/F22-monitoring-plaintext-credentials/trial.yaml.
import {str} from '../model/yaml.js'
import type {Detector, RawFinding} from '../types.js'
import {type ConfigKind, configsOf, walkYaml} from './configs.js'
import {decodeUriSafe, isLiteralPassword, isLiteralToken, isPlaceholder, redact} from './secrets.js'

// Field names (lower case) holding a password: any literal that is not a reference/placeholder counts.
const PASSWORD_KEYS = new Set([
  'password',
  'basicauthpassword',
  'auth_password',
  'smtp_auth_password',
  'auth_secret',
  'smtp_auth_secret',
  'client_secret',
  'secretkey',
  'secret_key',
  'api_secret',
])
// Field names holding a token or key: must look like one (length and entropy) to count.
const TOKEN_KEYS = new Set([
  'bearer_token',
  'credentials',
  'token',
  'api_key',
  'apikey',
  'routing_key',
  'service_key',
  'bot_token',
  'user_key',
  'accesskey',
  'access_key',
  'httpheadervalue1',
  'httpheadervalue2',
  'httpheadervalue3',
])
// Field names holding a URL: only URLs that carry a secret (webhook path, user:pass@, token in the query).
const URL_KEYS = new Set(['slack_api_url', 'api_url', 'url', 'webhook_url', 'opsgenie_api_url'])
const SECRET_URL = [
  /^https:\/\/hooks\.slack\.com\/services\/T\w+\/B\w+\/\w{16,}/,
  /^https:\/\/(?:canary\.|ptb\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[\w-]{40,}/,
  /^https:\/\/[\w.-]+\.webhook\.office\.com\/webhookb2\//,
  /^https:\/\/outlook\.office\.com\/webhook\//,
]

/** Why a URL is a secret, or undefined. */
export function secretInUrl(url: string): string | undefined {
  if (SECRET_URL.some((re) => re.test(url))) return 'webhook URL (the URL is the credential)'
  const userinfo = /^[a-z][\w+.-]*:\/\/[^/\s:@]*:([^/\s@]+)@/i.exec(url)
  if (userinfo && isLiteralPassword(decodeUriSafe(userinfo[1]))) return 'password in the URL'
  const query = /[?&](?:token|access_token|api_key|apikey|key|secret|password|auth)=([^&#\s]+)/i.exec(url)
  if (query && isLiteralToken(decodeUriSafe(query[1]))) return 'token in the query string'
  return undefined
}

/** Shows scheme and host, hides the rest: `https://hooks.slack.com/<redacted 62 chars>`. */
export function redactUrl(url: string): string {
  const m = /^([a-z][\w+.-]*:\/\/)(?:[^/@\s]*@)?([^/?#\s]+)(.*)$/i.exec(url)
  return m ? `${m[1]}${m[2]}/<redacted ${url.length} chars>` : redact(url)
}

const KINDS: ConfigKind[] = ['prometheus', 'alertmanager', 'grafana-datasources', 'loki']

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const kind of KINDS) {
      for (const {doc, path} of configsOf(model, kind)) {
        walkYaml(doc, (keyPath, key, value, line) => {
          const v = str(value)
          if (v === undefined || typeof value === 'boolean') return
          const k = key.toLowerCase()
          let why: string | undefined
          let shown: string | undefined
          if (PASSWORD_KEYS.has(k) && isLiteralPassword(v)) {
            why = 'literal password'
            shown = redact(v)
          } else if (TOKEN_KEYS.has(k) && isLiteralToken(v)) {
            why = 'literal token'
            shown = redact(v)
          } else if (URL_KEYS.has(k) && !isPlaceholder(v)) {
            why = secretInUrl(v.trim())
            shown = why ? redactUrl(v.trim()) : undefined
          }

          if (!why || shown === undefined) return
          out.push({
            evidence: `${kind}: ${keyPath}=${shown}`,
            file: path,
            line,
            message: `${kind} config holds a ${why} in ${keyPath}: use the *_file variant or a secret reference instead`,
          })
        })
      }
    }

    return out
  },
}

export default detector
