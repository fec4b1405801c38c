import { describe, expect, it } from '@jest/globals'
import { BUMP_BRANCH } from '../../../src/bump/bump-conventions.js'
import { GitHubStepError } from '../../../src/bump/github-errors.js'
import { upsertBump, type BumpChange } from '../../../src/bump/upsert-bump.js'
import type { Clock } from '../../../src/ports/clock.js'
import type { Log } from '../../../src/report/log.js'
import { FakeHttpError, FakeRepository } from './fake-repository.js'

const repositoryName = { owner: 'acme', repo: 'platform' }
const PATH = 'open-webui.version'
const log: Log = { info: () => {}, debug: () => {}, group: (_title, body) => body() }
const clock: Clock = { now: () => 0, sleep: async () => {} }

async function change(repository: FakeRepository, version: string): Promise<BumpChange> {
  const baseSha = (await repository.getBranchHead(repositoryName, 'main'))!
  const baseFile = await repository.getFile(repositoryName, PATH, baseSha)
  return {
    repository: repositoryName,
    defaultBranch: 'main',
    baseSha,
    path: PATH,
    baseFile,
    text: `v${version}\n`,
    title: `Update Open WebUI to v${version}`,
    body: `<!-- open-webui-ecs-deploy:bump -->\nbody for ${version}`
  }
}

describe('upsertBump', () => {
  it('creates the branch from the default branch, commits the file, opens and labels the pull request', async () => {
    const repository = new FakeRepository('main', { [PATH]: 'v0.6.5\n', 'README.md': 'hi' })
    const write = await upsertBump(repository, await change(repository, '0.6.6'), clock, log)
    expect(write.result).toBe('bump-opened')
    expect(repository.fileOn(BUMP_BRANCH, PATH)).toBe('v0.6.6\n')
    expect(repository.fileOn(BUMP_BRANCH, 'README.md')).toBe('hi')
    expect(repository.fileOn('main', PATH)).toBe('v0.6.5\n')
    expect(repository.pulls).toHaveLength(1)
    expect(repository.pulls[0]).toMatchObject({
      title: 'Update Open WebUI to v0.6.6',
      baseRef: 'main',
      labels: ['dependencies']
    })
  })

  it('changes nothing on a second run with nothing new', async () => {
    const repository = new FakeRepository('main', { [PATH]: 'v0.6.5\n' })
    await upsertBump(repository, await change(repository, '0.6.6'), clock, log)
    const before = repository.mutations.length
    const write = await upsertBump(repository, await change(repository, '0.6.6'), clock, log)
    expect(write.result).toBe('unchanged')
    expect(repository.mutations.slice(before)).toEqual([])
  })

  it('moves the open pull request to a newer release with a commit on top, never a reset', async () => {
    const repository = new FakeRepository('main', { [PATH]: 'v0.6.5\n' })
    const first = await upsertBump(repository, await change(repository, '0.6.6'), clock, log)
    const before = repository.mutations.length
    const write = await upsertBump(repository, await change(repository, '0.6.7'), clock, log)
    expect(write.result).toBe('bump-updated')
    expect(write.pullRequest.number).toBe(first.pullRequest.number)
    expect(repository.pulls).toHaveLength(1)
    expect(repository.pulls[0].title).toBe('Update Open WebUI to v0.6.7')
    expect(repository.fileOn(BUMP_BRANCH, PATH)).toBe('v0.6.7\n')
    expect(repository.mutations.slice(before)).toEqual([
      `putFile ${BUMP_BRANCH} ${PATH}`,
      'updatePullRequest 1'
    ])
  })

  it('resets a leftover branch without an open pull request to the default branch head', async () => {
    const repository = new FakeRepository('main', { [PATH]: 'v0.6.5\n' })
    await upsertBump(repository, await change(repository, '0.6.6'), clock, log)
    await repository.closePullRequest(repositoryName, 1, 'closed by a person')
    repository.pushToDefault({ 'README.md': 'new' })
    const write = await upsertBump(repository, await change(repository, '0.6.7'), clock, log)
    expect(write.result).toBe('bump-opened')
    expect(repository.mutations).toContain(`resetBranch ${BUMP_BRANCH}`)
    expect(repository.fileOn(BUMP_BRANCH, 'README.md')).toBe('new')
    expect(repository.commitCount(BUMP_BRANCH)).toBe(repository.commitCount('main') + 1)
  })

  it('updates the pull request another run opened when create answers 422 already exists', async () => {
    const repository = new FakeRepository('main', { [PATH]: 'v0.6.5\n' })
    repository.openPull({
      title: 'Update Open WebUI to v0.6.6',
      body: 'old',
      head: BUMP_BRANCH,
      base: 'main'
    })
    repository.listLag = 1
    const write = await upsertBump(repository, await change(repository, '0.6.7'), clock, log)
    expect(write.result).toBe('bump-updated')
    expect(repository.pulls).toHaveLength(1)
    expect(repository.pulls[0].title).toBe('Update Open WebUI to v0.6.7')
  })

  it('keeps the pull request when labelling fails, and says so', async () => {
    const repository = new FakeRepository('main', { [PATH]: 'v0.6.5\n' })
    repository.failOn.addLabel = new FakeHttpError(403, 'Resource not accessible by integration')
    const write = await upsertBump(repository, await change(repository, '0.6.6'), clock, log)
    expect(write.result).toBe('bump-opened')
    expect(write.labelProblem).toMatch(/label the bump pull request/)
  })

  it('raises a step error naming the step when GitHub refuses', async () => {
    const repository = new FakeRepository('main', { [PATH]: 'v0.6.5\n' })
    repository.failOn.createPullRequest = new FakeHttpError(
      403,
      'GitHub Actions is not permitted to create or approve pull requests.'
    )
    const error = await upsertBump(repository, await change(repository, '0.6.6'), clock, log).catch(
      (caught: unknown) => caught
    )
    expect(error).toBeInstanceOf(GitHubStepError)
    expect(error).toMatchObject({ step: 'open-pull-request', status: 403 })
  })
})
