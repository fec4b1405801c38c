import type { EcsContext } from './context.js'
import { rollBack } from './deployments.js'
import { AwsError } from '../world.js'
import type { ServiceDeploymentRecord } from './model.js'

type Json = Record<string, unknown>

/** States StopServiceDeployment accepts (developer guide, "Stopping Amazon ECS service deployments"). */
const STOPPABLE = new Set([
  'PENDING',
  'IN_PROGRESS',
  'STOP_REQUESTED',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS'
])

/**
 * StopServiceDeployment with stopType ROLLBACK (the API's default here, and the only value the API reference
 * documents): "rolls back the service deployment to the previous service revision. You can use this option even
 * if you didn't configure the service deployment for the rollback option." PENDING and IN_PROGRESS move to
 * ROLLBACK_REQUESTED, then the rollback starts; a deployment already stopping or rolling back carries on.
 * A blue/green, linear or canary deployment returns production traffic to blue on the next pass
 * (lifecycle-deployments.ts); a rolling one starts a deployment of the last completed revision.
 */
export function stopServiceDeployment(ctx: EcsContext, input: Json): Json {
  const arn = String(input.serviceDeploymentArn ?? '')
  const record = findRecord(ctx, arn)
  if (!record)
    throw new AwsError('ServiceDeploymentNotFoundException', 'The service deployment does not exist.')
  const stopType = (input.stopType as string | undefined) ?? 'ROLLBACK'
  if (stopType !== 'ROLLBACK')
    throw new AwsError(
      'InvalidParameterException',
      `Stop type ${stopType} is not supported for this deployment.`
    )
  if (!STOPPABLE.has(record.status))
    throw new AwsError(
      'ConflictException',
      `The service deployment is ${record.status} and can no longer be stopped.`
    )
  if (record.status !== 'PENDING' && record.status !== 'IN_PROGRESS') return { serviceDeploymentArn: arn }
  const service = record.service
  const deployment = service.deployments.find(candidate => candidate.serviceDeployment === record)
  const now = ctx.world.now()
  const reason = 'Service deployment rolled back by StopServiceDeployment.'
  record.status = 'ROLLBACK_REQUESTED'
  record.statusReason = reason
  record.updatedAt = now
  if (deployment && !deployment.lifecycle && service.completedHistory.length > 0) {
    deployment.rolloutState = 'FAILED'
    deployment.rolloutStateReason = reason
    rollBack(ctx, service, deployment, reason)
  }
  return { serviceDeploymentArn: arn }
}

function findRecord(ctx: EcsContext, arn: string): ServiceDeploymentRecord | undefined {
  for (const cluster of ctx.clusters.values()) {
    for (const service of cluster.services.values()) {
      const found = service.serviceDeployments.find(record => record.arn === arn)
      if (found) return found
    }
  }
  return undefined
}
