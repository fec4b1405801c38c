import semver from 'semver'
import type { Finding } from '../domain/finding.js'
import { versionTag } from '../release/version-tag.js'

/** A downgrade puts older code on a schema a newer release may have migrated: allowed, but said out loud. */
export function versionChangeFindings(current: string | undefined, target: string): Finding[] {
  if (!current || !semver.valid(current) || !semver.valid(target) || !semver.lt(target, current)) return []
  return [
    {
      level: 'warning',
      code: 'downgrade',
      title: `Downgrade ${versionTag(current)} -> ${versionTag(target)}`,
      message: `${versionTag(target)} is older than the running ${versionTag(current)}. Open WebUI does not migrate the database down: if ${versionTag(current)} changed the schema, ${versionTag(target)} runs on a newer schema than it knows.`,
      fix: 'Deploy a release at least as new as the running one, or restore a database backup taken before the upgrade'
    }
  ]
}
