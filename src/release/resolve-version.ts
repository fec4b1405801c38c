import { InputError, PhaseError, errorMessage } from '../errors.js'
import type { VersionPin } from '../domain/version-pin.js'
import type { Release } from '../domain/release.js'
import type { ImageRegistryPort } from '../ports/image-registry.js'
import type { Ports } from '../ports/ports.js'
import type { RepositoryName, Settings } from '../settings/settings.js'
import { parseVersionText } from '../settings/version-text.js'
import { formatImageReference } from './image-reference.js'
import semver from 'semver'
import { findStable, latestStable, releaseVersion, stableReleases } from './stable-releases.js'
import { versionTag } from './version-tag.js'

export type VersionSource = 'version' | 'version-file' | 'task-definition' | 'latest'

export interface ResolvedTarget {
  pin: VersionPin
  /** Every stable release of the release repository, ascending: the plan takes its release range from it. */
  stable: Release[]
  source: VersionSource
}

/**
 * Decides the target version and pins its image: the `version` input, else the version file, else the
 * version the task definition's image already pins (`pinnedInImage`, `0.6.5`), else the newest stable
 * release old enough for `min-release-age-days`. Every pin must be an existing stable release.
 */
export async function resolveTargetVersion(
  context: { settings: Settings; ports: Pick<Ports, 'releases' | 'registry' | 'clock'> },
  pinnedInImage?: string
): Promise<ResolvedTarget> {
  const { settings, ports } = context
  const releases = await listReleases(ports.releases, settings.releaseRepository)
  const stable = stableReleases(releases)
  const { release, source } = chooseRelease(settings, releases, stable, ports.clock.now(), pinnedInImage)
  const pin = await pinImage(settings, ports.registry, release)
  return { pin, stable, source }
}

function chooseRelease(
  settings: Settings,
  releases: Release[],
  stable: Release[],
  now: number,
  pinnedInImage: string | undefined
): { release: Release; source: VersionSource } {
  const repository = repositoryText(settings.releaseRepository)
  const request = settings.version
  if (request.kind === 'exact') {
    return {
      release: requireStable('version', request.version, releases, stable, repository),
      source: 'version'
    }
  }
  if (request.kind === 'previous')
    return { release: previousRelease(stable, pinnedInImage, repository), source: 'version' }
  if (request.kind === 'unspecified') {
    const fromFile =
      settings.versionFile?.text === undefined ? undefined : parseVersionText(settings.versionFile.text)
    if (fromFile) {
      return {
        release: requireStable('version-file', fromFile, releases, stable, repository),
        source: 'version-file'
      }
    }
    if (pinnedInImage) {
      const release = findStable(stable, pinnedInImage)
      if (!release) {
        throw new InputError(
          'version',
          `is empty, and the task definition's image pins ${versionTag(pinnedInImage)}, which is not a stable release of ${repository}: set version to latest or to a release such as ${stable.at(-1)?.tagName ?? 'vX.Y.Z'}`
        )
      }
      return { release, source: 'task-definition' }
    }
  }
  if (stable.length === 0) {
    throw new PhaseError(
      'resolve',
      `${repository} has no stable release (a published, non-prerelease release tagged vX.Y.Z)`
    )
  }
  const latest = latestStable(releases, now, settings.minReleaseAgeDays)
  if (!latest) {
    throw new PhaseError(
      'resolve',
      `no stable release of ${repository} is at least ${settings.minReleaseAgeDays} days old (min-release-age-days); the newest is ${stable.at(-1)!.tagName}`
    )
  }
  return { release: latest, source: 'latest' }
}

/** `version: previous`: the newest stable release older than the one the task definition runs. */
function previousRelease(stable: Release[], running: string | undefined, repository: string): Release {
  if (running === undefined || !semver.valid(running)) {
    throw new InputError(
      'version',
      `is previous, but the task definition's image pins no release (vX.Y.Z tag) to step back from: give the version to roll back to, such as ${stable.at(-2)?.tagName ?? 'vX.Y.Z'}`
    )
  }
  const older = stable.filter(release => semver.lt(releaseVersion(release)!, running))
  const previous = older.at(-1)
  if (!previous) {
    throw new InputError(
      'version',
      `is previous, but ${repository} has no stable release older than the running ${versionTag(running)}`
    )
  }
  return previous
}

function requireStable(
  input: 'version' | 'version-file',
  version: string,
  releases: Release[],
  stable: Release[],
  repository: string
): Release {
  const release = findStable(stable, version)
  if (release) return release
  const tag = versionTag(version)
  const existing = releases.find(candidate => candidate.tagName === tag)
  const why = existing?.draft
    ? 'it is a draft'
    : existing?.prerelease
      ? 'it is a prerelease'
      : 'there is no such release'
  const newest = stable.at(-1)?.tagName
  throw new InputError(
    input,
    `${tag} is not a published stable release of ${repository} (${why})${newest ? `: the newest is ${newest}` : ''}`
  )
}

/**
 * Checks that the release's tag (with the variant suffix) exists in the registry and reads its digest: a
 * variant's tag is missing when one of its architecture builds failed, and pinning it would fail every task.
 */
export async function pinImage(
  settings: Settings,
  registry: ImageRegistryPort,
  release: Release
): Promise<VersionPin> {
  const version = release.tagName.replace(/^v/, '')
  const tag = settings.variant ? `${release.tagName}-${settings.variant}` : release.tagName
  const taggedImage = formatImageReference({ ...settings.image, tag })
  let manifest
  try {
    manifest = await registry.headManifest(settings.image, tag)
  } catch (error) {
    throw new PhaseError('resolve', `Could not read ${taggedImage} from the registry: ${errorMessage(error)}`)
  }
  if (!manifest) {
    const variantHint = settings.variant
      ? ` The ${settings.variant} variant of a release can be missing when one of its builds failed; pin another release or drop the variant.`
      : ''
    throw new PhaseError('resolve', `Image ${taggedImage} does not exist in the registry.${variantHint}`)
  }
  const digest = settings.pinDigest ? manifest.digest : undefined
  return {
    version,
    tag,
    ...(digest ? { digest } : {}),
    image: formatImageReference({ ...settings.image, tag, digest }),
    release
  }
}

async function listReleases(releases: Ports['releases'], repository: RepositoryName): Promise<Release[]> {
  try {
    return await releases.listReleases(repository)
  } catch (error) {
    if ((error as { status?: number }).status === 404) {
      throw new InputError(
        'release-repository',
        `${repositoryText(repository)} does not exist or is not readable with github-token`
      )
    }
    throw new PhaseError(
      'resolve',
      `Could not list the releases of ${repositoryText(repository)}: ${errorMessage(error)}`
    )
  }
}

function repositoryText(repository: RepositoryName): string {
  return `${repository.owner}/${repository.repo}`
}
