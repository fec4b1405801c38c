import semver from 'semver'
import type { Release } from '../domain/release.js'

/** Open WebUI tags every release `v` + `X.Y.Z`; older history also has `v1.0.0-alpha.101`, `0.1.0-101`, `nightly`. */
const STABLE_TAG = /^v\d+\.\d+\.\d+$/
const DAY_MS = 24 * 3600 * 1000

/** `v0.6.5` -> `0.6.5` for a stable tag; undefined for anything else. */
export function releaseVersion(release: Release): string | undefined {
  if (!STABLE_TAG.test(release.tagName)) return undefined
  return semver.valid(release.tagName.slice(1)) ?? undefined
}

/** Published, non-prerelease releases with a `vX.Y.Z` tag, in ascending semver order (never by date). */
export function stableReleases(releases: Release[]): Release[] {
  return releases
    .filter(release => !release.draft && !release.prerelease && releaseVersion(release) !== undefined)
    .sort((a, b) => semver.compare(releaseVersion(a)!, releaseVersion(b)!))
}

/**
 * The highest stable release at least `minReleaseAgeDays` old by `published_at`. With an age of 0 every stable
 * release counts; with a positive age a release without a publish date is treated as too young.
 */
export function latestStable(
  releases: Release[],
  now: number,
  minReleaseAgeDays: number
): Release | undefined {
  const newestAllowed = now - minReleaseAgeDays * DAY_MS
  const oldEnough = stableReleases(releases).filter(release => {
    if (minReleaseAgeDays <= 0) return true
    const published = release.publishedAt ? Date.parse(release.publishedAt) : NaN
    return Number.isFinite(published) && published <= newestAllowed
  })
  return oldEnough.at(-1)
}

/** The stable release with this version (`0.6.5`), if there is one. */
export function findStable(stable: Release[], version: string): Release | undefined {
  return stable.find(release => releaseVersion(release) === version)
}

/**
 * Stable releases after `fromVersion` up to and including `toVersion`, oldest first. With no known current
 * version the range is just the target release. A downgrade (to < from) has an empty range.
 */
export function releaseRange(
  stable: Release[],
  fromVersion: string | undefined,
  toVersion: string
): Release[] {
  return stableReleases(stable).filter(release => {
    const version = releaseVersion(release)!
    if (fromVersion === undefined || !semver.valid(fromVersion)) return version === toVersion
    return semver.gt(version, fromVersion) && semver.lte(version, toVersion)
  })
}
