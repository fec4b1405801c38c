import { serviceRevisionArn } from './arns.js'
import { deploymentId, type EcsContext } from './context.js'
import type { DeploymentConfig, DeploymentRecord, ServiceRecord } from './model.js'
import { addServiceEvent } from './service-events.js'
import { startServiceDeployment } from './service-deployments.js'
import { beginLifecycle } from './lifecycle-deployments.js'

export const failedToStartReason = 'ECS deployment circuit breaker: tasks failed to start.'

/**
 * A new PRIMARY deployment (UpdateService with a new task definition or forceNewDeployment, CreateService).
 * The old PRIMARY turns ACTIVE and is drained by the scheduler; a service deployment record tracks it.
 */
export function startDeployment(
  ctx: EcsContext,
  service: ServiceRecord,
  taskDefinitionArn: string
): DeploymentRecord {
  const now = ctx.world.now()
  const id = deploymentId()
  const previous = service.deployments.find(deployment => deployment.status === 'PRIMARY')
  const serviceDeployment = startServiceDeployment(ctx, service, { id, taskDefinitionArn }, now)
  if (previous) {
    previous.status = 'ACTIVE'
    previous.updatedAt = now
    previous.rollbackPending = false
    const superseded = previous.serviceDeployment
    if (['IN_PROGRESS', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'].includes(superseded.status)) {
      superseded.status = 'STOPPED'
      superseded.statusReason = 'Service deployment stopped because a newer service deployment started.'
      superseded.stoppedAt = now
      superseded.updatedAt = now
    }
  }
  const deployment: DeploymentRecord = {
    id,
    status: 'PRIMARY',
    taskDefinitionArn,
    desiredCount: service.desiredCount,
    failedTasks: 0,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: `ECS deployment ${id} in progress.`,
    createdAt: now,
    updatedAt: now,
    networkConfiguration: service.networkConfiguration,
    ...(service.capacityProviderStrategy
      ? { capacityProviderStrategy: service.capacityProviderStrategy.map(item => ({ ...item })) }
      : {}),
    serviceDeployment
  }
  const activeRevisions = service.deployments.filter(candidate => candidate.status !== 'INACTIVE').length
  service.deployments.unshift(deployment)
  beginLifecycle(ctx, service, deployment, previous, activeRevisions)
  service.steady = false
  return deployment
}

/** ECS: ceil(0.5 x desired) clamped to 3..200, unless a thresholdConfiguration says otherwise. */
export function failureThreshold(configuration: DeploymentConfig, desiredCount: number): number {
  const custom = configuration.deploymentCircuitBreaker.thresholdConfiguration
  if (custom?.type === 'COUNT') return Math.max(1, Math.floor(custom.value))
  const percent = custom?.value ?? 50
  const threshold = Math.ceil((percent / 100) * desiredCount)
  return custom?.type === 'UNBOUNDED_PERCENT' ? Math.max(1, threshold) : Math.min(200, Math.max(3, threshold))
}

export function completeDeployment(ctx: EcsContext, service: ServiceRecord, primary: DeploymentRecord): void {
  const now = ctx.world.now()
  primary.rolloutState = 'COMPLETED'
  primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`
  primary.updatedAt = now
  service.completedHistory.push(primary)
  for (const old of service.deployments.filter(deployment => deployment !== primary)) old.status = 'INACTIVE'
  service.deployments = [primary]
  const record = primary.serviceDeployment
  record.status = primary.rollbackOf ? 'ROLLBACK_SUCCESSFUL' : 'SUCCESSFUL'
  record.finishedAt = now
  record.updatedAt = now
  if (record.circuitBreaker.status === 'MONITORING') record.circuitBreaker.status = 'MONITORING_COMPLETE'
  addServiceEvent(ctx, service, `(deployment ${primary.id}) deployment completed.`)
}

/**
 * The circuit breaker tripped: the deployment stops launching tasks. With rollback on, the scheduler starts a
 * deployment of the last COMPLETED deployment's task definition on its next pass.
 */
export function failDeployment(ctx: EcsContext, service: ServiceRecord, primary: DeploymentRecord): void {
  const now = ctx.world.now()
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker
  primary.rolloutState = 'FAILED'
  primary.rolloutStateReason = failedToStartReason
  primary.updatedAt = now
  const record = primary.serviceDeployment
  record.circuitBreaker.status = 'TRIGGERED'
  record.updatedAt = now
  addServiceEvent(ctx, service, `(deployment ${primary.id}) deployment failed: tasks failed to start.`)
  const target = rollbackTarget(service)
  if (primary.rollbackOf) {
    record.status = 'ROLLBACK_FAILED'
    record.statusReason = 'The rollback failed: tasks failed to start.'
    record.finishedAt = now
  } else if (breaker.rollback && target) {
    record.status = 'ROLLBACK_REQUESTED'
    record.statusReason = failedToStartReason
    primary.rollbackPending = true
  } else {
    // Without a rollback (or nothing COMPLETED to return to) the deployment stays FAILED and stalls.
    record.status = 'STOPPED'
    record.statusReason = failedToStartReason
    record.stoppedAt = now
  }
}

function rollbackTarget(service: ServiceRecord): DeploymentRecord | undefined {
  return service.completedHistory.at(-1)
}

/** Starts the rollback deployment; the tasks the target deployment still runs carry on as part of it. */
export function rollBack(
  ctx: EcsContext,
  service: ServiceRecord,
  failed: DeploymentRecord,
  reason = failedToStartReason
): DeploymentRecord {
  const now = ctx.world.now()
  const target = rollbackTarget(service)!
  failed.rollbackPending = false
  failed.status = 'ACTIVE'
  const id = deploymentId()
  const rollback: DeploymentRecord = {
    id,
    status: 'PRIMARY',
    taskDefinitionArn: target.taskDefinitionArn,
    desiredCount: service.desiredCount,
    failedTasks: 0,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason:
      reason === failedToStartReason
        ? `ECS deployment circuit breaker: rolling back to deploymentId ${target.id}.`
        : `Rolling back to deploymentId ${target.id}.`,
    createdAt: now,
    updatedAt: now,
    networkConfiguration: target.networkConfiguration,
    serviceDeployment: failed.serviceDeployment,
    rollbackOf: target
  }
  for (const task of service.cluster.tasks) if (task.deployment === target) task.deployment = rollback
  service.deployments = [rollback, ...service.deployments.filter(deployment => deployment !== target)]
  if (target.status !== 'INACTIVE') target.status = 'INACTIVE'
  const record = failed.serviceDeployment
  record.status = 'ROLLBACK_IN_PROGRESS'
  record.updatedAt = now
  record.rollback = {
    reason,
    startedAt: now,
    serviceRevisionArn: serviceRevisionArn(ctx, service.cluster.name, service.name, target.id)
  }
  service.steady = false
  addServiceEvent(ctx, service, `rolling back to deployment ${target.id}.`)
  return rollback
}
