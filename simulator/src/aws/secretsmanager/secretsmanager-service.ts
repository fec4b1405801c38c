import { AwsError, type AwsJsonService } from '../../world.js'
import { operationTable, pageSize, paginate } from '../pagination.js'
import type { SecretStore, StoredSecret } from './secret-store.js'

const NOT_FOUND = "Secrets Manager can't find the specified secret."

interface Filter {
  Key: string
  Values?: string[]
}

/** Secrets Manager: DescribeSecret, ListSecrets and GetSecretValue (the one the action must never call). */
export function createSecretsManagerService(store: SecretStore): AwsJsonService {
  const describe = (secret: StoredSecret): Record<string, unknown> => ({
    ARN: secret.arn,
    Name: secret.name,
    RotationEnabled: false,
    LastChangedDate: secret.lastChangedDate,
    DeletedDate: secret.deletedDate,
    CreatedDate: secret.createdDate,
    Tags: []
  })

  const handle = operationTable('Secrets Manager', {
    DescribeSecret(input) {
      const secret = store.find(input.SecretId as string)
      if (!secret) throw new AwsError('ResourceNotFoundException', NOT_FOUND)
      return { ...describe(secret), VersionIdsToStages: stagedVersions(secret) }
    },

    ListSecrets(input) {
      const size = pageSize(input.MaxResults, 'maxResults', { max: 100, default: 100 }, 'ValidationException')
      const filters = (input.Filters as Filter[] | undefined) ?? []
      let secrets = store.all().filter(secret => input.IncludePlannedDeletion === true || !secret.deletedDate)
      for (const filter of filters) secrets = secrets.filter(secret => matchesFilter(secret, filter))
      const sortOrder = input.SortOrder ?? 'desc'
      if (sortOrder !== 'asc' && sortOrder !== 'desc') {
        throw new AwsError(
          'ValidationException',
          `1 validation error detected: Value '${String(sortOrder)}' at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [asc, desc]`
        )
      }
      secrets = [...secrets].sort((a, b) => a.createdDate.getTime() - b.createdDate.getTime())
      if (sortOrder === 'desc') secrets.reverse()
      const page = paginate(
        secrets,
        size,
        input.NextToken as string | undefined,
        () => new AwsError('InvalidNextTokenException', 'The NextToken value is invalid.')
      )
      return {
        SecretList: page.items.map(secret => ({
          ...describe(secret),
          SecretVersionsToStages: stagedVersions(secret)
        })),
        NextToken: page.nextToken
      }
    },

    GetSecretValue(input) {
      const secret = store.find(input.SecretId as string)
      if (!secret) throw new AwsError('ResourceNotFoundException', NOT_FOUND)
      if (secret.deletedDate) {
        throw new AwsError(
          'InvalidRequestException',
          "You can't perform this operation on the secret because it was marked for deletion."
        )
      }
      const version = store.version(
        secret,
        input.VersionStage as string | undefined,
        input.VersionId as string | undefined
      )
      if ('error' in version) throw new AwsError('ResourceNotFoundException', version.error)
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.versionId,
        SecretString: secret.value,
        VersionStages: secret.versionStages[version.versionId],
        CreatedDate: secret.lastChangedDate
      }
    }
  })
  return { handle }
}

/** Versions that carry staging labels; unlabelled (deprecated) ones are left out, as DescribeSecret does. */
function stagedVersions(secret: StoredSecret): Record<string, string[]> {
  return Object.fromEntries(Object.entries(secret.versionStages).filter(([, stages]) => stages.length > 0))
}

/** ListSecrets filters: prefix matches, `!` negates; several values of one key are alternatives. */
function matchesFilter(secret: StoredSecret, filter: Filter): boolean {
  const values = filter.Values ?? []
  const fields: Record<string, string[]> = {
    name: [secret.name],
    description: [],
    'tag-key': [],
    'tag-value': [],
    'primary-region': [],
    'owning-service': [],
    all: [secret.name]
  }
  const candidates = fields[filter.Key]
  if (!candidates) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${filter.Key}' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [all, name, tag-key, description, tag-value, primary-region, owning-service]`
    )
  }
  const positive = values.filter(value => !value.startsWith('!'))
  const negative = values.filter(value => value.startsWith('!')).map(value => value.slice(1))
  const hit = (value: string): boolean => candidates.some(candidate => candidate.startsWith(value))
  if (negative.some(hit)) return false
  return positive.length === 0 || positive.some(hit)
}
