/**
 * Credentials: which names hold one, which values are real literals (not references or placeholders), weak
 * defaults, entropy, and redaction for evidence.
 */

const SECRET_NAME =
  /(PASSWORD|PASSWD|PASSPHRASE|(^|_)PASS$|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CLIENT_?SECRET|CREDENTIALS?|AUTH_KEY|ENCRYPTION_KEY|SIGNING_KEY|MASTER_KEY|WEBHOOK_URL|(^|_)DSN$)/i
// Variables that carry a path or a switch about a secret, not the secret.
const NOT_SECRET =
  /(_FILE|_PATH|_DIR|_URL_FILE|_ENABLED|_ENABLE|_LENGTH|_TTL|_EXPIRY|_EXPIRES|_TIMEOUT|_HEADER|_ALGORITHM|_TYPE|_MODE|_POLICY|_ROTATION|_MIN_LENGTH|_METHOD|_REQUIRED|_PROVIDER|_SOURCE|_VAR|_NAME)$/i

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET.test(name)
}

// Docker's SecretsUsedInArgOrEnv idea: a name part that says "secret" …
const SECRET_PART = new Set(['APIKEY', 'AUTH', 'CREDENTIAL', 'CREDENTIALS', 'KEY', 'PASSWORD', 'PASS', 'PWORD', 'PASSWD', 'SECRET', 'TOKEN'])
// … unless the name is about where the secret is, or is not one (DATABASE_PASSWORD_FILE, KEY_ID, AUTH_URL).
const NOT_SECRET_SUFFIX = new Set([
  'FILE',
  'PATH',
  'DIR',
  'URL',
  'URI',
  'NAME',
  'USER',
  'USERNAME',
  'TYPE',
  'LENGTH',
  'HEADER',
  'ID',
  'ENABLED',
  'METHOD',
  'MODE',
  'ALGORITHM',
  'VERSION',
  'HOST',
  'PORT',
])

/**
 * Dockerfile ARG/ENV names, judged by whole words (Docker's SecretsUsedInArgOrEnv check): stricter about word
 * boundaries than isSecretName (`MONKEY` is not a key), used where build arguments name things freely.
 */
export function secretWordName(name: string): boolean {
  const parts = name
    .toUpperCase()
    .split(/[_\-.]+/)
    .filter(Boolean)
  return parts.some((p) => SECRET_PART.has(p)) && !NOT_SECRET_SUFFIX.has(parts.at(-1) ?? '')
}

export function isPasswordName(name: string): boolean {
  return /(PASSWORD|PASSWD|(^|_)PASS$|SECRET_KEY$|ROOT_PASSWORD|ADMIN_PASSWORD)/i.test(name) && !NOT_SECRET.test(name)
}

/** Values that are obviously not a real secret being set: booleans, placeholders for "unset", references. */
export function isNonValue(value: string): boolean {
  const v = value.trim()
  return (
    v === '' ||
    /^(true|false|yes|no|on|off|null|none|0|1)$/i.test(v) ||
    /^\$\{?[A-Za-z_]\w*/.test(v) ||
    /^\/(run|var\/run)\/secrets\//.test(v) ||
    /^(vault|file|env|secret):/i.test(v)
  )
}

/** Defaults shipped by images and tutorials, and the usual weak choices. */
export const WEAK_PASSWORDS = new Set([
  'admin',
  'administrator',
  'password',
  'passw0rd',
  'p@ssw0rd',
  'changeme',
  'change_me',
  'changeit',
  'secret',
  'root',
  'toor',
  'default',
  'guest',
  'test',
  'test123',
  'example',
  'pass',
  'letmein',
  'qwerty',
  'welcome',
  '123456',
  '12345678',
  '123456789',
  'admin123',
  'admin1234',
  'password1',
  'password123',
  'grafana',
  'minioadmin',
  'minio123',
  'postgres',
  'mysql',
  'mariadb',
  'mongo',
  'redis',
  'rabbitmq',
  'elastic',
  'changeme123',
  'prom-operator',
  'kibana',
  'keycloak',
  'vault',
  'portainer',
  'user',
  'demo',
])

export function isWeakPassword(value: string, username?: string): boolean {
  const v = value.trim()
  if (v === '') return false
  return WEAK_PASSWORDS.has(v.toLowerCase()) || (username !== undefined && v.toLowerCase() === username.toLowerCase()) || v.length < 8
}

/**
 * Shows enough of a secret to recognise it, never enough to use it: first 4 characters for long values,
 * then the length. The output is stable (same secret → same evidence → same fingerprint).
 */
export function redact(secret: string): string {
  if (secret.length <= 8) return `<redacted ${secret.length} chars>`
  return `${secret.slice(0, 4)}…<redacted ${secret.length} chars>`
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (s.length === 0) return 0
  const counts = new Map<string, number>()
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1)
  let h = 0
  for (const n of counts.values()) {
    const p = n / s.length
    h -= p * Math.log2(p)
  }

  return h
}

/** A value that is a reference, not a literal: `${VAR}`, `$VAR`, a Docker/Vault secret path, empty. */
export function isReference(value: string | null | undefined): boolean {
  if (value === null || value === undefined) return true
  const v = value.trim()
  return v === '' || /^\$\{?[A-Za-z_][A-Za-z0-9_]*(:?[-?][^}]*)?\}?$/.test(v) || /^(\/run\/secrets\/|\/var\/run\/secrets\/|vault:|file:|env:)/.test(v)
}

/** Template markers and stand-ins that are not real credentials: `<secret>`, `{{ .Token }}`, `xxxx`, `REPLACE_ME` … */
export function isPlaceholder(value: string): boolean {
  const v = value.trim()
  if (isReference(v)) return true
  return (
    /\$\{[^}]*\}|\$__(env|file|vault)\{|\{\{.*\}\}|^<[^>]*>$|^%\(?\w*\)?s$|^\*+$|^x{3,}$|^\.{3,}$|^(changeme|change_me|replace_?me|your[-_]?\w*|example|placeholder|redacted|none|null|todo|tbd|secret|password)$/i.test(
      v,
    ) || /^(.)\1{5,}$/.test(v)
  )
}

/** A literal secret value of a password-like field: anything that is not a reference or a placeholder. */
export function isLiteralPassword(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim().length >= 3 && !isPlaceholder(value)
}

/** A literal token/key: long enough and random enough to be real (length ≥ 16, ≥ 3 bits/char), not a placeholder. */
export function isLiteralToken(value: string | null | undefined): value is string {
  if (typeof value !== 'string') return false
  const v = value.trim()
  return v.length >= 16 && !/\s/.test(v) && !isPlaceholder(v) && entropy(v) >= 3
}

/** A percent-encoded URL part decoded, or left as it is when it is not valid percent-encoding. */
export function decodeUriSafe(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
