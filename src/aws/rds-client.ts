import {
  CreateDBClusterSnapshotCommand,
  CreateDBSnapshotCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient
} from '@aws-sdk/client-rds'
import type { DatabaseKind } from '../domain/database-snapshot.js'
import type {
  DatabaseDescription,
  DatabaseSnapshotsPort,
  SnapshotDescription,
  SnapshotRequest
} from '../ports/database-snapshots.js'
import { awsClientConfig, isAwsError, withOperation, type AwsClientOptions } from './client-config.js'

/**
 * RDS over the Query protocol. The SDK names a fault by its class (`DBInstanceNotFoundFault`), the wire by its
 * code (`DBInstanceNotFound`): both are accepted, as the load balancer client does.
 */
const DATABASE_NOT_FOUND = ['DBInstanceNotFound', 'DBInstanceNotFoundFault', 'DBClusterNotFoundFault']
const SNAPSHOT_EXISTS = [
  'DBSnapshotAlreadyExists',
  'DBSnapshotAlreadyExistsFault',
  'DBClusterSnapshotAlreadyExistsFault'
]
const SNAPSHOT_NOT_FOUND = ['DBSnapshotNotFound', 'DBSnapshotNotFoundFault', 'DBClusterSnapshotNotFoundFault']

export class SdkDatabaseSnapshots implements DatabaseSnapshotsPort {
  private readonly client: RDSClient

  constructor(
    readonly region: string,
    options: AwsClientOptions = {}
  ) {
    this.client = new RDSClient(awsClientConfig(region, options))
  }

  async describeDatabase(kind: DatabaseKind, identifier: string): Promise<DatabaseDescription | undefined> {
    const operation = kind === 'instance' ? 'DescribeDBInstances' : 'DescribeDBClusters'
    try {
      if (kind === 'instance') {
        const output = await this.client.send(
          new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier })
        )
        const found = output.DBInstances?.[0]
        return found
          ? database(kind, found.DBInstanceIdentifier ?? identifier, found.DBInstanceStatus, {
              arn: found.DBInstanceArn,
              engine: found.Engine,
              engineVersion: found.EngineVersion
            })
          : undefined
      }
      const output = await this.client.send(
        new DescribeDBClustersCommand({ DBClusterIdentifier: identifier })
      )
      const found = output.DBClusters?.[0]
      return found
        ? database(kind, found.DBClusterIdentifier ?? identifier, found.Status, {
            arn: found.DBClusterArn,
            engine: found.Engine,
            engineVersion: found.EngineVersion
          })
        : undefined
    } catch (error) {
      if (isAwsError(error, ...DATABASE_NOT_FOUND)) return undefined
      throw withOperation('RDS', operation, error)
    }
  }

  async createSnapshot(request: SnapshotRequest): Promise<SnapshotDescription | 'already-exists'> {
    const Tags = request.tags.map(tag => ({ Key: tag.key, Value: tag.value }))
    const operation = request.kind === 'instance' ? 'CreateDBSnapshot' : 'CreateDBClusterSnapshot'
    try {
      if (request.kind === 'instance') {
        const output = await this.client.send(
          new CreateDBSnapshotCommand({
            DBSnapshotIdentifier: request.snapshotIdentifier,
            DBInstanceIdentifier: request.databaseIdentifier,
            Tags
          })
        )
        return instanceSnapshot(output.DBSnapshot, request.snapshotIdentifier)
      }
      const output = await this.client.send(
        new CreateDBClusterSnapshotCommand({
          DBClusterSnapshotIdentifier: request.snapshotIdentifier,
          DBClusterIdentifier: request.databaseIdentifier,
          Tags
        })
      )
      return clusterSnapshot(output.DBClusterSnapshot, request.snapshotIdentifier)
    } catch (error) {
      if (isAwsError(error, ...SNAPSHOT_EXISTS)) return 'already-exists'
      throw withOperation('RDS', operation, error)
    }
  }

  async describeSnapshot(kind: DatabaseKind, identifier: string): Promise<SnapshotDescription | undefined> {
    const operation = kind === 'instance' ? 'DescribeDBSnapshots' : 'DescribeDBClusterSnapshots'
    try {
      if (kind === 'instance') {
        const output = await this.client.send(
          new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: identifier })
        )
        const found = output.DBSnapshots?.[0]
        return found ? instanceSnapshot(found, identifier) : undefined
      }
      const output = await this.client.send(
        new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: identifier })
      )
      const found = output.DBClusterSnapshots?.[0]
      return found ? clusterSnapshot(found, identifier) : undefined
    } catch (error) {
      if (isAwsError(error, ...SNAPSHOT_NOT_FOUND)) return undefined
      throw withOperation('RDS', operation, error)
    }
  }

  async listSnapshots(kind: DatabaseKind, databaseIdentifier: string): Promise<SnapshotDescription[]> {
    const operation = kind === 'instance' ? 'DescribeDBSnapshots' : 'DescribeDBClusterSnapshots'
    const snapshots: SnapshotDescription[] = []
    let marker: string | undefined
    try {
      do {
        if (kind === 'instance') {
          const output = await this.client.send(
            new DescribeDBSnapshotsCommand({
              DBInstanceIdentifier: databaseIdentifier,
              SnapshotType: 'manual',
              ...(marker ? { Marker: marker } : {})
            })
          )
          for (const found of output.DBSnapshots ?? []) snapshots.push(instanceSnapshot(found, ''))
          marker = output.Marker
        } else {
          const output = await this.client.send(
            new DescribeDBClusterSnapshotsCommand({
              DBClusterIdentifier: databaseIdentifier,
              SnapshotType: 'manual',
              ...(marker ? { Marker: marker } : {})
            })
          )
          for (const found of output.DBClusterSnapshots ?? []) snapshots.push(clusterSnapshot(found, ''))
          marker = output.Marker
        }
      } while (marker)
    } catch (error) {
      throw withOperation('RDS', operation, error)
    }
    return snapshots
  }
}

/** The optional fields as the port has them: present or absent, never `undefined`. */
function database(
  kind: DatabaseKind,
  identifier: string,
  status: string | undefined,
  optional: { arn?: string; engine?: string; engineVersion?: string }
): DatabaseDescription {
  return {
    kind,
    identifier,
    status: status ?? 'unknown',
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined))
  }
}

interface SnapshotFields {
  Status?: string
  SnapshotCreateTime?: Date
  PercentProgress?: number
  Engine?: string
  TagList?: { Key?: string; Value?: string }[]
}

function described(kind: DatabaseKind, identifier: string, arn: string | undefined, fields: SnapshotFields) {
  return {
    kind,
    identifier,
    status: fields.Status ?? 'unknown',
    ...(arn ? { arn } : {}),
    ...(fields.PercentProgress !== undefined ? { percentProgress: fields.PercentProgress } : {}),
    ...(fields.Engine ? { engine: fields.Engine } : {}),
    ...(fields.SnapshotCreateTime ? { createdAt: new Date(fields.SnapshotCreateTime) } : {}),
    ...(fields.TagList
      ? { tags: fields.TagList.map(tag => ({ key: tag.Key ?? '', value: tag.Value ?? '' })) }
      : {})
  }
}

function instanceSnapshot(
  snapshot: (SnapshotFields & { DBSnapshotIdentifier?: string; DBSnapshotArn?: string }) | undefined,
  identifier: string
): SnapshotDescription {
  return described(
    'instance',
    snapshot?.DBSnapshotIdentifier ?? identifier,
    snapshot?.DBSnapshotArn,
    snapshot ?? {}
  )
}

function clusterSnapshot(
  snapshot:
    (SnapshotFields & { DBClusterSnapshotIdentifier?: string; DBClusterSnapshotArn?: string }) | undefined,
  identifier: string
): SnapshotDescription {
  return described(
    'cluster',
    snapshot?.DBClusterSnapshotIdentifier ?? identifier,
    snapshot?.DBClusterSnapshotArn,
    snapshot ?? {}
  )
}
