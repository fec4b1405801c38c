import type { GitHubContext, RepositoryName } from '../../settings/settings.js'

/** What plan mode needs from a `pull_request` event payload. */
export interface PullRequestEvent {
  number: number
  /** The repository the pull request belongs to (the base). */
  repository: RepositoryName
  /** The commit the plan was made for: the PR head, not the merge commit GITHUB_SHA names. */
  headSha: string
  baseRef: string
  /** The head lives in another repository: the token is read-only and the job has no secrets. */
  fromFork: boolean
}

type Json = Record<string, unknown>

function object(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function repositoryName(fullName: string | undefined): RepositoryName | undefined {
  const parts = fullName?.split('/')
  return parts?.length === 2 && parts[0] && parts[1] ? { owner: parts[0], repo: parts[1] } : undefined
}

/**
 * The pull request of a `pull_request` event, or undefined for any other event. `pull_request_target` is left
 * out on purpose: it runs with a write token and secrets next to code from the pull request's author.
 */
export function pullRequestEvent(github: GitHubContext): PullRequestEvent | undefined {
  if (github.eventName !== 'pull_request') return undefined
  const pull = object(github.payload.pull_request)
  const number = pull?.number ?? github.payload.number
  if (!pull || typeof number !== 'number' || !Number.isInteger(number) || number < 1) return undefined
  const head = object(pull.head)
  const base = object(pull.base)
  const baseFullName = text(object(base?.repo)?.full_name)
  const headFullName = text(object(head?.repo)?.full_name)
  const repository = repositoryName(baseFullName) ?? github.repository
  if (!repository) return undefined
  return {
    number,
    repository,
    headSha: text(head?.sha) ?? github.sha,
    baseRef: text(base?.ref) ?? 'main',
    // A deleted fork has no head repository: it is still not ours.
    fromFork: !headFullName || !baseFullName || headFullName.toLowerCase() !== baseFullName.toLowerCase()
  }
}
