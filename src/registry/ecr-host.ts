/** An Amazon ECR private registry host: `123456789012.dkr.ecr.us-east-1.amazonaws.com` (FIPS and China too). */
export interface EcrHost {
  /** The registry id: the AWS account that owns the registry. */
  accountId: string
  region: string
  fips: boolean
}

const ECR_HOST = /^(\d{12})\.dkr\.ecr(-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/

/** The account and region an ECR registry host names; undefined for any other registry. */
export function parseEcrHost(registry: string): EcrHost | undefined {
  // Host names are case-insensitive; image references usually write them in lower case.
  const match = ECR_HOST.exec(registry.toLowerCase())
  if (!match) return undefined
  return { accountId: match[1], region: match[3], fips: match[2] !== undefined }
}
