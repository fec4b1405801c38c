import { describe, expect, test } from '@jest/globals'
import type { Deployment, Service, Task } from '../../../src/ports/ecs.js'
import {
  judgeDeployment,
  verifyDeploymentTasks,
  type TrackedDeployment
} from '../../../src/rollout/deployment-verdict.js'
import { hasContainerHealthCheck } from '../../../src/verify/health-check.js'

const FLEET = 'arn:aws:ecs:us-east-1:123456789012:task-definition/open-webui:3'
const OLD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/open-webui:1'
const tracked: TrackedDeployment = { deploymentId: 'ecs-svc/2', taskDefinitionArn: FLEET, desiredCount: 4 }

function deployment(overrides: Partial<Deployment>): Deployment {
  return {
    id: 'ecs-svc/2',
    status: 'PRIMARY',
    taskDefinition: FLEET,
    desiredCount: 4,
    runningCount: 4,
    pendingCount: 0,
    failedTasks: 0,
    rolloutState: 'COMPLETED',
    rolloutStateReason: 'ECS deployment ecs-svc/2 completed.',
    ...overrides
  }
}

function service(deployments: Deployment[], overrides: Partial<Service> = {}): Service {
  return { status: 'ACTIVE', desiredCount: 4, runningCount: 4, deployments, ...overrides }
}

describe('judgeDeployment', () => {
  test('our deployment COMPLETED, PRIMARY, our revision, running == desired: completed', () => {
    expect(judgeDeployment(service([deployment({})]), tracked).state).toBe('completed')
  })

  test('still rolling out: in progress, also while old tasks drain', () => {
    const verdict = judgeDeployment(
      service([
        deployment({ rolloutState: 'IN_PROGRESS', runningCount: 2, pendingCount: 2 }),
        deployment({ id: 'ecs-svc/1', status: 'ACTIVE', taskDefinition: OLD, runningCount: 4 })
      ]),
      tracked
    )
    expect(verdict.state).toBe('in-progress')
  })

  test('a stable service after a circuit-breaker rollback is a failure, never success', () => {
    const verdict = judgeDeployment(
      service([
        deployment({
          id: 'ecs-svc/3',
          taskDefinition: OLD,
          rolloutState: 'IN_PROGRESS',
          rolloutStateReason: 'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1.'
        }),
        deployment({ status: 'ACTIVE', rolloutState: 'FAILED', runningCount: 0, failedTasks: 3 })
      ]),
      tracked
    )
    expect(verdict).toMatchObject({ state: 'failed', kind: 'ecs-rollback' })
  })

  test('our deployment gone and the PRIMARY rolling back: circuit-breaker rollback', () => {
    const verdict = judgeDeployment(
      service([
        deployment({
          id: 'ecs-svc/3',
          taskDefinition: OLD,
          rolloutState: 'IN_PROGRESS',
          rolloutStateReason: 'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1.'
        })
      ]),
      tracked
    )
    expect(verdict).toMatchObject({ state: 'failed', kind: 'ecs-rollback' })
  })

  test('someone else deployed on top: superseded', () => {
    const verdict = judgeDeployment(
      service([
        deployment({ id: 'ecs-svc/9', taskDefinition: OLD, rolloutState: 'IN_PROGRESS' }),
        deployment({ status: 'ACTIVE', rolloutState: 'IN_PROGRESS' })
      ]),
      tracked
    )
    expect(verdict).toMatchObject({ state: 'failed', kind: 'superseded' })
  })

  test('FAILED rollout without rollback: deployment failed with ECS reason', () => {
    const verdict = judgeDeployment(
      service([
        deployment({
          rolloutState: 'FAILED',
          runningCount: 0,
          rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.'
        })
      ]),
      tracked
    )
    expect(verdict).toMatchObject({ state: 'failed', kind: 'deployment-failed' })
    expect(verdict.state === 'failed' && verdict.reason).toContain('tasks failed to start')
  })

  test('desired 0 and running 0 is "stable" but not success', () => {
    const verdict = judgeDeployment(
      service([deployment({ desiredCount: 0, runningCount: 0 })], { desiredCount: 0, runningCount: 0 }),
      tracked
    )
    expect(verdict).toMatchObject({ state: 'failed', kind: 'scaled-to-zero' })
  })

  test('the migrator step fails as soon as the desired count moves off 1', () => {
    const migrator: TrackedDeployment = { ...tracked, desiredCount: 1, exactDesiredCount: true }
    const verdict = judgeDeployment(
      service([deployment({ desiredCount: 2, runningCount: 1, rolloutState: 'IN_PROGRESS' })], {
        desiredCount: 2
      }),
      migrator
    )
    expect(verdict).toMatchObject({ state: 'failed', kind: 'desired-count-changed' })
  })

  test('service missing or draining: service gone', () => {
    expect(judgeDeployment(undefined, tracked)).toMatchObject({ state: 'failed', kind: 'service-gone' })
    expect(judgeDeployment(service([deployment({})], { status: 'DRAINING' }), tracked)).toMatchObject({
      state: 'failed',
      kind: 'service-gone'
    })
  })

  test('COMPLETED but fewer running than desired: keep waiting', () => {
    expect(judgeDeployment(service([deployment({ runningCount: 3 })]), tracked).state).toBe('in-progress')
  })
})

function task(overrides: Partial<Task>): Task {
  return {
    taskArn: `arn:aws:ecs:us-east-1:123456789012:task/prod/${Math.random().toString(16).slice(2)}`,
    taskDefinitionArn: FLEET,
    startedBy: 'ecs-svc/2',
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    healthStatus: 'HEALTHY',
    ...overrides
  }
}

describe('verifyDeploymentTasks', () => {
  test('every task of the deployment RUNNING and HEALTHY', () => {
    const tasks = [1, 2, 3, 4].map(() => task({}))
    expect(verifyDeploymentTasks(tasks, tracked, true)).toMatchObject({ ok: true, serving: 4 })
  })

  test('one task UNKNOWN health while a health check exists: not yet', () => {
    const tasks = [task({}), task({}), task({}), task({ healthStatus: 'UNKNOWN' })]
    const check = verifyDeploymentTasks(tasks, tracked, true)
    expect(check).toMatchObject({ ok: false, serving: 3 })
    expect(check.problem).toContain('1 of 4')
  })

  test('without a health check RUNNING is enough', () => {
    const tasks = [1, 2, 3, 4].map(() => task({ healthStatus: 'UNKNOWN' }))
    expect(verifyDeploymentTasks(tasks, tracked, false).ok).toBe(true)
  })

  test('tasks of other deployments do not count', () => {
    const tasks = [task({}), task({}), task({}), task({ startedBy: 'ecs-svc/1', taskDefinitionArn: OLD })]
    expect(verifyDeploymentTasks(tasks, tracked, true)).toMatchObject({ ok: false, total: 3 })
  })
})

test('hasContainerHealthCheck looks at essential containers only', () => {
  expect(
    hasContainerHealthCheck({ containerDefinitions: [{ name: 'a', healthCheck: { command: ['x'] } }] })
  ).toBe(true)
  expect(
    hasContainerHealthCheck({
      containerDefinitions: [{ name: 'a', essential: false, healthCheck: { command: ['x'] } }, { name: 'b' }]
    })
  ).toBe(false)
  expect(hasContainerHealthCheck({})).toBe(false)
})
