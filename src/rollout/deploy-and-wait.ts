import type { UpdateServiceRequest } from '@aws-sdk/client-ecs'
import type { RunningPhase } from './phase-log.js'
import { RolloutFailure } from './rollout-failure.js'
import type { PhaseName } from '../domain/rollout-phases.js'
import type { RolloutView } from './rollout-run.js'
import { startDeployment, type StartedDeployment } from './start-deployment.js'
import { waitForDeployment, type WaitRequest, type WaitResult } from './wait-for-deployment.js'

export interface DeployStep extends Omit<WaitRequest, 'deploymentId' | 'serviceDeploymentArn' | 'deadline'> {
  phase: PhaseName
  /** The rest of the UpdateService request (settings from deployment-configuration.ts). */
  request?: Omit<UpdateServiceRequest, 'cluster' | 'service' | 'taskDefinition' | 'desiredCount'>
  /** Default: the rollout's deadline. */
  deadline?: number
  /** Words before the waiter's reason when the deployment fails. */
  failurePrefix?: string
  /** Sees the failed wait before it turns into a RolloutFailure (a migrator that reached RUNNING). */
  onFailure?: (result: Extract<WaitResult, { status: 'failed' }>) => Promise<void> | void
}

export type Deployed = Extract<WaitResult, { status: 'completed' }> & { started: StartedDeployment }

/**
 * One deployment from start to end: UpdateService (which always starts one and answers with its id), the
 * phase noting it (the rollout's own, linked in the report), the wait for that very deployment, and a typed failure when it does not complete.
 */
export async function deployAndWait(
  run: RolloutView,
  running: RunningPhase,
  step: DeployStep
): Promise<Deployed> {
  const { phase, request, failurePrefix, onFailure, ...wait } = step
  const started = await startDeployment(run, phase, {
    ...request,
    taskDefinition: step.taskDefinitionArn,
    desiredCount: step.desiredCount
  })
  running.deployment(started.deploymentId, started.serviceDeploymentArn)
  const result = await waitForDeployment(run, {
    ...wait,
    deploymentId: started.deploymentId,
    ...(started.serviceDeploymentArn ? { serviceDeploymentArn: started.serviceDeploymentArn } : {}),
    deadline: step.deadline ?? run.deadline
  })
  if (result.status === 'failed') {
    await onFailure?.(result)
    throw new RolloutFailure(
      phase,
      result.kind,
      failurePrefix ? `${failurePrefix}${result.reason}` : result.reason
    )
  }
  return { ...result, started }
}
