import { parseImageReference } from '../../registry/image-reference.js'

const ECR_HOST = /^(\d{12})\.dkr\.ecr(-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/

/**
 * An image on the simulated account's ECR registry, renamed onto the simulated registry that backs it, so ECS
 * pulls it only when the registry has the tag; any other image is returned unchanged.
 */
export function onSimulatedRegistry(image: string, registryHost: string, accountId: string): string {
  const reference = parseImageReference(image)
  const match = ECR_HOST.exec(reference.host.toLowerCase())
  if (!match || match[1] !== accountId) return image
  return (
    `${registryHost}/${reference.repository}` +
    (reference.tag !== undefined ? `:${reference.tag}` : '') +
    (reference.digest !== undefined ? `@${reference.digest}` : '')
  )
}
