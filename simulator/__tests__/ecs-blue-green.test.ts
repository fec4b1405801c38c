import { afterEach, describe, expect, test } from '@jest/globals'
import type { ServiceDeploymentRecord } from '../src/ecs/model.js'
import {
  call,
  createTestWorld,
  openWebUiTaskDefinition,
  scenarioWith,
  serviceSeed,
  waitFor,
  type TestWorld
} from './ecs-test-world.js'

/**
 * Fidelity: ECS's own BLUE_GREEN, LINEAR and CANARY deployments.
 *
 * ECS developer guide, "Amazon ECS blue/green deployments" and "Amazon ECS blue/green service deployments
 * workflow" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html):
 * green is deployed beside blue, tested, production traffic shifts, both run through the bake time, then blue is
 * terminated; "A rollback operation is initiated when issues are detected".
 * ECS API reference, ServiceDeployment.lifecycleStage: RECONCILE_SERVICE ("only happens when you start a new
 * service deployment with more than 1 service revision in an ACTIVE state"), PRE_SCALE_UP, SCALE_UP ("the green
 * service revision scales up to 100% and launches new tasks"), POST_SCALE_UP, TEST_TRAFFIC_SHIFT,
 * POST_TEST_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME ("both blue and green
 * service revisions are running simultaneously after the production traffic has shifted"), CLEAN_UP.
 * ECS API reference, LinearConfiguration (stepPercent, default 10; stepBakeTimeInMinutes, default 6, "not applied
 * after reaching 100 percent traffic") and CanaryConfiguration (canaryPercent, default 5; canaryBakeTimeInMinutes,
 * default 10: the canary share first, "then shifts the remaining traffic").
 * Developer guide, "Lifecycle hooks for Amazon ECS service deployments": SUCCEEDED continues, FAILED "rolls back
 * to the last successful deployment", IN_PROGRESS runs the function again later.
 * API reference, StopServiceDeployment: ROLLBACK "rolls back the service deployment to the previous service
 * revision"; developer guide, "Stopping Amazon ECS service deployments": IN_PROGRESS "moves to the
 * ROLLBACK_REQUESTED state, and then the rollback operation starts".
 * Developer guide, "Update the deployment strategy from Amazon ECS blue/green to rolling": a service with a deployment
 * in progress cannot switch; ECS keeps the load balancer configuration (the alternate target group) as it is.
 */

const BLUE_TG =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/open-webui-blue/73e2d6bc24d8a067'
const GREEN_TG =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/open-webui-green/1d2e3f4a5b6c7d8e'
const loadBalancers = [
  {
    targetGroupArn: BLUE_TG,
    containerName: 'open-webui',
    containerPort: 8080,
    advancedConfiguration: {
      alternateTargetGroupArn: GREEN_TG,
      productionListenerRule:
        'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/open-webui/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee',
      roleArn: 'arn:aws:iam::123456789012:role/ecs-infrastructure-load-balancers'
    }
  }
]
const HOOK = 'arn:aws:lambda:us-east-1:123456789012:function:open-webui-smoke-test'
/** One simulated second lasts 1 ms: a minute of bake time is 60 ms. */
const SECOND_MS = 1

let sim: TestWorld
afterEach(() => sim?.ecs.stop())

function worldWith(deploymentConfiguration: Record<string, unknown>, desiredCount = 2): TestWorld {
  return createTestWorld({
    ...scenarioWith(serviceSeed({ desiredCount, loadBalancers, deploymentConfiguration })),
    targetGroups: [
      { name: 'open-webui-blue', arn: BLUE_TG, deregistrationDelaySeconds: 5 },
      { name: 'open-webui-green', arn: GREEN_TG, deregistrationDelaySeconds: 5 }
    ],
    timing: { secondMs: SECOND_MS }
  })
}

async function deploy(version = 'v0.6.6'): Promise<{ arn: string; record: ServiceDeploymentRecord }> {
  const { taskDefinition } = await call<{ taskDefinition: { taskDefinitionArn: string } }>(
    sim.ecs,
    'RegisterTaskDefinition',
    openWebUiTaskDefinition(version, { migrations: 'false' })
  )
  const { service } = await call<{ service: { currentServiceDeployment: string } }>(
    sim.ecs,
    'UpdateService',
    {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: taskDefinition.taskDefinitionArn
    }
  )
  const record = sim.ecs.service('production', 'open-webui')!.serviceDeployments.at(-1)!
  expect(record.arn).toBe(service.currentServiceDeployment)
  return { arn: service.currentServiceDeployment, record }
}

async function describe1(arn: string): Promise<Record<string, unknown>> {
  const { serviceDeployments } = await call<{ serviceDeployments: Record<string, unknown>[] }>(
    sim.ecs,
    'DescribeServiceDeployments',
    { serviceDeploymentArns: [arn] }
  )
  return serviceDeployments[0]
}

function liveTasks(version: string) {
  return sim.ecs
    .tasks('production', 'open-webui')
    .filter(task => task.lastStatus !== 'STOPPED' && task.desiredStatus === 'RUNNING')
    .filter(task => task.appContainer.image.endsWith(version))
}

function stages(record: ServiceDeploymentRecord): string[] {
  return (record.stageHistory ?? []).map(entry => entry.stage)
}

function stageAt(record: ServiceDeploymentRecord, stage: string): number {
  const entry = record.stageHistory?.find(candidate => candidate.stage === stage)
  if (!entry) throw new Error(`never entered ${stage}`)
  return entry.at
}

const FULL_LIFECYCLE = [
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP'
]

describe('BLUE_GREEN (blue/green deployments page, ServiceDeployment.lifecycleStage)', () => {
  test('green scales to the full count beside blue in the alternate target group, traffic moves, the bake runs, blue goes', async () => {
    // maximumPercent 100 would forbid a single extra task in a rolling update: blue/green does not use it.
    // A bake of an hour (3.6 s of wall time): long enough that a loaded machine still sees both revisions in it.
    sim = worldWith({
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 60,
      minimumHealthyPercent: 100,
      maximumPercent: 100
    })
    const { arn, record } = await deploy()
    // In progress, in a stage before the bake (how far it got by now is the scheduler's timing).
    const first = await describe1(arn)
    expect(first).toMatchObject({ status: 'IN_PROGRESS' })
    expect(FULL_LIFECYCLE.slice(0, FULL_LIFECYCLE.indexOf('BAKE_TIME'))).toContain(first.lifecycleStage)

    await waitFor(sim.ecs, () => record.lifecycleStage === 'BAKE_TIME')
    // Both revisions run through the bake, each at the full count.
    expect(liveTasks('v0.6.5')).toHaveLength(2)
    expect(liveTasks('v0.6.6')).toHaveLength(2)
    const green = sim.ecs.service('production', 'open-webui')!.deployments[0]
    expect(sim.ecs.productionTraffic('production', 'open-webui')).toEqual({
      [green.id]: 100,
      [green.lifecycle!.source!.id]: 0
    })
    const greenIps = liveTasks('v0.6.6').map(task => task.privateIp)
    expect([...sim.targetGroups.byArn(GREEN_TG)!.targets.values()].map(target => target.id).sort()).toEqual(
      greenIps.sort()
    )
    expect(liveTasks('v0.6.5')).toHaveLength(2)

    await waitFor(sim.ecs, () => record.status === 'SUCCESSFUL')
    expect(stages(record)).toEqual(FULL_LIFECYCLE)
    // Computed from the stage record, not measured: CLEAN_UP is not entered before the bake time is over.
    expect(stageAt(record, 'CLEAN_UP') - stageAt(record, 'BAKE_TIME')).toBeGreaterThanOrEqual(
      60 * 60 * SECOND_MS
    )
    expect(await describe1(arn)).toMatchObject({ status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP' })
    expect(liveTasks('v0.6.5')).toHaveLength(0)
    const { services } = await call<{
      services: { deployments: { status: string; rolloutState: string }[] }[]
    }>(sim.ecs, 'DescribeServices', { cluster: 'production', services: ['open-webui'] })
    expect(services[0].deployments).toEqual([
      expect.objectContaining({ status: 'PRIMARY', rolloutState: 'COMPLETED' })
    ])

    // The green target group carries production now: the next green goes to the other one of the pair.
    await deploy('v0.6.7')
    await waitFor(sim.ecs, () => liveTasks('v0.6.7').some(task => task.targets.length > 0))
    expect(liveTasks('v0.6.7')[0].targets[0].targetGroupArn).toBe(BLUE_TG)
  })

  test('RECONCILE_SERVICE comes first when more than one revision is ACTIVE', async () => {
    sim = worldWith({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 })
    await deploy('v0.6.6')
    const second = await deploy('v0.6.7')
    expect(second.record.lifecycleStage).toBe('RECONCILE_SERVICE')
  })

  test('a lifecycle hook that answers IN_PROGRESS holds its stage; FAILED rolls back', async () => {
    const lifecycleHooks = [
      {
        hookTargetArn: HOOK,
        roleArn: 'arn:aws:iam::123456789012:role/hooks',
        lifecycleStages: ['POST_SCALE_UP']
      }
    ]
    sim = worldWith({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1, lifecycleHooks })
    sim.ecs.setHookResult(HOOK, 'IN_PROGRESS')
    const { arn, record } = await deploy()
    await waitFor(sim.ecs, () => record.lifecycleStage === 'POST_SCALE_UP')
    const entered = sim.world.now()
    await waitFor(sim.ecs, () => sim.world.now() > entered + 200)
    expect(record.lifecycleStage).toBe('POST_SCALE_UP')
    sim.ecs.setHookResult(HOOK, 'FAILED')
    await waitFor(sim.ecs, () => record.status === 'ROLLBACK_SUCCESSFUL')
    expect(await describe1(arn)).toMatchObject({
      status: 'ROLLBACK_SUCCESSFUL',
      rollback: expect.objectContaining({ reason: expect.stringContaining('FAILED') })
    })
    expect(liveTasks('v0.6.6')).toHaveLength(0)
    expect(liveTasks('v0.6.5')).toHaveLength(2)
  })

  test('StopServiceDeployment ROLLBACK during the bake: production back on blue at once, green stopped', async () => {
    sim = worldWith({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 60 })
    const { arn, record } = await deploy()
    await waitFor(sim.ecs, () => record.lifecycleStage === 'BAKE_TIME')
    const blueArn = liveTasks('v0.6.5')[0].taskDefinition.arn
    await call(sim.ecs, 'StopServiceDeployment', { serviceDeploymentArn: arn, stopType: 'ROLLBACK' })
    expect(record.status).toBe('ROLLBACK_REQUESTED')
    sim.ecs.tick()
    const blue = sim.ecs.service('production', 'open-webui')!.deployments[0]
    expect(blue.taskDefinitionArn).toBe(blueArn)
    expect(sim.ecs.productionTraffic('production', 'open-webui')).toEqual({ [blue.id]: 100 })
    expect(['ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCESSFUL']).toContain(record.status)
    await waitFor(sim.ecs, () => record.status === 'ROLLBACK_SUCCESSFUL')
    expect(liveTasks('v0.6.6')).toHaveLength(0)
    expect(liveTasks('v0.6.5')).toHaveLength(2)
    await expect(
      call(sim.ecs, 'StopServiceDeployment', { serviceDeploymentArn: arn, stopType: 'ROLLBACK' })
    ).rejects.toMatchObject({ code: 'ConflictException' })
  })

  test('a CloudWatch alarm of the deployment configuration in ALARM during the bake rolls back', async () => {
    sim = worldWith({
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 60,
      alarms: { alarmNames: ['open-webui-5xx'], enable: true, rollback: true }
    })
    const { arn, record } = await deploy()
    await waitFor(sim.ecs, () => record.lifecycleStage === 'BAKE_TIME')
    sim.ecs.setAlarmState('open-webui-5xx', 'ALARM')
    await waitFor(sim.ecs, () => record.status === 'ROLLBACK_SUCCESSFUL')
    expect(await describe1(arn)).toMatchObject({
      status: 'ROLLBACK_SUCCESSFUL',
      lifecycleStage: 'BAKE_TIME',
      rollback: expect.objectContaining({ reason: expect.stringContaining('open-webui-5xx') })
    })
  })
})

describe('LINEAR and CANARY (LinearConfiguration, CanaryConfiguration)', () => {
  /** The shares production traffic took, from the simulator's record of the green deployment. */
  async function trafficSteps(): Promise<number[]> {
    const record = sim.ecs.service('production', 'open-webui')!.serviceDeployments.at(-1)!
    const green = sim.ecs.service('production', 'open-webui')!.deployments[0]
    await waitFor(sim.ecs, () => record.status === 'SUCCESSFUL')
    return green.lifecycle!.trafficHistory.map(entry => entry.percent)
  }

  test('LINEAR shifts production traffic in equal steps, a step bake apart', async () => {
    sim = worldWith({
      strategy: 'LINEAR',
      bakeTimeInMinutes: 0,
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 1 }
    })
    const { record } = await deploy()
    const steps = await trafficSteps()
    expect(steps).toEqual([25, 50, 75, 100])
    expect(stages(record)).toEqual(FULL_LIFECYCLE)
    // Three step bakes of a minute between the first step and the last.
    expect(
      stageAt(record, 'POST_PRODUCTION_TRAFFIC_SHIFT') - stageAt(record, 'PRODUCTION_TRAFFIC_SHIFT')
    ).toBeGreaterThanOrEqual(3 * 60 * SECOND_MS)
  })

  test('CANARY shifts the canary share first, then the rest after the canary bake', async () => {
    sim = worldWith({
      strategy: 'CANARY',
      bakeTimeInMinutes: 0,
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 1 }
    })
    await deploy()
    expect(await trafficSteps()).toEqual([10, 100])
  })
})

describe('switching strategy with UpdateService', () => {
  test('ROLLING -> BLUE_GREEN: the next deployment runs the lifecycle; back to ROLLING: a plain rolling update', async () => {
    sim = worldWith({ strategy: 'ROLLING' })
    const rolling = await deploy('v0.6.6')
    expect(rolling.record.lifecycleStage).toBeUndefined()
    await waitFor(sim.ecs, () => rolling.record.status === 'SUCCESSFUL')

    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 }
    })
    const blueGreen = await deploy('v0.6.7')
    expect(blueGreen.record.lifecycleStage).toBe('PRE_SCALE_UP')
    await waitFor(sim.ecs, () => blueGreen.record.status === 'SUCCESSFUL')

    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      deploymentConfiguration: { strategy: 'ROLLING' }
    })
    const back = await deploy('v0.6.8')
    expect(back.record.lifecycleStage).toBeUndefined()
    await waitFor(sim.ecs, () => back.record.status === 'SUCCESSFUL')
    // The rolling tasks register where production traffic is now: the green group of the last blue/green.
    expect(liveTasks('v0.6.8')[0].targets[0].targetGroupArn).toBe(GREEN_TG)
  })

  test('the strategy cannot change while a deployment is in progress (update-bluegreen-to-rolling page)', async () => {
    sim = worldWith({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 60 })
    const { record } = await deploy()
    await waitFor(sim.ecs, () => record.lifecycleStage === 'BAKE_TIME')
    await expect(
      call(sim.ecs, 'UpdateService', {
        cluster: 'production',
        service: 'open-webui',
        deploymentConfiguration: { strategy: 'ROLLING' }
      })
    ).rejects.toMatchObject({ code: 'InvalidParameterException' })
    // The same strategy again, or no strategy at all, is no change.
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 60 }
    })
    expect(sim.ecs.service('production', 'open-webui')!.deploymentConfiguration.extra.strategy).toBe(
      'BLUE_GREEN'
    )
  })

  test('bakeTimeInMinutes outside 0..1440 is refused', async () => {
    sim = worldWith({ strategy: 'ROLLING' })
    await expect(
      call(sim.ecs, 'UpdateService', {
        cluster: 'production',
        service: 'open-webui',
        deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1441 }
      })
    ).rejects.toMatchObject({ code: 'InvalidParameterException' })
  })
})
