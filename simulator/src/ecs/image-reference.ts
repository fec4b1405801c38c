/** The tag of an image reference (`host:port/repo:tag@sha256:...`), undefined for a digest-only reference. */
export function imageTag(image: string): string | undefined {
  const name = image.split('@')[0].split('/').at(-1) ?? ''
  return name.includes(':') ? name.slice(name.indexOf(':') + 1) : undefined
}
