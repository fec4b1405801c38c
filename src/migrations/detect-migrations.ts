import semver from 'semver'
import type { MigrationCheck } from '../plan/plan.js'
import type { GitHubReleasesPort } from '../ports/github-releases.js'
import { errorMessage } from '../errors.js'
import type { MigrationPolicy, RepositoryName } from '../settings/settings.js'
import { versionTag } from '../release/version-tag.js'

/** Alembic revisions today; releases before the switch kept their migrations in `internal/migrations`. */
export const MIGRATION_DIRECTORIES = [
  'backend/open_webui/migrations/versions',
  'backend/open_webui/internal/migrations'
] as const

type Listing = { readable: true; revisions: Map<string, Set<string>> } | { readable: false; why: string }

/**
 * Whether upgrading from `fromVersion` to `toVersion` adds database migrations: compares the revision files
 * of the two release tags in both layouts. `false` only when both tags were read and nothing was added;
 * anything that cannot be told is `unknown`, which the rollout treats as `true`.
 */
export async function detectMigrations(
  releases: GitHubReleasesPort,
  repository: RepositoryName,
  fromVersion: string | undefined,
  toVersion: string,
  policy: MigrationPolicy
): Promise<MigrationCheck> {
  if (policy === 'always') {
    return {
      status: 'true',
      newRevisions: [],
      reason: 'migration: always was set, so the migrator phase runs without checking'
    }
  }
  if (policy === 'never') {
    return {
      status: 'false',
      newRevisions: [],
      reason:
        'migration: never was set, so the release range was not checked: if it adds migrations, old and new tasks share the database during the rolling update'
    }
  }
  if (fromVersion === undefined) {
    return {
      status: 'unknown',
      newRevisions: [],
      reason:
        'the running version is unknown (its image tag pins no release), so the migrations in between cannot be told'
    }
  }
  if (semver.valid(fromVersion) && semver.valid(toVersion) && semver.lt(toVersion, fromVersion)) {
    return {
      status: 'unknown',
      newRevisions: [],
      reason: `${versionTag(toVersion)} is a downgrade from ${versionTag(fromVersion)}: old code on a newer schema is unsafe across a schema change, and Alembic does not downgrade on start`
    }
  }
  if (fromVersion === toVersion) {
    return {
      status: 'false',
      newRevisions: [],
      reason: `already at ${versionTag(toVersion)}: no release in between`
    }
  }

  const [from, to] = await Promise.all([
    listRevisions(releases, repository, versionTag(fromVersion)),
    listRevisions(releases, repository, versionTag(toVersion))
  ])
  if (!from.readable || !to.readable) {
    const why = [from, to].flatMap(listing => (listing.readable ? [] : [listing.why])).join('; ')
    return {
      status: 'unknown',
      newRevisions: [],
      reason: `the migration folders could not be compared: ${why}`
    }
  }
  const newRevisions: string[] = []
  for (const [directory, names] of to.revisions) {
    const before = from.revisions.get(directory) ?? new Set<string>()
    for (const name of names) if (!before.has(name)) newRevisions.push(name)
  }
  newRevisions.sort()
  const compared = `compared the migration folders of ${versionTag(fromVersion)} and ${versionTag(toVersion)}`
  return newRevisions.length > 0
    ? {
        status: 'true',
        newRevisions,
        reason: `${compared}: ${newRevisions.length} new revision${newRevisions.length === 1 ? '' : 's'}`
      }
    : { status: 'false', newRevisions, reason: `${compared}: no new revisions` }
}

/** Revision files per layout at one tag; readable when at least one layout exists there. */
async function listRevisions(
  releases: GitHubReleasesPort,
  repository: RepositoryName,
  tag: string
): Promise<Listing> {
  const revisions = new Map<string, Set<string>>()
  try {
    for (const directory of MIGRATION_DIRECTORIES) {
      const names = await releases.listDirectory(repository, directory, tag)
      if (names) revisions.set(directory, new Set(names.filter(isRevisionFile)))
    }
  } catch (error) {
    return { readable: false, why: `listing ${tag} failed (${errorMessage(error)})` }
  }
  if (revisions.size === 0)
    return { readable: false, why: `${tag} has neither ${MIGRATION_DIRECTORIES.join(' nor ')}` }
  return { readable: true, revisions }
}

function isRevisionFile(name: string): boolean {
  return name.endsWith('.py') && !name.startsWith('__')
}
