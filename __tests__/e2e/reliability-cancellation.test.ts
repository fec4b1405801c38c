import { describe, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import type { Simulator } from '../../simulator/src/index.js'
import type { CallRecord } from '../../simulator/src/simulator.js'
import { CLUSTER, SERVICE } from '../fixtures/open-webui.js'
import {
  describeRun,
  expectExit,
  healthyTaskDefinitions,
  migrationInvariants,
  primaryTaskDefinition,
  runDeploy,
  stackedDeployments,
  startDeployWorld
} from '../support/deploy-world.js'
import { pause, until } from '../support/timing.js'
import { stopAfterEach } from '../support/simulator-lifecycle.js'

/**
 * Cancellation as the runner does it: SIGINT, then SIGTERM a moment later, in each phase of a rollout (timed off
 * the simulator's call log). The action stops issuing writes (restoring Auto Scaling is the only one allowed,
 * and only when no migrator revision runs), exits with the summary saying where the service is and how to
 * resume, well inside the runner's grace period; a re-run then finishes the deploy with never two migrators.
 */
let sim: Simulator | undefined
stopAfterEach(() => sim)

/** The runner kills the process this long after SIGINT; the action must be gone by then. */
const GRACE_MS = 10_000

interface Phase {
  name: string
  version: string
  /** True once the call log shows the rollout is inside the phase. */
  reached: (calls: CallRecord[]) => boolean
  /** The summary's account of the state. */
  state: RegExp
  /** A defect this case shows, reported and not fixed yet: the case is expected to fail until it is. */
  knownDefect?: string
  /** An operation the simulator answers slowly, so the signal reliably arrives while it is in flight. */
  slowOperation?: string
  /** Behind a target group with AWS's default 300 s deregistration delay (3 s of wall time): a drain to land in. */
  longDrain?: boolean
}

const updates = (calls: CallRecord[]) =>
  calls.filter(call => call.operation === 'UpdateService' && call.status === 200)

const PHASES: Phase[] = [
  {
    name: 'register (before the service is touched)',
    version: 'v0.6.6',
    reached: calls => calls.some(call => call.operation === 'RegisterTaskDefinition'),
    state: /cancel/i,
    // The signal must land while a registration is under way, not after the action already moved on.
    slowOperation: 'RegisterTaskDefinition'
  },
  {
    name: 'drain',
    version: 'v0.6.6',
    // The drain's desired count 0 on the old revision.
    reached: calls => updates(calls).length >= 1,
    state: /cancelled while the old tasks drained/,
    longDrain: true
  },
  {
    name: 'migrator',
    version: 'v0.6.6',
    // The drain's desired count 0, then the migrator's deployment.
    reached: calls => updates(calls).length >= 2,
    state: /cancelled during the migrator step/
  },
  {
    name: 'fleet',
    version: 'v0.6.6',
    reached: calls => updates(calls).length >= 3,
    state: /cancelled during the fleet step/
  },
  {
    name: 'rolling update',
    version: 'v0.6.7',
    reached: calls => updates(calls).length >= 1,
    state: /cancelled during the rolling update/
  }
]

describe.each(PHASES)('SIGINT then SIGTERM in the $name phase', phase => {
  const test = phase.knownDefect ? it.failing : it
  test('stops writing, reports the state and how to resume, exits in time; a re-run resumes', async () => {
    // The rolling case starts on v0.6.6 (v0.6.7 adds no migration): a plain rolling update.
    sim = await startDeployWorld(
      {
        runningVersion: phase.version === 'v0.6.7' ? '0.6.6' : '0.6.5',
        ...(phase.longDrain ? { deregistrationDelaySeconds: 300 } : {})
      },
      scenario => (phase.longDrain ? { ...scenario, timing: { ...scenario.timing, secondMs: 10 } } : scenario)
    )
    const world = sim
    const before = serviceSettings(world)
    const userDelaySeconds = phase.longDrain ? 300 : 0
    if (phase.slowOperation) {
      world.faults.push({
        service: 'ecs',
        operation: phase.slowOperation,
        kind: 'latency',
        latencyMs: 800,
        times: 1
      })
    }
    const start = world.calls.length
    let child: ChildProcess | undefined
    const cancelling = runDeploy(
      world,
      // A 300 s drain needs a timeout-minutes it fits in, or the rollout is refused before any write.
      { version: phase.version, ...(phase.longDrain ? { 'timeout-minutes': '15' } : {}) },
      { onSpawn: spawned => (child = spawned), timeoutMs: 60_000 }
    )
    await until(() => phase.reached(world.calls.slice(start)), 30_000)
    const signalledAt = world.calls.length
    child!.kill('SIGINT')
    await pause(200)
    if (child!.exitCode === null) child!.kill('SIGTERM')
    const killer = setTimeout(() => child!.kill('SIGKILL'), GRACE_MS)
    const cancelled = await cancelling
    clearTimeout(killer)

    // Gone before the runner's SIGKILL: exit 1, or ended by the SIGTERM after the outcome was written.
    expect(child!.signalCode).not.toBe('SIGKILL')
    if (cancelled.run.code !== null) expect(cancelled.run.code).toBe(1)
    expect(cancelled.run.outputs.result).toBe('failed')
    expect(cancelled.run.annotations.map(annotation => annotation.title)).toContain('Cancelled')
    expect(cancelled.run.summary).toMatch(phase.state)
    expect(cancelled.run.summary).toMatch(/re-run/i)

    // No write that moves the rollout on once cancelled: no service update, no scaling suspended. Restoring
    // Auto Scaling and the target group's deregistration delay (drain-seconds) to the user's values is allowed; a
    // task definition registration already under way may complete (it changes no service).
    const after = world.calls.slice(signalledAt).filter(call => call.mutating)
    for (const call of after.filter(item => item.operation === 'ModifyTargetGroupAttributes')) {
      expect((call.request as { Attributes?: unknown }).Attributes).toEqual([
        { Key: 'deregistration_delay.timeout_seconds', Value: String(userDelaySeconds) }
      ])
    }
    expect(after.filter(call => call.operation === 'UpdateService')).toEqual([])
    for (const call of after.filter(item => item.operation === 'RegisterScalableTarget')) {
      expect(Object.values((call.request as { SuspendedState?: object }).SuspendedState ?? {})).not.toContain(
        true
      )
    }
    expect(
      after.filter(
        call =>
          !['RegisterScalableTarget', 'RegisterTaskDefinition', 'ModifyTargetGroupAttributes'].includes(
            call.operation
          )
      )
    ).toEqual([])
    expect(after.filter(call => call.operation === 'RegisterTaskDefinition').length).toBeLessThanOrEqual(1)
    expect(migrationInvariants(world.timeline).maxMigrators).toBeLessThanOrEqual(1)
    if (phase.longDrain) {
      // Signalled while the old tasks drained: no task of the new version was started.
      expect(world.timeline.filter(entry => entry.image.includes(`:${phase.version}`))).toEqual([])
    }

    const resumed = await runDeploy(world, {
      version: phase.version,
      ...(phase.longDrain ? { 'timeout-minutes': '15' } : {})
    })
    if (resumed.run.code !== 0) throw new Error(`the re-run failed:\n${describeRun(resumed.run)}`)
    expectExit(resumed.run, 0)
    expect(['deployed', 'unchanged']).toContain(resumed.run.outputs.result)
    const fleet = primaryTaskDefinition(world)
    expect(healthyTaskDefinitions(world)).toEqual([fleet, fleet])
    expect(world.ecs.healthyTasks(CLUSTER, SERVICE)[0].appContainer.image).toContain(`:${phase.version}@`)
    expect(stackedDeployments(world)).toEqual([])
    const invariants = migrationInvariants(world.timeline)
    expect(invariants.maxMigrators).toBeLessThanOrEqual(1)
    expect(invariants.oldBesideMigrator).toBe(false)
    expect(serviceSettings(world)).toEqual(before)
  })
})

/** The settings a rollout changes and must give back, with the fleet size. */
function serviceSettings(world: Simulator) {
  const service = world.ecs.service(CLUSTER, SERVICE)!
  return {
    deploymentConfiguration: service.deploymentConfiguration,
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    capacityProviderStrategy: service.capacityProviderStrategy,
    desiredCount: service.desiredCount,
    recordTags: service.tags.filter(tag => tag.key.startsWith('open-webui-ecs-deploy:user-settings.'))
  }
}
