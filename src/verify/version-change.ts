import semver from 'semver'
import type { Finding } from '../domain/finding.js'
import type { MigrationCheck } from '../domain/migration-check.js'
import { versionTag } from '../release/version-tag.js'
import type { DowngradePolicy } from '../settings/settings.js'
import { wayBack, type UpgradeSnapshotLookup } from './upgrade-snapshot.js'

export interface VersionChange {
  current: string | undefined
  target: string
  migrations: MigrationCheck
  allowDowngrade: DowngradePolicy
  /** The snapshot taken before the upgrade being undone, when a downgrade needed one looked up. */
  upgradeSnapshot?: UpgradeSnapshotLookup
}

/** A target older than the running one: the live source looks up the way back only then. */
export function isDowngrade(current: string | undefined, target: string): current is string {
  return (
    current !== undefined && !!semver.valid(current) && !!semver.valid(target) && semver.lt(target, current)
  )
}

/**
 * Whether a downgrade crosses migrations: the running release has revisions the target does not know, or that
 * could not be told (the comparison failed, or `migration: always`/`never` skipped it).
 */
export function downgradeAcrossMigrations(migrations: MigrationCheck): boolean {
  return !(migrations.downgrade && migrations.status === 'false')
}

/**
 * Open WebUI does not migrate down: a downgrade across migrations puts old code on a newer schema. Refused,
 * naming the revisions and the way back, unless `allow-downgrade: after-restore` says the database was
 * restored from before the upgrade being undone; then said out loud. A downgrade with no migration between is a
 * rolling update, with a warning.
 */
export function versionChangeFindings(change: VersionChange): Finding[] {
  const { current, target, migrations } = change
  if (!isDowngrade(current, target)) return []
  const from = versionTag(current)
  const to = versionTag(target)
  if (!downgradeAcrossMigrations(migrations)) {
    return [
      {
        level: 'warning',
        code: 'downgrade',
        title: `Downgrade ${from} -> ${to}`,
        message: `${to} is older than the running ${from}. The two releases have the same database revisions, so ${to} runs on the schema it knows: a rolling update.`,
        fix: 'Nothing, if the downgrade is meant'
      }
    ]
  }
  const revisions =
    migrations.newRevisions.length > 0
      ? `${from} added ${migrations.newRevisions.length} revision${migrations.newRevisions.length === 1 ? '' : 's'} ${to} does not know (${migrations.newRevisions.join(', ')})`
      : `whether ${from} added revisions ${to} does not know could not be told (${migrations.reason})`
  if (change.allowDowngrade === 'after-restore') {
    return [
      {
        level: 'warning',
        code: 'downgrade-after-restore',
        title: `Downgrade ${from} -> ${to} across migrations, after a database restore`,
        message: `${revisions}. allow-downgrade: after-restore says the database was restored from before the upgrade to ${from}: deploy stops every ${from} task, then one ${to} migrator brings the restored schema to ${to}. If the database was not restored, ${to} runs on a schema it does not know.`,
        fix: `Only deploy this after restoring the database from before the upgrade to ${from} (docs/rollback.md)`
      }
    ]
  }
  return [
    {
      level: 'error',
      code: 'downgrade-across-migrations',
      title: `Downgrade ${from} -> ${to} across database migrations`,
      message: `${to} is older than the running ${from}, and ${revisions}. Open WebUI does not migrate down on start: ${to} would run on a schema newer than its code.`,
      fix: wayBack(change.upgradeSnapshot, current)
    }
  ]
}
