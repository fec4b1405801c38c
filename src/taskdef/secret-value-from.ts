import { parseSecretArn } from '../domain/arn.js'
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

/**
 * The secret a `valueFrom` reads, as an id DescribeSecret accepts (the ARN without the json-key/version
 * parts); undefined for Systems Manager parameters, which are not Secrets Manager secrets.
 */
export function secretIdOfValueFrom(valueFrom: string): string | undefined {
  return parseSecretArn(valueFrom)?.secretId
}

/** The `:json-key:version-stage:version-id` parts after a Secrets Manager ARN; empty parts are left out. */
export function valueFromParts(
  valueFrom: string
): Pick<SecretReference, 'jsonKey' | 'versionStage' | 'versionId'> {
  const [jsonKey, versionStage, versionId] = parseSecretArn(valueFrom)?.extra ?? []
  return {
    ...(jsonKey ? { jsonKey } : {}),
    ...(versionStage ? { versionStage } : {}),
    ...(versionId ? { versionId } : {})
  }
}
