import { describe, expect, test } from '@jest/globals'
import type { Service } from '../../../src/ports/ecs.js'
import { resolveStart, type StartFacts } from '../../../src/rollout/rollout-start.js'

const OLD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/open-webui:4'
const CURRENT = 'arn:aws:ecs:us-east-1:123456789012:task-definition/open-webui:5'
const userConfiguration = {
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  deploymentCircuitBreaker: { enable: true, rollback: true }
}
const saved = {
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  circuitBreaker: true,
  rollback: true,
  healthCheckGracePeriodSeconds: 30,
  capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', base: 0, weight: 1 }]
}

function facts(overrides: Partial<StartFacts> = {}, idle: Service = {}): StartFacts {
  return {
    current: {
      taskDefinitionArn: CURRENT,
      version: '0.6.5',
      desiredCount: 3,
      runningCount: 3,
      deploymentsInProgress: []
    },
    planDesiredCount: 3,
    idle: {
      desiredCount: 3,
      deploymentConfiguration: userConfiguration,
      healthCheckGracePeriodSeconds: 30,
      ...idle
    },
    revision: {},
    ...overrides
  }
}

describe('where a rollout starts from', () => {
  test('a fresh rollout: the service as it is now', () => {
    expect(resolveStart(facts())).toEqual({
      previous: {
        taskDefinitionArn: CURRENT,
        version: '0.6.5',
        desiredCount: 3,
        deploymentConfiguration: userConfiguration,
        healthCheckGracePeriodSeconds: 30
      },
      desiredCount: 3,
      fromMigrator: false
    })
  })

  test("an earlier run's migrator revision: its tags say what the service was, migrations may have run", () => {
    const start = resolveStart(
      facts(
        {
          planDesiredCount: 1,
          revision: {
            role: 'migrator',
            version: '0.6.6',
            bookkeeping: {
              previousTaskDefinitionArn: OLD,
              previousVersion: '0.6.5',
              desiredCount: 3,
              deploymentConfiguration: saved
            }
          }
        },
        {
          desiredCount: 1,
          deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 },
          healthCheckGracePeriodSeconds: 1800,
          capacityProviderStrategy: [{ capacityProvider: 'FARGATE', base: 0, weight: 1 }]
        }
      )
    )
    expect(start.fromMigrator).toBe(true)
    expect(start.desiredCount).toBe(3)
    expect(start.previous).toMatchObject({
      taskDefinitionArn: OLD,
      version: '0.6.5',
      desiredCount: 3,
      healthCheckGracePeriodSeconds: 30,
      capacityProviderStrategy: saved.capacityProviderStrategy,
      deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200 }
    })
    // The desired-count input wins over the recorded fleet size.
    expect(
      resolveStart({
        ...facts({ revision: { role: 'migrator', bookkeeping: { desiredCount: 3 } } }),
        desiredCountInput: 5
      }).desiredCount
    ).toBe(5)
  })

  test('a fleet revision with settings left behind: the saved settings, and the recorded size of a held fleet', () => {
    const leftBehind = { changes: ['deployment configuration 100/200, circuit breaker on, rollback off'] }
    const start = resolveStart(
      facts(
        {
          planDesiredCount: 1,
          revision: { role: 'fleet', bookkeeping: { desiredCount: 3, deploymentConfiguration: saved } },
          leftBehind
        },
        {
          desiredCount: 0,
          deploymentConfiguration: {
            ...userConfiguration,
            deploymentCircuitBreaker: { enable: true, rollback: false }
          }
        }
      )
    )
    expect(start).toMatchObject({ desiredCount: 3, fromMigrator: false, leftBehind })
    expect(start.previous.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({
      enable: true,
      rollback: true
    })
    // Nothing left behind: the tags of a finished rollout do not override what the user has since.
    expect(
      resolveStart(
        facts({
          revision: { role: 'fleet', bookkeeping: { desiredCount: 9, deploymentConfiguration: saved } }
        })
      ).desiredCount
    ).toBe(3)
  })

  test("the record of the user's settings: a count below its fleet size is the rollout's, whatever revision runs", () => {
    const record = {
      desiredCount: 3,
      deploymentConfiguration: userConfiguration,
      healthCheckGracePeriodSeconds: 45,
      capacityProviderStrategy: saved.capacityProviderStrategy
    }
    // Someone else's deployment of the old revision on top of the migrator step kept its count of 1.
    const start = resolveStart(
      facts(
        { planDesiredCount: 1, record },
        {
          desiredCount: 1,
          deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 },
          healthCheckGracePeriodSeconds: 120
        }
      )
    )
    expect(start.desiredCount).toBe(3)
    expect(start.previous).toMatchObject({
      desiredCount: 3,
      deploymentConfiguration: userConfiguration,
      healthCheckGracePeriodSeconds: 45,
      capacityProviderStrategy: saved.capacityProviderStrategy
    })
    // The drain's 0 likewise; the desired-count input still wins.
    expect(resolveStart(facts({ planDesiredCount: 0, record }, { desiredCount: 0 })).desiredCount).toBe(3)
    expect(
      // (the plan's count is the input's then)
      resolveStart({ ...facts({ planDesiredCount: 2, record }, { desiredCount: 1 }), desiredCountInput: 2 })
        .desiredCount
    ).toBe(2)
    // A service scaled out since the record was written keeps its size.
    expect(resolveStart(facts({ planDesiredCount: 5, record }, { desiredCount: 5 })).desiredCount).toBe(5)
  })
})
