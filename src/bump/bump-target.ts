import { PhaseError } from '../errors.js'
import type { Release } from '../domain/release.js'
import type { ImageRegistryPort } from '../ports/image-registry.js'
import { formatImageReference } from '../release/image-reference.js'
import { pinImage } from '../release/resolve-version.js'
import { releaseVersion } from '../release/stable-releases.js'
import type { Settings } from '../settings/settings.js'
import type { PinSource } from './pin-source.js'
import { containerImage, pinTag, replaceImageInJson, rewriteImagePin } from './task-definition-pin.js'
import { rewriteVersionFile, versionFilePin } from './version-file-pin.js'
import { versionTag } from '../release/version-tag.js'

export interface BumpTarget {
  /** `0.6.6` */
  version: string
  release: Release
  /** The image the new pin runs (with the registry's digest when pin-digest is on). */
  image: string
  digest?: string
  /** The image the current pin runs, for the table; undefined when nothing is pinned yet. */
  currentImage?: string
  /** The pin file's new text: only the version (and a pinned digest) differ from the old text. */
  text: string
}

/**
 * The new pin for `release`, written the way the current one is. The image's tag must exist in the registry
 * (pinImage checks it): a bump to an image that cannot be pulled would only fail at deploy.
 */
export async function bumpTarget(
  settings: Settings,
  registry: ImageRegistryPort,
  source: PinSource,
  release: Release
): Promise<BumpTarget> {
  const version = releaseVersion(release)
  if (!version) throw new PhaseError('bump', `${release.tagName} is not a stable release tag`)

  if (source.kind === 'version-file') {
    const pin = await pinImage(settings, registry, release)
    const text = rewriteVersionFile(source.text, version)
    if (versionFilePin(text) !== version) {
      throw new PhaseError(
        'bump',
        `rewriting ${source.path} did not give ${versionTag(version)}; the file was left as it is`
      )
    }
    const currentImage = source.version
      ? formatImageReference({
          ...settings.image,
          tag: versionTag(source.version, settings.variant)
        })
      : undefined
    return { version, release, image: pin.image, digest: pin.digest, currentImage, text }
  }

  // The task definition's image decides registry, repository, tag style and variant; pinImage builds
  // `<tagName>-<variant>`, so it is handed the tag in the file's style (with or without the `v`).
  const pin = await pinImage(
    { ...settings, image: source.pin.repository, variant: source.pin.variant },
    registry,
    { ...release, tagName: `${source.pin.prefix}${version}` }
  )
  if (pin.tag !== pinTag(source.pin, version)) {
    throw new PhaseError(
      'bump',
      `the registry tag ${pin.tag} does not match the pin's style ${source.pin.tag}`
    )
  }
  const image = rewriteImagePin(source.pin, version, pin.digest)
  const text = replaceImageInJson(source.text, source.pin.image, image)
  const written = containerImage(text, settings.containerName)
  if (!('image' in written) || written.image !== image) {
    throw new PhaseError('bump', `rewriting ${source.path} did not give ${image}; the file was left as it is`)
  }
  return { version, release, image, digest: pin.digest, currentImage: source.pin.image, text }
}
