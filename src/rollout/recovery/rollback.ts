import { errorMessage } from '../../errors.js'
import { deployAndWait } from '../deploy-and-wait.js'
import { done } from '../phase-log.js'
import {
  restoredSettings,
  restoredStrategy,
  rollingForTheRollout,
  type ServiceSettings
} from '../deployment-configuration.js'
import { isServing, tasksOfDeployment } from '../deployment-verdict.js'
import { RolloutFailure } from '../rollout-failure.js'
import type { RolloutView } from '../rollout-run.js'
import { updateServiceSettings } from '../start-deployment.js'
import { serviceTasks } from '../task-inspection.js'
import { revisionOf } from '../../domain/task-arns.js'
import { waitForDeployment } from '../wait-for-deployment.js'
import { versionTag } from '../../release/version-tag.js'

/**
 * Back to where the service was: previous task definition, desired count and settings (deployment
 * configuration, grace period, capacity provider strategy). Only
 * while that is safe: no migrator reached RUNNING (old code on a new schema otherwise). True when the service
 * runs the previous revision again, healthy.
 */
export async function rollBackToPrevious(run: RolloutView, hasHealthCheck: boolean): Promise<boolean> {
  const previous = run.previous
  const taskDefinition = previous.taskDefinitionArn
  if (!taskDefinition) return false
  try {
    await run.phase('rollback', `Rolling back to ${revisionOf(taskDefinition)}`, async phase => {
      await deployAndWait(run, phase, {
        phase: 'rollback',
        subject: 'the rollback',
        taskDefinitionArn: taskDefinition,
        desiredCount: previous.desiredCount,
        hasHealthCheck,
        request: rollbackRequest(previous),
        deadline: run.recoveryDeadline(),
        ignoreCancellation: true,
        failurePrefix: 'The rollback did not finish: '
      })
      await restoreLifecycleStrategy(run)
      return done(
        `${revisionOf(taskDefinition)} at ${previous.desiredCount} task${previous.desiredCount === 1 ? '' : 's'}, healthy`
      )
    })
    return true
  } catch (error) {
    run.warn(errorMessage(error))
    return false
  }
}

/**
 * The user's settings for the rollback deployment; on a blue/green, linear or canary service it runs ROLLING (a
 * migrator revision and the old image must not serve side by side) and the strategy comes back right after.
 */
function rollbackRequest(previous: RolloutView['previous']): ServiceSettings {
  const settings = { ...restoredSettings(previous), ...restoredStrategy(previous) }
  const rolling = rollingForTheRollout(previous.deploymentConfiguration)
  if (!rolling.strategy || !settings.deploymentConfiguration) return settings
  return { ...settings, deploymentConfiguration: { ...settings.deploymentConfiguration, ...rolling } }
}

async function restoreLifecycleStrategy(run: RolloutView): Promise<void> {
  if (!rollingForTheRollout(run.previous.deploymentConfiguration).strategy) return
  try {
    await updateServiceSettings(run, 'rollback', restoredSettings(run.previous))
  } catch (error) {
    run.warn(
      `The rollback finished, but the service's ${run.previous.deploymentConfiguration?.strategy} strategy could not be put back (${errorMessage(error)}); the next deploy puts it back from the record on the service.`
    )
  }
}

/**
 * The circuit breaker already started returning to the previous revision (a rolling update, where that is
 * safe): follow ECS's rollback deployment to its end instead of starting another one.
 */
export async function awaitEcsRollback(run: RolloutView, hasHealthCheck: boolean): Promise<boolean> {
  const previous = run.previous.taskDefinitionArn
  const primary = run.lastService?.deployments?.find(deployment => deployment.status === 'PRIMARY')
  if (!previous || !primary?.id || primary.taskDefinition !== previous) return false
  try {
    await run.phase(
      'rollback',
      `Waiting for the ECS circuit-breaker rollback to ${revisionOf(previous)}`,
      async phase => {
        phase.deployment(primary.id!)
        const result = await waitForDeployment(run, {
          subject: "ECS's rollback",
          deploymentId: primary.id!,
          taskDefinitionArn: previous,
          tasksByTaskDefinition: true,
          desiredCount: run.lastService?.desiredCount ?? run.previous.desiredCount,
          hasHealthCheck,
          deadline: run.recoveryDeadline(),
          ignoreCancellation: true
        })
        if (result.status === 'failed')
          throw new RolloutFailure('rollback', result.kind, `ECS's rollback did not finish: ${result.reason}`)
        return done(`ECS returned the service to ${revisionOf(previous)}, healthy`)
      }
    )
    return true
  } catch (error) {
    run.warn(errorMessage(error))
    return false
  }
}

/**
 * The migrator failed after it reached RUNNING: it may have changed the schema, so the old image must not come
 * back, and ECS must stop retrying migrations. Desired count 0 on the migrator revision (a count change starts
 * no deployment) stops it; a re-run finds the migrator revision and migrates again once the cause is fixed.
 */
export async function holdAfterMigratorFailure(run: RolloutView): Promise<void> {
  await run
    .phase(
      'hold',
      'Stopping the migrator: the old image must not return after migrations may have run',
      async () => {
        // The grace period goes back too: with no task left it protects nothing. The capacity provider strategy
        // does not: ECS changes one only with a new deployment, which the re-run brings (with the strategy).
        const { healthCheckGracePeriodSeconds } = restoredSettings(run.previous)
        await updateServiceSettings(run, 'hold', { desiredCount: 0, healthCheckGracePeriodSeconds })
        return done(`desired count 0 on ${revisionOf(run.migratorTaskDefinitionArn)}`)
      }
    )
    .catch(error => run.warn(`Could not stop the migrator: ${errorMessage(error)}`))
}

/**
 * The fleet failed after the migration: hold the new version with migrations off at the number of fleet tasks
 * that were serving. The fleet revision is already PRIMARY, so a count change is enough; ECS then stops the
 * migrator (above the minimum healthy) and starts nothing more for a FAILED deployment.
 */
export async function holdFleet(
  run: RolloutView,
  fleetDeploymentId: string | undefined,
  hasHealthCheck: boolean
): Promise<number | undefined> {
  const fleet = run.fleetTaskDefinitionArn
  if (!fleet) return undefined
  let serving = 0
  try {
    const tasks = await serviceTasks(run.ports.ecs, run.cluster, run.service)
    run.sawTasks(tasks)
    const own = fleetDeploymentId
      ? tasksOfDeployment(tasks, fleetDeploymentId, fleet)
      : tasks.filter(task => task.taskDefinitionArn === fleet)
    serving = own.filter(task => isServing(task, hasHealthCheck)).length
  } catch (error) {
    run.warn(`Could not count the healthy fleet tasks: ${errorMessage(error)}`)
    return undefined
  }
  const primary = run.lastService?.taskDefinition
  if (primary && primary !== fleet) return undefined
  try {
    await run.phase(
      'hold',
      `Holding ${versionTag(run.plan.target.version)} with migrations off at ${serving} healthy task${serving === 1 ? '' : 's'}`,
      async () => {
        await updateServiceSettings(run, 'hold', { desiredCount: serving })
        return done(`desired count ${serving} on ${revisionOf(fleet)} (ENABLE_DB_MIGRATIONS=false)`)
      }
    )
  } catch (error) {
    run.warn(`Could not hold the fleet: ${errorMessage(error)}`)
    return undefined
  }
  return serving
}
