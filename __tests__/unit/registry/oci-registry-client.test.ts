import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { OciRegistry, registryBaseUrl } from '../../../src/registry/oci-registry-client.js'
import { parseChallenge } from '../../../src/registry/registry-challenge.js'

const INDEX = 'application/vnd.oci.image.index.v1+json'
const MANIFEST_BODY = JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: [] })
const BODY_DIGEST = `sha256:${createHash('sha256').update(MANIFEST_BODY).digest('hex')}`
const TAG_DIGEST = `sha256:${'7'.repeat(64)}`

interface Behaviour {
  tags: Set<string>
  /** Answer the manifest HEAD without Docker-Content-Digest. */
  omitDigestOnHead?: boolean
  /** Failures to answer before serving normally, per path prefix. */
  failures?: { path: string; status: number; times: number }[]
  tokenField?: 'token' | 'access_token'
  tokenStatus?: number
}

/** A registry with ghcr.io's behaviour: anonymous pulls need a bearer token from /token. */
function registryServer(behaviour: Behaviour) {
  const requests: { method: string; path: string; authorization?: string; accept?: string }[] = []
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://registry')
    requests.push({
      method: request.method ?? '',
      path: url.pathname + url.search,
      authorization: request.headers.authorization,
      accept: request.headers.accept
    })
    const failure = behaviour.failures?.find(rule => url.pathname.startsWith(rule.path) && rule.times > 0)
    if (failure) {
      failure.times--
      response.writeHead(failure.status, failure.status === 429 ? { 'Retry-After': '0' } : {}).end()
      return
    }
    const { port } = server.address() as AddressInfo
    if (url.pathname === '/token') {
      if (behaviour.tokenStatus) return void response.writeHead(behaviour.tokenStatus).end()
      const scope = url.searchParams.get('scope')
      const service = url.searchParams.get('service')
      if (scope !== 'repository:open-webui/open-webui:pull' || service !== 'registry.test') {
        return void response.writeHead(400).end()
      }
      response.writeHead(200, { 'Content-Type': 'application/json' })
      return void response.end(JSON.stringify({ [behaviour.tokenField ?? 'token']: 'pull-token-1' }))
    }
    const match = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname)
    if (!match) return void response.writeHead(404).end()
    if (request.headers.authorization !== 'Bearer pull-token-1') {
      response.writeHead(401, {
        'WWW-Authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="registry.test",scope="repository:${match[1]}:pull"`
      })
      return void response.end()
    }
    if (match[1] !== 'open-webui/open-webui' || !behaviour.tags.has(decodeURIComponent(match[2]))) {
      return void response.writeHead(404).end()
    }
    const headers: Record<string, string> = { 'Content-Type': INDEX }
    if (request.method === 'GET') {
      response.writeHead(200, headers)
      return void response.end(MANIFEST_BODY)
    }
    if (!behaviour.omitDigestOnHead) headers['Docker-Content-Digest'] = TAG_DIGEST
    response.writeHead(200, headers).end()
  })
  return { server, requests }
}

describe('OciRegistry', () => {
  let server: Server
  let requests: ReturnType<typeof registryServer>['requests']
  let host: string
  const sleeps: number[] = []

  async function start(behaviour: Behaviour) {
    ;({ server, requests } = registryServer(behaviour))
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  function client() {
    return new OciRegistry({ sleep: async ms => void sleeps.push(ms), random: () => 0.5 })
  }

  const image = () => ({ registry: host, repository: 'open-webui/open-webui' })

  beforeEach(() => {
    sleeps.length = 0
  })
  afterEach(async () => {
    await new Promise(resolve => server.close(resolve))
  })

  it('follows the bearer challenge and reads the digest of an existing tag', async () => {
    await start({ tags: new Set(['v0.6.5']) })
    const manifest = await client().headManifest(image(), 'v0.6.5')
    expect(manifest).toEqual({ digest: TAG_DIGEST, mediaType: INDEX })
    expect(requests.map(r => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      'HEAD /v2/open-webui/open-webui/manifests/v0.6.5',
      'GET /token',
      'HEAD /v2/open-webui/open-webui/manifests/v0.6.5'
    ])
    expect(requests[0].accept).toContain('application/vnd.oci.image.index.v1+json')
    expect(requests[0].accept).toContain('application/vnd.docker.distribution.manifest.list.v2+json')
    expect(requests[2].authorization).toBe('Bearer pull-token-1')
  })

  it('reuses the pull token for the next tag of the same repository', async () => {
    await start({ tags: new Set(['v0.6.5', 'v0.6.6']) })
    const registry = client()
    await registry.headManifest(image(), 'v0.6.5')
    await registry.headManifest(image(), 'v0.6.6')
    expect(requests.filter(r => r.path.startsWith('/token'))).toHaveLength(1)
  })

  it('accepts access_token as the token field', async () => {
    await start({ tags: new Set(['v0.6.5']), tokenField: 'access_token' })
    expect((await client().headManifest(image(), 'v0.6.5'))?.digest).toBe(TAG_DIGEST)
  })

  it('answers undefined for a missing tag', async () => {
    await start({ tags: new Set(['v0.6.5']) })
    expect(await client().headManifest(image(), 'v0.6.7-slim')).toBeUndefined()
  })

  it('hashes the manifest body when HEAD carries no digest', async () => {
    await start({ tags: new Set(['v0.6.5']), omitDigestOnHead: true })
    expect((await client().headManifest(image(), 'v0.6.5'))?.digest).toBe(BODY_DIGEST)
  })

  it('retries 429 and 5xx with backoff, then succeeds', async () => {
    await start({
      tags: new Set(['v0.6.5']),
      failures: [
        { path: '/v2/', status: 503, times: 1 },
        { path: '/token', status: 429, times: 1 }
      ]
    })
    expect((await client().headManifest(image(), 'v0.6.5'))?.digest).toBe(TAG_DIGEST)
    expect(sleeps).toEqual([250, 0])
  })

  it('fails clearly when the registry keeps failing', async () => {
    await start({ tags: new Set(['v0.6.5']), failures: [{ path: '/v2/', status: 500, times: 10 }] })
    await expect(client().headManifest(image(), 'v0.6.5')).rejects.toThrow(/answered HTTP 500/)
    expect(sleeps).toEqual([250, 500, 1000])
  })

  it('names the token endpoint when it is down', async () => {
    await start({ tags: new Set(['v0.6.5']), tokenStatus: 503 })
    await expect(client().headManifest(image(), 'v0.6.5')).rejects.toThrow(
      /token endpoint .*\/token .* answered HTTP 503/
    )
  })

  it('does not retry a client error', async () => {
    await start({ tags: new Set(['v0.6.5']), failures: [{ path: '/v2/', status: 400, times: 1 }] })
    await expect(client().headManifest(image(), 'v0.6.5')).rejects.toThrow(/HTTP 400/)
    expect(sleeps).toEqual([])
  })
})

describe('registryBaseUrl', () => {
  it.each([
    ['127.0.0.1:5000', 'http://127.0.0.1:5000'],
    ['localhost:5000', 'http://localhost:5000'],
    ['[::1]:5000', 'http://[::1]:5000'],
    ['ghcr.io', 'https://ghcr.io'],
    ['127.0.0.1.example.com', 'https://127.0.0.1.example.com'],
    ['docker.io', 'https://registry-1.docker.io'],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com', 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com']
  ])('%s -> %s', (registry, url) => {
    expect(registryBaseUrl(registry)).toBe(url)
  })
})

describe('parseChallenge', () => {
  it('reads realm, service and scope', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:open-webui/open-webui:pull"'
      )
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://ghcr.io/token',
        service: 'ghcr.io',
        scope: 'repository:open-webui/open-webui:pull'
      }
    })
  })

  it('reads a Basic challenge as such', () => {
    expect(
      parseChallenge('Basic realm="https://123.dkr.ecr.us-east-1.amazonaws.com/",service="ecr.amazonaws.com"')
        ?.scheme
    ).toBe('basic')
  })
})
