import { describe, expect, test } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import type { Simulator } from '../../simulator/src/index.js'
import type { Scenario } from '../../simulator/src/scenario.js'
import { CLUSTER, SERVICE } from '../fixtures/open-webui.js'
import {
  describeRun,
  expectExit,
  healthyTaskDefinitions,
  migrationInvariants,
  primaryTaskDefinition,
  runDeploy,
  startDeployWorld,
  TARGET_MIGRATOR,
  TARGET_FLEET
} from '../support/deploy-world.js'
import { isDeepStrictEqual as isEqual } from 'node:util'
import { stopAfterEach } from '../support/simulator-lifecycle.js'
import { until } from '../support/timing.js'

/**
 * Upgrades that survive real ECS: a migration longer than the container health check's window, a service on
 * Fargate Spot, and re-runs after a partial failure that put back every setting the rollout changed.
 *
 * Time: one health-check second lasts 2 ms of simulator time (simulator/README.md). The fixture's health check
 * (startPeriod 120 + 3 x 10 s) is a 300 ms window; the migration takes 1500 ms; timeout-minutes 30 makes the
 * migrator's grace period 1800 s = 3600 ms, which covers it.
 */
let sim: Simulator | undefined
stopAfterEach(() => sim)

const SPOT_STRATEGY = [
  { capacityProvider: 'FARGATE', base: 1, weight: 0 },
  { capacityProvider: 'FARGATE_SPOT', base: 0, weight: 1 }
]
const USER_GRACE_SECONDS = 10
const TIMEOUT_MINUTES = '30'

/** The standard service with the settings a careful user has: a grace period, Spot, Auto Scaling. */
function withUserSettings(extra: Partial<Scenario> = {}) {
  return (scenario: Scenario): Scenario => {
    const service = scenario.ecs!.clusters![0].services![0]
    service.healthCheckGracePeriodSeconds = USER_GRACE_SECONDS
    service.capacityProviderStrategy = SPOT_STRATEGY
    return {
      ...scenario,
      timing: { ...scenario.timing, healthCheckSecondMs: 2 },
      taskBehaviours: [{ match: TARGET_MIGRATOR, migrationMs: 1500 }],
      ...extra
    }
  }
}

/** Every service setting a rollout may change, as the simulator holds it. */
function serviceSettings(world: Simulator) {
  const service = world.ecs.service(CLUSTER, SERVICE)!
  const { minimumHealthyPercent, maximumPercent, deploymentCircuitBreaker } = service.deploymentConfiguration
  return {
    minimumHealthyPercent,
    maximumPercent,
    circuitBreaker: { enable: deploymentCircuitBreaker.enable, rollback: deploymentCircuitBreaker.rollback },
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    capacityProviderStrategy: service.capacityProviderStrategy,
    desiredCount: service.desiredCount,
    scaling: world.autoScaling.serviceTarget(CLUSTER, SERVICE)?.suspended
  }
}

function migratorTasks(world: Simulator) {
  return world.ecs
    .tasks(CLUSTER, SERVICE)
    .filter(task => task.appContainer.environment.ENABLE_DB_MIGRATIONS === 'true')
}

describe('deploy: a migration longer than the health check window', () => {
  test('deploys with exactly one migration-enabled task ever started; the grace period is back afterwards', async () => {
    sim = await startDeployWorld({ autoScalingMin: 1 }, withUserSettings())
    const before = serviceSettings(sim)
    const { run, calls } = await runDeploy(sim, { 'timeout-minutes': TIMEOUT_MINUTES })
    expectExit(run, 0)
    expect(run.outputs.result).toBe('deployed')
    expect(migrationInvariants(sim.timeline)).toEqual({
      maxMigrators: 1,
      oldBesideMigrator: false,
      migratorsLaunched: 1
    })
    // It did outlive its window: the container health check failed before the migration ended.
    const [migrator] = migratorTasks(sim)
    expect(sim.timeline.some(entry => entry.taskArn === migrator.arn && entry.event === 'UNHEALTHY')).toBe(
      true
    )
    expect(migrator.healthyAt! - migrator.startedAt!).toBeGreaterThanOrEqual(1500)
    // The migrator step asked for a grace period covering timeout-minutes, the fleet step gave the user's back.
    const updates = calls.filter(call => call.operation === 'UpdateService')
    // updates[0] is the drain (desired count 0 on the old revision); updates[1] the migrator's deployment.
    expect(
      (updates[1].request as { healthCheckGracePeriodSeconds?: number }).healthCheckGracePeriodSeconds
    ).toBe(1800)
    expect(serviceSettings(sim)).toEqual(before)
    expect(run.summary).toMatch(/migrated in \d+\.\d s/)
    expect(run.stdout).toMatch(/Migrator done: .*migrated in/)
  })
})

describe('deploy: a service on Fargate Spot', () => {
  test('gets its migrator on FARGATE and its strategy back for the fleet', async () => {
    sim = await startDeployWorld({}, withUserSettings())
    const { run } = await runDeploy(sim, { 'timeout-minutes': TIMEOUT_MINUTES })
    expectExit(run, 0)
    const migrators = migratorTasks(sim)
    expect(migrators.map(task => task.capacityProviderName)).toEqual(['FARGATE'])
    expect(sim.ecs.service(CLUSTER, SERVICE)!.capacityProviderStrategy).toEqual(SPOT_STRATEGY)
    // The fleet is placed by the user's strategy again: its base on FARGATE, the rest on Spot.
    expect(
      sim.ecs
        .healthyTasks(CLUSTER, SERVICE)
        .map(task => task.capacityProviderName)
        .sort()
    ).toEqual(['FARGATE', 'FARGATE_SPOT'])
    expect(run.stdout).toContain('never Spot')
  })
})

describe.each([
  {
    failure: 'a migration error after an upgrade line (held)',
    behaviour: {
      match: TARGET_MIGRATOR,
      migrationError: '(psycopg2.errors.DuplicateTable) relation "note" already exists'
    },
    result: 'failed'
  },
  {
    failure: 'a database it cannot reach (rolled back)',
    behaviour: { match: TARGET_MIGRATOR, databaseUnreachable: 'connection-refused' as const },
    result: 'rolled-back'
  }
])('deploy: a Fargate Spot service whose migration fails with $failure', ({ behaviour, result }) => {
  test('stops the migrator, says so, and the strategy comes back (the run says when)', async () => {
    sim = await startDeployWorld({}, withUserSettings({ taskBehaviours: [behaviour] }))
    const world = sim
    const failed = await runDeploy(world, { 'timeout-minutes': TIMEOUT_MINUTES })
    expectExit(failed.run, 1)
    expect(failed.run.outputs.result).toBe(result)
    // No UpdateService was refused for changing the strategy without a new deployment.
    expect(
      failed.calls
        .filter(call => call.operation === 'UpdateService' && call.status !== 200)
        .map(call => call.errorCode)
    ).toEqual([])
    // The migrator is stopped: no migration-enabled task is left running or wanted.
    await until(() => migratorTasks(world).every(task => task.lastStatus === 'STOPPED'))
    expect(migratorTasks(world).filter(task => task.desiredStatus === 'RUNNING')).toEqual([])
    expect(failed.run.summary).toMatch(/The migrator was stopped|Rolled back to open-webui:1/)
    expect(failed.run.summary).not.toMatch(/left running/)
    const strategyBack = isEqual(world.ecs.service(CLUSTER, SERVICE)!.capacityProviderStrategy, SPOT_STRATEGY)
    if (strategyBack) {
      expect(failed.run.summary).not.toMatch(/capacity provider strategy/i)
    } else {
      // Left for the re-run, and the summary says so.
      expect(failed.run.summary).toMatch(/capacity provider strategy[^\n]*(re-run|next deploy)/i)
    }

    world.ecs.setTaskBehaviours([])
    const rerun = await runDeploy(world, { 'timeout-minutes': TIMEOUT_MINUTES })
    if (rerun.run.code !== 0) throw new Error(`the re-run failed:\n${describeRun(rerun.run)}`)
    expect(world.ecs.service(CLUSTER, SERVICE)!.capacityProviderStrategy).toEqual(SPOT_STRATEGY)
    expect(migrationInvariants(world.timeline)).toMatchObject({ maxMigrators: 1, oldBesideMigrator: false })
  })
})

describe('deploy: a partial failure, then a re-run, ends with every setting the service had before', () => {
  async function rerunHeals(world: Simulator, before: ReturnType<typeof serviceSettings>) {
    const rerun = await runDeploy(world, { 'timeout-minutes': TIMEOUT_MINUTES })
    if (rerun.run.code !== 0) throw new Error(`the re-run failed:\n${describeRun(rerun.run)}`)
    expect(rerun.run.outputs.result).toBe('deployed')
    expect(rerun.run.summary).toContain('left rollout-time settings behind')
    expect(serviceSettings(world)).toEqual(before)
    const fleet = primaryTaskDefinition(world)
    expect(healthyTaskDefinitions(world)).toEqual([fleet, fleet])
    expect(migrationInvariants(world.timeline).maxMigrators).toBe(1)
    // Healed once: a third run has nothing left to do.
    const third = await runDeploy(world, { 'timeout-minutes': TIMEOUT_MINUTES })
    expectExit(third.run, 0)
    expect(third.run.outputs.result).toBe('unchanged')
    return rerun
  }

  test('a cancel during the fleet step', async () => {
    sim = await startDeployWorld({ autoScalingMin: 1 }, withUserSettings())
    const world = sim
    const before = serviceSettings(world)
    const start = world.calls.length
    let child: ChildProcess | undefined
    const cancelling = runDeploy(
      world,
      { 'timeout-minutes': TIMEOUT_MINUTES },
      { onSpawn: spawned => (child = spawned) }
    )
    const updates = () =>
      world.calls.slice(start).filter(call => call.operation === 'UpdateService' && call.status === 200)
    // The drain, the migrator's deployment, then the fleet's.
    await until(() => updates().length >= 3)
    child!.kill('SIGINT')
    const cancelled = await cancelling
    expect(cancelled.run.outputs.result).toBe('failed')
    expect(cancelled.run.summary).toMatch(/cancelled during the fleet step/)
    // Left behind: the fleet step's configuration (circuit-breaker rollback off).
    await until(() => world.ecs.healthyTasks(CLUSTER, SERVICE).length === 2)
    expect(
      world.ecs.service(CLUSTER, SERVICE)!.deploymentConfiguration.deploymentCircuitBreaker.rollback
    ).toBe(false)
    await rerunHeals(world, before)
  })

  test('a crash-looping fleet, fixed before the re-run', async () => {
    sim = await startDeployWorld(
      { autoScalingMin: 1 },
      withUserSettings({
        taskBehaviours: [
          { match: TARGET_MIGRATOR, migrationMs: 1500 },
          { match: TARGET_FLEET, exitAfterMs: 30, exitCode: 137 }
        ]
      })
    )
    const world = sim
    const before = serviceSettings(world)
    const failed = await runDeploy(world, { 'timeout-minutes': TIMEOUT_MINUTES })
    expectExit(failed.run, 1)
    expect(failed.run.summary).toContain('holds v0.6.6 with migrations off')
    expect(serviceSettings(world)).not.toEqual(before)
    // The cause is fixed (say, the database's connection limit): the fleet starts now.
    world.scenario.taskBehaviours!.splice(1)
    await rerunHeals(world, before)
  })

  test('a restore call lost to throttling', async () => {
    sim = await startDeployWorld({ autoScalingMin: 1 }, withUserSettings())
    const world = sim
    const before = serviceSettings(world)
    const start = world.calls.length
    const deploying = runDeploy(world, { 'timeout-minutes': TIMEOUT_MINUTES })
    // Once the fleet's deployment started, every further UpdateService is throttled, SDK retries included.
    await until(
      () =>
        world.calls.slice(start).filter(call => call.operation === 'UpdateService' && call.status === 200)
          .length >= 3
    )
    world.faults.push({ service: 'ecs', operation: 'UpdateService', kind: 'throttle' })
    const { run } = await deploying
    world.faults.splice(0)
    expectExit(run, 0)
    expect(run.outputs.result).toBe('deployed')
    expect(run.summary).toContain('could not be restored')
    expect(
      world.ecs.service(CLUSTER, SERVICE)!.deploymentConfiguration.deploymentCircuitBreaker.rollback
    ).toBe(false)
    const rerun = await rerunHeals(world, before)
    expect(rerun.calls.filter(call => call.operation === 'RegisterTaskDefinition')).toEqual([])
  })

  test('a migrator that cannot reach the database: rolled back with every setting, and the re-run deploys', async () => {
    sim = await startDeployWorld(
      { autoScalingMin: 1 },
      withUserSettings({
        taskBehaviours: [{ match: TARGET_MIGRATOR, databaseUnreachable: 'connection-refused' }]
      })
    )
    const world = sim
    const before = serviceSettings(world)
    const previous = primaryTaskDefinition(world)
    const failed = await runDeploy(world, { 'timeout-minutes': TIMEOUT_MINUTES })
    expectExit(failed.run, 1)
    expect(failed.run.outputs.result).toBe('rolled-back')
    expect(primaryTaskDefinition(world)).toBe(previous)
    expect(serviceSettings(world)).toEqual(before)

    world.ecs.setTaskBehaviours([])
    const rerun = await runDeploy(world, { 'timeout-minutes': TIMEOUT_MINUTES })
    if (rerun.run.code !== 0) throw new Error(`the re-run failed:\n${describeRun(rerun.run)}`)
    expect(rerun.run.outputs.result).toBe('deployed')
    expect(serviceSettings(world)).toEqual(before)
    const fleet = primaryTaskDefinition(world)
    expect(healthyTaskDefinitions(world)).toEqual([fleet, fleet])
    expect(migrationInvariants(world.timeline).maxMigrators).toBe(1)
  })
})
