import { describe, expect, test } from '@jest/globals'
import type { Simulator } from '../../../simulator/src/index.js'
import { CLUSTER, SERVICE } from '../../fixtures/open-webui.js'
import { harness, migratorTasksLaunched, startStandardSimulator } from './simulated-rollout.js'
import { until } from '../../support/timing.js'
import { stopAfterEach } from '../../support/simulator-lifecycle.js'

let sim: Simulator | undefined
stopAfterEach(() => sim)

const SLOW_MIGRATOR = [
  { match: { image: 'v0.6.6', environment: { ENABLE_DB_MIGRATIONS: 'true' } }, healthyAfterMs: 1500 }
]
const ALL_RESUMED = {
  DynamicScalingInSuspended: false,
  DynamicScalingOutSuspended: false,
  ScheduledScalingSuspended: false
}

function migratorRunning(sim: Simulator): boolean {
  return sim.ecs
    .tasks(CLUSTER, SERVICE)
    .some(task => task.plan.migrationsEnabled && task.lastStatus === 'RUNNING')
}

describe('cancellation', () => {
  test('mid-migration: no new writes, the migrator left to finish, scaling kept suspended; a re-run resumes', async () => {
    sim = await startStandardSimulator({ desiredCount: 2, autoScalingMin: 2 }, scenario => ({
      ...scenario,
      taskBehaviours: SLOW_MIGRATOR
    }))
    const run = harness(sim)
    const rollout = run.rollout()
    await until(() => migratorRunning(sim!))
    const cancelledAt = sim.world.now()
    run.controller.abort(new Error('cancelled by SIGINT'))
    const outcome = await rollout

    expect(outcome.result).toBe('failed')
    expect(outcome.annotations).toContainEqual(
      expect.objectContaining({ level: 'error', title: 'Deploy cancelled (migrator)' })
    )
    expect(sim.calls.filter(call => call.mutating && call.at > cancelledAt)).toEqual([])
    expect(sim.ecs.service(CLUSTER, SERVICE)!.desiredCount).toBe(1)
    expect(outcome.summary).toContain('Re-run the deploy to resume')
    expect(outcome.summary).toContain('cancelled during the migrator phase')

    const again = harness(sim)
    const resumed = await again.rollout()
    expect(resumed.result).toBe('deployed')
    expect(resumed.summary).toMatch(/\| Migrator \| ➖ skipped \|/)
    expect(migratorTasksLaunched(sim)).toHaveLength(1)
    expect(sim.ecs.healthyTasks(CLUSTER, SERVICE)).toHaveLength(2)
    const target = await again.context.ports.autoScaling.describeServiceTarget(CLUSTER, SERVICE)
    expect(target?.SuspendedState).toEqual(ALL_RESUMED)
  })

  test('during the fleet step: the fleet carries on, scaling is restored', async () => {
    sim = await startStandardSimulator({ desiredCount: 2, autoScalingMin: 2 }, scenario => ({
      ...scenario,
      taskBehaviours: [
        { match: { image: 'v0.6.6', environment: { ENABLE_DB_MIGRATIONS: 'false' } }, healthyAfterMs: 1500 }
      ]
    }))
    const run = harness(sim)
    const rollout = run.rollout()
    await until(() =>
      sim!.ecs
        .tasks(CLUSTER, SERVICE)
        .some(task => !task.plan.migrationsEnabled && task.appContainer.image.includes(':v0.6.6'))
    )
    run.controller.abort(new Error('cancelled by SIGTERM'))
    const outcome = await rollout
    expect(outcome.result).toBe('failed')
    expect(outcome.summary).toContain('The fleet deployment')
    const target = await run.context.ports.autoScaling.describeServiceTarget(CLUSTER, SERVICE)
    expect(target?.SuspendedState).toEqual(ALL_RESUMED)
    // The drain (desired count 0), the migrator's deployment, the fleet's: nothing after the cancel.
    const updates = sim.calls.filter(call => call.operation === 'UpdateService')
    expect(updates).toHaveLength(3)
    expect(updates[0].request).toEqual({ cluster: 'prod', service: 'open-webui', desiredCount: 0 })
  })
})

describe('timeout', () => {
  test('a migration still running at the timeout is left alone, with what to do', async () => {
    sim = await startStandardSimulator({}, scenario => ({
      ...scenario,
      taskBehaviours: [
        { match: { image: 'v0.6.6', environment: { ENABLE_DB_MIGRATIONS: 'true' } }, healthyAfterMs: 60_000 }
      ]
    }))
    const run = harness(sim, { 'timeout-minutes': '0.02' })
    const outcome = await run.rollout()
    expect(outcome.result).toBe('failed')
    expect(outcome.failure).toContain('Timed out waiting for the migrator')
    expect(outcome.summary).toContain('may still be migrating')
    // The drain, one deployment; the only other write raises the grace period so ECS does not replace the
    // migrator either.
    const updates = sim.calls.filter(call => call.operation === 'UpdateService')
    expect(updates).toHaveLength(3)
    expect(updates[0].request).toEqual({ cluster: 'prod', service: 'open-webui', desiredCount: 0 })
    expect(updates[2].request).toEqual({
      cluster: 'prod',
      service: 'open-webui',
      healthCheckGracePeriodSeconds: 86400
    })
    expect(sim.ecs.service('prod', 'open-webui')!.healthCheckGracePeriodSeconds).toBe(86400)
    expect(outcome.summary).toContain('grace period is 86400 s')
    expect(migratorRunning(sim)).toBe(true)
  })
})
