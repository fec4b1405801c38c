import { describe, expect, test } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'
import type { TaskBehaviour } from '../../simulator/src/scenario.js'
import { CLUSTER, SERVICE } from '../fixtures/open-webui.js'
import {
  errorAnnotations,
  expectExit,
  migrationInvariants,
  runDeploy,
  startDeployWorld,
  TARGET_MIGRATOR,
  TARGET_FLEET
} from '../support/deploy-world.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'

/** Issue 3, "Done when": a failing migrator or fleet, and ECS rolling back by itself. */
let sim: Simulator | undefined
stopAfterEach(() => sim)

async function deployWith(
  behaviours: TaskBehaviour[],
  inputs: Record<string, string> = {},
  runningVersion?: string
) {
  sim = await startDeployWorld(
    { desiredCount: 2, ...(runningVersion ? { runningVersion } : {}) },
    scenario => ({
      ...scenario,
      taskBehaviours: behaviours
    })
  )
  return (await runDeploy(sim, inputs)).run
}

/** Tasks of the fleet revision (migrations off) of v0.6.6 that ever started. */
function fleetTasksLaunched(sim: Simulator): number {
  return sim.timeline.filter(
    entry => entry.event === 'PROVISIONING' && entry.image.includes(':v0.6.6') && !entry.migrationsEnabled
  ).length
}

describe('deploy: the migrator fails', () => {
  test('fails to start (image pull): fleet never deployed, rolled back, exit 1 with the reason', async () => {
    const run = await deployWith([
      {
        match: TARGET_MIGRATOR,
        startFailure: {
          stopCode: 'TaskFailedToStart',
          stoppedReason:
            'CannotPullContainerError: pull image manifest has been retried 5 time(s): manifest unknown'
        }
      }
    ])
    expectExit(run, 1)
    expect(run.outputs.result).toBe('rolled-back')
    expect(fleetTasksLaunched(sim!)).toBe(0)
    const [error] = errorAnnotations(run)
    expect(error.title).toBe('Deploy rolled back (migrator)')
    expect(error.message).toContain('CannotPullContainerError')
    expect(run.summary).toContain('↩️ Deploy of Open WebUI v0.6.6 rolled back')
    expect(run.summary).toMatch(/\| TaskFailedToStart \| CannotPullContainerError/)
    expect(sim!.ecs.healthyTasks(CLUSTER, SERVICE).map(task => task.appContainer.image)).toEqual([
      expect.stringContaining(':v0.6.5'),
      expect.stringContaining(':v0.6.5')
    ])
  })

  test('never healthy: fleet never deployed, no rollback to the old image after it ran, exit 1', async () => {
    const run = await deployWith([{ match: TARGET_MIGRATOR, healthy: false }])
    expectExit(run, 1)
    expect(run.outputs.result).toBe('failed')
    expect(fleetTasksLaunched(sim!)).toBe(0)
    expect(errorAnnotations(run)[0]).toMatchObject({ title: 'Deploy failed: migrator' })
    expect(errorAnnotations(run)[0].message).toContain('failed container health checks')
    expect(migrationInvariants(sim!.timeline)).toMatchObject({ maxMigrators: 1, oldBesideMigrator: false })
    const oldStarted = sim!.timeline.filter(
      entry => entry.event === 'PROVISIONING' && entry.image.includes(':v0.6.5')
    )
    expect(oldStarted).toHaveLength(2) // the seeded tasks only
    expect(run.summary).toContain('the old image was not brought back')
  })

  test('logs a migration error: fleet never deployed, exit 1 with the log line shown', async () => {
    const run = await deployWith([
      {
        match: TARGET_MIGRATOR,
        migrationError: '(psycopg2.errors.UndefinedTable) relation "chat" does not exist'
      }
    ])
    expectExit(run, 1)
    expect(fleetTasksLaunched(sim!)).toBe(0)
    expect(errorAnnotations(run)[0].message).toContain(
      'Error running migrations: (psycopg2.errors.UndefinedTable)'
    )
    expect(run.summary).toContain('#### Migrator log')
    expect(run.summary).toContain('contains `Error running migrations`')
    expect(sim!.ecs.service(CLUSTER, SERVICE)!.desiredCount).toBe(0)
  })
})

describe('deploy: the fleet fails after the migrations', () => {
  test('no image rollback, no second migrator, the state explained, exit 1', async () => {
    const run = await deployWith([{ match: TARGET_FLEET, exitAfterMs: 30, exitCode: 137 }])
    expectExit(run, 1)
    expect(run.outputs.result).toBe('failed')
    expect(migrationInvariants(sim!.timeline)).toEqual({
      maxMigrators: 1,
      oldBesideMigrator: false,
      migratorsLaunched: 1
    })
    expect(
      sim!.timeline.filter(entry => entry.event === 'PROVISIONING' && entry.image.includes(':v0.6.5'))
    ).toHaveLength(2)
    const service = sim!.ecs.service(CLUSTER, SERVICE)!
    expect(service.deployments[0].taskDefinitionArn).toBe(run.outputs['task-definition-arn'])
    expect(service.deploymentConfiguration.deploymentCircuitBreaker.rollback).toBe(false)
    expect(errorAnnotations(run)[0]).toMatchObject({ title: 'Deploy failed: fleet' })
    expect(errorAnnotations(run)[0].message).toContain('exit 137')
    expect(run.summary).toContain('holds v0.6.6 with migrations off')
    expect(run.summary).toMatch(/\| \d+ \| open-webui:3 \| EssentialContainerExited \|/)
  })
})

describe('deploy: ECS circuit-breaker rollback', () => {
  test('is reported as a failure, never as success', async () => {
    const run = await deployWith(
      [{ match: { image: 'v0.6.7' }, exitAfterMs: 20, exitCode: 1 }],
      { version: 'v0.6.7' },
      '0.6.6'
    )
    expectExit(run, 1)
    expect(run.outputs.result).toBe('rolled-back')
    expect(run.annotations.filter(annotation => annotation.level === 'notice')).toEqual([])
    expect(errorAnnotations(run)[0].message).toContain('circuit breaker')
    expect(run.summary).not.toContain('✅ Open WebUI')
    expect(
      sim!.ecs.healthyTasks(CLUSTER, SERVICE).every(task => task.appContainer.image.includes(':v0.6.6'))
    ).toBe(true)
  })
})
