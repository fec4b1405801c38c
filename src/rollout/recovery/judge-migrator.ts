import { errorMessage } from '../../errors.js'
import type { Task } from '../../ports/ecs.js'
import { migratorLogDestination } from '../migration-log.js'
import type { MigratorEvidence } from '../../domain/migrator-evidence.js'
import { classifyMigrator, type MigratorTaskFacts } from '../migrator-evidence.js'
import type { RolloutView } from '../rollout-run.js'
import { serviceTasks, stoppedServiceTasks } from '../task-inspection.js'
import { taskIdOf } from '../../domain/task-arns.js'

/** How long the stopped migrator gets to leave (its desired count is already 0). */
const STOP_WAIT_MS = 60_000
const POLL_MS = 2000
/** CloudWatch Logs shows an event a few seconds after the container wrote it: the last lines come late. */
const LOG_SETTLE_MS = 5000
/** A circuit breaker trips after 3 failed migrators; more than this many is not worth reading. */
const MAX_TASKS_READ = 10

/**
 * Reads what every migrator task of the failed migrator deployment did, once none is left running (the caller
 * has set the desired count to 0, so no new one starts), and classifies it. Reads only; never throws: a read
 * that fails leaves that task's log unknown, and unknown is treated as "may have run".
 */
export async function judgeFailedMigrator(run: RolloutView): Promise<MigratorEvidence> {
  const migrator = run.migratorTaskDefinitionArn
  if (!migrator) return classifyMigrator([])
  try {
    const tasks = await settledMigratorTasks(run, migrator)
    const facts: MigratorTaskFacts[] = []
    for (const task of tasks.slice(0, MAX_TASKS_READ)) facts.push(await factsOf(run, task))
    const evidence = classifyMigrator(facts)
    if (tasks.length > MAX_TASKS_READ && evidence.verdict === 'schema-untouched') {
      return {
        ...evidence,
        verdict: 'unknown',
        reason: `${tasks.length} migrator tasks ran; only ${MAX_TASKS_READ} were read`
      }
    }
    return evidence
  } catch (error) {
    run.warn(`Could not read what the migrator did: ${errorMessage(error)}`)
    return { verdict: 'unknown', reason: 'the migrator tasks could not be read', tasks: [] }
  }
}

/** The migrator tasks of this rollout's deployment, after waiting (bounded) for the running ones to stop. */
async function settledMigratorTasks(run: RolloutView, migrator: string): Promise<Task[]> {
  const { ecs, clock } = run.ports
  const ours = (task: Task): boolean =>
    task.taskDefinitionArn === migrator &&
    (!run.failedDeploymentId || !task.startedBy || task.startedBy === run.failedDeploymentId)
  const until = Math.min(run.now() + STOP_WAIT_MS, run.recoveryDeadline())
  for (;;) {
    // A stopping task is listed under desired status STOPPED before its last status is.
    const [running, stopped] = await Promise.all([
      serviceTasks(ecs, run.cluster, run.service),
      stoppedServiceTasks(ecs, run.cluster, run.service)
    ])
    const byArn = new Map<string, Task>()
    for (const task of [...running, ...stopped].filter(ours)) if (task.taskArn) byArn.set(task.taskArn, task)
    const tasks = [...byArn.values()]
    if (tasks.every(task => task.lastStatus === 'STOPPED') || run.now() >= until) return tasks
    await clock.sleep(POLL_MS)
  }
}

async function factsOf(run: RolloutView, task: Task): Promise<MigratorTaskFacts> {
  const containerName = run.settings.containerName
  const container = task.containers?.find(candidate => candidate.name === containerName)
  const reachedRunning = Boolean(task.startedAt) || task.lastStatus === 'RUNNING'
  const facts: MigratorTaskFacts = {
    taskId: taskIdOf(task.taskArn),
    reachedRunning,
    stopped: task.lastStatus === 'STOPPED',
    ...(task.stopCode ? { stopCode: task.stopCode } : {}),
    ...(container?.exitCode !== undefined ? { exitCode: container.exitCode } : {}),
    ...(task.startedAt ? { startedAt: task.startedAt.getTime() } : {}),
    ...(task.stoppedAt ? { stoppedAt: task.stoppedAt.getTime() } : {})
  }
  if (!reachedRunning || !task.taskArn) return facts
  const destination = migratorLogDestination(run.plan.migratorTaskDefinition, containerName, task.taskArn)
  if (!destination) return facts
  const wait = (task.stoppedAt?.getTime() ?? run.now()) + LOG_SETTLE_MS - run.now()
  if (wait > 0) await run.ports.clock.sleep(Math.min(wait, LOG_SETTLE_MS))
  try {
    const lines = await run.ports.logs.readStream(destination.group, destination.stream)
    return { ...facts, logLines: lines.map(line => line.message) }
  } catch (error) {
    run.log.debug(`Reading ${destination.group}/${destination.stream}: ${errorMessage(error)}`)
    return facts
  }
}
