import type { Deployment, Service, Task } from '../ports/ecs.js'
import type { FailureKind } from './rollout-failure.js'

/** The deployment this rollout created and what it must end as. */
export interface TrackedDeployment {
  deploymentId: string
  taskDefinitionArn: string
  desiredCount: number
  /** The migrator step: any other desired count means something could start a second migrator. */
  exactDesiredCount?: boolean
  /**
   * Count the tasks running the revision instead of those the deployment started: an ECS circuit-breaker
   * rollback adopts the tasks the previous deployment still runs, which keep their own startedBy.
   */
  tasksByTaskDefinition?: boolean
}

export type Verdict =
  | { state: 'in-progress'; deployment: Deployment }
  /** ECS says done; the tasks still have to be checked (verifyDeploymentTasks). */
  | { state: 'completed'; deployment: Deployment }
  | { state: 'failed'; kind: FailureKind; reason: string; deployment?: Deployment }

const ROLLING_BACK = /circuit breaker: rolling back|rolling back to/i

/**
 * Judges one DescribeServices answer for the tracked deployment. "Services stable" is not success: it also
 * holds after a circuit-breaker rollback and at desired 0. Success is our deployment COMPLETED, PRIMARY,
 * running our task definition with running == desired.
 */
export function judgeDeployment(service: Service | undefined, tracked: TrackedDeployment): Verdict {
  if (!service) return { state: 'failed', kind: 'service-gone', reason: 'The service no longer exists.' }
  if (service.status !== 'ACTIVE') {
    return {
      state: 'failed',
      kind: 'service-gone',
      reason: `The service is ${service.status ?? 'not ACTIVE'}: it is being deleted.`
    }
  }
  const deployments = service.deployments ?? []
  const ours = deployments.find(deployment => deployment.id === tracked.deploymentId)
  const primary = deployments.find(deployment => deployment.status === 'PRIMARY')
  if (!ours) {
    if (primary && isRollbackDeployment(primary)) {
      return { state: 'failed', kind: 'ecs-rollback', reason: rollbackReason(primary) }
    }
    return {
      state: 'failed',
      kind: 'superseded',
      reason: `Deployment ${tracked.deploymentId} is gone: the service now runs ${describe(primary)}, started by someone else.`
    }
  }
  if (ours.status !== 'PRIMARY') {
    if (ours.rolloutState === 'FAILED' || (primary && isRollbackDeployment(primary))) {
      return {
        state: 'failed',
        kind: 'ecs-rollback',
        reason: primary ? rollbackReason(primary, ours) : failedReason(ours),
        deployment: ours
      }
    }
    return {
      state: 'failed',
      kind: 'superseded',
      reason: `Deployment ${tracked.deploymentId} was replaced by ${describe(primary)}, started by someone else.`,
      deployment: ours
    }
  }
  if (ours.rolloutState === 'FAILED') {
    return { state: 'failed', kind: 'deployment-failed', reason: failedReason(ours), deployment: ours }
  }
  const desired = service.desiredCount ?? 0
  if (tracked.desiredCount > 0 && desired === 0) {
    return {
      state: 'failed',
      kind: 'scaled-to-zero',
      reason: 'The desired count was set to 0 during the rollout (someone scaled the service in).',
      deployment: ours
    }
  }
  if (tracked.exactDesiredCount && desired !== tracked.desiredCount) {
    return {
      state: 'failed',
      kind: 'desired-count-changed',
      reason: `The desired count changed to ${desired} during the migrator step: more than one migration-enabled task could start.`,
      deployment: ours
    }
  }
  const running = ours.runningCount ?? 0
  const settled =
    ours.rolloutState === 'COMPLETED' || (ours.rolloutState === undefined && deployments.length === 1)
  if (
    settled &&
    ours.taskDefinition === tracked.taskDefinitionArn &&
    running === (ours.desiredCount ?? 0) &&
    running === desired
  ) {
    return { state: 'completed', deployment: ours }
  }
  return { state: 'in-progress', deployment: ours }
}

function isRollbackDeployment(deployment: Deployment): boolean {
  return ROLLING_BACK.test(deployment.rolloutStateReason ?? '')
}

function rollbackReason(primary: Deployment, ours?: Deployment): string {
  const why = ours?.rolloutStateReason ? ` after: ${ours.rolloutStateReason}` : ''
  return `The ECS deployment circuit breaker rolled the service back to ${primary.taskDefinition ?? 'the previous task definition'}${why}`
}

function failedReason(deployment: Deployment): string {
  return `Deployment ${deployment.id} failed: ${deployment.rolloutStateReason ?? 'rolloutState FAILED'}`
}

function describe(deployment: Deployment | undefined): string {
  if (!deployment) return 'no PRIMARY deployment'
  return `deployment ${deployment.id} (${deployment.taskDefinition ?? 'unknown task definition'})`
}

/** The tasks ECS started for a deployment: startedBy is the deployment id; older APIs only give the revision. */
export function tasksOfDeployment(
  tasks: Task[],
  deploymentId: string,
  taskDefinitionArn: string,
  byTaskDefinition = false
): Task[] {
  return tasks.filter(task =>
    task.startedBy && !byTaskDefinition
      ? task.startedBy === deploymentId
      : task.taskDefinitionArn === taskDefinitionArn
  )
}

/** A task the load balancer may send traffic to: RUNNING and, when a health check exists, HEALTHY. */
export function isServing(task: Task, hasHealthCheck: boolean): boolean {
  return (
    task.lastStatus === 'RUNNING' &&
    task.desiredStatus !== 'STOPPED' &&
    (!hasHealthCheck || task.healthStatus === 'HEALTHY')
  )
}

export interface TaskCheck {
  ok: boolean
  serving: number
  total: number
  /** Why not ok, for the progress log. */
  problem?: string
}

/** Every task of the deployment RUNNING and HEALTHY, exactly `desiredCount` of them. */
export function verifyDeploymentTasks(
  tasks: Task[],
  tracked: TrackedDeployment,
  hasHealthCheck: boolean
): TaskCheck {
  const own = tasksOfDeployment(
    tasks,
    tracked.deploymentId,
    tracked.taskDefinitionArn,
    tracked.tasksByTaskDefinition
  ).filter(task => task.desiredStatus !== 'STOPPED' && task.lastStatus !== 'STOPPED')
  const serving = own.filter(task => isServing(task, hasHealthCheck)).length
  if (own.length !== tracked.desiredCount) {
    return {
      ok: false,
      serving,
      total: own.length,
      problem: `${own.length} tasks, expected ${tracked.desiredCount}`
    }
  }
  if (serving !== own.length) {
    return {
      ok: false,
      serving,
      total: own.length,
      problem: `${own.length - serving} of ${own.length} tasks not ${hasHealthCheck ? 'RUNNING and HEALTHY' : 'RUNNING'}`
    }
  }
  return { ok: true, serving, total: own.length }
}
