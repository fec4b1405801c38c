import { expect, test } from '@jest/globals'
import type { Task } from '../../../src/ports/ecs.js'
import { containerOutcome, groupReason, groupStoppedTasks } from '../../../src/report/stopped-reasons.js'

const REVISION = 'arn:aws:ecs:us-east-1:123456789012:task-definition/open-webui:7'

function stopped(index: number, overrides: Partial<Task>): Task {
  return {
    taskArn: `arn:aws:ecs:us-east-1:123456789012:task/prod/${String(index).padStart(32, '0')}`,
    taskDefinitionArn: REVISION,
    lastStatus: 'STOPPED',
    stoppedAt: new Date(1_700_000_000_000 + index * 1000),
    ...overrides
  }
}

test('500 identical failures are one group with a count and a few examples', () => {
  const tasks = Array.from({ length: 500 }, (_, index) =>
    stopped(index, {
      stopCode: 'TaskFailedToStart',
      stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 5 time(s)',
      containers: [{ name: 'open-webui', reason: 'CannotPullContainerError: manifest unknown' }]
    })
  )
  const summary = groupStoppedTasks(tasks)
  expect(summary.total).toBe(500)
  expect(summary.groups).toHaveLength(1)
  expect(summary.groups[0]).toMatchObject({
    count: 500,
    revision: 'open-webui:7',
    stopCode: 'TaskFailedToStart',
    containers: 'open-webui: CannotPullContainerError: manifest unknown'
  })
  expect(summary.groups[0].exampleTaskIds).toHaveLength(3)
})

test('different reasons are separate groups, the biggest first, beyond the limit folded', () => {
  const tasks = [
    ...Array.from({ length: 3 }, (_, index) =>
      stopped(index, {
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
        containers: [{ name: 'open-webui', exitCode: 1 }]
      })
    ),
    ...Array.from({ length: 5 }, (_, index) =>
      stopped(10 + index, {
        stopCode: 'TaskFailedToStart',
        stoppedReason: 'ResourceInitializationError: unable to pull secrets'
      })
    ),
    ...Array.from({ length: 12 }, (_, index) =>
      stopped(100 + index, { stopCode: 'UserInitiated', stoppedReason: `reason ${index}` })
    )
  ]
  const summary = groupStoppedTasks(tasks, 3)
  expect(summary.groups.map(group => group.count)).toEqual([5, 3, 1])
  expect(summary.groups[1].containers).toBe('open-webui: exit 1')
  expect(summary.omittedGroups).toBe(11)
})

test('a clean exit 0 without a reason is not shown as a container problem', () => {
  expect(
    containerOutcome(
      stopped(1, {
        containers: [
          { name: 'open-webui', exitCode: 0 },
          { name: 'tika', exitCode: 137, reason: 'OOM' }
        ]
      })
    )
  ).toBe('tika: exit 137 (OOM)')
})

test('the one-line reason leaves out container reasons the stopped reason already says', () => {
  expect(
    groupReason({
      stoppedReason: 'CannotPullContainerError: manifest unknown',
      containers: 'open-webui: CannotPullContainerError: manifest unknown'
    })
  ).toBe('CannotPullContainerError: manifest unknown')
  expect(
    groupReason({ stoppedReason: 'Essential container in task exited', containers: 'open-webui: exit 3' })
  ).toBe('Essential container in task exited; open-webui: exit 3')
})
