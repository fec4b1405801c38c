/**
 * What the `environment` and `secrets` inputs set in the Open WebUI container. Shared: settings/ parses them,
 * taskdef/ writes them into the task definitions, verify/ checks the secrets.
 */

/** One `secrets` line: an ECS secret whose valueFrom is a Secrets Manager secret (never its value). */
export interface SecretReference {
  /** Environment variable name in the container. */
  name: string
  /** Full ARN (`arn:...:secret:NAME-AbCdEf`) or a secret name/partial ARN to resolve with DescribeSecret. */
  secretId: string
  /** Optional `json-key`, `version-stage`, `version-id` suffix parts, kept as given. */
  jsonKey?: string
  versionStage?: string
  versionId?: string
}

export interface EnvironmentVariable {
  name: string
  value: string
}
