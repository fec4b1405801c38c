import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { detectMigrations } from '../../../src/migrations/detect-migrations.js'
import type { GitHubReleasesPort } from '../../../src/ports/github-releases.js'

/**
 * Every consecutive pair of Open WebUI releases, with the migration folders each release really had
 * (recorded from upstream's git history by scripts/record-migration-trees.ts). The expected answer comes
 * from the recorded names and a rule of its own: a revision is a Python file named by a peewee number
 * (`001_`) or an Alembic revision id (12 hex digits), wherever it lives.
 */

interface RecordedRelease {
  version: string
  commit: string
  found: string
  folders: Record<string, string[]>
}
const recorded = JSON.parse(
  readFileSync(new URL('../../fixtures/migration-trees.json', import.meta.url), 'utf8')
) as { directories: string[]; releases: RecordedRelease[] }

const REPOSITORY = { owner: 'open-webui', repo: 'open-webui' }
const REVISION = /^(\d{3}|[0-9a-f]{12})_\w+\.py$/

const releases: GitHubReleasesPort = {
  listReleases: async () => [],
  listDirectory: async (_repository, path, ref) =>
    recorded.releases.find(release => `v${release.version}` === ref)?.folders[path]
}

function expected(from: RecordedRelease, to: RecordedRelease): { status: string; newRevisions: string[] } {
  const revisions = (release: RecordedRelease) =>
    Object.values(release.folders)
      .flat()
      .filter(name => REVISION.test(name))
  if (Object.keys(from.folders).length === 0 || Object.keys(to.folders).length === 0)
    return { status: 'unknown', newRevisions: [] }
  const before = new Set(revisions(from))
  const added = [...new Set(revisions(to))].filter(name => !before.has(name)).sort()
  return { status: added.length > 0 ? 'true' : 'false', newRevisions: added }
}

const pairs = recorded.releases.slice(1).map((to, index) => [recorded.releases[index], to] as const)
const layout = (release: RecordedRelease) => Object.keys(release.folders).sort().join(' + ')

describe('migration detection on every recorded pair of consecutive Open WebUI releases', () => {
  it('covers the whole history, every layout and every layout move', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(160)
    const layouts = new Set(recorded.releases.flatMap(release => Object.keys(release.folders)))
    expect([...layouts].sort()).toEqual([...recorded.directories].sort())
    const moves = pairs.filter(([from, to]) => layout(from) !== layout(to) && layout(from) !== '')
    expect(moves.map(([from, to]) => `${from.version}->${to.version}`)).toEqual(
      expect.arrayContaining(['0.1.125->0.2.0', '0.3.16->0.3.17', '0.4.8->0.5.0', '0.9.5->0.9.6'])
    )
  })

  it.each(pairs.map(([from, to]) => [from.version, to.version, from, to] as const))(
    'v%s -> v%s',
    async (fromVersion, toVersion, from, to) => {
      const check = await detectMigrations(releases, REPOSITORY, fromVersion, toVersion, 'auto')
      expect({ status: check.status, newRevisions: check.newRevisions }).toEqual(expected(from, to))
    }
  )

  it('sees 2 new revisions from v0.4.8 to v0.5.0, where the peewee folder moved', async () => {
    const check = await detectMigrations(releases, REPOSITORY, '0.4.8', '0.5.0', 'auto')
    expect(check).toMatchObject({
      status: 'true',
      newRevisions: ['57c599a3cb57_add_channel_table.py', '7826ab40b532_update_file_table.py']
    })
  })

  it('keeps unknown for a release with no migration folder at all', async () => {
    const check = await detectMigrations(releases, REPOSITORY, '0.1.115', '0.1.117', 'auto')
    expect(check.status).toBe('unknown')
    expect(check.reason).toMatch(/v0\.1\.115 has none of the 6 migration folders/)
  })
})
