import type { BumpSettings } from '../../../src/settings/settings.js'
import { settingsOf } from '../../support/mode-settings.js'
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runBumpMode } from '../../../src/modes/bump.js'
import type { ModeContext } from '../../../src/modes/mode-context.js'
import type { Release } from '../../../src/domain/release.js'
import type { GitHubReleasesPort } from '../../../src/ports/github-releases.js'
import type { ImageRegistryPort } from '../../../src/ports/image-registry.js'
import type { Ports } from '../../../src/ports/ports.js'
import { INPUT_NAMES, type RawInputs } from '../../../src/settings/inputs.js'
import { parseSettings } from '../../../src/settings/parse-settings.js'
import { FakeRepository } from './fake-repository.js'
import { publishedRelease } from '../../fixtures/releases.js'

const NOW = Date.parse('2025-06-20T00:00:00Z')
const BRANCH = 'open-webui-ecs-deploy/bump'

function release(tag: string, daysAgo: number): Release {
  return publishedRelease(tag, { now: NOW, ageDays: daysAgo }, { body: `Notes of ${tag}`, htmlUrl: '' })
}

const releases: GitHubReleasesPort = {
  listReleases: async () => [release('v0.6.7', 1), release('v0.6.6', 10), release('v0.6.5', 20)],
  listDirectory: async () => ['1_init.py']
}
const registry: ImageRegistryPort = {
  headManifest: async (_image, tag) => ({
    digest: `sha256:${Buffer.from(tag).toString('hex').padEnd(64, '0')}`,
    mediaType: 'x'
  })
}

function context(repository: FakeRepository, inputs: Partial<RawInputs>): ModeContext<BumpSettings> {
  const raw = Object.fromEntries(INPUT_NAMES.map(name => [name, ''])) as RawInputs
  const settings = settingsOf(
    'bump',
    parseSettings(
      { ...raw, mode: 'bump', 'pin-digest': 'true', ...inputs },
      { GITHUB_WORKSPACE: mkdtempSync(path.join(tmpdir(), 'bump-mode-')), GITHUB_REPOSITORY: 'acme/platform' }
    )
  )
  const ports = {
    repository,
    releases,
    registry,
    clock: { now: () => NOW, sleep: async () => {} }
  } as unknown as Ports
  return {
    settings,
    ports,
    log: { info: () => {}, debug: () => {}, group: (_t, body) => body() },
    signal: new AbortController().signal
  }
}

describe('runBumpMode', () => {
  it('creates the version file on the bump branch when it exists nowhere yet', async () => {
    const repository = new FakeRepository('main', {})
    const outcome = await runBumpMode(context(repository, { 'version-file': 'open-webui.version' }))
    expect(outcome.result).toBe('bump-opened')
    expect(outcome.outputs).toMatchObject({ version: 'v0.6.7', migrations: 'unknown' })
    expect(outcome.outputs['previous-version']).toBeUndefined()
    expect(repository.fileOn(BRANCH, 'open-webui.version')).toBe('v0.6.7\n')
  })

  it('is up to date when the pin is ahead of the newest release old enough', async () => {
    const repository = new FakeRepository('main', { 'open-webui.version': 'v0.6.7\n' })
    const outcome = await runBumpMode(
      context(repository, { 'version-file': 'open-webui.version', 'min-release-age-days': '5' })
    )
    expect(outcome.result).toBe('up-to-date')
    expect(outcome.summary).toContain('ahead of it')
    expect(repository.mutations).toEqual([])
  })

  it('warns that version is ignored, and leaves a pull request bump did not open', async () => {
    const repository = new FakeRepository('main', { 'open-webui.version': 'v0.6.7\n' })
    repository.openPull({ title: 'my own work', body: 'no marker', head: BRANCH, base: 'main' })
    const outcome = await runBumpMode(
      context(repository, { 'version-file': 'open-webui.version', version: 'v0.6.5' })
    )
    expect(outcome.result).toBe('up-to-date')
    expect(repository.pulls[0].state).toBe('open')
    expect(outcome.annotations.map(annotation => annotation.title)).toEqual([
      'version is ignored in bump mode',
      'Pull request on the bump branch left open'
    ])
  })

  it('fails with the explanation and a summary when GitHub refuses, naming no stack', async () => {
    const repository = new FakeRepository('main', { 'open-webui.version': 'v0.6.5\n' })
    repository.failOn.createBranch = Object.assign(new Error('Resource not accessible by integration'), {
      status: 403
    })
    const outcome = await runBumpMode(context(repository, { 'version-file': 'open-webui.version' }))
    expect(outcome.result).toBe('failed')
    expect(outcome.failure).toMatch(/create the bump branch in acme\/platform: GitHub answered 403/)
    expect(outcome.failure).toContain('pull-requests: write')
    expect(outcome.summary).toContain('Failed')
  })
})
