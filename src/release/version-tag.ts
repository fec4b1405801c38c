/**
 * How the action writes an Open WebUI version: as the release tag, `v0.6.6` (Open WebUI tags its releases
 * `vX.Y.Z`), with the image variant's suffix when there is one (`v0.6.6-cuda`). Versions are held without
 * the `v` everywhere else.
 */
export function versionTag(version: string, variant?: string): string {
  return variant ? `v${version}-${variant}` : `v${version}`
}
