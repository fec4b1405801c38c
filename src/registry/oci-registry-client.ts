import { createHash } from 'node:crypto'
import type { ImageRegistryPort, ManifestInfo } from '../ports/image-registry.js'
import type { ImageRepository } from '../settings/settings.js'
import { parseChallenge } from './registry-challenge.js'

/** Multi-arch images answer with an index; single-arch mirrors with a manifest. Accept all four. */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json'
]

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?$/
const DIGEST = /^sha256:[a-f0-9]{64}$|^sha512:[a-f0-9]{128}$/
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504])
const REQUEST_TIMEOUT_MS = 30_000

export interface OciRegistryOptions {
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  /** Attempts per request, the first included. Default 4. */
  maxAttempts?: number
  /** First backoff delay; doubles per attempt, with full jitter. Default 500 ms. */
  baseDelayMs?: number
  random?: () => number
}

/** The fields of a manifest or an index that the pull size needs. */
interface ManifestBody {
  manifests?: { digest?: string; platform?: { os?: string; architecture?: string } }[]
  config?: { size?: number }
  layers?: { size?: number }[]
}

class RegistryError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RegistryError'
  }
}

/**
 * Reads manifests from an OCI / Docker registry with the anonymous bearer-token flow that ghcr.io and
 * Docker Hub use for public images: the manifest request answers 401 with a `WWW-Authenticate: Bearer`
 * challenge, the realm hands out a pull token for the scope, and the request is repeated with it.
 */
export class OciRegistry implements ImageRegistryPort {
  private readonly fetch: typeof fetch
  private readonly sleep: (ms: number) => Promise<void>
  private readonly maxAttempts: number
  private readonly baseDelayMs: number
  private readonly random: () => number
  /** Pull tokens by `registry/repository`, reused for every tag of the repository. */
  private readonly tokens = new Map<string, string>()

  constructor(options: OciRegistryOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch
    this.sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)))
    this.maxAttempts = options.maxAttempts ?? 4
    this.baseDelayMs = options.baseDelayMs ?? 500
    this.random = options.random ?? Math.random
  }

  async headManifest(image: ImageRepository, tag: string): Promise<ManifestInfo | undefined> {
    const url = `${registryBaseUrl(image.registry)}/v2/${image.repository}/manifests/${encodeURIComponent(tag)}`
    const key = `${image.registry}/${image.repository}`
    let response = await this.manifestRequest('HEAD', url, this.tokens.get(key))
    if (response.status === 401) {
      const token = await this.pullToken(image, response.headers.get('www-authenticate'))
      this.tokens.set(key, token)
      response = await this.manifestRequest('HEAD', url, token)
    }
    if (response.status === 404) return undefined
    if (response.status === 401 || response.status === 403) {
      throw new RegistryError(
        `${image.registry} refused access to ${image.repository} (HTTP ${response.status}): the action reads public images anonymously`
      )
    }
    if (!response.ok)
      throw new RegistryError(
        `${image.registry} answered HTTP ${response.status} for ${image.repository}:${tag}`
      )
    const mediaType = response.headers.get('content-type') ?? ''
    const digest = response.headers.get('docker-content-digest')
    if (digest) return { digest: checkedDigest(digest, image.registry), mediaType }
    return this.digestFromBody(url, this.tokens.get(key))
  }

  async compressedSize(image: ImageRepository, reference: string): Promise<number | undefined> {
    const base = `${registryBaseUrl(image.registry)}/v2/${image.repository}/manifests/`
    const key = `${image.registry}/${image.repository}`
    const read = async (ref: string): Promise<ManifestBody | undefined> => {
      let response = await this.manifestRequest('GET', base + encodeURIComponent(ref), this.tokens.get(key))
      if (response.status === 401) {
        const token = await this.pullToken(image, response.headers.get('www-authenticate'))
        this.tokens.set(key, token)
        response = await this.manifestRequest('GET', base + encodeURIComponent(ref), token)
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined)
        return undefined
      }
      return (await response.json().catch(() => undefined)) as ManifestBody | undefined
    }
    let manifest = await read(reference)
    const platforms = manifest?.manifests
    if (platforms) {
      const amd64 =
        platforms.find(entry => entry.platform?.os === 'linux' && entry.platform.architecture === 'amd64') ??
        platforms[0]
      manifest = amd64?.digest ? await read(amd64.digest) : undefined
    }
    if (!manifest?.layers) return undefined
    const sizes = [manifest.config?.size ?? 0, ...manifest.layers.map(layer => layer.size ?? 0)]
    return sizes.every(size => Number.isFinite(size) && size >= 0)
      ? sizes.reduce((sum, size) => sum + size, 0)
      : undefined
  }

  /** Some registries omit Docker-Content-Digest on HEAD; the digest is then the sha256 of the manifest bytes. */
  private async digestFromBody(url: string, token: string | undefined): Promise<ManifestInfo | undefined> {
    const response = await this.manifestRequest('GET', url, token)
    if (response.status === 404) return undefined
    if (!response.ok) throw new RegistryError(`GET ${url} answered HTTP ${response.status}`)
    const body = Buffer.from(await response.arrayBuffer())
    const digest =
      response.headers.get('docker-content-digest') ??
      `sha256:${createHash('sha256').update(body).digest('hex')}`
    return { digest, mediaType: response.headers.get('content-type') ?? '' }
  }

  private manifestRequest(method: 'HEAD' | 'GET', url: string, token: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { Accept: MANIFEST_MEDIA_TYPES.join(', ') }
    if (token) headers.Authorization = `Bearer ${token}`
    return this.request(url, { method, headers })
  }

  private async pullToken(image: ImageRepository, header: string | null): Promise<string> {
    const challenge = parseChallenge(header)
    if (!challenge || challenge.scheme !== 'bearer' || !challenge.params.realm) {
      throw new RegistryError(
        `${image.registry} requires credentials for ${image.repository} (${header ? `challenge: ${header}` : 'no bearer challenge'}): the action reads public images anonymously`
      )
    }
    const realm = new URL(challenge.params.realm)
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service)
    realm.searchParams.set('scope', challenge.params.scope ?? `repository:${image.repository}:pull`)
    let response: Response
    try {
      response = await this.request(realm.toString(), {
        method: 'GET',
        headers: { Accept: 'application/json' }
      })
    } catch (error) {
      throw new RegistryError(
        `the token endpoint ${realm.origin}${realm.pathname} of ${image.registry} is unreachable: ${(error as Error).message}`
      )
    }
    if (!response.ok) {
      throw new RegistryError(
        `the token endpoint ${realm.origin}${realm.pathname} of ${image.registry} answered HTTP ${response.status}`
      )
    }
    const body = (await response.json().catch(() => ({}))) as { token?: unknown; access_token?: unknown }
    const token =
      typeof body.token === 'string'
        ? body.token
        : typeof body.access_token === 'string'
          ? body.access_token
          : undefined
    if (!token) throw new RegistryError(`the token endpoint of ${image.registry} returned no token`)
    return token
  }

  /** One HTTP request, retried on 429, 5xx and network failures with jittered exponential backoff. */
  private async request(url: string, init: RequestInit): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      let response: Response | undefined
      let failure: unknown
      try {
        response = await this.fetch(url, {
          ...init,
          redirect: 'follow',
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
        })
      } catch (error) {
        failure = error
      }
      const retryable = failure !== undefined || RETRYABLE_STATUS.has(response!.status)
      if (!retryable || attempt >= this.maxAttempts) {
        if (failure !== undefined)
          throw new RegistryError(`${init.method} ${url} failed: ${describeFailure(failure)}`)
        return response!
      }
      await response?.body?.cancel().catch(() => undefined)
      await this.sleep(this.backoff(attempt, response?.headers.get('retry-after')))
    }
  }

  private backoff(attempt: number, retryAfter: string | null | undefined): number {
    const seconds = retryAfter ? Number(retryAfter) : NaN
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 30) * 1000
    return Math.round(this.random() * this.baseDelayMs * 2 ** (attempt - 1))
  }
}

/** Loopback registries (a local mirror, the simulator) speak plain HTTP; every other host HTTPS. */
export function registryBaseUrl(registry: string): string {
  const host = registry === 'docker.io' ? 'registry-1.docker.io' : registry
  return `${LOOPBACK_HOST.test(host) ? 'http' : 'https'}://${host}`
}

/** The digest ends up in the task definition and the summary: accept only a well-formed one. */
function checkedDigest(digest: string, source: string): string {
  if (!DIGEST.test(digest))
    throw new RegistryError(
      `${source} sent a malformed Docker-Content-Digest: ${JSON.stringify(digest.slice(0, 100))}`
    )
  return digest
}

function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  const base = error instanceof Error ? error.message : String(error)
  return cause?.code ? `${base} (${cause.code})` : cause?.message ? `${base} (${cause.message})` : base
}
