import { AwsError, type AwsJsonService, type HttpService } from '../../world.js'
import { operationTable, pageSize, paginate } from '../pagination.js'
import { RegistryReader, type ServedManifest } from './registry-reader.js'

interface ImageIdentifier {
  imageTag?: string
  imageDigest?: string
}

/**
 * Amazon ECR's read API (BatchGetImage, DescribeImages) over the simulated registry: repository names map 1:1
 * onto its repositories, so `ghcr/open-webui/open-webui` seeded there is the ECR repository of that name in the
 * simulator's account. Simplifications: one registry (the simulator's account, any Region); a repository without
 * tags counts as missing; DescribeImages leaves out sizes, push times and scan results.
 */
export function createEcrService(registry: HttpService, accountId: string): AwsJsonService {
  const reader = new RegistryReader(registry)

  const repositoryNotFound = (repositoryName: string, registryId: string): AwsError =>
    new AwsError(
      'RepositoryNotFoundException',
      `The repository with name '${repositoryName}' does not exist in the registry with id '${registryId}'`
    )

  /** The repository's tags, or RepositoryNotFoundException as ECR answers for an unknown registry or name. */
  const tagsOf = async (input: Record<string, unknown>): Promise<string[]> => {
    const repositoryName = input.repositoryName as string
    const registryId = (input.registryId as string | undefined) ?? accountId
    const tags = registryId === accountId ? await reader.tags(repositoryName) : undefined
    if (!tags || tags.length === 0) throw repositoryNotFound(repositoryName, registryId)
    return tags
  }

  /** The manifest an image id names, or the ECR failure code for it. */
  const lookup = async (
    repositoryName: string,
    imageId: ImageIdentifier,
    accept: string[]
  ): Promise<{ manifest: ServedManifest } | { failureCode: string; failureReason: string }> => {
    if (!imageId.imageTag && !imageId.imageDigest) {
      return {
        failureCode: 'MissingDigestAndTag',
        failureReason: 'Invalid request parameters: both tag and digest cannot be null'
      }
    }
    const result = await reader.manifest(repositoryName, imageId.imageTag ?? imageId.imageDigest!, accept)
    if (!result.found) return { failureCode: 'ImageNotFound', failureReason: 'Requested image not found' }
    if (imageId.imageTag && imageId.imageDigest && result.manifest.digest !== imageId.imageDigest) {
      return {
        failureCode: 'ImageTagDoesNotMatchDigest',
        failureReason: 'Invalid request parameters: image tag digest mismatch'
      }
    }
    return { manifest: result.manifest }
  }

  const handle = operationTable('ECR', {
    async BatchGetImage(input) {
      const repositoryName = input.repositoryName as string
      const registryId = (input.registryId as string | undefined) ?? accountId
      await tagsOf(input)
      const accept = (input.acceptedMediaTypes as string[] | undefined) ?? []
      const images: Record<string, unknown>[] = []
      const failures: Record<string, unknown>[] = []
      for (const imageId of input.imageIds as ImageIdentifier[]) {
        const found = await lookup(repositoryName, imageId, accept)
        if ('failureCode' in found) {
          failures.push({ imageId, ...found })
          continue
        }
        images.push({
          registryId,
          repositoryName,
          imageId: { ...imageId, imageDigest: found.manifest.digest },
          imageManifest: found.manifest.body,
          imageManifestMediaType: found.manifest.mediaType
        })
      }
      return { images, failures }
    },

    async DescribeImages(input) {
      const repositoryName = input.repositoryName as string
      const registryId = (input.registryId as string | undefined) ?? accountId
      const tags = await tagsOf(input)
      const imageIds = input.imageIds as ImageIdentifier[] | undefined
      if (imageIds && (input.maxResults !== undefined || input.nextToken !== undefined)) {
        throw new AwsError(
          'InvalidParameterException',
          'Invalid parameter at imageIds: cannot be combined with maxResults or nextToken'
        )
      }
      // Every tag of an image is listed on it, whichever tag the caller named.
      const byDigest = new Map<string, { manifest: ServedManifest; tags: string[] }>()
      for (const tag of tags.sort()) {
        const result = await reader.manifest(repositoryName, tag, [])
        if (!result.found) continue
        const entry = byDigest.get(result.manifest.digest)
        if (entry) entry.tags.push(tag)
        else byDigest.set(result.manifest.digest, { manifest: result.manifest, tags: [tag] })
      }
      const detail = (entry: { manifest: ServedManifest; tags: string[] }) => ({
        registryId,
        repositoryName,
        imageDigest: entry.manifest.digest,
        imageTags: entry.tags,
        imageManifestMediaType: entry.manifest.mediaType
      })
      if (imageIds) {
        return {
          imageDetails: imageIds.map(imageId => {
            const entry = [...byDigest.values()].find(
              candidate =>
                (!imageId.imageTag || candidate.tags.includes(imageId.imageTag)) &&
                (!imageId.imageDigest || candidate.manifest.digest === imageId.imageDigest) &&
                (imageId.imageTag || imageId.imageDigest)
            )
            if (!entry) {
              throw new AwsError(
                'ImageNotFoundException',
                `The image with imageId {imageDigest:'${imageId.imageDigest ?? 'null'}', imageTag:'${imageId.imageTag ?? 'null'}'} ` +
                  `does not exist within the repository with name '${repositoryName}' in the registry with id '${registryId}'`
              )
            }
            return detail(entry)
          })
        }
      }
      const filter = input.filter as { tagStatus?: string } | undefined
      // Every simulated image carries a tag.
      const details = filter?.tagStatus === 'UNTAGGED' ? [] : [...byDigest.values()].map(detail)
      const size = pageSize(
        input.maxResults,
        'maxResults',
        { max: 1000, default: 100 },
        'InvalidParameterException'
      )
      const page = paginate(
        details,
        size,
        input.nextToken as string | undefined,
        () => new AwsError('InvalidParameterException', 'Invalid parameter at nextToken: invalid token')
      )
      return { imageDetails: page.items, nextToken: page.nextToken }
    }
  })

  return { handle }
}
