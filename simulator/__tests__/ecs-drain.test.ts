import { afterEach, describe, expect, test } from '@jest/globals'
import type { TimelineEntry } from '../src/simulator.js'
import { migratorBesideOldTasks } from '../src/timeline-invariants.js'
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
 * Fidelity: how ECS stops a task behind target groups, and what maximumPercent counts while it does.
 *
 * ECS developer guide, "Amazon ECS task lifecycle"
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html):
 *   DEACTIVATING: "Amazon ECS has to perform additional steps before the task is stopped. For example, for tasks
 *   that are part of a service that's configured to use Elastic Load Balancing target groups, the target group
 *   deregistration occurs during this state."
 *   STOPPING: "This is a transition state where Amazon ECS is waiting on the container agent to take further action."
 *   DEPROVISIONING: "Amazon ECS has to perform additional steps after the task has stopped but before the task
 *   transitions to the STOPPED state. For example, for tasks that use the awsvpc network mode, the elastic network
 *   interface needs to be detached and deleted."
 * ECS API reference, DeploymentConfiguration.maximumPercent: "an upper limit on the number of your service's tasks
 * that are allowed in the RUNNING or PENDING state during a deployment".
 */

const TARGET_GROUP =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/open-webui-tg/73e2d6bc24d8a067'
const loadBalancers = [{ targetGroupArn: TARGET_GROUP, containerName: 'open-webui', containerPort: 8080 }]
/** One simulated second lasts 5 ms: the default 300 s drain is 1.5 s, the 30 s stop timeout 150 ms. */
const SECOND_MS = 5

type Task = { taskArn: string; lastStatus: string; desiredStatus: string; stoppingAt?: number }

let sim: TestWorld
afterEach(() => sim?.ecs.stop())

function worldWith(
  desiredCount: number,
  withLoadBalancer = true,
  deregistrationDelaySeconds = 300
): TestWorld {
  return createTestWorld({
    ...scenarioWith(serviceSeed({ desiredCount, ...(withLoadBalancer ? { loadBalancers } : {}) })),
    targetGroups: [{ name: 'open-webui-tg', arn: TARGET_GROUP, deregistrationDelaySeconds }],
    timing: { secondMs: SECOND_MS }
  })
}

function eventsOf(taskArn: string): TimelineEntry[] {
  return sim.world.timeline.filter(entry => entry.taskArn === taskArn)
}

function at(taskArn: string, event: TimelineEntry['event']): number {
  const entry = eventsOf(taskArn).find(candidate => candidate.event === event)
  if (!entry) throw new Error(`${taskArn} has no ${event}`)
  return entry.at
}

function targets() {
  return sim.targetGroups.targetsOf(TARGET_GROUP)
}

async function describeTask(taskArn: string): Promise<Task> {
  const { tasks } = await call<{ tasks: Task[] }>(sim.ecs, 'DescribeTasks', {
    cluster: 'production',
    tasks: [taskArn]
  })
  return tasks[0]
}

function serviceMessages(): string[] {
  return sim.ecs.service('production', 'open-webui')!.events.map(event => event.message)
}

async function registerRevision(migrations: string): Promise<string> {
  const { taskDefinition } = await call<{ taskDefinition: { taskDefinitionArn: string } }>(
    sim.ecs,
    'RegisterTaskDefinition',
    openWebUiTaskDefinition('v0.6.6', { migrations })
  )
  return taskDefinition.taskDefinitionArn
}

describe('stopping a task behind a target group (task lifecycle page)', () => {
  test('StopTask: deregistered, DEACTIVATING for the deregistration delay, STOPPING for stopTimeout, DEPROVISIONING, STOPPED', async () => {
    sim = worldWith(1)
    const [task] = sim.ecs.tasks('production', 'open-webui')
    expect(targets()).toEqual([expect.objectContaining({ id: task.privateIp, port: 8080, state: 'healthy' })])

    await call(sim.ecs, 'StopTask', { cluster: 'production', task: task.arn })
    expect(await describeTask(task.arn)).toMatchObject({
      lastStatus: 'DEACTIVATING',
      desiredStatus: 'STOPPED'
    })
    expect(targets()).toEqual([expect.objectContaining({ id: task.privateIp, state: 'draining' })])
    sim.ecs.tick()
    const messages = serviceMessages()
    expect(messages).toContain(
      `(service open-webui) deregistered 1 targets in (target-group ${TARGET_GROUP})`
    )
    expect(messages).toContain(
      `(service open-webui, taskSet ${task.deployment!.id}) has begun draining connections on 1 tasks.`
    )

    await waitFor(sim.ecs, () => task.lastStatus === 'STOPPED')
    expect(eventsOf(task.arn).map(entry => entry.event)).toEqual([
      'PROVISIONING',
      'PENDING',
      'RUNNING',
      'HEALTHY',
      'DEACTIVATING',
      'STOPPING',
      'DEPROVISIONING',
      'STOPPED'
    ])
    // Simulated durations, computed from where each state began (not measured): 300 s drain, 30 s stop timeout.
    expect(at(task.arn, 'STOPPING') - at(task.arn, 'DEACTIVATING')).toBeCloseTo(300 * SECOND_MS, 6)
    expect(at(task.arn, 'DEPROVISIONING') - at(task.arn, 'STOPPING')).toBeCloseTo(30 * SECOND_MS, 6)
    // Gone from the group; the replacement the scheduler started is registered in its place.
    expect(targets().map(target => target.id)).not.toContain(task.privateIp)
    expect(targets()).toHaveLength(1)
  })

  test('the drain lasts the deregistration delay as it was when draining began', async () => {
    sim = worldWith(1)
    const [task] = sim.ecs.tasks('production', 'open-webui')
    await call(sim.ecs, 'StopTask', { cluster: 'production', task: task.arn })
    // As ModifyTargetGroupAttributes would: a shorter delay now does not cut the running drain short.
    sim.targetGroups.byArn(TARGET_GROUP)!.attributes.set('deregistration_delay.timeout_seconds', '5')
    await waitFor(sim.ecs, () => task.lastStatus === 'STOPPED')
    expect(at(task.arn, 'STOPPING') - at(task.arn, 'DEACTIVATING')).toBeCloseTo(300 * SECOND_MS, 6)
  })

  test("the app container's stopTimeout sets how long STOPPING lasts", async () => {
    sim = worldWith(1)
    const definition = openWebUiTaskDefinition('v0.6.6', { migrations: 'false' })
    ;(definition.containerDefinitions as Record<string, unknown>[])[0].stopTimeout = 90
    await call(sim.ecs, 'RegisterTaskDefinition', definition)
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: 'open-webui:2'
    })
    await waitFor(sim.ecs, () =>
      sim.ecs
        .tasks('production', 'open-webui')
        .some(task => task.taskDefinition.revision === 2 && task.lastStatus === 'RUNNING')
    )
    const task = sim.ecs
      .tasks('production', 'open-webui')
      .find(candidate => candidate.taskDefinition.revision === 2)!
    await call(sim.ecs, 'StopTask', { cluster: 'production', task: task.arn })
    await waitFor(sim.ecs, () => task.lastStatus === 'STOPPED')
    expect(at(task.arn, 'DEPROVISIONING') - at(task.arn, 'STOPPING')).toBeCloseTo(90 * SECOND_MS, 6)
  })

  test('a task without a load balancer goes RUNNING -> STOPPING -> DEPROVISIONING -> STOPPED', async () => {
    sim = worldWith(1, false)
    const [task] = sim.ecs.tasks('production', 'open-webui')
    await call(sim.ecs, 'StopTask', { cluster: 'production', task: task.arn })
    expect(await describeTask(task.arn)).toMatchObject({ lastStatus: 'STOPPING', desiredStatus: 'STOPPED' })
    await waitFor(sim.ecs, () => task.lastStatus === 'STOPPED')
    expect(
      eventsOf(task.arn)
        .map(entry => entry.event)
        .slice(-3)
    ).toEqual(['STOPPING', 'DEPROVISIONING', 'STOPPED'])
    expect(serviceMessages().some(message => message.includes('draining'))).toBe(false)
  })

  test('a new task is registered as a target (initial, then healthy) and ECS says so', async () => {
    sim = worldWith(1)
    await call(sim.ecs, 'UpdateService', { cluster: 'production', service: 'open-webui', desiredCount: 2 })
    const fresh = () => sim.ecs.tasks('production', 'open-webui')[1]
    const freshTarget = () => targets().find(target => target.id === fresh().privateIp)
    await waitFor(sim.ecs, () => fresh()?.lastStatus === 'RUNNING')
    await waitFor(sim.ecs, () => fresh().healthyAt !== undefined)
    // The task is up; its target passes the group's first health check one interval (30 s) later.
    expect(freshTarget()?.state).toBe('initial')
    await waitFor(sim.ecs, () => freshTarget()?.state === 'healthy')
    expect(sim.world.now()).toBeGreaterThanOrEqual(fresh().healthyAt! + 30 * SECOND_MS)
    expect(targets().map(target => target.state)).toEqual(['healthy', 'healthy'])
    expect(serviceMessages()).toContain(
      `(service open-webui) registered 1 targets in (target-group ${TARGET_GROUP})`
    )
  })
})

describe('maximumPercent counts RUNNING and PENDING tasks only (DeploymentConfiguration)', () => {
  test('0/100: the migrator starts while the old tasks still drain and serve', async () => {
    sim = worldWith(2)
    const oldDefinition = sim.ecs.tasks('production', 'open-webui')[0].taskDefinition.arn
    const migrator = await registerRevision('true')
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: migrator,
      desiredCount: 1,
      deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 }
    })
    await waitFor(sim.ecs, () =>
      sim.ecs
        .tasks('production', 'open-webui')
        .every(task => task.taskDefinition.arn === migrator || task.lastStatus === 'STOPPED')
    )
    const oldImage = sim.ecs.tasks('production', 'open-webui')[0].appContainer.image
    const pairs = migratorBesideOldTasks(sim.world.timeline, 'production', 'open-webui')
    expect(pairs.length).toBeGreaterThan(0)
    for (const { migrator: running, old } of pairs) {
      expect(old.image).toBe(oldImage)
      expect(old.from).toBeLessThan(running.from)
      // The old task was still DEACTIVATING (draining, answering what it held) when the migrator was RUNNING.
      expect(running.from).toBeLessThan(old.to)
    }
    expect(sim.ecs.tasks('production', 'open-webui')[0].taskDefinition.arn).toBe(oldDefinition)
  })

  test('without a load balancer the old tasks stop serving when told to stop: no migrator beside them', async () => {
    sim = worldWith(2, false)
    const migrator = await registerRevision('true')
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: migrator,
      desiredCount: 1,
      deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 }
    })
    await waitFor(sim.ecs, () =>
      sim.ecs
        .tasks('production', 'open-webui')
        .some(task => task.taskDefinition.arn === migrator && task.lastStatus === 'RUNNING')
    )
    expect(migratorBesideOldTasks(sim.world.timeline, 'production', 'open-webui')).toEqual([])
  })

  test('desiredCount 0 drains every task; desiredCount 1 with a new revision starts one while they drain', async () => {
    // The group's longest delay, one hour (18 s here): the drain outlasts the test.
    sim = worldWith(2, true, 3600)
    const oldDefinition = sim.ecs.tasks('production', 'open-webui')[0].taskDefinition.arn
    await call(sim.ecs, 'UpdateService', { cluster: 'production', service: 'open-webui', desiredCount: 0 })
    sim.ecs.tick()
    expect(sim.ecs.tasks('production', 'open-webui').map(task => task.lastStatus)).toEqual([
      'DEACTIVATING',
      'DEACTIVATING'
    ])
    const migrator = await registerRevision('true')
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: migrator,
      desiredCount: 1
    })
    await waitFor(sim.ecs, () =>
      sim.ecs
        .tasks('production', 'open-webui')
        .some(task => task.taskDefinition.arn === migrator && task.lastStatus === 'RUNNING')
    )
    const old = sim.ecs
      .tasks('production', 'open-webui')
      .filter(task => task.taskDefinition.arn === oldDefinition)
    expect(old.map(task => task.lastStatus)).toEqual(['DEACTIVATING', 'DEACTIVATING'])
  })

  test('the deployment completes and the service is steady while old tasks still drain', async () => {
    sim = worldWith(1)
    await call(sim.ecs, 'RegisterTaskDefinition', openWebUiTaskDefinition('v0.6.6', { migrations: 'false' }))
    await call(sim.ecs, 'UpdateService', {
      cluster: 'production',
      service: 'open-webui',
      taskDefinition: 'open-webui:2'
    })
    await waitFor(
      sim.ecs,
      () => sim.ecs.service('production', 'open-webui')!.deployments[0].rolloutState === 'COMPLETED'
    )
    const old = sim.ecs.tasks('production', 'open-webui')[0]
    expect(old.lastStatus).toBe('DEACTIVATING')
    expect(serviceMessages()[0]).toBe('(service open-webui) has reached a steady state.')
  })
})
