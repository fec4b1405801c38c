import type { DatabaseKind, DatabaseSnapshotTarget } from '../domain/database-snapshot.js'
import { databaseNoun } from '../domain/database-snapshot.js'
import { InputError } from '../errors.js'

/**
 * The RDS rules for a DB instance or DB cluster identifier (CreateDBInstance / CreateDBCluster): 1 to 63 letters,
 * digits or hyphens, a letter first, no trailing hyphen and no two hyphens in a row. An ARN is refused: the
 * snapshot calls take the identifier.
 */
const DB_IDENTIFIER = /^[A-Za-z][A-Za-z0-9-]{0,62}$/

/**
 * `db-snapshot` (already checked to be none, instance or cluster) with `db-identifier`: undefined for none.
 * Either input without the other is refused, so a snapshot the user asked for is never silently skipped.
 */
export function parseDatabaseSnapshot(
  kind: 'none' | DatabaseKind,
  identifierInput: string | undefined
): DatabaseSnapshotTarget | undefined {
  const identifier = identifierInput?.trim() ?? ''
  if (kind === 'none') {
    if (identifier) {
      throw new InputError(
        'db-identifier',
        'is set but db-snapshot is none: set db-snapshot to instance or cluster to snapshot that database before migrations run, or remove db-identifier'
      )
    }
    return undefined
  }
  const noun = databaseNoun(kind)
  if (!identifier) {
    throw new InputError(
      'db-identifier',
      `is required when db-snapshot is ${kind}: expected the RDS ${noun} identifier (for example open-webui-db)`
    )
  }
  if (!DB_IDENTIFIER.test(identifier) || identifier.endsWith('-') || identifier.includes('--')) {
    throw new InputError(
      'db-identifier',
      `'${identifier}' is not an RDS ${noun} identifier: expected 1 to 63 letters, digits or hyphens, starting with a letter, with no trailing hyphen and no two hyphens in a row (the identifier, not an ARN)`
    )
  }
  return { kind, identifier }
}
