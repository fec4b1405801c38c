import type { DatabaseKind } from '../domain/database-snapshot.js'

/** What DescribeDBInstances / DescribeDBClusters tell about the database to snapshot. */
export interface DatabaseDescription {
  kind: DatabaseKind
  identifier: string
  arn?: string
  engine?: string
  engineVersion?: string
  /** DBInstanceStatus / cluster Status: a snapshot can be taken only while it is `available`. */
  status: string
}

/** A manual DB snapshot or DB cluster snapshot as RDS describes it. */
export interface SnapshotDescription {
  kind: DatabaseKind
  identifier: string
  arn?: string
  /** `creating` while RDS copies the storage, then `available`. */
  status: string
  percentProgress?: number
  /** The engine of the database it was taken of: a cluster restore needs it. */
  engine?: string
  tags?: { key: string; value: string }[]
  /** SnapshotCreateTime, when RDS reports it. */
  createdAt?: Date
}

export interface SnapshotRequest {
  kind: DatabaseKind
  snapshotIdentifier: string
  databaseIdentifier: string
  tags: { key: string; value: string }[]
}

/**
 * Amazon RDS, the part a pre-migration backup needs: describe the database, take a manual snapshot of it and
 * follow the snapshot until it is available. The action never restores, deletes or modifies a database.
 */
export interface DatabaseSnapshotsPort {
  /** undefined when no DB instance / cluster has that identifier (DBInstanceNotFound, DBClusterNotFoundFault). */
  describeDatabase(kind: DatabaseKind, identifier: string): Promise<DatabaseDescription | undefined>
  /** `already-exists` when a snapshot has that identifier (DBSnapshotAlreadyExists, DBClusterSnapshotAlreadyExistsFault). */
  createSnapshot(request: SnapshotRequest): Promise<SnapshotDescription | 'already-exists'>
  /** undefined when the snapshot does not exist (DBSnapshotNotFound, DBClusterSnapshotNotFoundFault). */
  describeSnapshot(kind: DatabaseKind, identifier: string): Promise<SnapshotDescription | undefined>
  /** The manual snapshots of one DB instance or cluster, every page, with their tags (reads only). */
  listSnapshots(kind: DatabaseKind, databaseIdentifier: string): Promise<SnapshotDescription[]>
}
