import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { isWorkflowFile, readPinSource } from '../../../src/bump/pin-source.js'
import { INPUT_NAMES, type RawInputs } from '../../../src/settings/inputs.js'
import { parseSettings } from '../../../src/settings/parse-settings.js'
import { FakeRepository } from './fake-repository.js'

const repositoryName = { owner: 'acme', repo: 'platform' }

function settingsFor(inputs: Partial<RawInputs>, workspaceFiles: Record<string, string> = {}) {
  const workspace = mkdtempSync(path.join(tmpdir(), 'bump-pin-'))
  for (const [relative, text] of Object.entries(workspaceFiles)) {
    mkdirSync(path.dirname(path.join(workspace, relative)), { recursive: true })
    writeFileSync(path.join(workspace, relative), text)
  }
  const raw = Object.fromEntries(INPUT_NAMES.map(name => [name, ''])) as RawInputs
  return parseSettings(
    { ...raw, mode: 'bump', ...inputs },
    { GITHUB_WORKSPACE: workspace, GITHUB_REPOSITORY: 'acme/platform' }
  )
}

async function read(repository: FakeRepository, settings: ReturnType<typeof settingsFor>) {
  return readPinSource(
    settings,
    repository,
    repositoryName,
    (await repository.getBranchHead(repositoryName, 'main'))!
  )
}

describe('readPinSource', () => {
  it('reads the version file from the default branch, which wins over the workspace copy', async () => {
    const repository = new FakeRepository('main', { 'deploy/version': 'v0.6.5\n' })
    const source = await read(
      repository,
      settingsFor({ 'version-file': 'deploy/version' }, { 'deploy/version': 'v0.6.1\n' })
    )
    expect(source).toMatchObject({
      kind: 'version-file',
      path: 'deploy/version',
      version: '0.6.5',
      readFrom: 'default-branch'
    })
    expect(source.file?.sha).toMatch(/^[0-9a-f]{40}$/)
  })

  it('falls back to the workspace copy when the default branch has no such file', async () => {
    const repository = new FakeRepository('main', {})
    const source = await read(
      repository,
      settingsFor({ 'version-file': 'deploy/version' }, { 'deploy/version': 'v0.6.1\n' })
    )
    expect(source).toMatchObject({ version: '0.6.1', readFrom: 'workspace', file: undefined })
  })

  it('has no version when the file exists nowhere yet (bump creates it)', async () => {
    const source = await read(
      new FakeRepository('main', {}),
      settingsFor({ 'version-file': 'open-webui.version' })
    )
    expect(source).toMatchObject({ kind: 'version-file', version: undefined, readFrom: 'none' })
  })

  it('names the input when the default branch copy holds no version', async () => {
    const repository = new FakeRepository('main', { 'deploy/version': 'main\n' })
    await expect(read(repository, settingsFor({ 'version-file': 'deploy/version' }))).rejects.toThrow(
      /Input 'version-file'/
    )
  })

  it('reads the image of the named container from the task definition on the default branch', async () => {
    const text = (image: string) =>
      JSON.stringify({
        family: 'owui',
        containerDefinitions: [
          { name: 'web', image },
          { name: 'tika', image: 'apache/tika:2' }
        ]
      })
    const repository = new FakeRepository('main', {
      'td.json': text('ghcr.io/open-webui/open-webui:v0.6.5-slim')
    })
    const settings = settingsFor(
      { 'task-definition': 'td.json', 'container-name': 'web' },
      { 'td.json': text('ghcr.io/open-webui/open-webui:v0.6.2') }
    )
    const source = await read(repository, settings)
    expect(source).toMatchObject({ kind: 'task-definition', version: '0.6.5', readFrom: 'default-branch' })
    if (source.kind === 'task-definition') expect(source.pin.variant).toBe('slim')
  })

  it('asks for version-file or task-definition when neither is given', async () => {
    await expect(read(new FakeRepository(), settingsFor({}))).rejects.toThrow(
      /set version-file .* or task-definition/
    )
  })
})

describe('isWorkflowFile', () => {
  it('recognises files GITHUB_TOKEN may not change', () => {
    expect(isWorkflowFile('.github/workflows/deploy.yml')).toBe(true)
    expect(isWorkflowFile('.github/open-webui.version')).toBe(false)
    expect(isWorkflowFile('deploy/.github/workflows/x')).toBe(false)
  })
})
