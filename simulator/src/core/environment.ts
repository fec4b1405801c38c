/** What a process needs to talk to the simulator instead of AWS and GitHub: endpoints, region, dummy credentials. */
export function simulatorEnvironment(url: string, region: string): Record<string, string> {
  return {
    // The SDK reads AWS_ENDPOINT_URL_<serviceId> (upper case, spaces as underscores) per service.
    AWS_ENDPOINT_URL_ECS: url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: url,
    AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING: url,
    AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: url,
    AWS_ENDPOINT_URL_ECR: url,
    AWS_ENDPOINT_URL_RDS: url,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: 'AKIASIMULATOR0000000',
    AWS_SECRET_ACCESS_KEY: 'simulator-dummy-secret-access-key',
    // No instance metadata lookups from a runner that is not on EC2.
    AWS_EC2_METADATA_DISABLED: 'true',
    GITHUB_API_URL: `${url}/github`
  }
}
