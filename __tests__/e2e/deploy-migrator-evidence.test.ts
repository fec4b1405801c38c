import { describe, expect, test } from '@jest/globals'
import type { Simulator } from '../../simulator/src/index.js'
import type { TaskBehaviour } from '../../simulator/src/scenario.js'
import { CLUSTER, SERVICE } from '../fixtures/open-webui.js'
import {
  errorAnnotations,
  expectExit,
  migrationInvariants,
  primaryTaskDefinition,
  runDeploy,
  startDeployWorld,
  TARGET_MIGRATOR
} from '../support/deploy-world.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'

/** Issue 11.2: after a failed migrator, the verdict rests on what its log and task say it did. */
let sim: Simulator | undefined
stopAfterEach(() => sim)

async function deployWith(behaviours: TaskBehaviour[]) {
  sim = await startDeployWorld({ desiredCount: 2 }, scenario => ({ ...scenario, taskBehaviours: behaviours }))
  const previous = primaryTaskDefinition(sim)
  return { run: (await runDeploy(sim)).run, previous }
}

describe('deploy: a migrator that cannot reach the database', () => {
  test('is rolled back: previous revision and desired count, all healthy, rolled-back, exit 1, the evidence shown', async () => {
    const { run, previous } = await deployWith([
      { match: TARGET_MIGRATOR, databaseUnreachable: 'connection-refused' }
    ])
    expectExit(run, 1)
    expect(run.outputs.result).toBe('rolled-back')
    const service = sim!.ecs.service(CLUSTER, SERVICE)!
    expect(primaryTaskDefinition(sim!)).toBe(previous)
    expect(service.desiredCount).toBe(2)
    const healthy = sim!.ecs.healthyTasks(CLUSTER, SERVICE)
    expect(healthy).toHaveLength(2)
    expect(healthy.every(task => task.taskDefinition.arn === previous)).toBe(true)
    // One migrator, stopped as soon as its log said it could not connect; never a fleet task of v0.6.6.
    expect(migrationInvariants(sim!.timeline)).toMatchObject({ maxMigrators: 1, oldBesideMigrator: false })
    expect(
      sim!.timeline.filter(
        entry => entry.event === 'PROVISIONING' && entry.image.includes(':v0.6.6') && !entry.migrationsEnabled
      )
    ).toHaveLength(0)
    const [error] = errorAnnotations(run)
    expect(error.title).toBe('Deploy rolled back (migrator)')
    expect(error.message).toContain('The migrator could not connect to the database')
    expect(error.message).toContain('Connection refused')
    expect(run.summary).toContain('↩️ Deploy of Open WebUI v0.6.6 rolled back')
    expect(run.summary).toContain('#### What the migrator did to the database: schema untouched')
    expect(run.summary).toContain('could not connect to the database, before any migration step')
    expect(run.summary).toMatch(/Failed to initialize the database connection: .*Connection refused/)
    expect(run.summary).toContain('never touched the schema')
  })
})

describe('deploy: a migrator that logged an upgrade line and then failed', () => {
  test('is held as before: no old image, desired count 0, the upgrade line quoted', async () => {
    const { run, previous } = await deployWith([
      {
        match: TARGET_MIGRATOR,
        migrationError: '(psycopg2.errors.DuplicateTable) relation "note" already exists'
      }
    ])
    expectExit(run, 1)
    expect(run.outputs.result).toBe('failed')
    const service = sim!.ecs.service(CLUSTER, SERVICE)!
    expect(service.desiredCount).toBe(0)
    expect(primaryTaskDefinition(sim!)).not.toBe(previous)
    expect(primaryTaskDefinition(sim!)).toBe(run.outputs['migrator-task-definition-arn'])
    expect(
      sim!.timeline.filter(entry => entry.event === 'PROVISIONING' && entry.image.includes(':v0.6.5'))
    ).toHaveLength(2) // the seeded tasks only
    expect(run.summary).toContain(
      '#### What the migrator did to the database: migrations ran or may have run'
    )
    expect(run.summary).toContain('logged 1 migration step, then a migration error')
    expect(run.summary).toMatch(/Running upgrade [0-9a-f]+ -> [0-9a-f]+/)
    expect(run.summary).toContain('Migrations may have run (the evidence says so')
  })
})
