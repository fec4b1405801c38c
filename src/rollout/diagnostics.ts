import { errorMessage } from '../errors.js'
import { migrationLogRecord, migratorLogDestination } from './migration-log.js'
import type { RolloutRun } from './rollout-run.js'
import { serviceTasks, stoppedServiceTasks } from './task-inspection.js'

/**
 * What a person needs to see why the rollout failed, read once at the failure: the service's tasks now, the
 * stopped tasks of the failed deployment (stopCode, stoppedReason, exit codes), and the migrator's log. Also
 * settles whether the migrator ever reached RUNNING (a task that started and exited between two polls).
 * Best effort: a read that fails becomes a warning, never a second failure.
 */
export async function collectDiagnostics(run: RolloutRun): Promise<void> {
  const { ecs, logs } = run.ports
  try {
    run.lastService = (await ecs.describeService(run.cluster, run.service)) ?? run.lastService
    run.lastTasks = await serviceTasks(ecs, run.cluster, run.service)
  } catch (error) {
    run.warn(`Could not read the service's tasks for the report: ${errorMessage(error)}`)
  }
  const deploymentId = run.failedDeploymentId
  if (deploymentId) {
    try {
      const stopped = await stoppedServiceTasks(ecs, run.cluster, run.service)
      const ours = new Set([run.fleetTaskDefinitionArn, run.migratorTaskDefinitionArn].filter(Boolean))
      run.stoppedTasks = stopped.filter(task =>
        task.startedBy ? task.startedBy === deploymentId : ours.has(task.taskDefinitionArn)
      )
      const migratorTasks = run.stoppedTasks.filter(
        task => task.taskDefinitionArn === run.migratorTaskDefinitionArn
      )
      if (migratorTasks.some(task => task.startedAt)) run.migrationsMayHaveRun = true
      if (!run.migratorTask && migratorTasks.length > 0) run.migratorTask = migratorTasks.at(-1)
    } catch (error) {
      run.warn(`Could not read the stopped tasks: ${errorMessage(error)}`)
    }
  }
  const migrator = run.migratorTask
  if (migrator?.taskArn && run.migrationsMayHaveRun && !run.migrationLog?.errorLine) {
    // The migrator revision logs where the rendered one says: only the environment differs between them.
    const destination = migratorLogDestination(
      run.plan.migratorTaskDefinition,
      run.settings.containerName,
      migrator.taskArn
    )
    if (destination) {
      try {
        const lines = await logs.readStream(destination.group, destination.stream)
        run.migrationLog = migrationLogRecord(destination, lines)
      } catch (error) {
        run.warn(`Could not read the migrator's log: ${errorMessage(error)}`)
      }
    }
  }
}
