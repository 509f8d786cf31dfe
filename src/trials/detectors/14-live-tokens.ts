// F14, Live tokens in tracked files: the detector of trials/F14-live-tokens/trial.yaml.
import type {Detector, RawFinding} from '../types.js'
import {entropy, redact} from './secrets.js'
import {matchLines} from './util.js'
import {repositoryFiles} from './tracked.js'

interface TokenRule {
  kind: string
  /** Cheap substring test before the regex runs. */
  hint?: string
  pattern: RegExp
  /** Capture group holding the random part whose entropy is checked (0 = whole match). */
  group: number
  minEntropy: number
}

// Entropy thresholds keep placeholders (ghp_xxxxxxxx…, hvs.REPLACE_ME…) out; real tokens are random.
export const TOKEN_RULES: TokenRule[] = [
  {
    group: 2,
    hint: 'discord',
    kind: 'Discord webhook',
    minEntropy: 4,
    pattern: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/(\d{17,20})\/([A-Za-z0-9_-]{60,80})/g,
  },
  {
    group: 3,
    kind: 'Discord bot token',
    minEntropy: 3.8,
    pattern: /(?<![A-Za-z0-9_-])([MNO][A-Za-z0-9_-]{23,27})\.([A-Za-z0-9_-]{6})\.([A-Za-z0-9_-]{27,40})(?![A-Za-z0-9_-])/g,
  },
  {group: 2, hint: '_', kind: 'GitHub token', minEntropy: 3.8, pattern: /(?<![A-Za-z0-9_])(ghp|gho|ghu|ghs|ghr)_([A-Za-z0-9]{36})(?![A-Za-z0-9])/g},
  {group: 1, hint: 'github_pat_', kind: 'GitHub fine-grained token', minEntropy: 4, pattern: /github_pat_([A-Za-z0-9]{22}_[A-Za-z0-9]{59})/g},
  {group: 2, hint: '.', kind: 'Vault token', minEntropy: 3.8, pattern: /(?<![A-Za-z0-9_.])(hvs|hvb|hvr)\.([A-Za-z0-9_-]{24,})/g},
  {group: 0, hint: 'A', kind: 'AWS access key id', minEntropy: 3, pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g},
  {group: 1, hint: 'xox', kind: 'Slack token', minEntropy: 3.5, pattern: /xox[baprs]-([A-Za-z0-9-]{20,})/g},
]

const PRIVATE_KEY = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----\r?\n([\s\S]{0,400})/g

const detector: Detector = {
  detect(model) {
    const out: RawFinding[] = []
    for (const f of repositoryFiles(model)) {
      const text = f.text
      for (const rule of TOKEN_RULES) {
        if (rule.hint && !text.includes(rule.hint)) continue
        for (const {line, match} of matchLines(text, rule.pattern)) {
          const random = match[rule.group] ?? match[0]
          if (entropy(random) < rule.minEntropy || /x{6,}|X{6,}|0{8,}|example|placeholder|your_?token/i.test(match[0])) continue
          out.push({
            evidence: `${rule.kind}: ${redact(match[0])}`,
            file: f.path,
            line,
            message: `${rule.kind} in ${f.path}: treat it as leaked, revoke it now, then remove it (history too) and load it from a secret store`,
          })
        }
      }

      if (text.includes('PRIVATE KEY-----')) {
        for (const {line, match} of matchLines(text, PRIVATE_KEY)) {
          const body = match[2].replace(/^[A-Za-z-]+:.*$/gm, '').replace(/\s+/g, '')
          // A real key body is long base64; documentation shows "..." or a few characters.
          if (!/^[A-Za-z0-9+/=]{64,}/.test(body) || entropy(body.slice(0, 200)) < 4.5) continue
          out.push({
            evidence: `${match[1]}: ${redact(body.slice(0, 40))}`,
            file: f.path,
            line,
            message: `${match[1]} in ${f.path}: a committed private key is compromised; replace the key pair and remove the file from history`,
          })
        }
      }
    }

    return out
  },
}

export default detector
