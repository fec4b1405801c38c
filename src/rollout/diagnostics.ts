import { errorMessage } from '../errors.js'
import type { Service, Task } from '../ports/ecs.js'
import { migrationLogRecord, migratorLogDestination, type MigrationLogRecord } from './migration-log.js'
import type { RolloutView } from './rollout-run.js'
import { serviceTasks, stoppedServiceTasks } from './task-inspection.js'

/** What was read at the failure; a field is absent when it was not read (or there was nothing to read). */
export interface Diagnostics {
  service?: Service
  tasks?: Task[]
  /** Stopped tasks of the failed deployment. */
  stoppedTasks?: Task[]
  /** The migrator task, when the run had not seen one yet and a stopped one was found. */
  migratorTask?: Task
  migrationLog?: MigrationLogRecord
  /** A stopped migrator task of the failed deployment had started: migrations may have run. */
  migratorStarted: boolean
}

/**
 * What a person needs to see why the rollout failed, read once at the failure: the service's tasks now, the
 * stopped tasks of the failed deployment (stopCode, stoppedReason, exit codes), and the migrator's log. Also
 * settles whether the migrator ever reached RUNNING (a task that started and exited between two polls).
 * Best effort: a read that fails becomes a warning, never a second failure.
 */
export async function collectDiagnostics(run: RolloutView): Promise<Diagnostics> {
  const { ecs, logs } = run.ports
  const found: Diagnostics = { migratorStarted: false }
  try {
    const service = await ecs.describeService(run.cluster, run.service)
    if (service) found.service = service
    found.tasks = await serviceTasks(ecs, run.cluster, run.service)
  } catch (error) {
    run.warn(`Could not read the service's tasks for the report: ${errorMessage(error)}`)
  }
  const deploymentId = run.failedDeploymentId
  if (deploymentId) {
    try {
      const stopped = await stoppedServiceTasks(ecs, run.cluster, run.service)
      const ours = new Set([run.fleetTaskDefinitionArn, run.migratorTaskDefinitionArn].filter(Boolean))
      found.stoppedTasks = stopped.filter(task =>
        task.startedBy ? task.startedBy === deploymentId : ours.has(task.taskDefinitionArn)
      )
      const migratorTasks = found.stoppedTasks.filter(
        task => task.taskDefinitionArn === run.migratorTaskDefinitionArn
      )
      found.migratorStarted = migratorTasks.some(task => task.startedAt)
      if (!run.migratorTask && migratorTasks.length > 0) found.migratorTask = migratorTasks.at(-1)
    } catch (error) {
      run.warn(`Could not read the stopped tasks: ${errorMessage(error)}`)
    }
  }
  const migrator = found.migratorTask ?? run.migratorTask
  const mayHaveRun = run.migrationsMayHaveRun || found.migratorStarted
  if (migrator?.taskArn && mayHaveRun && !run.migrationLog?.errorLine) {
    // The migrator revision logs where the rendered one says: only the environment differs between them.
    const destination = migratorLogDestination(
      run.plan.migratorTaskDefinition,
      run.settings.containerName,
      migrator.taskArn
    )
    if (destination) {
      try {
        const lines = await logs.readStream(destination.group, destination.stream)
        found.migrationLog = migrationLogRecord(destination, lines)
      } catch (error) {
        run.warn(`Could not read the migrator's log: ${errorMessage(error)}`)
      }
    }
  }
  return found
}
