import semver from 'semver'
import type { Finding } from '../plan/plan.js'

/** A downgrade puts older code on a schema a newer release may have migrated: allowed, but said out loud. */
export function versionChangeFindings(current: string | undefined, target: string): Finding[] {
  if (!current || !semver.valid(current) || !semver.valid(target) || !semver.lt(target, current)) return []
  return [
    {
      level: 'warning',
      code: 'downgrade',
      title: `Downgrade v${current} -> v${target}`,
      message: `v${target} is older than the running v${current}. Open WebUI does not migrate the database down: if v${current} changed the schema, v${target} runs on a newer schema than it knows.`,
      fix: 'Deploy a release at least as new as the running one, or restore a database backup taken before the upgrade'
    }
  ]
}
