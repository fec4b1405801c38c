import { expect, test } from '@jest/globals'
import type { TimelineEntry } from '../../../simulator/src/index.js'
import { outageOf } from '../../../bench/outage-window.js'

function entry(
  at: number,
  task: string,
  event: TimelineEntry['event'],
  migrationsEnabled = false
): TimelineEntry {
  return {
    at,
    cluster: 'prod',
    service: 'open-webui',
    taskArn: task,
    taskDefinitionArn: migrationsEnabled ? 'td:2' : 'td:1',
    image: migrationsEnabled ? 'x:v0.6.6' : 'x:v0.6.5',
    migrationsEnabled,
    event
  }
}

test('the window runs from the last old task stopped to the first new task healthy', () => {
  const timeline = [
    entry(0, 'old-1', 'PROVISIONING'),
    entry(0, 'old-2', 'PROVISIONING'),
    entry(1000, 'old-1', 'STOPPING'),
    entry(1000, 'old-2', 'STOPPING'),
    entry(1050, 'old-1', 'STOPPED'),
    entry(1060, 'old-2', 'STOPPED'),
    // 40 ms with nothing starting: the share of whoever starts the migrator.
    entry(1100, 'migrator', 'PROVISIONING', true),
    entry(1200, 'migrator', 'RUNNING', true),
    entry(4100, 'migrator', 'HEALTHY', true),
    entry(4200, 'fleet-1', 'PROVISIONING'),
    entry(5000, 'fleet-1', 'HEALTHY')
  ]
  expect(outageOf(timeline)).toEqual({ windowMs: 3040, taskStartMs: 3000, actionShareMs: 40 })
})

test('no migrator or no healthy new task: nothing to measure', () => {
  expect(outageOf([entry(0, 'old-1', 'PROVISIONING')])).toBeUndefined()
  expect(
    outageOf([
      entry(0, 'old-1', 'PROVISIONING'),
      entry(10, 'old-1', 'STOPPED'),
      entry(20, 'migrator', 'PROVISIONING', true)
    ])
  ).toBeUndefined()
})
