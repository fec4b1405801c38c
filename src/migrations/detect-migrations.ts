import semver from 'semver'
import type { MigrationCheck } from '../domain/migration-check.js'
import type { GitHubReleasesPort } from '../ports/github-releases.js'
import { errorMessage } from '../errors.js'
import type { MigrationPolicy, RepositoryName } from '../settings/settings.js'
import { versionTag } from '../release/version-tag.js'

/**
 * Every folder Open WebUI has kept database migrations in, oldest layout first: peewee under
 * `backend/apps/web` (to v0.1.125), `backend/apps/webui` (v0.2.0-v0.3.16) and, from v0.3.17 to v0.4.8,
 * `backend/open_webui/apps/webui`; Alembic under `backend/migrations/versions` (v0.3.8-v0.3.16), then
 * `backend/open_webui/migrations/versions`; peewee again under `backend/open_webui/internal` (v0.5.0-v0.9.5).
 * A release moving a folder keeps its file names, so revisions are compared by name across all of them.
 */
export const MIGRATION_DIRECTORIES = [
  'backend/apps/web/internal/migrations',
  'backend/apps/webui/internal/migrations',
  'backend/migrations/versions',
  'backend/open_webui/apps/webui/internal/migrations',
  'backend/open_webui/migrations/versions',
  'backend/open_webui/internal/migrations'
] as const

type Listing = { readable: true; revisions: Set<string> } | { readable: false; why: string }

/**
 * Whether upgrading from `fromVersion` to `toVersion` adds database migrations: compares the revision file
 * names of the two release tags across every layout, so a folder move is not a new revision. `false` only when both tags were read and nothing was added;
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
  const downgrade =
    semver.valid(fromVersion) !== null &&
    semver.valid(toVersion) !== null &&
    semver.lt(toVersion, fromVersion)
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
      ...(downgrade ? { downgrade: true } : {}),
      reason: `${downgrade ? `${versionTag(toVersion)} is a downgrade from ${versionTag(fromVersion)}, and ` : ''}the migration folders could not be compared: ${why}`
    }
  }
  const compared = `compared the migration folders of ${versionTag(fromVersion)} and ${versionTag(toVersion)}`
  if (downgrade) return downgradeCheck(fromVersion, toVersion, from.revisions, to.revisions, compared)
  const newRevisions = [...to.revisions].filter(name => !from.revisions.has(name)).sort()
  return newRevisions.length > 0
    ? {
        status: 'true',
        newRevisions,
        reason: `${compared}: ${newRevisions.length} new revision${newRevisions.length === 1 ? '' : 's'}`
      }
    : { status: 'false', newRevisions, reason: `${compared}: no new revisions` }
}

/**
 * A downgrade migrates when the running release has revisions the target does not know: Open WebUI does not
 * migrate down on start, so the target would run on a schema newer than its code. Those revisions are what the
 * `newRevisions` of a downgrade name. None: old and new code share one schema, a rolling update is safe.
 */
function downgradeCheck(
  fromVersion: string,
  toVersion: string,
  running: Set<string>,
  target: Set<string>,
  compared: string
): MigrationCheck {
  const unknownToTarget = [...running].filter(name => !target.has(name)).sort()
  const downgrade = `${versionTag(toVersion)} is a downgrade from ${versionTag(fromVersion)}`
  return unknownToTarget.length > 0
    ? {
        status: 'true',
        newRevisions: unknownToTarget,
        downgrade: true,
        reason: `${downgrade}; ${compared}: ${versionTag(fromVersion)} has ${unknownToTarget.length} revision${unknownToTarget.length === 1 ? '' : 's'} ${versionTag(toVersion)} does not know, and Alembic does not migrate down on start`
      }
    : {
        status: 'false',
        newRevisions: [],
        downgrade: true,
        reason: `${downgrade}; ${compared}: the same revisions, so both run on one schema`
      }
}

/** Revision file names at one tag, over every layout; readable when at least one layout exists there. */
async function listRevisions(
  releases: GitHubReleasesPort,
  repository: RepositoryName,
  tag: string
): Promise<Listing> {
  let listings: (string[] | undefined)[]
  try {
    listings = await Promise.all(
      MIGRATION_DIRECTORIES.map(directory => releases.listDirectory(repository, directory, tag))
    )
  } catch (error) {
    return { readable: false, why: `listing ${tag} failed (${errorMessage(error)})` }
  }
  if (listings.every(names => names === undefined))
    return {
      readable: false,
      why: `${tag} has none of the ${MIGRATION_DIRECTORIES.length} migration folders Open WebUI has used`
    }
  return { readable: true, revisions: new Set(listings.flatMap(names => names ?? []).filter(isRevisionFile)) }
}

function isRevisionFile(name: string): boolean {
  return name.endsWith('.py') && !name.startsWith('__')
}
