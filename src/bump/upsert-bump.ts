import type { Clock } from '../ports/clock.js'
import type { GitHubRepositoryPort, PullRequest, RepositoryFile } from '../ports/github-repository.js'
import type { Log } from '../report/log.js'
import type { RepositoryName } from '../settings/settings.js'
import { BUMP_BRANCH, BUMP_LABEL } from './bump-conventions.js'
import { GitHubStepError, githubStep } from './github-errors.js'

export interface BumpChange {
  repository: RepositoryName
  defaultBranch: string
  /** Default branch head the pin was read from; the bump branch starts here. */
  baseSha: string
  path: string
  /** The file on the default branch (its blob sha is needed to update it); undefined when bump creates it. */
  baseFile?: RepositoryFile
  text: string
  title: string
  body: string
}

export interface BumpWrite {
  pullRequest: PullRequest
  /** bump-opened: a new pull request; bump-updated: branch or pull request changed; unchanged: nothing to do. */
  result: 'bump-opened' | 'bump-updated' | 'unchanged'
  committed: boolean
  /** A label failure does not undo the pull request: it is reported as a warning. */
  labelProblem?: string
}

/** GitHub may not list a pull request it just reported as existing; these waits cover that lag. */
const LIST_LAG_WAITS_MS = [1000, 2000, 4000]

/** Line-ending differences are GitHub's normalisation, not a change worth an edit. */
function sameText(a: string, b: string): boolean {
  return a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n')
}

/**
 * Puts the new pin on the bump branch and the pull request in the wanted state, writing only what differs.
 * Without an open pull request the branch is created, or reset to the default branch head, and the file
 * committed on it. With one, the branch is never reset: GitHub closes a pull request (for good) whose head is
 * force-moved to a commit with nothing to merge, which a reset followed by a contents-API commit passes
 * through; the new pin is committed on top of the branch instead, and only when its file differs. The pull
 * request is edited only when its title or body differ, so a re-run with nothing new makes no mutating call.
 */
export async function upsertBump(
  repository: GitHubRepositoryPort,
  change: BumpChange,
  clock: Clock,
  log: Log
): Promise<BumpWrite> {
  let pull = await githubStep('find-pull-request', () =>
    repository.findOpenPullRequest(change.repository, BUMP_BRANCH)
  )
  const committed = pull
    ? await updateOpenBranch(repository, change, log)
    : await startBranch(repository, change, log)
  let result: BumpWrite['result'] = committed ? 'bump-updated' : 'unchanged'
  if (!pull) {
    const opened = await openPullRequest(repository, change, clock, log)
    pull = opened.pull
    result = opened.created ? 'bump-opened' : result
  }
  if (
    result !== 'bump-opened' &&
    (!sameText(pull.title, change.title) || !sameText(pull.body, change.body))
  ) {
    log.info(`Updating the title and body of pull request #${pull.number}`)
    const number = pull.number
    pull = await githubStep('update-pull-request', () =>
      repository.updatePullRequest(change.repository, number, { title: change.title, body: change.body })
    )
    result = 'bump-updated'
  }
  let labelProblem: string | undefined
  if (!pull.labels.some(label => label.toLowerCase() === BUMP_LABEL.name)) {
    const number = pull.number
    try {
      await githubStep('label', () => repository.addLabel(change.repository, number, BUMP_LABEL))
    } catch (error) {
      if (!(error instanceof GitHubStepError)) throw error
      labelProblem = error.message
    }
  }
  return { pullRequest: pull, result, committed, labelProblem }
}

/** No open pull request: the branch starts afresh from the default branch head. Always commits. */
async function startBranch(repository: GitHubRepositoryPort, change: BumpChange, log: Log): Promise<boolean> {
  const head = await githubStep('read-file', () => repository.getBranchHead(change.repository, BUMP_BRANCH))
  const base = `${change.defaultBranch} (${change.baseSha.slice(0, 7)})`
  if (head) {
    log.info(`Resetting ${BUMP_BRANCH} to ${base}`)
    await githubStep('reset-branch', () =>
      repository.resetBranch(change.repository, BUMP_BRANCH, change.baseSha)
    )
  } else {
    log.info(`Creating ${BUMP_BRANCH} from ${base}`)
    await githubStep('create-branch', () =>
      repository.createBranch(change.repository, BUMP_BRANCH, change.baseSha)
    )
  }
  await commitPin(repository, change, change.baseFile?.sha, log)
  return true
}

/** An open pull request: commit on top of its branch, only when the file there is not the wanted text. */
async function updateOpenBranch(
  repository: GitHubRepositoryPort,
  change: BumpChange,
  log: Log
): Promise<boolean> {
  const head = await githubStep('read-file', () => repository.getBranchHead(change.repository, BUMP_BRANCH))
  if (!head) return startBranch(repository, change, log)
  const onBranch = await githubStep('read-file', () =>
    repository.getFile(change.repository, change.path, head)
  )
  if (onBranch?.text === change.text) {
    log.info(`${BUMP_BRANCH} already holds the new pin in ${change.path}: no commit`)
    return false
  }
  await commitPin(repository, change, onBranch?.sha, log)
  return true
}

async function commitPin(
  repository: GitHubRepositoryPort,
  change: BumpChange,
  fileSha: string | undefined,
  log: Log
): Promise<void> {
  const sha = await githubStep('commit', () =>
    repository.putFile(change.repository, {
      path: change.path,
      branch: BUMP_BRANCH,
      text: change.text,
      ...(fileSha ? { sha: fileSha } : {}),
      message: change.title
    })
  )
  log.info(`Committed ${change.path} to ${BUMP_BRANCH} (${sha.slice(0, 7)})`)
}

async function openPullRequest(
  repository: GitHubRepositoryPort,
  change: BumpChange,
  clock: Clock,
  log: Log
): Promise<{ pull: PullRequest; created: boolean }> {
  try {
    const pull = await githubStep('open-pull-request', () =>
      repository.createPullRequest(change.repository, {
        title: change.title,
        body: change.body,
        head: BUMP_BRANCH,
        base: change.defaultBranch
      })
    )
    log.info(`Opened pull request #${pull.number}: ${pull.htmlUrl}`)
    return { pull, created: true }
  } catch (error) {
    // 422 "A pull request already exists for owner:branch": another run opened it, or the list lagged.
    if (
      !(error instanceof GitHubStepError) ||
      error.status !== 422 ||
      !/already exists/i.test(error.githubMessage)
    ) {
      throw error
    }
  }
  for (const wait of [0, ...LIST_LAG_WAITS_MS]) {
    if (wait > 0) await clock.sleep(wait)
    const existing = await githubStep('find-pull-request', () =>
      repository.findOpenPullRequest(change.repository, BUMP_BRANCH)
    )
    if (existing) {
      log.info(`Pull request #${existing.number} already exists for ${BUMP_BRANCH}: updating it`)
      return { pull: existing, created: false }
    }
  }
  throw new GitHubStepError(
    'open-pull-request',
    422,
    `A pull request already exists for ${BUMP_BRANCH}, but it is not listed as open`
  )
}
