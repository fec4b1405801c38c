import { describe, expect, test } from '@jest/globals'
import type { Simulator } from '../../../simulator/src/index.js'
import type { TaskBehaviour } from '../../../simulator/src/scenario.js'
import { CLUSTER, SERVICE } from '../../fixtures/open-webui.js'
import {
  harness,
  migrationInvariants,
  migratorTasksLaunched,
  startStandardSimulator
} from './simulated-rollout.js'
import { stopAfterEach } from '../../support/simulator-lifecycle.js'

let sim: Simulator | undefined
stopAfterEach(() => sim)

const MIGRATOR = { image: 'v0.6.6', environment: { ENABLE_DB_MIGRATIONS: 'true' } }
const FLEET = { image: 'v0.6.6', environment: { ENABLE_DB_MIGRATIONS: 'false' } }

async function withBehaviours(behaviours: TaskBehaviour[], inputs: Record<string, string> = {}) {
  sim = await startStandardSimulator({ desiredCount: 2 }, scenario => ({
    ...scenario,
    taskBehaviours: behaviours
  }))
  const run = harness(sim, inputs)
  const outcome = await run.rollout()
  return { sim, run, outcome }
}

/** Tasks launched from a revision whose image holds `version`, with migrations on or off. */
function launched(sim: Simulator, version: string, migrations: boolean): number {
  return new Set(
    sim.timeline
      .filter(
        entry =>
          entry.event === 'PROVISIONING' &&
          entry.image.includes(`:v${version}`) &&
          entry.migrationsEnabled === migrations
      )
      .map(entry => entry.taskArn)
  ).size
}

describe('the migrator fails before migrating: rolled back', () => {
  test('image cannot be pulled: back on the previous revision, fleet never deployed, the reason shown', async () => {
    const { outcome } = await withBehaviours([
      {
        match: MIGRATOR,
        startFailure: {
          stopCode: 'TaskFailedToStart',
          stoppedReason:
            'CannotPullContainerError: pull image manifest has been retried 5 time(s): manifest unknown',
          containerReason: 'CannotPullContainerError: manifest unknown'
        }
      }
    ])
    expect(outcome.result).toBe('rolled-back')
    expect(outcome.failure).toContain('CannotPullContainerError')
    expect(outcome.failure).toContain('rolled back to v0.6.5')
    expect(launched(sim!, '0.6.6', false)).toBe(0)
    const service = sim!.ecs.service(CLUSTER, SERVICE)!
    expect(service.deployments[0].taskDefinitionArn).toMatch(/open-webui:1$/)
    expect(sim!.ecs.healthyTasks(CLUSTER, SERVICE).map(task => task.taskDefinition.arn)).toEqual([
      expect.stringMatching(/open-webui:1$/),
      expect.stringMatching(/open-webui:1$/)
    ])
    expect(outcome.annotations.filter(annotation => annotation.level === 'error')).toEqual([
      expect.objectContaining({ title: 'Deploy rolled back (migrator)' })
    ])
    expect(outcome.summary).toContain('↩️')
    expect(outcome.summary).toContain('No migrator task reached RUNNING')
    expect(outcome.summary).toMatch(/\| \d+ \| open-webui:2 \| TaskFailedToStart \| CannotPullContainerError/)
    expect(outcome.summary).toMatch(/\| Roll back \| ✅ OK \|/)
  })

  test('a secret cannot be read at start: rolled back with ResourceInitializationError shown', async () => {
    const { outcome } = await withBehaviours([
      {
        match: MIGRATOR,
        startFailure: {
          stopCode: 'TaskFailedToStart',
          stoppedReason:
            'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: AccessDeniedException'
        }
      }
    ])
    expect(outcome.result).toBe('rolled-back')
    expect(outcome.failure).toContain('ResourceInitializationError')
  })

  test('rollback never: left as it is, reported', async () => {
    const { outcome } = await withBehaviours(
      [
        {
          match: MIGRATOR,
          startFailure: { stopCode: 'TaskFailedToStart', stoppedReason: 'CannotPullContainerError: nope' }
        }
      ],
      { rollback: 'never' }
    )
    expect(outcome.result).toBe('failed')
    // The drain and the migrator's deployment; nothing after the failure.
    expect(sim!.calls.filter(call => call.operation === 'UpdateService')).toHaveLength(2)
    expect(outcome.summary).toContain('rollback is `never`')
  })
})

describe('the migrator fails after it started: no return to the old image', () => {
  test('never healthy: the migrator is stopped, the fleet never deployed, old image never back', async () => {
    const { outcome } = await withBehaviours([{ match: MIGRATOR, healthy: false }])
    expect(outcome.result).toBe('failed')
    expect(outcome.failure).toContain('Task failed container health checks')
    expect(launched(sim!, '0.6.6', false)).toBe(0)
    expect(launched(sim!, '0.6.5', true) + launched(sim!, '0.6.5', false)).toBe(2) // only the seeded tasks
    const service = sim!.ecs.service(CLUSTER, SERVICE)!
    expect(service.desiredCount).toBe(0)
    expect(service.deployments[0].taskDefinitionArn).toMatch(/open-webui:2$/)
    expect(migrationInvariants(sim!)).toEqual({ maxMigrators: 1, oldBesideMigrator: false })
    expect(outcome.summary).toContain('the old image was not brought back')
    expect(outcome.summary).toContain('#### Migrator log')
  })

  test('logs a migration error while healthy: failed at once with the log line, fleet never deployed', async () => {
    const { outcome, run } = await withBehaviours([
      { match: MIGRATOR, migrationError: 'relation "note" already exists' }
    ])
    expect(outcome.result).toBe('failed')
    expect(outcome.failure).toContain('Error running migrations: relation "note" already exists')
    expect(launched(sim!, '0.6.6', false)).toBe(0)
    expect(migratorTasksLaunched(sim!)).toHaveLength(1)
    expect(sim!.ecs.service(CLUSTER, SERVICE)!.desiredCount).toBe(0)
    expect(outcome.annotations).toContainEqual(
      expect.objectContaining({ level: 'error', title: 'Deploy failed: migrator' })
    )
    expect(outcome.summary).toContain('contains `Error running migrations`')
    expect(outcome.summary).toContain('```text')
    // The quoted log line ends the first sentence; the next one does not run on from it.
    expect(outcome.failure).toContain('relation "note" already exists. Migrations may have run')
    // The hold phase's group says what it did, instead of opening and closing on nothing.
    const lines = run.log.lines
    const hold = lines.findIndex(line => line.startsWith('::group::Stopping the migrator'))
    expect(lines.slice(hold + 1, hold + 2)).toEqual(['Desired count 0 on open-webui:2.'])
  })
})

describe('the fleet fails after the migration', () => {
  test('held at the new version with migrations off, no second migrator, no old image, state explained', async () => {
    const { outcome, run } = await withBehaviours([{ match: FLEET, exitAfterMs: 30, exitCode: 3 }])
    expect(outcome.result).toBe('failed')
    expect(outcome.failure).toContain('exit 3')
    expect(migratorTasksLaunched(sim!)).toHaveLength(1)
    const seededStart = sim!.timeline.find(entry => entry.migrationsEnabled)!.at
    expect(
      sim!.timeline.filter(
        entry => entry.event === 'PROVISIONING' && entry.image.includes(':v0.6.5') && entry.at >= seededStart
      )
    ).toEqual([])
    const service = sim!.ecs.service(CLUSTER, SERVICE)!
    expect(service.deployments[0].taskDefinitionArn).toBe(outcome.outputs['task-definition-arn'])
    expect(service.deploymentConfiguration.deploymentCircuitBreaker.rollback).toBe(false)
    expect(
      sim!.ecs
        .tasks(CLUSTER, SERVICE)
        .filter(task => task.desiredStatus === 'RUNNING' && task.plan.migrationsEnabled)
    ).toEqual([])
    expect(outcome.summary).toContain('holds v0.6.6 with migrations off')
    expect(outcome.summary).toContain('Circuit-breaker rollback stays off')
    expect(outcome.summary).toMatch(/\| Fleet \| ❌ failed \|/)
    expect(run.log.lines).toContain('::group::Holding v0.6.6 with migrations off at 0 healthy tasks')
  })
})
