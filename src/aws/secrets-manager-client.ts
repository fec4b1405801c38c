import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { SecretDescription, SecretsManagerPort } from '../ports/secrets-manager.js'
import { awsClientConfig, isAwsError, withOperation, type AwsClientOptions } from './client-config.js'

/** DescribeSecret only: the action references secrets and never reads a value (no GetSecretValue). */
export class SdkSecretsManager implements SecretsManagerPort {
  private readonly client: SecretsManagerClient

  constructor(
    readonly region: string,
    options: AwsClientOptions = {}
  ) {
    this.client = new SecretsManagerClient(awsClientConfig(region, options))
  }

  async describeSecret(secretId: string): Promise<SecretDescription | undefined> {
    try {
      const output = await this.client.send(new DescribeSecretCommand({ SecretId: secretId }))
      if (!output.ARN || !output.Name)
        throw new Error(`Secrets Manager DescribeSecret returned no ARN for ${secretId}`)
      return {
        arn: output.ARN,
        name: output.Name,
        ...(output.DeletedDate ? { deletedDate: output.DeletedDate } : {}),
        ...(output.VersionIdsToStages ? { versionIdsToStages: output.VersionIdsToStages } : {})
      }
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) return undefined
      throw withOperation('Secrets Manager', 'DescribeSecret', error)
    }
  }
}
