import { expect, test } from '@jest/globals'
import type { Task } from '../../../src/ports/ecs.js'
import { aggregateTasks, taskTable, TASK_ROWS_LIMIT } from '../../../src/report/task-table.js'

function task(index: number, revision: number, health = 'HEALTHY'): Task {
  return {
    taskArn: `arn:aws:ecs:us-east-1:123456789012:task/prod/${index.toString(16).padStart(32, '0')}`,
    taskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/open-webui:${revision}`,
    lastStatus: 'RUNNING',
    healthStatus: health as Task['healthStatus'],
    availabilityZone: `us-east-1${'abc'[index % 3]}`,
    startedAt: new Date(Date.UTC(2025, 0, 1, 12, 0, index % 60))
  }
}

test('a small fleet gets one row per task, by revision then start', () => {
  const table = taskTable([task(2, 10), task(1, 9), task(0, 10)])
  expect(table.kind).toBe('rows')
  if (table.kind !== 'rows') return
  expect(table.rows.map(row => row.revision)).toEqual(['open-webui:9', 'open-webui:10', 'open-webui:10'])
  expect(table.rows[0]).toMatchObject({
    status: 'RUNNING',
    health: 'HEALTHY',
    availabilityZone: 'us-east-1b',
    startedAt: '2025-01-01 12:00:01'
  })
})

test('a 500-task fleet is counted by revision, status, health and zone', () => {
  const tasks = Array.from({ length: 500 }, (_, index) =>
    task(index, index < 490 ? 10 : 9, index % 100 === 0 ? 'UNHEALTHY' : 'HEALTHY')
  )
  const table = taskTable(tasks)
  expect(tasks.length).toBeGreaterThan(TASK_ROWS_LIMIT)
  expect(table.kind).toBe('groups')
  const groups = aggregateTasks(tasks)
  expect(groups.reduce((sum, group) => sum + group.count, 0)).toBe(500)
  expect(groups.length).toBeLessThanOrEqual(2 * 2 * 3)
  expect(groups[0].revision).toBe('open-webui:9')
  const unhealthy = groups.filter(group => group.revision === 'open-webui:10' && group.health === 'UNHEALTHY')
  expect(unhealthy.reduce((sum, group) => sum + group.count, 0)).toBe(5)
})
