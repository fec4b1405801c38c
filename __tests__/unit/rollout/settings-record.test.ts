import { describe, expect, test } from '@jest/globals'
import {
  decodeRecord,
  encodeRecord,
  recordOf,
  serviceMatchesRecord,
  type SettingsRecord
} from '../../../src/rollout/resume/settings-record.js'

const record: SettingsRecord = recordOf(
  {
    deploymentConfiguration: {
      minimumHealthyPercent: 50,
      maximumPercent: 150,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      alarms: { alarmNames: ['open-webui-5xx', 'open-webui-latency'], enable: true, rollback: true }
    },
    healthCheckGracePeriodSeconds: 45,
    capacityProviderStrategy: [
      { capacityProvider: 'FARGATE', base: 1, weight: 1 },
      { capacityProvider: 'FARGATE_SPOT', base: 0, weight: 4 }
    ]
  },
  { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false },
  3
)

describe('the record of the user settings on the service', () => {
  test('round-trips through tags whose values ECS accepts (256 characters, base64url only)', () => {
    const tags = encodeRecord(record)
    expect(tags.length).toBeGreaterThan(1)
    for (const tag of tags) {
      expect(tag.value!.length).toBeLessThanOrEqual(256)
      expect(tag.value).toMatch(/^[A-Za-z0-9_-]+$/)
    }
    expect(decodeRecord([{ key: 'team', value: 'ai' }, ...tags.reverse()])).toEqual(record)
  })

  test('a missing chunk or a tampered value is no record', () => {
    const tags = encodeRecord(record)
    expect(decodeRecord(tags.slice(1))).toBeUndefined()
    expect(decodeRecord([{ ...tags[0], value: 'bm90IGpzb24' }, ...tags.slice(1)])).toBeUndefined()
    expect(decodeRecord([])).toBeUndefined()
  })

  test('the rollout-time settings differ from it in every field the rollout changes, alarms included', () => {
    const duringMigrator = {
      deploymentConfiguration: {
        minimumHealthyPercent: 0,
        maximumPercent: 100,
        deploymentCircuitBreaker: { enable: true, rollback: false },
        alarms: { alarmNames: ['open-webui-latency', 'open-webui-5xx'], enable: true, rollback: false }
      },
      healthCheckGracePeriodSeconds: 1800,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE', base: 0, weight: 1 }]
    }
    expect(serviceMatchesRecord(duringMigrator, record)).toEqual([
      'minimum healthy percent',
      'maximum percent',
      'circuit breaker',
      'alarms',
      'health check grace period',
      'capacity provider strategy'
    ])
  })

  test('the service as the user had it matches (alarm order and filled-in defaults aside)', () => {
    const restored = {
      deploymentConfiguration: {
        ...record.deploymentConfiguration,
        strategy: 'ROLLING' as const,
        alarms: { alarmNames: ['open-webui-latency', 'open-webui-5xx'], enable: true, rollback: true }
      },
      healthCheckGracePeriodSeconds: 45,
      capacityProviderStrategy: record.capacityProviderStrategy
    }
    expect(serviceMatchesRecord(restored, record)).toEqual([])
  })
})
