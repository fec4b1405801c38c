import { describe, expect, test } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import type { Simulator } from '../../simulator/src/index.js'
import { CLUSTER, SERVICE } from '../fixtures/open-webui.js'
import { ALARM, onStrategy } from '../support/ecs-strategies.js'
import {
  errorAnnotations,
  expectExit,
  migrationInvariants,
  mutatingAwsCalls,
  runDeploy,
  startDeployWorld
} from '../support/deploy-world.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'
import { servingWindows } from '../../simulator/src/timeline-invariants.js'
import { until } from '../support/timing.js'

/**
 * Issue 25: services on ECS's own BLUE_GREEN, LINEAR and CANARY strategies. An upgrade without a schema change
 * (v0.6.6 -> v0.6.7) runs through the service's own strategy and is followed through its lifecycle stages; a
 * rollback by ECS fails the step with result=rolled-back; a cancel during the bake stops the deployment with
 * StopServiceDeployment (ROLLBACK). A migrating upgrade on such a service is refused before any write.
 */
let sim: Simulator | undefined
stopAfterEach(() => sim)

function serviceDeployments(world: Simulator) {
  return world.ecs.service(CLUSTER, SERVICE)!.serviceDeployments
}

function images(world: Simulator): string[] {
  return world.ecs.healthyTasks(CLUSTER, SERVICE).map(task => task.appContainer.image.replace(/@.*/, ''))
}

const STAGES = [
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP'
]

describe('an upgrade without a schema change runs through the service’s own strategy', () => {
  test.each([
    ['BLUE_GREEN', { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 10 }],
    [
      'LINEAR',
      {
        strategy: 'LINEAR',
        bakeTimeInMinutes: 1,
        linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes: 1 }
      }
    ],
    [
      'CANARY',
      {
        strategy: 'CANARY',
        bakeTimeInMinutes: 1,
        canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 1 }
      }
    ]
  ])('%s: followed through its lifecycle stages to the end of the bake', async (strategy, configuration) => {
    sim = await startDeployWorld({ runningVersion: '0.6.6' }, onStrategy(configuration))
    // The plan (dry-run) says which strategy runs and why.
    const { run: plan } = await runDeploy(sim, { version: 'v0.6.7', 'dry-run': 'true' })
    expectExit(plan, 0)
    expect(plan.summary).toMatch(
      new RegExp(`\\| Strategy \\| .*OK.* \\| ${strategy} \\(.*\\): no schema change`)
    )

    const { run, calls } = await runDeploy(sim, { version: 'v0.6.7' })
    expectExit(run, 0)
    expect(run.outputs).toMatchObject({ result: 'deployed', version: 'v0.6.7', migrations: 'false' })
    const updates = calls.filter(call => call.operation === 'UpdateService')
    expect(updates).toHaveLength(1)
    // The service's own strategy runs it: the action sends no deployment configuration of its own.
    expect(updates[0].request).not.toHaveProperty('deploymentConfiguration')
    expect(calls.filter(call => call.operation === 'StopServiceDeployment')).toEqual([])
    const [record] = serviceDeployments(sim).slice(-1)
    expect(record.status).toBe('SUCCESSFUL')
    expect(record.stageHistory?.map(entry => entry.stage)).toEqual(STAGES)
    expect(images(sim)).toEqual(Array(2).fill(expect.stringContaining(':v0.6.7')))
    expect(migrationInvariants(sim.timeline).migratorsLaunched).toBe(0)
    // The summary shows the stages the run saw, each with its time since the UpdateService.
    expect(run.summary).toMatch(/\| ECS's own deployment \(blue\/green, linear, canary\) \| ✅ OK \|/)
    expect(run.summary).toMatch(/\| ([A-Z_]+ \d+ s → )*CLEAN_UP \d+ s: 2\/2 tasks/)
  })

  test('wait-until traffic-shifted returns once production traffic moved, while the bake goes on', async () => {
    sim = await startDeployWorld(
      { runningVersion: '0.6.6' },
      onStrategy({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1440 })
    )
    const { run } = await runDeploy(sim, { version: 'v0.6.7', 'wait-until': 'traffic-shifted' })
    expectExit(run, 0)
    expect(run.outputs.result).toBe('deployed')
    const [record] = serviceDeployments(sim).slice(-1)
    expect(record.status).toBe('IN_PROGRESS')
    expect(record.lifecycleStage).toBe('BAKE_TIME')
    expect(run.summary).toContain('ECS carries on with the bake')
  })

  test('a failure during the bake (an alarm) rolls back at once: result=rolled-back, the old version serves', async () => {
    sim = await startDeployWorld(
      { runningVersion: '0.6.6' },
      onStrategy({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1440 })
    )
    const world = sim
    const deploying = runDeploy(world, { version: 'v0.6.7' })
    await until(() => serviceDeployments(world).at(-1)?.lifecycleStage === 'BAKE_TIME', 30_000)
    world.ecs.setAlarmState(ALARM, 'ALARM')
    const { run, calls } = await deploying
    expectExit(run, 1)
    expect(run.outputs.result).toBe('rolled-back')
    expect(serviceDeployments(world).at(-1)!.status).toMatch(/^ROLLBACK_/)
    expect(calls.filter(call => call.operation === 'StopServiceDeployment')).toEqual([])
    expect(run.summary).toContain(ALARM)
    expect(run.summary).toMatch(/production traffic is on .* again, healthy/)
    await until(
      () =>
        images(world).length === 2 &&
        world.ecs
          .tasks(CLUSTER, SERVICE)
          .every(task => task.lastStatus === 'STOPPED' || task.appContainer.image.includes(':v0.6.6')),
      30_000
    )
    expect(images(world)).toEqual(Array(2).fill(expect.stringContaining(':v0.6.6')))
  })

  test('a cancel during the bake stops the deployment with ROLLBACK', async () => {
    sim = await startDeployWorld(
      { runningVersion: '0.6.6' },
      onStrategy({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1440 })
    )
    const world = sim
    let child: ChildProcess | undefined
    const deploying = runDeploy(
      world,
      { version: 'v0.6.7' },
      { onSpawn: spawned => (child = spawned), timeoutMs: 60_000 }
    )
    await until(() => serviceDeployments(world).at(-1)?.lifecycleStage === 'BAKE_TIME', 30_000)
    child!.kill('SIGTERM')
    const { run, calls } = await deploying
    expect(run.outputs.result).toBe('failed')
    expect(run.annotations.map(annotation => annotation.title)).toContain('Cancelled')
    const stops = calls.filter(call => call.operation === 'StopServiceDeployment')
    expect(stops.map(call => call.request)).toEqual([
      { serviceDeploymentArn: serviceDeployments(world).at(-1)!.arn, stopType: 'ROLLBACK' }
    ])
    await until(() => serviceDeployments(world).at(-1)!.status === 'ROLLBACK_SUCCESSFUL', 30_000)
    expect(world.ecs.productionTraffic(CLUSTER, SERVICE)).toEqual({
      [world.ecs.service(CLUSTER, SERVICE)!.deployments[0].id]: 100
    })
    expect(images(world)).toEqual(Array(2).fill(expect.stringContaining(':v0.6.6')))
    expect(run.summary).toMatch(/stopped with ROLLBACK/)
  })
})

describe('a migrating upgrade on a BLUE_GREEN service', () => {
  const HOOKS = [
    {
      hookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:open-webui-smoke-test',
      roleArn: 'arn:aws:iam::123456789012:role/ecs-hooks',
      lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT']
    }
  ]

  test('runs drain, migrator and fleet as ROLLING, never serves both versions, ends with the strategy and its settings as before', async () => {
    sim = await startDeployWorld(
      {},
      onStrategy({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5, lifecycleHooks: HOOKS })
    )
    const before = structuredClone(sim.ecs.service(CLUSTER, SERVICE)!)
    const { run, calls } = await runDeploy(sim)
    expectExit(run, 0)
    expect(run.outputs).toMatchObject({ result: 'deployed', version: 'v0.6.6', migrations: 'true' })

    // Old (v0.6.5) and new (v0.6.6) code never ran at the same instant, and one migrator ran alone.
    const windows = servingWindows(sim.timeline, CLUSTER, SERVICE)
    const old = windows.filter(window => window.image.includes(':v0.6.5'))
    const upgraded = windows.filter(window => window.image.includes(':v0.6.6'))
    expect(old.length).toBeGreaterThan(0)
    expect(upgraded.length).toBeGreaterThan(0)
    for (const window of upgraded)
      expect(old.filter(other => other.from < window.to && window.from < other.to)).toEqual([])
    expect(migrationInvariants(sim.timeline)).toMatchObject({ maxMigrators: 1, oldBesideMigrator: false })

    // The migrator and fleet deployments were rolling updates; no lifecycle stage ran.
    const deployments = calls.filter(
      call =>
        call.operation === 'UpdateService' && (call.request as { taskDefinition?: string }).taskDefinition
    )
    expect(
      deployments.map(
        call =>
          (call.request as { deploymentConfiguration?: { strategy?: string } }).deploymentConfiguration
            ?.strategy
      )
    ).toEqual(['ROLLING', 'ROLLING'])
    expect(
      sim.ecs
        .service(CLUSTER, SERVICE)!
        .serviceDeployments.slice(-2)
        .map(record => record.lifecycleStage)
    ).toEqual([undefined, undefined])

    // The strategy, its bake time and hooks, the alarms and the alternate target group are as they were.
    const after = sim.ecs.service(CLUSTER, SERVICE)!
    expect(after.deploymentConfiguration).toEqual(before.deploymentConfiguration)
    expect(after.loadBalancers).toEqual(before.loadBalancers)
    expect(after.tags.filter(tag => tag.key.startsWith('open-webui-ecs-deploy:user-settings'))).toEqual([])
    expect(run.summary).not.toMatch(/not yet as before the rollout/)
  })
})

describe('a migrating upgrade on a BLUE_GREEN service, cancelled in the fleet step', () => {
  test('leaves the record on the service; a re-run puts the strategy and its settings back', async () => {
    sim = await startDeployWorld({}, onStrategy({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 }))
    const world = sim
    const before = structuredClone(world.ecs.service(CLUSTER, SERVICE)!.deploymentConfiguration)
    let child: ChildProcess | undefined
    const start = world.calls.length
    const deploying = runDeploy(world, {}, { onSpawn: spawned => (child = spawned), timeoutMs: 60_000 })
    const fleetStarted = () =>
      world.calls
        .slice(start)
        .filter(
          call =>
            call.operation === 'UpdateService' && (call.request as { taskDefinition?: string }).taskDefinition
        ).length >= 2
    await until(fleetStarted, 30_000)
    child!.kill('SIGTERM')
    const cancelled = await deploying
    expect(cancelled.run.outputs.result).toBe('failed')
    // Mid-rollout the service runs ROLLING: the record of the user's settings is what brings BLUE_GREEN back.
    expect(world.ecs.service(CLUSTER, SERVICE)!.deploymentConfiguration.extra.strategy).toBe('ROLLING')
    expect(
      world.ecs
        .service(CLUSTER, SERVICE)!
        .tags.some(tag => tag.key.startsWith('open-webui-ecs-deploy:user-settings'))
    ).toBe(true)

    await until(() => world.ecs.service(CLUSTER, SERVICE)!.deployments.length === 1, 30_000)
    const { run } = await runDeploy(world)
    expectExit(run, 0)
    expect(world.ecs.service(CLUSTER, SERVICE)!.deploymentConfiguration).toEqual(before)
    expect(
      world.ecs
        .service(CLUSTER, SERVICE)!
        .tags.filter(tag => tag.key.startsWith('open-webui-ecs-deploy:user-settings'))
    ).toEqual([])
  })
})

test('wait-until is validated and the error names the input', async () => {
  sim = await startDeployWorld({ runningVersion: '0.6.6' })
  const { run, calls } = await runDeploy(sim, { version: 'v0.6.7', 'wait-until': 'forever' })
  expectExit(run, 1)
  expect(mutatingAwsCalls(calls)).toEqual([])
  expect(
    errorAnnotations(run)
      .map(annotation => annotation.message)
      .join('\n')
  ).toMatch(/wait-until/)
})
