import { afterEach, describe, expect, test } from '@jest/globals'
import type { AwsError } from '../src/world.js'
import {
  call,
  createTestWorld,
  openWebUiTaskDefinition,
  scenarioWith,
  serviceSeed,
  waitFor,
  type TestWorld
} from './ecs-test-world.js'

type Service = {
  healthCheckGracePeriodSeconds: number
  launchType?: string
  capacityProviderStrategy?: { capacityProvider: string; weight: number; base: number }[]
  deployments: { id: string; capacityProviderStrategy?: unknown[]; launchType?: string }[]
}

let sim: TestWorld
afterEach(() => sim?.ecs.stop())

async function describeService(): Promise<Service> {
  const { services } = await call<{ services: Service[] }>(sim.ecs, 'DescribeServices', {
    cluster: 'production',
    services: ['open-webui']
  })
  return services[0]
}

function logLines(): string[] {
  return [...(sim.logs.get('/ecs/open-webui')?.values() ?? [])].flat()
}

/**
 * healthCheckGracePeriodSeconds (UpdateService/CreateService/Service):
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
 * "The period of time, in seconds, that the Amazon ECS service scheduler ignores unhealthy Elastic Load
 * Balancing, VPC Lattice, and container health checks after a task has first started ... up to 2,147,483,647
 * seconds ... This parameter doesn't trigger a new service deployment." Default 0.
 * Container health checks (startPeriod 0-300 s, interval, retries):
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html
 */
describe('the health check grace period', () => {
  test('defaults to 0, is set by UpdateService without a new deployment, and is range-checked', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1 })))
    expect((await describeService()).healthCheckGracePeriodSeconds).toBe(0)
    const before = (await describeService()).deployments.map(deployment => deployment.id)
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      healthCheckGracePeriodSeconds: 2_147_483_647
    })
    const after = await describeService()
    expect(after.healthCheckGracePeriodSeconds).toBe(2_147_483_647)
    expect(after.deployments.map(deployment => deployment.id)).toEqual(before)
    for (const bad of [-1, 2_147_483_648]) {
      await expect(
        call(sim.ecs, 'UpdateService', {
          cluster: 'production',
          service: 'open-webui',
          healthCheckGracePeriodSeconds: bad
        })
      ).rejects.toMatchObject({ code: 'InvalidParameterException' } satisfies Partial<AwsError>)
    }
  })

  test('CreateService takes it and DescribeServices shows it', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 0 })))
    await call(sim.ecs, 'CreateService', {
      cluster: 'production',
      serviceName: 'second',
      taskDefinition: 'open-webui:1',
      desiredCount: 0,
      healthCheckGracePeriodSeconds: 900
    })
    const { services } = await call<{ services: Service[] }>(sim.ecs, 'DescribeServices', {
      cluster: 'production',
      services: ['second']
    })
    expect(services[0].healthCheckGracePeriodSeconds).toBe(900)
  })

  test('a slow migrator inside the grace period is not replaced: UNHEALTHY, then HEALTHY when it ends', async () => {
    // One health-check second lasts 1 ms: startPeriod 60 + 30 x 3 = a 150 ms window; the migration takes 600.
    sim = createTestWorld({
      ...scenarioWith(serviceSeed({ desiredCount: 1, healthCheckGracePeriodSeconds: 5000 })),
      taskBehaviours: [{ match: { image: 'v0.7.0' }, migrationMs: 600 }],
      timing: { healthCheckSecondMs: 1 }
    })
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.7.0', { migrations: 'true' }))
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: 'open-webui:2',
      deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 }
    })
    const migrator = () =>
      sim.ecs.tasks('production', 'open-webui').find(task => task.taskDefinition.arn.endsWith(':2'))
    await waitFor(sim.ecs, () => migrator()?.healthStatus === 'UNHEALTHY')
    // Mid-migration: the upgrade lines are not written yet.
    expect(logLines().some(line => line.includes('Running upgrade'))).toBe(false)
    await waitFor(sim.ecs, () => migrator()?.healthStatus === 'HEALTHY')
    const task = migrator()!
    expect(task.lastStatus).toBe('RUNNING')
    expect(task.healthyAt! - task.startedAt!).toBeGreaterThanOrEqual(600)
    const migrators = sim.ecs
      .tasks('production', 'open-webui')
      .filter(candidate => candidate.taskDefinition.arn.endsWith(':2'))
    expect(migrators).toHaveLength(1)
    const lines = sim.logs.get('/ecs/open-webui')!.get(task.appContainer.logs!.stream)!
    const upgrade = lines.findIndex(line => line.includes('Running upgrade'))
    const complete = lines.findIndex(line => line.includes('Application startup complete'))
    expect(upgrade).toBeGreaterThan(-1)
    expect(complete).toBeGreaterThan(upgrade)
  })

  test('without a grace period the same migrator is replaced for failed container health checks', async () => {
    sim = createTestWorld({
      ...scenarioWith(serviceSeed({ desiredCount: 1 })),
      taskBehaviours: [{ match: { image: 'v0.7.0' }, migrationMs: 600 }],
      timing: { healthCheckSecondMs: 1 }
    })
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.7.0', { migrations: 'true' }))
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: 'open-webui:2',
      deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 }
    })
    await waitFor(sim.ecs, () =>
      sim.ecs
        .tasks('production', 'open-webui')
        .some(task => task.stoppedReason === 'Task failed container health checks')
    )
    expect(logLines().some(line => line.includes('Running upgrade'))).toBe(false)
  })
})

/**
 * Capacity provider strategies (UpdateService capacityProviderStrategy; Task.capacityProviderName):
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
 * "When you use Fargate, the capacity providers are FARGATE or FARGATE_SPOT ... This parameter doesn't trigger
 * a new service deployment." https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Task.html
 * "capacityProviderName: The capacity provider that's associated with the task."
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html
 * (base 0-100000 on one provider only, weight 0-1000).
 */
describe('capacity provider strategies', () => {
  const spot = [
    { capacityProvider: 'FARGATE', base: 1, weight: 0 },
    { capacityProvider: 'FARGATE_SPOT', weight: 1 }
  ]

  test('tasks are placed by base then weight and carry capacityProviderName', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 3, capacityProviderStrategy: spot })))
    const service = await describeService()
    expect(service.launchType).toBeUndefined()
    expect(service.capacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE', base: 1, weight: 0 },
      { capacityProvider: 'FARGATE_SPOT', base: 0, weight: 1 }
    ])
    const { taskArns } = await call<{ taskArns: string[] }>(sim.ecs, 'ListTasks', {
      cluster: 'production',
      serviceName: 'open-webui'
    })
    const { tasks } = await call<{ tasks: { capacityProviderName?: string }[] }>(sim.ecs, 'DescribeTasks', {
      cluster: 'production',
      tasks: taskArns
    })
    expect(tasks.map(task => task.capacityProviderName).sort()).toEqual([
      'FARGATE',
      'FARGATE_SPOT',
      'FARGATE_SPOT'
    ])
  })

  // ECS refuses a strategy change without forceNewDeployment: "When switching from launch type to capacity provider
  // strategy on an existing service, or making a change to a capacity provider strategy on a service that is
  // already using one, you must force a new deployment." (as ecspresso#481/#977 and pipecd#6385 quote it).
  test('changing the strategy needs forceNewDeployment; the new deployment places its tasks by it', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1, capacityProviderStrategy: spot })))
    const before = (await describeService()).deployments.map(deployment => deployment.id)
    await expect(
      call(sim.ecs, 'UpdateService', {
        cluster: 'production',
        service: 'open-webui',
        desiredCount: 2,
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }]
      })
    ).rejects.toMatchObject({
      code: 'InvalidParameterException',
      message:
        'When switching from launch type to capacity provider strategy on an existing service, or making a change to a capacity provider strategy on a service that is already using one, you must force a new deployment.'
    })
    // Refused before any change: the desired count sent with it stays as it was.
    expect(await describeService()).toMatchObject({ desiredCount: 1 })
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      capacityProviderStrategy: spot
    })
    expect((await describeService()).deployments.map(deployment => deployment.id)).toEqual(before)
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
      desiredCount: 2,
      forceNewDeployment: true
    })
    const service = await describeService()
    expect(service.deployments[0].id).not.toBe(before[0])
    expect(service.deployments[0].capacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE', weight: 1, base: 0 }
    ])
    await waitFor(sim.ecs, () => sim.ecs.healthyTasks('production', 'open-webui').length === 2)
    expect(sim.ecs.healthyTasks('production', 'open-webui').map(task => task.capacityProviderName)).toEqual([
      'FARGATE',
      'FARGATE'
    ])
  })

  test('switching from the launch type to a strategy, or back, needs forceNewDeployment too', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1 })))
    const update = (capacityProviderStrategy: unknown[]) =>
      call(sim.ecs, 'UpdateService', {
        cluster: 'production',
        service: 'open-webui',
        capacityProviderStrategy
      })
    await expect(update([])).resolves.toBeDefined()
    await expect(update(spot)).rejects.toMatchObject({ code: 'InvalidParameterException' })
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      capacityProviderStrategy: spot,
      forceNewDeployment: true
    })
    await expect(update([])).rejects.toMatchObject({ code: 'InvalidParameterException' })
  })

  test('an unknown provider, two bases or all-zero weights are refused', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1 })))
    for (const strategy of [
      [{ capacityProvider: 'EC2_SPOT', weight: 1 }],
      [
        { capacityProvider: 'FARGATE', weight: 1, base: 1 },
        { capacityProvider: 'FARGATE_SPOT', weight: 1, base: 1 }
      ],
      [{ capacityProvider: 'FARGATE', weight: 0 }]
    ]) {
      await expect(
        call(sim.ecs, 'UpdateService', {
          cluster: 'production',
          service: 'open-webui',
          capacityProviderStrategy: strategy
        })
      ).rejects.toMatchObject({ code: 'InvalidParameterException' })
    }
  })
})
