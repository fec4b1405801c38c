import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { BatchGetImageCommand, ECRClient } from '@aws-sdk/client-ecr'
import { startSimulator, type Simulator } from '../../../simulator/src/index.js'
import { DOCKER_LIST, OCI_INDEX } from '../../../simulator/src/registry/index.js'
import { awsClientConfig } from '../../../src/aws/client-config.js'
import { EcrRegistry } from '../../../src/registry/ecr-registry-client.js'
import { MANIFEST_MEDIA_TYPES } from '../../../src/registry/oci-registry-client.js'

/** EcrRegistry with the real SDK against the simulated ECR API, configured from the environment as in production. */
const REPOSITORY = 'ghcr/open-webui/open-webui'
const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const image = { registry: HOST, repository: REPOSITORY }

let sim: Simulator
const savedEnv = { ...process.env }

beforeAll(async () => {
  sim = await startSimulator({
    registry: {
      repositories: {
        [REPOSITORY]: {
          'v0.6.7': {},
          'v0.6.6': { mediaType: DOCKER_LIST },
          'v0.6.5': { digest: `sha256:${'5'.repeat(64)}` }
        }
      }
    }
  })
  Object.assign(process.env, sim.env)
})

afterAll(async () => {
  process.env = savedEnv
  await sim?.stop()
})

function ecrCalls(since: number) {
  return sim.calls.slice(since).filter(call => call.service === 'ecr')
}

describe('EcrRegistry', () => {
  it("answers the simulated registry's digest for the tag, with one BatchGetImage read in the host's account", async () => {
    const before = sim.calls.length
    const manifest = await new EcrRegistry().headManifest(image, 'v0.6.7')
    expect(manifest).toEqual({ digest: sim.registry.digestOf(REPOSITORY, 'v0.6.7'), mediaType: OCI_INDEX })
    const calls = ecrCalls(before)
    expect(calls.map(call => [call.operation, call.mutating, call.status])).toEqual([
      ['BatchGetImage', false, 200]
    ])
    expect(calls[0].request).toEqual({
      registryId: '123456789012',
      repositoryName: REPOSITORY,
      imageIds: [{ imageTag: 'v0.6.7' }],
      acceptedMediaTypes: MANIFEST_MEDIA_TYPES
    })
  })

  it('reports the stored form of the tag: a Docker manifest list, or the digest the registry was seeded with', async () => {
    const registry = new EcrRegistry()
    expect(await registry.headManifest(image, 'v0.6.6')).toEqual({
      digest: sim.registry.digestOf(REPOSITORY, 'v0.6.6'),
      mediaType: DOCKER_LIST
    })
    expect((await registry.headManifest(image, 'v0.6.5'))?.digest).toBe(`sha256:${'5'.repeat(64)}`)
  })

  it('answers undefined for a tag the repository lacks', async () => {
    expect(await new EcrRegistry().headManifest(image, 'v0.6.99')).toBeUndefined()
  })

  it('fails clearly for a repository the registry lacks, and for another account', async () => {
    await expect(
      new EcrRegistry().headManifest({ registry: HOST, repository: 'dockerhub/open-webui' }, 'v0.6.7')
    ).rejects.toThrow(
      'the ECR repository dockerhub/open-webui does not exist in registry 123456789012 (us-east-1)'
    )
    await expect(
      new EcrRegistry().headManifest(
        { registry: '999999999999.dkr.ecr.us-east-1.amazonaws.com', repository: REPOSITORY },
        'v0.6.7'
      )
    ).rejects.toThrow('does not exist in registry 999999999999 (us-east-1)')
  })

  it('retries throttling and then answers', async () => {
    sim.faults = [{ service: 'ecr', operation: 'BatchGetImage', kind: 'throttle', times: 2 }]
    const before = sim.calls.length
    try {
      const manifest = await new EcrRegistry().headManifest(image, 'v0.6.7')
      expect(manifest?.digest).toBe(sim.registry.digestOf(REPOSITORY, 'v0.6.7'))
    } finally {
      sim.faults = []
    }
    expect(ecrCalls(before).map(call => call.errorCode)).toEqual([
      'ThrottlingException',
      'ThrottlingException',
      undefined
    ])
  })

  it("passes other service errors on with the service's message", async () => {
    sim.faults = [{ service: 'ecr', kind: 'access-denied' }]
    try {
      await expect(new EcrRegistry().headManifest(image, 'v0.6.7')).rejects.toThrow(
        /^ECR BatchGetImage failed: AccessDeniedException: .*not authorized to perform: ecr:BatchGetImage/
      )
    } finally {
      sim.faults = []
    }
  })

  it("asks the client of the host's Region, one client per Region", async () => {
    const regions: string[] = []
    const registry = new EcrRegistry({
      client: region => {
        regions.push(region)
        return new ECRClient(awsClientConfig(region))
      }
    })
    const elsewhere = { registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', repository: REPOSITORY }
    await registry.headManifest(elsewhere, 'v0.6.7')
    await registry.headManifest(elsewhere, 'v0.6.6')
    await registry.headManifest(image, 'v0.6.7')
    expect(regions).toEqual(['eu-west-1', 'us-east-1'])
  })
})

describe('EcrRegistry answers without the simulator', () => {
  function answering(answer: () => unknown) {
    const inputs: unknown[] = []
    const registry = new EcrRegistry({
      client: () => ({
        send: (async (command: BatchGetImageCommand) => {
          inputs.push(command.input)
          return answer()
        }) as ECRClient['send']
      })
    })
    return { registry, inputs }
  }

  it('treats an ImageNotFound failure and an ImageNotFoundException as a missing tag', async () => {
    const failure = answering(() => ({
      images: [],
      failures: [
        {
          imageId: { imageTag: 'v9' },
          failureCode: 'ImageNotFound',
          failureReason: 'Requested image not found'
        }
      ]
    }))
    expect(await failure.registry.headManifest(image, 'v9')).toBeUndefined()
    const thrown = answering(() => {
      throw Object.assign(new Error('The image with imageId ... does not exist'), {
        name: 'ImageNotFoundException'
      })
    })
    expect(await thrown.registry.headManifest(image, 'v9')).toBeUndefined()
  })

  it("fails on a pull-through cache's upstream failure, naming it", async () => {
    const { registry } = answering(() => ({
      images: [],
      failures: [
        {
          imageId: { imageTag: 'v0.6.7' },
          failureCode: 'UpstreamUnavailable',
          failureReason: 'ghcr.io timed out'
        }
      ]
    }))
    await expect(registry.headManifest(image, 'v0.6.7')).rejects.toThrow(
      `ECR BatchGetImage could not read ${HOST}/${REPOSITORY}:v0.6.7: UpstreamUnavailable: ghcr.io timed out`
    )
  })

  it('refuses a malformed digest', async () => {
    const { registry } = answering(() => ({
      images: [{ imageId: { imageTag: 'v0.6.7', imageDigest: 'sha256:../etc' } }]
    }))
    await expect(registry.headManifest(image, 'v0.6.7')).rejects.toThrow('ECR answered a malformed digest')
  })

  it('says that reading ECR needs AWS credentials when there are none', async () => {
    const { registry } = answering(() => {
      throw Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError'
      })
    })
    await expect(registry.headManifest(image, 'v0.6.7')).rejects.toThrow(
      /needs AWS credentials allowed ecr:BatchGetImage .*Could not load credentials/
    )
  })

  it('refuses a host that is not an ECR registry without calling AWS', async () => {
    const { registry, inputs } = answering(() => ({}))
    await expect(
      registry.headManifest({ registry: 'ghcr.io', repository: 'open-webui/open-webui' }, 'v1')
    ).rejects.toThrow('ghcr.io is not an Amazon ECR registry host')
    expect(inputs).toEqual([])
  })
})
