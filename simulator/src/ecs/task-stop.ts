import type { EcsContext } from './context.js'
import { drainTargets, removeTargets } from './load-balancer-targets.js'
import type { TaskRecord } from './model.js'
import { setTaskStatus } from './timeline.js'

/** Fargate caps a container's stopTimeout at 120 seconds; ECS's default is 30. */
const DEFAULT_STOP_TIMEOUT_SECONDS = 30
const FARGATE_MAX_STOP_TIMEOUT_SECONDS = 120

/**
 * Asks a task to stop (StopTask, the scheduler, a failed check, an exited essential container). Already stopping
 * tasks keep their reason. A RUNNING task behind target groups is deregistered first and drains (DEACTIVATING);
 * any other goes to STOPPING. Then SIGTERM, STOPPING for the app container's stopTimeout, DEPROVISIONING (the
 * network interface is detached), STOPPED: the states of the ECS developer guide's "Amazon ECS task lifecycle".
 */
export function requestStop(
  ctx: EcsContext,
  task: TaskRecord,
  at: number,
  stopCode: string,
  reason: string,
  failed = false
): void {
  if (task.desiredStatus === 'STOPPED' || task.lastStatus === 'STOPPED') return
  task.desiredStatus = 'STOPPED'
  task.stopCode = stopCode
  task.stoppedReason = reason
  task.stoppingAt = at
  task.failed = failed
  if (task.lastStatus === 'RUNNING' && task.targets.length > 0) {
    task.drainMs = drainTargets(ctx, task)
    setTaskStatus(ctx, task, 'DEACTIVATING', at, reason)
  } else {
    setTaskStatus(ctx, task, 'STOPPING', at, reason)
  }
}

/**
 * One step of a stopping task if its time has come; true when it moved. Each step starts where the previous one
 * ended, so what the API shows does not depend on how often the scheduler ticks.
 */
export function stopStep(ctx: EcsContext, task: TaskRecord, now: number): 'STOPPED' | boolean {
  const since = task.statusSince
  if (task.lastStatus === 'DEACTIVATING' && now >= since + (task.drainMs ?? 0)) {
    removeTargets(ctx, task)
    setTaskStatus(ctx, task, 'STOPPING', since + (task.drainMs ?? 0), task.stoppedReason)
    return true
  }
  if (task.lastStatus === 'STOPPING' && now >= since + stopTimeoutMs(ctx, task)) {
    stopContainers(task, since + stopTimeoutMs(ctx, task))
    setTaskStatus(ctx, task, 'DEPROVISIONING', task.executionStoppedAt!, task.stoppedReason)
    return true
  }
  if (task.lastStatus === 'DEPROVISIONING' && now >= since + ctx.world.timing.stoppingMs) {
    task.stoppedAt = since + ctx.world.timing.stoppingMs
    setTaskStatus(ctx, task, 'STOPPED', task.stoppedAt, task.stoppedReason)
    return 'STOPPED'
  }
  return false
}

/**
 * How long STOPPING lasts: the app container's stopTimeout while it still runs (the worse case: it holds open
 * websockets until SIGKILL), nothing when it has already exited or never started.
 */
function stopTimeoutMs(ctx: EcsContext, task: TaskRecord): number {
  if (task.appContainer.lastStatus !== 'RUNNING') return 0
  const definitions = (task.taskDefinition.body.containerDefinitions as Record<string, unknown>[]) ?? []
  const definition = definitions.find(candidate => candidate.name === task.appContainer.name)
  const seconds = Math.min(
    FARGATE_MAX_STOP_TIMEOUT_SECONDS,
    Number(definition?.stopTimeout ?? DEFAULT_STOP_TIMEOUT_SECONDS)
  )
  return seconds * (ctx.world.timing.secondMs ?? 1)
}

function stopContainers(task: TaskRecord, at: number): void {
  for (const container of task.containers) {
    if (container.lastStatus === 'RUNNING') container.exitCode ??= 0
    container.lastStatus = 'STOPPED'
  }
  task.executionStoppedAt = at
}
