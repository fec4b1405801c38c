import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSimulator, type Simulator } from '../../../simulator/src/index.js'
import { createOctokit } from '../../../src/github/octokit.js'
import { OctokitReleases } from '../../../src/github/releases-client.js'
import { detectMigrations } from '../../../src/migrations/detect-migrations.js'
import { DEFAULT_TOKEN } from '../../e2e/harness.js'
import { standardScenario } from '../../fixtures/open-webui.js'

/** Migration detection through the production GitHub client and the simulator's contents API. */
const OPEN_WEBUI = { owner: 'open-webui', repo: 'open-webui' }
const OLD_LAYOUT = { owner: 'acme', repo: 'open-webui-fork' }
let sim: Simulator
let releases: OctokitReleases

beforeAll(async () => {
  const scenario = standardScenario({ registryHost: 'ghcr.io' })
  scenario.github!.repositories!['acme/open-webui-fork'] = {
    releases: [{ tag: 'v0.3.0' }, { tag: 'v0.3.1' }],
    files: {
      'v0.3.0': { 'backend/open_webui/internal/migrations/001_initial_schema.py': '' },
      'v0.3.1': {
        'backend/open_webui/internal/migrations/001_initial_schema.py': '',
        'backend/open_webui/internal/migrations/002_add_local_sharing.py': '',
        'backend/open_webui/migrations/versions/7e5b5dc7342b_init.py': ''
      }
    }
  }
  sim = await startSimulator(scenario)
  releases = new OctokitReleases(createOctokit(DEFAULT_TOKEN, sim.env.GITHUB_API_URL))
})

afterAll(async () => {
  await sim?.stop()
})

describe('detectMigrations over the GitHub contents API', () => {
  it('finds the revision v0.6.6 adds', async () => {
    const check = await detectMigrations(releases, OPEN_WEBUI, '0.6.5', '0.6.6', 'auto')
    expect(check).toMatchObject({ status: 'true', newRevisions: ['9f0c9cd09105_add_note_table.py'] })
  })

  it('finds none between v0.6.6 and v0.6.7', async () => {
    expect(await detectMigrations(releases, OPEN_WEBUI, '0.6.6', '0.6.7', 'auto')).toMatchObject({
      status: 'false'
    })
  })

  it('is unknown when the running version has no tag in the repository', async () => {
    const check = await detectMigrations(releases, OPEN_WEBUI, '0.5.0', '0.6.7', 'auto')
    expect(check.status).toBe('unknown')
  })

  it('reads both layouts', async () => {
    const check = await detectMigrations(releases, OLD_LAYOUT, '0.3.0', '0.3.1', 'auto')
    expect(check).toMatchObject({
      status: 'true',
      newRevisions: ['002_add_local_sharing.py', '7e5b5dc7342b_init.py']
    })
  })
})
