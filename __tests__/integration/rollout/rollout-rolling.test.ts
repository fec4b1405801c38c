import { describe, expect, test } from '@jest/globals'
import type { Simulator } from '../../../simulator/src/index.js'
import { CLUSTER, SERVICE } from '../../fixtures/open-webui.js'
import { harness, hurriedClock, migratorTasksLaunched, startStandardSimulator } from './simulated-rollout.js'
import { stopAfterEach } from '../../support/simulator-lifecycle.js'
import { fewestHealthy } from '../../support/service-timeline.js'

let sim: Simulator | undefined
stopAfterEach(() => sim)

describe('upgrade without migrations', () => {
  test('a rolling update with no outage: old tasks serve until the new ones are healthy', async () => {
    sim = await startStandardSimulator({ runningVersion: '0.6.6', desiredCount: 3 })
    const run = harness(sim, { version: '0.6.7' })
    const plan = await run.plan()
    expect(plan.strategy).toBe('rolling')
    const outcome = await run.rollout(plan)
    expect(outcome.result).toBe('deployed')
    expect(outcome.outputs).toMatchObject({
      version: 'v0.6.7',
      'previous-version': 'v0.6.6',
      migrations: 'false'
    })
    expect(outcome.outputs['migrator-task-definition-arn']).toBeUndefined()
    expect(migratorTasksLaunched(sim)).toEqual([])
    const start = sim.calls.find(call => call.operation === 'UpdateService')!.at
    expect(fewestHealthy(sim, start)).toBeGreaterThanOrEqual(3)
    expect(sim.calls.filter(call => call.operation === 'UpdateService')).toHaveLength(1)
    expect(sim.calls.some(call => call.operation === 'RegisterScalableTarget')).toBe(false)
    expect(outcome.summary).toMatch(/\| Rolling update \| ✅ OK \|/)
  })

  test('a circuit-breaker rollback is reported as a failure, never success', async () => {
    sim = await startStandardSimulator({ runningVersion: '0.6.6' }, scenario => ({
      ...scenario,
      taskBehaviours: [{ match: { image: 'v0.6.7' }, exitAfterMs: 20, exitCode: 1 }]
    }))
    const run = harness(sim, { version: '0.6.7' })
    const outcome = await run.rollout()
    expect(outcome.result).toBe('rolled-back')
    expect(outcome.failure).toContain('circuit breaker')
    expect(outcome.annotations.some(annotation => annotation.level === 'notice')).toBe(false)
    expect(outcome.annotations).toContainEqual(expect.objectContaining({ level: 'error' }))
    // ECS rolled back by itself: the rollout did not start a second rollback.
    expect(sim.calls.filter(call => call.operation === 'UpdateService')).toHaveLength(1)
    expect(
      sim.ecs.healthyTasks(CLUSTER, SERVICE).every(task => task.appContainer.image.includes(':v0.6.6'))
    ).toBe(true)
    expect(outcome.summary).toContain('circuit breaker returned the service')
  })

  test('a failed rolling update without breaker rollback is rolled back by the rollout', async () => {
    sim = await startStandardSimulator({ runningVersion: '0.6.6' }, scenario => {
      scenario.ecs!.clusters![0].services![0].deploymentConfiguration = {
        deploymentCircuitBreaker: { enable: true, rollback: false }
      }
      return { ...scenario, taskBehaviours: [{ match: { image: 'v0.6.7' }, healthy: false }] }
    })
    const run = harness(sim, { version: '0.6.7' })
    const outcome = await run.rollout()
    expect(outcome.result).toBe('rolled-back')
    expect(outcome.failure).toContain('health checks')
    expect(sim.calls.filter(call => call.operation === 'UpdateService')).toHaveLength(2)
    expect(sim.ecs.service(CLUSTER, SERVICE)!.deployments[0].taskDefinitionArn).toMatch(/open-webui:1$/)
  })

  test('the health check after the rollout: both endpoints, the reported version equals the target', async () => {
    sim = await startStandardSimulator({ runningVersion: '0.6.6' })
    const run = harness(sim, { version: '0.6.7', 'health-url': `${sim.url}/openwebui/${CLUSTER}/${SERVICE}` })
    const outcome = await run.rollout()
    expect(outcome.result).toBe('deployed')
    expect(outcome.summary).toContain('#### Health check: ✅ OK')
    expect(outcome.summary).toMatch(/\| \/api\/version \| .* \| 200 \| \d+ ms \| OK: 0\.6\.7 \|/)
  })

  test('a health check that never passes fails the step without touching the service', async () => {
    sim = await startStandardSimulator({ runningVersion: '0.6.6' })
    const run = harness(
      sim,
      { version: '0.6.7', 'health-url': `${sim.url}/openwebui/${CLUSTER}/not-this-service` },
      { clock: hurriedClock() }
    )
    const outcome = await run.rollout()
    expect(outcome.result).toBe('failed')
    expect(outcome.failure).toContain('The health check failed')
    expect(outcome.annotations).toContainEqual(
      expect.objectContaining({ level: 'error', title: 'Deploy failed: health check' })
    )
    expect(sim.calls.filter(call => call.operation === 'UpdateService')).toHaveLength(1)
  })
})
