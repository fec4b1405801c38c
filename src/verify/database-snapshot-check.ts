import { errorMessage } from '../errors.js'
import { databaseLabel, type DatabaseSnapshotTarget } from '../domain/database-snapshot.js'
import type { RolloutStrategy } from '../domain/plan.js'
import type { DatabaseSnapshotsPort } from '../ports/database-snapshots.js'
import type { Verification } from './verification.js'

const CHECK = 'Database snapshot'

/**
 * The database `db-snapshot` names must exist and be describable on every plan, so a wrong identifier is found
 * on the pull request, not on the first migrating upgrade. Only a migrating rollout snapshots, so only then
 * must the database be `available` (CreateDBSnapshot refuses any other state); reads only.
 */
export async function verifyDatabaseSnapshot(
  port: Pick<DatabaseSnapshotsPort, 'describeDatabase'>,
  target: DatabaseSnapshotTarget | undefined,
  strategy: RolloutStrategy
): Promise<Verification> {
  if (!target) return { checks: [], findings: [] }
  const named = databaseLabel(target)
  let database
  try {
    database = await port.describeDatabase(target.kind, target.identifier)
  } catch (error) {
    const why = errorMessage(error)
    return {
      checks: [{ name: CHECK, status: 'NG', detail: `${named} could not be described: ${why}` }],
      findings: [
        {
          level: 'error',
          code: 'db-snapshot-target-not-described',
          title: 'The database to snapshot cannot be described',
          message: `${named} could not be described (${why}), so no snapshot could be taken before the migrations.`,
          fix: `Allow rds:${target.kind === 'instance' ? 'DescribeDBInstances' : 'DescribeDBClusters'} on it for the role the action runs with`
        }
      ]
    }
  }
  if (!database) {
    const otherKind =
      target.kind === 'instance'
        ? 'an Aurora cluster, set db-snapshot: cluster'
        : 'an RDS DB instance, set db-snapshot: instance'
    return {
      checks: [{ name: CHECK, status: 'NG', detail: `${named} does not exist in this Region` }],
      findings: [
        {
          level: 'error',
          code: 'db-snapshot-target-not-found',
          title: 'The database to snapshot does not exist',
          message: `db-identifier names ${named}, which RDS does not know in this Region.`,
          fix: `Set db-identifier to the database DATABASE_URL points at; if that is ${otherKind}`
        }
      ]
    }
  }
  const engine = database.engine
    ? ` (${database.engine}${database.engineVersion ? ` ${database.engineVersion}` : ''})`
    : ''
  const described = `${databaseLabel({ kind: target.kind, identifier: database.identifier })}${engine} is ${database.status}`
  if (strategy !== 'migrate') {
    const why =
      strategy === 'rolling'
        ? 'a rolling upgrade changes no schema and takes no snapshot'
        : 'nothing to deploy'
    return {
      checks: [
        {
          name: CHECK,
          status: database.status === 'available' ? 'OK' : 'WARN',
          detail: `${described}: ${why}`
        }
      ],
      findings: []
    }
  }
  if (database.status !== 'available') {
    return {
      checks: [
        { name: CHECK, status: 'NG', detail: `${described}: RDS snapshots only an available database` }
      ],
      findings: [
        {
          level: 'error',
          code: 'db-snapshot-target-not-available',
          title: 'The database to snapshot is not available',
          message: `${described}, and CreateDB${target.kind === 'instance' ? '' : 'Cluster'}Snapshot refuses a database in that state: the migrations would run without the snapshot db-snapshot asks for.`,
          fix: 'Wait until the database is available again (maintenance, modification or a backup in progress), then re-run'
        }
      ]
    }
  }
  return {
    checks: [
      {
        name: CHECK,
        status: 'OK',
        detail: `${described}: snapshot before the old tasks stop`
      }
    ],
    findings: []
  }
}
