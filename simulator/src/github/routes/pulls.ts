import {
  checkBodyLength,
  GitHubHttpError,
  json,
  listResponse,
  notFound,
  optionalString,
  validationFailed
} from '../http.js'
import { pullPayload } from '../payloads.js'
import { headSha, type PullRecord, type RepositoryState } from '../repository-state.js'
import { route, type Route } from '../router.js'

export function findPull(state: RepositoryState, number: string): PullRecord {
  const pull = state.pulls.find(candidate => String(candidate.number) === number)
  if (!pull) throw notFound()
  return pull
}

/** `owner:branch` or `owner` as the `head` filter takes it; the owner is the head repository's. */
function matchesHead(pull: PullRecord, head: string): boolean {
  const colon = head.indexOf(':')
  const owner = colon === -1 ? head : head.slice(0, colon)
  if (pull.headRepository.split('/')[0].toLowerCase() !== owner.toLowerCase()) return false
  return colon === -1 || pull.headRef === head.slice(colon + 1)
}

function openDuplicate(state: RepositoryState, headRef: string, baseRef: string, except?: number) {
  return state.pulls.find(
    pull =>
      pull.state === 'open' &&
      pull.number !== except &&
      pull.headRepository === state.fullName &&
      pull.headRef === headRef &&
      pull.baseRef === baseRef
  )
}

function alreadyExists(state: RepositoryState, headRef: string): GitHubHttpError {
  return validationFailed([
    {
      resource: 'PullRequest',
      code: 'custom',
      message: `A pull request already exists for ${state.owner}:${headRef}.`
    }
  ])
}

function checkState(value: unknown): 'open' | 'closed' | undefined {
  if (value === undefined) return undefined
  if (value === 'open' || value === 'closed') return value
  throw validationFailed([{ resource: 'PullRequest', code: 'invalid', field: 'state' }])
}

export const pullRoutes: Route[] = [
  route('GET', '/repos/:owner/:repo/pulls', ({ repository, request, urls }) => {
    const state = request.query.get('state') ?? 'open'
    const head = request.query.get('head')
    const base = request.query.get('base')
    const direction = request.query.get('direction') ?? 'desc'
    const key = request.query.get('sort') === 'updated' ? 'updatedAt' : 'createdAt'
    const pulls = repository.pulls
      .filter(pull => state === 'all' || pull.state === state)
      .filter(pull => !head || matchesHead(pull, head))
      .filter(pull => !base || pull.baseRef === base)
      .sort((a, b) => {
        const order = a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.number - b.number
        return direction === 'asc' ? order : -order
      })
    return listResponse(pulls, request, urls.api, pull => pullPayload(repository, pull, urls))
  }),

  route('GET', '/repos/:owner/:repo/pulls/:number', ({ repository, params, urls }) =>
    json(200, pullPayload(repository, findPull(repository, params.number), urls))
  ),

  route('POST', '/repos/:owner/:repo/pulls', ({ repository, input, identity, ids, urls }) => {
    if (identity.kind === 'app' && !repository.allowActionsToCreatePullRequests) {
      throw new GitHubHttpError(403, 'GitHub Actions is not permitted to create or approve pull requests.')
    }
    const missing = ['title', 'head', 'base'].filter(
      field => typeof input[field] !== 'string' || input[field] === ''
    )
    if (missing.length > 0) {
      throw validationFailed(
        missing.map(field => ({ resource: 'PullRequest', code: 'missing_field', field }))
      )
    }
    const body = optionalString(input, 'body') ?? ''
    checkBodyLength('PullRequest', body)
    const head = input.head as string
    const base = input.base as string
    const colon = head.indexOf(':')
    const headOwner = colon === -1 ? repository.owner : head.slice(0, colon)
    const headRef = colon === -1 ? head : head.slice(colon + 1)
    const headCommit = repository.git.branches.get(headRef)
    if (headOwner.toLowerCase() !== repository.owner.toLowerCase() || !headCommit) {
      throw validationFailed([{ resource: 'PullRequest', code: 'invalid', field: 'head' }])
    }
    const baseCommit = repository.git.branches.get(base)
    if (!baseCommit) throw validationFailed([{ resource: 'PullRequest', code: 'invalid', field: 'base' }])
    if (openDuplicate(repository, headRef, base)) throw alreadyExists(repository, headRef)
    if (repository.git.isAncestor(headCommit, baseCommit)) {
      throw validationFailed([
        { resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${headRef}` }
      ])
    }
    const at = new Date().toISOString()
    const pull: PullRecord = {
      id: ids.take(),
      number: repository.nextIssueNumber++,
      title: input.title as string,
      body,
      state: 'open',
      headRef,
      headRepository: repository.fullName,
      baseRef: base,
      authorLogin: identity.login,
      labels: [],
      createdAt: at,
      updatedAt: at
    }
    repository.pulls.push(pull)
    return json(201, pullPayload(repository, pull, urls))
  }),

  route('PATCH', '/repos/:owner/:repo/pulls/:number', ({ repository, params, input, urls }) => {
    const pull = findPull(repository, params.number)
    const title = optionalString(input, 'title')
    const body = optionalString(input, 'body')
    const base = optionalString(input, 'base')
    const state = checkState(input.state)
    if (title === '')
      throw validationFailed([{ resource: 'PullRequest', code: 'missing_field', field: 'title' }])
    checkBodyLength('PullRequest', body)
    if (base !== undefined && !repository.git.branches.has(base)) {
      throw validationFailed([{ resource: 'PullRequest', code: 'invalid', field: 'base' }])
    }
    if (state === 'open' && pull.state === 'closed') {
      if (openDuplicate(repository, pull.headRef, base ?? pull.baseRef, pull.number)) {
        throw alreadyExists(repository, pull.headRef)
      }
      if (pull.headRepository === repository.fullName && !repository.git.branches.has(pull.headRef)) {
        throw validationFailed([
          {
            resource: 'PullRequest',
            code: 'custom',
            message: 'state cannot be changed. The head branch was deleted.'
          }
        ])
      }
    }
    if (title !== undefined) pull.title = title
    if (body !== undefined) pull.body = body
    if (base !== undefined) pull.baseRef = base
    if (state !== undefined && state !== pull.state) {
      pull.state = state
      pull.closedAt = state === 'closed' ? new Date().toISOString() : undefined
    }
    pull.updatedAt = new Date().toISOString()
    return json(200, pullPayload(repository, pull, urls))
  }),

  route('GET', '/repos/:owner/:repo/pulls/:number/commits', ({ repository, params, request, urls }) => {
    const pull = findPull(repository, params.number)
    const base = repository.git.branches.get(pull.baseRef) ?? ''
    const commits = repository.git
      .history(headSha(repository, pull))
      .filter(commit => !repository.git.isAncestor(commit.sha, base))
      .reverse()
    return listResponse(commits, request, urls.api, commit => ({
      sha: commit.sha,
      commit: { message: commit.message, tree: { sha: commit.treeSha } },
      parents: commit.parents.map(sha => ({ sha }))
    }))
  })
]
