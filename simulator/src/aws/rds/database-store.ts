import type { DatabaseClusterSeed, DatabaseInstanceSeed, RdsSeed } from '../../scenario.js'

export type SnapshotKind = 'instance' | 'cluster'

export interface StoredDatabase {
  kind: SnapshotKind
  /** Lower case, as RDS stores identifiers. */
  identifier: string
  arn: string
  engine: string
  engineVersion: string
  status: string
  createdAt: Date
}

export interface StoredSnapshot {
  kind: SnapshotKind
  identifier: string
  arn: string
  /** The DB instance or cluster it was taken of. */
  source: StoredDatabase
  tags: { Key: string; Value: string }[]
  /** ms on the world clock. */
  startedAt: number
  /** How long it stays `creating`. */
  creationMs: number
}

/** `creating` snapshots become `available` this long after CreateDB(Cluster)Snapshot, unless the scenario says. */
export const DEFAULT_SNAPSHOT_CREATION_MS = 300

/**
 * RDS DB instances and Aurora clusters (seeded, never created) and the manual snapshots taken of them. A snapshot
 * is `creating` for `snapshotCreationMs` of simulated time, then `available`, as RDS reports it while it copies
 * the storage.
 */
export class DatabaseStore {
  private readonly databases = new Map<string, StoredDatabase>()
  private readonly snapshotsById = new Map<string, StoredSnapshot>()
  readonly snapshotCreationMs: number

  constructor(
    readonly region: string,
    readonly accountId: string,
    private readonly now: () => number,
    seed: RdsSeed = {}
  ) {
    this.snapshotCreationMs = seed.snapshotCreationMs ?? DEFAULT_SNAPSHOT_CREATION_MS
    for (const instance of seed.instances ?? []) this.putInstance(instance)
    for (const cluster of seed.clusters ?? []) this.putCluster(cluster)
  }

  arnOf(kind: SnapshotKind, identifier: string): string {
    return `arn:aws:rds:${this.region}:${this.accountId}:${kind === 'instance' ? 'db' : 'cluster'}:${identifier.toLowerCase()}`
  }

  snapshotArnOf(kind: SnapshotKind, identifier: string): string {
    return `arn:aws:rds:${this.region}:${this.accountId}:${kind === 'instance' ? 'snapshot' : 'cluster-snapshot'}:${identifier.toLowerCase()}`
  }

  putInstance(seed: DatabaseInstanceSeed): StoredDatabase {
    return this.put(
      'instance',
      seed.identifier,
      seed.engine ?? 'postgres',
      seed.engineVersion ?? '16.4',
      seed
    )
  }

  putCluster(seed: DatabaseClusterSeed): StoredDatabase {
    return this.put(
      'cluster',
      seed.identifier,
      seed.engine ?? 'aurora-postgresql',
      seed.engineVersion ?? '16.4',
      seed
    )
  }

  private put(
    kind: SnapshotKind,
    identifier: string,
    engine: string,
    engineVersion: string,
    seed: { status?: string }
  ): StoredDatabase {
    const database: StoredDatabase = {
      kind,
      identifier: identifier.toLowerCase(),
      arn: this.arnOf(kind, identifier),
      engine,
      engineVersion,
      status: seed.status ?? 'available',
      createdAt: new Date(Date.UTC(2024, 0, 15, 9, 30))
    }
    this.databases.set(`${kind}/${database.identifier}`, database)
    return database
  }

  database(kind: SnapshotKind, identifier: string): StoredDatabase | undefined {
    return this.databases.get(`${kind}/${identifier.toLowerCase()}`)
  }

  allDatabases(kind: SnapshotKind): StoredDatabase[] {
    return [...this.databases.values()]
      .filter(database => database.kind === kind)
      .sort((a, b) => a.identifier.localeCompare(b.identifier))
  }

  addSnapshot(
    kind: SnapshotKind,
    identifier: string,
    source: StoredDatabase,
    tags: { Key: string; Value: string }[]
  ): StoredSnapshot {
    const snapshot: StoredSnapshot = {
      kind,
      identifier: identifier.toLowerCase(),
      arn: this.snapshotArnOf(kind, identifier),
      source,
      tags,
      startedAt: this.now(),
      creationMs: this.snapshotCreationMs
    }
    this.snapshotsById.set(`${kind}/${snapshot.identifier}`, snapshot)
    return snapshot
  }

  snapshot(kind: SnapshotKind, identifier: string): StoredSnapshot | undefined {
    return this.snapshotsById.get(`${kind}/${identifier.toLowerCase()}`)
  }

  /** Every snapshot of one kind, oldest first. */
  snapshots(kind?: SnapshotKind): StoredSnapshot[] {
    return [...this.snapshotsById.values()]
      .filter(snapshot => kind === undefined || snapshot.kind === kind)
      .sort((a, b) => a.startedAt - b.startedAt)
  }

  /** `creating` until its creation time has passed, then `available`. */
  statusOf(snapshot: StoredSnapshot): 'creating' | 'available' {
    return this.now() - snapshot.startedAt >= snapshot.creationMs ? 'available' : 'creating'
  }

  /** When it became (or will become) available, in world-clock ms. */
  availableAt(snapshot: StoredSnapshot): number {
    return snapshot.startedAt + snapshot.creationMs
  }

  percentProgress(snapshot: StoredSnapshot): number {
    if (snapshot.creationMs <= 0) return 100
    return Math.min(100, Math.floor(((this.now() - snapshot.startedAt) / snapshot.creationMs) * 100))
  }
}
