import { describe, expect, test } from '@jest/globals'
import type { Simulator, TimelineEntry } from '../../simulator/src/index.js'
import type { Scenario } from '../../simulator/src/scenario.js'
import { CLUSTER, SERVICE } from '../fixtures/open-webui.js'
import {
  describeRun,
  migrationInvariants,
  primaryTaskDefinition,
  runDeploy,
  startDeployWorld,
  TARGET_FLEET,
  TARGET_MIGRATOR
} from '../support/deploy-world.js'

/**
 * The deadline (timeout-minutes: 1, the smallest the action takes) swept across the migrator step by slowing
 * the simulator instead of shortening the timeout: the deadline falls during the drain, with the migrator
 * PENDING, RUNNING before its first upgrade line, after it, and HEALTHY (the fleet still starting). Each point
 * leaves tens of seconds between the deadline and the nearest state change, and the rollout's deadline counts
 * from its own start, so a slow machine moves the states and the deadline together. The points run at once:
 * the file takes about as long as the slowest one. The rule: once a migrator task reached RUNNING, the old image
 * never starts again, and the summary says what happened.
 */

interface DeadlinePoint {
  name: string
  /** The simulator slowed so the deadline falls where `name` says. */
  world: (scenario: Scenario) => Scenario
  deregistrationDelaySeconds?: number
  /** Where the deadline fell, as the run's summary tells it. */
  summary: RegExp
  /** Whether a migrator reached RUNNING before the deadline. */
  migratorRan: boolean
  /** Whether the run saw (and printed) the migrator's first `Running upgrade` line before the deadline. */
  upgradeLine: boolean
}

const POINTS: DeadlinePoint[] = [
  {
    name: 'during the drain',
    // 40 s of deregistration delay (fits the minute, so the rollout is not refused) lasting 100 s of wall time.
    deregistrationDelaySeconds: 40,
    world: scenario => ({ ...scenario, timing: { ...scenario.timing, secondMs: 2500 } }),
    summary: /Timed out waiting for the old tasks to stop/,
    migratorRan: false,
    upgradeLine: false
  },
  {
    name: 'with the migrator PENDING',
    // Every task waits 75 s in PENDING: the migrator, launched after a quick drain, is still PENDING at 60 s.
    world: scenario => ({ ...scenario, timing: { ...scenario.timing, pendingMs: 75_000 } }),
    summary: /No migrator task reached RUNNING|No task of the new version had started/,
    migratorRan: false,
    upgradeLine: false
  },
  {
    name: 'with the migrator RUNNING, before its first upgrade line',
    // A slow migration logs its upgrade lines when it ends, 150 s after RUNNING.
    world: scenario => ({ ...scenario, taskBehaviours: [{ match: TARGET_MIGRATOR, migrationMs: 150_000 }] }),
    summary: /reached RUNNING and may still be migrating: it was left running/,
    migratorRan: true,
    upgradeLine: false
  },
  {
    name: 'after the migrator’s first upgrade line',
    // Alembic logs its upgrade line as the migrator starts; the port opens 150 s later.
    world: scenario => ({
      ...scenario,
      taskBehaviours: [{ match: TARGET_MIGRATOR, healthyAfterMs: 150_000 }]
    }),
    summary: /reached RUNNING and may still be migrating: it was left running/,
    migratorRan: true,
    upgradeLine: true
  },
  {
    name: 'with the migrator HEALTHY (the fleet still starting)',
    world: scenario => ({
      ...scenario,
      taskBehaviours: [
        { match: TARGET_MIGRATOR, healthyAfterMs: 25_000 },
        { match: TARGET_FLEET, healthyAfterMs: 120_000 }
      ]
    }),
    summary: /The fleet deployment of v0\.6\.6 \(migrations off, open-webui:3\) was left to continue/,
    migratorRan: true,
    upgradeLine: true
  }
]

function ofService(timeline: TimelineEntry[]): TimelineEntry[] {
  return timeline.filter(entry => entry.cluster === CLUSTER && entry.service === SERVICE)
}

describe('deploy: the deadline of timeout-minutes 1 swept across the migrator step', () => {
  test.concurrent.each(POINTS)(
    '$name: never starts the old image once a migrator reached RUNNING, and says what happened',
    async point => {
      let sim: Simulator | undefined
      try {
        sim = await startDeployWorld(
          {
            desiredCount: 2,
            ...(point.deregistrationDelaySeconds !== undefined
              ? { deregistrationDelaySeconds: point.deregistrationDelaySeconds }
              : {})
          },
          point.world
        )
        const previous = primaryTaskDefinition(sim)
        const { run } = await runDeploy(sim, { 'timeout-minutes': '1' }, { timeoutMs: 280_000 })
        const timeline = ofService(sim.timeline)
        const firstMigratorRunning = timeline.findIndex(
          entry => entry.migrationsEnabled && entry.event === 'RUNNING'
        )
        const migratorRan = firstMigratorRunning >= 0
        const oldStartedAfterMigrator =
          migratorRan &&
          timeline
            .slice(firstMigratorRunning)
            .some(entry => entry.event === 'PROVISIONING' && entry.image.includes(':v0.6.5'))

        if (run.code !== 1) throw new Error(`expected the deadline to fail the run:\n${describeRun(run)}`)
        expect(run.summary).toMatch(point.summary)
        expect(migratorRan).toBe(point.migratorRan)
        expect(run.stdout.includes('migrator | INFO  [alembic.runtime.migration] Running upgrade')).toBe(
          point.upgradeLine
        )
        const invariants = migrationInvariants(sim.timeline)
        expect(invariants.maxMigrators).toBeLessThanOrEqual(1)
        expect(invariants.oldBesideMigrator).toBe(false)
        if (migratorRan) {
          expect(oldStartedAfterMigrator).toBe(false)
          expect(run.outputs.result).toBe('failed')
          expect(run.summary).not.toContain('No migrator task reached RUNNING')
          expect(primaryTaskDefinition(sim)).not.toBe(previous)
        } else {
          // Nothing of the new version ran: the old tasks may serve again, and the summary never says otherwise.
          expect(run.summary).not.toMatch(/Migrations may have run|migrations ran/i)
          expect(['failed', 'rolled-back']).toContain(run.outputs.result)
        }
      } finally {
        await sim?.stop()
      }
    },
    300_000
  )
})
