export interface ImageReference {
  /** `ghcr.io`, `127.0.0.1:5000`; `docker.io` when the reference names none. */
  host: string
  repository: string
  tag?: string
  digest?: string
}

/** Splits `host/repo/path:tag@sha256:...` the way Docker does (the first part is a host when it has `.` or `:`). */
export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf('@')
  const digest = at === -1 ? undefined : image.slice(at + 1)
  const name = at === -1 ? image : image.slice(0, at)
  const slash = name.lastIndexOf('/')
  const colon = name.lastIndexOf(':')
  const tag = colon > slash ? name.slice(colon + 1) : undefined
  const path = colon > slash ? name.slice(0, colon) : name
  const first = path.split('/')[0]
  const hasHost = path.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')
  return {
    host: hasHost ? first : 'docker.io',
    repository: hasHost ? path.slice(first.length + 1) : path,
    tag,
    digest
  }
}
