import { afterEach, describe, expect, test } from '@jest/globals'
import { isCountedHealthy } from '../src/ecs/index.js'
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
  desiredCount: number
  runningCount: number
  taskDefinition: string
  deployments: {
    id: string
    status: string
    rolloutState: string
    rolloutStateReason: string
    taskDefinition: string
  }[]
  events: { message: string }[]
}

let sim: TestWorld
afterEach(() => sim?.ecs.stop())

async function describeService(name = 'open-webui'): Promise<Service> {
  const { services } = await call<{ services: Service[] }>(sim.ecs, 'DescribeServices', {
    cluster: 'production',
    services: [name]
  })
  return services[0]
}

async function registerRevision(version: string, migrations = 'false'): Promise<string> {
  const { taskDefinition } = await call<{ taskDefinition: { taskDefinitionArn: string } }>(
    sim.ecs,
    'RegisterTaskDefinition',
    openWebUiTaskDefinition(version, { migrations })
  )
  return taskDefinition.taskDefinitionArn
}

function primaryOf(service: Service) {
  return service.deployments.find(deployment => deployment.status === 'PRIMARY')!
}

describe('seeded service', () => {
  test('runs its desired count healthy under one COMPLETED PRIMARY deployment of revision 1', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 3 })))
    const service = await describeService()
    expect(service.deployments).toHaveLength(1)
    expect(service.deployments[0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'COMPLETED' })
    expect(service.deployments[0].id).toMatch(/^ecs-svc\/\d{19}$/)
    expect(service.taskDefinition).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/open-webui:1')
    expect(service.runningCount).toBe(3)
    const tasks = sim.ecs.tasks('production', 'open-webui')
    expect(tasks.map(task => task.healthStatus)).toEqual(['HEALTHY', 'HEALTHY', 'HEALTHY'])
    expect(new Set(tasks.map(task => task.availabilityZone)).size).toBe(3)
  })
})

describe('rolling update', () => {
  test('100/200 keeps every old task until new ones are healthy, then completes', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 2 })))
    const before = await describeService()
    const oldDeployment = before.deployments[0].id
    const revision2 = await registerRevision('v0.6.6')
    const { service: updated } = await call<{ service: Service }>(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: revision2
    })
    expect(updated.deployments.map(deployment => deployment.status)).toEqual(['PRIMARY', 'ACTIVE'])
    expect(primaryOf(updated)).toMatchObject({ taskDefinition: revision2, rolloutState: 'IN_PROGRESS' })
    const newDeployment = primaryOf(updated).id

    let fewestHealthy = Infinity
    await waitFor(sim.ecs, () => {
      const healthy = sim.ecs.tasks('production', 'open-webui').filter(isCountedHealthy).length
      fewestHealthy = Math.min(fewestHealthy, healthy)
      return sim.ecs.service('production', 'open-webui')!.deployments[0].rolloutState === 'COMPLETED'
    })
    expect(fewestHealthy).toBeGreaterThanOrEqual(2)

    const after = await describeService()
    expect(after.deployments).toHaveLength(1)
    expect(after.deployments[0]).toMatchObject({
      id: newDeployment,
      rolloutState: 'COMPLETED',
      taskDefinition: revision2
    })
    expect(after.deployments[0].rolloutStateReason).toBe(`ECS deployment ${newDeployment} completed.`)
    // The deployment completes while the old tasks still stop (they left RUNNING); they end STOPPED.
    await waitFor(sim.ecs, () =>
      sim.ecs
        .tasks('production', 'open-webui')
        .every(task => task.startedBy !== oldDeployment || task.lastStatus === 'STOPPED')
    )
    const oldTasks = sim.ecs
      .tasks('production', 'open-webui')
      .filter(task => task.startedBy === oldDeployment)
    expect(oldTasks.map(task => [task.lastStatus, task.stopCode, task.stoppedReason])).toEqual(
      oldTasks.map(() => [
        'STOPPED',
        'ServiceSchedulerInitiated',
        `Scaling activity initiated by (deployment ${oldDeployment})`
      ])
    )
    const messages = after.events.map(event => event.message)
    expect(messages[0]).toBe('(service open-webui) has reached a steady state.')
    expect(messages).toContain(`(service open-webui) (deployment ${newDeployment}) deployment completed.`)
    expect(
      messages.some(message =>
        /^\(service open-webui\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/.test(
          message
        )
      )
    ).toBe(true)
    expect(
      messages.some(message =>
        /^\(service open-webui\) has stopped [12] running tasks: \(task /.test(message)
      )
    ).toBe(true)
  })

  // maximumPercent counts tasks "in the RUNNING or PENDING state" (API reference, DeploymentConfiguration): with
  // 0/100 ECS starts the new task as soon as the old ones leave RUNNING, while they still stop.
  test('0/100 asks every old task to stop before the first new one is provisioned, which starts while they stop', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 3 })))
    const revision2 = await registerRevision('v0.6.6', 'true')
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: revision2,
      desiredCount: 1,
      deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 }
    })
    await waitFor(
      sim.ecs,
      () => sim.ecs.service('production', 'open-webui')!.deployments[0].rolloutState === 'COMPLETED'
    )
    await waitFor(sim.ecs, () =>
      sim.ecs
        .tasks('production', 'open-webui')
        .every(task => task.taskDefinition.revision === 2 || task.lastStatus === 'STOPPED')
    )
    const timeline = sim.world.timeline
    const old = (event: string) =>
      timeline
        .filter(entry => entry.event === event && !entry.taskDefinitionArn.endsWith(':2'))
        .map(entry => entry.at)
    const migrators = timeline.filter(
      entry => entry.event === 'PROVISIONING' && entry.taskDefinitionArn === revision2
    )
    expect(migrators).toHaveLength(1)
    expect(migrators[0].migrationsEnabled).toBe(true)
    expect(old('STOPPING')).toHaveLength(3)
    expect(migrators[0].at).toBeGreaterThanOrEqual(Math.max(...old('STOPPING')))
    expect(migrators[0].at).toBeLessThan(Math.max(...old('STOPPED')))
  })

  test('changing only the desired count starts no deployment', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1 })))
    const before = await describeService()
    const { service } = await call<{ service: Service }>(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      desiredCount: 3
    })
    expect(service.deployments).toHaveLength(1)
    expect(service.deployments[0].id).toBe(before.deployments[0].id)
    await waitFor(sim.ecs, () => sim.ecs.healthyTasks('production', 'open-webui').length === 3)
    const after = await describeService()
    expect(after.deployments.map(deployment => [deployment.id, deployment.rolloutState])).toEqual([
      [before.deployments[0].id, 'COMPLETED']
    ])
  })

  test('the same task definition again starts none either, forceNewDeployment does', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1 })))
    const before = await describeService()
    const same = await call<{ service: Service }>(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: 'open-webui:1'
    })
    expect(same.service.deployments).toHaveLength(1)
    const forced = await call<{ service: Service }>(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      forceNewDeployment: true
    })
    expect(forced.service.deployments).toHaveLength(2)
    expect(primaryOf(forced.service).id).not.toBe(before.deployments[0].id)
    expect(primaryOf(forced.service).taskDefinition).toBe(before.taskDefinition)
  })

  test('a service scaled to 0 completes its deployment with no task', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 2 })))
    const revision2 = await registerRevision('v0.6.6')
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: revision2,
      desiredCount: 0
    })
    await waitFor(
      sim.ecs,
      () => sim.ecs.service('production', 'open-webui')!.deployments[0].rolloutState === 'COMPLETED'
    )
    const after = await describeService()
    expect(after).toMatchObject({ desiredCount: 0, runningCount: 0 })
    expect(sim.ecs.tasks('production', 'open-webui').every(task => task.desiredStatus === 'STOPPED')).toBe(
      true
    )
    await waitFor(sim.ecs, () =>
      sim.ecs.tasks('production', 'open-webui').every(task => task.lastStatus === 'STOPPED')
    )
  })

  test('a scalable target pushes the desired count back to its minimum', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 2 })))
    sim.capacity.set('production/open-webui', { min: 2, max: 4 })
    await call(sim.ecs, 'UpdateService', { cluster: 'production', service: 'open-webui', desiredCount: 1 })
    sim.ecs.tick()
    expect((await describeService()).desiredCount).toBe(2)
    sim.capacity.delete('production/open-webui')
    await call(sim.ecs, 'UpdateService', { cluster: 'production', service: 'open-webui', desiredCount: 1 })
    expect((await describeService()).desiredCount).toBe(1)
  })

  test('a seeded deployment stays IN_PROGRESS for inProgressForMs, then completes', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1, inProgressForMs: 400 })))
    const during = await describeService()
    expect(during.deployments[0].rolloutState).toBe('IN_PROGRESS')
    await waitFor(
      sim.ecs,
      () => sim.ecs.service('production', 'open-webui')!.deployments[0].rolloutState === 'COMPLETED'
    )
    expect(sim.world.now()).toBeGreaterThanOrEqual(400)
  })
})
