import { describe, expect, test } from '@jest/globals'
import type { Simulator } from '../../../simulator/src/index.js'
import { SdkEcs } from '../../../src/aws/ecs-client.js'
import { CLUSTER, SERVICE } from '../../fixtures/open-webui.js'
import {
  dyingOn,
  harness,
  migrationInvariants,
  migratorTasksLaunched,
  startStandardSimulator
} from './simulated-rollout.js'
import { stopAfterEach } from '../../support/simulator-lifecycle.js'

let sim: Simulator | undefined
stopAfterEach(() => sim)

function containerOf(taskDefinition: { containerDefinitions?: { name?: string }[] }) {
  return taskDefinition.containerDefinitions!.find(container => container.name === 'open-webui')! as {
    image?: string
    environment?: { name?: string; value?: string }[]
    secrets?: { name?: string; valueFrom?: string }[]
  }
}

describe('upgrade with migrations', () => {
  test('drains, one migrator, then the fleet: final state, invariants, outputs', async () => {
    sim = await startStandardSimulator({ desiredCount: 3 })
    const run = harness(sim)
    const plan = await run.plan()
    expect(plan.strategy).toBe('migrate')
    const outcome = await run.rollout(plan)

    expect(outcome.result).toBe('deployed')
    expect(outcome.failure).toBeUndefined()
    expect(outcome.outputs).toMatchObject({
      version: 'v0.6.6',
      'previous-version': 'v0.6.5',
      image: plan.target.image,
      migrations: 'true',
      result: 'deployed'
    })
    expect(outcome.annotations).toEqual([
      { level: 'notice', title: 'Deployed', message: 'Open WebUI v0.6.6 running on 3/3 healthy tasks' }
    ])

    const ecs = new SdkEcs(sim.region)
    const service = (await ecs.describeService(CLUSTER, SERVICE))!
    expect(service.taskDefinition).toBe(outcome.outputs['task-definition-arn'])
    expect(service.desiredCount).toBe(3)
    expect(sim.ecs.healthyTasks(CLUSTER, SERVICE)).toHaveLength(3)
    expect(service.deploymentConfiguration).toMatchObject({
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: true }
    })

    const fleet = await ecs.describeTaskDefinition(outcome.outputs['task-definition-arn']!)
    const container = containerOf(fleet.taskDefinition)
    expect(container.image).toMatch(/:v0\.6\.6@sha256:[0-9a-f]{64}$/)
    expect(container.environment).toContainEqual({ name: 'ENABLE_DB_MIGRATIONS', value: 'false' })
    expect(container.secrets?.map(secret => secret.valueFrom)).toEqual([
      sim.secretsManager.arnOf('open-webui/database-url'),
      sim.secretsManager.arnOf('open-webui/redis-url'),
      sim.secretsManager.arnOf('open-webui/secret-key')
    ])
    expect(fleet.tags).toEqual(
      expect.arrayContaining([
        { key: 'open-webui-ecs-deploy:role', value: 'fleet' },
        { key: 'open-webui-ecs-deploy:version', value: '0.6.6' }
      ])
    )
    const migrator = await ecs.describeTaskDefinition(outcome.outputs['migrator-task-definition-arn']!)
    expect(containerOf(migrator.taskDefinition).environment).toContainEqual({
      name: 'ENABLE_DB_MIGRATIONS',
      value: 'true'
    })
    expect(migrator.tags).toContainEqual({ key: 'open-webui-ecs-deploy:role', value: 'migrator' })

    expect(migratorTasksLaunched(sim)).toHaveLength(1)
    expect(migrationInvariants(sim)).toEqual({ maxMigrators: 1, oldBesideMigrator: false })

    expect(outcome.summary).toContain(
      '### ✅ Open WebUI v0.6.6 deployed to prod/open-webui on 3/3 healthy tasks'
    )
    expect(outcome.summary).toMatch(/\| Migrator \| ✅ OK \|/)
    expect(outcome.summary).toMatch(/\| Fleet \| ✅ OK \|/)
    expect(outcome.summary).toContain('9f0c9cd09105_add_note_table.py')
    expect(outcome.summary).toContain(
      'https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/open-webui/'
    )
    expect(
      run.log.lines.some(line => line.startsWith('  migrator | ') && line.includes('Running upgrade'))
    ).toBe(true)
  })

  test('autoscaling with minimum capacity 2: still one migrator, scaling suspended and restored', async () => {
    sim = await startStandardSimulator({ desiredCount: 2, autoScalingMin: 2 })
    const run = harness(sim)
    const outcome = await run.rollout()

    expect(outcome.result).toBe('deployed')
    expect(migratorTasksLaunched(sim)).toHaveLength(1)
    expect(migrationInvariants(sim).maxMigrators).toBe(1)
    const target = await run.context.ports.autoScaling.describeServiceTarget(CLUSTER, SERVICE)
    expect(target?.SuspendedState).toEqual({
      DynamicScalingInSuspended: false,
      DynamicScalingOutSuspended: false,
      ScheduledScalingSuspended: false
    })
    const suspensions = sim.calls.filter(call => call.operation === 'RegisterScalableTarget')
    expect(suspensions.map(call => (call.request as { SuspendedState: unknown }).SuspendedState)).toEqual([
      { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: true, ScheduledScalingSuspended: true },
      {
        DynamicScalingInSuspended: false,
        DynamicScalingOutSuspended: false,
        ScheduledScalingSuspended: false
      }
    ])
    expect(sim.ecs.healthyTasks(CLUSTER, SERVICE)).toHaveLength(2)
    expect(outcome.summary).toMatch(/\| Restore Auto Scaling \| ✅ OK \|/)
  })

  test('a re-run after the job died between the steps resumes with the fleet, without migrating again', async () => {
    sim = await startStandardSimulator({ desiredCount: 3, autoScalingMin: 2 })
    const first = harness(sim)
    const plan = await first.plan()
    const ecs = dyingOn(first.context.ports.ecs, request => request.desiredCount === 3)
    const dying = harness(sim, {}, { ecs })
    void dying.rollout(plan)
    await ecs.died
    // The dead run left the service on the migrator revision, scaling suspended, desired 1.
    expect(sim.ecs.service(CLUSTER, SERVICE)?.desiredCount).toBe(1)

    const second = harness(sim)
    const resumedPlan = await second.plan()
    const outcome = await second.rollout(resumedPlan)
    expect(outcome.result).toBe('deployed')
    expect(outcome.summary).toContain('resumed')
    expect(outcome.summary).toMatch(/\| Migrator \| ➖ skipped \|/)
    expect(migratorTasksLaunched(sim)).toHaveLength(1)
    expect(sim.ecs.service(CLUSTER, SERVICE)?.desiredCount).toBe(3)
    expect(outcome.outputs['previous-version']).toBe('v0.6.5')
    const target = await second.context.ports.autoScaling.describeServiceTarget(CLUSTER, SERVICE)
    expect(target?.SuspendedState?.DynamicScalingInSuspended).toBe(false)
    expect(sim.ecs.service(CLUSTER, SERVICE)?.deploymentConfiguration).toMatchObject({
      minimumHealthyPercent: 100,
      deploymentCircuitBreaker: { rollback: true }
    })
  })

  test('without a container health check the migrator counts as done once its log shows the app started', async () => {
    sim = await startStandardSimulator({}, scenario => {
      const definition = scenario.ecs!.clusters![0].services![0].taskDefinition as {
        containerDefinitions: Record<string, unknown>[]
      }
      delete definition.containerDefinitions[0].healthCheck
      return scenario
    })
    const run = harness(sim)
    const outcome = await run.rollout()
    expect(outcome.result).toBe('deployed')
    expect(outcome.summary).toMatch(
      /\| Migrator \| ✅ OK \| [\d.]+ s \| task [0-9a-f]{32} RUNNING; migration log clean/
    )
    expect(migratorTasksLaunched(sim)).toHaveLength(1)
  })
})
