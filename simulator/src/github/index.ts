import type { ReleaseSeed, RepositorySeed } from '../scenario.js'
import type { HttpService, SimRequest, SimResponse, World } from '../world.js'
import { identify, requireWrite, userPayload, type Identity } from './auth.js'
import { GitHubHttpError, json, notFound, parseJsonBody } from './http.js'
import { repositoryPayload, type Urls } from './payloads.js'
import {
  createRepositoryState,
  headSha,
  IdSequence,
  releaseRecord,
  type RepositoryState
} from './repository-state.js'
import { matchRoute, route, type Route } from './router.js'
import { contentRoutes } from './routes/contents.js'
import { issueRoutes } from './routes/issues.js'
import { labelRoutes } from './routes/labels.js'
import { pullRoutes } from './routes/pulls.js'
import { refRoutes } from './routes/refs.js'
import { releaseRoutes } from './routes/releases.js'

export { gitHubRateLimitResponse, gitHubServerErrorResponse } from './rate-limit.js'

/** Where the GitHub API is mounted on the simulator: GITHUB_API_URL is `${url}${GITHUB_API_PATH}`. */
export const GITHUB_API_PATH = '/github'

export interface CommentSnapshot {
  id: number
  issueNumber: number
  body: string
  login: string
  createdAt: string
  updatedAt: string
}

export interface PullRequestSnapshot {
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  head: string
  headSha: string
  headRepository: string
  base: string
  author: string
  labels: string[]
}

export interface CommitSnapshot {
  sha: string
  message: string
  author: string
  parents: string[]
}

/** The GitHub REST API, plus handles for tests to change the world mid-run and assert on what the action did. */
export interface GitHubSimulator extends HttpService {
  /** Publishes a release now (newest first in listings); its tag is created at the default branch's head. */
  addRelease(repository: string, release: ReleaseSeed): void
  /** Adds (or replaces) a repository. */
  addRepository(repository: string, seed: RepositorySeed): void
  setAllowActionsToCreatePullRequests(repository: string, allowed: boolean): void
  setBranchProtection(repository: string, branch: string, isProtected: boolean): void
  /** A comment by someone else, e.g. a foreign comment that quotes the action's marker. */
  addComment(repository: string, issueNumber: number, login: string, body: string): CommentSnapshot
  comments(repository: string, issueNumber?: number): CommentSnapshot[]
  pullRequests(repository: string): PullRequestSnapshot[]
  /** Branch name -> head commit sha. */
  branches(repository: string): Record<string, string>
  /** Every file at a branch, tag or commit (path -> text); undefined when the ref does not exist. */
  files(repository: string, ref: string): Record<string, string> | undefined
  file(repository: string, ref: string, path: string): string | undefined
  /** Commits reachable from the ref along first parents, newest first. */
  commits(repository: string, ref: string): CommitSnapshot[]
  labels(repository: string): { name: string; color: string; description: string | null }[]
}

export function createGitHubService(world: World): GitHubSimulator {
  const ids = new IdSequence()
  const repositories = new Map<string, RepositoryState>()
  const addRepository = (fullName: string, seed: RepositorySeed): void => {
    repositories.set(fullName.toLowerCase(), createRepositoryState(fullName, seed, ids))
  }
  for (const [fullName, seed] of Object.entries(world.scenario.github?.repositories ?? {}))
    addRepository(fullName, seed)

  const urls = (): Urls => ({ api: `${world.url}${GITHUB_API_PATH}`, server: world.url })
  const repository = (fullName: string): RepositoryState => {
    const state = repositories.get(fullName.toLowerCase())
    if (!state) throw new Error(`The simulated GitHub has no repository ${fullName}`)
    return state
  }

  const routes: Route[] = [
    route('GET', '/repos/:owner/:repo', call =>
      json(200, repositoryPayload(call.repository, call.urls, { push: !call.identity.readOnly }))
    ),
    ...releaseRoutes,
    ...contentRoutes,
    ...refRoutes,
    ...pullRoutes,
    ...issueRoutes,
    ...labelRoutes
  ]

  function currentUser(identity: Identity): SimResponse {
    if (identity.kind === 'anonymous') throw new GitHubHttpError(401, 'Requires authentication')
    // Installation tokens (GITHUB_TOKEN, App tokens) are not users.
    if (identity.kind === 'app') throw new GitHubHttpError(403, 'Resource not accessible by integration')
    return json(200, userPayload(identity.login, urls().api, urls().server))
  }

  /**
   * Only `viewer { login }`: how a GITHUB_TOKEN or App token learns its own login (GET /user is closed to them).
   * GraphQL answers 200 with `errors` for queries it cannot run.
   */
  function viewerQuery(identity: Identity, input: Record<string, unknown>): SimResponse {
    if (identity.kind === 'anonymous')
      throw new GitHubHttpError(401, 'This endpoint requires you to be authenticated.')
    const query = typeof input.query === 'string' ? input.query : ''
    if (!/\bviewer\s*\{[^}]*\blogin\b/.test(query)) {
      return json(200, {
        errors: [{ message: 'The simulated GitHub answers only the query `{ viewer { login } }`.' }]
      })
    }
    return json(200, { data: { viewer: { login: identity.login } } })
  }

  function dispatch(request: SimRequest): SimResponse {
    const identity = identify(request, world.scenario.github)
    const method = request.method.toUpperCase() === 'HEAD' ? 'GET' : request.method.toUpperCase()
    const path = request.path.replace(/\/+$/, '')
    if (method === 'GET' && path === '/user') return currentUser(identity)
    if (method === 'POST' && path === '/graphql') return viewerQuery(identity, parseJsonBody(request))
    for (const candidate of routes) {
      if (candidate.method !== method) continue
      const params = matchRoute(candidate.pattern, request.path)
      if (!params) continue
      const state = repositories.get(`${params.owner}/${params.repo}`.toLowerCase())
      if (!state) throw notFound()
      if (method !== 'GET') requireWrite(identity)
      const input = method === 'GET' || method === 'DELETE' ? {} : parseJsonBody(request)
      return candidate.handler({ request, params, identity, repository: state, input, ids, urls: urls() })
    }
    throw notFound()
  }

  return {
    async handle(request) {
      try {
        return dispatch(request)
      } catch (error) {
        if (error instanceof GitHubHttpError) return error.toResponse()
        throw error
      }
    },

    addRelease(fullName, release) {
      const state = repository(fullName)
      state.releases.unshift(releaseRecord(release, 0, ids, state.defaultBranch))
      if (!release.draft && !state.git.tags.has(release.tag)) {
        state.git.tags.set(release.tag, state.git.branches.get(state.defaultBranch) as string)
      }
    },

    addRepository,

    setAllowActionsToCreatePullRequests(fullName, allowed) {
      repository(fullName).allowActionsToCreatePullRequests = allowed
    },

    setBranchProtection(fullName, branch, isProtected) {
      const branches = repository(fullName).protectedBranches
      if (isProtected) branches.add(branch)
      else branches.delete(branch)
    },

    addComment(fullName, issueNumber, login, body) {
      const state = repository(fullName)
      if (!state.pulls.some(pull => pull.number === issueNumber)) state.issues.add(issueNumber)
      const at = new Date().toISOString()
      const comment = { id: ids.take(), issueNumber, body, authorLogin: login, createdAt: at, updatedAt: at }
      state.comments.push(comment)
      return { id: comment.id, issueNumber, body, login, createdAt: at, updatedAt: at }
    },

    comments(fullName, issueNumber) {
      return repository(fullName)
        .comments.filter(comment => issueNumber === undefined || comment.issueNumber === issueNumber)
        .map(comment => ({
          id: comment.id,
          issueNumber: comment.issueNumber,
          body: comment.body,
          login: comment.authorLogin,
          createdAt: comment.createdAt,
          updatedAt: comment.updatedAt
        }))
    },

    pullRequests(fullName) {
      const state = repository(fullName)
      return state.pulls.map(pull => ({
        number: pull.number,
        title: pull.title,
        body: pull.body,
        state: pull.state,
        head: pull.headRef,
        headSha: headSha(state, pull),
        headRepository: pull.headRepository,
        base: pull.baseRef,
        author: pull.authorLogin,
        labels: [...pull.labels]
      }))
    },

    branches(fullName) {
      return Object.fromEntries(repository(fullName).git.branches)
    },

    files(fullName, ref) {
      const commit = repository(fullName).git.resolve(ref)
      return commit ? Object.fromEntries(commit.tree) : undefined
    },

    file(fullName, ref, path) {
      const commit = repository(fullName).git.resolve(ref)
      return commit?.tree.get(path)
    },

    commits(fullName, ref) {
      const git = repository(fullName).git
      const head = git.resolve(ref)
      if (!head) return []
      return git.history(head.sha).map(commit => ({
        sha: commit.sha,
        message: commit.message,
        author: commit.authorLogin,
        parents: [...commit.parents]
      }))
    },

    labels(fullName) {
      return repository(fullName).labels.map(label => ({
        name: label.name,
        color: label.color,
        description: label.description
      }))
    }
  }
}
