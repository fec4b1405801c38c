import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { OctokitComments } from '../../../src/github/comments-client.js'
import { createOctokit } from '../../../src/github/octokit.js'

/** A few GitHub REST routes, answered the way GitHub answers them (Link pagination, 403 for apps on /user). */
const comments = Array.from({ length: 250 }, (_, index) => ({
  id: index + 1,
  body: `comment ${index + 1}`,
  user: { login: index % 2 ? 'octocat' : 'github-actions[bot]' },
  html_url: `https://github.com/acme/platform/pull/7#issuecomment-${index + 1}`
}))
const requests: { method: string; url: string; body: string }[] = []
let server: Server
let url = ''

function answer(
  request: IncomingMessage,
  body: string
): { status: number; json: unknown; headers?: Record<string, string> } {
  const token = request.headers.authorization?.split(' ')[1]
  const path = new URL(request.url ?? '/', url)
  if (path.pathname === '/user') {
    if (token === 'app-token' || token === 'other-app-token')
      return { status: 403, json: { message: 'Resource not accessible by integration' } }
    if (token === 'bad-token') return { status: 401, json: { message: 'Bad credentials' } }
    return { status: 200, json: { login: 'deploy-bot' } }
  }
  if (path.pathname === '/graphql' && request.method === 'POST') {
    if (token === 'other-app-token')
      return { status: 200, json: { data: { viewer: { login: 'deploy-app[bot]' } } } }
    return { status: 404, json: { message: 'Not Found' } }
  }
  if (path.pathname === '/repos/acme/platform/issues/7/comments' && request.method === 'GET') {
    const perPage = Number(path.searchParams.get('per_page') ?? 30)
    const page = Number(path.searchParams.get('page') ?? 1)
    const last = Math.ceil(comments.length / perPage)
    const link =
      page < last ? `<${url}${path.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"` : undefined
    return {
      status: 200,
      json: comments.slice((page - 1) * perPage, page * perPage),
      headers: link ? { link } : {}
    }
  }
  if (path.pathname === '/repos/acme/platform/issues/7/comments' && request.method === 'POST') {
    return {
      status: 201,
      json: { id: 999, body: JSON.parse(body).body, user: { login: 'github-actions[bot]' }, html_url: 'h' }
    }
  }
  if (path.pathname === '/repos/acme/platform/issues/comments/3' && request.method === 'PATCH') {
    return {
      status: 200,
      json: { id: 3, body: JSON.parse(body).body, user: { login: 'github-actions[bot]' }, html_url: 'h' }
    }
  }
  return { status: 404, json: { message: 'Not Found' } }
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = ''
    request.on('data', chunk => (body += chunk))
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', body })
      const { status, json, headers } = answer(request, body)
      response.writeHead(status, { 'content-type': 'application/json', ...headers })
      response.end(JSON.stringify(json))
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise(resolve => server.close(resolve))
})

const repository = { owner: 'acme', repo: 'platform' }

describe('OctokitComments', () => {
  it('lists every comment through all pages', async () => {
    const client = new OctokitComments(createOctokit('app-token', url))
    const listed = await client.listComments(repository, 7)
    expect(listed).toHaveLength(250)
    expect(listed[249]).toEqual({
      id: 250,
      body: 'comment 250',
      authorLogin: 'octocat',
      htmlUrl: 'https://github.com/acme/platform/pull/7#issuecomment-250'
    })
  })

  it('names the token user from GET /user', async () => {
    expect(await new OctokitComments(createOctokit('user-token', url)).currentLogin()).toBe('deploy-bot')
  })

  it("names a GitHub App's bot through GraphQL when its installation token may not read /user", async () => {
    expect(await new OctokitComments(createOctokit('other-app-token', url)).currentLogin()).toBe(
      'deploy-app[bot]'
    )
  })

  it('falls back to github-actions[bot] when neither /user nor GraphQL answers', async () => {
    expect(await new OctokitComments(createOctokit('app-token', url)).currentLogin()).toBe(
      'github-actions[bot]'
    )
  })

  it('fails on bad credentials instead of guessing', async () => {
    await expect(new OctokitComments(createOctokit('bad-token', url)).currentLogin()).rejects.toMatchObject({
      status: 401
    })
  })

  it('creates and updates comments with the body given', async () => {
    const client = new OctokitComments(createOctokit('app-token', url))
    expect(await client.createComment(repository, 7, 'new')).toMatchObject({ id: 999, body: 'new' })
    expect(await client.updateComment(repository, 3, 'edited')).toMatchObject({ id: 3, body: 'edited' })
    expect(
      requests
        .filter(request => request.method !== 'GET' && request.url !== '/graphql')
        .map(request => JSON.parse(request.body))
    ).toEqual([{ body: 'new' }, { body: 'edited' }])
  })
})
