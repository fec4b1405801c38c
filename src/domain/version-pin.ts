import type { Release } from './release.js'

/** A resolved Open WebUI image pin. */
export interface VersionPin {
  /** `0.6.6`: semver without the `v`. */
  version: string
  /** Registry tag: `v0.6.6` or `v0.6.6-cuda`. */
  tag: string
  /** `sha256:...` when pin-digest is on and the registry answered. */
  digest?: string
  /** Full image reference: `ghcr.io/open-webui/open-webui:v0.6.6@sha256:...`. */
  image: string
  /** The GitHub release this version comes from. */
  release?: Release
}
