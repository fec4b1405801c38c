import { describe, expect, it } from '@jest/globals'
import type { ImageRegistryPort } from '../../../src/ports/image-registry.js'
import { RoutingRegistry } from '../../../src/registry/routing-registry.js'

function recording(name: string, log: string[]): ImageRegistryPort {
  return {
    async headManifest(image, tag) {
      log.push(`${name} ${image.registry}/${image.repository}:${tag}`)
      return { digest: `sha256:${'0'.repeat(64)}`, mediaType: name }
    }
  }
}

describe('RoutingRegistry', () => {
  it('sends ECR hosts to the ECR client and every other host to the OCI client, each made once on first use', async () => {
    const log: string[] = []
    const made: string[] = []
    const registry = new RoutingRegistry({
      ecr: () => (made.push('ecr'), recording('ecr', log)),
      oci: () => (made.push('oci'), recording('oci', log))
    })
    const ecr = {
      registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      repository: 'ghcr/open-webui/open-webui'
    }
    expect(made).toEqual([])
    expect((await registry.headManifest(ecr, 'v0.6.7'))?.mediaType).toBe('ecr')
    expect(made).toEqual(['ecr'])
    expect(
      (await registry.headManifest({ registry: 'ghcr.io', repository: 'open-webui/open-webui' }, 'v0.6.7'))
        ?.mediaType
    ).toBe('oci')
    await registry.headManifest({ registry: 'public.ecr.aws', repository: 'x/open-webui' }, 'v1')
    await registry.headManifest(ecr, 'v0.6.6')
    expect(made).toEqual(['ecr', 'oci'])
    expect(log).toEqual([
      'ecr 123456789012.dkr.ecr.us-east-1.amazonaws.com/ghcr/open-webui/open-webui:v0.6.7',
      'oci ghcr.io/open-webui/open-webui:v0.6.7',
      'oci public.ecr.aws/x/open-webui:v1',
      'ecr 123456789012.dkr.ecr.us-east-1.amazonaws.com/ghcr/open-webui/open-webui:v0.6.6'
    ])
  })
})
