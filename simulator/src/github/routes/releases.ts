import { json, listResponse, notFound } from '../http.js'
import { releasePayload } from '../payloads.js'
import type { ReleaseRecord, RepositoryState } from '../repository-state.js'
import { route, type Route } from '../router.js'

/** GitHub lists releases newest created first; the action must not take that order as version order. */
export function releasesByCreation(state: RepositoryState): ReleaseRecord[] {
  return [...state.releases].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
}

export const releaseRoutes: Route[] = [
  // Drafts are shown to every token (GitHub shows them to writers) so the action has to skip them itself.
  route('GET', '/repos/:owner/:repo/releases', ({ repository, request, identity, urls }) =>
    listResponse(
      releasesByCreation(repository).filter(release => identity.kind !== 'anonymous' || !release.draft),
      request,
      urls.api,
      release => releasePayload(repository, release, urls)
    )
  ),
  route('GET', '/repos/:owner/:repo/releases/latest', ({ repository, urls }) => {
    const latest = releasesByCreation(repository).find(release => !release.draft && !release.prerelease)
    if (!latest) throw notFound()
    return json(200, releasePayload(repository, latest, urls))
  }),
  // Drafts have no tag yet, so they are not found by tag.
  route('GET', '/repos/:owner/:repo/releases/tags/*tag', ({ repository, params, urls }) => {
    const release = repository.releases.find(candidate => !candidate.draft && candidate.tag === params.tag)
    if (!release) throw notFound()
    return json(200, releasePayload(repository, release, urls))
  }),
  route('GET', '/repos/:owner/:repo/releases/:id', ({ repository, params, urls }) => {
    const release = repository.releases.find(candidate => String(candidate.id) === params.id)
    if (!release) throw notFound()
    return json(200, releasePayload(repository, release, urls))
  })
]
