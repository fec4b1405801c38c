import { createHash } from 'node:crypto'
import type { SecretSeed } from '../../scenario.js'
import type { SecretsView } from '../../world.js'

export interface StoredSecret {
  name: string
  arn: string
  value: string
  versionId: string
  /** Every version with staging labels: the current one holds AWSCURRENT. */
  versionStages: Record<string, string[]>
  createdDate: Date
  lastChangedDate: Date
  /** Set while scheduled for deletion. */
  deletedDate?: Date
}

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const SECRET_ARN = /^arn:aws:secretsmanager:([a-z0-9-]+):(\d{12}):secret:([^:]+)$/
/** An ECS `valueFrom`: the secret's ARN, then optionally `:json-key:version-stage:version-id`. */
const VALUE_FROM =
  /^(arn:aws:secretsmanager:[a-z0-9-]+:\d{12}:secret:[^:]+)(?::([^:]*)(?::([^:]*)(?::([^:]*))?)?)?$/

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

/** Secrets by name, with the ARN suffix derived from the name so tests can predict it. */
export class SecretStore implements SecretsView {
  private readonly secrets = new Map<string, StoredSecret>()

  constructor(
    readonly region: string,
    readonly accountId: string,
    seeds: SecretSeed[] = []
  ) {
    for (const seed of seeds) this.put(seed)
  }

  /** `arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf`; the six characters depend on the name only. */
  arnOf(name: string): string {
    const bytes = digest(`${this.accountId}:${this.region}:${name}`)
    const suffix = [...bytes.subarray(0, 6)]
      .map(byte => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length])
      .join('')
    return `arn:aws:secretsmanager:${this.region}:${this.accountId}:secret:${name}-${suffix}`
  }

  /** Creates or replaces a secret; a secret seeded without a value gets a canary derived from its name. */
  put(seed: SecretSeed): StoredSecret {
    const now = new Date()
    const existing = this.secrets.get(seed.name)
    const value = seed.value ?? `CANARY-secret-${digest(seed.name).toString('hex').slice(0, 12)}`
    const hex = digest(`${seed.name}\n${value}`).toString('hex')
    const secret: StoredSecret = {
      name: seed.name,
      arn: this.arnOf(seed.name),
      value,
      versionId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`,
      versionStages: {},
      createdDate: existing?.createdDate ?? now,
      lastChangedDate: now,
      deletedDate: seed.deleted ? now : undefined
    }
    secret.versionStages = { [secret.versionId]: ['AWSCURRENT'] }
    for (const version of seed.otherVersions ?? []) {
      secret.versionStages[version.versionId] = version.stages.filter(stage => stage !== 'AWSCURRENT')
    }
    this.secrets.set(seed.name, secret)
    return secret
  }

  /** Schedules the secret for deletion (DeletedDate set), as DeleteSecret with a recovery window does. */
  scheduleDeletion(name: string): void {
    const secret = this.secrets.get(name)
    if (secret) secret.deletedDate = new Date()
  }

  restore(name: string): void {
    const secret = this.secrets.get(name)
    if (secret) secret.deletedDate = undefined
  }

  remove(name: string): void {
    this.secrets.delete(name)
  }

  /** In creation order. */
  all(): StoredSecret[] {
    return [...this.secrets.values()]
  }

  /**
   * A SecretId as Secrets Manager resolves it: a name, a full ARN, or a partial ARN (no random suffix). ARNs of
   * another region or account are not found.
   */
  find(secretId: string): StoredSecret | undefined {
    const arn = SECRET_ARN.exec(secretId)
    if (!arn) return this.secrets.get(secretId)
    const [, region, account, rest] = arn
    if (region !== this.region || account !== this.accountId) return undefined
    return this.all().find(secret => secret.arn === secretId) ?? this.secrets.get(rest)
  }

  /**
   * The version GetSecretValue would return for a stage and/or a version id (AWSCURRENT when neither), or why
   * not: the ResourceNotFoundException message Secrets Manager answers.
   */
  version(
    secret: StoredSecret,
    stage: string | undefined,
    versionId: string | undefined
  ): { versionId: string } | { error: string } {
    if (versionId) {
      const stages = secret.versionStages[versionId]
      if (!stages || (stage && !stages.includes(stage))) {
        return { error: `Secrets Manager can't find the specified secret value for VersionId: ${versionId}` }
      }
      return { versionId }
    }
    const label = stage || 'AWSCURRENT'
    const found = Object.entries(secret.versionStages).find(([, stages]) => stages.includes(label))
    if (!found)
      return { error: `Secrets Manager can't find the specified secret value for staging label: ${label}` }
    return { versionId: found[0] }
  }

  /**
   * Whether ECS could fetch this valueFrom at task start: an ARN (full or partial) of a live secret in this
   * region; a stage must label one of its versions and a version id must be one of them (the same one when both
   * are given); a json-key must name a member of a JSON object value (every version holds the seeded value).
   * Plain names are SSM parameters for ECS: not resolvable.
   */
  canResolve(valueFrom: string): boolean {
    return this.resolveError(valueFrom) === undefined
  }

  resolveError(valueFrom: string): string | undefined {
    const notFound = "ResourceNotFoundException: Secrets Manager can't find the specified secret."
    const match = VALUE_FROM.exec(valueFrom)
    if (!match) return notFound
    const [, arn, jsonKey, stage, versionId] = match
    const secret = this.find(arn)
    if (!secret) return notFound
    if (secret.deletedDate) {
      return "InvalidRequestException: You can't perform this operation on the secret because it was marked for deletion."
    }
    const version = this.version(secret, stage || undefined, versionId || undefined)
    if ('error' in version) return `ResourceNotFoundException: ${version.error}`
    if (!jsonKey) return undefined
    try {
      const parsed: unknown = JSON.parse(secret.value)
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && jsonKey in parsed)
        return undefined
      return `retrieved secret from Secrets Manager did not contain json key ${jsonKey}`
    } catch {
      return `retrieved secret from Secrets Manager did not contain json key ${jsonKey}`
    }
  }
}
