import { errorMessage } from '../errors.js'
import type { Task } from '../ports/ecs.js'
import { isServing } from './deployment-verdict.js'
import { migrationLogRecord, migratorLogDestination } from './migration-log.js'
import type { RolloutRun } from './rollout-run.js'
import { readRolloutTags, type RolloutTags } from './rollout-tags.js'
import { revisionOf, serviceTasks, taskIdOf } from './task-inspection.js'

/** The bookkeeping tags of the revision the service runs now: a migrator revision means a rollout stopped mid-way. */
export async function readCurrentRevision(run: RolloutRun): Promise<RolloutTags> {
  const arn = run.plan.current.taskDefinitionArn
  if (!arn) return {}
  try {
    const { tags } = await run.ports.ecs.describeTaskDefinition(arn)
    return readRolloutTags(tags)
  } catch (error) {
    run.warn(`Could not read the tags of ${arn}: ${errorMessage(error)}`)
    return {}
  }
}

export type MigratorCheck = { healthy: true; task: Task; detail: string } | { healthy: false; reason: string }

/**
 * Whether the earlier run's migrator finished its job: the only task of the service, RUNNING and HEALTHY, with a
 * clean migration log. Then the fleet step follows without migrating again; otherwise the migrator runs anew.
 */
export async function checkEarlierMigrator(run: RolloutRun, hasHealthCheck: boolean): Promise<MigratorCheck> {
  const migratorArn = run.plan.current.taskDefinitionArn
  let tasks: Task[]
  try {
    tasks = await serviceTasks(run.ports.ecs, run.cluster, run.service)
  } catch (error) {
    return { healthy: false, reason: `its tasks could not be read (${errorMessage(error)})` }
  }
  run.lastTasks = tasks
  const live = tasks.filter(task => task.lastStatus !== 'STOPPED' && task.desiredStatus !== 'STOPPED')
  const migrators = live.filter(task => task.taskDefinitionArn === migratorArn)
  if (migrators.length !== 1 || live.length !== 1) {
    return {
      healthy: false,
      reason: `the service has ${migrators.length} migrator task(s) and ${live.length - migrators.length} other(s)`
    }
  }
  const [task] = migrators
  if (!isServing(task, hasHealthCheck)) {
    return {
      healthy: false,
      reason: `migrator task ${taskIdOf(task.taskArn)} is ${task.lastStatus}/${task.healthStatus}`
    }
  }
  run.migratorTask = task
  const destination = migratorLogDestination(
    run.plan.migratorTaskDefinition,
    run.settings.containerName,
    task.taskArn!
  )
  if (!destination) {
    run.warn(
      "The earlier migrator's log could not be checked (no awslogs configuration): check the migration in your log system."
    )
    return {
      healthy: true,
      task,
      detail: `migrator task ${taskIdOf(task.taskArn)} is HEALTHY (log not checked)`
    }
  }
  try {
    const lines = await run.ports.logs.readStream(destination.group, destination.stream)
    const check = migrationLogRecord(destination, lines)
    run.migrationLog = check
    if (check.errorLine)
      return { healthy: false, reason: `its log shows a failed migration: ${check.errorLine.trim()}` }
    if (lines.length === 0) return { healthy: false, reason: 'its log stream is empty' }
  } catch (error) {
    return { healthy: false, reason: `its log could not be read (${errorMessage(error)})` }
  }
  return {
    healthy: true,
    task,
    detail: `migrator task ${taskIdOf(task.taskArn)} of the earlier run is HEALTHY and its log clean`
  }
}

/**
 * The service runs a migrator revision (the start already took over the earlier run's bookkeeping: see
 * rollout-start.ts); when it migrated to this very version, check its migrator. True when a migrator must run (again): the earlier one did not finish, or the
 * plan needs one for another version; false when the fleet step follows directly.
 */
export async function continueFromMigratorRevision(
  run: RolloutRun,
  revision: RolloutTags,
  hasHealthCheck: boolean
): Promise<boolean> {
  const current = run.plan.current.taskDefinitionArn
  if (current) run.migratorRevisions.add(current)
  if (revision.version !== run.plan.target.version) return run.plan.strategy === 'migrate'
  const check = await checkEarlierMigrator(run, hasHealthCheck)
  run.resumed = {
    from: check.healthy
      ? `resumed: ${check.detail}`
      : `resumed: the earlier run's migrator did not finish (${check.reason}), so it runs again`,
    skippedMigrator: check.healthy
  }
  run.log.info(
    `The service runs the migrator revision ${revisionOf(current)} of an earlier run: ${run.resumed.from}`
  )
  if (check.healthy) {
    run.migratorTaskDefinitionArn = current
    return false
  }
  run.migratorTask = undefined
  run.migrationLog = undefined
  return true
}
