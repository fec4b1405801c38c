import { afterEach, describe, expect, test } from '@jest/globals'
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import {
  CreateRuleCommand,
  DeleteRuleCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  OperationNotPermittedException,
  PriorityInUseException
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { startSimulator } from '../src/index.js'
import { AWS_DEFAULTS_TIMING } from '../src/core/timing.js'
import type { Scenario } from '../src/scenario.js'
import type { Simulator } from '../src/simulator.js'
import { clientConfig } from './aws-support.js'
import { openWebUiTaskDefinition, waitFor } from './ecs-test-world.js'

/**
 * Fidelity: the Application Load Balancer in front of Open WebUI.
 * - Listener rules (ELBv2 API reference, CreateRule: "Rules are evaluated in priority order, from the lowest value
 *   to the highest value ... If the conditions for no rules are met, the actions for the default rule are
 *   performed"; RulePriorityPair: priority 1 to 50000; PriorityInUse; DeleteRule of a default rule is not allowed).
 * - Fixed responses (FixedResponseActionConfig: StatusCode `^(2|4|5)\d\d$`, ContentType one of five, MessageBody
 *   at most 1024 characters).
 * - Health checks (ALB guide, "Health checks for Application Load Balancer target groups": "After your target is
 *   registered, it must pass one health check to be considered healthy"; the ALB routes only to healthy targets).
 * - Image pulls: Fargate caches no layers, so a task's PENDING lasts the pull of the image's compressed size.
 */

const TARGET_GROUP =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/open-webui-tg/73e2d6bc24d8a067'

let sim: Simulator
afterEach(() => sim?.stop())

function taskDefinition(image = 'ghcr.io/open-webui/open-webui:v0.6.5'): Record<string, unknown> {
  const definition = openWebUiTaskDefinition('v0.6.5', { migrations: 'false' })
  const container = (definition.containerDefinitions as Record<string, unknown>[])[0]
  container.image = image
  delete container.secrets
  return definition
}

function scenario(desiredCount: number, extra: Partial<Scenario> = {}): Scenario {
  return {
    targetGroups: [
      { name: 'open-webui-tg', arn: TARGET_GROUP, healthCheckPath: '/health', healthCheckIntervalSeconds: 30 }
    ],
    loadBalancers: [
      {
        name: 'open-webui-alb',
        listeners: [{ port: 443, protocol: 'HTTPS', defaultTargetGroup: 'open-webui-tg' }]
      }
    ],
    timing: {
      provisioningMs: 20,
      pendingMs: 20,
      healthyAfterMs: 40,
      stoppingMs: 20,
      tickMs: 10,
      secondMs: 10
    },
    ecs: {
      clusters: [
        {
          name: 'production',
          services: [
            {
              name: 'open-webui',
              taskDefinition: taskDefinition(),
              desiredCount,
              loadBalancers: [
                { targetGroupArn: TARGET_GROUP, containerName: 'open-webui', containerPort: 8080 }
              ]
            }
          ]
        }
      ]
    },
    ...extra
  }
}

async function listenerOf(elbv2: ElasticLoadBalancingV2Client): Promise<string> {
  const balancer = sim.loadBalancers.byName('open-webui-alb')!
  const { Listeners } = await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: balancer.arn }))
  return Listeners![0].ListenerArn!
}

const maintenance = (body = '<h1>Upgrading</h1>') => ({
  Conditions: [{ Field: 'path-pattern', Values: ['*'] }],
  Actions: [
    {
      Type: 'fixed-response' as const,
      FixedResponseConfig: { StatusCode: '503', ContentType: 'text/html', MessageBody: body }
    }
  ]
})

describe('listeners and rules', () => {
  test('a listener forwards to its target group by its default rule; the group names its load balancer', async () => {
    sim = await startSimulator(scenario(1))
    const elbv2 = new ElasticLoadBalancingV2Client(clientConfig(sim))
    const balancer = sim.loadBalancers.byName('open-webui-alb')!
    const { Listeners } = await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: balancer.arn }))
    expect(Listeners).toEqual([
      expect.objectContaining({
        LoadBalancerArn: balancer.arn,
        Port: 443,
        Protocol: 'HTTPS',
        DefaultActions: [{ Type: 'forward', TargetGroupArn: TARGET_GROUP }]
      })
    ])
    const { Rules } = await elbv2.send(new DescribeRulesCommand({ ListenerArn: Listeners![0].ListenerArn }))
    expect(Rules).toEqual([expect.objectContaining({ Priority: 'default', IsDefault: true })])
    const { TargetGroups } = await elbv2.send(
      new DescribeTargetGroupsCommand({ TargetGroupArns: [TARGET_GROUP] })
    )
    expect(TargetGroups![0]).toMatchObject({
      LoadBalancerArns: [balancer.arn],
      HealthCheckIntervalSeconds: 30,
      HealthyThresholdCount: 5
    })
    const response = await fetch(`${sim.loadBalancerUrl('open-webui-alb')}/api/version`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ version: '0.6.5' })
  })

  test('a fixed-response rule above the default answers every request; deleted, the default forwards again', async () => {
    sim = await startSimulator(scenario(1))
    const elbv2 = new ElasticLoadBalancingV2Client(clientConfig(sim))
    const listenerArn = await listenerOf(elbv2)
    const { Rules } = await elbv2.send(
      new CreateRuleCommand({
        ListenerArn: listenerArn,
        Priority: 1,
        ...maintenance(),
        Tags: [{ Key: 'owner', Value: 'test' }]
      })
    )
    const ruleArn = Rules![0].RuleArn!
    expect(Rules![0]).toMatchObject({ Priority: '1', IsDefault: false })
    const during = await fetch(`${sim.loadBalancerUrl('open-webui-alb')}/`)
    expect(during.status).toBe(503)
    expect(during.headers.get('content-type')).toBe('text/html')
    expect(await during.text()).toBe('<h1>Upgrading</h1>')
    const { TagDescriptions } = await elbv2.send(new DescribeTagsCommand({ ResourceArns: [ruleArn] }))
    expect(TagDescriptions![0].Tags).toEqual([{ Key: 'owner', Value: 'test' }])
    const listed = await elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))
    expect(listed.Rules!.map(rule => rule.Priority)).toEqual(['1', 'default'])

    await elbv2.send(new DeleteRuleCommand({ RuleArn: ruleArn }))
    expect((await fetch(`${sim.loadBalancerUrl('open-webui-alb')}/health`)).status).toBe(200)
  })

  test('refuses a priority in use, out of range, a message over 1,024 characters, and deleting the default rule', async () => {
    sim = await startSimulator(scenario(1))
    const elbv2 = new ElasticLoadBalancingV2Client(clientConfig(sim))
    const listenerArn = await listenerOf(elbv2)
    await elbv2.send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 7, ...maintenance() }))
    const inUse = await elbv2
      .send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 7, ...maintenance() }))
      .catch(error => error)
    expect(inUse).toBeInstanceOf(PriorityInUseException)
    const range = await elbv2
      .send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 50_001, ...maintenance() }))
      .catch(error => error)
    expect(range.name).toBe('ValidationError')
    const long = await elbv2
      .send(
        new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 8, ...maintenance('x'.repeat(1025)) })
      )
      .catch(error => error)
    expect(long.name).toBe('ValidationError')
    expect(long.message).toMatch(/1024/)
    await elbv2.send(
      new CreateRuleCommand({ ListenerArn: listenerArn, Priority: 8, ...maintenance('x'.repeat(1024)) })
    )
    const { Rules } = await elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))
    const deleteDefault = await elbv2
      .send(new DeleteRuleCommand({ RuleArn: Rules!.find(rule => rule.IsDefault)!.RuleArn }))
      .catch(error => error)
    expect(deleteDefault).toBeInstanceOf(OperationNotPermittedException)
  })
})

describe('health checks and pulls', () => {
  test('a new target gets traffic only after one health check interval past its start', async () => {
    sim = await startSimulator(scenario(0))
    const elbv2 = new ElasticLoadBalancingV2Client(clientConfig(sim))
    const ecs = new ECSClient(clientConfig(sim))
    await ecs.send(
      new UpdateServiceCommand({ cluster: 'production', service: 'open-webui', desiredCount: 1 })
    )
    await waitFor(sim.ecs, () => sim.ecs.tasks('production', 'open-webui')[0]?.healthStatus === 'HEALTHY')
    const healthyAt = sim.timeline.find(entry => entry.event === 'HEALTHY')!.at
    const state = async () =>
      (await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: TARGET_GROUP })))
        .TargetHealthDescriptions![0].TargetHealth!.State
    // The interval is 30 simulated seconds of 10 ms: the target passes its first check 300 ms after the task is up.
    expect(await state()).toBe('initial')
    expect((await fetch(`${sim.loadBalancerUrl('open-webui-alb')}/health`)).status).toBe(503)
    while ((await state()) !== 'healthy') await new Promise(resolve => setTimeout(resolve, 10))
    const seenHealthyAt = sim.world.now()
    expect(seenHealthyAt).toBeGreaterThanOrEqual(healthyAt + 300)
    expect((await fetch(`${sim.loadBalancerUrl('open-webui-alb')}/health`)).status).toBe(200)
  })

  test('PENDING lasts the pull of the image by its compressed size at the pull rate', async () => {
    sim = await startSimulator(({ registryHost: host }) => ({
      ...scenario(0),
      registry: {
        repositories: { 'open-webui/open-webui': { 'v0.6.5': { compressedSizeBytes: 4_000_000_000 } } }
      },
      timing: {
        provisioningMs: 20,
        pendingMs: 20,
        healthyAfterMs: 40,
        stoppingMs: 20,
        tickMs: 10,
        secondMs: 1,
        pullBytesPerSecond: 50_000_000
      },
      ecs: {
        clusters: [
          {
            name: 'production',
            services: [
              {
                name: 'open-webui',
                taskDefinition: taskDefinition(`${host}/open-webui/open-webui:v0.6.5`),
                desiredCount: 0
              }
            ]
          }
        ]
      }
    }))
    const ecs = new ECSClient(clientConfig(sim))
    await ecs.send(
      new UpdateServiceCommand({ cluster: 'production', service: 'open-webui', desiredCount: 1 })
    )
    await waitFor(sim.ecs, () => sim.ecs.tasks('production', 'open-webui')[0]?.lastStatus === 'RUNNING')
    const at = (event: string) => sim.timeline.find(entry => entry.event === event)!.at
    // 4 GB at 50 MB/s: 80 simulated seconds (1 ms each) on top of pendingMs, plus the 7,023-byte config.
    expect(at('RUNNING') - at('PENDING')).toBeCloseTo(20 + 80.0001, 0)
  })

  test('the aws-defaults profile: AWS defaults on a scaled clock', async () => {
    sim = await startSimulator({ ...scenario(0), timing: undefined, timingProfile: 'aws-defaults' })
    expect(sim.world.timing).toEqual(AWS_DEFAULTS_TIMING)
    expect(sim.world.timing.healthyAfterMs).toBe(30 * sim.world.timing.secondMs!)
    const fast = await startSimulator({})
    expect(fast.world.timing.secondMs).toBe(1)
    await fast.stop()
  })
})
