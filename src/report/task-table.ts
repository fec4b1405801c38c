import type { Task } from '../ports/ecs.js'
import { revisionOf, taskIdOf } from '../domain/task-arns.js'
import { formatUtc } from './dates.js'

export interface TaskRow {
  taskId: string
  revision: string
  status: string
  health: string
  availabilityZone: string
  /** ISO time, or '' when not started. */
  startedAt: string
}

export interface TaskGroupRow {
  revision: string
  status: string
  health: string
  availabilityZone: string
  count: number
}

/** Beyond this many tasks the report shows counts per revision, status, health and zone instead of rows. */
export const TASK_ROWS_LIMIT = 20

export function taskRow(task: Task): TaskRow {
  return {
    taskId: taskIdOf(task.taskArn),
    revision: revisionOf(task.taskDefinitionArn),
    status: task.lastStatus ?? '?',
    health: task.healthStatus ?? 'UNKNOWN',
    availabilityZone: task.availabilityZone ?? '?',
    startedAt: formatUtc(task.startedAt, 'date-time') ?? ''
  }
}

export function aggregateTasks(tasks: Task[]): TaskGroupRow[] {
  const groups = new Map<string, TaskGroupRow>()
  for (const task of tasks) {
    const row = taskRow(task)
    const key = JSON.stringify([row.revision, row.status, row.health, row.availabilityZone])
    const group = groups.get(key)
    if (group) group.count++
    else
      groups.set(key, {
        revision: row.revision,
        status: row.status,
        health: row.health,
        availabilityZone: row.availabilityZone,
        count: 1
      })
  }
  return [...groups.values()].sort(
    (a, b) =>
      a.revision.localeCompare(b.revision, undefined, { numeric: true }) ||
      a.status.localeCompare(b.status) ||
      a.health.localeCompare(b.health) ||
      a.availabilityZone.localeCompare(b.availabilityZone)
  )
}

/** Rows for a few tasks, sorted by revision then start time; counts for a big fleet. */
export function taskTable(
  tasks: Task[]
): { kind: 'rows'; rows: TaskRow[] } | { kind: 'groups'; groups: TaskGroupRow[] } {
  if (tasks.length > TASK_ROWS_LIMIT) return { kind: 'groups', groups: aggregateTasks(tasks) }
  const rows = tasks
    .map(taskRow)
    .sort(
      (a, b) =>
        a.revision.localeCompare(b.revision, undefined, { numeric: true }) ||
        a.startedAt.localeCompare(b.startedAt)
    )
  return { kind: 'rows', rows }
}
