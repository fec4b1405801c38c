import { describe, expect, test } from '@jest/globals'
import type { Simulator, TimelineEntry } from '../../simulator/src/index.js'
import { CLUSTER, SERVICE } from '../fixtures/open-webui.js'
import {
  migrationInvariants,
  primaryTaskDefinition,
  runDeploy,
  startDeployWorld,
  TARGET_MIGRATOR
} from '../support/deploy-world.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'

/**
 * The deadline (timeout-minutes) swept across the migrator step: during the drain, with the migrator PENDING,
 * RUNNING before its first upgrade line, after it, and HEALTHY. Where exactly each deadline falls depends on how
 * fast the machine runs the bundle, so nothing here assumes it: each run is judged by what the simulator's
 * timeline shows happened. The rule: once a migrator task reached RUNNING, the old image never starts again,
 * and the summary never says that no migrator ran.
 */
let sim: Simulator | undefined
stopAfterEach(() => sim)

/**
 * From 2.4 s (the fixture's drain is 2 s: no deregistration delay, stopTimeout 2 s) to 5.4 s after the rollout
 * begins; the migrator migrates for 1.5 s, then turns HEALTHY.
 */
const DEADLINES_MINUTES = ['0.04', '0.05', '0.06', '0.07', '0.09']

function ofService(timeline: TimelineEntry[]): TimelineEntry[] {
  return timeline.filter(entry => entry.cluster === CLUSTER && entry.service === SERVICE)
}

describe.each(DEADLINES_MINUTES)('deploy: the deadline at timeout-minutes %s', timeoutMinutes => {
  test('never starts the old image once a migrator reached RUNNING, and says what happened', async () => {
    sim = await startDeployWorld({ desiredCount: 2 }, scenario => ({
      ...scenario,
      taskBehaviours: [{ match: TARGET_MIGRATOR, migrationMs: 1500 }]
    }))
    const previous = primaryTaskDefinition(sim)
    const { run } = await runDeploy(sim, { 'timeout-minutes': timeoutMinutes })
    const timeline = ofService(sim.timeline)
    const firstMigrator = timeline.findIndex(
      entry => entry.migrationsEnabled && entry.event === 'PROVISIONING'
    )
    const migratorRan = timeline.some(entry => entry.migrationsEnabled && entry.event === 'RUNNING')
    const oldStartedAfterMigrator =
      firstMigrator >= 0 &&
      timeline
        .slice(firstMigrator)
        .some(entry => entry.event === 'PROVISIONING' && entry.image.includes(':v0.6.5'))

    expect(['deployed', 'failed', 'rolled-back']).toContain(run.outputs.result)
    const invariants = migrationInvariants(sim.timeline)
    expect(invariants.maxMigrators).toBeLessThanOrEqual(1)
    expect(invariants.oldBesideMigrator).toBe(false)
    if (migratorRan) {
      expect(oldStartedAfterMigrator).toBe(false)
      expect(run.outputs.result).not.toBe('rolled-back')
      expect(run.summary).not.toContain('No migrator task reached RUNNING')
      expect(primaryTaskDefinition(sim)).not.toBe(previous)
    } else if (run.outputs.result === 'rolled-back') {
      // Rolled back only with nothing of the new version ever started: the old tasks serve again.
      expect(primaryTaskDefinition(sim)).toBe(previous)
      expect(run.summary).toMatch(/No migrator task reached RUNNING|No task of the new version had started/)
    }
    if (run.outputs.result === 'deployed') expect(migratorRan).toBe(true)
  })
})
