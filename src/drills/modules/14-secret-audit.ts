import {byteCompare, Rng} from '../rng.js'
import type {DrillModule, Fixture} from '../types.js'

/**
 * Drill 14: a small fake repository with real-looking secrets and decoys. Expected: `PATH:LINE:TYPE` for every
 * real secret outside node_modules/, sorted by path then line. Traps in every seed: the AWS documentation
 * key (…EXAMPLE), placeholder tokens (xxxx), a token cut short by a redaction, a lowercase look-alike
 * (case matters), a public key and a certificate next to a private key, vendored test data under
 * node_modules/, and a file name with a space.
 */

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const B64 = `${ALNUM}+/`

interface Secret {
  path: string
  line: number
  type: string
}

class Repo {
  readonly files = new Map<string, string[]>()
  readonly secrets: Secret[] = []
  constructor(private readonly rng: Rng) {}

  /** Inserts `line` at a random position of `path` (after its first line); `type` marks a real secret. */
  add(path: string, line: string, type?: string): void {
    const lines = this.files.get(path) ?? []
    const at = lines.length === 0 ? 0 : this.rng.int(1, lines.length)
    lines.splice(at, 0, ...line.split('\n'))
    this.files.set(path, lines)
    if (type) this.secrets.push({line: -1, path, type: `${type}\u0000${line.split('\n')[0]}`})
  }

  filler(path: string, lines: string[]): void {
    this.files.set(path, [...(this.files.get(path) ?? []), ...lines])
  }
}

function token(rng: Rng, alphabet: string, length: number): string {
  for (;;) {
    let out = ''
    for (let i = 0; i < length; i++) out += alphabet[rng.int(0, alphabet.length - 1)]
    if (!/xxxx|XXXX|EXAMPLE/.test(out)) return out
  }
}

const awsKey = (rng: Rng) => `AKIA${token(rng, UPPER, 16)}`
const ghToken = (rng: Rng) => `ghp_${token(rng, ALNUM, 36)}`
const slackToken = (rng: Rng) => `xoxb-${rng.int(1_000_000_000, 9_999_999_999)}-${rng.int(1_000_000_000_000, 9_999_999_999_999)}-${token(rng, ALNUM, 24)}`

function pemBody(rng: Rng, lines: number): string {
  return Array.from({length: lines}, () => token(rng, B64, 64)).join('\n')
}

export function generate(seed: number): Fixture {
  const rng = new Rng(seed)
  const repo = new Repo(rng)
  const app = rng.pick(['billing', 'storefront', 'ledger', 'tracker', 'relay'])
  const envFile = `deploy/${rng.pick(['prod', 'staging', 'live'])} settings.env`

  repo.filler('README.md', [`# ${app}`, '', 'Configure AWS credentials before running:', '', '```sh', 'aws configure', '```', ''])
  repo.filler('src/config.py', ['import os', '', `APP_NAME = "${app}"`, 'REGION = os.environ.get("AWS_REGION", "eu-west-1")', 'DEBUG = False', ''])
  repo.filler(envFile, ['NODE_ENV=production', `APP=${app}`, 'LOG_LEVEL=info', 'PORT=8080'])
  repo.filler('.env.example', ['# copy to .env and fill in', 'NODE_ENV=development'])
  repo.filler('scripts/ci.sh', ['#!/bin/sh', 'set -eu', 'npm ci', 'npm test'])
  repo.filler('src/notify.js', ["'use strict'", "const https = require('node:https')", '', 'module.exports = function notify (text) {', '  return text', '}'])
  repo.filler('node_modules/aws-sdk/test/fixtures.js', ['// upstream test fixtures', 'module.exports = {'])

  // Real ones.
  repo.add(envFile, `AWS_ACCESS_KEY_ID=${awsKey(rng)}`, 'aws-access-key')
  repo.add('src/config.py', `BACKUP_KEY_ID = "${awsKey(rng)}"  # TODO move to vault`, 'aws-access-key')
  repo.add('scripts/ci.sh', `git clone https://${ghToken(rng)}@github.com/example/${app}.git`, 'github-token')
  repo.add('src/notify.js', `const SLACK_TOKEN = '${slackToken(rng)}'`, 'slack-token')
  const keyKind = rng.pick(['RSA ', 'EC ', 'OPENSSH ', ''])
  repo.filler(
    'deploy/id_deploy',
    [`-----BEGIN ${keyKind}PRIVATE KEY-----`, pemBody(rng, rng.int(3, 6)), `-----END ${keyKind}PRIVATE KEY-----`].join('\n').split('\n'),
  )
  repo.secrets.push({line: 1, path: 'deploy/id_deploy', type: 'private-key'})
  if (rng.chance(0.6)) repo.add(envFile, `GITHUB_TOKEN=${ghToken(rng)}`, 'github-token')
  if (rng.chance(0.5)) repo.add('scripts/ci.sh', `export AWS_ACCESS_KEY_ID=${awsKey(rng)}`, 'aws-access-key')

  // Decoys.
  repo.add('README.md', 'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE')
  repo.add('.env.example', `GITHUB_TOKEN=ghp_${'x'.repeat(36)}`)
  repo.add('.env.example', `AWS_ACCESS_KEY_ID=AKIA${'X'.repeat(16)}`)
  repo.add('src/notify.js', `// old token revoked: ${ghToken(rng).slice(0, 39)}...`)
  repo.add('src/config.py', `CACHE_BUSTER = "akia${token(rng, UPPER, 16).toLowerCase()}"`)
  repo.filler('deploy/id_deploy.pub.pem', ['-----BEGIN PUBLIC KEY-----', pemBody(rng, 3), '-----END PUBLIC KEY-----'].join('\n').split('\n'))
  repo.filler('deploy/ca.pem', ['-----BEGIN CERTIFICATE-----', pemBody(rng, 4), '-----END CERTIFICATE-----'].join('\n').split('\n'))
  repo.add('node_modules/aws-sdk/test/fixtures.js', `  accessKeyId: '${awsKey(rng)}',`)
  repo.add('node_modules/aws-sdk/test/fixtures.js', `  token: '${ghToken(rng)}',`)
  repo.filler('node_modules/aws-sdk/test/fixtures.js', ['}'])

  // Resolve line numbers now that every file is complete.
  const found: Secret[] = []
  for (const s of repo.secrets) {
    if (s.line > 0) {
      found.push(s)
      continue
    }

    const [type, text] = s.type.split('\u0000')
    const lines = repo.files.get(s.path)!
    found.push({line: lines.indexOf(text) + 1, path: s.path, type})
  }

  const files: Record<string, string> = {}
  for (const [path, lines] of repo.files) files[path] = lines.join('\n') + '\n'
  const expected = found
    .sort((a, b) => byteCompare(a.path, b.path) || a.line - b.line)
    .map((s) => `${s.path}:${s.line}:${s.type}\n`)
    .join('')
  return {expected, files}
}

const drill: DrillModule = {generate}
export default drill
