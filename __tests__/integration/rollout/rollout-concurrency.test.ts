import { describe, expect, test } from '@jest/globals'
import type { Simulator } from '../../../simulator/src/index.js'
import { CLUSTER, SERVICE } from '../../fixtures/open-webui.js'
import { harness, migrationInvariants, startStandardSimulator } from './simulated-rollout.js'
import { until } from '../../support/timing.js'
import { stopAfterEach } from '../../support/simulator-lifecycle.js'

let sim: Simulator | undefined
stopAfterEach(() => sim)

describe('concurrency', () => {
  test('a deployment already in progress is waited for, then the rollout runs on top of nothing', async () => {
    sim = await startStandardSimulator({}, scenario => {
      scenario.ecs!.clusters![0].services![0].inProgressForMs = 600_000
      return scenario
    })
    const seeded = sim.ecs.service(CLUSTER, SERVICE)!.deployments[0]
    const run = harness(sim)
    const rollout = run.rollout()
    await until(() => run.log.lines.some(line => line.startsWith('::group::Waiting for deployment')))
    const releasedAt = sim.world.now()
    seeded.holdUntil = undefined
    const outcome = await rollout
    expect(outcome.result).toBe('deployed')
    expect(sim.calls.find(call => call.operation === 'UpdateService')!.at).toBeGreaterThan(releasedAt)
    expect(outcome.summary).toMatch(/\| Wait for a running deployment \| ✅ OK \|/)
  })

  test('a deployment still in progress at the timeout: fail before writing anything', async () => {
    sim = await startStandardSimulator({}, scenario => {
      scenario.ecs!.clusters![0].services![0].inProgressForMs = 60_000
      return scenario
    })
    const run = harness(sim, { 'timeout-minutes': '0.02' })
    const outcome = await run.rollout()
    expect(outcome.result).toBe('failed')
    expect(outcome.failure).toContain('still in progress')
    expect(sim.calls.filter(call => call.mutating && call.service === 'ecs')).toEqual([])
    expect(outcome.annotations[0]).toMatchObject({
      level: 'error',
      title: 'Deploy failed: wait for a running deployment'
    })
  })

  test('the service changed after the plan was made: stale plan, nothing written', async () => {
    sim = await startStandardSimulator()
    const first = harness(sim)
    const plan = await first.plan()
    const other = harness(sim, { version: '0.6.7', migration: 'never' })
    expect((await other.rollout()).result).toBe('deployed')
    const writes = sim.calls.filter(call => call.mutating).length
    const outcome = await first.rollout(plan)
    expect(outcome.result).toBe('failed')
    expect(outcome.failure).toContain('re-run to plan against the new state')
    expect(sim.calls.filter(call => call.mutating)).toHaveLength(writes)
  })

  test('two deploys of one service at once: one wins, the other stops without touching it, never two migrators', async () => {
    sim = await startStandardSimulator({ desiredCount: 2 })
    const one = harness(sim)
    const two = harness(sim)
    const [planOne, planTwo] = await Promise.all([one.plan(), two.plan()])
    const outcomes = await Promise.all([one.rollout(planOne), two.rollout(planTwo)])
    expect(migrationInvariants(sim).maxMigrators).toBeLessThanOrEqual(1)
    expect(outcomes.map(outcome => outcome.result).sort()).toEqual(['deployed', 'failed'])
    const loser = outcomes.find(outcome => outcome.result === 'failed')!
    expect(loser.failure).toMatch(/Someone else|re-run to plan|replaced/)
    expect(sim.ecs.healthyTasks(CLUSTER, SERVICE)).toHaveLength(2)
  })
})
