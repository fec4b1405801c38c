import { describe, expect, it } from '@jest/globals'
import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs'
import { imageSourceFindings, type ImageSourceInput } from '../../../src/verify/image-source-check.js'

const UPSTREAM = { registry: 'ghcr.io', repository: 'open-webui/open-webui' }
const RENDERED = `ghcr.io/open-webui/open-webui:v0.6.6@sha256:${'b'.repeat(64)}`

function fleet(...others: { name: string; image: string }[]): RegisterTaskDefinitionRequest {
  return {
    family: 'open-webui',
    containerDefinitions: [{ name: 'open-webui', image: RENDERED }, ...others]
  } as RegisterTaskDefinitionRequest
}

function findings(input: Partial<ImageSourceInput>) {
  return imageSourceFindings({
    containerName: 'open-webui',
    baseImage: 'ghcr.io/open-webui/open-webui:v0.6.5',
    fleet: fleet(),
    image: UPSTREAM,
    imageGiven: false,
    ...input
  })
}

const codes = (list: ReturnType<typeof findings>) => list.map(finding => `${finding.level}:${finding.code}`)

describe('imageSourceFindings', () => {
  it.each([
    'ghcr.io/open-webui/open-webui:v0.6.5',
    'ghcr.io/open-webui/open-webui:main',
    'GHCR.io/open-webui/open-webui:v0.6.5-cuda',
    `ghcr.io/open-webui/open-webui@sha256:${'c'.repeat(64)}`
  ])('finds nothing when the task definition runs the repository deploy renders from (%s)', baseImage =>
    expect(findings({ baseImage })).toEqual([])
  )

  it.each([
    [
      'an ECR mirror',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/horizons-webui:latest',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/horizons-webui'
    ],
    ['a fork on Docker Hub', 'xuyangbo/open-webui:v0.5.6', 'docker.io/xuyangbo/open-webui'],
    ['another ghcr.io repository', 'ghcr.io/acme/open-webui:v0.6.5', 'ghcr.io/acme/open-webui']
  ])('refuses %s when the image input was not given, naming both repositories', (_, baseImage, running) => {
    const list = findings({ baseImage })
    expect(codes(list)).toEqual(['error:image-repository-mismatch'])
    expect(list[0].title).toBe(`The task definition runs ${running}, not ghcr.io/open-webui/open-webui`)
    expect(list[0].fix).toContain(`image: ${running}`)
  })

  it('says what replaces what when the image input names another repository on purpose', () => {
    const list = findings({ baseImage: 'xuyangbo/open-webui:v0.5.6', imageGiven: true })
    expect(codes(list)).toEqual(['notice:image-replaced'])
    expect(list[0].title).toBe('docker.io/xuyangbo/open-webui is replaced by ghcr.io/open-webui/open-webui')
  })

  it('finds nothing when the image input names the repository the task definition runs', () => {
    const mirror = { registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com', repository: 'horizons-webui' }
    expect(
      findings({ baseImage: `${mirror.registry}/horizons-webui:latest`, image: mirror, imageGiven: true })
    ).toEqual([])
  })

  it.each([
    ['the same repository', 'ghcr.io/open-webui/open-webui:v0.6.4'],
    ['a mirror named open-webui', '123456789012.dkr.ecr.us-east-1.amazonaws.com/tools/open-webui:v0.6.4'],
    ['a fork', 'xuyangbo/open-webui:v0.5.6']
  ])('refuses a second container running Open WebUI (%s), naming it', (_, image) => {
    const list = findings({ fleet: fleet({ name: 'old-webui', image }) })
    expect(codes(list)).toEqual(['error:second-open-webui-container'])
    expect(list[0].title).toBe('Container old-webui also runs Open WebUI')
  })

  it('leaves sidecars that run something else alone', () => {
    const sidecars = fleet(
      { name: 'aws-otel-collector', image: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.41.2' },
      { name: 'tika', image: 'apache/tika:latest-full' }
    )
    expect(findings({ fleet: sidecars })).toEqual([])
  })
})
