import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { currentStateFromBase, readBaseBranch } from '../../../src/plan/base-branch-state.js'
import type { GitHubRepositoryPort } from '../../../src/ports/github-repository.js'
import type { RawInputs } from '../../../src/settings/inputs.js'
import { parseSettings } from '../../../src/settings/parse-settings.js'
import { rawInputs } from '../settings/raw-inputs.js'

const REPOSITORY = { owner: 'acme', repo: 'platform' }
const TASK_DEFINITION = 'deploy/task-definition.json'
const VERSION_FILE = 'deploy/version'

type Json = Record<string, unknown>

function taskDefinition(image: string, environment: { name: string; value: string }[] = []): Json {
  return {
    family: 'open-webui',
    requiresCompatibilities: ['FARGATE'],
    cpu: '512',
    memory: '1024',
    containerDefinitions: [{ name: 'open-webui', image, environment }]
  }
}

/** The pull request's workspace: the head's files, parsed into settings as the action does. */
function settingsFor(head: Json, inputs: Partial<RawInputs> = {}, versionText?: string) {
  const workspace = mkdtempSync(path.join(tmpdir(), 'base-branch-'))
  mkdirSync(path.join(workspace, 'deploy'))
  writeFileSync(path.join(workspace, TASK_DEFINITION), JSON.stringify(head))
  if (versionText !== undefined) writeFileSync(path.join(workspace, VERSION_FILE), versionText)
  return parseSettings(
    rawInputs({
      mode: 'plan',
      'task-definition': TASK_DEFINITION,
      ...(versionText !== undefined ? { 'version-file': VERSION_FILE } : {}),
      ...inputs
    }),
    { GITHUB_WORKSPACE: workspace }
  )
}

/** The base branch's files at one ref; a path or ref it does not hold is missing, as on GitHub. */
function baseBranch(ref: string, files: Record<string, string>) {
  const asked: string[] = []
  const port: Pick<GitHubRepositoryPort, 'getFile'> = {
    getFile: async (repository, filePath, atRef) => {
      asked.push(`${repository.owner}/${repository.repo}:${filePath}@${atRef}`)
      const text = atRef === ref ? files[filePath] : undefined
      return text === undefined ? undefined : { text, sha: `sha-of-${filePath}` }
    }
  }
  return { port, asked }
}

describe('readBaseBranch (the offline current-state source)', () => {
  it('reads describe-task-definition output and the version file from the base ref', async () => {
    const settings = settingsFor(taskDefinition('ghcr.io/open-webui/open-webui:v0.6.7'), {}, 'v0.6.7\n')
    const wrapped = { taskDefinition: taskDefinition('ghcr.io/open-webui/open-webui:v0.6.5'), tags: [] }
    const { port, asked } = baseBranch('main', {
      [TASK_DEFINITION]: JSON.stringify(wrapped),
      [VERSION_FILE]: 'v0.6.4\n'
    })
    const base = await readBaseBranch(port, settings, REPOSITORY, 'main')
    expect(asked).toEqual([`acme/platform:${TASK_DEFINITION}@main`, `acme/platform:${VERSION_FILE}@main`])
    expect(base.json).toEqual(wrapped.taskDefinition)
    expect(base.version).toBe('0.6.4')
    expect(base.source).toBe('`deploy/task-definition.json` on the base branch `main`')
  })

  it("takes the version from the base's image tag when there is no version file", async () => {
    const settings = settingsFor(taskDefinition('ghcr.io/open-webui/open-webui:v0.6.7'))
    const { port } = baseBranch('main', {
      [TASK_DEFINITION]: JSON.stringify(
        taskDefinition('ghcr.io/open-webui/open-webui:v0.6.5@sha256:' + 'a'.repeat(64))
      )
    })
    const base = await readBaseBranch(port, settings, REPOSITORY, 'main')
    expect(base.version).toBe('0.6.5')
  })

  it('says so when the file is missing on the base branch or cannot be parsed', async () => {
    const settings = settingsFor(taskDefinition('ghcr.io/open-webui/open-webui:v0.6.7'))
    const missing = await readBaseBranch(baseBranch('main', {}).port, settings, REPOSITORY, 'main')
    expect(missing).toEqual({
      source: 'nothing (`deploy/task-definition.json` on the base branch `main` does not exist)'
    })
    const broken = await readBaseBranch(
      baseBranch('main', { [TASK_DEFINITION]: '{"family": ' }).port,
      settings,
      REPOSITORY,
      'main'
    )
    expect(broken.json).toBeUndefined()
    expect(broken.version).toBeUndefined()
    expect(broken.source).toMatch(
      /^nothing \(`deploy\/task-definition\.json` on the base branch `main` could not be read: .*JSON.*\)$/
    )
  })
})

describe('currentStateFromBase', () => {
  it("renders the base with today's inputs and the base's version, so the diff shows only the pull request", async () => {
    const settings = settingsFor(taskDefinition('ghcr.io/open-webui/open-webui:v0.6.7'), {
      environment: 'WEBSOCKET_MANAGER=redis',
      'desired-count': '3'
    })
    const current = currentStateFromBase(
      { json: taskDefinition('ghcr.io/open-webui/open-webui:v0.6.5'), version: '0.6.5', source: 'base' },
      settings
    )
    expect(current).toMatchObject({
      version: '0.6.5',
      image: 'ghcr.io/open-webui/open-webui:v0.6.5',
      desiredCount: 3,
      runningCount: 0
    })
    const container = (current.taskDefinition?.containerDefinitions ?? [])[0]
    expect(container?.image).toBe('ghcr.io/open-webui/open-webui:v0.6.5')
    expect(container?.environment).toEqual(
      expect.arrayContaining([
        { name: 'WEBSOCKET_MANAGER', value: 'redis' },
        { name: 'ENABLE_DB_MIGRATIONS', value: 'false' }
      ])
    )
  })

  it('keeps the variant in the tag, and counts one task when desired-count is not given', async () => {
    const settings = settingsFor(taskDefinition('ghcr.io/open-webui/open-webui:v0.6.7-cuda'), {
      variant: 'cuda'
    })
    const current = currentStateFromBase(
      { json: taskDefinition('ghcr.io/open-webui/open-webui:v0.6.5-cuda'), version: '0.6.5', source: 'base' },
      settings
    )
    expect(current.image).toBe('ghcr.io/open-webui/open-webui:v0.6.5-cuda')
    expect(current.desiredCount).toBe(1)
  })

  it('compares with the base as written when it has no Open WebUI container (renamed in the pull request)', async () => {
    const settings = settingsFor(taskDefinition('ghcr.io/open-webui/open-webui:v0.6.7'))
    const renamed = {
      family: 'open-webui',
      containerDefinitions: [{ name: 'webui', image: 'ghcr.io/open-webui/open-webui:v0.6.5' }]
    }
    const current = currentStateFromBase({ json: renamed, version: '0.6.5', source: 'base' }, settings)
    expect(current.taskDefinition).toEqual(renamed)
  })

  it('has no task definition and no tasks when the base branch has no file', async () => {
    const settings = settingsFor(taskDefinition('ghcr.io/open-webui/open-webui:v0.6.7'))
    expect(currentStateFromBase({ version: '0.6.4', source: 'nothing' }, settings)).toEqual({
      version: '0.6.4',
      desiredCount: 0,
      runningCount: 0,
      deploymentsInProgress: []
    })
  })
})
