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
  /CREDENTIAL/,
  /(^|_)PASS(_|$)/, // DB_PASS, PASS_PHRASE
  /(^|_)PWD(_|$)/, // DB_PWD (not CWD: the underscore keeps it a word)
  /(^|_)BASIC_AUTH$/
]

/** Names that match a pattern above but hold switches or settings, not credentials. */
const NOT_SECRET_NAMES = [
  /^ENABLE_/,
  /_ENABLED$/,
  /^(JWT|TOKEN)_EXPIRES?_IN$/,
  /_HEADER$/,
  /_ENDPOINT_RESTRICTIONS$/
]

/** Credentials recognisable wherever they stand in a text: issued keys and tokens, each by its own prefix. */
const KEY_SHAPES = [
  /\bsk-[A-Za-z0-9_-]{16,}/, // OpenAI-style keys (Anthropic's sk-ant- too)
  /\bgh[pousr]_[A-Za-z0-9]{20,}/, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{22,}/, // GitHub fine-grained tokens
  /\bglpat-[A-Za-z0-9_-]{20,}/, // GitLab tokens
  /\bhf_[A-Za-z0-9]{30,}/, // Hugging Face tokens
  /\bAIza[0-9A-Za-z_-]{35}/, // Google API keys
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key ids
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/, // Slack tokens
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./, // JWTs
  /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/ // an Authorization header value
]

/** Query parameters that carry a credential. */
const CREDENTIAL_QUERY =
  /[?&;](api[-_]?key|apikey|key|token|access[-_]?token|auth|secret|password|passwd|pwd|sig|signature|x-amz-signature|x-goog-signature|client[-_]secret|code)=[^&\s#]{4,}/i

const SECRET_VALUE_PATTERNS = [
  /^[a-z][a-z0-9+.-]*:\/\/[^/\s@]*:[^@\s/]+@/i, // URL with user:password@ (an LDAP user may hold `=`, `,`)
  /^[^\s:/@]+:[^\s:/@]+@(?!sha256:)[^\s@]+$/, // user:password@host without a scheme (not image:tag@digest)
  CREDENTIAL_QUERY,
  /\b(x-)?api-key["']?\s*[:=]\s*["']?[^\s"',}]{8,}/i, // an API key header
  /^https:\/\/hooks\.slack\.com\/(services|workflows|triggers)\//i, // Slack webhooks: the URL is the credential
  /^https:\/\/(canary\.|ptb\.)?discord(app)?\.com\/api\/webhooks\//i, // Discord webhooks, likewise
  /^https:\/\/[a-z0-9-]+\.webhook\.office\.com\//i, // Teams incoming webhooks, likewise
  ...KEY_SHAPES
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
 * A password as people choose them (`letmein123`, `p@ssword`, `hunter2`, `s3cr3t`): one word, no path or word
 * separator, letters mixed with digits or `@`. Secret names are paths or words joined by `-`, `_`, `/`, `.`.
 */
function looksLikePassword(value: string): boolean {
  return /^[A-Za-z0-9@]+$/.test(value) && /[A-Za-z]/.test(value) && /[0-9@]/.test(value)
}

/**
 * Whether a value that should be a secret's *name or ARN* (a `secrets` line) is a credential pasted in its
 * place: one of the credential shapes above, a long hex or base64 run, a generated-looking part (8 or more
 * characters where letters and digits alternate 3 times or more) or a chosen password. It is refused before any
 * request: asking Secrets Manager whether a secret of that name exists would send it (and CloudTrail would keep
 * it). An ARN never is; a name that trips this can be given as its ARN.
 */
export function looksLikeCredential(value: string): boolean {
  if (value.startsWith('arn:')) return false
  if (SECRET_VALUE_PATTERNS.some(pattern => pattern.test(value))) return true
  if (/^[A-Fa-f0-9]{32,}$/.test(value) || /^[A-Za-z0-9+/_-]{40,}={0,2}$/.test(value)) return true
  if (looksLikePassword(value.split(':')[0])) return true
  return value
    .split(/[^A-Za-z0-9]+/)
    .some(segment => segment.length >= 8 && letterDigitSwitches(segment) >= 3)
}

const REDACTED = '(not shown)'

/**
 * Text about a value someone typed (an input error) with what could be a credential taken out: URL userinfo
 * (`https://admin:PW@host`, `user:PW@ghcr.io/...`), query strings, and the key and token shapes above. Used
 * where such text is printed, so no error repeats a password that came with the value it complains about.
 */
export function redactCredentials(text: string): string {
  let redacted = text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#'"]*@/gi, `$1${REDACTED}@`)
    .replace(/(^|[\s'"(=])[^\s:/@'"(=]+:[^\s/@'"]+@(?!sha256:)/g, `$1${REDACTED}@`)
    .replace(/(\S)\?[^\s'"]+/g, `$1?${REDACTED}`)
    .replace(/(\S)#[^\s'"]*=[^\s'"]*/g, `$1#${REDACTED}`)
  for (const shape of KEY_SHAPES) redacted = redacted.replace(new RegExp(shape.source, 'g'), REDACTED)
  return redacted
}
