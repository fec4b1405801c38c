import { describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'
import type { CallRecord } from '../../simulator/src/simulator.js'
import type { TaskBehaviour } from '../../simulator/src/scenario.js'
import { CLUSTER, SERVICE } from '../fixtures/open-webui.js'
import {
  describeRun,
  errorAnnotations,
  expectExit,
  healthyTaskDefinitions,
  migrationInvariants,
  primaryTaskDefinition,
  runDeploy,
  stackedDeployments,
  startDeployWorld,
  TARGET_MIGRATOR,
  type RunRecord
} from '../support/deploy-world.js'
import { until } from '../support/timing.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'

/**
 * What ECS throws at a running rollout (v0.6.5 -> v0.6.6 with a migration, on the bundled action): a secret that
 * turns unreadable once tasks start, a task stopped by a scale-in, the service deleted under the rollout, the
 * timeout, and a second deploy of the same service at once. Each ends deployed with the right final state, or
 * fails cleanly (exit 1, an ::error with the cause, the summary describing the service as it is), and never with
 * two migrators or a migrator beside old tasks. Image pull failures, health checks that never pass, essential
 * containers that exit and circuit-breaker rollbacks are in deploy-failures.test.ts.
 */
let sim: Simulator | undefined
stopAfterEach(() => sim)

async function startWorld(behaviours: TaskBehaviour[] = []): Promise<Simulator> {
  sim = await startDeployWorld({ desiredCount: 2 }, scenario => ({ ...scenario, taskBehaviours: behaviours }))
  return sim
}

function previousRevision(world: Simulator): string {
  return `arn:aws:ecs:${world.region}:${world.accountId}:task-definition/open-webui:1`
}

function updatesOf(calls: CallRecord[]): CallRecord[] {
  return calls.filter(call => call.operation === 'UpdateService' && call.status === 200)
}

function expectCleanFailure(record: RunRecord, cause: RegExp): void {
  expectExit(record.run, 1)
  const errors = errorAnnotations(record.run)
  expect(errors.length).toBeGreaterThanOrEqual(1)
  expect(errors.map(error => error.message).join('\n')).toMatch(cause)
  expect(record.run.summary.length).toBeGreaterThan(0)
  expect(`${record.run.stdout}\n${record.run.stderr}`).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/)
}

function expectMigrationSafety(world: Simulator): void {
  const invariants = migrationInvariants(world.timeline)
  expect(invariants.maxMigrators).toBeLessThanOrEqual(1)
  expect(invariants.oldBesideMigrator).toBe(false)
}

describe('ECS faults during the rollout', () => {
  it('a secret deleted after the checks, unreadable at task start: rolled back before any migration', async () => {
    const world = await startWorld()
    const start = world.calls.length
    const deploying = runDeploy(world)
    // Pre-flight saw the secret; it goes away before the migrator starts (ResourceInitializationError).
    await until(() => world.calls.slice(start).some(call => call.operation === 'RegisterTaskDefinition'))
    world.secretsManager.scheduleDeletion('open-webui/redis-url')
    const record = await deploying
    expectCleanFailure(record, /ResourceInitializationError|secret/i)
    expect(record.run.outputs.result).toBe('rolled-back')
    expect(primaryTaskDefinition(world)).toBe(previousRevision(world))
    world.secretsManager.restore('open-webui/redis-url')
    await until(() => healthyTaskDefinitions(world).length === 2)
    expect(healthyTaskDefinitions(world)).toEqual([previousRevision(world), previousRevision(world)])
    expect(migrationInvariants(world.timeline).migratorsLaunched).toBeGreaterThan(0)
    expect(world.timeline.some(entry => entry.migrationsEnabled && entry.event === 'RUNNING')).toBe(false)
    expect(record.run.summary).toMatch(/Rolled back to open-webui:1|rolled back/i)
  })

  it('a fleet task stopped by a scale-in mid-rollout: ECS replaces it, the deploy completes', async () => {
    const world = await startWorld()
    const start = world.calls.length
    const deploying = runDeploy(world)
    await until(() => {
      const fleet = updatesOf(world.calls.slice(start))[2]
      const fleetArn = (fleet?.request as { taskDefinition?: string } | undefined)?.taskDefinition
      return (
        fleetArn !== undefined &&
        world.ecs
          .tasks(CLUSTER, SERVICE)
          .some(task => task.taskDefinition.arn === fleetArn && task.lastStatus === 'RUNNING')
      )
    })
    // The drain, the migrator's deployment, the fleet's.
    const fleetArn = (updatesOf(world.calls.slice(start))[2].request as { taskDefinition: string })
      .taskDefinition
    const victim = world.ecs
      .tasks(CLUSTER, SERVICE)
      .find(task => task.taskDefinition.arn === fleetArn && task.lastStatus === 'RUNNING')!
    expect(world.ecs.scaleIn(CLUSTER, SERVICE, { taskArn: victim.arn })).toBeDefined()
    const record = await deploying
    if (record.run.code !== 0) throw new Error(describeRun(record.run))
    expect(record.run.outputs.result).toBe('deployed')
    expect(healthyTaskDefinitions(world)).toEqual([fleetArn, fleetArn])
    expectMigrationSafety(world)
  })

  it('the migrator stopped by a scale-in: never two migrators at once, and the end is reported as it is', async () => {
    const world = await startWorld([{ match: TARGET_MIGRATOR, healthyAfterMs: 400 }])
    const start = world.calls.length
    const deploying = runDeploy(world)
    await until(() =>
      world.ecs
        .tasks(CLUSTER, SERVICE)
        .some(
          task =>
            task.appContainer.environment.ENABLE_DB_MIGRATIONS === 'true' && task.lastStatus === 'RUNNING'
        )
    )
    world.ecs.scaleIn(CLUSTER, SERVICE)
    const record = await deploying
    expectMigrationSafety(world)
    if (record.run.code === 0) {
      expect(record.run.outputs.result).toBe('deployed')
      const fleet = record.run.outputs['task-definition-arn']
      expect(healthyTaskDefinitions(world)).toEqual([fleet, fleet])
    } else {
      expectCleanFailure(record, /migrator|stopped|scale/i)
      // Never the old image after a migrator ran.
      expect(primaryTaskDefinition(world)).not.toBe(previousRevision(world))
    }
    expect(
      updatesOf(world.calls.slice(start)).every(
        call => (call.request as { taskDefinition?: string }).taskDefinition !== previousRevision(world)
      )
    ).toBe(true)
  })

  it('the service deleted mid-rollout: exit 1 saying so, nothing written after', async () => {
    const world = await startWorld([{ match: TARGET_MIGRATOR, healthyAfterMs: 600 }])
    const start = world.calls.length
    const deploying = runDeploy(world)
    // Past the drain: the migrator's deployment started.
    await until(() => updatesOf(world.calls.slice(start)).length >= 2)
    world.ecs.deleteService(CLUSTER, SERVICE)
    const deletedAt = world.calls.length
    const record = await deploying
    expectCleanFailure(record, /delet|draining|INACTIVE|not found|MISSING|gone/i)
    expect(record.run.summary).toMatch(/deleted|gone|DRAINING|INACTIVE/i)
    expect(world.calls.slice(deletedAt).filter(call => call.operation === 'UpdateService')).toEqual([])
    expectMigrationSafety(world)
  })

  it('the timeout reached while the migrator migrates: exit 1, the migrator left running, the summary says how to resume', async () => {
    // timeout-minutes takes at least 1: the migrator is still migrating a minute in.
    const world = await startWorld([{ match: TARGET_MIGRATOR, healthyAfterMs: 150_000 }])
    const record = await runDeploy(world, { 'timeout-minutes': '1' })
    expectCleanFailure(record, /timeout|timed out|minutes/i)
    expect(record.run.outputs.result).toBe('failed')
    expect(record.run.summary).toMatch(/re-run/i)
    const migrator = record.run.outputs['migrator-task-definition-arn']
    expect(migrator).toBeDefined()
    expect(primaryTaskDefinition(world)).toBe(migrator)
    expect(
      world.ecs
        .tasks(CLUSTER, SERVICE)
        .filter(task => task.desiredStatus === 'RUNNING')
        .map(task => task.taskDefinition.arn)
    ).toEqual([migrator])
    expectMigrationSafety(world)
  })
})

describe('two deploys of the same service at once (two processes, one simulator)', () => {
  it('never stacks two deployments, never runs two migrators; the service ends on the new version', async () => {
    const world = await startWorld()
    const [one, two] = await Promise.all([runDeploy(world), runDeploy(world)])
    expect(stackedDeployments(world)).toEqual([])
    expectMigrationSafety(world)
    expect(migrationInvariants(world.timeline).migratorsLaunched).toBe(1)
    const codes = [one.run.code, two.run.code].sort()
    for (const record of [one, two]) {
      if (record.run.code !== 0) expectCleanFailure(record, /deploy|deployment|another|progress|changed/i)
    }
    // ECS has no lock: when both drains' writes interleave (one's desired count 0 lands on the other's migrator),
    // both stop, cleanly and without two migrators (checked above). Then a re-run finishes the deploy.
    if (codes[0] !== 0) expectExit((await runDeploy(world)).run, 0)
    expectMigrationSafety(world)
    const fleet = primaryTaskDefinition(world)!
    expect(world.ecs.healthyTasks(CLUSTER, SERVICE).map(task => task.appContainer.image)).toEqual([
      expect.stringContaining(':v0.6.6@'),
      expect.stringContaining(':v0.6.6@')
    ])
    expect(healthyTaskDefinitions(world)).toEqual([fleet, fleet])
  })
})
