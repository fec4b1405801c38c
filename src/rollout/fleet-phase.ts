import { errorMessage } from '../errors.js'
import type { DeploymentConfiguration } from '@aws-sdk/client-ecs'
import { RolloutFailure, type RolloutRun } from './rollout-run.js'
import { startDeployment, updateServiceSettings } from './start-deployment.js'
import { waitForDeployment } from './wait-for-deployment.js'

/**
 * The fleet step runs with the user's deployment configuration (100/200 by default: the migrator keeps serving
 * until the fleet is healthy) except one thing: circuit-breaker (and alarm) rollback stays off. ECS rolls back
 * to the last COMPLETED deployment, which is now the migrator's task definition at the fleet's desired count:
 * several migration-enabled tasks. The breaker stays on to report a failing fleet; the rollout handles it.
 */
export function fleetDeploymentConfiguration(
  user: DeploymentConfiguration | undefined
): DeploymentConfiguration {
  // min/max always: after the migrator step the service itself is at 0/100.
  return {
    ...user,
    minimumHealthyPercent: user?.minimumHealthyPercent ?? 100,
    maximumPercent: user?.maximumPercent ?? 200,
    ...(user?.alarms ? { alarms: { ...user.alarms, rollback: false } } : {}),
    deploymentCircuitBreaker: { ...user?.deploymentCircuitBreaker, enable: true, rollback: false }
  }
}

/** Replaces the migrator with the fleet (migrations off) at the desired count. */
export async function runFleetPhase(
  run: RolloutRun,
  fleetTaskDefinitionArn: string,
  hasHealthCheck: boolean
): Promise<void> {
  const version = `v${run.plan.target.version}`
  const count = run.desiredCount
  await run.phase(
    'fleet',
    `Fleet: ${count} task${count === 1 ? '' : 's'} of ${version} with ENABLE_DB_MIGRATIONS=false`,
    async record => {
      const started = await startDeployment(run, 'fleet', {
        taskDefinition: fleetTaskDefinitionArn,
        desiredCount: count,
        deploymentConfiguration: fleetDeploymentConfiguration(run.previous.deploymentConfiguration)
      })
      record.deploymentId = started.deploymentId
      if (started.serviceDeploymentArn) record.serviceDeploymentArn = started.serviceDeploymentArn
      run.failedDeploymentId = started.deploymentId
      const result = await waitForDeployment(run, {
        subject: 'the fleet',
        deploymentId: started.deploymentId,
        ...(started.serviceDeploymentArn ? { serviceDeploymentArn: started.serviceDeploymentArn } : {}),
        taskDefinitionArn: fleetTaskDefinitionArn,
        desiredCount: count,
        hasHealthCheck,
        deadline: run.deadline
      })
      if (result.status === 'failed') throw new RolloutFailure('fleet', result.kind, result.reason)
      run.failedDeploymentId = undefined
      record.detail = `${count}/${count} tasks ${hasHealthCheck ? 'RUNNING and HEALTHY' : 'RUNNING'}`
      await restoreDeploymentConfiguration(run)
    }
  )
}

/**
 * Once the fleet's deployment COMPLETED it is what a circuit breaker would return to, so the user's own
 * configuration (rollback included) is safe again. A configuration-only update starts no deployment.
 */
async function restoreDeploymentConfiguration(run: RolloutRun): Promise<void> {
  const user = run.previous.deploymentConfiguration
  if (!user) return
  try {
    await updateServiceSettings(run, 'fleet', { deploymentConfiguration: user })
  } catch (error) {
    run.warn(
      `The fleet is up, but the service's deployment configuration could not be restored (${errorMessage(error)}): circuit-breaker rollback stays off until you turn it back on.`
    )
  }
}

/** No migrations in the range: the fleet replaces the old tasks with the service's own configuration. */
export async function runRollingPhase(
  run: RolloutRun,
  fleetTaskDefinitionArn: string,
  hasHealthCheck: boolean
): Promise<void> {
  const from = run.previous.version ? `v${run.previous.version}` : 'the current tasks'
  const to = `v${run.plan.target.version}`
  const count = run.desiredCount
  await run.phase(
    'rolling',
    `Rolling update ${from} -> ${to}: ${count} task${count === 1 ? '' : 's'}, old tasks serve until the new ones are healthy`,
    async record => {
      const started = await startDeployment(run, 'rolling', {
        taskDefinition: fleetTaskDefinitionArn,
        desiredCount: count
      })
      record.deploymentId = started.deploymentId
      if (started.serviceDeploymentArn) record.serviceDeploymentArn = started.serviceDeploymentArn
      run.failedDeploymentId = started.deploymentId
      const result = await waitForDeployment(run, {
        subject: 'the rolling update',
        deploymentId: started.deploymentId,
        ...(started.serviceDeploymentArn ? { serviceDeploymentArn: started.serviceDeploymentArn } : {}),
        taskDefinitionArn: fleetTaskDefinitionArn,
        desiredCount: count,
        hasHealthCheck,
        deadline: run.deadline
      })
      if (result.status === 'failed') throw new RolloutFailure('rolling', result.kind, result.reason)
      run.failedDeploymentId = undefined
      record.detail = `${count}/${count} tasks ${hasHealthCheck ? 'RUNNING and HEALTHY' : 'RUNNING'}`
    }
  )
}
