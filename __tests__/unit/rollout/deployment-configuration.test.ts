import { describe, expect, test } from '@jest/globals'
import { fleetDeploymentConfiguration } from '../../../src/rollout/fleet-phase.js'
import { migratorDeploymentConfiguration } from '../../../src/rollout/migrator-phase.js'

describe('deployment configurations of the two steps', () => {
  test('the migrator step: 0/100, breaker on without rollback, alarm rollback off', () => {
    expect(
      migratorDeploymentConfiguration({
        minimumHealthyPercent: 100,
        maximumPercent: 200,
        deploymentCircuitBreaker: { enable: false, rollback: true },
        alarms: { alarmNames: ['5xx'], enable: true, rollback: true }
      })
    ).toEqual({
      minimumHealthyPercent: 0,
      maximumPercent: 100,
      deploymentCircuitBreaker: { enable: true, rollback: false },
      alarms: { alarmNames: ['5xx'], enable: true, rollback: false }
    })
  })

  test("the fleet step: the user's configuration, but ECS can never roll back to the migrator", () => {
    expect(
      fleetDeploymentConfiguration({
        minimumHealthyPercent: 50,
        maximumPercent: 150,
        deploymentCircuitBreaker: { enable: true, rollback: true }
      })
    ).toEqual({
      minimumHealthyPercent: 50,
      maximumPercent: 150,
      deploymentCircuitBreaker: { enable: true, rollback: false }
    })
    expect(fleetDeploymentConfiguration(undefined)).toEqual({
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: false }
    })
  })
})
