import { expect, test } from '@jest/globals'
import { fleetTags, migratorTags, readRolloutTags } from '../../../src/rollout/rollout-tags.js'
import { isOwnTag } from '../../../src/taskdef/own-tags.js'

test('a migrator revision remembers what the service was before the migrator step', () => {
  const tags = migratorTags('0.6.6', {
    previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/open-webui:4',
    previousVersion: '0.6.5',
    desiredCount: 4,
    deploymentConfiguration: {
      minimumHealthyPercent: 50,
      maximumPercent: 200,
      circuitBreaker: true,
      rollback: true
    },
    scaling: {
      DynamicScalingInSuspended: false,
      DynamicScalingOutSuspended: true,
      ScheduledScalingSuspended: false
    }
  })
  expect(tags.every(isOwnTag)).toBe(true)
  // ECS tag values: at most 256 characters of letters, digits, spaces and _ . : / = + - @
  for (const tag of tags) expect(tag.value).toMatch(/^[\w .:/=+\-@]{1,256}$/)
  expect(readRolloutTags(tags)).toEqual({
    role: 'migrator',
    version: '0.6.6',
    bookkeeping: {
      previousTaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/open-webui:4',
      previousVersion: '0.6.5',
      desiredCount: 4,
      deploymentConfiguration: {
        minimumHealthyPercent: 50,
        maximumPercent: 200,
        circuitBreaker: true,
        rollback: true
      },
      scaling: {
        DynamicScalingInSuspended: false,
        DynamicScalingOutSuspended: true,
        ScheduledScalingSuspended: false
      }
    }
  })
})

test('a service without scaling records none; fleet revisions carry role and version only', () => {
  const migrator = readRolloutTags(migratorTags('0.6.6', { desiredCount: 2 }))
  expect(migrator.bookkeeping).toEqual({ desiredCount: 2 })
  expect(readRolloutTags(fleetTags('0.6.6'))).toEqual({ role: 'fleet', version: '0.6.6' })
})

test('user tags and malformed values are ignored', () => {
  expect(readRolloutTags([{ key: 'team', value: 'ai' }])).toEqual({})
  expect(
    readRolloutTags([
      { key: 'open-webui-ecs-deploy:role', value: 'migrator' },
      { key: 'open-webui-ecs-deploy:desired-count', value: 'many' }
    ]).bookkeeping
  ).toEqual({ desiredCount: 1 })
})
