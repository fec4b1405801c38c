import { expect, test } from '@jest/globals'
import type { Simulator } from '../../../simulator/src/index.js'
import { harness, migrationInvariants, startStandardSimulator } from './simulated-rollout.js'
import { stopAfterEach } from '../../support/simulator-lifecycle.js'

let sim: Simulator | undefined
stopAfterEach(() => sim)

test('throttled reads while waiting: backed off and retried, the rollout still completes', async () => {
  sim = await startStandardSimulator({ desiredCount: 2 }, scenario => ({
    ...scenario,
    faults: [
      { service: 'ecs', operation: 'Describe*', kind: 'throttle', probability: 0.3 },
      { service: 'ecs', operation: 'ListTasks', kind: 'throttle', probability: 0.3 }
    ]
  }))
  const run = harness(sim)
  const outcome = await run.rollout()
  expect(outcome.result).toBe('deployed')
  expect(sim.calls.some(call => call.errorCode === 'ThrottlingException')).toBe(true)
  expect(migrationInvariants(sim).maxMigrators).toBe(1)
})

test('a non-retryable error on a write fails at once with the service message, summary written', async () => {
  sim = await startStandardSimulator({ desiredCount: 2 }, scenario => ({
    ...scenario,
    faults: [{ service: 'ecs', operation: 'UpdateService', kind: 'access-denied' }]
  }))
  const run = harness(sim)
  const outcome = await run.rollout()
  expect(outcome.result).toBe('failed')
  expect(outcome.failure).toMatch(/UpdateService.*AccessDenied/)
  expect(outcome.summary).toContain('Nothing was changed')
  expect(sim.calls.filter(call => call.operation === 'UpdateService')).toHaveLength(1)
})
