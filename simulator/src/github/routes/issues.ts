import { checkBodyLength, json, listResponse, notFound, optionalString, validationFailed } from '../http.js'
import { commentPayload, labelPayload, pullPayload } from '../payloads.js'
import { addIssueLabel, findLabel, type CommentRecord, type RepositoryState } from '../repository-state.js'
import { route, type Route } from '../router.js'
import { findPull } from './pulls.js'

/** Pull requests are issues; plain issues exist here only when the scenario seeded comments on them. */
function requireIssue(state: RepositoryState, number: string): number {
  const n = Number(number)
  if (!state.issues.has(n) && !state.pulls.some(pull => pull.number === n)) throw notFound()
  return n
}

function findComment(state: RepositoryState, id: string): CommentRecord {
  const comment = state.comments.find(candidate => String(candidate.id) === id)
  if (!comment) throw notFound()
  return comment
}

function commentBody(input: Record<string, unknown>): string {
  const body = optionalString(input, 'body')
  if (body === undefined || body === '') {
    throw validationFailed([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }])
  }
  checkBodyLength('IssueComment', body)
  return body
}

function labelNames(input: unknown): string[] {
  const list = Array.isArray(input) ? input : (input as Record<string, unknown>).labels
  if (!Array.isArray(list))
    throw validationFailed([{ resource: 'Label', code: 'missing_field', field: 'labels' }])
  return list.map(item => (typeof item === 'string' ? item : String((item as { name?: unknown }).name ?? '')))
}

export const issueRoutes: Route[] = [
  route('GET', '/repos/:owner/:repo/issues/comments', ({ repository, request, urls }) =>
    listResponse(repository.comments, request, urls.api, comment => commentPayload(repository, comment, urls))
  ),

  route('GET', '/repos/:owner/:repo/issues/comments/:id', ({ repository, params, urls }) =>
    json(200, commentPayload(repository, findComment(repository, params.id), urls))
  ),

  route('PATCH', '/repos/:owner/:repo/issues/comments/:id', ({ repository, params, input, urls }) => {
    const comment = findComment(repository, params.id)
    comment.body = commentBody(input)
    comment.updatedAt = new Date().toISOString()
    return json(200, commentPayload(repository, comment, urls))
  }),

  route('DELETE', '/repos/:owner/:repo/issues/comments/:id', ({ repository, params }) => {
    const comment = findComment(repository, params.id)
    repository.comments.splice(repository.comments.indexOf(comment), 1)
    return { status: 204 }
  }),

  route('GET', '/repos/:owner/:repo/issues/:number/comments', ({ repository, params, request, urls }) => {
    const number = requireIssue(repository, params.number)
    const comments = repository.comments.filter(comment => comment.issueNumber === number)
    return listResponse(comments, request, urls.api, comment => commentPayload(repository, comment, urls))
  }),

  route(
    'POST',
    '/repos/:owner/:repo/issues/:number/comments',
    ({ repository, params, input, identity, ids, urls }) => {
      const issueNumber = requireIssue(repository, params.number)
      const at = new Date().toISOString()
      const comment: CommentRecord = {
        id: ids.take(),
        issueNumber,
        body: commentBody(input),
        authorLogin: identity.login,
        createdAt: at,
        updatedAt: at
      }
      repository.comments.push(comment)
      return json(201, commentPayload(repository, comment, urls))
    }
  ),

  route('GET', '/repos/:owner/:repo/issues/:number', ({ repository, params, urls }) => {
    const number = requireIssue(repository, params.number)
    const pull = repository.pulls.find(candidate => candidate.number === number)
    if (!pull) {
      return json(200, {
        number,
        title: `Issue ${number}`,
        state: 'open',
        labels: [],
        html_url: `${urls.server}/${repository.fullName}/issues/${number}`
      })
    }
    const payload = pullPayload(repository, pull, urls)
    return json(200, { ...payload, pull_request: { url: payload.url, html_url: payload.html_url } })
  }),

  // Issues-API edits of a pull request (title, body, state, labels), as Octokit's issues.update does them.
  route('PATCH', '/repos/:owner/:repo/issues/:number', ({ repository, params, input, ids, urls }) => {
    const pull = findPull(repository, params.number)
    const title = optionalString(input, 'title')
    const body = optionalString(input, 'body')
    checkBodyLength('Issue', body)
    if (title === '') throw validationFailed([{ resource: 'Issue', code: 'missing_field', field: 'title' }])
    if (input.state !== undefined && input.state !== 'open' && input.state !== 'closed') {
      throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'state' }])
    }
    if (title !== undefined) pull.title = title
    if (body !== undefined) pull.body = body
    if (input.state !== undefined && input.state !== pull.state) {
      pull.state = input.state as 'open' | 'closed'
      pull.closedAt = pull.state === 'closed' ? new Date().toISOString() : undefined
    }
    if (input.labels !== undefined) {
      pull.labels = []
      for (const name of labelNames(input)) addIssueLabel(repository, pull, name, ids)
    }
    pull.updatedAt = new Date().toISOString()
    const payload = pullPayload(repository, pull, urls)
    return json(200, { ...payload, pull_request: { url: payload.url, html_url: payload.html_url } })
  }),

  route('GET', '/repos/:owner/:repo/issues/:number/labels', ({ repository, params, request, urls }) => {
    const pull = findPull(repository, params.number)
    return listResponse(pull.labels, request, urls.api, name =>
      labelPayload(repository, findLabel(repository, name)!, urls)
    )
  }),

  route('POST', '/repos/:owner/:repo/issues/:number/labels', ({ repository, params, input, ids, urls }) => {
    const pull = findPull(repository, params.number)
    for (const name of labelNames(input)) {
      if (name === '') throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'name' }])
      addIssueLabel(repository, pull, name, ids)
    }
    pull.updatedAt = new Date().toISOString()
    return json(
      200,
      pull.labels.map(name => labelPayload(repository, findLabel(repository, name)!, urls))
    )
  }),

  route('DELETE', '/repos/:owner/:repo/issues/:number/labels/:name', ({ repository, params, urls }) => {
    const pull = findPull(repository, params.number)
    const index = pull.labels.findIndex(name => name.toLowerCase() === params.name.toLowerCase())
    if (index === -1) throw notFound('Label does not exist')
    pull.labels.splice(index, 1)
    return json(
      200,
      pull.labels.map(name => labelPayload(repository, findLabel(repository, name)!, urls))
    )
  })
]
