import { afterEach, describe, expect, test } from '@jest/globals'
import type { TaskRecord } from '../src/ecs/index.js'
import type { AwsError } from '../src/world.js'
import {
  call,
  createTestWorld,
  openWebUiImage,
  openWebUiTaskDefinition,
  scenarioWith,
  secretArn,
  serviceSeed,
  waitFor,
  type TestWorld
} from './ecs-test-world.js'

type Task = {
  taskArn: string
  lastStatus: string
  desiredStatus: string
  healthStatus: string
  stopCode?: string
  stoppedReason?: string
  group: string
  startedBy?: string
  availabilityZone: string
  containers: { name: string; lastStatus: string; exitCode?: number; reason?: string; healthStatus: string }[]
}

let sim: TestWorld
afterEach(() => sim?.ecs.stop())

const awsvpc = { awsvpcConfiguration: { subnets: ['subnet-a0000000'] } }

async function runOne(version: string, environment: { name: string; value: string }[] = []): Promise<Task> {
  const family = `task-${version.replace(/\W/g, '')}`
  await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition(version, { family }))
  const { tasks } = await call<{ tasks: Task[] }>(sim.ecs, 'RunTask', {
    cluster: 'production',
    taskDefinition: family,
    networkConfiguration: awsvpc,
    overrides: { containerOverrides: [{ name: 'open-webui', environment }] }
  })
  return tasks[0]
}

async function describeTask(taskArn: string): Promise<Task> {
  const { tasks } = await call<{ tasks: Task[] }>(sim.ecs, 'DescribeTasks', {
    cluster: 'production',
    tasks: [taskArn]
  })
  return tasks[0]
}

/** Waits until the engine's record of the task satisfies `until`, then describes it through the API. */
async function settled(taskArn: string, until: (task: TaskRecord) => boolean): Promise<Task> {
  await waitFor(sim.ecs, () =>
    until(sim.ecs.tasks('production').find(candidate => candidate.arn === taskArn)!)
  )
  return describeTask(taskArn)
}

function errorOf(action: () => unknown): { code?: string; message?: string } {
  try {
    action()
  } catch (error) {
    return error as AwsError
  }
  throw new Error('expected an error')
}

describe('task lifecycle', () => {
  test('goes PROVISIONING -> PENDING -> RUNNING -> HEALTHY and records each step', async () => {
    sim = createTestWorld(scenarioWith())
    const started = await runOne('v0.6.6')
    expect(started).toMatchObject({
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      group: 'family:task-v066'
    })
    const task = await settled(started.taskArn, current => current.healthStatus === 'HEALTHY')
    expect(task).toMatchObject({ lastStatus: 'RUNNING', healthStatus: 'HEALTHY' })
    expect(task.containers[0]).toMatchObject({
      name: 'open-webui',
      lastStatus: 'RUNNING',
      healthStatus: 'HEALTHY'
    })
    const events = sim.world.timeline
      .filter(entry => entry.taskArn === started.taskArn)
      .map(entry => entry.event)
    expect(events).toEqual(['PROVISIONING', 'PENDING', 'RUNNING', 'HEALTHY'])
  })

  test('an image the registry refuses stops the task with CannotPullContainerError', async () => {
    sim = createTestWorld(scenarioWith())
    sim.unpullable.add(openWebUiImage('v9.9.9'))
    const started = await runOne('v9.9.9')
    const task = await settled(started.taskArn, current => current.lastStatus === 'STOPPED')
    expect(task.stopCode).toBe('TaskFailedToStart')
    expect(task.stoppedReason).toMatch(/^CannotPullContainerError: .*open-webui:v9\.9\.9: not found$/)
    expect(task.containers[0].reason).toBe(task.stoppedReason)
    expect(task.containers[0].exitCode).toBeUndefined()
  })

  test('a secret that cannot be read stops the task with ResourceInitializationError', async () => {
    sim = createTestWorld(scenarioWith())
    sim.unreadable.add(secretArn)
    const started = await runOne('v0.6.6')
    const task = await settled(started.taskArn, current => current.lastStatus === 'STOPPED')
    expect(task.stopCode).toBe('TaskFailedToStart')
    expect(task.stoppedReason).toContain(
      'ResourceInitializationError: unable to pull secrets or registry auth'
    )
    expect(task.stoppedReason).toContain(secretArn)
  })

  test('a scenario start failure uses the given reason', async () => {
    sim = createTestWorld({
      ...scenarioWith(),
      taskBehaviours: [
        {
          match: { image: 'v0.7.0', environment: { ENABLE_DB_MIGRATIONS: 'true' } },
          startFailure: { stoppedReason: 'ResourceInitializationError: failed to validate logger args' }
        }
      ]
    })
    const migrator = await runOne('v0.7.0', [{ name: 'ENABLE_DB_MIGRATIONS', value: 'true' }])
    const fleet = await runOne('v0.7.0', [{ name: 'ENABLE_DB_MIGRATIONS', value: 'false' }])
    expect(await settled(migrator.taskArn, task => task.lastStatus === 'STOPPED')).toMatchObject({
      stoppedReason: 'ResourceInitializationError: failed to validate logger args'
    })
    expect((await settled(fleet.taskArn, task => task.healthStatus === 'HEALTHY')).lastStatus).toBe('RUNNING')
  })

  test('an essential container that exits stops the task with its exit code', async () => {
    sim = createTestWorld({
      ...scenarioWith(),
      taskBehaviours: [{ match: { image: 'v0.6.6' }, exitAfterMs: 10, exitCode: 3 }]
    })
    const started = await runOne('v0.6.6')
    const task = await settled(started.taskArn, current => current.lastStatus === 'STOPPED')
    expect(task).toMatchObject({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited'
    })
    expect(task.containers[0]).toMatchObject({ lastStatus: 'STOPPED', exitCode: 3 })
  })

  test('a service task that never passes its health check turns UNHEALTHY and is replaced', async () => {
    sim = createTestWorld({
      ...scenarioWith(serviceSeed({ desiredCount: 1 })),
      taskBehaviours: [{ match: { image: 'v0.6.6' }, healthy: false }]
    })
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.6.6'))
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: 'open-webui:2'
    })
    await waitFor(sim.ecs, () =>
      sim.ecs
        .tasks('production', 'open-webui')
        .some(
          task =>
            task.stoppedReason === 'Task failed container health checks' && task.lastStatus === 'STOPPED'
        )
    )
    const replaced = sim.ecs.tasks('production', 'open-webui').find(task => task.stoppedReason !== undefined)!
    expect(replaced).toMatchObject({ stopCode: 'ServiceSchedulerInitiated', healthStatus: 'UNHEALTHY' })
    expect(
      sim.world.timeline.filter(entry => entry.taskArn === replaced.arn).map(entry => entry.event)
    ).toEqual(['PROVISIONING', 'PENDING', 'RUNNING', 'UNHEALTHY', 'STOPPING', 'DEPROVISIONING', 'STOPPED'])
    const messages = sim.ecs.service('production', 'open-webui')!.events.map(event => event.message)
    expect(messages).toContain(`(service open-webui) (task ${replaced.id}) failed container health checks.`)
  })

  test('a start slower than the health check window ends UNHEALTHY: a long migration is killed', async () => {
    // One health-check second lasts 1 ms: startPeriod 60 + 30 x 3 retries = a 150 ms window.
    sim = createTestWorld({
      ...scenarioWith(serviceSeed({ desiredCount: 1 })),
      taskBehaviours: [{ match: { image: 'v0.7.0' }, healthyAfterMs: 1000 }],
      timing: { healthCheckSecondMs: 1 }
    })
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.7.0', { migrations: 'true' }))
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: 'open-webui:2'
    })
    await waitFor(sim.ecs, () =>
      sim.ecs
        .tasks('production', 'open-webui')
        .some(task => task.stoppedReason === 'Task failed container health checks')
    )
    const killed = sim.ecs.tasks('production', 'open-webui').find(task => task.stoppedReason !== undefined)!
    expect(killed.plan.migrationsEnabled).toBe(true)
    expect(killed.healthyAt).toBeUndefined()
    expect(killed.unhealthyAt! - killed.startedAt!).toBeCloseTo(150, 5)
  })

  test('StopTask stops a task as UserInitiated and the service replaces it', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 1 })))
    const [original] = sim.ecs.tasks('production', 'open-webui')
    const { task } = await call<{ task: Task }>(sim.ecs, 'StopTask', {
      cluster: 'production',
      task: original.id,
      reason: 'testing'
    })
    expect(task).toMatchObject({
      desiredStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'testing'
    })
    await waitFor(sim.ecs, () => sim.ecs.healthyTasks('production', 'open-webui').length === 1)
    expect(sim.ecs.healthyTasks('production', 'open-webui')[0].arn).not.toBe(original.arn)
  })

  test('a scale-in stops a running task with the scheduler reason', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 2 })))
    const stopped = sim.ecs.scaleIn('production', 'open-webui', { lowerDesiredCount: true })!
    const deploymentId = sim.ecs.service('production', 'open-webui')!.deployments[0].id
    expect(stopped).toMatchObject({
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: `Scaling activity initiated by (deployment ${deploymentId})`
    })
    await waitFor(sim.ecs, () => stopped.lastStatus === 'STOPPED')
    expect(sim.ecs.service('production', 'open-webui')!.desiredCount).toBe(1)
  })

  test('service tasks carry group, startedBy and rotate availability zones', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 3 })))
    const deploymentId = sim.ecs.service('production', 'open-webui')!.deployments[0].id
    const { taskArns } = await call<{ taskArns: string[] }>(sim.ecs, 'ListTasks', {
      cluster: 'production',
      serviceName: 'open-webui'
    })
    const { tasks } = await call<{ tasks: Task[] }>(sim.ecs, 'DescribeTasks', {
      cluster: 'production',
      tasks: taskArns
    })
    expect(tasks.map(task => [task.group, task.startedBy])).toEqual(
      tasks.map(() => ['service:open-webui', deploymentId])
    )
    expect(tasks.map(task => task.availabilityZone).sort()).toEqual([
      'us-east-1a',
      'us-east-1b',
      'us-east-1c'
    ])
  })
})

describe('ListTasks and DescribeTasks limits', () => {
  test('ListTasks pages a 250-task service by 100 with nextToken', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 250 })))
    const pages: string[][] = []
    let nextToken: string | undefined
    do {
      const page: { taskArns: string[]; nextToken?: string } = await call(sim.ecs, 'ListTasks', {
        cluster: 'production',
        serviceName: 'open-webui',
        ...(nextToken ? { nextToken } : {})
      })
      pages.push(page.taskArns)
      nextToken = page.nextToken
    } while (nextToken)
    expect(pages.map(page => page.length)).toEqual([100, 100, 50])
    expect(new Set(pages.flat()).size).toBe(250)
    const small = await call<{ taskArns: string[]; nextToken?: string }>(sim.ecs, 'ListTasks', {
      cluster: 'production',
      maxResults: 30
    })
    expect(small.taskArns).toHaveLength(30)
    expect(small.nextToken).toBeDefined()
  })

  test('ListTasks by desiredStatus STOPPED lists stopped tasks only', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 2 })))
    const [first] = sim.ecs.tasks('production', 'open-webui')
    await call(sim.ecs, 'StopTask', { cluster: 'production', task: first.arn })
    const stopped = await call<{ taskArns: string[] }>(sim.ecs, 'ListTasks', {
      cluster: 'production',
      serviceName: 'open-webui',
      desiredStatus: 'STOPPED'
    })
    expect(stopped.taskArns).toEqual([first.arn])
  })

  test('DescribeTasks rejects more than 100 tasks and reports unknown ones as MISSING', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed({ desiredCount: 101 })))
    const arns = sim.ecs.tasks('production', 'open-webui').map(task => task.arn)
    expect(
      errorOf(() => sim.ecs.handle('DescribeTasks', { cluster: 'production', tasks: arns }))
    ).toMatchObject({
      code: 'InvalidParameterException'
    })
    const missing = arns[0].replace(/[0-9a-f]{32}$/, '0'.repeat(32))
    const described = await call<{ tasks: Task[]; failures: { arn: string; reason: string }[] }>(
      sim.ecs,
      'DescribeTasks',
      { cluster: 'production', tasks: [arns[0], missing] }
    )
    expect(described.tasks).toHaveLength(1)
    expect(described.failures).toEqual([{ arn: missing, reason: 'MISSING' }])
  })

  test('a missing cluster or service is an error, as in ECS', async () => {
    sim = createTestWorld(scenarioWith(serviceSeed()))
    expect(errorOf(() => sim.ecs.handle('ListTasks', { cluster: 'nope' }))).toMatchObject({
      code: 'ClusterNotFoundException',
      message: 'Cluster not found.'
    })
    expect(
      errorOf(() => sim.ecs.handle('ListTasks', { cluster: 'production', serviceName: 'nope' }))
    ).toMatchObject({
      code: 'ServiceNotFoundException'
    })
  })
})
