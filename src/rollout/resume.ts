import { errorMessage } from '../errors.js'
import type { Task } from '../ports/ecs.js'
import { isServing } from './deployment-verdict.js'
import { migrationLogRecord, migratorLogDestination, type MigrationLogRecord } from './migration-log.js'
import type { RolloutView } from './rollout-run.js'
import { readRolloutTags, type RolloutTags } from './rollout-tags.js'
import { serviceTasks } from './task-inspection.js'
import { revisionOf, taskIdOf } from '../domain/task-arns.js'

/** The bookkeeping tags of the revision the service runs now: a migrator revision means a rollout stopped mid-way. */
export async function readCurrentRevision(run: RolloutView): Promise<RolloutTags> {
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

/** `tasks`: the service's tasks, when they were read (the report shows them). */
export type MigratorCheck = { tasks?: Task[] } & (
  { healthy: true; task: Task; detail: string; log?: MigrationLogRecord } | { healthy: false; reason: string }
)

/** What the earlier run left for this one: whether a migrator must run (again), and what was found. */
export interface Continuation {
  runMigrator: boolean
  resumed?: { from: string; skippedMigrator: boolean }
  /** The earlier run's migrator, when it finished its job: the fleet step follows it. */
  finishedMigrator?: { taskDefinitionArn?: string; task: Task; log?: MigrationLogRecord }
  tasks?: Task[]
}

/**
 * Whether the earlier run's migrator finished its job: the only task of the service, RUNNING and HEALTHY, with a
 * clean migration log. Then the fleet step follows without migrating again; otherwise the migrator runs anew.
 */
export async function checkEarlierMigrator(
  run: RolloutView,
  hasHealthCheck: boolean
): Promise<MigratorCheck> {
  const migratorArn = run.plan.current.taskDefinitionArn
  let tasks: Task[]
  try {
    tasks = await serviceTasks(run.ports.ecs, run.cluster, run.service)
  } catch (error) {
    return { healthy: false, reason: `its tasks could not be read (${errorMessage(error)})` }
  }
  const live = tasks.filter(task => task.lastStatus !== 'STOPPED' && task.desiredStatus !== 'STOPPED')
  const migrators = live.filter(task => task.taskDefinitionArn === migratorArn)
  if (migrators.length !== 1 || live.length !== 1) {
    return {
      tasks,
      healthy: false,
      reason: `the service has ${migrators.length} migrator task(s) and ${live.length - migrators.length} other(s)`
    }
  }
  const [task] = migrators
  if (!isServing(task, hasHealthCheck)) {
    return {
      tasks,
      healthy: false,
      reason: `migrator task ${taskIdOf(task.taskArn)} is ${task.lastStatus}/${task.healthStatus}`
    }
  }
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
      tasks,
      healthy: true,
      task,
      detail: `migrator task ${taskIdOf(task.taskArn)} is HEALTHY (log not checked)`
    }
  }
  let log: MigrationLogRecord
  try {
    const lines = await run.ports.logs.readStream(destination.group, destination.stream)
    log = migrationLogRecord(destination, lines)
    if (log.errorLine)
      return { tasks, healthy: false, reason: `its log shows a failed migration: ${log.errorLine.trim()}` }
    if (lines.length === 0) return { tasks, healthy: false, reason: 'its log stream is empty' }
  } catch (error) {
    return { tasks, healthy: false, reason: `its log could not be read (${errorMessage(error)})` }
  }
  return {
    tasks,
    healthy: true,
    task,
    log,
    detail: `migrator task ${taskIdOf(task.taskArn)} of the earlier run is HEALTHY and its log clean`
  }
}

/**
 * The service runs a migrator revision (the start already took over the earlier run's bookkeeping: see
 * rollout-start.ts); when it migrated to this very version, check its migrator. A migrator must run (again)
 * when the earlier one did not finish, or the plan needs one for another version; otherwise the fleet step
 * follows directly.
 */
export async function continueFromMigratorRevision(
  run: RolloutView,
  revision: RolloutTags,
  hasHealthCheck: boolean
): Promise<Continuation> {
  const current = run.plan.current.taskDefinitionArn
  if (revision.version !== run.plan.target.version) return { runMigrator: run.plan.strategy === 'migrate' }
  const check = await checkEarlierMigrator(run, hasHealthCheck)
  const resumed = {
    from: check.healthy
      ? `resumed: ${check.detail}`
      : `resumed: the earlier run's migrator did not finish (${check.reason}), so it runs again`,
    skippedMigrator: check.healthy
  }
  run.log.info(
    `The service runs the migrator revision ${revisionOf(current)} of an earlier run: ${resumed.from}`
  )
  const tasks = check.tasks ? { tasks: check.tasks } : {}
  if (check.healthy) {
    const { task, log } = check
    return {
      runMigrator: false,
      resumed,
      finishedMigrator: { ...(current ? { taskDefinitionArn: current } : {}), task, ...(log ? { log } : {}) },
      ...tasks
    }
  }
  return { runMigrator: true, resumed, ...tasks }
}
