import type { Commit } from '../git-store.js'
import { GitHubHttpError, json, listResponse, notFound } from '../http.js'
import { commitPayload, refPayload, type Urls } from '../payloads.js'
import type { RepositoryState } from '../repository-state.js'
import { route, type Route } from '../router.js'

/** `heads/x` or `tags/x` (with or without `refs/`) -> the map holding it and the short name. */
function refTarget(
  state: RepositoryState,
  ref: string
): { refs: Map<string, string>; name: string; full: string } {
  const short = ref.replace(/^refs\//, '')
  if (short.startsWith('heads/'))
    return { refs: state.git.branches, name: short.slice(6), full: `refs/${short}` }
  if (short.startsWith('tags/')) return { refs: state.git.tags, name: short.slice(5), full: `refs/${short}` }
  throw notFound()
}

function allRefs(state: RepositoryState): { ref: string; sha: string }[] {
  return [
    ...[...state.git.branches].map(([name, sha]) => ({ ref: `refs/heads/${name}`, sha })),
    ...[...state.git.tags].map(([name, sha]) => ({ ref: `refs/tags/${name}`, sha }))
  ].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0))
}

function requireSha(input: Record<string, unknown>): string {
  if (typeof input.sha !== 'string' || input.sha === '') {
    throw new GitHubHttpError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
  }
  return input.sha
}

function branchPayload(
  state: RepositoryState,
  name: string,
  commit: Commit,
  urls: Urls
): Record<string, unknown> {
  const api = `${urls.api}/repos/${state.fullName}`
  const payload = commitPayload(state, commit, urls)
  return {
    name,
    commit: {
      sha: commit.sha,
      node_id: payload.node_id,
      commit: {
        message: commit.message,
        tree: payload.tree,
        author: payload.author,
        committer: payload.committer
      },
      url: `${api}/commits/${commit.sha}`,
      html_url: payload.html_url,
      parents: payload.parents
    },
    _links: {
      self: `${api}/branches/${encodeURIComponent(name)}`,
      html: `${urls.server}/${state.fullName}/tree/${name}`
    },
    protected: state.protectedBranches.has(name),
    protection_url: `${api}/branches/${encodeURIComponent(name)}/protection`
  }
}

export const refRoutes: Route[] = [
  route('GET', '/repos/:owner/:repo/git/ref/*ref', ({ repository, params, urls }) => {
    const target = refTarget(repository, params.ref)
    const sha = target.refs.get(target.name)
    if (!sha) throw notFound()
    return json(200, refPayload(repository, target.full, sha, urls))
  }),

  // The older list form: an exact match answers one object, a prefix answers every ref under it.
  route('GET', '/repos/:owner/:repo/git/refs/*ref', ({ repository, params, request, urls }) => {
    const prefix = params.ref === '' ? 'refs/' : `refs/${params.ref.replace(/^refs\//, '')}`
    const refs = allRefs(repository)
    const exact = refs.find(ref => ref.ref === prefix)
    if (exact) return json(200, refPayload(repository, exact.ref, exact.sha, urls))
    const under = refs.filter(ref => ref.ref.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`))
    if (under.length === 0) throw notFound()
    return listResponse(under, request, urls.api, ref => refPayload(repository, ref.ref, ref.sha, urls))
  }),

  route('POST', '/repos/:owner/:repo/git/refs', ({ repository, input, urls }) => {
    if (typeof input.ref !== 'string' || input.ref === '') {
      throw new GitHubHttpError(422, 'Invalid request.\n\n"ref" wasn\'t supplied.')
    }
    const sha = requireSha(input)
    if (!/^refs\/[^/]+\/.+/.test(input.ref)) {
      throw new GitHubHttpError(422, "Reference name must start with 'refs/' and have at least two slashes.")
    }
    if (!repository.git.getCommit(sha)) throw new GitHubHttpError(422, 'Object does not exist')
    const target = refTarget(repository, input.ref)
    if (target.refs.has(target.name)) throw new GitHubHttpError(422, 'Reference already exists')
    target.refs.set(target.name, sha)
    return json(201, refPayload(repository, target.full, sha, urls))
  }),

  route('PATCH', '/repos/:owner/:repo/git/refs/*ref', ({ repository, params, input, urls }) => {
    const sha = requireSha(input)
    const target = refTarget(repository, params.ref)
    const current = target.refs.get(target.name)
    if (!current) throw new GitHubHttpError(422, 'Reference does not exist')
    if (target.refs === repository.git.branches && repository.protectedBranches.has(target.name)) {
      throw new GitHubHttpError(422, `Protected branch update failed for ${target.full}.`)
    }
    if (!repository.git.getCommit(sha)) throw new GitHubHttpError(422, 'Object does not exist')
    if (input.force !== true && !repository.git.isAncestor(current, sha)) {
      throw new GitHubHttpError(422, 'Update is not a fast forward')
    }
    target.refs.set(target.name, sha)
    return json(200, refPayload(repository, target.full, sha, urls))
  }),

  route('DELETE', '/repos/:owner/:repo/git/refs/*ref', ({ repository, params }) => {
    const target = refTarget(repository, params.ref)
    if (!target.refs.has(target.name)) throw new GitHubHttpError(422, 'Reference does not exist')
    if (target.refs === repository.git.branches && repository.protectedBranches.has(target.name)) {
      throw new GitHubHttpError(422, `Protected branch update failed for ${target.full}.`)
    }
    target.refs.delete(target.name)
    return { status: 204 }
  }),

  route('GET', '/repos/:owner/:repo/git/commits/:sha', ({ repository, params, urls }) => {
    const commit = repository.git.getCommit(params.sha)
    if (!commit) throw notFound()
    return json(200, commitPayload(repository, commit, urls))
  }),

  route('GET', '/repos/:owner/:repo/branches', ({ repository, request, urls }) => {
    const names = [...repository.git.branches.keys()].sort()
    return listResponse(names, request, urls.api, name => ({
      name,
      commit: {
        sha: repository.git.branches.get(name),
        url: `${urls.api}/repos/${repository.fullName}/commits/${repository.git.branches.get(name)}`
      },
      protected: repository.protectedBranches.has(name)
    }))
  }),

  route('GET', '/repos/:owner/:repo/branches/*branch', ({ repository, params, urls }) => {
    const sha = repository.git.branches.get(params.branch)
    if (!sha) throw notFound('Branch not found')
    return json(200, branchPayload(repository, params.branch, repository.git.getCommit(sha) as Commit, urls))
  })
]
