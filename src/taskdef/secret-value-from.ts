import type { SecretReference } from '../domain/container-values.js'

/**
 * ECS `valueFrom` for a Secrets Manager secret: the full ARN, then `:json-key:version-stage:version-id` when any
 * of those is set (ECS wants all three positions, empty ones included: `ARN:username::`).
 */
export function secretValueFrom(reference: SecretReference, secretArn: string): string {
  const { jsonKey, versionStage, versionId } = reference
  if (!jsonKey && !versionStage && !versionId) return secretArn
  return `${secretArn}:${jsonKey ?? ''}:${versionStage ?? ''}:${versionId ?? ''}`
}

const SECRETS_MANAGER_VALUE_FROM = /^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:[^:]+/

/**
 * The secret a `valueFrom` reads, as an id DescribeSecret accepts (the ARN without the json-key/version
 * parts); undefined for Systems Manager parameters, which are not Secrets Manager secrets.
 */
export function secretIdOfValueFrom(valueFrom: string): string | undefined {
  return SECRETS_MANAGER_VALUE_FROM.exec(valueFrom)?.[0]
}

/** The `:json-key:version-stage:version-id` parts after a Secrets Manager ARN; empty parts are left out. */
export function valueFromParts(
  valueFrom: string
): Pick<SecretReference, 'jsonKey' | 'versionStage' | 'versionId'> {
  const secretId = secretIdOfValueFrom(valueFrom)
  if (!secretId) return {}
  const [jsonKey, versionStage, versionId] = valueFrom.slice(secretId.length + 1).split(':')
  return {
    ...(jsonKey ? { jsonKey } : {}),
    ...(versionStage ? { versionStage } : {}),
    ...(versionId ? { versionId } : {})
  }
}
