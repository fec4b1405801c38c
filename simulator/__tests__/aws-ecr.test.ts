import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  ECRClient,
  paginateDescribeImages,
  type ImageDetail
} from '@aws-sdk/client-ecr'
import { startSimulator } from '../src/index.js'
import { DOCKER_LIST, DOCKER_MANIFEST, OCI_INDEX } from '../src/registry/index.js'
import type { Simulator } from '../src/simulator.js'
import { awsJson, clientConfig } from './aws-support.js'

const REPOSITORY = 'ghcr/open-webui/open-webui'
const SHARED_DIGEST = `sha256:${'5'.repeat(64)}`
const ECR_IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/${REPOSITORY}`

let sim: Simulator
let client: ECRClient
beforeAll(async () => {
  sim = await startSimulator({
    registry: {
      repositories: {
        [REPOSITORY]: {
          'v0.6.7': {},
          'v0.6.6': { mediaType: DOCKER_LIST },
          'v0.6.5': { digest: SHARED_DIGEST },
          '0.6.5': { digest: SHARED_DIGEST }
        }
      }
    }
  })
  client = new ECRClient(clientConfig(sim))
})
afterAll(() => sim.stop())

describe('BatchGetImage', () => {
  it("answers the simulated registry's stored manifest for a tag, as a read", async () => {
    const before = sim.calls.length
    const answer = await client.send(
      new BatchGetImageCommand({
        registryId: '123456789012',
        repositoryName: REPOSITORY,
        imageIds: [{ imageTag: 'v0.6.7' }],
        acceptedMediaTypes: [OCI_INDEX, DOCKER_LIST, DOCKER_MANIFEST]
      })
    )
    expect(answer.failures).toEqual([])
    expect(answer.images).toHaveLength(1)
    const [image] = answer.images!
    expect(image).toMatchObject({
      registryId: '123456789012',
      repositoryName: REPOSITORY,
      imageId: { imageTag: 'v0.6.7', imageDigest: sim.registry.digestOf(REPOSITORY, 'v0.6.7') },
      imageManifestMediaType: OCI_INDEX
    })
    expect(JSON.parse(image.imageManifest!)).toMatchObject({ schemaVersion: 2, mediaType: OCI_INDEX })
    expect(sim.calls.slice(before).map(call => [call.service, call.operation, call.mutating])).toEqual([
      ['ecr', 'BatchGetImage', false]
    ])
  })

  it('negotiates the media type as a pull does, and reports each missing or mismatched image as a failure', async () => {
    const answer = await client.send(
      new BatchGetImageCommand({
        repositoryName: REPOSITORY,
        imageIds: [
          { imageTag: 'v0.6.6' },
          { imageTag: 'v0.6.99' },
          { imageTag: 'v0.6.5', imageDigest: sim.registry.digestOf(REPOSITORY, 'v0.6.7') },
          { imageDigest: sim.registry.digestOf(REPOSITORY, 'v0.6.5') }
        ],
        acceptedMediaTypes: [DOCKER_MANIFEST]
      })
    )
    expect(answer.images!.map(image => [image.imageId, image.imageManifestMediaType])).toEqual([
      [
        { imageTag: 'v0.6.6', imageDigest: sim.registry.digestOf(REPOSITORY, 'v0.6.6', DOCKER_MANIFEST) },
        DOCKER_MANIFEST
      ],
      [{ imageDigest: sim.registry.digestOf(REPOSITORY, 'v0.6.5') }, OCI_INDEX]
    ])
    expect(answer.failures!.map(failure => [failure.imageId?.imageTag, failure.failureCode])).toEqual([
      ['v0.6.99', 'ImageNotFound'],
      ['v0.6.5', 'ImageTagDoesNotMatchDigest']
    ])
  })

  it('answers RepositoryNotFoundException for an unknown repository or registry id', async () => {
    for (const input of [
      { repositoryName: 'dockerhub/open-webui' },
      { repositoryName: REPOSITORY, registryId: '999999999999' }
    ]) {
      await expect(
        client.send(new BatchGetImageCommand({ ...input, imageIds: [{ imageTag: 'v0.6.7' }] }))
      ).rejects.toMatchObject({
        name: 'RepositoryNotFoundException',
        message: expect.stringMatching(
          /^The repository with name '.+' does not exist in the registry with id '\d{12}'$/
        )
      })
    }
  })

  it('follows the registry: a tag added or removed at run time', async () => {
    const read = () =>
      client.send(
        new BatchGetImageCommand({ repositoryName: REPOSITORY, imageIds: [{ imageTag: 'v0.6.8' }] })
      )
    expect((await read()).failures?.[0]?.failureCode).toBe('ImageNotFound')
    sim.registry.addTag(REPOSITORY, 'v0.6.8', { digest: `sha256:${'8'.repeat(64)}` })
    expect((await read()).images?.[0]?.imageId?.imageDigest).toBe(`sha256:${'8'.repeat(64)}`)
    sim.registry.removeTag(REPOSITORY, 'v0.6.8')
    expect((await read()).failures?.[0]?.failureCode).toBe('ImageNotFound')
  })

  it('validates the request against the ECR model, and injects faults in its vocabulary', async () => {
    const missing = await awsJson(sim, 'AmazonEC2ContainerRegistry_V20150921.BatchGetImage', {
      repositoryName: REPOSITORY
    })
    expect(missing.status).toBe(400)
    expect(missing.json.__type).toBe('InvalidParameterException')
    expect(String(missing.json.message)).toContain('imageIds')

    sim.faults = [{ service: 'ecr', kind: 'throttle', times: 1 }]
    try {
      const throttled = await awsJson(sim, 'AmazonEC2ContainerRegistry_V20150921.BatchGetImage', {
        repositoryName: REPOSITORY,
        imageIds: [{ imageTag: 'v0.6.7' }]
      })
      expect([throttled.status, throttled.json.__type]).toEqual([400, 'ThrottlingException'])
    } finally {
      sim.faults = []
    }
  })
})

describe('DescribeImages', () => {
  it('lists each image once with all its tags, page by page', async () => {
    const details: ImageDetail[] = []
    for await (const page of paginateDescribeImages(
      { client, pageSize: 2 },
      { repositoryName: REPOSITORY }
    )) {
      expect(page.imageDetails!.length).toBeLessThanOrEqual(2)
      details.push(...page.imageDetails!)
    }
    const tagsByDigest = Object.fromEntries(details.map(detail => [detail.imageDigest, detail.imageTags]))
    expect(Object.keys(tagsByDigest)).toHaveLength(details.length)
    expect(tagsByDigest).toEqual({
      [sim.registry.digestOf(REPOSITORY, 'v0.6.7')!]: ['v0.6.7'],
      [sim.registry.digestOf(REPOSITORY, 'v0.6.6')!]: ['v0.6.6'],
      [SHARED_DIGEST]: ['0.6.5', 'v0.6.5']
    })
  })

  it('describes named images, and refuses a missing one with ImageNotFoundException', async () => {
    const answer = await client.send(
      new DescribeImagesCommand({ repositoryName: REPOSITORY, imageIds: [{ imageTag: 'v0.6.6' }] })
    )
    expect(answer.imageDetails).toEqual([
      expect.objectContaining({
        registryId: '123456789012',
        imageDigest: sim.registry.digestOf(REPOSITORY, 'v0.6.6'),
        imageTags: ['v0.6.6'],
        imageManifestMediaType: DOCKER_LIST
      })
    ])
    await expect(
      client.send(
        new DescribeImagesCommand({ repositoryName: REPOSITORY, imageIds: [{ imageTag: 'v0.6.99' }] })
      )
    ).rejects.toMatchObject({ name: 'ImageNotFoundException' })
    await expect(client.send(new DescribeImagesCommand({ repositoryName: 'nope' }))).rejects.toMatchObject({
      name: 'RepositoryNotFoundException'
    })
  })
})

describe('ECS pulls from the simulated ECR registry', () => {
  it('only images whose tag or digest the registry has, in the simulated account', () => {
    const { canPull } = sim.world.registry
    expect(canPull(`${ECR_IMAGE}:v0.6.7`)).toBe(true)
    expect(canPull(`${ECR_IMAGE}:v0.6.7@${sim.registry.digestOf(REPOSITORY, 'v0.6.7')}`)).toBe(true)
    expect(canPull(`${ECR_IMAGE}:v0.6.99`)).toBe(false)
    expect(canPull(`${ECR_IMAGE}:v0.6.7@sha256:${'0'.repeat(64)}`)).toBe(false)
    expect(canPull('123456789012.dkr.ecr.us-east-1.amazonaws.com/elsewhere:v1')).toBe(false)
    // Another account's registry is outside the simulation: assumed pullable, like any foreign host.
    expect(canPull('999999999999.dkr.ecr.us-east-1.amazonaws.com/elsewhere:v1')).toBe(true)
  })
})
