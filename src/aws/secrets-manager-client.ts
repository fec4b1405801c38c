// PLACEHOLDER: replaced by the real AWS SDK implementation.
import type { SecretsManagerPort } from '../ports/secrets-manager.js'

export class SdkSecretsManager implements Partial<SecretsManagerPort> {
  constructor(readonly region: string) {}
}
