import { describe, expect, test } from '@jest/globals'
import type { Service } from '../../../src/ports/ecs.js'
import {
  fleetDeploymentConfiguration,
  fleetSettings,
  formatSavedConfiguration,
  leftBehindSettings,
  migratorDeploymentConfiguration,
  migratorSettings,
  parseSavedConfiguration,
  restoredSettings,
  restoredStrategy,
  saveConfiguration,
  userSettingsOf,
  withSavedConfiguration,
  type UserSettings
} from '../../../src/rollout/deployment-configuration.js'

const spotStrategy = [
  { capacityProvider: 'FARGATE', base: 1, weight: 0 },
  { capacityProvider: 'FARGATE_SPOT', base: 0, weight: 3 }
]

const user: UserSettings = {
  deploymentConfiguration: {
    minimumHealthyPercent: 100,
    maximumPercent: 200,
    deploymentCircuitBreaker: { enable: true, rollback: true }
  },
  healthCheckGracePeriodSeconds: 30,
  capacityProviderStrategy: spotStrategy
}

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

describe('grace period and capacity provider strategy', () => {
  test('the migrator: a grace period covering timeout-minutes, FARGATE only when the service uses Spot', () => {
    const settings = migratorSettings(user, 45)
    expect(settings.healthCheckGracePeriodSeconds).toBe(2700)
    expect(settings.capacityProviderStrategy).toEqual([{ capacityProvider: 'FARGATE', weight: 1, base: 0 }])
    // A longer grace period of the user's own is kept; a launch type stays as it is.
    const long = migratorSettings({ healthCheckGracePeriodSeconds: 7200 }, 30)
    expect(long.healthCheckGracePeriodSeconds).toBe(7200)
    expect(long.capacityProviderStrategy).toBeUndefined()
    // A strategy without Spot is left alone.
    expect(
      migratorSettings({ capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }] }, 30)
        .capacityProviderStrategy
    ).toBeUndefined()
  })

  test("the fleet and every restore bring the user's grace period and strategy back", () => {
    const fleet = fleetSettings(user)
    expect(fleet.healthCheckGracePeriodSeconds).toBe(30)
    expect(fleet.capacityProviderStrategy).toEqual(spotStrategy)
    expect(fleet.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({ enable: true, rollback: false })
    // A settings-only update never carries the strategy: ECS changes one only with forceNewDeployment.
    expect(restoredSettings(user)).toEqual({
      deploymentConfiguration: user.deploymentConfiguration,
      healthCheckGracePeriodSeconds: 30
    })
    expect(restoredStrategy(user)).toEqual({ capacityProviderStrategy: spotStrategy })
    expect(restoredSettings({}).healthCheckGracePeriodSeconds).toBe(0)
  })
})

describe('what is saved, in the tags', () => {
  test('the codec keeps every field within the characters ECS tag values allow', () => {
    const saved = saveConfiguration(user)
    const text = formatSavedConfiguration(saved)
    expect(text).toMatch(/^[\w .:/=+\-@]{1,256}$/)
    expect(parseSavedConfiguration(text)).toEqual(saved)
    expect(saved).toEqual({
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      circuitBreaker: true,
      rollback: true,
      healthCheckGracePeriodSeconds: 30,
      capacityProviderStrategy: spotStrategy
    })
  })

  test('a tag written before grace periods and strategies were recorded still reads', () => {
    const saved = parseSavedConfiguration('min=50 max=200 breaker=on rollback=on')
    expect(saved).toEqual({
      minimumHealthyPercent: 50,
      maximumPercent: 200,
      circuitBreaker: true,
      rollback: true
    })
    // Then the service's current grace period and strategy stand.
    expect(
      withSavedConfiguration(
        { healthCheckGracePeriodSeconds: 60, capacityProviderStrategy: spotStrategy },
        saved
      )
    ).toMatchObject({ healthCheckGracePeriodSeconds: 60, capacityProviderStrategy: spotStrategy })
    expect(parseSavedConfiguration('garbage')).toBeUndefined()
  })
})

describe('left-behind settings', () => {
  const saved = saveConfiguration(user)
  const service = (overrides: Partial<Service>): Service => ({
    ...user,
    deploymentConfiguration: user.deploymentConfiguration,
    ...overrides
  })

  test('none when the service shows what the user had', () => {
    expect(leftBehindSettings(service({}), saved)).toBeUndefined()
    expect(userSettingsOf(service({}))).toEqual(user)
  })

  test("the fleet step's rollback-off, the migrator's grace period and FARGATE-only are found and reversed", () => {
    const left = leftBehindSettings(
      service({
        deploymentConfiguration: fleetDeploymentConfiguration(user.deploymentConfiguration),
        healthCheckGracePeriodSeconds: 2700,
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }]
      }),
      saved
    )
    expect(left?.changes).toEqual([
      'deployment configuration 100/200, circuit breaker on, rollback off',
      'health check grace period 2700 s',
      'capacity provider strategy FARGATE (base 0, weight 1)'
    ])
    expect(left?.settings).toEqual({
      deploymentConfiguration: user.deploymentConfiguration,
      healthCheckGracePeriodSeconds: 30
    })
    // The strategy comes back with a deployment: the caller rolls out to heal it.
    expect(left?.strategyLeft).toBe(true)
  })

  test("a change the other way is the user's own and stays", () => {
    // Shorter grace period, rollback already on, breaker off: nothing the rollout does.
    expect(
      leftBehindSettings(
        service({
          healthCheckGracePeriodSeconds: 0,
          deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200 }
        }),
        saved
      )
    ).toBeUndefined()
  })
})
