import { afterEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import type { Scenario } from '../src/scenario.js'
import { startSimulator, type Simulator } from '../src/index.js'
import {
  DOCKER_LIST,
  OCI_INDEX,
  registryRateLimitResponse,
  type RegistrySimulator
} from '../src/registry/index.js'

const REPOSITORY = 'open-webui/open-webui'
const SEEDED_DIGEST = `sha256:${'ab'.repeat(32)}`
type Fetch = typeof globalThis.fetch
const ACCEPT_LISTS = [OCI_INDEX, DOCKER_LIST].join(', ')

const running: Simulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(sim => sim.stop()))
})

function scenario(): Scenario {
  return {
    registry: {
      repositories: {
        [REPOSITORY]: {
          'v0.6.6': {},
          '0.6.6': {},
          'v0.6.6-cuda': {},
          'v0.6.5': { digest: SEEDED_DIGEST },
          'v0.6.4': { mediaType: DOCKER_LIST },
          'cache-amd64': {}
        }
      }
    }
  }
}

/** A simulator on a real port; `HOST` and `URL_BASE` are its registry host and base URL. */
async function setup(seed: Scenario = scenario()): Promise<{ registry: RegistrySimulator; fetch: Fetch }> {
  const sim = await startSimulator(seed)
  running.push(sim)
  HOST = sim.registryHost
  URL_BASE = sim.url
  // Paths without a host go to this simulator, so two of them can run side by side.
  const fetch: Fetch = (input, init) => globalThis.fetch(new URL(String(input), sim.url), init)
  return { registry: sim.registry, fetch }
}

let HOST = ''
let URL_BASE = ''

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`
}

/** The client side of Docker token auth: parse the challenge, ask the realm for a token with the scope. */
async function pullToken(fetch: Fetch, challenge: string): Promise<string> {
  const fields = Object.fromEntries(
    [...challenge.matchAll(/(\w+)="([^"]*)"/g)].map(match => [match[1], match[2]])
  )
  const url = new URL(fields.realm)
  url.searchParams.set('service', fields.service)
  if (fields.scope) url.searchParams.set('scope', fields.scope)
  const response = await fetch(url)
  expect(response.status).toBe(200)
  const body = (await response.json()) as { token: string; access_token: string }
  expect(body.access_token).toBe(body.token)
  return body.token
}

async function manifest(fetch: Fetch, tag: string, accept = ACCEPT_LISTS, method = 'GET') {
  const url = `/v2/${REPOSITORY}/manifests/${tag}`
  const first = await fetch(url, { method, headers: { accept } })
  expect(first.status).toBe(401)
  const token = await pullToken(fetch, first.headers.get('www-authenticate') ?? '')
  return fetch(url, { method, headers: { accept, authorization: `Bearer ${token}` } })
}

describe('token flow', () => {
  it('challenges /v2/ with the realm and service, then lets a token through', async () => {
    const { fetch } = await setup()
    const base = await fetch(`${URL_BASE}/v2/`)
    expect(base.status).toBe(401)
    const challenge = base.headers.get('www-authenticate')
    expect(challenge).toBe(`Bearer realm="${URL_BASE}/token",service="${HOST}"`)
    const token = await pullToken(fetch, challenge as string)
    expect((await fetch(`${URL_BASE}/v2/`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      200
    )
  })

  it('names the scope in the manifest challenge and refuses tokens for another repository', async () => {
    const { fetch } = await setup()
    const url = `${URL_BASE}/v2/${REPOSITORY}/manifests/v0.6.6`
    const anonymous = await fetch(url, { method: 'HEAD' })
    expect(anonymous.headers.get('www-authenticate')).toContain(`scope="repository:${REPOSITORY}:pull"`)
    const other = await pullToken(
      fetch,
      `Bearer realm="${URL_BASE}/token",service="${HOST}",scope="repository:acme/other:pull"`
    )
    expect((await fetch(url, { headers: { authorization: `Bearer ${other}` } })).status).toBe(401)
    expect((await fetch(url, { headers: { authorization: 'Bearer forged' } })).status).toBe(401)
  })
})

describe('manifests', () => {
  it('answers an OCI index for amd64 and arm64 with the sha256 of the exact body as its digest', async () => {
    const { fetch, registry } = await setup()
    const head = await manifest(fetch, 'v0.6.6', ACCEPT_LISTS, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.headers.get('content-type')).toBe(OCI_INDEX)
    const digest = head.headers.get('docker-content-digest')
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)

    const get = await manifest(fetch, 'v0.6.6')
    const body = await get.text()
    expect(get.headers.get('docker-content-digest')).toBe(digest)
    expect(sha256(body)).toBe(digest)
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(body)))
    const index = JSON.parse(body) as {
      mediaType: string
      manifests: { platform: { architecture: string } }[]
    }
    expect(index.mediaType).toBe(OCI_INDEX)
    expect(index.manifests.map(entry => entry.platform.architecture)).toEqual(['amd64', 'arm64'])
    expect(registry.digestOf(REPOSITORY, 'v0.6.6')).toBe(digest)

    // The platform manifests the index names are served by digest too.
    const child = (index.manifests[0] as unknown as { digest: string }).digest
    const byDigest = await manifest(fetch, child)
    expect(sha256(await byDigest.text())).toBe(child)
  })

  it('answers a Docker manifest list when the client does not accept OCI indexes', async () => {
    const { fetch } = await setup()
    const response = await manifest(fetch, 'v0.6.6', DOCKER_LIST)
    const body = await response.text()
    expect(response.headers.get('content-type')).toBe(DOCKER_LIST)
    expect(response.headers.get('docker-content-digest')).toBe(sha256(body))
    expect(JSON.parse(body).manifests).toHaveLength(2)
  })

  it('keeps digests stable across requests and simulator instances, distinct across tags', async () => {
    const first = await setup()
    const second = await setup()
    const digests = await Promise.all(
      [first, first, second].map(async ({ fetch }) =>
        (await manifest(fetch, 'v0.6.6', ACCEPT_LISTS, 'HEAD')).headers.get('docker-content-digest')
      )
    )
    expect(new Set(digests).size).toBe(1)
    const cuda = await manifest(first.fetch, 'v0.6.6-cuda', ACCEPT_LISTS, 'HEAD')
    expect(cuda.headers.get('docker-content-digest')).not.toBe(digests[0])
  })

  it('serves a seeded digest and the seeded media type', async () => {
    const { fetch } = await setup()
    const seeded = await manifest(fetch, 'v0.6.5', ACCEPT_LISTS, 'HEAD')
    expect(seeded.headers.get('docker-content-digest')).toBe(SEEDED_DIGEST)
    expect((await manifest(fetch, SEEDED_DIGEST)).status).toBe(200)
    const docker = await manifest(fetch, 'v0.6.4', ACCEPT_LISTS, 'HEAD')
    expect(docker.headers.get('content-type')).toBe(DOCKER_LIST)
  })

  it('answers 404 MANIFEST_UNKNOWN for a missing variant tag, NAME_UNKNOWN for a missing repository', async () => {
    const { fetch } = await setup()
    const missing = await manifest(fetch, 'v0.6.6-slim')
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { errors: { code: string }[] }).errors[0].code).toBe('MANIFEST_UNKNOWN')
    expect((await manifest(fetch, 'v0.6.6-slim', ACCEPT_LISTS, 'HEAD')).status).toBe(404)

    const url = `${URL_BASE}/v2/acme/nothing/manifests/v1`
    const challenge = (await fetch(url)).headers.get('www-authenticate') as string
    const token = await pullToken(fetch, challenge)
    const unknown = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { errors: { code: string }[] }).errors[0].code).toBe('NAME_UNKNOWN')
  })

  it('lists tags, cache tags included, with n/last pagination', async () => {
    const { fetch } = await setup()
    const url = `${URL_BASE}/v2/${REPOSITORY}/tags/list`
    const token = await pullToken(fetch, (await fetch(url)).headers.get('www-authenticate') as string)
    const auth = { authorization: `Bearer ${token}` }
    const all = (await (await fetch(url, { headers: auth })).json()) as { tags: string[] }
    expect(all.tags).toEqual(['0.6.6', 'cache-amd64', 'v0.6.4', 'v0.6.5', 'v0.6.6', 'v0.6.6-cuda'])
    const page = await fetch(`${url}?n=2`, { headers: auth })
    expect(((await page.json()) as { tags: string[] }).tags).toEqual(['0.6.6', 'cache-amd64'])
    expect(page.headers.get('link')).toBe(`</v2/${REPOSITORY}/tags/list?last=cache-amd64&n=2>; rel="next"`)
  })
})

describe('world view and test handles', () => {
  it('tells ECS which images it can pull: local tags must exist and digests match, other hosts always', async () => {
    const { registry } = await setup()
    const digest = registry.digestOf(REPOSITORY, 'v0.6.6') as string
    const dockerDigest = registry.digestOf(REPOSITORY, 'v0.6.6', DOCKER_LIST) as string
    expect(registry.canPull(`${HOST}/${REPOSITORY}:v0.6.6@${digest}`)).toBe(true)
    expect(registry.canPull(`${HOST}/${REPOSITORY}:v0.6.6@${dockerDigest}`)).toBe(true)
    expect(registry.canPull(`${HOST}/${REPOSITORY}:v0.6.6`)).toBe(true)
    expect(registry.canPull(`${HOST}/${REPOSITORY}@${digest}`)).toBe(true)
    expect(registry.canPull(`${HOST.replace('127.0.0.1', 'localhost')}/${REPOSITORY}:v0.6.6`)).toBe(true)
    expect(registry.canPull(`${HOST}/${REPOSITORY}:v0.6.6@${SEEDED_DIGEST}`)).toBe(false)
    expect(registry.canPull(`${HOST}/${REPOSITORY}:v0.6.5@${SEEDED_DIGEST}`)).toBe(true)
    expect(registry.canPull(`${HOST}/${REPOSITORY}:v0.6.6-slim`)).toBe(false)
    expect(registry.canPull(`${HOST}/acme/nothing:v1`)).toBe(false)
    expect(registry.canPull('ghcr.io/open-webui/open-webui:v0.6.6-slim')).toBe(true)
  })

  it('adds and removes tags at run time', async () => {
    const { registry, fetch } = await setup()
    registry.addTag(REPOSITORY, 'v0.6.7')
    expect((await manifest(fetch, 'v0.6.7', ACCEPT_LISTS, 'HEAD')).status).toBe(200)
    registry.removeTag(REPOSITORY, 'v0.6.7')
    expect((await manifest(fetch, 'v0.6.7', ACCEPT_LISTS, 'HEAD')).status).toBe(404)
    expect(registry.canPull(`${HOST}/${REPOSITORY}:v0.6.7`)).toBe(false)
  })

  it('offers the fault injector a Distribution-shaped 429', () => {
    const limited = registryRateLimitResponse(3)
    expect(limited.status).toBe(429)
    expect(limited.headers?.['retry-after']).toBe('3')
    expect(limited.body).toMatchObject({ errors: [{ code: 'TOOMANYREQUESTS' }] })
  })
})
