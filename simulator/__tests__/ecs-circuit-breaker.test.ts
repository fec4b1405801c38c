import { afterEach, describe, expect, test } from '@jest/globals'
import {
  call,
  createTestWorld,
  openWebUiTaskDefinition,
  scenarioWith,
  serviceSeed,
  waitFor,
  type TestWorld
} from './ecs-test-world.js'

type Deployment = {
  id: string
  status: string
  taskDefinition: string
  failedTasks: number
  rolloutState: string
  rolloutStateReason: string
}
type Service = { deployments: Deployment[]; events: { message: string }[]; currentServiceDeployment: string }
type ServiceDeployment = {
  status: string
  statusReason?: string
  rollback?: { reason: string; serviceRevisionArn: string }
  deploymentCircuitBreaker: { status: string; failureCount: number; threshold: number }
}

let sim: TestWorld
afterEach(() => sim?.ecs.stop())

const pullFailure = {
  match: { image: 'v0.6.6' },
  startFailure: {
    stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 7 time(s): not found'
  }
}

async function describeService(): Promise<Service> {
  const { services } = await call<{ services: Service[] }>(sim.ecs, 'DescribeServices', {
    cluster: 'production',
    services: ['open-webui']
  })
  return services[0]
}

async function deployBrokenRevision(
  circuitBreaker: { enable: boolean; rollback: boolean },
  desiredCount = 2
): Promise<{ failedId: string; revision2: string; serviceDeploymentArn: string }> {
  const { taskDefinition } = await call<{ taskDefinition: { taskDefinitionArn: string } }>(
    sim.ecs,
    'RegisterTaskDefinition',
    openWebUiTaskDefinition('v0.6.6', { migrations: 'false' })
  )
  const { service } = await call<{ service: Service }>(sim.ecs, 'UpdateService', {
    cluster: 'production',
    service: 'open-webui',
    taskDefinition: taskDefinition.taskDefinitionArn,
    desiredCount,
    deploymentConfiguration: { deploymentCircuitBreaker: circuitBreaker }
  })
  return {
    failedId: service.deployments[0].id,
    revision2: taskDefinition.taskDefinitionArn,
    serviceDeploymentArn: service.currentServiceDeployment
  }
}

async function serviceDeployment(arn: string): Promise<ServiceDeployment> {
  const { serviceDeployments } = await call<{ serviceDeployments: ServiceDeployment[] }>(
    sim.ecs,
    'DescribeServiceDeployments',
    { serviceDeploymentArns: [arn] }
  )
  return serviceDeployments[0]
}

describe('deployment circuit breaker', () => {
  test('fails after 3 failed tasks and rolls back to the last COMPLETED deployment', async () => {
    // The broken revision asks for one task more than the old one runs, so the rollback has a task to start and
    // stays IN_PROGRESS until it is healthy (tasks told to stop no longer hold a deployment back).
    sim = createTestWorld({
      ...scenarioWith(serviceSeed({ desiredCount: 2 })),
      taskBehaviours: [pullFailure],
      timing: { healthyAfterMs: 400 }
    })
    const completed = (await describeService()).deployments[0]
    const { failedId, serviceDeploymentArn } = await deployBrokenRevision({ enable: true, rollback: true }, 3)

    await waitFor(sim.ecs, () => sim.ecs.service('production', 'open-webui')!.deployments[0].id !== failedId)
    const rolling = await describeService()
    const failed = rolling.deployments.find(deployment => deployment.id === failedId)!
    expect(failed).toMatchObject({
      status: 'ACTIVE',
      rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.'
    })
    // Three tasks launch at a time for three desired, so they fail in threes: the breaker trips at 3 or more.
    expect(failed.failedTasks).toBeGreaterThanOrEqual(3)
    expect(rolling.deployments[0]).toMatchObject({
      status: 'PRIMARY',
      taskDefinition: completed.taskDefinition,
      rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${completed.id}.`
    })
    expect((await serviceDeployment(serviceDeploymentArn)).status).toBe('ROLLBACK_IN_PROGRESS')

    await waitFor(
      sim.ecs,
      () => sim.ecs.service('production', 'open-webui')!.deployments[0].rolloutState === 'COMPLETED'
    )
    const after = await describeService()
    expect(after.deployments).toHaveLength(1)
    expect(after.deployments[0].taskDefinition).toBe(completed.taskDefinition)
    const messages = after.events.map(event => event.message)
    expect(messages).toContain(
      `(service open-webui) (deployment ${failedId}) deployment failed: tasks failed to start.`
    )
    expect(messages).toContain(`(service open-webui) rolling back to deployment ${completed.id}.`)
    const record = await serviceDeployment(serviceDeploymentArn)
    expect(record).toMatchObject({
      status: 'ROLLBACK_SUCCESSFUL',
      rollback: { reason: 'ECS deployment circuit breaker: tasks failed to start.' },
      deploymentCircuitBreaker: { status: 'TRIGGERED', threshold: 3 }
    })
    // The old tasks served throughout: with 100/200 none was stopped for the broken revision.
    const oldTasks = sim.ecs.tasks('production', 'open-webui').filter(task => task.startedBy === completed.id)
    expect(oldTasks.map(task => task.lastStatus)).toEqual(['RUNNING', 'RUNNING'])
  })

  test('threshold is half the desired count, at least 3', async () => {
    sim = createTestWorld({
      ...scenarioWith(serviceSeed({ desiredCount: 10 })),
      taskBehaviours: [pullFailure]
    })
    const { failedId, serviceDeploymentArn } = await deployBrokenRevision(
      { enable: true, rollback: false },
      10
    )
    await waitFor(
      sim.ecs,
      () => sim.ecs.deployment('production', 'open-webui', failedId)!.rolloutState === 'FAILED'
    )
    expect((await serviceDeployment(serviceDeploymentArn)).deploymentCircuitBreaker.threshold).toBe(5)
    expect(sim.ecs.deployment('production', 'open-webui', failedId)!.failedTasks).toBeGreaterThanOrEqual(5)
  })

  test('without rollback the deployment stays FAILED as PRIMARY and launches nothing more', async () => {
    sim = createTestWorld({
      ...scenarioWith(serviceSeed({ desiredCount: 1 })),
      taskBehaviours: [pullFailure]
    })
    const { failedId, revision2, serviceDeploymentArn } = await deployBrokenRevision(
      { enable: true, rollback: false },
      1
    )
    await waitFor(
      sim.ecs,
      () => sim.ecs.deployment('production', 'open-webui', failedId)!.rolloutState === 'FAILED'
    )
    const launched = () =>
      sim.ecs.tasks('production', 'open-webui').filter(task => task.taskDefinition.arn === revision2)
    const launchedAtFailure = launched().length
    await new Promise(resolve => setTimeout(resolve, 150))
    sim.ecs.tick()
    expect(launched()).toHaveLength(launchedAtFailure)
    const service = await describeService()
    expect(
      service.deployments.map(deployment => [deployment.id, deployment.status, deployment.rolloutState])
    ).toEqual([
      [failedId, 'PRIMARY', 'FAILED'],
      [expect.any(String), 'ACTIVE', 'COMPLETED']
    ])
    expect(await serviceDeployment(serviceDeploymentArn)).toMatchObject({
      status: 'STOPPED',
      statusReason: 'ECS deployment circuit breaker: tasks failed to start.'
    })
  })

  test('tasks that cannot be placed count as failed launches and are reported once per reason', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1 })))
    const capacity =
      'Capacity is unavailable at this time. Please try again later or in a different availability zone.'
    sim.ecs.setPlacementFailure('production', 'open-webui', capacity)
    const { failedId } = await deployBrokenRevision({ enable: true, rollback: false }, 1)
    await waitFor(
      sim.ecs,
      () => sim.ecs.deployment('production', 'open-webui', failedId)!.rolloutState === 'FAILED'
    )
    const messages = (await describeService()).events.map(event => event.message)
    expect(
      messages.filter(
        message => message === `(service open-webui) was unable to place a task. Reason: ${capacity}`
      )
    ).toHaveLength(1)
    expect(sim.ecs.deployment('production', 'open-webui', failedId)!.failedTasks).toBe(3)
  })

  test('a task reaching healthy resets the consecutive failure count', async () => {
    let mostFailures = 0
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1 })))
    const { failedId, revision2 } = await deployBrokenRevision({ enable: true, rollback: true }, 1)
    sim.ecs.setTaskBehaviours([pullFailure])
    await waitFor(sim.ecs, () => {
      // The replacement of the first failed task is already launched (and doomed) when this runs.
      const failures = sim.ecs.deployment('production', 'open-webui', failedId)!.failedTasks
      mostFailures = Math.max(mostFailures, failures)
      if (failures >= 1) sim.ecs.setTaskBehaviours([])
      return sim.ecs
        .healthyTasks('production', 'open-webui')
        .some(task => task.taskDefinition.arn === revision2)
    })
    expect(mostFailures).toBe(2)
    expect(sim.ecs.deployment('production', 'open-webui', failedId)).toMatchObject({ failedTasks: 0 })
  })
})
