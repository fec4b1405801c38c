/**
 * The repository the workflows run in (acme/platform) and its pull request, as the plan and flow worlds
 * seed them into the simulated GitHub, and the `pull_request` event the runner would hand the action.
 */

export const WORKFLOW_REPOSITORY = 'acme/platform'
export const PR_NUMBER = 7
export const HEAD_SHA = '9c1e5d7a0b3f4e2d8c6b1a0f9e8d7c6b5a4f3e2d'
const BASE_SHA = '1111111111111111111111111111111111111111'

/** A `synchronize` event of pull request #7 into main; a fork's head names another repository. */
export function pullRequestEvent(headRepository = WORKFLOW_REPOSITORY): {
  name: string
  payload: Record<string, unknown>
} {
  return {
    name: 'pull_request',
    payload: {
      action: 'synchronize',
      number: PR_NUMBER,
      pull_request: {
        number: PR_NUMBER,
        head: { ref: 'open-webui-v0.6.6', sha: HEAD_SHA, repo: { full_name: headRepository } },
        base: { ref: 'main', sha: BASE_SHA, repo: { full_name: WORKFLOW_REPOSITORY } }
      },
      repository: { full_name: WORKFLOW_REPOSITORY }
    }
  }
}
