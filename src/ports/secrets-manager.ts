/** What DescribeSecret tells about a secret: never its value. */
export interface SecretDescription {
  arn: string
  name: string
  /** Set when the secret is scheduled for deletion. */
  deletedDate?: Date
  /** Version id -> staging labels (AWSCURRENT, AWSPREVIOUS, ...) of every labelled version. */
  versionIdsToStages?: Record<string, string[]>
}

/** Secrets Manager, read-only and value-free: the action never calls GetSecretValue. */
export interface SecretsManagerPort {
  /** undefined when no secret has that name or ARN (ResourceNotFoundException). */
  describeSecret(secretId: string): Promise<SecretDescription | undefined>
}
