import { BatchGetImageCommand, ECRClient, type Image, type ImageFailure } from '@aws-sdk/client-ecr'
import { awsClientConfig, isAwsError, withOperation, type AwsClientOptions } from '../aws/client-config.js'
import type { ImageRegistryPort, ManifestInfo } from '../ports/image-registry.js'
import type { ImageRepository } from '../settings/settings.js'
import { parseEcrHost, type EcrHost } from './ecr-host.js'
import { MANIFEST_MEDIA_TYPES } from './oci-registry-client.js'

const DIGEST = /^sha256:[a-f0-9]{64}$|^sha512:[a-f0-9]{128}$/

export class EcrRegistryError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EcrRegistryError'
  }
}

export interface EcrRegistryOptions extends AwsClientOptions {
  /** Builds the client of a region; default an ECRClient with the shared retry and timeout settings. */
  client?: (region: string) => Pick<ECRClient, 'send'>
}

/**
 * Reads tag digests from Amazon ECR private registries (mirrors and pull-through caches) through the ECR API
 * with the runner's AWS credentials, since ECR has no anonymous pulls. BatchGetImage rather than
 * DescribeImages: it is what a pull calls, so a pull-through cache fetches a tag it has not cached yet where
 * DescribeImages would not know it.
 */
export class EcrRegistry implements ImageRegistryPort {
  private readonly clients = new Map<string, Pick<ECRClient, 'send'>>()
  private readonly makeClient: (region: string) => Pick<ECRClient, 'send'>

  constructor(options: EcrRegistryOptions = {}) {
    const { client, ...clientOptions } = options
    // The registry's region comes from its host, not from AWS_REGION: a mirror may live in another Region.
    this.makeClient = client ?? (region => new ECRClient(awsClientConfig(region, clientOptions)))
  }

  async headManifest(image: ImageRepository, tag: string): Promise<ManifestInfo | undefined> {
    const host = parseEcrHost(image.registry)
    if (!host) throw new EcrRegistryError(`${image.registry} is not an Amazon ECR registry host`)
    let images: Image[]
    let failures: ImageFailure[]
    try {
      const output = await this.clientFor(host.region).send(
        new BatchGetImageCommand({
          registryId: host.accountId,
          repositoryName: image.repository,
          imageIds: [{ imageTag: tag }],
          acceptedMediaTypes: MANIFEST_MEDIA_TYPES
        })
      )
      images = output.images ?? []
      failures = output.failures ?? []
    } catch (error) {
      if (isAwsError(error, 'ImageNotFoundException')) return undefined
      throw describeError(error, image, host)
    }
    const found = images.find(candidate => candidate.imageId?.imageDigest)
    if (found) {
      return {
        digest: checkedDigest(found.imageId!.imageDigest!, image),
        mediaType: found.imageManifestMediaType ?? ''
      }
    }
    const failure = failures[0]
    if (!failure || failure.failureCode === 'ImageNotFound') return undefined
    // Pull-through caches report upstream trouble (UpstreamAccessDenied, UpstreamUnavailable, ...) here.
    throw new EcrRegistryError(
      `ECR BatchGetImage could not read ${image.registry}/${image.repository}:${tag}: ` +
        `${failure.failureCode ?? 'unknown failure'}${failure.failureReason ? `: ${failure.failureReason}` : ''}`
    )
  }

  private clientFor(region: string): Pick<ECRClient, 'send'> {
    let client = this.clients.get(region)
    if (!client) this.clients.set(region, (client = this.makeClient(region)))
    return client
  }
}

function describeError(error: unknown, image: ImageRepository, host: EcrHost): unknown {
  if (isAwsError(error, 'RepositoryNotFoundException')) {
    return new EcrRegistryError(
      `the ECR repository ${image.repository} does not exist in registry ${host.accountId} (${host.region}); ` +
        'for a pull-through cache, check the repository prefix of the cache rule ' +
        '(ECR creates the repository on the first pull through it)'
    )
  }
  if (isAwsError(error, 'CredentialsProviderError')) {
    return new EcrRegistryError(
      `reading ${image.registry}/${image.repository} needs AWS credentials allowed ecr:BatchGetImage ` +
        `(configure aws-actions/configure-aws-credentials first): ${(error as Error).message}`
    )
  }
  return withOperation('ECR', 'BatchGetImage', error)
}

/** The digest ends up in the task definition and the summary: accept only a well-formed one. */
function checkedDigest(digest: string, image: ImageRepository): string {
  if (!DIGEST.test(digest)) {
    throw new EcrRegistryError(
      `ECR answered a malformed digest for ${image.registry}/${image.repository}: ${JSON.stringify(digest.slice(0, 100))}`
    )
  }
  return digest
}
