import { describe, expect, it } from '@jest/globals'
import type { Release } from '../../../src/domain/release.js'
import { latestStable, releaseRange, stableReleases } from '../../../src/release/stable-releases.js'

const DAY = 24 * 3600 * 1000
const NOW = Date.parse('2025-06-30T12:00:00Z')

function release(
  tagName: string,
  options: { draft?: boolean; prerelease?: boolean; ageDays?: number } = {}
): Release {
  return {
    tagName,
    name: tagName,
    draft: options.draft ?? false,
    prerelease: options.prerelease ?? false,
    ...(options.draft ? {} : { publishedAt: new Date(NOW - (options.ageDays ?? 1) * DAY).toISOString() }),
    body: '',
    htmlUrl: `https://github.com/open-webui/open-webui/releases/tag/${tagName}`
  }
}

const history = [
  release('v0.6.7', { ageDays: 3 }),
  release('v0.6.8', { draft: true }),
  release('v0.7.0-rc.1', { prerelease: true, ageDays: 1 }),
  release('v0.6.6', { ageDays: 10 }),
  release('v0.6.10', { ageDays: 2 }),
  release('v1.0.0-alpha.101', { ageDays: 900 }),
  release('0.1.0-101', { ageDays: 950 }),
  release('nightly', { ageDays: 2 }),
  release('v2.0.0', { prerelease: true, ageDays: 5 }),
  release('v0.6.9', { ageDays: 1 })
]

describe('stableReleases', () => {
  it('keeps only published, non-prerelease vX.Y.Z releases, in semver order', () => {
    expect(stableReleases(history).map(r => r.tagName)).toEqual(['v0.6.6', 'v0.6.7', 'v0.6.9', 'v0.6.10'])
  })

  it('refuses tags without v, with suffixes or with leading zeros', () => {
    const tags = ['0.6.5', 'v0.6.5-cuda', 'v0.6', 'v01.2.3', 'latest', 'v0.6.5']
    expect(stableReleases(tags.map(tag => release(tag))).map(r => r.tagName)).toEqual(['v0.6.5'])
  })
})

describe('latestStable', () => {
  it('takes the highest semver, not the newest date (v0.6.10 published before v0.6.9)', () => {
    expect(latestStable(history, NOW, 0)?.tagName).toBe('v0.6.10')
  })

  it('skips releases younger than min-release-age-days', () => {
    expect(latestStable(history, NOW, 2)?.tagName).toBe('v0.6.10')
    expect(latestStable(history, NOW, 2.5)?.tagName).toBe('v0.6.7')
    expect(latestStable(history, NOW, 5)?.tagName).toBe('v0.6.6')
    expect(latestStable(history, NOW, 11)).toBeUndefined()
  })

  it('is undefined when nothing is stable', () => {
    expect(latestStable([release('nightly'), release('v1.0.0-alpha.101')], NOW, 0)).toBeUndefined()
  })
})

describe('releaseRange', () => {
  const stable = stableReleases(history)

  it('holds the releases after the current one up to the target, oldest first', () => {
    expect(releaseRange(stable, '0.6.6', '0.6.10').map(r => r.tagName)).toEqual([
      'v0.6.7',
      'v0.6.9',
      'v0.6.10'
    ])
  })

  it('is empty for the same version and for a downgrade', () => {
    expect(releaseRange(stable, '0.6.7', '0.6.7')).toEqual([])
    expect(releaseRange(stable, '0.6.10', '0.6.7')).toEqual([])
  })

  it('is the target alone when the current version is unknown', () => {
    expect(releaseRange(stable, undefined, '0.6.7').map(r => r.tagName)).toEqual(['v0.6.7'])
  })
})
