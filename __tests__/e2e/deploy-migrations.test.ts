import { describe, expect, test } from '@jest/globals'
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import type { Simulator } from '../../simulator/src/index.js'
import { CLUSTER, SERVICE } from '../fixtures/open-webui.js'
import {
  describeRun,
  expectExit,
  migrationInvariants,
  mutatingAwsCalls,
  runDeploy,
  startDeployWorld
} from '../support/deploy-world.js'
import { until } from '../support/timing.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'

/** Issue 3, "Done when": the migration-aware rollout on the bundled action against the simulator. */
let sim: Simulator | undefined
stopAfterEach(() => sim)

function container(sim: Simulator, taskDefinitionArn: string) {
  const [family, revision] = taskDefinitionArn.split('/').at(-1)!.split(':')
  const record = sim.ecs
    .tasks(CLUSTER, SERVICE)
    .find(task => task.taskDefinition.family === family && task.taskDefinition.revision === Number(revision))
  return record!.taskDefinition.body.containerDefinitions as {
    name: string
    image: string
    environment: { name: string; value: string }[]
    secrets: { name: string; valueFrom: string }[]
  }[]
}

describe('deploy: upgrade with migrations', () => {
  test('drain, one migrator, then the fleet: final state, timeline invariants, summary and outputs', async () => {
    sim = await startDeployWorld({ desiredCount: 3 })
    const { run } = await runDeploy(sim)
    expectExit(run, 0)

    expect(run.outputs).toMatchObject({
      result: 'deployed',
      version: 'v0.6.6',
      'previous-version': 'v0.6.5',
      migrations: 'true',
      'previous-task-definition-arn': expect.stringMatching(/task-definition\/open-webui:1$/),
      'migrator-task-definition-arn': expect.stringMatching(/task-definition\/open-webui:2$/),
      'task-definition-arn': expect.stringMatching(/task-definition\/open-webui:3$/)
    })
    expect(run.outputs.image).toMatch(
      new RegExp(`^${sim.registryHost}/open-webui/open-webui:v0\\.6\\.6@sha256:[0-9a-f]{64}$`)
    )

    const service = sim.ecs.service(CLUSTER, SERVICE)!
    expect(service.deployments).toHaveLength(1)
    expect(service.deployments[0].taskDefinitionArn).toBe(run.outputs['task-definition-arn'])
    expect(service.desiredCount).toBe(3)
    const healthy = sim.ecs.healthyTasks(CLUSTER, SERVICE)
    expect(healthy).toHaveLength(3)
    const [openWebui] = container(sim, run.outputs['task-definition-arn'])
    expect(openWebui.image).toBe(run.outputs.image)
    expect(openWebui.environment).toContainEqual({ name: 'ENABLE_DB_MIGRATIONS', value: 'false' })
    expect(Object.fromEntries(openWebui.secrets.map(secret => [secret.name, secret.valueFrom]))).toEqual({
      DATABASE_URL: sim.secretsManager.arnOf('open-webui/database-url'),
      REDIS_URL: sim.secretsManager.arnOf('open-webui/redis-url'),
      WEBUI_SECRET_KEY: sim.secretsManager.arnOf('open-webui/secret-key')
    })
    expect(healthy.every(task => !task.plan.migrationsEnabled)).toBe(true)

    expect(migrationInvariants(sim.timeline)).toEqual({
      maxMigrators: 1,
      oldBesideMigrator: false,
      migratorsLaunched: 1
    })

    expect(run.annotations).toContainEqual({
      level: 'notice',
      title: 'Deployed',
      message: 'Open WebUI v0.6.6 running on 3/3 healthy tasks'
    })
    expect(run.annotations.filter(annotation => annotation.level === 'error')).toEqual([])
    expect(run.summary).toContain('### ✅ Open WebUI v0.6.6 deployed to prod/open-webui on 3/3 healthy tasks')
    for (const phase of ['Register task definitions', 'Migrator', 'Fleet']) {
      expect(run.summary).toMatch(new RegExp(`\\| ${phase} \\| ✅ OK \\| \\d+\\.\\d s \\|`))
    }
    expect(run.summary).toContain('v0.6.5 → v0.6.6')
    expect(run.summary).toContain('`open-webui:2` (migrator) → `open-webui:3` (fleet, migrations off)')
    expect(run.summary).toMatch(/\| Task \| Revision \| Status \| Health \| AZ \| Started \|/)
    expect(run.summary).toContain('#### Recent service events')
    expect(run.summary).toContain(
      'https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/open-webui/'
    )
    expect(run.stdout).toMatch(/::group::Drain: stop every task of open-webui:\d+ before the migrator starts/)
    expect(run.stdout).toMatch(/::group::Migrator: run 1 task of v0\.6\.6 with ENABLE_DB_MIGRATIONS=true/)
    expect(run.stdout.indexOf('::group::Drain')).toBeLessThan(run.stdout.indexOf('::group::Migrator'))
    expect(run.stdout).toContain('migrator | INFO  [alembic.runtime.migration] Running upgrade')
  })

  test('an unchanged re-run registers nothing and changes nothing', async () => {
    sim = await startDeployWorld()
    expectExit((await runDeploy(sim)).run, 0)
    const again = await runDeploy(sim)
    expectExit(again.run, 0)
    expect(again.run.outputs.result).toBe('unchanged')
    expect(mutatingAwsCalls(again.calls)).toEqual([])
  })

  test('an unchanged re-run while that task definition is still rolling out waits for it to complete', async () => {
    sim = await startDeployWorld()
    expectExit((await runDeploy(sim)).run, 0)
    // Someone (or a cancelled run) starts a new deployment of the same revision; slow tasks keep it IN_PROGRESS.
    sim.ecs.setTaskBehaviours([{ match: {}, healthyAfterMs: 1500 }])
    const ecs = new ECSClient({
      region: sim.region,
      endpoint: sim.url,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' }
    })
    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: SERVICE, forceNewDeployment: true }))
    const again = await runDeploy(sim)
    expectExit(again.run, 0)
    expect(again.run.outputs.result).toBe('unchanged')
    expect(again.run.summary).toContain('Waited for deployment')
    const primary = sim.ecs
      .service(CLUSTER, SERVICE)!
      .deployments.find(deployment => deployment.status === 'PRIMARY')!
    expect(primary.rolloutState).toBe('COMPLETED')
    expect(mutatingAwsCalls(again.calls)).toEqual([])
  })

  test('with Auto Scaling (minimum capacity 2): never two migrators, scaling restored afterwards', async () => {
    sim = await startDeployWorld({ desiredCount: 2, autoScalingMin: 2 })
    const { run, calls } = await runDeploy(sim)
    expectExit(run, 0)
    expect(migrationInvariants(sim.timeline)).toMatchObject({ maxMigrators: 1, migratorsLaunched: 1 })
    const target = sim.autoScaling.capacityFor(CLUSTER, SERVICE)
    expect(target).toEqual({ min: 2, max: 10 })
    const suspensions = calls
      .filter(call => call.operation === 'RegisterScalableTarget')
      .map(call => (call.request as { SuspendedState: Record<string, boolean> }).SuspendedState)
    expect(suspensions).toEqual([
      { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: true, ScheduledScalingSuspended: true },
      {
        DynamicScalingInSuspended: false,
        DynamicScalingOutSuspended: false,
        ScheduledScalingSuspended: false
      }
    ])
    expect(sim.ecs.service(CLUSTER, SERVICE)!.desiredCount).toBe(2)
  })

  test('a deployment already in progress is waited for; nothing is stacked on it', async () => {
    sim = await startDeployWorld({}, scenario => {
      scenario.ecs!.clusters![0].services![0].inProgressForMs = 600_000
      return scenario
    })
    const world = sim
    const seeded = world.ecs.service(CLUSTER, SERVICE)!.deployments[0]
    let releasedAt = Infinity
    const { run, calls } = await runDeploy(
      world,
      {},
      {
        onSpawn: child => {
          let seen = ''
          child.stdout!.on('data', chunk => {
            seen += String(chunk)
            if (releasedAt === Infinity && seen.includes('::group::Waiting for deployment')) {
              // The other deployment finishes only once the action is seen waiting for it.
              releasedAt = world.world.now()
              seeded.holdUntil = undefined
            }
          })
        }
      }
    )
    expectExit(run, 0)
    expect(run.stdout).toContain(`::group::Waiting for deployment ${seeded.id} to finish`)
    const firstUpdate = calls.find(call => call.operation === 'UpdateService')!
    expect(firstUpdate.at).toBeGreaterThan(releasedAt)
    expect(seeded.rolloutState).toBe('COMPLETED')
  })

  test('a re-run after the job died mid-way resumes with the fleet instead of migrating again', async () => {
    sim = await startDeployWorld({ desiredCount: 3 }, scenario => ({
      ...scenario,
      taskBehaviours: [
        { match: { image: 'v0.6.6', environment: { ENABLE_DB_MIGRATIONS: 'true' } }, healthyAfterMs: 1500 }
      ]
    }))
    const world = sim
    const died = await runDeploy(
      world,
      {},
      {
        onSpawn: child => {
          void until(() =>
            world.ecs
              .tasks(CLUSTER, SERVICE)
              .some(task => task.plan.migrationsEnabled && task.lastStatus === 'RUNNING')
          ).then(() => child.kill('SIGKILL'))
        }
      }
    )
    expect(died.run.code).toBeNull()
    expect(world.ecs.service(CLUSTER, SERVICE)!.desiredCount).toBe(1)

    const { run } = await runDeploy(world)
    expectExit(run, 0)
    expect(run.outputs).toMatchObject({ result: 'deployed', 'previous-version': 'v0.6.5' })
    expect(run.summary).toMatch(
      /\| Migrator \| ➖ skipped \| +\| resumed: migrator task [0-9a-f]{32} of the earlier run is HEALTHY and its log clean \|/
    )
    expect(migrationInvariants(world.timeline)).toEqual({
      maxMigrators: 1,
      oldBesideMigrator: false,
      migratorsLaunched: 1
    })
    expect(world.ecs.healthyTasks(CLUSTER, SERVICE)).toHaveLength(3)
    if (run.code !== 0) throw new Error(describeRun(run))
  })
})
