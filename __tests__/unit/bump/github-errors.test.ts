import { describe, expect, it } from '@jest/globals'
import { GitHubStepError, explainGitHubError, githubStep } from '../../../src/bump/github-errors.js'

const where = {
  repository: 'acme/platform',
  branch: 'open-webui-ecs-deploy/bump',
  pinPath: 'open-webui.version'
}

async function explained(
  step: Parameters<typeof githubStep>[0],
  status: number,
  message: string
): Promise<string> {
  const error = await githubStep(step, () =>
    Promise.reject(Object.assign(new Error(message), { status }))
  ).catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(GitHubStepError)
  return explainGitHubError(error as GitHubStepError, where)
}

describe('explainGitHubError', () => {
  it('points at the repository setting when Actions may not create pull requests', async () => {
    const text = await explained(
      'open-pull-request',
      403,
      'GitHub Actions is not permitted to create or approve pull requests.'
    )
    expect(text).toContain('Allow GitHub Actions to create and approve pull requests')
    expect(text).toContain('acme/platform')
    expect(text).toContain('actions/create-github-app-token')
  })

  it('asks for contents: write and pull-requests: write on a refused write', async () => {
    for (const [status, message] of [
      [403, 'Resource not accessible by integration'],
      [404, 'Not Found']
    ] as const) {
      const text = await explained('create-branch', status, message)
      expect(text).toContain('contents: write')
      expect(text).toContain('pull-requests: write')
    }
  })

  it('names the protected branch', async () => {
    const text = await explained(
      'reset-branch',
      422,
      'Protected branch update failed for refs/heads/open-webui-ecs-deploy/bump.'
    )
    expect(text).toMatch(/open-webui-ecs-deploy\/bump is protected/)
  })

  it('says to move a pin out of .github/workflows/', async () => {
    const text = await explained(
      'commit',
      403,
      'refusing to allow a GitHub App to create or update workflow `.github/workflows/deploy.yml` without `workflows` permission'
    )
    expect(text).toContain('cannot change files under .github/workflows/')
  })

  it('drops the documentation link Octokit appends, keeps the status', async () => {
    const text = await explained('open-pull-request', 500, 'Server Error - https://docs.github.com/rest')
    expect(text).toContain('GitHub answered 500 "Server Error"')
  })

  it('passes errors that are not GitHub answers through', async () => {
    await expect(githubStep('commit', () => Promise.reject(new TypeError('bug')))).rejects.toBeInstanceOf(
      TypeError
    )
  })
})
