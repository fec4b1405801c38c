import type { Finding } from '../domain/finding.js'
import { parseImageReference } from '../release/image-reference.js'

/**
 * Why an image reference is not a release pin: `main`, `latest` and `dev` follow the main branch, `X.Y`
 * moves with every patch, and no tag means `latest`. undefined for a pin (a `vX.Y.Z` tag, or a digest).
 */
export function movingTag(image: string): string | undefined {
  const reference = parseImageReference(image)
  if (!reference) return 'is not an image reference'
  if (reference.digest) return undefined
  const tag = reference.tag
  if (tag === undefined) return 'has no tag (that means :latest)'
  if (/^(main|latest|dev)(-[a-z0-9]+)?$/.test(tag))
    return `uses :${tag}, which follows the main branch, not a release`
  if (/^v?\d+\.\d+(-[a-z0-9]+)?$/.test(tag)) return `uses :${tag}, which moves with every patch release`
  return undefined
}

/**
 * The image the user wrote (a warning: the action replaces it with the pinned release) and the image the
 * action renders (an error: it must always be a pin).
 */
export function lintImageTags(baseImage: string | undefined, renderedImage: string | undefined): Finding[] {
  const findings: Finding[] = []
  const base = baseImage ? movingTag(baseImage) : undefined
  if (base) {
    findings.push({
      level: 'warning',
      code: 'image-tag-moving',
      title: 'Task definition image is not pinned',
      message: `The task definition's image ${base}. The action deploys the pinned release instead.`,
      fix: 'Write a release tag in the task definition (ghcr.io/open-webui/open-webui:vX.Y.Z), or leave the image to the action'
    })
  }
  const rendered = renderedImage === undefined ? 'is missing' : movingTag(renderedImage)
  if (rendered) {
    findings.push({
      level: 'error',
      code: 'rendered-image-not-pinned',
      title: 'Rendered image is not a release pin',
      message: `The image to deploy ${rendered}.`,
      fix: 'Set version to a release (vX.Y.Z) or latest'
    })
  }
  return findings
}
