import type { GitHubRepositoryPort, PullRequest } from '../ports/github-repository.js'
import type { Log } from '../report/log.js'
import { inlineCode } from '../report/untrusted-text.js'
import type { RepositoryName } from '../settings/settings.js'
import { BUMP_BRANCH, BUMP_MARKER } from './bump-conventions.js'
import { githubStep } from './github-errors.js'
import { versionTag } from '../release/version-tag.js'

export interface StaleClose {
  closed?: PullRequest
  /** An open pull request on the bump branch that bump did not write (no marker): left alone. */
  foreign?: PullRequest
}

/**
 * The pin is current, so an open bump pull request proposes nothing the default branch needs (it was merged
 * by hand, or the pin was changed another way): close it with a comment saying why. Only a pull request
 * carrying the bump marker is closed; someone's own pull request on the branch is left alone.
 */
export async function closeStaleBump(
  repository: GitHubRepositoryPort,
  repositoryName: RepositoryName,
  reason: { version: string; pinPath: string; defaultBranch: string },
  log: Log
): Promise<StaleClose> {
  const pull = await githubStep('find-pull-request', () =>
    repository.findOpenPullRequest(repositoryName, BUMP_BRANCH)
  )
  if (!pull) return {}
  if (!pull.body.includes(BUMP_MARKER)) {
    log.info(`Pull request #${pull.number} on ${BUMP_BRANCH} was not opened by bump: leaving it open`)
    return { foreign: pull }
  }
  const comment = [
    BUMP_MARKER,
    `${inlineCode(reason.pinPath)} on ${inlineCode(reason.defaultBranch)} already pins ${versionTag(reason.version)}, the newest stable release`,
    'bump may propose, so this pull request is no longer needed. Closed by open-webui-ecs-deploy (mode: bump);',
    'the next newer release opens a new one.'
  ].join('\n')
  log.info(`Closing stale pull request #${pull.number}: the pin is already ${versionTag(reason.version)}`)
  await githubStep('close-pull-request', () =>
    repository.closePullRequest(repositoryName, pull.number, comment)
  )
  return { closed: pull }
}
