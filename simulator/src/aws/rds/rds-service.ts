import { AwsError, type AwsJsonService } from '../../world.js'
import { operationTable, pageSize, paginate } from '../pagination.js'
import type { DatabaseStore, SnapshotKind, StoredDatabase, StoredSnapshot } from './database-store.js'

/**
 * Amazon RDS, the part a pre-migration backup needs: CreateDBSnapshot / CreateDBClusterSnapshot,
 * DescribeDBSnapshots / DescribeDBClusterSnapshots, DescribeDBInstances / DescribeDBClusters. Error codes are the
 * wire codes of the RDS API Reference (the instance operations say `DBInstanceNotFound`, the cluster ones
 * `DBClusterNotFoundFault`); outputs are plain objects the awsQuery front door renders as XML by the model.
 */
export function createRdsService(store: DatabaseStore): AwsJsonService {
  const instanceNotFound = (id: string) =>
    new AwsError('DBInstanceNotFound', `DBInstance ${id} not found.`, 404)
  const clusterNotFound = (id: string) =>
    new AwsError('DBClusterNotFoundFault', `DBCluster ${id} not found.`, 404)
  const invalidMarker = () => new AwsError('InvalidParameterValue', 'Invalid marker')
  const records = (value: unknown) =>
    pageSize(value, 'maxRecords', { min: 20, max: 100, default: 100 }, 'InvalidParameterValue')

  const renderInstance = (database: StoredDatabase) => ({
    DBInstanceIdentifier: database.identifier,
    DBInstanceClass: 'db.t4g.medium',
    Engine: database.engine,
    EngineVersion: database.engineVersion,
    DBInstanceStatus: database.status,
    DBInstanceArn: database.arn,
    MasterUsername: 'openwebui',
    AllocatedStorage: 20,
    InstanceCreateTime: database.createdAt,
    AvailabilityZone: `${store.region}a`,
    MultiAZ: false,
    StorageEncrypted: true
  })

  const renderCluster = (database: StoredDatabase) => ({
    DBClusterIdentifier: database.identifier,
    Engine: database.engine,
    EngineVersion: database.engineVersion,
    Status: database.status,
    DBClusterArn: database.arn,
    MasterUsername: 'openwebui',
    Port: 5432,
    ClusterCreateTime: database.createdAt,
    MultiAZ: false,
    StorageEncrypted: true,
    DBClusterMembers: []
  })

  const renderSnapshot = (snapshot: StoredSnapshot) => {
    const common = {
      SnapshotCreateTime: new Date(Date.UTC(2024, 0, 15) + snapshot.startedAt),
      Engine: snapshot.source.engine,
      EngineVersion: snapshot.source.engineVersion,
      Status: store.statusOf(snapshot),
      PercentProgress: store.percentProgress(snapshot),
      SnapshotType: 'manual',
      MasterUsername: 'openwebui',
      Port: 5432,
      TagList: snapshot.tags
    }
    return snapshot.kind === 'instance'
      ? {
          ...common,
          DBSnapshotIdentifier: snapshot.identifier,
          DBInstanceIdentifier: snapshot.source.identifier,
          DBSnapshotArn: snapshot.arn,
          AllocatedStorage: 20,
          Encrypted: true
        }
      : {
          ...common,
          DBClusterSnapshotIdentifier: snapshot.identifier,
          DBClusterIdentifier: snapshot.source.identifier,
          DBClusterSnapshotArn: snapshot.arn,
          StorageEncrypted: true
        }
  }

  const create = (kind: SnapshotKind, snapshotId: string, databaseId: string, tags: unknown) => {
    checkIdentifier(
      kind === 'instance' ? 'DBSnapshotIdentifier' : 'DBClusterSnapshotIdentifier',
      snapshotId,
      kind === 'instance' ? 255 : 63
    )
    const database = store.database(kind, databaseId)
    if (!database) throw kind === 'instance' ? instanceNotFound(databaseId) : clusterNotFound(databaseId)
    if (database.status !== 'available') {
      throw kind === 'instance'
        ? new AwsError(
            'InvalidDBInstanceState',
            `Cannot create a snapshot because the database instance ${database.identifier} is not currently in the available state.`
          )
        : new AwsError(
            'InvalidDBClusterStateFault',
            `Cannot create a snapshot because the DB cluster ${database.identifier} is not currently in the available state.`
          )
    }
    if (store.snapshot(kind, snapshotId)) {
      throw kind === 'instance'
        ? new AwsError(
            'DBSnapshotAlreadyExists',
            `Cannot create the snapshot because a snapshot with the identifier ${snapshotId.toLowerCase()} already exists.`
          )
        : new AwsError(
            'DBClusterSnapshotAlreadyExistsFault',
            `Cannot create the cluster snapshot because one with the identifier ${snapshotId.toLowerCase()} already exists.`
          )
    }
    const tagList = ((tags as { Key?: string; Value?: string }[] | undefined) ?? []).map(tag => ({
      Key: tag.Key ?? '',
      Value: tag.Value ?? ''
    }))
    return renderSnapshot(store.addSnapshot(kind, snapshotId, database, tagList))
  }

  const describeSnapshots = (kind: SnapshotKind, input: Record<string, unknown>) => {
    const snapshotId = (
      kind === 'instance' ? input.DBSnapshotIdentifier : input.DBClusterSnapshotIdentifier
    ) as string | undefined
    const databaseId = (kind === 'instance' ? input.DBInstanceIdentifier : input.DBClusterIdentifier) as
      string | undefined
    let snapshots = store.snapshots(kind)
    if (snapshotId !== undefined) {
      const found = store.snapshot(kind, snapshotId)
      if (!found) {
        throw kind === 'instance'
          ? new AwsError('DBSnapshotNotFound', `DBSnapshot ${snapshotId} not found.`, 404)
          : new AwsError('DBClusterSnapshotNotFoundFault', `DBClusterSnapshot ${snapshotId} not found.`, 404)
      }
      snapshots = [found]
    }
    if (databaseId !== undefined)
      snapshots = snapshots.filter(snapshot => snapshot.source.identifier === databaseId.toLowerCase())
    const page = paginate(
      snapshots,
      records(input.MaxRecords),
      input.Marker as string | undefined,
      invalidMarker
    )
    return { snapshots: page.items.map(renderSnapshot), Marker: page.nextToken }
  }

  const describeDatabases = (
    kind: SnapshotKind,
    identifier: string | undefined,
    input: Record<string, unknown>
  ) => {
    let databases = store.allDatabases(kind)
    if (identifier !== undefined) {
      const found = store.database(kind, identifier)
      if (!found) throw kind === 'instance' ? instanceNotFound(identifier) : clusterNotFound(identifier)
      databases = [found]
    }
    return paginate(databases, records(input.MaxRecords), input.Marker as string | undefined, invalidMarker)
  }

  const handle = operationTable('RDS', {
    CreateDBSnapshot(input) {
      return {
        DBSnapshot: create(
          'instance',
          input.DBSnapshotIdentifier as string,
          input.DBInstanceIdentifier as string,
          input.Tags
        )
      }
    },
    CreateDBClusterSnapshot(input) {
      return {
        DBClusterSnapshot: create(
          'cluster',
          input.DBClusterSnapshotIdentifier as string,
          input.DBClusterIdentifier as string,
          input.Tags
        )
      }
    },
    DescribeDBSnapshots(input) {
      const { snapshots, Marker } = describeSnapshots('instance', input)
      return { DBSnapshots: snapshots, Marker }
    },
    DescribeDBClusterSnapshots(input) {
      const { snapshots, Marker } = describeSnapshots('cluster', input)
      return { DBClusterSnapshots: snapshots, Marker }
    },
    DescribeDBInstances(input) {
      const page = describeDatabases('instance', input.DBInstanceIdentifier as string | undefined, input)
      return { DBInstances: page.items.map(renderInstance), Marker: page.nextToken }
    },
    DescribeDBClusters(input) {
      const page = describeDatabases('cluster', input.DBClusterIdentifier as string | undefined, input)
      return { DBClusters: page.items.map(renderCluster), Marker: page.nextToken }
    }
  })
  return { handle }
}

/**
 * The identifier rules of CreateDBSnapshot / CreateDBClusterSnapshot: 1 to 255 (cluster: 63) letters, digits or
 * hyphens, a letter first, no trailing hyphen and no two hyphens in a row.
 */
function checkIdentifier(member: string, value: string, max: number): void {
  const valid =
    value.length >= 1 &&
    value.length <= max &&
    /^[A-Za-z][A-Za-z0-9-]*$/.test(value) &&
    !value.endsWith('-') &&
    !value.includes('--')
  if (!valid) {
    throw new AwsError(
      'InvalidParameterValue',
      `The parameter ${member} is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.`
    )
  }
}
