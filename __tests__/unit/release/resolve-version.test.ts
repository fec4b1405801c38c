import { describe, expect, it } from '@jest/globals'
import { InputError, PhaseError } from '../../../src/errors.js'
import type { RawInputs } from '../../../src/settings/inputs.js'
import { INPUT_NAMES } from '../../../src/settings/inputs.js'
import type { Release } from '../../../src/domain/release.js'
import type { ImageRegistryPort } from '../../../src/ports/image-registry.js'
import { resolveTargetVersion } from '../../../src/release/resolve-version.js'
import { parseSettings } from '../../../src/settings/parse-settings.js'
import { publishedRelease } from '../../fixtures/releases.js'

const NOW = Date.parse('2025-06-30T00:00:00Z')
const DIGEST = `sha256:${'c'.repeat(64)}`

function release(
  tagName: string,
  ageDays: number,
  flags: { draft?: boolean; prerelease?: boolean } = {}
): Release {
  return publishedRelease(tagName, { now: NOW, ageDays }, flags)
}

const RELEASES = [
  release('v0.6.7', 3),
  release('v0.6.8', 0, { draft: true }),
  release('v0.7.0-rc.1', 1, { prerelease: true }),
  release('v0.6.6', 10),
  release('v0.6.5', 20),
  release('nightly', 2)
]

/** Tags the registry holds; every release tag except v0.6.7-slim. */
const TAGS = new Set(['v0.6.5', 'v0.6.6', 'v0.6.7', 'v0.6.5-slim', 'v0.6.6-slim', 'v0.6.7-cuda'])

function settings(inputs: Partial<RawInputs>) {
  const raw = Object.fromEntries(INPUT_NAMES.map(name => [name, ''])) as RawInputs
  return parseSettings({ ...raw, mode: 'resolve', ...inputs }, { GITHUB_WORKSPACE: process.cwd() })
}

function ports() {
  const asked: string[] = []
  const registry: ImageRegistryPort = {
    headManifest: async (_image, tag) => {
      asked.push(tag)
      return TAGS.has(tag)
        ? { digest: DIGEST, mediaType: 'application/vnd.oci.image.index.v1+json' }
        : undefined
    }
  }
  return {
    asked,
    releases: { listReleases: async () => RELEASES, listDirectory: async () => undefined },
    registry,
    clock: { now: () => NOW, sleep: async () => undefined }
  }
}

describe('resolveTargetVersion', () => {
  it('takes the newest stable release with its digest', async () => {
    const { pin, source, stable } = await resolveTargetVersion({ settings: settings({}), ports: ports() })
    expect(source).toBe('latest')
    expect(pin).toMatchObject({ version: '0.6.7', tag: 'v0.6.7', digest: DIGEST })
    expect(pin.image).toBe(`ghcr.io/open-webui/open-webui:v0.6.7@${DIGEST}`)
    expect(stable.map(r => r.tagName)).toEqual(['v0.6.5', 'v0.6.6', 'v0.6.7'])
  })

  it('honours min-release-age-days', async () => {
    const { pin } = await resolveTargetVersion({
      settings: settings({ 'min-release-age-days': '5' }),
      ports: ports()
    })
    expect(pin.version).toBe('0.6.6')
  })

  it('pins an explicit version', async () => {
    const { pin, source } = await resolveTargetVersion({
      settings: settings({ version: '0.6.5' }),
      ports: ports()
    })
    expect([pin.tag, source]).toEqual(['v0.6.5', 'version'])
  })

  it('refuses a draft as version, naming the input', async () => {
    const attempt = resolveTargetVersion({ settings: settings({ version: 'v0.6.8' }), ports: ports() })
    await expect(attempt).rejects.toThrow(InputError)
    await expect(attempt).rejects.toThrow(
      /Input 'version': v0\.6\.8 is not a published stable release .*draft/
    )
  })

  it('falls back to the version pinned in the task definition, then latest', async () => {
    const pinned = await resolveTargetVersion({ settings: settings({}), ports: ports() }, '0.6.6')
    expect([pinned.pin.version, pinned.source]).toEqual(['0.6.6', 'task-definition'])
    const latest = await resolveTargetVersion(
      { settings: settings({ version: 'latest' }), ports: ports() },
      '0.6.6'
    )
    expect([latest.pin.version, latest.source]).toEqual(['0.6.7', 'latest'])
  })

  it('checks the variant tag and fails clearly when it is missing', async () => {
    const fake = ports()
    const attempt = resolveTargetVersion({ settings: settings({ variant: 'slim' }), ports: fake })
    await expect(attempt).rejects.toThrow(PhaseError)
    await expect(attempt).rejects.toThrow(/ghcr\.io\/open-webui\/open-webui:v0\.6\.7-slim does not exist/)
    expect(fake.asked).toEqual(['v0.6.7-slim'])
  })

  it('leaves the digest out when pin-digest is false, but still checks the tag', async () => {
    const fake = ports()
    const { pin } = await resolveTargetVersion({
      settings: settings({ 'pin-digest': 'false', variant: 'cuda' }),
      ports: fake
    })
    expect(pin.image).toBe('ghcr.io/open-webui/open-webui:v0.6.7-cuda')
    expect(pin.digest).toBeUndefined()
    expect(fake.asked).toEqual(['v0.6.7-cuda'])
  })
})
