import { describe, expect, it } from '@jest/globals'
import { detectMigrations } from '../../../src/migrations/detect-migrations.js'
import type { GitHubReleasesPort } from '../../../src/ports/github-releases.js'

const ALEMBIC = 'backend/open_webui/migrations/versions'
const PEEWEE = 'backend/open_webui/internal/migrations'
const REPOSITORY = { owner: 'open-webui', repo: 'open-webui' }

/** Folder listings by tag, as the contents API returns them (files and subfolders by name). */
function releasesWith(
  tree: Record<string, Record<string, string[]>>,
  failingTags: string[] = []
): GitHubReleasesPort & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    listReleases: async () => [],
    listDirectory: async (_repository, path, ref) => {
      calls.push(`${ref}:${path}`)
      if (failingTags.includes(ref)) throw Object.assign(new Error('Server Error'), { status: 502 })
      return tree[ref]?.[path]
    }
  }
}

const tree = {
  'v0.6.5': { [ALEMBIC]: ['__init__.py', '__pycache__', 'a1_init.py', 'b2_tags.py'] },
  'v0.6.6': { [ALEMBIC]: ['__init__.py', 'a1_init.py', 'b2_tags.py', 'c3_notes.py', 'README'] },
  'v0.6.7': { [ALEMBIC]: ['__init__.py', 'a1_init.py', 'b2_tags.py', 'c3_notes.py'] },
  // An old release with only the peewee layout, and the first one with both.
  'v0.3.0': { [PEEWEE]: ['__init__.py', '001_initial_schema.py'] },
  'v0.3.1': { [PEEWEE]: ['__init__.py', '001_initial_schema.py', '002_add_local_sharing.py'] },
  'v0.4.0': { [PEEWEE]: ['001_initial_schema.py', '002_add_local_sharing.py'], [ALEMBIC]: ['a1_init.py'] }
}

describe('detectMigrations', () => {
  it('lists the revision files the target adds', async () => {
    const check = await detectMigrations(releasesWith(tree), REPOSITORY, '0.6.5', '0.6.7', 'auto')
    expect(check).toMatchObject({ status: 'true', newRevisions: ['c3_notes.py'] })
    expect(check.reason).toMatch(/v0\.6\.5 and v0\.6\.7/)
  })

  it('is false when both tags were read and nothing was added', async () => {
    const check = await detectMigrations(releasesWith(tree), REPOSITORY, '0.6.6', '0.6.7', 'auto')
    expect(check).toMatchObject({ status: 'false', newRevisions: [] })
  })

  it('reads the older internal/migrations layout', async () => {
    const check = await detectMigrations(releasesWith(tree), REPOSITORY, '0.3.0', '0.3.1', 'auto')
    expect(check).toMatchObject({ status: 'true', newRevisions: ['002_add_local_sharing.py'] })
  })

  it('counts a layout that appears in the target as all new', async () => {
    const check = await detectMigrations(releasesWith(tree), REPOSITORY, '0.3.1', '0.4.0', 'auto')
    expect(check).toMatchObject({ status: 'true', newRevisions: ['a1_init.py'] })
  })

  it('is unknown when the running version is unknown', async () => {
    const releases = releasesWith(tree)
    const check = await detectMigrations(releases, REPOSITORY, undefined, '0.6.7', 'auto')
    expect(check.status).toBe('unknown')
    expect(check.reason).toMatch(/running version is unknown/)
    expect(releases.calls).toEqual([])
  })

  it('is unknown when a listing fails', async () => {
    const check = await detectMigrations(releasesWith(tree, ['v0.6.7']), REPOSITORY, '0.6.6', '0.6.7', 'auto')
    expect(check.status).toBe('unknown')
    expect(check.reason).toMatch(/v0\.6\.7 failed \(Server Error\)/)
  })

  it('is unknown when a tag has no migration folder', async () => {
    const check = await detectMigrations(releasesWith(tree), REPOSITORY, '0.6.6', '0.6.9', 'auto')
    expect(check.status).toBe('unknown')
    expect(check.reason).toMatch(/v0\.6\.9 has none of the/)
  })

  it('names, for a downgrade, the revisions the running release has and the target does not know', async () => {
    const check = await detectMigrations(releasesWith(tree), REPOSITORY, '0.6.7', '0.6.5', 'auto')
    expect(check).toMatchObject({ status: 'true', newRevisions: ['c3_notes.py'], downgrade: true })
    expect(check.reason).toMatch(/v0\.6\.5 is a downgrade from v0\.6\.7/)
    expect(check.reason).toMatch(/1 revision v0\.6\.5 does not know/)
  })

  it('is false for a downgrade between releases with the same revisions: a rolling update', async () => {
    const check = await detectMigrations(releasesWith(tree), REPOSITORY, '0.6.7', '0.6.6', 'auto')
    expect(check).toMatchObject({ status: 'false', newRevisions: [], downgrade: true })
  })

  it('is unknown for a downgrade whose folders cannot be compared', async () => {
    const check = await detectMigrations(releasesWith(tree, ['v0.6.5']), REPOSITORY, '0.6.7', '0.6.5', 'auto')
    expect(check).toMatchObject({ status: 'unknown', downgrade: true })
    expect(check.reason).toMatch(/downgrade/)
  })

  it('follows migration: always and never without looking', async () => {
    const releases = releasesWith(tree)
    expect(await detectMigrations(releases, REPOSITORY, '0.6.6', '0.6.7', 'always')).toMatchObject({
      status: 'true'
    })
    const never = await detectMigrations(releases, REPOSITORY, '0.6.5', '0.6.7', 'never')
    expect(never.status).toBe('false')
    expect(never.reason).toMatch(/migration: never/)
    expect(releases.calls).toEqual([])
  })
})
