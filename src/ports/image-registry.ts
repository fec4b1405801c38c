import type { ImageRepository } from '../settings/settings.js'

export interface ManifestInfo {
  /** `sha256:...` from Docker-Content-Digest. */
  digest: string
  mediaType: string
}

/** An OCI / Docker registry, spoken to with the standard bearer-token flow. */
export interface ImageRegistryPort {
  /** HEAD of the manifest for `tag`; undefined when the tag does not exist (404). */
  headManifest(image: ImageRepository, tag: string): Promise<ManifestInfo | undefined>
  /**
   * Bytes a pull of the image transfers: the config and layers of its linux/amd64 manifest (Fargate's default
   * platform). undefined when the registry cannot tell. Optional: a registry without it predicts no pull time.
   */
  compressedSize?(image: ImageRepository, reference: string): Promise<number | undefined>
}
