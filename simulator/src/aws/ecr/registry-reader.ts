import type { HttpService } from '../../world.js'

/** One manifest as the simulated registry serves it. */
export interface ServedManifest {
  digest: string
  mediaType: string
  body: string
}

export type ManifestLookup =
  { found: true; manifest: ServedManifest } | { found: false; reason: 'repository' | 'manifest' }

/**
 * Reads the simulated OCI registry the way a pull does (token, then GET with an Accept header), in-process and
 * unrecorded: ECR answers from the same repositories, tags and digests, negotiated by the same rules.
 */
export class RegistryReader {
  constructor(private readonly registry: HttpService) {}

  async manifest(repository: string, reference: string, accept: string[]): Promise<ManifestLookup> {
    const response = await this.registry.handle({
      method: 'GET',
      path: `/v2/${repository}/manifests/${encodeURIComponent(reference)}`,
      query: new URLSearchParams(),
      headers: { authorization: `Bearer ${await this.token(repository)}`, accept: accept.join(', ') },
      body: ''
    })
    if (response.status === 200) {
      const headers = response.headers ?? {}
      return {
        found: true,
        manifest: {
          digest: headers['docker-content-digest'],
          mediaType: headers['content-type'],
          body: String(response.body)
        }
      }
    }
    if (response.status === 404)
      return { found: false, reason: errorCode(response.body) === 'NAME_UNKNOWN' ? 'repository' : 'manifest' }
    throw new Error(`the simulated registry answered HTTP ${response.status} for ${repository}@${reference}`)
  }

  /** The repository's tags, or undefined when the registry does not know the repository. */
  async tags(repository: string): Promise<string[] | undefined> {
    const response = await this.registry.handle({
      method: 'GET',
      path: `/v2/${repository}/tags/list`,
      query: new URLSearchParams(),
      headers: { authorization: `Bearer ${await this.token(repository)}` },
      body: ''
    })
    if (response.status === 404) return undefined
    return ((response.body as { tags?: string[] }).tags ?? []).slice()
  }

  private async token(repository: string): Promise<string> {
    const response = await this.registry.handle({
      method: 'GET',
      path: '/token',
      query: new URLSearchParams({ scope: `repository:${repository}:pull` }),
      headers: {},
      body: ''
    })
    return (response.body as { token: string }).token
  }
}

function errorCode(body: unknown): string | undefined {
  const parsed = typeof body === 'string' ? (JSON.parse(body) as unknown) : body
  return (parsed as { errors?: { code?: string }[] } | undefined)?.errors?.[0]?.code
}
