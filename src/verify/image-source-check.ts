import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs'
import type { Finding } from '../domain/finding.js'
import { parseImageReference, type ImageReferenceParts } from '../release/image-reference.js'
import type { ImageRepository } from '../settings/settings.js'
import { containersOf } from '../taskdef/container-definition.js'

export interface ImageSourceInput {
  containerName: string
  /** The Open WebUI container's image as the user's task definition (file or running) names it. */
  baseImage?: string
  /** The rendered fleet task definition: every other container as the user wrote it. */
  fleet: RegisterTaskDefinitionRequest
  /** The repository deploy renders the release from: the `image` input, or its default. */
  image: ImageRepository
  /** Whether the `image` input was given, rather than left to its default. */
  imageGiven: boolean
}

/**
 * Which image the plan replaces with which. A task definition running another repository than the one deploy
 * renders from (an ECR mirror, a fork, a custom build) would be swapped for upstream silently: refused unless
 * the `image` input names the repository on purpose, and then said. Another container running Open WebUI beside
 * the one the action manages would keep its old version, with migrations on by default: refused, named.
 */
export function imageSourceFindings(input: ImageSourceInput): Finding[] {
  const target = `${input.image.registry}/${input.image.repository}`
  const base = input.baseImage === undefined ? undefined : parseImageReference(input.baseImage)
  const findings: Finding[] = []
  if (base && !sameRepository(base, input.image)) {
    const running = `${base.registry}/${base.repository}`
    findings.push(
      input.imageGiven
        ? {
            level: 'notice',
            code: 'image-replaced',
            title: `${running} is replaced by ${target}`,
            message: `The task definition runs ${running}; deploy renders the release from ${target}, as the image input asks, in its place.`,
            fix: `Nothing, if ${target} is meant to replace ${running}`
          }
        : {
            level: 'error',
            code: 'image-repository-mismatch',
            title: `The task definition runs ${running}, not ${target}`,
            message: `The Open WebUI container runs ${running}, and the image input was not given: deploy would replace it with ${target} (the default) without a word.`,
            fix: `Set image: ${running} to deploy releases from it (its tags must follow upstream's vX.Y.Z), or image: ${target} to move to upstream on purpose`
          }
    )
  }
  const openWebuiRepositories = [input.image, ...(base ? [base] : [])]
  for (const container of containersOf(input.fleet)) {
    if (container.name === input.containerName || typeof container.image !== 'string') continue
    const other = parseImageReference(container.image)
    if (!other) continue
    const isOpenWebui =
      openWebuiRepositories.some(repository => sameRepository(other, repository)) ||
      /(^|\/)open-?webui$/i.test(other.repository)
    if (!isOpenWebui) continue
    findings.push({
      level: 'error',
      code: 'second-open-webui-container',
      title: `Container ${String(container.name)} also runs Open WebUI`,
      message: `Container ${String(container.name)} runs ${other.registry}/${other.repository}, an Open WebUI image, beside ${input.containerName}, the one deploy manages: it keeps its own version, and with ENABLE_DB_MIGRATIONS on by default it migrates the shared database too.`,
      fix: `Remove container ${String(container.name)} from the task definition, or run it as its own service; container-name names the one Open WebUI container deploy manages`
    })
  }
  return findings
}

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io'])

function registryKey(registry: string): string {
  const host = registry.toLowerCase()
  return DOCKER_HUB_ALIASES.has(host) ? 'docker.io' : host
}

function sameRepository(
  a: Pick<ImageReferenceParts, 'registry' | 'repository'>,
  b: ImageRepository
): boolean {
  return (
    registryKey(a.registry) === registryKey(b.registry) &&
    a.repository.toLowerCase() === b.repository.toLowerCase()
  )
}
