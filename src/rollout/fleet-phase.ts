import { errorMessage } from '../errors.js'
import { deployAndWait } from './deploy-and-wait.js'
import { fleetSettings, restoredSettings } from './deployment-configuration.js'
import type { RolloutView } from './rollout-run.js'
import { updateServiceSettings } from './start-deployment.js'
import { versionTag } from '../release/version-tag.js'
import { lifecycleStrategyOf } from '../domain/lifecycle-strategy.js'
import { runTrafficShiftPhase } from './lifecycle/traffic-shift-phase.js'

/**
 * Replaces the migrator with the fleet (migrations off) at the desired count, with the user's grace period and
 * capacity provider strategy back and circuit-breaker rollback off until it completed (deployment-configuration.ts).
 */
export async function runFleetPhase(
  run: RolloutView,
  fleetTaskDefinitionArn: string,
  hasHealthCheck: boolean
): Promise<void> {
  const version = versionTag(run.plan.target.version)
  const count = run.desiredCount
  await run.phase(
    'fleet',
    `Fleet: ${count} task${count === 1 ? '' : 's'} of ${version} with ENABLE_DB_MIGRATIONS=false`,
    async phase => {
      await deployAndWait(run, phase, {
        phase: 'fleet',
        subject: 'the fleet',
        taskDefinitionArn: fleetTaskDefinitionArn,
        desiredCount: count,
        hasHealthCheck,
        request: fleetSettings(run.previous)
      })
      await restoreServiceSettings(run)
      return {
        detail: `${count}/${count} tasks ${hasHealthCheck ? 'RUNNING and HEALTHY' : 'RUNNING'}`,
        value: undefined
      }
    }
  )
}

/**
 * Once the fleet's deployment COMPLETED it is what a circuit breaker would return to, so the user's own
 * configuration (rollback included) is safe again. A settings-only update starts no deployment.
 */
async function restoreServiceSettings(run: RolloutView): Promise<void> {
  if (!run.previous.deploymentConfiguration) return
  try {
    await updateServiceSettings(run, 'fleet', restoredSettings(run.previous))
  } catch (error) {
    run.warn(
      `The fleet is up, but the service's deployment configuration could not be restored (${errorMessage(error)}): circuit-breaker rollback stays off until you turn it back on, or re-run the deploy, which puts it back.`
    )
  }
}

/**
 * No migrations in the range: the fleet replaces the old tasks with the service's own configuration. When an
 * earlier run left its settings behind (healing), the last completed deployment may be a migrator's: then this
 * runs like the fleet step (rollback off until it completed) and restores the user's settings after.
 */
export async function runRollingPhase(
  run: RolloutView,
  fleetTaskDefinitionArn: string,
  hasHealthCheck: boolean
): Promise<void> {
  const from = run.previous.version ? versionTag(run.previous.version) : 'the current tasks'
  const to = versionTag(run.plan.target.version)
  const count = run.desiredCount
  const healing = (run.healed?.length ?? 0) > 0
  const configuration = run.previous.deploymentConfiguration
  if (!healing && configuration && lifecycleStrategyOf(configuration)) {
    await runTrafficShiftPhase(run, fleetTaskDefinitionArn, hasHealthCheck, configuration)
    return
  }
  await run.phase(
    'rolling',
    `Rolling update ${from} -> ${to}: ${count} task${count === 1 ? '' : 's'}, old tasks serve until the new ones are healthy`,
    async phase => {
      await deployAndWait(run, phase, {
        phase: 'rolling',
        subject: 'the rolling update',
        taskDefinitionArn: fleetTaskDefinitionArn,
        desiredCount: count,
        hasHealthCheck,
        ...(healing ? { request: fleetSettings(run.previous) } : {})
      })
      if (healing) await restoreServiceSettings(run)
      return {
        detail: `${count}/${count} tasks ${hasHealthCheck ? 'RUNNING and HEALTHY' : 'RUNNING'}`,
        value: undefined
      }
    }
  )
}
