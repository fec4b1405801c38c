import { errorMessage } from '../errors.js'
import {
  databaseLabel,
  rdsIdentifier,
  type DatabaseKind,
  type DatabaseSnapshotTarget
} from '../domain/database-snapshot.js'
import type { DatabaseSnapshotsPort, SnapshotDescription } from '../ports/database-snapshots.js'
import { versionTag } from '../release/version-tag.js'
import { OWN_TAG_PREFIX } from '../taskdef/own-tags.js'

/** The snapshot a migrating upgrade took before it changed the service: the way back from that upgrade. */
export interface UpgradeSnapshot {
  kind: DatabaseKind
  identifier: string
  /** The DB instance or cluster it is of. */
  database: string
  /** The version the service ran when it was taken (its `from-version` tag), when known. */
  fromVersion?: string
  engine?: string
  createdAt?: Date
}

/** What looking for that snapshot found (reads only: DescribeDBSnapshots / DescribeDBClusterSnapshots). */
export type UpgradeSnapshotLookup =
  | { status: 'found'; snapshot: UpgradeSnapshot }
  | { status: 'none'; database: DatabaseSnapshotTarget }
  | { status: 'not-configured' }
  | { status: 'unreadable'; database: DatabaseSnapshotTarget; why: string }

/**
 * The newest snapshot of the `db-snapshot` database that deploy took before upgrading this service to the
 * running version: tagged `to-version` = the running version and `service` = cluster/service by the snapshot
 * phase. Restoring it returns the database to the schema of its `from-version`, older than or equal to any
 * target below the running version's.
 */
export async function findUpgradeSnapshot(
  port: Pick<DatabaseSnapshotsPort, 'listSnapshots'>,
  database: DatabaseSnapshotTarget | undefined,
  service: string,
  runningVersion: string
): Promise<UpgradeSnapshotLookup> {
  if (!database) return { status: 'not-configured' }
  let snapshots: SnapshotDescription[]
  try {
    snapshots = await port.listSnapshots(database.kind, database.identifier)
  } catch (error) {
    return { status: 'unreadable', database, why: errorMessage(error) }
  }
  const tagOf = (snapshot: SnapshotDescription, key: string) =>
    snapshot.tags?.find(tag => tag.key === `${OWN_TAG_PREFIX}${key}`)?.value
  const matching = snapshots
    .filter(
      snapshot =>
        snapshot.status === 'available' &&
        tagOf(snapshot, 'to-version') === versionTag(runningVersion) &&
        tagOf(snapshot, 'service') === service
    )
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))
  const newest = matching[0]
  if (!newest) return { status: 'none', database }
  const fromVersion = tagOf(newest, 'from-version')
  return {
    status: 'found',
    snapshot: {
      kind: newest.kind,
      identifier: newest.identifier,
      database: database.identifier,
      ...(fromVersion ? { fromVersion } : {}),
      ...(newest.engine ? { engine: newest.engine } : {}),
      ...(newest.createdAt ? { createdAt: newest.createdAt } : {})
    }
  }
}

/**
 * The AWS CLI commands that restore the snapshot into a new database beside the current one (RDS restores
 * only into a new identifier): the deployer points DATABASE_URL at it afterwards. A cluster restore makes an
 * empty cluster; it needs an instance to serve.
 */
export function restoreCommands(snapshot: UpgradeSnapshot): string[] {
  const restored = rdsIdentifier(`${snapshot.database}-restored`)
  if (snapshot.kind === 'instance')
    return [
      `aws rds restore-db-instance-from-db-snapshot --db-instance-identifier ${restored} --db-snapshot-identifier ${snapshot.identifier}`,
      `aws rds wait db-instance-available --db-instance-identifier ${restored}`
    ]
  const engine = snapshot.engine ?? 'aurora-postgresql'
  return [
    `aws rds restore-db-cluster-from-snapshot --db-cluster-identifier ${restored} --snapshot-identifier ${snapshot.identifier} --engine ${engine}`,
    `aws rds create-db-instance --db-instance-identifier ${rdsIdentifier(`${restored}-1`)} --db-cluster-identifier ${restored} --engine ${engine} --db-instance-class <class of the current instances>`,
    `aws rds wait db-instance-available --db-instance-identifier ${rdsIdentifier(`${restored}-1`)}`
  ]
}

/** One sentence on the way back, for the refusal. */
export function wayBack(lookup: UpgradeSnapshotLookup | undefined, runningVersion: string): string {
  const upgrade = `the upgrade to ${versionTag(runningVersion)}`
  switch (lookup?.status) {
    case 'found': {
      const { snapshot } = lookup
      const from = snapshot.fromVersion ? ` (taken at ${snapshot.fromVersion})` : ''
      return `Restore the snapshot deploy took before ${upgrade}: ${snapshot.identifier}${from}, of the ${snapshot.kind === 'instance' ? 'DB instance' : 'DB cluster'} ${snapshot.database}: ${restoreCommands(snapshot).join(' && ')}; point DATABASE_URL at the restored database, then deploy again with allow-downgrade: after-restore.`
    }
    case 'none':
      return `No available snapshot of the ${databaseLabel(lookup.database)} is tagged for ${upgrade} of this service: restore a backup taken before it (RDS automated backups restore to a point in time), point DATABASE_URL at it, then deploy again with allow-downgrade: after-restore.`
    case 'unreadable':
      return `The snapshots of the ${databaseLabel(lookup.database)} could not be listed (${lookup.why}): find the one deploy took before ${upgrade} (tag ${OWN_TAG_PREFIX}to-version=${versionTag(runningVersion)}), restore it, point DATABASE_URL at it, then deploy again with allow-downgrade: after-restore.`
    default:
      return `Restore a backup taken before ${upgrade} (with db-snapshot set, deploy takes one and tags it ${OWN_TAG_PREFIX}to-version=${versionTag(runningVersion)}), point DATABASE_URL at it, then deploy again with allow-downgrade: after-restore.`
  }
}
