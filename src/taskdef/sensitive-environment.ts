/**
 * What a credential in plain `environment` looks like. Plain environment values show in the ECS console, in
 * DescribeTaskDefinition output and in diffs, so lint flags them and the diff hides them.
 */

/** Open WebUI settings that are credentials whatever their value looks like. */
const KNOWN_SECRET_NAMES = new Set([
  'WEBUI_SECRET_KEY',
  'DATABASE_URL',
  'REDIS_URL',
  'WEBSOCKET_REDIS_URL',
  'PGVECTOR_DB_URL'
])

const SECRET_NAME_PATTERNS = [
  /PASSWORD/,
  /PASSWD/,
  /SECRET/,
  /TOKEN/,
  /API_KEY/,
  /_KEY$/,
  /^KEY$/,
  /PRIVATE_KEY/,
  /CREDENTIAL/
]

/** Names that match a pattern above but hold switches or settings, not credentials. */
const NOT_SECRET_NAMES = [
  /^ENABLE_/,
  /_ENABLED$/,
  /^(JWT|TOKEN)_EXPIRES?_IN$/,
  /_HEADER$/,
  /_ENDPOINT_RESTRICTIONS$/
]

const SECRET_VALUE_PATTERNS = [
  /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^@\s/]+@/i, // URL with user:password@
  /\bsk-[A-Za-z0-9_-]{16,}/, // OpenAI-style keys
  /\bgh[pousr]_[A-Za-z0-9]{20,}/, // GitHub tokens
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key ids
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/, // Slack tokens
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./ // JWTs
]

/**
 * For a URL-shaped value, whether it carries a credential: userinfo (`user:pass@`, `token@`) or a query
 * parameter named like one (`?api-key=`, `&token=`). undefined when the value is not a URL. A URL is judged by
 * what it holds, never by its variable's name: `REDIS_URL=rediss://cache:6379` holds nothing secret.
 */
function urlCarriesCredential(value: string): boolean | undefined {
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]*)([^#\s]*)/i.exec(value.trim())
  if (!url) return undefined
  if (url[1].includes('@')) return true
  const query = url[2].includes('?') ? url[2].slice(url[2].indexOf('?') + 1) : ''
  return query
    .split(/[&;]/)
    .some(parameter => /pass|pwd|token|secret|key|auth|sig|credential/i.test(parameter.split('=')[0]))
}

/** Values no credential has: switches, numbers, durations. */
function isPlainSetting(value: string): boolean {
  return (
    /^(true|false|yes|no|on|off|none|null|)$/i.test(value.trim()) ||
    /^-?\d+(\.\d+)?[smhdw]?$/.test(value.trim())
  )
}

export type SensitiveReason = 'name' | 'value'

/** Why a plain environment variable looks like a credential, or undefined when it does not. */
export function sensitiveEnvironment(name: string, value: string): SensitiveReason | undefined {
  if (SECRET_VALUE_PATTERNS.some(pattern => pattern.test(value))) return 'value'
  if (isPlainSetting(value)) return undefined
  const carried = urlCarriesCredential(value)
  if (carried !== undefined) return carried ? 'value' : undefined
  const upper = name.toUpperCase()
  if (KNOWN_SECRET_NAMES.has(upper)) return 'name'
  if (NOT_SECRET_NAMES.some(pattern => pattern.test(upper))) return undefined
  return SECRET_NAME_PATTERNS.some(pattern => pattern.test(upper)) ? 'name' : undefined
}

/** Letter-digit alternations in `segment`: generated keys (`5d41402a`, `k3y9Xq7Lm2`) have many, words few. */
function letterDigitSwitches(segment: string): number {
  let switches = 0
  for (let index = 1; index < segment.length; index++) {
    if (/\d/.test(segment[index]) !== /\d/.test(segment[index - 1])) switches++
  }
  return switches
}

/**
 * Whether a value that should be a secret's *name or ARN* (a `secrets` line) is a credential pasted in its
 * place: one of the credential shapes above, a long hex or base64 run, or a generated-looking part (8 or more
 * characters where letters and digits alternate 3 times or more). An ARN never is; a name that trips this can
 * be given as its ARN.
 */
export function looksLikeCredential(value: string): boolean {
  if (value.startsWith('arn:')) return false
  if (SECRET_VALUE_PATTERNS.some(pattern => pattern.test(value))) return true
  if (/^[A-Fa-f0-9]{32,}$/.test(value) || /^[A-Za-z0-9+/_-]{40,}={0,2}$/.test(value)) return true
  return value
    .split(/[^A-Za-z0-9]+/)
    .some(segment => segment.length >= 8 && letterDigitSwitches(segment) >= 3)
}
