/**
 * Plan mode works without AWS: fork pull requests get no secrets, and a workflow may skip
 * configure-aws-credentials for them. No Region means no AWS client can be built at all; with a Region, the
 * SDK's credential chain (environment, web identity, profiles, container and instance roles) decides, and
 * says so with a CredentialsProviderError on the first read.
 */
export function isMissingAwsCredentials(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    const candidate = cause as { name?: unknown; message?: unknown; cause?: unknown }
    if (candidate.name === 'CredentialsProviderError') return true
    if (
      typeof candidate.message === 'string' &&
      /Could not load credentials from any providers/.test(candidate.message)
    ) {
      return true
    }
    cause = candidate.cause
  }
  return false
}
