import { VARIANTS } from '../settings/settings.js'

export interface ImageReferenceParts {
  /** Registry host as written (`ghcr.io`, `127.0.0.1:5000`); `docker.io` when the reference names none. */
  registry: string
  /** Repository path inside the registry; Docker Hub's official images get their `library/` prefix. */
  repository: string
  tag?: string
  /** `sha256:...` */
  digest?: string
}

const REPOSITORY_PATH = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/
const DIGEST = /^[a-z0-9]+([+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/

/**
 * Splits an image reference the way Docker does: the first path part is a registry host only when it has a
 * dot, a port or is `localhost`, so `open-webui/open-webui:v0.6.5` is Docker Hub and `127.0.0.1:5000/x:v1`
 * is a loopback registry. undefined when the text is not an image reference.
 */
export function parseImageReference(ref: string): ImageReferenceParts | undefined {
  const text = ref.trim()
  if (text === '' || /\s/.test(text)) return undefined
  const at = text.indexOf('@')
  const digest = at < 0 ? undefined : text.slice(at + 1)
  const named = at < 0 ? text : text.slice(0, at)
  if (digest !== undefined && !DIGEST.test(digest)) return undefined

  const slash = named.indexOf('/')
  const first = slash < 0 ? named : named.slice(0, slash)
  const hasHost =
    slash >= 0 &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['))
  const registry = hasHost ? first : 'docker.io'
  const rest = hasHost ? named.slice(slash + 1) : named

  // A colon after the last slash separates the tag; the host's port colon was split off above.
  const colon = rest.lastIndexOf(':')
  const tag = colon > rest.lastIndexOf('/') && colon >= 0 ? rest.slice(colon + 1) : undefined
  let repository = tag === undefined ? rest : rest.slice(0, colon)
  if (tag !== undefined && !TAG.test(tag)) return undefined
  if (!REPOSITORY_PATH.test(repository)) return undefined
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`
  return {
    registry,
    repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {})
  }
}

/** `registry/repository[:tag][@digest]`, the fully qualified form ECS pulls. */
export function formatImageReference(parts: ImageReferenceParts): string {
  const tag = parts.tag ? `:${parts.tag}` : ''
  const digest = parts.digest ? `@${parts.digest}` : ''
  return `${parts.registry}/${parts.repository}${tag}${digest}`
}

/**
 * The release version an image tag pins: `v0.6.5`, `0.6.5`, `v0.6.5-cuda` -> `0.6.5`. Moving tags (`main`,
 * `latest`, `0.6`) and build tags (`git-1a2b3c4`) pin no release: undefined. Suffixes are the known
 * variants plus `variant`, so a tag of another variant than the one deployed still tells the version.
 */
export function versionFromTag(tag: string, variant?: string): string | undefined {
  const suffixes = new Set<string>(VARIANTS)
  if (variant) suffixes.add(variant)
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([A-Za-z0-9]+))?$/.exec(tag)
  if (!match) return undefined
  const [, major, minor, patch, suffix] = match
  if (suffix !== undefined && !suffixes.has(suffix)) return undefined
  return [major, minor, patch].map(part => String(Number(part))).join('.')
}
