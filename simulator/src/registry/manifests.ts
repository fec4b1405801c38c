import { createHash } from 'node:crypto'

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json'
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'

/** One manifest exactly as served: the body bytes and the digest the registry reports for them. */
export interface ManifestDocument {
  mediaType: string
  body: string
  digest: string
}

/** Every manifest a tag answers with: the multi-arch list in both flavours and the per-platform manifests. */
export interface TagManifests {
  /** The form the image was pushed as: OCI index unless the seed says otherwise. */
  stored: ManifestDocument
  /** The other list flavour (Docker manifest list for an OCI index and vice versa). */
  alternate: ManifestDocument
  /** amd64 first, then arm64; OCI and Docker flavours. */
  platforms: { oci: ManifestDocument[]; docker: ManifestDocument[] }
}

/** A small image's one layer, when the seed gives no size. */
const DEFAULT_COMPRESSED_SIZE_BYTES = 29_150_000

const PLATFORMS = [
  { architecture: 'amd64', os: 'linux' },
  { architecture: 'arm64', os: 'linux', variant: 'v8' }
]

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`
}

function document(mediaType: string, value: unknown): ManifestDocument {
  const body = JSON.stringify(value, null, 2)
  return { mediaType, body, digest: sha256(body) }
}

/** A fake but stable config and layer per image, so the same tag always yields the same bytes and digests. */
function platformManifest(
  repository: string,
  tag: string,
  architecture: string,
  docker: boolean,
  compressedSizeBytes: number
): ManifestDocument {
  const seed = `${repository}:${tag}:${architecture}`
  return document(docker ? DOCKER_MANIFEST : OCI_MANIFEST, {
    schemaVersion: 2,
    mediaType: docker ? DOCKER_MANIFEST : OCI_MANIFEST,
    config: {
      mediaType: docker
        ? 'application/vnd.docker.container.image.v1+json'
        : 'application/vnd.oci.image.config.v1+json',
      digest: sha256(`${seed}:config`),
      size: 7023
    },
    layers: [
      {
        mediaType: docker
          ? 'application/vnd.docker.image.rootfs.diff.tar.gzip'
          : 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: sha256(`${seed}:layer`),
        size: compressedSizeBytes
      }
    ]
  })
}

function list(mediaType: string, children: ManifestDocument[]): ManifestDocument {
  return document(mediaType, {
    schemaVersion: 2,
    mediaType,
    manifests: children.map((child, index) => ({
      mediaType: child.mediaType,
      digest: child.digest,
      size: Buffer.byteLength(child.body),
      platform: PLATFORMS[index]
    }))
  })
}

/**
 * The manifests of one tag, derived from the repository and tag alone (stable across runs). A digest given by the
 * seed replaces the stored form's computed digest: it cannot be the sha256 of a body we make up, so clients that
 * verify the body against the digest would notice; ECS and the action only compare digests.
 */
export function manifestsFor(
  repository: string,
  tag: string,
  seed: { digest?: string; mediaType?: string; compressedSizeBytes?: number }
): TagManifests {
  const size = seed.compressedSizeBytes ?? DEFAULT_COMPRESSED_SIZE_BYTES
  const oci = PLATFORMS.map(platform => platformManifest(repository, tag, platform.architecture, false, size))
  const docker = PLATFORMS.map(platform =>
    platformManifest(repository, tag, platform.architecture, true, size)
  )
  const ociIndex = list(OCI_INDEX, oci)
  const dockerList = list(DOCKER_LIST, docker)
  const dockerStored = seed.mediaType === DOCKER_LIST || seed.mediaType === DOCKER_MANIFEST
  let stored = dockerStored ? dockerList : ociIndex
  // A single-platform image was pushed as one manifest, not a list.
  if (seed.mediaType === OCI_MANIFEST) stored = oci[0]
  if (seed.mediaType === DOCKER_MANIFEST) stored = docker[0]
  if (seed.digest) stored = { ...stored, digest: seed.digest }
  return { stored, alternate: dockerStored ? ociIndex : dockerList, platforms: { oci, docker } }
}

export function allDocuments(manifests: TagManifests): ManifestDocument[] {
  return [manifests.stored, manifests.alternate, ...manifests.platforms.oci, ...manifests.platforms.docker]
}

function isList(mediaType: string): boolean {
  return mediaType === OCI_INDEX || mediaType === DOCKER_LIST
}

/**
 * Content negotiation on the Accept header: the stored form when accepted (or when the client states no
 * preference), else the other list flavour, else the amd64 manifest in a single-manifest type the client
 * accepts (what Distribution does for clients that know no lists), else the stored form.
 */
export function negotiate(manifests: TagManifests, accept: string | undefined): ManifestDocument {
  const accepted = (accept ?? '')
    .split(',')
    .map(part => part.split(';')[0].trim().toLowerCase())
    .filter(Boolean)
  const allows = (mediaType: string): boolean => accepted.includes(mediaType) || accepted.includes('*/*')
  if (accepted.length === 0 || allows(manifests.stored.mediaType)) return manifests.stored
  if (!isList(manifests.stored.mediaType)) return manifests.stored
  if (allows(manifests.alternate.mediaType)) return manifests.alternate
  if (allows(DOCKER_MANIFEST)) return manifests.platforms.docker[0]
  if (allows(OCI_MANIFEST)) return manifests.platforms.oci[0]
  return manifests.stored
}

/** What a pull transfers: the config and every layer of the amd64 manifest (Fargate's default platform). */
export function compressedSizeOf(manifests: TagManifests): number {
  const manifest = JSON.parse(manifests.platforms.oci[0].body) as {
    config: { size: number }
    layers: { size: number }[]
  }
  return manifest.config.size + manifest.layers.reduce((sum, layer) => sum + layer.size, 0)
}
