/** Names and values of credentials, shared by F11 (literal secrets) and F12 (weak/default credentials). */

const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|(^|_)PASS$|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CLIENT_?SECRET|CREDENTIALS?|AUTH_KEY|ENCRYPTION_KEY|SIGNING_KEY|MASTER_KEY|WEBHOOK_URL|(^|_)DSN$)/i
// Variables that carry a path or a switch about a secret, not the secret.
const NOT_SECRET = /(_FILE|_PATH|_DIR|_URL_FILE|_ENABLED|_ENABLE|_LENGTH|_TTL|_EXPIRY|_EXPIRES|_TIMEOUT|_HEADER|_ALGORITHM|_TYPE|_MODE|_POLICY|_ROTATION|_MIN_LENGTH|_METHOD|_REQUIRED|_PROVIDER|_SOURCE|_VAR|_NAME)$/i

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET.test(name)
}

export function isPasswordName(name: string): boolean {
  return /(PASSWORD|PASSWD|(^|_)PASS$|SECRET_KEY$|ROOT_PASSWORD|ADMIN_PASSWORD)/i.test(name) && !NOT_SECRET.test(name)
}

/** Values that are obviously not a real secret being set: booleans, placeholders for "unset", references. */
export function isNonValue(value: string): boolean {
  const v = value.trim()
  return v === '' || /^(true|false|yes|no|on|off|null|none|0|1)$/i.test(v) || /^\$\{?[A-Za-z_]\w*/.test(v) || /^\/(run|var\/run)\/secrets\//.test(v) || /^(vault|file|env|secret):/i.test(v)
}

/** Defaults shipped by images and tutorials, and the usual weak choices. */
export const WEAK_PASSWORDS = new Set([
  'admin', 'administrator', 'password', 'passw0rd', 'p@ssw0rd', 'changeme', 'change_me', 'changeit', 'secret', 'root', 'toor', 'default',
  'guest', 'test', 'test123', 'example', 'pass', 'letmein', 'qwerty', 'welcome', '123456', '12345678', '123456789', 'admin123', 'admin1234',
  'password1', 'password123', 'grafana', 'minioadmin', 'minio123', 'postgres', 'mysql', 'mariadb', 'mongo', 'redis', 'rabbitmq', 'elastic',
  'changeme123', 'prom-operator', 'kibana', 'keycloak', 'vault', 'portainer', 'user', 'demo',
])

export function isWeakPassword(value: string, username?: string): boolean {
  const v = value.trim()
  if (v === '') return false
  return WEAK_PASSWORDS.has(v.toLowerCase()) || (username !== undefined && v.toLowerCase() === username.toLowerCase()) || v.length < 8
}
