import { describe, expect, it } from '@jest/globals'
import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs'
import type { LoadBalancerPort } from '../../../src/ports/load-balancer.js'
import type { ContainerJson } from '../../../src/taskdef/container-definition.js'
import { verifyTargetGroups } from '../../../src/verify/load-balancer-check.js'
import { lintOpenWebui } from '../../../src/verify/open-webui-lint.js'
import { lintContainerPort, listeningPort } from '../../../src/verify/port-check.js'
import {
  PUBLISHED_PORT_80_LOAD_BALANCER,
  PUBLISHED_PORT_80_TARGET_GROUP,
  publishedPort80TaskDefinition
} from '../../fixtures/published-task-definitions.js'

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/owui/abc'
const published = publishedPort80TaskDefinition(
  'ghcr.io/open-webui/open-webui:v0.6.7'
) as unknown as RegisterTaskDefinitionRequest
const container = (published.containerDefinitions as ContainerJson[])[0]!

function withPort(base: ContainerJson, port: string | undefined, mapped = [80]): ContainerJson {
  return {
    ...base,
    environment: [
      ...(base.environment ?? []),
      ...(port === undefined ? [] : [{ name: 'PORT', value: port }])
    ],
    portMappings: mapped.map(containerPort => ({ containerPort, protocol: 'tcp' }))
  }
}

function loadBalancer(group: {
  Port?: number
  HealthCheckPort?: string
}): Pick<LoadBalancerPort, 'describeTargetGroup' | 'describeTargetGroupAttributes'> {
  return {
    describeTargetGroup: async arn => ({ TargetGroupArn: arn, HealthCheckPath: '/health', ...group }),
    describeTargetGroupAttributes: async () => [{ Key: 'stickiness.enabled', Value: 'true' }]
  }
}

const service = (containerPort: number) => ({
  loadBalancers: [{ targetGroupArn: TG, containerName: 'openwebui', containerPort }]
})

describe('the port Open WebUI listens on', () => {
  it('is 8080 unless PORT says otherwise, and unknown when PORT comes from a secret', () => {
    expect(listeningPort(container)).toEqual({ port: 8080, because: 'PORT is not set' })
    expect(listeningPort(withPort(container, '3000'))).toEqual({ port: 3000, because: 'PORT=3000' })
    expect(listeningPort({ ...container, secrets: [{ name: 'PORT', valueFrom: 'arn:x' }] })).toBeUndefined()
    expect(listeningPort(withPort(container, 'eighty'))).toBeUndefined()
  })
})

describe('container port against PORT', () => {
  it('warns on the published task definition: containerPort 80, no PORT', () => {
    expect(lintContainerPort(container)).toEqual([
      expect.objectContaining({
        level: 'warning',
        code: 'container-port',
        message: expect.stringMatching(/listens on 8080 \(PORT is not set\).*containerPort 80/),
        fix: 'Set PORT=80 (environment input), or map containerPort 8080'
      })
    ])
    // The same finding reaches the Open WebUI checklist.
    const codes = lintOpenWebui({ containerName: 'openwebui', fleet: published, environmentInput: [] }).map(
      finding => finding.code
    )
    expect(codes).toContain('container-port')
  })

  it('is quiet when PORT matches the mapping, when 8080 is mapped, or nothing is mapped', () => {
    expect(lintContainerPort(withPort(container, '80'))).toEqual([])
    expect(lintContainerPort(withPort(container, '3000', [3000]))).toEqual([])
    expect(lintContainerPort(withPort(container, undefined, [8080, 9090]))).toEqual([])
    expect(lintContainerPort(withPort(container, undefined, []))).toEqual([])
  })

  it('warns on containerPort 3000 with no PORT', () => {
    expect(lintContainerPort(withPort(container, undefined, [3000]))[0]?.message).toMatch(
      /listens on 8080.*containerPort 3000/
    )
  })
})

describe('load balancer containerPort against the port Open WebUI listens on', () => {
  it('is an error on the published shape: the service sends traffic to 80, the app listens on 8080', async () => {
    const result = await verifyTargetGroups(
      loadBalancer({ Port: PUBLISHED_PORT_80_TARGET_GROUP.port }),
      service(PUBLISHED_PORT_80_LOAD_BALANCER.containerPort),
      'openwebui',
      container
    )
    expect(result.checks).toEqual([
      {
        name: 'Target group owui',
        status: 'NG',
        detail: 'traffic goes to containerPort 80, Open WebUI listens on 8080'
      }
    ])
    expect(result.findings).toEqual([
      expect.objectContaining({
        level: 'error',
        code: 'load-balancer-port',
        message: expect.stringMatching(/target group owui \(port 80\) on containerPort 80.*listens on 8080/)
      })
    ])
  })

  it('is an error for containerPort 3000 and a target group on 8080', async () => {
    const result = await verifyTargetGroups(
      loadBalancer({ Port: 8080 }),
      service(3000),
      'openwebui',
      withPort(container, undefined, [3000])
    )
    expect(result.findings.map(finding => finding.code)).toEqual(['load-balancer-port'])
    expect(result.findings[0]?.message).toMatch(/\(port 8080\) on containerPort 3000/)
  })

  it('is OK once PORT matches the load balancer port', async () => {
    const result = await verifyTargetGroups(
      loadBalancer({ Port: 80 }),
      service(80),
      'openwebui',
      withPort(container, '80')
    )
    expect(result).toEqual({
      checks: [{ name: 'Target group owui', status: 'OK', detail: 'health check /health, stickiness on' }],
      findings: [],
      // The group's delay as AWS defaults it when the attributes leave it out: the plan's drain estimate.
      deregistrationDelays: [{ name: 'owui', deregistrationDelaySeconds: 300 }]
    })
  })

  it('is an error when the load balancer port is not mapped, or the health check probes another port', async () => {
    const unmapped = await verifyTargetGroups(
      loadBalancer({}),
      service(8080),
      'openwebui',
      withPort(container, undefined, [80])
    )
    expect(unmapped.checks[0]).toMatchObject({ status: 'NG', detail: 'containerPort 8080 is not mapped' })
    const probe = await verifyTargetGroups(
      loadBalancer({ HealthCheckPort: '80' }),
      service(8080),
      'openwebui',
      withPort(container, undefined, [8080])
    )
    expect(probe.checks[0]).toMatchObject({ status: 'NG', detail: 'health check on port 80' })
    const trafficPort = await verifyTargetGroups(
      loadBalancer({ HealthCheckPort: 'traffic-port' }),
      service(8080),
      'openwebui',
      withPort(container, undefined, [8080])
    )
    expect(trafficPort.findings).toEqual([])
  })

  it('says nothing about ports without the fleet container', async () => {
    const result = await verifyTargetGroups(loadBalancer({ Port: 80 }), service(80), 'openwebui')
    expect(result.findings).toEqual([])
  })
})
