import { expect, test } from '@jest/globals'
import type { Simulator } from '../../../simulator/src/index.js'
import { systemClock, type Clock } from '../../../src/ports/clock.js'
import { CLUSTER, SERVICE } from '../../fixtures/open-webui.js'
import { onStrategy } from '../../support/ecs-strategies.js'
import { stopAfterEach } from '../../support/simulator-lifecycle.js'
import { until } from '../../support/timing.js'
import { harness, startStandardSimulator } from './simulated-rollout.js'

let sim: Simulator | undefined
stopAfterEach(() => sim)

/**
 * Issue 25: timeout-minutes running out during the bake of a BLUE_GREEN deployment stops it with
 * StopServiceDeployment (ROLLBACK): production traffic returns to the old revision, result=rolled-back. The run's
 * clock is moved past the deadline once the bake began (no wait for a real minute).
 */
test('the deadline during the bake stops the service deployment with ROLLBACK: result=rolled-back', async () => {
  sim = await startStandardSimulator(
    { runningVersion: '0.6.6' },
    onStrategy({ strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1440 })
  )
  const world = sim
  let offset = 0
  const clock: Clock = { now: () => systemClock.now() + offset, sleep: systemClock.sleep }
  const run = harness(world, { version: '0.6.7' }, { clock })
  const rolling = run.rollout()
  const record = () => world.ecs.service(CLUSTER, SERVICE)!.serviceDeployments.at(-1)
  // Once the run itself saw the bake (its log names each stage it sees), its deadline passes.
  await until(() => run.log.lines.some(line => line.endsWith(': BAKE_TIME')), 30_000)
  offset = 2 * 60_000
  const outcome = await rolling
  expect(outcome.result).toBe('rolled-back')
  const stops = world.calls.filter(call => call.operation === 'StopServiceDeployment')
  expect(stops.map(call => call.request)).toEqual([
    { serviceDeploymentArn: record()!.arn, stopType: 'ROLLBACK' }
  ])
  expect(record()!.status).toMatch(/^ROLLBACK_/)
  expect(outcome.summary).toMatch(/Timed out during the BAKE_TIME stage/)
  expect(outcome.summary).toMatch(/production traffic is on .* again, healthy/)
  const images = () =>
    world.ecs.healthyTasks(CLUSTER, SERVICE).map(task => task.appContainer.image.replace(/@.*/, ''))
  await until(() => images().length === 2 && images().every(image => image.endsWith(':v0.6.6')), 10_000)
  expect(
    world.ecs.healthyTasks(CLUSTER, SERVICE).map(task => task.appContainer.image.replace(/@.*/, ''))
  ).toEqual(Array(2).fill(expect.stringContaining(':v0.6.6')))
})
