import { afterEach, describe, expect, test } from '@jest/globals'
import { ECSClient, StopTaskCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import {
  DescribeTargetGroupAttributesCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { startSimulator } from '../src/index.js'
import type { Simulator } from '../src/simulator.js'
import { clientConfig } from './aws-support.js'
import { openWebUiTaskDefinition, waitFor } from './ecs-test-world.js'

/**
 * Fidelity: the targets ECS registers for a service's tasks, as ELBv2 DescribeTargetHealth reports them
 * (ELBv2 API reference, TargetHealth: State `initial` with Reason `Elb.RegistrationInProgress`, `healthy`,
 * `draining` with `Target.DeregistrationInProgress`, `unused` with `Target.NotRegistered`), parsed from the
 * awsQuery XML by the real SDK v3 client; and the load balancer in front of Open WebUI, which sends no new request
 * to a draining target (ELB user guide, "Deregistration delay": "Elastic Load Balancing stops sending requests to
 * targets that are deregistering").
 */

const TARGET_GROUP =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/open-webui-tg/73e2d6bc24d8a067'

let sim: Simulator
afterEach(() => sim?.stop())

/** Open WebUI from ghcr.io (a host the simulator assumes pullable), without secrets this scenario does not hold. */
function taskDefinition(): Record<string, unknown> {
  const definition = openWebUiTaskDefinition('v0.6.5', { migrations: 'false' })
  const container = (definition.containerDefinitions as Record<string, unknown>[])[0]
  container.image = 'ghcr.io/open-webui/open-webui:v0.6.5'
  delete container.secrets
  return definition
}

async function start(desiredCount: number, secondMs: number, healthyAfterMs = 60): Promise<Simulator> {
  return startSimulator({
    targetGroups: [{ name: 'open-webui-tg', arn: TARGET_GROUP, healthCheckPath: '/health' }],
    timing: { provisioningMs: 20, pendingMs: 20, healthyAfterMs, stoppingMs: 20, tickMs: 10, secondMs },
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
    }
  })
}

async function targetHealth(elbv2: ElasticLoadBalancingV2Client, targets?: { Id: string; Port: number }[]) {
  const answer = await elbv2.send(
    new DescribeTargetHealthCommand({ TargetGroupArn: TARGET_GROUP, Targets: targets })
  )
  return answer.TargetHealthDescriptions ?? []
}

describe('DescribeTargetHealth', () => {
  test('a seeded task is a healthy target; stopped, it drains; then it is gone', async () => {
    sim = await start(1, 5)
    const elbv2 = new ElasticLoadBalancingV2Client(clientConfig(sim))
    const ecs = new ECSClient(clientConfig(sim))
    const [task] = sim.ecs.tasks('production', 'open-webui')
    expect(await targetHealth(elbv2)).toEqual([
      {
        Target: { Id: task.privateIp, Port: 8080, AvailabilityZone: task.availabilityZone },
        HealthCheckPort: '8080',
        TargetHealth: { State: 'healthy' }
      }
    ])
    // Keep the service from replacing it, so the group holds only the draining target.
    await ecs.send(
      new UpdateServiceCommand({ cluster: 'production', service: 'open-webui', desiredCount: 0 })
    )
    await ecs.send(new StopTaskCommand({ cluster: 'production', task: task.arn }))
    expect(await targetHealth(elbv2)).toEqual([
      expect.objectContaining({
        Target: expect.objectContaining({ Id: task.privateIp }),
        TargetHealth: {
          State: 'draining',
          Reason: 'Target.DeregistrationInProgress',
          Description: 'Target deregistration is in progress'
        }
      })
    ])
    await waitFor(sim.ecs, () => task.lastStatus === 'STOPPED')
    expect(await targetHealth(elbv2)).toEqual([])
    expect(await targetHealth(elbv2, [{ Id: task.privateIp, Port: 8080 }])).toEqual([
      expect.objectContaining({
        TargetHealth: {
          State: 'unused',
          Reason: 'Target.NotRegistered',
          Description: 'Target is not registered to the target group'
        }
      })
    ])
  })

  test('a new task is `initial` (Elb.RegistrationInProgress) until it is healthy', async () => {
    // A start far longer than the test: the target stays `initial`.
    sim = await start(0, 1, 600_000)
    const elbv2 = new ElasticLoadBalancingV2Client(clientConfig(sim))
    const ecs = new ECSClient(clientConfig(sim))
    await ecs.send(
      new UpdateServiceCommand({ cluster: 'production', service: 'open-webui', desiredCount: 1 })
    )
    await waitFor(sim.ecs, () => sim.ecs.tasks('production', 'open-webui')[0]?.lastStatus === 'RUNNING')
    const [task] = sim.ecs.tasks('production', 'open-webui')
    expect(await targetHealth(elbv2)).toEqual([
      expect.objectContaining({
        Target: expect.objectContaining({ Id: task.privateIp, Port: 8080 }),
        TargetHealth: {
          State: 'initial',
          Reason: 'Elb.RegistrationInProgress',
          Description: 'Target registration is in progress'
        }
      })
    ])
    await waitFor(sim.ecs, () =>
      sim.ecs
        .service('production', 'open-webui')!
        .events.some(
          event =>
            event.message === `(service open-webui) registered 1 targets in (target-group ${TARGET_GROUP})`
        )
    )
    // Not healthy yet: the load balancer has nothing to send a request to.
    expect((await fetch(`${sim.openWebUiUrl('production', 'open-webui')}/health`)).status).toBe(503)
  })

  test('ModifyTargetGroupAttributes sets the delay the next drain uses', async () => {
    sim = await start(1, 10)
    const elbv2 = new ElasticLoadBalancingV2Client(clientConfig(sim))
    await elbv2.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: TARGET_GROUP,
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '3' }]
      })
    )
    const { Attributes } = await elbv2.send(
      new DescribeTargetGroupAttributesCommand({ TargetGroupArn: TARGET_GROUP })
    )
    expect(Attributes).toContainEqual({ Key: 'deregistration_delay.timeout_seconds', Value: '3' })
    const ecs = new ECSClient(clientConfig(sim))
    const [task] = sim.ecs.tasks('production', 'open-webui')
    await ecs.send(new StopTaskCommand({ cluster: 'production', task: task.arn }))
    await waitFor(sim.ecs, () => task.lastStatus === 'STOPPED')
    const at = (event: string) =>
      sim.timeline.find(entry => entry.taskArn === task.arn && entry.event === event)!.at
    expect(at('STOPPING') - at('DEACTIVATING')).toBeCloseTo(3 * 10, 6)
  })
})

describe('Open WebUI behind the load balancer', () => {
  test('no new request goes to a draining target: 503 while every target drains', async () => {
    sim = await start(2, 10)
    const ecs = new ECSClient(clientConfig(sim))
    const [first, second] = sim.ecs.tasks('production', 'open-webui')
    await ecs.send(
      new UpdateServiceCommand({ cluster: 'production', service: 'open-webui', desiredCount: 0 })
    )
    await ecs.send(new StopTaskCommand({ cluster: 'production', task: first.arn }))
    const answers = await Promise.all(
      [1, 2, 3].map(() => fetch(`${sim.openWebUiUrl('production', 'open-webui')}/health`))
    )
    // desiredCount 0 drains both: the load balancer has no target left for a new request.
    expect(first.lastStatus).toBe('DEACTIVATING')
    expect(second.lastStatus).toBe('DEACTIVATING')
    expect(answers.map(answer => answer.status)).toEqual([503, 503, 503])
  })

  test('with one target draining, every new request goes to the other', async () => {
    // The replacement the scheduler starts takes far longer than the test to become healthy: it gets no request.
    sim = await start(2, 10, 600_000)
    const ecs = new ECSClient(clientConfig(sim))
    const [first, second] = sim.ecs.tasks('production', 'open-webui')
    await ecs.send(new StopTaskCommand({ cluster: 'production', task: first.arn }))
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => fetch(`${sim.openWebUiUrl('production', 'open-webui')}/health`))
    )
    expect(first.lastStatus).toBe('DEACTIVATING')
    expect(answers.map(answer => answer.headers.get('x-ecs-task-arn'))).toEqual([
      second.arn,
      second.arn,
      second.arn,
      second.arn
    ])
  })
})
