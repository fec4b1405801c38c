import { parseImageReference, versionFromTag } from '../release/image-reference.js'
import type { ImageRepository, Variant } from '../settings/settings.js'
import { findContainer } from '../taskdef/container-definition.js'
import { unwrapDescribeOutput } from '../taskdef/task-definition-file.js'

/** An Open WebUI image reference split into the parts bump keeps and the one it changes (the version). */
export interface ImagePin {
  /** The reference exactly as the task definition has it. */
  image: string
  /** Everything before `:tag`, as written (the registry and repository are never rewritten). */
  name: string
  /** Parsed registry and repository, for the registry lookup. */
  repository: ImageRepository
  tag: string
  digest?: string
  /** `0.6.5` */
  version: string
  /** `v` for `v0.6.5` tags, '' for `0.6.5` tags. */
  prefix: '' | 'v'
  /** The variant the tag carries (`-cuda` -> `cuda`), kept across the bump. */
  variant?: Variant
}

/** `…/open-webui:v0.6.5`, `:v0.6.5-cuda`, `:v0.6.5@sha256:…`, `:0.6.5` -> its parts; undefined for `:main`, `:latest`, … */
export function parseImagePin(image: string): ImagePin | undefined {
  const reference = parseImageReference(image)
  if (!reference?.tag) return undefined
  const version = versionFromTag(reference.tag)
  if (!version) return undefined
  const at = image.indexOf('@')
  const named = at < 0 ? image : image.slice(0, at)
  const suffix = /^v?\d+\.\d+\.\d+-(.+)$/.exec(reference.tag)?.[1]
  return {
    image,
    name: named.slice(0, named.lastIndexOf(':')),
    repository: { registry: reference.registry, repository: reference.repository },
    tag: reference.tag,
    ...(reference.digest ? { digest: reference.digest } : {}),
    version,
    prefix: reference.tag.startsWith('v') ? 'v' : '',
    ...(suffix ? { variant: suffix as Variant } : {})
  }
}

/** The tag for `version` in the pin's style: same `v` prefix, same variant suffix. */
export function pinTag(pin: ImagePin, version: string): string {
  return `${pin.prefix}${version}${pin.variant ? `-${pin.variant}` : ''}`
}

/**
 * The new reference: same registry and repository text, the new tag, and the new digest only when the old
 * reference was digest-pinned (a digest-pinned image whose digest is unknown loses its stale digest).
 */
export function rewriteImagePin(pin: ImagePin, version: string, digest: string | undefined): string {
  const tag = pinTag(pin, version)
  return pin.digest && digest ? `${pin.name}:${tag}@${digest}` : `${pin.name}:${tag}`
}

/** The image of the named container, or why there is none. */
export function containerImage(text: string, containerName: string): { image: string } | { problem: string } {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    return { problem: `is not valid JSON (${(error as Error).message})` }
  }
  const taskDefinition = unwrapDescribeOutput(parsed)
  if (!Array.isArray(taskDefinition?.containerDefinitions))
    return { problem: 'has no containerDefinitions array' }
  const container = findContainer(taskDefinition, containerName)
  if (!container) return { problem: `has no container '${containerName}'` }
  if (typeof container.image !== 'string') return { problem: `has no image for container '${containerName}'` }
  return { image: container.image }
}

const IMAGE_MEMBER = /("image"\s*:\s*)("(?:[^"\\]|\\.)*")/g

/**
 * The file text with every `"image": "<oldImage>"` member set to the new image; every other byte stays.
 * Task definitions have `image` members only in container definitions, and a container sharing the exact
 * Open WebUI reference shares the pin.
 */
export function replaceImageInJson(text: string, oldImage: string, newImage: string): string {
  let replaced = 0
  const rewritten = text.replace(IMAGE_MEMBER, (member, key: string, literal: string) => {
    if (JSON.parse(literal) !== oldImage) return member
    replaced++
    return `${key}${JSON.stringify(newImage)}`
  })
  if (replaced === 0) throw new Error(`the image ${oldImage} was not found as an "image" member of the file`)
  return rewritten
}
