import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createOctokit } from '../../../src/github/octokit.js'
import { OctokitReleases } from '../../../src/github/releases-client.js'

/** OctokitReleases through createOctokit against a scripted GitHub REST endpoint. */
type Answer = { status: number; headers?: Record<string, string>; body: unknown }

let server: Server
let apiUrl: string
let handler: (url: URL) => Answer
const requests: { path: string; authorization?: string }[] = []
const REPOSITORY = { owner: 'open-webui', repo: 'open-webui' }

function releaseJson(tag: string, extra: Record<string, unknown> = {}) {
  return {
    tag_name: tag,
    name: tag,
    draft: false,
    prerelease: false,
    published_at: '2025-06-01T00:00:00Z',
    body: `notes ${tag}`,
    html_url: `https://github.com/open-webui/open-webui/releases/tag/${tag}`,
    ...extra
  }
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', apiUrl)
    requests.push({ path: url.pathname + url.search, authorization: request.headers.authorization })
    const answer = handler(url)
    response.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers })
    response.end(JSON.stringify(answer.body))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise(resolve => server.close(resolve))
})

beforeEach(() => {
  requests.length = 0
})

describe('OctokitReleases', () => {
  it('follows Link pagination at 100 per page', async () => {
    handler = (url): Answer => {
      const page = Number(url.searchParams.get('page') ?? 1)
      const tags = page === 1 ? Array.from({ length: 100 }, (_, i) => `v0.5.${i}`) : ['v0.6.0', 'v0.6.1']
      const next = `${apiUrl}/repos/open-webui/open-webui/releases?per_page=100&page=2`
      return {
        status: 200,
        headers: page === 1 ? { Link: `<${next}>; rel="next"` } : {},
        body: tags.map(tag => releaseJson(tag))
      }
    }
    const releases = await new OctokitReleases(createOctokit('ghs_token', apiUrl)).listReleases(REPOSITORY)
    expect(releases).toHaveLength(102)
    expect(releases[101]).toEqual({
      tagName: 'v0.6.1',
      name: 'v0.6.1',
      draft: false,
      prerelease: false,
      publishedAt: '2025-06-01T00:00:00Z',
      body: 'notes v0.6.1',
      htmlUrl: 'https://github.com/open-webui/open-webui/releases/tag/v0.6.1'
    })
    expect(requests.map(r => r.path)).toEqual([
      '/repos/open-webui/open-webui/releases?per_page=100',
      '/repos/open-webui/open-webui/releases?per_page=100&page=2'
    ])
    expect(requests[0].authorization).toBe('token ghs_token')
  })

  it('reads public releases without a token and sends no Authorization header', async () => {
    handler = () => ({ status: 200, body: [releaseJson('v0.6.7', { published_at: null, draft: true })] })
    const releases = await new OctokitReleases(createOctokit('', apiUrl)).listReleases(REPOSITORY)
    expect(releases[0]).toMatchObject({ tagName: 'v0.6.7', draft: true })
    expect(releases[0].publishedAt).toBeUndefined()
    expect(requests[0].authorization).toBeUndefined()
  })

  it('lists a folder at a tag, and answers undefined where it does not exist', async () => {
    handler = url =>
      url.searchParams.get('ref') === 'v0.6.6'
        ? {
            status: 200,
            body: [
              { name: '__init__.py', type: 'file' },
              { name: 'a1_init.py', type: 'file' }
            ]
          }
        : { status: 404, body: { message: 'Not Found' } }
    const releases = new OctokitReleases(createOctokit('ghs_token', apiUrl))
    const path = 'backend/open_webui/migrations/versions'
    expect(await releases.listDirectory(REPOSITORY, path, 'v0.6.6')).toEqual(['__init__.py', 'a1_init.py'])
    expect(await releases.listDirectory(REPOSITORY, path, 'v0.1.0')).toBeUndefined()
    // Octokit encodes the path parameter whole; GitHub decodes %2F.
    expect(decodeURIComponent(requests[0].path)).toBe(
      `/repos/open-webui/open-webui/contents/${path}?ref=v0.6.6`
    )
  })

  it('waits out a secondary rate limit and a server error, then answers', async () => {
    let calls = 0
    handler = () => {
      calls++
      if (calls === 1) {
        return {
          status: 403,
          headers: { 'retry-after': '1' },
          body: { message: 'You have exceeded a secondary rate limit.' }
        }
      }
      if (calls === 2) return { status: 502, body: { message: 'Server Error' } }
      return { status: 200, body: [releaseJson('v0.6.7')] }
    }
    const warnings: string[] = []
    const octokit = createOctokit('ghs_token', apiUrl, { log: { warn: message => warnings.push(message) } })
    const releases = await new OctokitReleases(octokit).listReleases(REPOSITORY)
    expect(releases.map(r => r.tagName)).toEqual(['v0.6.7'])
    expect(requests).toHaveLength(3)
    expect(warnings).toEqual([
      `GitHub rate limit on GET ${apiUrl}/repos/open-webui/open-webui/releases?per_page=100: retrying in 1 s`
    ])
  })

  it('does not retry a 404', async () => {
    handler = () => ({ status: 404, body: { message: 'Not Found' } })
    await expect(
      new OctokitReleases(createOctokit('ghs_token', apiUrl)).listReleases(REPOSITORY)
    ).rejects.toMatchObject({ status: 404 })
    expect(requests).toHaveLength(1)
  })
})
