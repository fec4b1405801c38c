import type { TimelineEntry } from '../records.js'
import type { EcsContext } from './context.js'
import type { TaskRecord } from './model.js'

/** Records a lifecycle change so tests can check the rollout's invariants over the whole run. */
export function recordLifecycle(
  ctx: EcsContext,
  task: TaskRecord,
  event: TimelineEntry['event'],
  at: number,
  detail?: string
): void {
  ctx.world.timeline.push({
    at,
    cluster: task.cluster.name,
    service: task.service?.name ?? '',
    taskArn: task.arn,
    taskDefinitionArn: task.taskDefinition.arn,
    image: task.appContainer.image,
    migrationsEnabled: task.plan.migrationsEnabled,
    event,
    ...(detail ? { detail } : {})
  })
}

/** Moves a task to a new lastStatus at `at` and records it: transitions follow the plan's durations from there. */
export function setTaskStatus(
  ctx: EcsContext,
  task: TaskRecord,
  status: TaskRecord['lastStatus'],
  at: number,
  detail?: string
): void {
  task.lastStatus = status
  task.statusSince = at
  recordLifecycle(ctx, task, status, at, detail)
}
