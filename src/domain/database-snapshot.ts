/**
 * The database a migrating rollout snapshots first (`db-snapshot`, `db-identifier`): an RDS DB instance or an
 * Aurora DB cluster. The snapshot is the way back once migrations have run, since the old image must not
 * return to a newer schema (docs/domain-facts.md, "Version skew and rollback").
 */
export type DatabaseKind = 'instance' | 'cluster'

export interface DatabaseSnapshotTarget {
  kind: DatabaseKind
  /** The DB instance or DB cluster identifier, as given (RDS compares identifiers case-insensitively). */
  identifier: string
}

/** "DB instance" / "DB cluster", as the RDS console and API reference name them. */
export function databaseNoun(kind: DatabaseKind): string {
  return kind === 'instance' ? 'DB instance' : 'DB cluster'
}

/** `DB instance open-webui-db`: the database as the summary, the checks and the plan name it. */
export function databaseLabel(database: DatabaseSnapshotTarget): string {
  return `${databaseNoun(database.kind)} ${database.identifier}`
}

/**
 * Text made into an RDS identifier (a snapshot, a restored database): letters, digits and single hyphens, at most
 * 63 characters (the DB cluster snapshot limit, the smallest), no trailing hyphen. The caller starts it with a letter.
 */
export function rdsIdentifier(text: string): string {
  return text
    .replace(/[^A-Za-z0-9-]/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, 63)
    .replace(/-+$/, '')
}

/** The snapshot a migrating rollout took before it changed the service: the way back once migrations ran. */
export interface TakenSnapshot {
  kind: DatabaseKind
  /** The snapshot identifier (the `db-snapshot-id` output). */
  identifier: string
  /** The DB instance or cluster it is of. */
  database: string
  engine?: string
  /** As RDS last reported it: `available`, or `creating` when the rollout stopped waiting. */
  status: string
  /** ms the create-and-wait took, once it was available. */
  tookMs?: number
}
