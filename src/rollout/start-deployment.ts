import type { UpdateServiceRequest } from '@aws-sdk/client-ecs'
import { errorMessage } from '../errors.js'
import type { Service } from '../ports/ecs.js'
import { RolloutFailure } from './rollout-failure.js'
import type { PhaseName } from '../domain/rollout-phases.js'
import type { RolloutView } from './rollout-run.js'

export interface StartedDeployment {
  deploymentId: string
  serviceDeploymentArn?: string
  service: Service
}

/**
 * UpdateService that always starts a deployment (forceNewDeployment: a desired-count change alone starts none)
 * and returns its id from the answer: the PRIMARY deployment of our task definition. The waiter tracks that id,
 * never "whatever is PRIMARY" later on.
 */
export async function startDeployment(
  run: RolloutView,
  phase: PhaseName,
  request: Omit<UpdateServiceRequest, 'cluster' | 'service'> & { taskDefinition: string }
): Promise<StartedDeployment> {
  await refuseToStack(run, phase)
  // The last moment before the write: a cancel that arrived while the service was being checked stops it here.
  if (run.cancelled)
    throw new RolloutFailure(
      phase,
      'cancelled',
      'Cancelled before the deployment was started; it made no change.'
    )
  let service: Service
  try {
    service = await run.ports.ecs.updateService({
      cluster: run.cluster,
      service: run.service,
      forceNewDeployment: true,
      ...request
    })
  } catch (error) {
    throw new RolloutFailure(phase, 'api-error', errorMessage(error))
  }
  run.sawService(service)
  const deployment = service.deployments?.find(
    candidate => candidate.status === 'PRIMARY' && candidate.taskDefinition === request.taskDefinition
  )
  if (!deployment?.id) {
    throw new RolloutFailure(
      phase,
      'api-error',
      `UpdateService answered without a deployment of ${request.taskDefinition}`
    )
  }
  run.log.info(
    `UpdateService: deployment ${deployment.id} of ${request.taskDefinition.split('/').at(-1)} at desired count ${service.desiredCount ?? '?'}`
  )
  return {
    deploymentId: deployment.id,
    ...(service.currentServiceDeployment ? { serviceDeploymentArn: service.currentServiceDeployment } : {}),
    service
  }
}

/**
 * Right before each deployment: nobody else's deployment may be in progress, and the service must still run a
 * revision this rollout knows. Another deploy of the same service that started meanwhile wins; this one stops
 * without stacking a deployment on top of theirs.
 */
export async function refuseToStack(run: RolloutView, phase: PhaseName): Promise<void> {
  let service: Service | undefined
  try {
    service = await run.ports.ecs.describeService(run.cluster, run.service)
  } catch (error) {
    throw new RolloutFailure(phase, 'api-error', errorMessage(error))
  }
  if (!service || service.status !== 'ACTIVE') {
    throw new RolloutFailure(phase, 'service-gone', `The service is ${service?.status ?? 'gone'}.`)
  }
  run.sawService(service)
  const foreign = (service.deployments ?? []).find(
    deployment => deployment.rolloutState === 'IN_PROGRESS' && !run.ownDeployments.has(deployment.id ?? '')
  )
  const known = new Set(
    [
      run.previous.taskDefinitionArn,
      run.plan.current.taskDefinitionArn,
      run.fleetTaskDefinitionArn,
      ...run.migratorRevisions
    ].filter(Boolean)
  )
  const primary = service.taskDefinition
  if (foreign || (primary && !known.has(primary))) {
    const what = foreign
      ? `deployment ${foreign.id} of ${foreign.taskDefinition?.split('/').at(-1)}`
      : `a change to ${primary}`
    throw new RolloutFailure(
      phase,
      'superseded',
      `Someone else started ${what} while this rollout ran; it was not stacked on. Check who deploys this service at the same time.`
    )
  }
}

/** An UpdateService that only changes the count or the configuration: no new deployment. */
export async function updateServiceSettings(
  run: RolloutView,
  phase: PhaseName,
  request: Omit<UpdateServiceRequest, 'cluster' | 'service'>
): Promise<Service> {
  try {
    const service = await run.ports.ecs.updateService({
      cluster: run.cluster,
      service: run.service,
      ...request
    })
    run.sawService(service)
    return service
  } catch (error) {
    throw new RolloutFailure(phase, 'api-error', errorMessage(error))
  }
}
