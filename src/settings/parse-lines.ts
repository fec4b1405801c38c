import { parseSecretArn as secretsManagerArn } from '../domain/arn.js'
import { InputError } from '../errors.js'
import { looksLikeCredential } from '../taskdef/sensitive-environment.js'
import type { EnvironmentVariable, SecretReference } from '../domain/container-values.js'

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
/** Characters Secrets Manager allows in a secret name (plus `/` paths). */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/

/** Splits a multi-line input into its meaningful lines: CRLF tolerated, blank lines and `#` comments skipped. */
function meaningfulLines(text: string): { line: string; number: number }[] {
  return text
    .split(/\r?\n|\r/)
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '' && !line.startsWith('#'))
}

function splitAssignment(input: string, line: string, number: number): [string, string] {
  const eq = line.indexOf('=')
  if (eq < 0) throw new InputError(input, `line ${number} has no '=': expected NAME=value`)
  const name = line.slice(0, eq).trim()
  const value = line.slice(eq + 1).trim()
  if (!ENV_NAME.test(name)) {
    throw new InputError(
      input,
      `line ${number}: '${name}' is not an environment variable name (letters, digits, _)`
    )
  }
  return [name, value]
}

export function parseEnvironmentLines(text: string): EnvironmentVariable[] {
  const seen = new Set<string>()
  return meaningfulLines(text).map(({ line, number }) => {
    const [name, value] = splitAssignment('environment', line, number)
    if (seen.has(name)) throw new InputError('environment', `line ${number}: ${name} is given twice`)
    seen.add(name)
    return { name, value }
  })
}

/**
 * Parses `NAME=ARN-or-name[:json-key]` lines. An ARN may carry ECS's `:json-key:version-stage:version-id`
 * suffix. `region`, when known, must match the ARN's region: ECS reads secrets in the task's own Region.
 */
export function parseSecretLines(text: string, region?: string): SecretReference[] {
  const seen = new Set<string>()
  return meaningfulLines(text).map(({ line, number }) => {
    const [name, value] = splitAssignment('secrets', line, number)
    if (seen.has(name)) throw new InputError('secrets', `line ${number}: ${name} is given twice`)
    seen.add(name)
    if (value === '')
      throw new InputError('secrets', `line ${number}: ${name} has no secret: expected NAME=ARN-or-name`)
    // The right-hand side is sent to Secrets Manager and shown in plans: a credential there would leak.
    if (looksLikeCredential(value)) {
      throw new InputError(
        'secrets',
        `line ${number}: ${name}: the value looks like a credential, not a secret's name or ARN (not repeated here): store it in Secrets Manager and give the secret's name or ARN`
      )
    }
    return value.startsWith('arn:')
      ? parseSecretArn(value, name, number, region)
      : parseSecretName(value, name, number)
  })
}

function parseSecretArn(value: string, name: string, number: number, region?: string): SecretReference {
  const arn = secretsManagerArn(value)
  if (!arn) {
    throw new InputError(
      'secrets',
      `line ${number}: ${name}: the value is not a Secrets Manager ARN (expected arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME[:json-key[:version-stage[:version-id]]])`
    )
  }
  if (region && arn.region !== region) {
    throw new InputError(
      'secrets',
      `line ${number}: ${name}: the ARN is in ${arn.region}, but the deployment is in ${region}`
    )
  }
  const parts = arn.extra
  if (parts.length > 3 || parts.some(part => /\s|["']/.test(part))) {
    throw new InputError(
      'secrets',
      `line ${number}: ${name}: expected at most :json-key:version-stage:version-id after the ARN`
    )
  }
  const [jsonKey, versionStage, versionId] = parts
  return {
    name,
    secretId: arn.secretId,
    ...(jsonKey ? { jsonKey } : {}),
    ...(versionStage ? { versionStage } : {}),
    ...(versionId ? { versionId } : {})
  }
}

function parseSecretName(value: string, name: string, number: number): SecretReference {
  const colon = value.indexOf(':')
  const secretId = colon < 0 ? value : value.slice(0, colon)
  const jsonKey = colon < 0 ? undefined : value.slice(colon + 1)
  if (!SECRET_NAME.test(secretId)) {
    throw new InputError(
      'secrets',
      `line ${number}: ${name}: the value is neither a Secrets Manager ARN nor a secret name (letters, digits, /_+=.@-; not repeated here)`
    )
  }
  if (jsonKey !== undefined && (jsonKey === '' || jsonKey.includes(':') || /\s|["']/.test(jsonKey))) {
    throw new InputError('secrets', `line ${number}: ${name}: expected NAME=secret-name[:json-key]`)
  }
  return { name, secretId, ...(jsonKey ? { jsonKey } : {}) }
}
