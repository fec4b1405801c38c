import { describe, expect, test } from '@jest/globals'
import type { Service } from '../../../src/ports/ecs.js'
import {
  describeLifecycleStrategy,
  lifecycleStrategyOf,
  productionTrafficShifted
} from '../../../src/domain/lifecycle-strategy.js'
import {
  fleetDeploymentConfiguration,
  migratorDeploymentConfiguration
} from '../../../src/rollout/deployment-configuration.js'
import { serviceMatchesRecord } from '../../../src/rollout/resume/settings-record.js'
import { stageTimes } from '../../../src/rollout/lifecycle/traffic-shift-phase.js'

const blueGreen = {
  strategy: 'BLUE_GREEN' as const,
  bakeTimeInMinutes: 15,
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  lifecycleHooks: [
    {
      hookTargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:smoke',
      roleArn: 'arn:aws:iam::123456789012:role/hooks',
      lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT' as const]
    }
  ]
}

describe("ECS's own strategies", () => {
  test('BLUE_GREEN, LINEAR and CANARY are lifecycle strategies; ROLLING and none are not', () => {
    expect(
      ['BLUE_GREEN', 'LINEAR', 'CANARY', 'ROLLING', undefined].map(strategy =>
        lifecycleStrategyOf({ strategy: strategy as 'ROLLING' })
      )
    ).toEqual(['BLUE_GREEN', 'LINEAR', 'CANARY', undefined, undefined])
    expect(lifecycleStrategyOf(undefined)).toBeUndefined()
  })

  test('production traffic is on green from POST_PRODUCTION_TRAFFIC_SHIFT on', () => {
    expect(
      [
        'SCALE_UP',
        'PRODUCTION_TRAFFIC_SHIFT',
        'POST_PRODUCTION_TRAFFIC_SHIFT',
        'BAKE_TIME',
        'CLEAN_UP',
        undefined
      ].map(productionTrafficShifted)
    ).toEqual([false, false, true, true, true, false])
  })

  test('the strategy in words, with its own settings', () => {
    expect(describeLifecycleStrategy(blueGreen)).toBe('BLUE_GREEN (bake 15 min, 1 lifecycle hook)')
    expect(describeLifecycleStrategy({ strategy: 'LINEAR', linearConfiguration: { stepPercent: 20 } })).toBe(
      'LINEAR (20% steps 6 min apart, bake 0 min)'
    )
    expect(describeLifecycleStrategy({ strategy: 'CANARY' })).toBe(
      'CANARY (5% canary for 10 min, bake 0 min)'
    )
  })

  test('each stage with the seconds since the deployment started', () => {
    expect(stageTimes([], 0)).toBe('no lifecycle stage seen yet')
    expect(
      stageTimes(
        [
          { stage: 'SCALE_UP', at: 1_000 },
          { stage: 'BAKE_TIME', at: 61_400 },
          { stage: 'CLEAN_UP', at: 961_600 }
        ],
        1_000
      )
    ).toBe('SCALE_UP 0 s → BAKE_TIME 60 s → CLEAN_UP 961 s')
  })
})

describe('across a schema change the rollout runs ROLLING', () => {
  test('migrator and fleet switch a lifecycle strategy to ROLLING and leave a rolling one alone', () => {
    expect(migratorDeploymentConfiguration(blueGreen).strategy).toBe('ROLLING')
    expect(fleetDeploymentConfiguration(blueGreen)).toMatchObject({
      strategy: 'ROLLING',
      minimumHealthyPercent: 100
    })
    expect(migratorDeploymentConfiguration({ strategy: 'ROLLING' })).not.toHaveProperty('strategy')
    expect(fleetDeploymentConfiguration(undefined)).not.toHaveProperty('strategy')
  })

  test('the record goes only once the strategy and its settings are back', () => {
    const record = { deploymentConfiguration: blueGreen, healthCheckGracePeriodSeconds: 0, desiredCount: 2 }
    const service = (deploymentConfiguration: Service['deploymentConfiguration']): Service => ({
      deploymentConfiguration,
      healthCheckGracePeriodSeconds: 0
    })
    expect(serviceMatchesRecord(service({ ...blueGreen, strategy: 'ROLLING' }), record)).toEqual([
      'deployment strategy'
    ])
    expect(serviceMatchesRecord(service({ ...blueGreen, bakeTimeInMinutes: 0 }), record)).toEqual([
      'blue/green settings'
    ])
    expect(serviceMatchesRecord(service(blueGreen), record)).toEqual([])
  })
})
