import { describe, expect, test } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import type { Simulator } from '../../simulator/src/index.js'
import type { CallRecord } from '../../simulator/src/simulator.js'
import type { RdsSeed } from '../../simulator/src/scenario.js'
import { CLUSTER, SERVICE } from '../fixtures/open-webui.js'
import {
  TARGET_MIGRATOR,
  errorAnnotations,
  expectExit,
  migrationInvariants,
  mutatingAwsCalls,
  primaryTaskDefinition,
  runDeploy,
  startDeployWorld
} from '../support/deploy-world.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'
import { pause, until } from '../support/timing.js'
import { PR_NUMBER, WORKFLOW_REPOSITORY, runPlan, startPlanWorld } from './plan-world.js'

/**
 * `db-snapshot`: a migrating rollout snapshots the database before the first write to the service, waits until
 * RDS reports the snapshot available, outputs its id, and after a failure past the migrations says how to
 * restore from it. Plan and dry-run show the step and check the database with reads only.
 */
let sim: Simulator | undefined
stopAfterEach(() => sim)

const DB = 'open-webui-db'
const INSTANCE = { 'db-snapshot': 'instance', 'db-identifier': DB }

function worldWith(rds: RdsSeed, extra: Parameters<typeof startDeployWorld>[1] = scenario => scenario) {
  return startDeployWorld({ desiredCount: 2 }, scenario => extra({ ...scenario, rds }))
}

function firstServiceWrite(calls: CallRecord[]): CallRecord | undefined {
  return calls.find(call => call.operation === 'UpdateService')
}

function tagsOf(snapshot: { tags: { Key: string; Value: string }[] }): Record<string, string> {
  return Object.fromEntries(snapshot.tags.map(tag => [tag.Key, tag.Value]))
}

describe('db-snapshot: instance on a migrating upgrade', () => {
  test('one snapshot, available before the first task stops, its id an output', async () => {
    sim = await worldWith({ instances: [{ identifier: DB }], snapshotCreationMs: 400 })
    const { run, calls } = await runDeploy(sim, INSTANCE)
    expectExit(run, 0)
    expect(run.outputs.result).toBe('deployed')

    const snapshots = sim.databases.snapshots()
    expect(snapshots).toHaveLength(1)
    const [snapshot] = snapshots
    expect(snapshot.kind).toBe('instance')
    expect(snapshot.source.identifier).toBe(DB)
    expect(sim.databases.statusOf(snapshot)).toBe('available')
    expect(run.outputs['db-snapshot-id']).toBe(snapshot.identifier)
    expect(snapshot.identifier).toMatch(/^open-webui-v0-6-5-to-v0-6-6-\d{8}-\d{6}$/)
    expect(tagsOf(snapshot)).toMatchObject({
      'open-webui-ecs-deploy:from-version': 'v0.6.5',
      'open-webui-ecs-deploy:to-version': 'v0.6.6',
      'open-webui-ecs-deploy:service': `${CLUSTER}/${SERVICE}`
    })

    // Available before anything was written to the service, so before the first old task stopped.
    const write = firstServiceWrite(calls)!
    expect(sim.databases.availableAt(snapshot)).toBeLessThanOrEqual(write.at)
    const firstStop = sim.timeline.find(
      entry => entry.event === 'STOPPING' && entry.image.includes(':v0.6.5')
    )
    expect(sim.databases.availableAt(snapshot)).toBeLessThan(firstStop!.at)
    const create = calls.findIndex(call => call.operation === 'CreateDBSnapshot')
    expect(create).toBeGreaterThanOrEqual(0)
    expect(create).toBeLessThan(calls.findIndex(call => call.operation === 'RegisterTaskDefinition'))
    expect(migrationInvariants(sim.timeline)).toMatchObject({ maxMigrators: 1, oldBesideMigrator: false })

    expect(run.summary).toContain('| Database snapshot | ✅ OK |')
    expect(run.summary).toContain('#### Database snapshot')
    expect(run.summary).toContain(`\`${snapshot.identifier}\` of the RDS DB instance \`${DB}\`: available`)
    expect(run.summary).not.toContain('To return to')
  })

  test('db-snapshot: cluster snapshots the Aurora cluster', async () => {
    sim = await worldWith({ clusters: [{ identifier: 'open-webui-aurora' }] })
    const { run } = await runDeploy(sim, { 'db-snapshot': 'cluster', 'db-identifier': 'open-webui-aurora' })
    expectExit(run, 0)
    const snapshots = sim.databases.snapshots()
    expect(snapshots).toHaveLength(1)
    const [snapshot] = snapshots
    expect(snapshot.kind).toBe('cluster')
    expect(snapshot.source.identifier).toBe('open-webui-aurora')
    expect(run.outputs['db-snapshot-id']).toBe(snapshot.identifier)
  })
})

describe('db-snapshot after a failure past the migrations', () => {
  test('the migrator logged an upgrade, then failed: held, and the summary says how to restore', async () => {
    sim = await worldWith({ instances: [{ identifier: DB }] }, scenario => ({
      ...scenario,
      taskBehaviours: [
        {
          match: TARGET_MIGRATOR,
          migrationError: '(psycopg2.errors.DuplicateTable) relation "note" already exists'
        }
      ]
    }))
    const { run } = await runDeploy(sim, INSTANCE)
    expectExit(run, 1)
    expect(run.outputs.result).toBe('failed')
    const [snapshot] = sim.databases.snapshots()
    expect(run.outputs['db-snapshot-id']).toBe(snapshot.identifier)
    expect(run.summary).toContain('**To return to v0.6.5 with the data as it was before the migrations**')
    expect(run.summary).toContain('aws rds restore-db-instance-from-db-snapshot')
    expect(run.summary).toContain(`--db-snapshot-identifier ${snapshot.identifier}`)
    expect(run.summary).toContain('Point the `DATABASE_URL` secret at `open-webui-db-before-v0-6-6`')
  })

  test('a migrator that never reached the database is rolled back: no restore needed', async () => {
    sim = await worldWith({ instances: [{ identifier: DB }] }, scenario => ({
      ...scenario,
      taskBehaviours: [{ match: TARGET_MIGRATOR, databaseUnreachable: 'connection-refused' }]
    }))
    const previous = primaryTaskDefinition(sim)
    const { run } = await runDeploy(sim, INSTANCE)
    expectExit(run, 1)
    expect(run.outputs.result).toBe('rolled-back')
    expect(primaryTaskDefinition(sim)).toBe(previous)
    expect(run.outputs['db-snapshot-id']).toBe(sim.databases.snapshots()[0].identifier)
    expect(run.summary).toContain('#### Database snapshot')
    expect(run.summary).not.toContain('To return to')
  })
})

describe('db-snapshot that cannot be taken', () => {
  test('a rolling upgrade (no migrations) takes none', async () => {
    sim = await worldWith({ instances: [{ identifier: DB }] })
    const { run, calls } = await runDeploy(sim, { ...INSTANCE, migration: 'never' })
    expectExit(run, 0)
    expect(sim.databases.snapshots()).toEqual([])
    expect(calls.some(call => call.operation === 'CreateDBSnapshot')).toBe(false)
    expect(run.outputs['db-snapshot-id']).toBeUndefined()
  })

  test('a db-identifier that names no database: pre-flight error, zero writes', async () => {
    sim = await worldWith({ instances: [{ identifier: DB }] })
    const { run, calls } = await runDeploy(sim, { ...INSTANCE, 'db-identifier': 'open-webui-dbx' })
    expectExit(run, 1)
    expect(run.outputs.result).toBe('failed')
    expect(mutatingAwsCalls(calls)).toEqual([])
    expect(errorAnnotations(run).map(annotation => annotation.title)).toContain(
      'The database to snapshot does not exist'
    )
    expect(run.summary).toContain('### Deploy refused')
    expect(run.summary).toContain('DB instance open-webui-dbx does not exist in this Region')
  })

  test('db-snapshot without db-identifier: an input error naming db-identifier, no request', async () => {
    sim = await worldWith({ instances: [{ identifier: DB }] })
    const { run, calls } = await runDeploy(sim, { 'db-snapshot': 'instance' })
    expectExit(run, 1)
    expect(calls).toEqual([])
    expect(errorAnnotations(run)[0].message).toContain('db-identifier')
    expect(errorAnnotations(run)[0].message).toContain('is required when db-snapshot is instance')
  })

  test('a database that is not available on a migrating upgrade: refused, zero writes', async () => {
    sim = await worldWith({ instances: [{ identifier: DB, status: 'modifying' }] })
    const { run, calls } = await runDeploy(sim, INSTANCE)
    expectExit(run, 1)
    expect(mutatingAwsCalls(calls)).toEqual([])
    expect(errorAnnotations(run).map(annotation => annotation.title)).toContain(
      'The database to snapshot is not available'
    )
  })

  test('a snapshot slower than timeout-minutes: the service is left untouched, the snapshot reported', async () => {
    sim = await worldWith({ instances: [{ identifier: DB }], snapshotCreationMs: 600_000 })
    const previous = primaryTaskDefinition(sim)
    // timeout-minutes takes at least 1: the snapshot (10 minutes) is still creating a minute in.
    const { run, calls } = await runDeploy(sim, { ...INSTANCE, 'timeout-minutes': '1' })
    expectExit(run, 1)
    expect(run.outputs.result).toBe('failed')
    expect(
      calls.filter(call => call.operation === 'UpdateService' || call.operation === 'RegisterTaskDefinition')
    ).toEqual([])
    expect(primaryTaskDefinition(sim)).toBe(previous)
    const [snapshot] = sim.databases.snapshots()
    expect(run.outputs['db-snapshot-id']).toBe(snapshot.identifier)
    expect(errorAnnotations(run)[0].title).toBe('Deploy failed: database snapshot')
    expect(errorAnnotations(run)[0].message).toContain('was still creating')
    expect(run.summary).toContain('`creating` when the rollout stopped waiting')
    expect(run.summary).toContain('Nothing was changed: the service still runs')
  })
})

describe('cancelled while the snapshot is being created', () => {
  test('no write after the signal, the service untouched, the snapshot reported', async () => {
    sim = await worldWith({ instances: [{ identifier: DB }], snapshotCreationMs: 60_000 })
    const world = sim
    const previous = primaryTaskDefinition(world)
    let child: ChildProcess | undefined
    const cancelling = runDeploy(world, INSTANCE, {
      onSpawn: spawned => (child = spawned),
      timeoutMs: 60_000
    })
    await until(() => world.calls.some(call => call.operation === 'DescribeDBSnapshots'), 30_000)
    const signalledAt = world.calls.length
    child!.kill('SIGINT')
    await pause(200)
    if (child!.exitCode === null) child!.kill('SIGTERM')
    const { run } = await cancelling
    expect(run.outputs.result).toBe('failed')
    expect(run.summary).toContain('Cancelled while the snapshot')
    expect(run.summary).toContain('Nothing was changed: the service still runs')
    expect(world.calls.slice(signalledAt).filter(call => call.mutating)).toEqual([])
    expect(world.calls.filter(call => call.operation === 'UpdateService')).toEqual([])
    expect(primaryTaskDefinition(world)).toBe(previous)
    expect(run.outputs['db-snapshot-id']).toBe(world.databases.snapshots()[0].identifier)
  })
})

describe('a snapshot of the same name already exists', () => {
  /**
   * Names carry the run's start to the second, so a clash is a re-run within that second (a cancel before anything
   * changed, then a retry). The names of the next 20 seconds are taken beforehand, so the run meets one.
   */
  function takeNamesAhead(sim: Simulator, toVersion: string): void {
    const source = sim.databases.database('instance', DB)!
    const tags = [
      { Key: 'open-webui-ecs-deploy:from-version', Value: 'v0.6.5' },
      { Key: 'open-webui-ecs-deploy:to-version', Value: toVersion },
      { Key: 'open-webui-ecs-deploy:service', Value: `${CLUSTER}/${SERVICE}` }
    ]
    for (let second = 0; second < 20; second++) {
      const stamp = new Date(Date.now() + second * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14)
      sim.databases.addSnapshot(
        'instance',
        `open-webui-v0-6-5-to-v0-6-6-${stamp.slice(0, 8)}-${stamp.slice(8)}`,
        source,
        tags
      )
    }
  }

  test('this upgrade’s is reused: no second snapshot, the deploy goes on', async () => {
    sim = await worldWith({ instances: [{ identifier: DB }] })
    takeNamesAhead(sim, 'v0.6.6')
    const { run, calls } = await runDeploy(sim, INSTANCE)
    expectExit(run, 0)
    expect(sim.databases.snapshots()).toHaveLength(20)
    expect(calls.filter(call => call.operation === 'CreateDBSnapshot')).toHaveLength(1)
    expect(run.stdout).toContain(`Reusing snapshot ${run.outputs['db-snapshot-id']} of the DB instance ${DB}`)
    expect(sim.databases.snapshots().map(snapshot => snapshot.identifier)).toContain(
      run.outputs['db-snapshot-id']
    )
  })

  test('one taken for another upgrade is not: the rollout stops before the service is changed', async () => {
    sim = await worldWith({ instances: [{ identifier: DB }] })
    takeNamesAhead(sim, 'v0.6.7')
    const previous = primaryTaskDefinition(sim)
    const { run, calls } = await runDeploy(sim, INSTANCE)
    expectExit(run, 1)
    expect(run.outputs.result).toBe('failed')
    expect(errorAnnotations(run)[0].message).toContain(
      'a snapshot of that name exists and is not this upgrade’s'
    )
    expect(calls.filter(call => call.operation === 'UpdateService')).toEqual([])
    expect(primaryTaskDefinition(sim)).toBe(previous)
    expect(run.outputs['db-snapshot-id']).toBeUndefined()
  })
})

describe('db-snapshot in the plan', () => {
  test('a dry run shows the step and checks the database with reads only', async () => {
    sim = await worldWith({ instances: [{ identifier: DB }] })
    const { run, calls } = await runDeploy(sim, { ...INSTANCE, 'dry-run': 'true' })
    expectExit(run, 0)
    expect(mutatingAwsCalls(calls)).toEqual([])
    expect(calls.filter(call => call.service === 'rds').map(call => call.operation)).toEqual([
      'DescribeDBInstances'
    ])
    expect(run.summary).toMatch(/\| 1 \| snapshot \| Snapshot the RDS DB instance open-webui-db .*available/)
    expect(run.summary).toContain(
      'DB instance open-webui-db (postgres 16.4) is available: snapshot before the old tasks stop'
    )
  })

  test('the plan comment on a pull request shows the step', async () => {
    sim = await startPlanWorld()
    sim.databases.putInstance({ identifier: DB })
    const { run, calls } = await runPlan(sim, { inputs: INSTANCE })
    expectExit(run, 0)
    expect(mutatingAwsCalls(calls)).toEqual([])
    const [comment] = sim.github
      .comments(WORKFLOW_REPOSITORY, PR_NUMBER)
      .filter(candidate => candidate.login === 'github-actions[bot]')
    expect(comment.body).toMatch(/\| 1 \| snapshot \| Snapshot the RDS DB instance open-webui-db/)
  })

  test('without AWS credentials the offline plan still shows the step, and says the database was not checked', async () => {
    sim = await startPlanWorld()
    const { run, calls } = await runPlan(sim, { inputs: INSTANCE, withoutAws: true })
    expectExit(run, 0)
    expect(calls.filter(call => call.service === 'rds')).toEqual([])
    const [comment] = sim.github
      .comments(WORKFLOW_REPOSITORY, PR_NUMBER)
      .filter(candidate => candidate.login === 'github-actions[bot]')
    expect(comment.body).toMatch(/\| 1 \| snapshot \| Snapshot the RDS DB instance open-webui-db/)
    expect(comment.body).toContain('DB instance open-webui-db not checked (offline plan)')
  })
})
