import type { Task } from '../ports/ecs.js'
import { revisionOf, taskIdOf } from '../domain/task-arns.js'

/** Tasks that stopped for the same reason, shown once with a count (a 500-task failure is one line, not 500). */
export interface StoppedTaskGroup {
  count: number
  revision: string
  stopCode: string
  stoppedReason: string
  /** Containers that exited non-zero or carry a reason: `open-webui: exit 1 (CannotPullContainerError: …)`. */
  containers: string
  /** A few task ids to look up. */
  exampleTaskIds: string[]
  /** Newest stop in the group (epoch ms). */
  lastStoppedAt: number
}

export interface StoppedTaskSummary {
  groups: StoppedTaskGroup[]
  total: number
  /** Groups beyond the limit, folded away. */
  omittedGroups: number
}

const EXAMPLES = 3

export function containerOutcome(task: Task): string {
  return (task.containers ?? [])
    .filter(container => (container.exitCode !== undefined && container.exitCode !== 0) || container.reason)
    .map(container => {
      if (container.exitCode === undefined) return `${container.name ?? '?'}: ${container.reason}`
      return `${container.name ?? '?'}: exit ${container.exitCode}${container.reason ? ` (${container.reason})` : ''}`
    })
    .join('; ')
}

/** The group's reason in one line: the stopped reason, and container outcomes that say more than it does. */
export function groupReason(group: Pick<StoppedTaskGroup, 'stoppedReason' | 'containers'>): string {
  const extra = group.containers
    .split('; ')
    .filter(part => part !== '')
    .filter(
      part => /: exit -?\d+/.test(part) || !group.stoppedReason.includes(part.slice(part.indexOf(': ') + 2))
    )
  return [group.stoppedReason, ...extra].filter(Boolean).join('; ')
}

export function groupStoppedTasks(tasks: Task[], limit = 10): StoppedTaskSummary {
  const groups = new Map<string, StoppedTaskGroup>()
  for (const task of tasks) {
    const revision = revisionOf(task.taskDefinitionArn)
    const stopCode = task.stopCode ?? ''
    const stoppedReason = (task.stoppedReason ?? '').trim()
    const containers = containerOutcome(task)
    const key = JSON.stringify([revision, stopCode, stoppedReason, containers])
    const stoppedAt = task.stoppedAt?.getTime() ?? task.stoppingAt?.getTime() ?? 0
    const group = groups.get(key)
    if (group) {
      group.count++
      if (group.exampleTaskIds.length < EXAMPLES) group.exampleTaskIds.push(taskIdOf(task.taskArn))
      group.lastStoppedAt = Math.max(group.lastStoppedAt, stoppedAt)
    } else {
      groups.set(key, {
        count: 1,
        revision,
        stopCode,
        stoppedReason,
        containers,
        exampleTaskIds: [taskIdOf(task.taskArn)],
        lastStoppedAt: stoppedAt
      })
    }
  }
  const sorted = [...groups.values()].sort((a, b) => b.count - a.count || b.lastStoppedAt - a.lastStoppedAt)
  return {
    groups: sorted.slice(0, limit),
    total: tasks.length,
    omittedGroups: Math.max(0, sorted.length - limit)
  }
}
