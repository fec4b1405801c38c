import { describe, expect, test } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { migratorBesideOldTasks, type Simulator } from '../../simulator/src/index.js'
import type { CallRecord } from '../../simulator/src/simulator.js'
import type { FaultRule, Scenario, TaskBehaviour } from '../../simulator/src/scenario.js'
import { CLUSTER, SERVICE } from '../fixtures/open-webui.js'
import {
  describeRun,
  healthyTaskDefinitions,
  migrationInvariants,
  primaryTaskDefinition,
  runDeploy,
  startDeployWorld,
  TARGET_FLEET,
  TARGET_MIGRATOR,
  type RunRecord
} from '../support/deploy-world.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'
import { pause, until } from '../support/timing.js'

/**
 * Every fault path of a migrating deploy (v0.6.5 -> v0.6.6), then a plain re-run of the same deploy: the service
 * ends with every setting its user gave it, exactly, and the action's record of them is gone. The service starts
 * with values no rollout would choose (50/150, circuit breaker and alarms with rollback, a grace period, Fargate
 * Spot, Auto Scaling on, three tasks), so a rollout-time value left behind or adopted as the user's shows.
 */
let sim: Simulator | undefined
stopAfterEach(() => sim)

const SPOT_STRATEGY = [
  { capacityProvider: 'FARGATE', base: 1, weight: 0 },
  { capacityProvider: 'FARGATE_SPOT', base: 0, weight: 1 }
]
const USER_DEPLOYMENT_CONFIGURATION = {
  minimumHealthyPercent: 50,
  maximumPercent: 150,
  deploymentCircuitBreaker: { enable: true, rollback: true },
  alarms: { alarmNames: ['open-webui-5xx', 'open-webui-p99-latency'], enable: true, rollback: true }
}
const USER_GRACE_SECONDS = 45
const DESIRED_COUNT = 3
const RECORD_TAG_PREFIX = 'open-webui-ecs-deploy:user-settings.'
/** The migrator migrates long enough for a signal or someone else's deployment to land inside its step. */
const SLOW_MIGRATOR: TaskBehaviour = { match: TARGET_MIGRATOR, migrationMs: 800 }

function withUserSettings(behaviours: TaskBehaviour[]) {
  return (scenario: Scenario): Scenario => {
    const service = scenario.ecs!.clusters![0].services![0]
    service.deploymentConfiguration = structuredClone(USER_DEPLOYMENT_CONFIGURATION)
    service.healthCheckGracePeriodSeconds = USER_GRACE_SECONDS
    service.capacityProviderStrategy = SPOT_STRATEGY
    return { ...scenario, taskBehaviours: [...behaviours, SLOW_MIGRATOR] }
  }
}

/** Every setting the user gave the service, as the simulator holds it. */
function userSettings(world: Simulator) {
  const service = world.ecs.service(CLUSTER, SERVICE)!
  const { minimumHealthyPercent, maximumPercent, deploymentCircuitBreaker, extra } =
    service.deploymentConfiguration
  const target = world.autoScaling.serviceTarget(CLUSTER, SERVICE)
  return {
    minimumHealthyPercent,
    maximumPercent,
    circuitBreaker: { enable: deploymentCircuitBreaker.enable, rollback: deploymentCircuitBreaker.rollback },
    alarms: extra.alarms,
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    capacityProviderStrategy: service.capacityProviderStrategy,
    desiredCount: service.desiredCount,
    autoScaling: target && { suspended: target.suspended, ...world.autoScaling.capacityFor(CLUSTER, SERVICE) }
  }
}

function recordTags(world: Simulator): string[] {
  return world.ecs
    .service(CLUSTER, SERVICE)!
    .tags.map(tag => tag.key)
    .filter(key => key.startsWith(RECORD_TAG_PREFIX))
}

const serviceUpdates = (calls: CallRecord[]) =>
  calls.filter(call => call.operation === 'UpdateService' && call.status === 200)
/** The drain's desired count 0, then the migrator's deployment. */
const inMigratorStep = (calls: CallRecord[]) => serviceUpdates(calls).length >= 2
/** The drain, the migrator's deployment, then the fleet's. */
const inFleetStep = (calls: CallRecord[]) => serviceUpdates(calls).length >= 3
const suspendingScaling = (calls: CallRecord[]) =>
  calls.some(call => call.operation === 'RegisterScalableTarget')

/** A run of the deploy that receives `signals` (one every 200 ms) once `reached` holds for its calls. */
async function signalledRun(
  world: Simulator,
  reached: (calls: CallRecord[]) => boolean,
  signals: NodeJS.Signals[]
): Promise<RunRecord> {
  const start = world.calls.length
  let child: ChildProcess | undefined
  const running = runDeploy(world, {}, { onSpawn: spawned => (child = spawned), timeoutMs: 60_000 })
  await until(() => reached(world.calls.slice(start)), 30_000)
  for (const [index, signal] of signals.entries()) {
    if (index > 0) await pause(200)
    if (child!.exitCode === null && child!.signalCode === null) child!.kill(signal)
  }
  const killer = setTimeout(() => child!.kill('SIGKILL'), 10_000)
  const record = await running
  clearTimeout(killer)
  return record
}

/** Someone else's deployment of the service's previous revision (an operator's rollback), on top of the rollout. */
async function someoneElseDeploys(world: Simulator, when: (calls: CallRecord[]) => boolean): Promise<void> {
  const start = world.calls.length
  const deploying = runDeploy(world)
  await until(() => when(world.calls.slice(start)), 30_000)
  const ecs = new ECSClient({
    region: world.region,
    endpoint: world.url,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' }
  })
  await ecs.send(
    new UpdateServiceCommand({
      cluster: CLUSTER,
      service: SERVICE,
      taskDefinition: `arn:aws:ecs:${world.region}:${world.accountId}:task-definition/open-webui:1`,
      forceNewDeployment: true
    })
  )
  ecs.destroy()
  await deploying
}

interface FaultPath {
  name: string
  /** How the containers of the new version misbehave during the faulty run; fixed before the re-run. */
  behaviours?: TaskBehaviour[]
  /** AWS answers during the faulty run; gone before the re-run. */
  faults?: FaultRule[]
  /** The faulty run(s). Default: one deploy. */
  fault?: (world: Simulator) => Promise<unknown>
}

const FAULT_PATHS: FaultPath[] = [
  { name: 'CloudWatch Logs denied', faults: [{ service: 'logs', kind: 'access-denied' }] },
  { name: 'SIGINT in the migrator step', fault: world => signalledRun(world, inMigratorStep, ['SIGINT']) },
  { name: 'SIGTERM in the migrator step', fault: world => signalledRun(world, inMigratorStep, ['SIGTERM']) },
  { name: 'SIGINT in the fleet step', fault: world => signalledRun(world, inFleetStep, ['SIGINT']) },
  { name: 'SIGTERM in the fleet step', fault: world => signalledRun(world, inFleetStep, ['SIGTERM']) },
  {
    name: 'SIGTERM while suspending Auto Scaling',
    // The suspension is answered slowly, so the signal lands while it is in flight.
    faults: [
      {
        service: 'autoscaling',
        operation: 'RegisterScalableTarget',
        kind: 'latency',
        latencyMs: 800,
        times: 1
      }
    ],
    fault: world => signalledRun(world, suspendingScaling, ['SIGTERM'])
  },
  { name: 'SIGKILL in the migrator step', fault: world => signalledRun(world, inMigratorStep, ['SIGKILL']) },
  {
    name: 'SIGKILL twice (the migrator step, then the next run’s fleet step)',
    fault: async world => {
      await signalledRun(world, inMigratorStep, ['SIGKILL'])
      await signalledRun(world, calls => serviceUpdates(calls).length >= 1, ['SIGKILL'])
    }
  },
  { name: 'the migrator crashes', behaviours: [{ match: TARGET_MIGRATOR, exitAfterMs: 30, exitCode: 1 }] },
  {
    name: 'the migration logs an error',
    behaviours: [
      {
        match: TARGET_MIGRATOR,
        migrationError: '(psycopg2.errors.DuplicateTable) relation "note" already exists'
      }
    ]
  },
  { name: 'the migrator is never healthy', behaviours: [{ match: TARGET_MIGRATOR, healthy: false }] },
  { name: 'the fleet crash-loops', behaviours: [{ match: TARGET_FLEET, exitAfterMs: 30, exitCode: 137 }] },
  {
    name: 'CannotPullContainerError',
    behaviours: [
      {
        match: TARGET_MIGRATOR,
        startFailure: {
          stopCode: 'TaskFailedToStart',
          stoppedReason:
            'CannotPullContainerError: pull image manifest has been retried 5 time(s): manifest unknown'
        }
      }
    ]
  },
  { name: 'a concurrent deploy', fault: world => Promise.all([runDeploy(world), runDeploy(world)]) },
  {
    name: 'someone else’s deployment in the migrator step',
    fault: world => someoneElseDeploys(world, inMigratorStep)
  },
  {
    name: 'someone else’s deployment in the fleet step',
    fault: world => someoneElseDeploys(world, inFleetStep)
  }
]

describe.each(FAULT_PATHS)('deploy with $name, then a re-run', path => {
  test('every setting the user gave the service is back, and the record is gone', async () => {
    sim = await startDeployWorld(
      { desiredCount: DESIRED_COUNT, autoScalingMin: 1 },
      withUserSettings(path.behaviours ?? [])
    )
    const world = sim
    const before = userSettings(world)
    expect(before).toMatchObject({
      desiredCount: DESIRED_COUNT,
      alarms: USER_DEPLOYMENT_CONFIGURATION.alarms
    })
    expect(before.autoScaling?.suspended).toEqual({
      DynamicScalingInSuspended: false,
      DynamicScalingOutSuspended: false,
      ScheduledScalingSuspended: false
    })

    world.faults.push(...(path.faults ?? []))
    await (path.fault ?? (() => runDeploy(world)))(world)
    // The cause is fixed (access granted, the image pushed, the database reachable): a plain re-run.
    world.faults.splice(0)
    world.ecs.setTaskBehaviours([SLOW_MIGRATOR])
    // Someone else's deployment of the old revision may itself put old code beside a migrator: not the re-run's.
    const skewBefore = migratorBesideOldTasks(world.timeline, CLUSTER, SERVICE).length

    const rerun = await runDeploy(world)
    if (rerun.run.code !== 0) throw new Error(`the re-run failed:\n${describeRun(rerun.run)}`)
    expect(['deployed', 'unchanged']).toContain(rerun.run.outputs.result)
    expect(userSettings(world)).toEqual(before)
    expect(recordTags(world)).toEqual([])
    const fleet = primaryTaskDefinition(world)
    expect(healthyTaskDefinitions(world)).toEqual(Array(DESIRED_COUNT).fill(fleet))
    expect(world.ecs.healthyTasks(CLUSTER, SERVICE)[0].appContainer.image).toContain(':v0.6.6@')
    expect(migratorBesideOldTasks(world.timeline, CLUSTER, SERVICE)).toHaveLength(skewBefore)
    expect(migrationInvariants(world.timeline).maxMigrators).toBeLessThanOrEqual(1)
  })
})
