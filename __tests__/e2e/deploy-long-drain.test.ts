import { describe, expect, test } from '@jest/globals'
import type { Simulator, TimelineEntry } from '../../simulator/src/index.js'
import { CLUSTER, SERVICE } from '../fixtures/open-webui.js'
import {
  describeRun,
  healthyTaskDefinitions,
  migrationInvariants,
  primaryTaskDefinition,
  runDeploy,
  startDeployWorld
} from '../support/deploy-world.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'

/**
 * Behind a target group with AWS's default deregistration delay (300 s): stopped old tasks stay DEACTIVATING,
 * still serving what they hold, for five simulated minutes, and the simulator counts as ECS documents (only
 * RUNNING and PENDING tasks against maximumPercent), so ECS alone would start the migrator during the drain.
 * One simulated second lasts 10 ms here: the drain takes about 3 s of wall time.
 */
let sim: Simulator | undefined
stopAfterEach(() => sim)

const OLD_IMAGE = ':v0.6.5'

/** The state of each task of the service just before `at`, from the timeline. */
function statesAt(timeline: TimelineEntry[], at: number): Map<string, TimelineEntry> {
  const states = new Map<string, TimelineEntry>()
  for (const entry of timeline) {
    if (entry.at >= at) break
    if (entry.event === 'HEALTHY' || entry.event === 'UNHEALTHY') continue
    states.set(entry.taskArn, entry)
  }
  return states
}

describe('deploy behind a target group with a 300 s deregistration delay', () => {
  test('no migration-enabled task runs while an old task is RUNNING or DEACTIVATING; the deploy succeeds', async () => {
    sim = await startDeployWorld({ desiredCount: 2, deregistrationDelaySeconds: 300 }, scenario => ({
      ...scenario,
      timing: { ...scenario.timing, secondMs: 10 }
    }))
    const world = sim
    const { run } = await runDeploy(world, { 'timeout-minutes': '15' })
    if (run.code !== 0) throw new Error(describeRun(run))
    expect(run.outputs.result).toBe('deployed')

    const timeline = world.timeline.filter(entry => entry.cluster === CLUSTER && entry.service === SERVICE)
    // The old tasks did drain through the target group.
    const oldTasks = new Set(
      timeline.filter(entry => entry.image.includes(OLD_IMAGE)).map(entry => entry.taskArn)
    )
    expect(oldTasks.size).toBe(2)
    for (const task of oldTasks) {
      expect(timeline.filter(entry => entry.taskArn === task).map(entry => entry.event)).toEqual(
        expect.arrayContaining(['DEACTIVATING', 'STOPPING', 'STOPPED'])
      )
    }
    // At every instant a migration-enabled task became RUNNING, no old task was RUNNING or DEACTIVATING.
    const migratorRunning = timeline.filter(entry => entry.migrationsEnabled && entry.event === 'RUNNING')
    expect(migratorRunning).toHaveLength(1)
    for (const start of migratorRunning) {
      const oldServing = [...statesAt(timeline, start.at + 1).values()].filter(
        state => state.image.includes(OLD_IMAGE) && ['RUNNING', 'DEACTIVATING'].includes(state.event)
      )
      expect(oldServing).toEqual([])
    }
    // Stronger, and in order rather than time: the migrator was launched only after every old task was STOPPED.
    const firstMigratorLaunch = timeline.findIndex(entry => entry.migrationsEnabled)
    const lastOldStop = timeline.findLastIndex(
      entry => entry.image.includes(OLD_IMAGE) && entry.event === 'STOPPED'
    )
    expect(lastOldStop).toBeGreaterThanOrEqual(0)
    expect(firstMigratorLaunch).toBeGreaterThan(lastOldStop)
    expect(migrationInvariants(world.timeline)).toEqual({
      maxMigrators: 1,
      oldBesideMigrator: false,
      migratorsLaunched: 1
    })
    const fleet = primaryTaskDefinition(world)
    expect(healthyTaskDefinitions(world)).toEqual([fleet, fleet])
    expect(run.stdout).toMatch(/::group::Drain: stop every task of open-webui:1 before the migrator starts/)
  })
})
