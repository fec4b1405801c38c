import type { RegistrySeed } from '../scenario.js'
import type { HttpService, RegistryView, SimRequest, SimResponse, World } from '../world.js'
import { DISTRIBUTION_HEADERS, registryErrorResponse } from './errors.js'
import { parseImageReference } from './image-reference.js'
import {
  allDocuments,
  compressedSizeOf,
  manifestsFor,
  negotiate,
  type ManifestDocument,
  type TagManifests
} from './manifests.js'
import { TokenIssuer } from './tokens.js'

export { registryErrorResponse, registryRateLimitResponse } from './errors.js'
export { DOCKER_LIST, DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST } from './manifests.js'

type TagSeed = { digest?: string; mediaType?: string; compressedSizeBytes?: number }

/**
 * The OCI registry on the simulator's host (Distribution spec with Docker token auth, as ghcr.io runs it), plus
 * handles for tests. Simplifications: manifests are made up per tag (stable bytes, real sha256 digests, no blobs
 * behind them); a digest given by the seed is reported as is although it is not the sha256 of the body; a tag
 * answers both list flavours (OCI index, Docker manifest list) by Accept, where a real registry stores one.
 */
export interface RegistrySimulator extends HttpService, RegistryView {
  addTag(repository: string, tag: string, manifest?: TagSeed): void
  removeTag(repository: string, tag: string): void
  tags(repository: string): string[]
  /** The digest served for the tag: the stored form by default, or the form of the given list media type. */
  digestOf(repository: string, tag: string, mediaType?: string): string | undefined
}

const MANIFEST_PATH = /^\/v2\/(.+)\/manifests\/([^/]+)$/
const TAGS_PATH = /^\/v2\/(.+)\/tags\/list$/
const BLOB_PATH = /^\/v2\/(.+)\/blobs\/([^/]+)$/

export function createRegistryService(world: World): RegistrySimulator {
  const repositories = new Map<string, Map<string, TagSeed>>()
  const derived = new Map<string, TagManifests>()
  const issuer = new TokenIssuer()
  const seed: RegistrySeed = world.scenario.registry ?? {}
  for (const [repository, tags] of Object.entries(seed.repositories ?? {})) {
    repositories.set(repository, new Map(Object.entries(tags)))
  }

  const manifestsOf = (repository: string, tag: string): TagManifests | undefined => {
    const tagSeed = repositories.get(repository)?.get(tag)
    if (!tagSeed) return undefined
    const key = `${repository}:${tag}`
    let manifests = derived.get(key)
    if (!manifests) derived.set(key, (manifests = manifestsFor(repository, tag, tagSeed)))
    return manifests
  }

  const byDigest = (repository: string, digest: string): ManifestDocument | undefined => {
    for (const tag of repositories.get(repository)?.keys() ?? []) {
      const found = allDocuments(manifestsOf(repository, tag)!).find(document => document.digest === digest)
      if (found) return found
    }
    return undefined
  }

  const challenge = (scope?: string): Record<string, string> => ({
    'www-authenticate':
      `Bearer realm="${world.url}/token",service="${world.registryHost}"` + (scope ? `,scope="${scope}"` : '')
  })

  const unauthorized = (scope?: string): SimResponse =>
    registryErrorResponse(401, 'UNAUTHORIZED', 'authentication required', challenge(scope))

  function manifest(request: SimRequest, repository: string, reference: string): SimResponse {
    const scope = `repository:${repository}:pull`
    if (!issuer.allows(request.headers.authorization, repository)) return unauthorized(scope)
    if (!repositories.has(repository)) {
      return registryErrorResponse(
        404,
        'NAME_UNKNOWN',
        'repository name not known to registry',
        {},
        { name: repository }
      )
    }
    const document = reference.startsWith('sha256:')
      ? byDigest(repository, reference)
      : (() => {
          const manifests = manifestsOf(repository, reference)
          return manifests && negotiate(manifests, request.headers.accept)
        })()
    if (!document) {
      return registryErrorResponse(404, 'MANIFEST_UNKNOWN', 'manifest unknown', {}, { tag: reference })
    }
    return {
      status: 200,
      headers: {
        ...DISTRIBUTION_HEADERS,
        'content-type': document.mediaType,
        'content-length': String(Buffer.byteLength(document.body)),
        'docker-content-digest': document.digest,
        etag: `"${document.digest}"`
      },
      body: document.body
    }
  }

  function tagList(request: SimRequest, repository: string): SimResponse {
    if (!issuer.allows(request.headers.authorization, repository))
      return unauthorized(`repository:${repository}:pull`)
    const tags = repositories.get(repository)
    if (!tags) return registryErrorResponse(404, 'NAME_UNKNOWN', 'repository name not known to registry')
    const last = request.query.get('last')
    const n = Number(request.query.get('n') ?? '0')
    let names = [...tags.keys()].sort().filter(tag => last === null || tag > last)
    const headers: Record<string, string> = { ...DISTRIBUTION_HEADERS, 'content-type': 'application/json' }
    if (n > 0 && names.length > n) {
      names = names.slice(0, n)
      const next = new URLSearchParams({ last: names[names.length - 1], n: String(n) })
      headers.link = `</v2/${repository}/tags/list?${next.toString()}>; rel="next"`
    }
    return { status: 200, headers, body: { name: repository, tags: names } }
  }

  function dispatch(request: SimRequest): SimResponse {
    const method = request.method.toUpperCase()
    if (request.path === '/token') {
      if (method !== 'GET') return registryErrorResponse(405, 'UNSUPPORTED', 'The operation is unsupported.')
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: issuer.issue(request.query.getAll('scope'))
      }
    }
    if (request.path === '/v2/' || request.path === '/v2') {
      if (!issuer.allows(request.headers.authorization)) return unauthorized()
      return {
        status: 200,
        headers: { ...DISTRIBUTION_HEADERS, 'content-type': 'application/json' },
        body: {}
      }
    }
    if (method !== 'GET' && method !== 'HEAD') {
      return registryErrorResponse(405, 'UNSUPPORTED', 'The operation is unsupported.')
    }
    const manifestMatch = MANIFEST_PATH.exec(request.path)
    if (manifestMatch) return manifest(request, manifestMatch[1], decodeURIComponent(manifestMatch[2]))
    const tagsMatch = TAGS_PATH.exec(request.path)
    if (tagsMatch) return tagList(request, tagsMatch[1])
    const blobMatch = BLOB_PATH.exec(request.path)
    if (blobMatch) {
      if (!issuer.allows(request.headers.authorization, blobMatch[1]))
        return unauthorized(`repository:${blobMatch[1]}:pull`)
      return registryErrorResponse(404, 'BLOB_UNKNOWN', 'blob unknown to registry')
    }
    return registryErrorResponse(404, 'NOT_FOUND', 'not found')
  }

  return {
    // HEAD keeps the body: the server sends headers only, with this body's content-length.
    async handle(request) {
      return dispatch(request)
    },

    canPull(image) {
      const reference = parseImageReference(image)
      const local = [world.registryHost, world.registryHost.replace(/^127\.0\.0\.1:/, 'localhost:')]
      if (!local.includes(reference.host)) return true
      if (!repositories.has(reference.repository)) return false
      if (reference.tag === undefined && reference.digest !== undefined) {
        return byDigest(reference.repository, reference.digest) !== undefined
      }
      const manifests = manifestsOf(reference.repository, reference.tag ?? 'latest')
      if (!manifests) return false
      return (
        reference.digest === undefined ||
        allDocuments(manifests).some(document => document.digest === reference.digest)
      )
    },

    compressedSizeOf(image) {
      const reference = parseImageReference(image)
      const local = [world.registryHost, world.registryHost.replace(/^127\.0\.0\.1:/, 'localhost:')]
      if (!local.includes(reference.host) || !repositories.has(reference.repository)) return undefined
      const tag =
        reference.tag ??
        [...repositories.get(reference.repository)!.keys()].find(candidate =>
          allDocuments(manifestsOf(reference.repository, candidate)!).some(
            document => document.digest === reference.digest
          )
        )
      const manifests = tag === undefined ? undefined : manifestsOf(reference.repository, tag)
      return manifests && compressedSizeOf(manifests)
    },

    addTag(repository, tag, manifest = {}) {
      if (!repositories.has(repository)) repositories.set(repository, new Map())
      repositories.get(repository)!.set(tag, manifest)
      derived.delete(`${repository}:${tag}`)
    },

    removeTag(repository, tag) {
      repositories.get(repository)?.delete(tag)
      derived.delete(`${repository}:${tag}`)
    },

    tags(repository) {
      return [...(repositories.get(repository)?.keys() ?? [])].sort()
    },

    digestOf(repository, tag, mediaType) {
      const manifests = manifestsOf(repository, tag)
      if (!manifests) return undefined
      if (mediaType === undefined) return manifests.stored.digest
      return allDocuments(manifests).find(document => document.mediaType === mediaType)?.digest
    }
  }
}
